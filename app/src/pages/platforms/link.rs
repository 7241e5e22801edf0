//! Authorization links: one link followed live (`/platforms/:id/links/:link_id`, with every
//! authorization made through it), and the platform's recent links (the form is `link_form`). A link is a page on this console (`/authorize/{token}`), never
//! WeChat's URL (reference B16).

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::links::{LinkInfo, LinkState, RevokeLink, get_link, list_links};
use crate::api::platforms::get_platform;
use crate::components::avatar::Avatar;
use crate::components::badges::BiText;
use crate::components::card::{Card, CardActions};
use crate::components::copy::CopyField;
use crate::components::loaded::Loaded;
use crate::components::notice::ActionError;
use crate::components::poll::poll;
use crate::components::role::IfAllowed;
use crate::components::route::route_id;
use crate::components::table::DataTable;
use crate::i18n::{Locale, Text, tr, use_i18n};
use console_types::{LinkId, Permission, PlatformId};

/// How often a pending link is re-read.
const LINK_EVERY: Duration = Duration::from_secs(2);

/// The platform's name above a link page, linking back to it.
#[component]
pub(super) fn PlatformCrumb(id: PlatformId) -> impl IntoView {
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

/// One link, followed live while it can be used.
#[component]
pub fn LinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let platform_id = route_id::<PlatformId>("id");
    let link_id = route_id::<LinkId>("link_id");
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
        <Loaded resource=link view=move |l| view! { <LinkView l revoke /> }.into_any() />
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
fn LinkView(l: LinkInfo, revoke: ServerAction<RevokeLink>) -> impl IntoView {
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
        <Card>
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
                    {active
                        .then(|| {
                            view! {
                                <IfAllowed perm=Permission::Operate>
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
                                </IfAllowed>
                            }
                        })}
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
        </Card>
        <Card title=tr::LINK_AUTHORIZATIONS testid="link-authorizations">
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
        </Card>
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
pub fn RecentLinks(platform_id: PlatformId) -> impl IntoView {
    let i18n = use_i18n();
    let links = Resource::new_blocking(move || platform_id, list_links);
    view! {
        <Card title=tr::LINKS_TITLE testid="recent-links">
            <CardActions slot>
                <IfAllowed perm=Permission::Operate>
                    <A href=format!("/platforms/{platform_id}/link") attr:class="btn btn-small">
                        {i18n.t(tr::LINK_NEW)}
                    </A>
                </IfAllowed>
            </CardActions>
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
        </Card>
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
