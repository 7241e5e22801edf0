//! Authorization links: the form (`/platforms/:id/link`), one link followed live
//! (`/platforms/:id/links/:link_id`, with every authorization made through it), and the
//! platform's recent links. A link is a page on this console (`/authorize/{token}`), never
//! WeChat's URL (reference B16).

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::detail::route_id;
use crate::api::links::{
    CreateLink, LINK_LIFETIMES_HOURS, LinkInfo, LinkState, RevokeLink, get_func_scopes, get_link,
    list_links,
};
use crate::api::platforms::get_platform;
use crate::api::shared::{FuncScopeInfo, ScopeKind};
use crate::components::avatar::Avatar;
use crate::components::badges::BiText;
use crate::components::copy::CopyField;
use crate::components::loaded::Loaded;
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::poll::poll;
use crate::components::role::CurrentRole;
use crate::components::table::DataTable;
use crate::i18n::{Locale, Text, tr, use_i18n};

/// How often a pending link is re-read.
const LINK_EVERY: Duration = Duration::from_secs(2);

/// The platform's name above a link page, linking back to it.
#[component]
fn PlatformCrumb(id: i64) -> impl IntoView {
    let platform = Resource::new_blocking(move || id, get_platform);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                platform
                    .await
                    .ok()
                    .map(|p| {
                        view! {
                            <A href=format!("/platforms/{id}") attr:class="back-link">
                                "← "
                                {p.summary.name}
                            </A>
                        }
                    })
            })}
        </Suspense>
    }
}

