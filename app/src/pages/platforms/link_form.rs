//! The link form (`/platforms/:id/link`): how long the link works, who may authorize (any
//! account, accounts of some types, or one account) and which permission sets to ask for.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use super::link::PlatformCrumb;
use crate::api::links::{CreateLink, LINK_LIFETIMES_HOURS, get_func_scopes};
use crate::api::shared::FuncScopeInfo;
use crate::components::card::Card;
use crate::components::func_picker::FuncScopePicker;
use crate::components::loaded::Loaded;
use crate::components::notice::ErrorNotice;
use crate::components::role::IfAllowed;
use crate::components::route::route_id;
use crate::i18n::{Text, tr, use_i18n};
use console_types::{AccountTypes, LinkTarget, Permission, PlatformId};

/// The link form: PC or H5; any account, an account type or one account; permission sets.
#[component]
pub fn LinkFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id::<PlatformId>("id");
    let scopes = Resource::new_blocking(|| (), |_| get_func_scopes());
    view! {
        <Title text=i18n.t(tr::LINK_FORM_TITLE) />
        <div class="page-header">
            <div>
                {move || view! { <PlatformCrumb id=id.get() /> }}
                <h1>{i18n.t(tr::LINK_FORM_TITLE)}</h1>
            </div>
        </div>
        <Card>
            <p class="muted">{i18n.t(tr::LINK_FORM_INTRO)}</p>
            <IfAllowed
                perm=Permission::Operate
                otherwise=move || view! { <div class="notice notice-warn">{i18n.t(tr::NO_PERMISSION_TO_ACT)}</div> }
            >
                <Loaded
                    resource=scopes
                    view=move |scopes| view! { <LinkForm platform_id=id.get_untracked() scopes /> }.into_any()
                />
            </IfAllowed>
        </Card>
    }
}

#[component]
fn LinkForm(platform_id: PlatformId, scopes: Vec<FuncScopeInfo>) -> impl IntoView {
    let i18n = use_i18n();
    // The radio choice ("any", "type", "biz"), and the values of the last two.
    let choice = RwSignal::new("any");
    let accounts = RwSignal::new(AccountTypes::OfficialAccounts);
    let biz_appid = RwSignal::new(String::new());
    let valid_hours = RwSignal::new(7 * 24u32);
    let single_use = RwSignal::new(false);
    let funcs = RwSignal::new(BTreeSet::<u32>::new());
    let create = ServerAction::<CreateLink>::new();
    let pending = create.pending();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(link)) = create.value().get() {
            navigate(
                &format!("/platforms/{}/links/{}", link.platform_id, link.id),
                Default::default(),
            );
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let target = match choice.get_untracked() {
            "type" => LinkTarget::Type {
                accounts: accounts.get_untracked(),
            },
            "biz" => LinkTarget::Account {
                appid: biz_appid.get_untracked().trim().to_string(),
            },
            _ => LinkTarget::Any,
        };
        create.dispatch(CreateLink {
            platform_id,
            target,
            funcs: funcs.get_untracked().into_iter().collect(),
            valid_hours: Some(valid_hours.get_untracked()),
            single_use: single_use.get_untracked(),
        });
    };
    let radio = move |signal: RwSignal<&'static str>,
                      name: &'static str,
                      value: &'static str,
                      label: Text| {
        view! {
            <label class="check">
                <input
                    type="radio"
                    name=name
                    value=value
                    prop:checked=move || signal.get() == value
                    on:change=move |_| signal.set(value)
                    data-testid=format!("{name}-{value}")
                />
                <span>{i18n.t(label)}</span>
            </label>
        }
    };
    view! {
        <form class="form" on:submit=on_submit data-testid="link-form">
            <div class="field">
                <label for="link-valid-hours">{i18n.t(tr::LINK_VALIDITY)}</label>
                <select
                    id="link-valid-hours"
                    prop:value=move || valid_hours.get().to_string()
                    on:change=move |ev| {
                        if let Ok(h) = event_target_value(&ev).parse() {
                            valid_hours.set(h);
                        }
                    }
                    data-testid="link-valid-hours"
                >
                    {LINK_LIFETIMES_HOURS
                        .into_iter()
                        .zip([tr::VALID_1H, tr::VALID_1D, tr::VALID_7D, tr::VALID_30D])
                        .map(|(h, label)| view! { <option value=h.to_string()>{i18n.t(label)}</option> })
                        .collect_view()}
                </select>
                <small>{i18n.t(tr::LINK_VALIDITY_HINT)}</small>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || single_use.get()
                        on:change=move |ev| single_use.set(event_target_checked(&ev))
                        data-testid="link-single-use"
                    />
                    <span>{i18n.t(tr::LINK_SINGLE_USE)}</span>
                </label>
            </div>
            <fieldset>
                <legend>{i18n.t(tr::LINK_TARGET)}</legend>
                {radio(choice, "target", "any", tr::TARGET_ANY)}
                <div class="check-row">
                    {radio(choice, "target", "type", tr::TARGET_TYPE)}
                    <select
                        disabled=move || choice.get() != "type"
                        prop:value=move || accounts.get().code().to_string()
                        on:change=move |ev| {
                            let picked = event_target_value(&ev).parse().ok().and_then(AccountTypes::from_code);
                            if let Some(t) = picked {
                                accounts.set(t);
                            }
                        }
                        data-testid="auth-type"
                        aria-label=i18n.t(tr::TARGET_TYPE)
                    >
                        {AccountTypes::ALL
                            .into_iter()
                            .map(|t| view! { <option value=t.code().to_string()>{i18n.t(account_types_label(t))}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="check-row">
                    {radio(choice, "target", "biz", tr::TARGET_BIZ)}
                    <input
                        type="text"
                        class="mono"
                        maxlength="18"
                        aria-label=i18n.t(tr::BIZ_APPID_LABEL)
                        disabled=move || choice.get() != "biz"
                        prop:value=move || biz_appid.get()
                        on:input=move |ev| biz_appid.set(event_target_value(&ev))
                        placeholder=i18n.t(tr::BIZ_APPID_PLACEHOLDER)
                        data-testid="biz-appid"
                    />
                </div>
                <small class="muted">{i18n.t(tr::TARGET_HINT)}</small>
            </fieldset>
            <div class="field">
                <span>{i18n.t(tr::LINK_FUNCS)}</span>
                <small>{i18n.t(tr::LINK_FUNCS_HINT)}</small>
            </div>
            <FuncScopePicker scopes selected=funcs />
            {move || match create.value().get() {
                Some(Err(error)) => Some(view! { <ErrorNotice error /> }),
                _ => None,
            }}
            <div>
                <button type="submit" class="btn btn-primary" disabled=pending data-testid="link-submit">
                    {move || if pending.get() { i18n.now(tr::LINK_CREATING) } else { i18n.now(tr::LINK_CREATE) }}
                </button>
            </div>
        </form>
    }
}

/// The label of an `auth_type` choice.
fn account_types_label(t: AccountTypes) -> Text {
    match t {
        AccountTypes::OfficialAccounts => tr::AUTH_TYPE_1,
        AccountTypes::MiniPrograms => tr::AUTH_TYPE_2,
        AccountTypes::Both => tr::AUTH_TYPE_3,
        AccountTypes::All => tr::AUTH_TYPE_6,
    }
}
