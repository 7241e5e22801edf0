//! Authorization links: the form (`/platforms/:id/link`), one link followed live
//! (`/platforms/:id/links/:link_id`), and the platform's recent links.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::detail::route_id;
use crate::api::links::{
    CreateLink, LinkInfo, LinkKindName, LinkState, get_func_scopes, get_link, list_links,
};
use crate::api::platforms::get_platform;
use crate::api::shared::{FuncScopeInfo, ScopeKind};
use crate::components::avatar::Avatar;
use crate::components::badges::BiText;
use crate::components::copy::CopyField;
use crate::components::loaded::Loaded;
use crate::components::notice::ErrorNotice;
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
    let kind = RwSignal::new("pc");
    let target = RwSignal::new("any");
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
            kind: kind.get_untracked().to_string(),
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
            <fieldset>
                <legend>{i18n.t(tr::LINK_KIND)}</legend>
                {radio(kind, "kind", "pc", tr::LINK_KIND_PC)}
                {radio(kind, "kind", "h5", tr::LINK_KIND_H5)}
            </fieldset>
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

/// "（appid）" or " (appid)".
fn in_parens(locale: Locale, s: &str) -> String {
    match locale {
        Locale::Zh => format!("（{s}）"),
        Locale::En => format!(" ({s})"),
    }
}

/// One link, followed live while the merchant authorizes.
#[component]
pub fn LinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let platform_id = route_id("id");
    let link_id = route_id("link_id");
    let tick = RwSignal::new(0u64);
    let link = Resource::new_blocking(move || (link_id.get(), tick.get()), |(id, _)| get_link(id));
    poll(LINK_EVERY, move || {
        if matches!(link.get_untracked(), Some(Ok(l)) if l.state == LinkState::Pending) {
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
        <Loaded resource=link view=|l| view! { <LinkView l /> }.into_any() />
    }
}

#[component]
fn LinkView(l: LinkInfo) -> impl IntoView {
    let i18n = use_i18n();
    let state = match l.state {
        LinkState::Pending => "pending",
        LinkState::Expired => "expired",
        LinkState::Authorized => "authorized",
    };
    let status = match (l.state, l.authorizer.clone()) {
        (LinkState::Authorized, Some(a)) => {
            let appid = a.appid.clone();
            view! {
                <div class="notice notice-ok link-status" data-testid="link-status" data-state=state>
                    <Avatar src=a.head_img.clone() name=a.nick_name.clone() />
                    <span>
                        {i18n.t(tr::LINK_AUTHORIZED_PREFIX)}
                        <strong data-testid="link-authorizer-name">{a.nick_name.clone()}</strong>
                        {move || in_parens(i18n.locale(), &appid)}
                    </span>
                    {a.updated
                        .then(|| view! { <span class="badge badge-info" data-testid="link-updated">{i18n.t(tr::LINK_UPDATED)}</span> })}
                    {a.authorizer_id
                        .map(|id| {
                            view! {
                                <A href=format!("/authorizers/{id}") attr:class="btn btn-small" attr:data-testid="link-authorizer">
                                    {i18n.t(tr::LINK_VIEW_AUTHORIZER)}
                                </A>
                            }
                        })}
                </div>
            }
                .into_any()
        }
        (LinkState::Expired, _) => view! {
            <div class="notice notice-warn link-status" data-testid="link-status" data-state=state>
                <strong>{i18n.t(tr::LINK_EXPIRED_TEXT)}</strong>
                " "
                {i18n.t(tr::LINK_EXPIRED_HINT)}
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="notice notice-info link-status" data-testid="link-status" data-state=state>
                <span class="spinner" aria-hidden="true"></span>
                {i18n.t(tr::LINK_WAITING)}
            </div>
        }
        .into_any(),
    };
    let note = match l.kind {
        LinkKindName::Pc => tr::LINK_PC_NOTE,
        LinkKindName::H5 => tr::LINK_H5_NOTE,
    };
    let kind_label = match l.kind {
        LinkKindName::Pc => tr::LINK_KIND_PC,
        LinkKindName::H5 => tr::LINK_KIND_H5,
    };
    let pending = l.state == LinkState::Pending;
    let qr = l.qr_svg.clone();
    view! {
        {status}
        <section class="card">
            <div class="link-layout">
                <div class="link-main">
                    <dl class="facts">
                        <dt>{i18n.t(tr::LINK_KIND)}</dt>
                        <dd data-testid="link-kind">{i18n.t(kind_label)}</dd>
                        <dt>{i18n.t(tr::LINK_EXPIRES)}</dt>
                        <dd data-testid="link-expires">
                            {l.expires_at.clone()}
                            " "
                            <span class="muted"><BiText text=l.expires_in.clone() /></span>
                        </dd>
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
                    <div class="field">
                        <span>{i18n.t(tr::LINK_URL)}</span>
                        <CopyField value=l.url.clone() testid="link-url" />
                    </div>
                    <p class=if l.kind == LinkKindName::H5 { "notice notice-warn" } else { "muted" } data-testid="link-note">
                        {i18n.t(note)}
                    </p>
                </div>
                {(pending && !qr.is_empty())
                    .then(|| {
                        view! {
                            <div class="link-qr">
                                <div class="qr" inner_html=qr data-testid="link-qr"></div>
                                <small class="muted">{i18n.t(tr::LINK_QR)}</small>
                            </div>
                        }
                    })}
            </div>
        </section>
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
        <DataTable headers=&[tr::COL_CREATED, tr::COL_KIND, tr::COL_RESULT, tr::COL_AUTHORIZER]>
                    {list
                        .into_iter()
                        .map(|l| {
                            let href = format!("/platforms/{}/links/{}", l.platform_id, l.id);
                            let (label, class) = match l.state {
                                LinkState::Pending => (tr::LINK_PENDING, "badge badge-info"),
                                LinkState::Expired => (tr::LINK_EXPIRED, "badge badge-muted"),
                                LinkState::Authorized => (tr::LINK_AUTHORIZED, "badge"),
                            };
                            view! {
                                <tr data-testid="link-row">
                                    <td>
                                        <A href=href>{l.created_at}</A>
                                    </td>
                                    <td>{if l.kind == LinkKindName::Pc { "PC" } else { "H5" }}</td>
                                    <td>
                                        <span class=class>{i18n.t(label)}</span>
                                    </td>
                                    <td>
                                        {l.authorizer
                                            .map(|a| format!("{} · {}", a.nick_name, a.appid))
                                            .unwrap_or_default()}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
    }
}