/// The link form: PC or H5; any account, an account type or one account; permission sets.
#[component]
pub fn LinkFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id("id");
    let role = CurrentRole::new();
    let scopes = Resource::new_blocking(|| (), |_| get_func_scopes());
    view! {
        <Title text=i18n.t(tr::LINK_FORM_TITLE) />
        <div class="page-header">
            <div>
                {move || view! { <PlatformCrumb id=id.get() /> }}
                <h1>{i18n.t(tr::LINK_FORM_TITLE)}</h1>
            </div>
        </div>
        <section class="card">
            <p class="muted">{i18n.t(tr::LINK_FORM_INTRO)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    if !role.can_operate().await {
                        return view! {
                            <div class="notice notice-warn">{i18n.t(tr::NO_PERMISSION_TO_ACT)}</div>
                        }
                            .into_any();
                    }
                    match scopes.await {
                        Ok(scopes) => view! { <LinkForm platform_id=id.get_untracked() scopes /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LinkForm(platform_id: i64, scopes: Vec<FuncScopeInfo>) -> impl IntoView {
    let i18n = use_i18n();
    let target = RwSignal::new("any");
    let valid_hours = RwSignal::new(7 * 24u32);
    let single_use = RwSignal::new(false);
    let auth_type = RwSignal::new("1".to_string());
    let biz_appid = RwSignal::new(String::new());
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
        let t = target.get_untracked();
        create.dispatch(CreateLink {
            platform_id,
            valid_hours: Some(valid_hours.get_untracked()),
            single_use: Some(single_use.get_untracked()),
            target: t.to_string(),
            auth_type: (t == "type").then(|| auth_type.get_untracked()),
            biz_appid: (t == "biz").then(|| biz_appid.get_untracked()),
            funcs: Some(
                funcs
                    .get_untracked()
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
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
    let current: Vec<FuncScopeInfo> = scopes.into_iter().filter(|s| !s.legacy).collect();
    let group = move |kind: ScopeKind, title: Text| {
        let items: Vec<FuncScopeInfo> =
            current.iter().filter(|s| s.kind == kind).cloned().collect();
        (!items.is_empty()).then(|| {
            view! {
                <fieldset class="func-group">
                    <legend>{i18n.t(title)}</legend>
                    <div class="func-grid">
                        {items
                            .into_iter()
                            .map(|s| {
                                let id = s.id;
                                let exclusive = s.exclusive;
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            value=id
                                            prop:checked=move || funcs.with(|f| f.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                funcs.update(|f| {
                                                    if on { f.insert(id); } else { f.remove(&id); }
                                                });
                                            }
                                            data-testid=format!("func-{id}")
                                        />
                                        <span>
                                            {move || s.name(i18n.locale()).to_string()}
                                            <span class="muted">" #" {id}</span>
                                            {exclusive
                                                .then(|| view! { <span class="badge badge-warn">{i18n.t(tr::EXCLUSIVE)}</span> })}
                                        </span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            }
        })
    };
    let oa = group(ScopeKind::OfficialAccount, tr::FUNCS_OA);
    let mp = group(ScopeKind::MiniProgram, tr::FUNCS_MP);
    let both = group(ScopeKind::Both, tr::FUNCS_BOTH);
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
                {radio(target, "target", "any", tr::TARGET_ANY)}
                <div class="check-row">
                    {radio(target, "target", "type", tr::TARGET_TYPE)}
                    <select
                        disabled=move || target.get() != "type"
                        prop:value=move || auth_type.get()
                        on:change=move |ev| auth_type.set(event_target_value(&ev))
                        data-testid="auth-type"
                        aria-label=i18n.t(tr::TARGET_TYPE)
                    >
                        {[("1", tr::AUTH_TYPE_1), ("2", tr::AUTH_TYPE_2), ("3", tr::AUTH_TYPE_3), ("6", tr::AUTH_TYPE_6)]
                            .into_iter()
                            .map(|(v, label)| view! { <option value=v>{i18n.t(label)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="check-row">
                    {radio(target, "target", "biz", tr::TARGET_BIZ)}
                    <input
                        type="text"
                        class="mono"
                        maxlength="18"
                        aria-label=i18n.t(tr::BIZ_APPID_LABEL)
                        disabled=move || target.get() != "biz"
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
            {oa}
            {mp}
            {both}
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

/// One link, followed live while it can be used.
#[component]
pub fn LinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let platform_id = route_id("id");
    let link_id = route_id("link_id");
    let role = CurrentRole::new();
    let revoke = ServerAction::<RevokeLink>::new();
    let tick = RwSignal::new(0u64);
    let link = Resource::new_blocking(
        move || (link_id.get(), tick.get(), revoke.version().get()),
        |(id, ..)| get_link(id),
    );
    poll(LINK_EVERY, move || {
        if matches!(link.get_untracked(), Some(Ok(l)) if l.state == LinkState::Active) {
            tick.update(|t| *t += 1);
        }
    });
    view! {
        <Title text=i18n.t(tr::LINK_TITLE) />
        <div class="page-header">
            <div>
                {move || view! { <PlatformCrumb id=platform_id.get() /> }}
                <h1>{i18n.t(tr::LINK_TITLE)}</h1>
            </div>
            <div class="page-actions">
                <A href=move || format!("/platforms/{}/link", platform_id.get()) attr:class="btn">
                    {i18n.t(tr::LINK_ANOTHER)}
                </A>
            </div>
        </div>
        <Loaded resource=link view=move |l| view! { <LinkView l role revoke /> }.into_any() />
    }
}

/// The label and badge class of a link's state.
fn state_badge(state: LinkState) -> (Text, &'static str) {
    match state {
        LinkState::Active => (tr::LINK_ACTIVE, "badge"),
        LinkState::Expired => (tr::LINK_EXPIRED, "badge badge-muted"),
        LinkState::Revoked => (tr::LINK_REVOKED, "badge badge-muted"),
        LinkState::UsedUp => (tr::LINK_USED_UP, "badge badge-info"),
        LinkState::Legacy => (tr::LINK_LEGACY, "badge badge-muted"),
    }
}

#[component]
fn LinkView(l: LinkInfo, role: CurrentRole, revoke: ServerAction<RevokeLink>) -> impl IntoView {
    let i18n = use_i18n();
    let (notice, class) = match l.state {
        LinkState::Active => (tr::LINK_ACTIVE_TEXT, "notice notice-ok link-status"),
        LinkState::Expired => (tr::LINK_EXPIRED_TEXT, "notice notice-warn link-status"),
        LinkState::Revoked => (tr::LINK_REVOKED_TEXT, "notice notice-warn link-status"),
        LinkState::UsedUp => (tr::LINK_USED_UP_TEXT, "notice notice-info link-status"),
        LinkState::Legacy => (tr::LINK_LEGACY_TEXT, "notice notice-info link-status"),
    };
    let active = l.state == LinkState::Active;
    let qr = l.qr_svg.clone();
    let id = l.id;
    let confirming = RwSignal::new(false);
    view! {
        <div class=class data-testid="link-status" data-state=l.state.code()>
            {i18n.t(notice)}
        </div>
        <section class="card">
            <div class="link-layout">
                <div class="link-main">
                    {(!l.url.is_empty())
                        .then(|| {
                            view! { <CopyField label=tr::LINK_URL value=l.url.clone() testid="link-url" /> }
                        })}
                    <dl class="facts">
                        <dt>{i18n.t(tr::LINK_EXPIRES)}</dt>
                        <dd data-testid="link-expires">
                            {l.expires_at.clone()}
                            " "
                            <span class="muted"><BiText text=l.expires_in.clone() /></span>
                        </dd>
                        <dt>{i18n.t(tr::LINK_TARGET_LABEL)}</dt>
                        <dd data-testid="link-target"><BiText text=l.target.clone() /></dd>
                        <dt>{i18n.t(tr::LINK_USE)}</dt>
                        <dd data-testid="link-use">
                            {i18n.t(if l.single_use { tr::LINK_USE_SINGLE } else { tr::LINK_USE_MULTI })}
                        </dd>
                        <dt>{i18n.t(tr::LINK_CLICKS)}</dt>
                        <dd data-testid="link-clicks">{l.clicks}</dd>
                        <dt>{i18n.t(tr::LINK_FUNCS)}</dt>
                        <dd>
                            {if l.func_names.is_empty() {
                                view! { <span class="muted">{i18n.t(tr::LINK_ALL_FUNCS)}</span> }.into_any()
                            } else {
                                view! {
                                    <span class="badges">
                                        {l.func_names
                                            .clone()
                                            .into_iter()
                                            .map(|n| view! { <span class="badge badge-info"><BiText text=n /></span> })
                                            .collect_view()}
                                    </span>
                                }
                                    .into_any()
                            }}
                        </dd>
                    </dl>
                    {active
                        .then(|| {
                            view! {
                                <p class="muted" data-testid="link-note">{i18n.t(tr::LINK_NOTE)}</p>
                                <p class="muted small">{i18n.t(tr::LINK_UNPUBLISHED_HINT)}</p>
                            }
                        })}
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            (active && role.can_operate().await)
                                .then(|| {
                                    view! {
                                        <div class="inline-actions">
                                            <Show
                                                when=move || confirming.get()
                                                fallback=move || {
                                                    view! {
                                                        <button
                                                            type="button"
                                                            class="btn btn-danger"
                                                            on:click=move |_| confirming.set(true)
                                                            data-testid="link-revoke"
                                                        >
                                                            {i18n.t(tr::LINK_REVOKE)}
                                                        </button>
                                                    }
                                                }
                                            >
                                                <span role="alert">{i18n.t(tr::LINK_REVOKE_CONFIRM)}</span>
                                                " "
                                                <button
                                                    type="button"
                                                    class="btn btn-danger"
                                                    disabled=revoke.pending()
                                                    on:click=move |_| {
                                                        revoke.dispatch(RevokeLink { id });
                                                    }
                                                    data-testid="link-revoke-confirm"
                                                >
                                                    {i18n.t(tr::LINK_REVOKE)}
                                                </button>
                                                " "
                                                <button type="button" class="btn" on:click=move |_| confirming.set(false)>
                                                    {i18n.t(tr::CANCEL)}
                                                </button>
                                            </Show>
                                        </div>
                                    }
                                })
                        })}
                    </Suspense>
                </div>
                {(active && !qr.is_empty())
                    .then(|| {
                        view! {
                            <div class="link-qr">
                                <div class="qr" inner_html=qr data-testid="link-qr" role="img" aria-label=i18n.t(tr::LINK_QR)></div>
                                <small class="muted">{i18n.t(tr::LINK_QR)}</small>
                            </div>
                        }
                    })}
            </div>
        </section>
        <section class="card" data-testid="link-authorizations">
            <h2>{i18n.t(tr::LINK_AUTHORIZATIONS)}</h2>
            {if l.authorizations.is_empty() {
                view! { <p class="empty">{i18n.t(tr::LINK_NO_AUTHORIZATIONS)}</p> }.into_any()
            } else {
                view! {
                    <DataTable headers=&[tr::COL_TIME, tr::COL_AUTHORIZER, tr::COL_RESULT, tr::LINK_NOT_GRANTED]>
                        {l.authorizations
                            .clone()
                            .into_iter()
                            .map(|a| {
                                let appid = a.appid.clone();
                                view! {
                                    <tr data-testid="link-authorization" data-appid=a.appid.clone()>
                                        <td>{a.at.clone()}</td>
                                        <td>
                                            <span class="cell-avatar">
                                                <Avatar src=a.head_img.clone() name=a.nick_name.clone() />
                                                {match a.authorizer_id {
                                                    Some(aid) => view! {
                                                        <A href=format!("/authorizers/{aid}") attr:data-testid="link-authorizer-name">
                                                            {a.nick_name.clone()}
                                                        </A>
                                                    }
                                                    .into_any(),
                                                    None => view! { <span data-testid="link-authorizer-name">{a.nick_name.clone()}</span> }.into_any(),
                                                }}
                                                <span class="muted mono">{move || in_parens(i18n.locale(), &appid)}</span>
                                            </span>
                                        </td>
                                        <td>
                                            {if a.updated {
                                                view! { <span class="badge badge-info" data-testid="link-updated">{i18n.t(tr::LINK_UPDATED)}</span> }.into_any()
                                            } else {
                                                view! { <span class="badge">{i18n.t(tr::LINK_FIRST)}</span> }.into_any()
                                            }}
                                        </td>
                                        <td data-testid="link-not-granted">
                                            {a.not_granted
                                                .iter()
                                                .cloned()
                                                .map(|(name, exclusive)| {
                                                    view! {
                                                        <span class="badge badge-warn" title=move || if exclusive { i18n.now(tr::LINK_NOT_GRANTED_EXCLUSIVE).to_string() } else { String::new() }>
                                                            <BiText text=name />
                                                            {exclusive.then(|| view! { " · " {i18n.t(tr::EXCLUSIVE)} })}
                                                        </span>
                                                    }
                                                })
                                                .collect_view()}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </DataTable>
                }
                    .into_any()
            }}
        </section>
        <ActionError result=Signal::derive(move || revoke.value().get().map(|r| r.map(|_| ()))) />
    }
}

/// "（appid）" or " (appid)".
fn in_parens(locale: Locale, s: &str) -> String {
    match locale {
        Locale::Zh => format!("（{s}）"),
        Locale::En => format!(" ({s})"),
    }
}

/// The platform's latest links and their outcome.
#[component]
pub fn RecentLinks(platform_id: i64, role: CurrentRole) -> impl IntoView {
    let i18n = use_i18n();
    let links = Resource::new_blocking(move || platform_id, list_links);
    view! {
        <section class="card" data-testid="recent-links">
            <div class="card-header">
                <h2>{i18n.t(tr::LINKS_TITLE)}</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        role.can_operate()
                            .await
                            .then(|| {
                                view! {
                                    <A href=format!("/platforms/{platform_id}/link") attr:class="btn btn-small">
                                        {i18n.t(tr::LINK_NEW)}
                                    </A>
                                }
                            })
                    })}
                </Suspense>
            </div>
            <Loaded
                resource=links
                view={move |list: Vec<LinkInfo>| {
                    if list.is_empty() {
                        view! { <p class="empty">{i18n.t(tr::LINKS_EMPTY)}</p> }.into_any()
                    } else {
                        view! { <LinksTable list /> }.into_any()
                    }
                }}
            />
        </section>
    }
}

#[component]
fn LinksTable(list: Vec<LinkInfo>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable headers=&[tr::COL_CREATED, tr::COL_VALID_UNTIL, tr::COL_STATE, tr::COL_LINK_AUTHORIZATIONS]>
            {list
                .into_iter()
                .map(|l| {
                    let href = format!("/platforms/{}/links/{}", l.platform_id, l.id);
                    let (label, class) = state_badge(l.state);
                    let names = l
                        .authorizations
                        .iter()
                        .map(|a| a.nick_name.clone())
                        .collect::<Vec<_>>()
                        .join("、");
                    view! {
                        <tr data-testid="link-row" data-state=l.state.code()>
                            <td>
                                <A href=href>{l.created_at}</A>
                            </td>
                            <td>{l.expires_at}</td>
                            <td>
                                <span class=class>{i18n.t(label)}</span>
                            </td>
                            <td data-testid="link-row-authorizations">{names}</td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
