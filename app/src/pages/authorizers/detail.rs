//! `/authorizers/:id`: one account, its permission sets with their confirmation state, its
//! token, actions (refresh the token, sync from WeChat) and its event history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::authorizers::{
    AuthorizerInfo, RefreshAuthorizerToken, SyncAuthorizer, get_authorizer,
};
use crate::api::events::EventItem;
use crate::api::messages::{MessageItem, MessageQuery, RetryMessage, list_messages};
use crate::api::query::ListQuery;
use crate::api::shared::{Bi, FuncBadge, ListPage};
use crate::components::avatar::Avatar;
use crate::components::badges::{
    AuthorizerStatusBadge, BiText, EventStatusBadge, InfoTypeLabel, TokenBadge, kind_label,
};
use crate::components::card::{Card, CardActions};
use crate::components::loaded::Loaded;
use crate::components::notice::ErrorNotice;
use crate::components::role::CurrentRole;
use crate::components::route::route_id;
use crate::components::table::DataTable;
use crate::i18n::{Text, tr, use_i18n};
use crate::pages::messages::MessageTable;
use console_types::{AuthorizerId, PlatformId};

use super::business::AuthorizerBusiness;
use super::web_oauth::WebOAuthStartCard;

/// One authorizer.
#[component]
pub fn AuthorizerDetailPage() -> impl IntoView {
    let id = route_id::<AuthorizerId>("id");
    let role = CurrentRole::new();
    let refresh = ServerAction::<RefreshAuthorizerToken>::new();
    let sync = ServerAction::<SyncAuthorizer>::new();
    let data = Resource::new_blocking(
        move || (id.get(), refresh.version().get(), sync.version().get()),
        |(id, ..)| get_authorizer(id),
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => {
                        let operate = role.can_operate().await;
                        let manage = role.can_manage_platforms().await;
                        view! { <Detail a operate manage refresh sync /> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A fact that may be missing ("—").
fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".to_string())
}

#[component]
fn Fact(label: Text, #[prop(into)] value: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dt>{i18n.t(label)}</dt>
        <dd>{value}</dd>
    }
}

#[component]
fn BiFact(label: Text, value: Option<Bi>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dt>{i18n.t(label)}</dt>
        <dd>
            {match value {
                Some(v) => view! { <BiText text=v /> }.into_any(),
                None => "—".into_any(),
            }}
        </dd>
    }
}

#[component]
fn Detail(
    a: AuthorizerInfo,
    operate: bool,
    manage: bool,
    refresh: ServerAction<RefreshAuthorizerToken>,
    sync: ServerAction<SyncAuthorizer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = a.item.clone();
    let (recent_platform, recent_appid) = (a.item.platform_id, a.item.appid.clone());
    let id = item.id.to_string();
    view! {
        <Title text=item.nick_name.clone() />
        <div class="page-header">
            <div class="authorizer-head">
                <Avatar src=item.head_img.clone() name=item.nick_name.clone() />
                <div>
                    <A href="/authorizers" attr:class="back-link">{i18n.t(tr::BACK_TO_AUTHORIZERS)}</A>
                    <h1 data-testid="authorizer-title">{item.nick_name.clone()}</h1>
                    <p class="muted subtitle">
                        <span class="mono">{item.appid.clone()}</span>
                        " · "
                        {i18n.t(kind_label(item.kind))}
                        " · "
                        <AuthorizerStatusBadge status=item.status />
                    </p>
                </div>
            </div>
            {operate
                .then(|| {
                    let id2 = id.clone();
                    view! {
                        <div class="page-actions">
                            <ActionForm action=refresh attr:class="inline-form">
                                <input type="hidden" name="id" value=id.clone() />
                                <button type="submit" class="btn" disabled=refresh.pending() data-testid="refresh-token">
                                    {i18n.t(tr::REFRESH_NOW)}
                                </button>
                            </ActionForm>
                            <ActionForm action=sync attr:class="inline-form">
                                <input type="hidden" name="id" value=id2 />
                                <button type="submit" class="btn" disabled=sync.pending() data-testid="sync-one">
                                    {i18n.t(tr::SYNC_ONE)}
                                </button>
                            </ActionForm>
                        </div>
                    }
                })}
        </div>
        {move || match refresh.value().get() {
            Some(Ok(msg)) => view! { <div class="notice notice-ok" role="status" data-testid="refresh-result"><BiText text=msg /></div> }.into_any(),
            Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
            None => ().into_any(),
        }}
        {move || match sync.value().get() {
            Some(Ok(())) => view! { <div class="notice notice-ok" role="status" data-testid="sync-result">{i18n.t(tr::SYNC_ONE_DONE)}</div> }.into_any(),
            Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
            None => ().into_any(),
        }}
        <div class="grid-2">
            <Card title=tr::AUTHORIZER_INFO testid="authorizer-info">
                <dl class="facts">
                    <Fact label=tr::F_PLATFORM value=format!("{} · {}", item.platform_name, a.platform_appid) />
                    <Fact label=tr::COL_APPID value=item.appid.clone() />
                    <Fact label=tr::F_USER_NAME value=or_dash(Some(a.user_name.clone())) />
                    <Fact label=tr::F_ALIAS value=or_dash(a.alias.clone()) />
                    <Fact label=tr::COL_PRINCIPAL value=or_dash(item.principal_name.clone()) />
                    <BiFact label=tr::F_SERVICE_TYPE value=a.service_type.clone() />
                    <BiFact label=tr::F_VERIFY_TYPE value=a.verify_type.clone() />
                    <BiFact label=tr::F_ACCOUNT_STATUS value=a.account_status.clone() />
                    <Fact label=tr::F_SIGNATURE value=or_dash(a.signature.clone()) />
                    <dt>{i18n.t(tr::F_QRCODE)}</dt>
                    <dd>
                        {match a.qrcode_url.clone().filter(|u| u.starts_with("http")) {
                            Some(u) => {
                                let href = u.clone();
                                view! { <a href=href target="_blank" rel="noopener noreferrer">{u}</a> }.into_any()
                            }
                            None => "—".into_any(),
                        }}
                    </dd>
                    {a.task_id.map(|t| view! {
                        <dt>{i18n.t(tr::F_REGISTERED_BY)}</dt>
                        <dd><A href=format!("/registrations/{t}") attr:data-testid="authorizer-task">{format!("#{t}")}</A></dd>
                    })}
                    <dt>{i18n.t(tr::F_WEB_OAUTH)}</dt>
                    <dd data-testid="authorizer-web-oauth" data-allowed=a.web_oauth.is_ok().to_string()>
                        {match a.web_oauth.clone() {
                            Ok(m) | Err(m) => view! { <BiText text=m /> },
                        }}
                    </dd>
                    <Fact label=tr::COL_AUTHORIZED_AT value=item.authorized_at.clone() />
                    <Fact label=tr::F_REVOKED_AT value=or_dash(a.revoked_at.clone()) />
                    <Fact label=tr::F_SYNCED_AT value=or_dash(a.info_synced_at.clone()) />
                    <Fact label=tr::F_UPDATED_AT value=a.updated_at.clone() />
                </dl>
            </Card>
            <Card title=tr::AUTH_TOKEN_TITLE mono=true testid="authorizer-token">
                <p>
                    <TokenBadge health=item.token.health text=item.token.text.clone() />
                </p>
                <dl class="facts">
                    <Fact label=tr::TOKEN_EXPIRES value=or_dash(a.token_expires_at.clone()) />
                    <Fact label=tr::TOKEN_REFRESHED value=or_dash(a.token_refreshed_at.clone()) />
                    <Fact label=tr::NEXT_REFRESH value=or_dash(a.token_refresh_due_at.clone()) />
                    <Fact label=tr::TOKEN_FAILURES value=a.token_failures.to_string() />
                    <dt>{i18n.t(tr::F_REFRESH_TOKEN)}</dt>
                    <dd>
                        {if a.has_refresh_token {
                            view! { <span class="badge">{i18n.t(tr::HAS_REFRESH)}</span> }.into_any()
                        } else {
                            view! { <span class="badge badge-warn">{i18n.t(tr::NO_REFRESH)}</span> }.into_any()
                        }}
                    </dd>
                </dl>
                {a.token_last_error
                    .clone()
                    .map(|e| {
                        view! {
                            <div class="notice notice-error">
                                {i18n.t(tr::TOKEN_LAST_ERROR)}
                                {i18n.t(tr::COLON)}
                                <BiText text=e />
                            </div>
                        }
                    })}
            </Card>
        </div>
        <Permissions funcs=item.funcs.clone() />
        <WebOAuthStartCard id=item.id />
        <AuthorizerBusiness id=item.id operate manage />
        <History events=a.events />
        <RecentMessages platform_id=recent_platform appid=recent_appid />
    }
}

#[component]
fn Permissions(funcs: Vec<FuncBadge>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card title=tr::PERMS_TITLE testid="authorizer-perms">
            {if funcs.is_empty() {
                view! { <p class="empty">{i18n.t(tr::PERMS_EMPTY)}</p> }.into_any()
            } else {
                view! {
                    <DataTable headers=&[tr::COL_NAME, tr::COL_ID, tr::CONFIRM_INFO]>
                            {funcs
                                .into_iter()
                                .map(|f| {
                                    let state = match (f.awaiting_confirm, f.confirm) {
                                        (true, _) => view! { <span class="badge badge-warn">{i18n.t(tr::CONFIRM_AWAITING)}</span> }.into_any(),
                                        (false, Some((1, _, _))) => view! { <span class="badge">{i18n.t(tr::CONFIRM_DONE)}</span> }.into_any(),
                                        _ => view! { <span class="muted">{i18n.t(tr::CONFIRM_NONE)}</span> }.into_any(),
                                    };
                                    let id = f.id;
                                    view! {
                                        <tr data-testid="perm-row">
                                            <td data-testid="perm-name">{move || f.name.get(i18n.locale()).to_string()}</td>
                                            <td class="mono">{id}</td>
                                            <td>{state}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </DataTable>
                }
                    .into_any()
            }}
        </Card>
    }
}

/// The latest messages of this account, with a link to all of them.
#[component]
fn RecentMessages(platform_id: PlatformId, appid: String) -> impl IntoView {
    let retry = ServerAction::<RetryMessage>::new();
    let query = MessageQuery {
        platform: Some(platform_id),
        authorizer: Some(appid),
        ..MessageQuery::default()
    };
    let all = query.href(1);
    let messages = Resource::new_blocking(
        move || (query.clone(), retry.version().get()),
        |(query, _)| list_messages(query),
    );
    let i18n = use_i18n();
    view! {
        <Card title=tr::MESSAGES_RECENT testid="authorizer-messages">
            <CardActions slot>
                <A href=all.clone() attr:class="btn btn-small">{i18n.t(tr::MESSAGES_ALL)}</A>
            </CardActions>
            <Loaded
                resource=messages
                view={move |page: ListPage<MessageItem>| {
                    if page.items.is_empty() {
                        view! { <p class="empty">{i18n.t(tr::MESSAGES_EMPTY)}</p> }.into_any()
                    } else {
                        view! { <MessageTable items=page.items retry /> }.into_any()
                    }
                }}
            />
        </Card>
    }
}

#[component]
fn History(events: Vec<EventItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card title=tr::HISTORY_TITLE testid="authorizer-history">
            {if events.is_empty() {
                view! { <p class="empty">{i18n.t(tr::HISTORY_EMPTY)}</p> }.into_any()
            } else {
                view! {
                    <DataTable headers=&[tr::COL_TIME, tr::FILTER_TYPE, tr::COL_STATUS, tr::COL_RESULT]>
                            {events
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <tr data-testid="history-row">
                                            <td class="nowrap">{e.received_at}</td>
                                            <td>
                                                <InfoTypeLabel info_type=e.info_type />
                                            </td>
                                            <td>
                                                <EventStatusBadge status=e.status />
                                            </td>
                                            <td>{e.result.map(|r| view! { <BiText text=r /> })}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </DataTable>
                }
                    .into_any()
            }}
        </Card>
    }
}
