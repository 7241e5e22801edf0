//! `/platforms/:id`: what to paste into WeChat's console, the ticket and token health (refreshed
//! every few seconds), alarms, the egress IP hint, actions, syncing, links and the edit form.

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::edit::EditCard;
use super::link::RecentLinks;
use super::sync::SyncCard;
use super::web_oauth::WebOAuthOriginsCard;
use super::webhook::WebhookCard;
use crate::api::platforms::{
    PlatformDetail, PushTicket, ReleaseTestStatus, RetirePreviousAesKey, SetPlatformEnabled,
    UpdatePlatform, get_platform,
};
use crate::api::query::ListQuery;
use crate::api::registrations::TaskQuery;
use crate::components::badges::{AlarmList, BiText, TokenBadge};
use crate::components::card::{Card, CardActions};
use crate::components::charts::ActivityCharts;
use crate::components::copy::CopyField;
use crate::components::notice::{ActionError, ErrorNotice};
use crate::components::poll::poll;
use crate::components::role::{CurrentRole, IfAllowed};
use crate::components::route::route_id;
use crate::i18n::{tr, use_i18n};
use crate::pages::quota::{QuotaOf, QuotaTools};
use console_types::{Permission, PlatformId, TaskState};

/// How often the ticket and token state is re-read.
const STATUS_EVERY: Duration = Duration::from_secs(3);

/// One platform.
#[component]
pub fn PlatformDetailPage() -> impl IntoView {
    let id = route_id::<PlatformId>("id");
    let role = CurrentRole::new();
    let push = ServerAction::<PushTicket>::new();
    let toggle = ServerAction::<SetPlatformEnabled>::new();
    let update = ServerAction::<UpdatePlatform>::new();
    let retire = ServerAction::<RetirePreviousAesKey>::new();
    let tick = RwSignal::new(0u64);
    let header = Resource::new_blocking(
        move || {
            (
                id.get(),
                toggle.version().get(),
                update.version().get(),
                retire.version().get(),
            )
        },
        |(id, ..)| get_platform(id),
    );
    let status = Resource::new_blocking(
        move || {
            (
                id.get(),
                tick.get(),
                push.version().get(),
                toggle.version().get(),
                update.version().get(),
            )
        },
        |(id, ..)| get_platform(id),
    );
    poll(STATUS_EVERY, move || tick.update(|t| *t += 1));

    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match header.await {
                    Ok(d) => {
                        let operate = role.can_operate().await;
                        let manage = role.can_manage_platforms().await;
                        view! { <Header d operate manage push toggle /> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                status.await.ok().map(|d| view! { <StatusCards d /> })
            })}
        </Transition>
        <ActivityCharts
            platform=Signal::derive(move || Some(id.get()))
            path=Signal::derive(move || format!("/platforms/{}", id.get()))
        />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(d) = header.await else { return ().into_any() };
                let manage = role.can_manage_platforms().await;
                let operate = role.can_operate().await;
                let platform_id = d.summary.id;
                view! {
                    <ConfigCard d=d.clone() />
                    <ReleaseCard status=d.release_test.clone() />
                    <WebhookCard platform_id url=d.webhook_url.clone() manage />
                    <WebOAuthOriginsCard platform_id manage />
                    <TasksCard platform_id running=d.tasks_running failed=d.tasks_failed />
                    <EgressCard egress_ip=d.egress_ip.clone() />
                    {operate.then(|| view! { <QuotaTools of=QuotaOf::Platform(platform_id) manage /> })}
                    <SyncCard id=platform_id />
                    <RecentLinks platform_id />
                    {manage.then(|| view! { <EditCard d update retire /> })}
                }
                    .into_any()
            })}
        </Transition>
    }
}

#[component]
fn Header(
    d: PlatformDetail,
    operate: bool,
    manage: bool,
    push: ServerAction<PushTicket>,
    toggle: ServerAction<SetPlatformEnabled>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = d.summary;
    let id = p.id.to_string();
    let enabled = p.enabled;
    let link_href = format!("/platforms/{}/link", p.id);
    let pushed = move || matches!(push.value().get(), Some(Ok(())));
    view! {
        <Title text=p.name.clone() />
        <div class="page-header">
            <div>
                <A href="/platforms" attr:class="back-link">{i18n.t(tr::BACK_TO_PLATFORMS)}</A>
                <h1 data-testid="platform-name">{p.name.clone()}</h1>
                <p class="muted mono subtitle" data-testid="platform-appid">
                    {p.appid.clone()}
                    " · "
                    {if enabled {
                        view! { <span class="badge" data-testid="platform-enabled">{i18n.t(tr::ENABLED)}</span> }.into_any()
                    } else {
                        view! { <span class="badge badge-muted" data-testid="platform-enabled">{i18n.t(tr::DISABLED)}</span> }.into_any()
                    }}
                    " · "
                    {i18n.t(tr::CREATED_AT)}
                    " "
                    {d.created_at}
                </p>
            </div>
            <div class="page-actions">
                {operate
                    .then(|| {
                        let id = id.clone();
                        view! {
                            <ActionForm action=push attr:class="inline-form">
                                <input type="hidden" name="id" value=id />
                                <button type="submit" class="btn" disabled=push.pending() data-testid="push-ticket">
                                    {i18n.t(tr::PUSH_TICKET)}
                                </button>
                            </ActionForm>
                            <A href=link_href attr:class="btn btn-primary" attr:data-testid="link-new">
                                {i18n.t(tr::LINK_NEW)}
                            </A>
                        }
                    })}
                {manage
                    .then(|| {
                        view! {
                            <ActionForm action=toggle attr:class="inline-form">
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="enabled" value=(!enabled).to_string() />
                                <button
                                    type="submit"
                                    class="btn"
                                    class:btn-danger=enabled
                                    title=i18n.t(tr::DISABLE_HINT)
                                    data-testid="platform-toggle"
                                >
                                    {if enabled { i18n.t(tr::DISABLE) } else { i18n.t(tr::ENABLE) }}
                                </button>
                            </ActionForm>
                        }
                    })}
            </div>
        </div>
        <Show when=pushed>
            <div class="notice notice-ok" role="status" data-testid="push-ticket-done">
                {i18n.t(tr::PUSH_TICKET_DONE)}
            </div>
        </Show>
        <ActionError result=push.value() />
        <ActionError result=toggle.value() />
    }
}

#[component]
fn StatusCards(d: PlatformDetail) -> impl IntoView {
    let i18n = use_i18n();
    let p = d.summary.clone();
    let alarms = p.alarms.clone();
    view! {
        {(!alarms.is_empty())
            .then(|| {
                view! {
                    <Card title=tr::ALARMS_TITLE class="alarm-card" testid="platform-alarms">
                        <AlarmList alarms with_platform=false item_testid="platform-alarm" />
                    </Card>
                }
            })}
        <div class="grid-2">
            <Card title=tr::TICKET_TITLE mono=true testid="ticket-card">
                {match (p.ticket_age.clone(), d.ticket_received_at.clone()) {
                    (Some(age), Some(received)) => {
                        view! {
                            <dl class="facts">
                                <dt>{i18n.t(tr::TICKET_RECEIVED)}</dt>
                                <dd>
                                    <span data-testid="ticket-age"><BiText text=age /></span>
                                    <span class="muted">" · " {received}</span>
                                </dd>
                                <dt>{i18n.t(tr::TICKET_SENT)}</dt>
                                <dd>{d.ticket_created_at.clone().unwrap_or_default()}</dd>
                                <dt>{i18n.t(tr::TICKET_VALID_UNTIL)}</dt>
                                <dd data-testid="ticket-validity">
                                    {d.ticket_expires_at.clone().unwrap_or_default()}
                                    " "
                                    {if p.ticket_valid {
                                        d.ticket_expires_in
                                            .clone()
                                            .map(|t| view! { <span class="badge"><BiText text=t /></span> }.into_any())
                                            .unwrap_or_else(|| ().into_any())
                                    } else {
                                        view! { <span class="badge badge-error">{i18n.t(tr::TICKET_STALE)}</span> }.into_any()
                                    }}
                                </dd>
                            </dl>
                        }
                            .into_any()
                    }
                    _ => view! { <div class="notice notice-warn" data-testid="ticket-none">{i18n.t(tr::TICKET_NONE)}</div> }.into_any(),
                }}
                <p class="muted small">{i18n.t(tr::TICKET_VALID_HINT)}</p>
            </Card>
            <Card title=tr::TOKEN_TITLE mono=true testid="token-card">
                <p>
                    <TokenBadge health=p.token_health text=p.token_expiry.clone() />
                </p>
                {match d.token_expires_at.clone() {
                    None if d.token_failures == 0 => {
                        view! { <p class="muted">{i18n.t(tr::TOKEN_NOT_YET)}</p> }.into_any()
                    }
                    expires => {
                        view! {
                            <dl class="facts">
                                <dt>{i18n.t(tr::TOKEN_EXPIRES)}</dt>
                                <dd>{expires.unwrap_or_else(|| "—".to_string())}</dd>
                                <dt>{i18n.t(tr::TOKEN_REFRESHED)}</dt>
                                <dd>{d.token_refreshed_at.clone().unwrap_or_else(|| "—".to_string())}</dd>
                                <dt>{i18n.t(tr::TOKEN_FAILURES)}</dt>
                                <dd>{d.token_failures}</dd>
                            </dl>
                        }
                            .into_any()
                    }
                }}
                {d.token_last_error
                    .clone()
                    .map(|e| {
                        view! {
                            <div class="notice notice-error" data-testid="token-last-error">
                                {i18n.t(tr::TOKEN_LAST_ERROR)}
                                {i18n.t(tr::COLON)}
                                <BiText text=e />
                            </div>
                        }
                    })}
            </Card>
        </div>
    }
}

#[component]
fn ConfigCard(d: PlatformDetail) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card title=tr::CONFIG_TITLE testid="config-card">
            <p class="muted">{i18n.t(tr::CONFIG_HINT)}</p>
            {d.domain_warnings
                .iter()
                .cloned()
                .map(|w| {
                    view! {
                        <div class="notice notice-warn" role="status" data-testid="domain-warning">
                            <BiText text=w />
                        </div>
                    }
                })
                .collect_view()}
            <div class="form">
                <CopyField label=tr::URL_EVENTS value=d.event_url testid="event-url" />
                <CopyField
                    label=tr::URL_MESSAGES
                    value=d.message_url
                    testid="message-url"
                    hint=tr::URL_MESSAGES_HINT
                />
                <CopyField
                    label=tr::AUTH_DOMAIN
                    value=d.auth_domain
                    testid="auth-domain"
                    hint=tr::AUTH_DOMAIN_HINT
                />
            </div>
        </Card>
    }
}

/// WeChat's release test (全网发布): what publication changes, and how the console answered the
/// latest test (reference B18, B19).
#[component]
fn ReleaseCard(status: Option<ReleaseTestStatus>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card title=tr::RELEASE_TITLE testid="release-card">
            <p>{i18n.t(tr::RELEASE_HINT)}</p>
            {match status {
                None => view! { <p class="muted" data-testid="release-none">{i18n.t(tr::RELEASE_NONE)}</p> }.into_any(),
                Some(s) => view! {
                    <p data-testid="release-last">
                        {i18n.t(tr::RELEASE_LAST)}
                        {s.last_at.clone()}
                        " · "
                        <BiText text=s.last_ago.clone() />
                    </p>
                    <ul class="plain-list">
                        {s.cases
                            .into_iter()
                            .map(|c| {
                                let (mark, label, class) = match c.answered {
                                    Some(true) => ("✓", tr::RELEASE_OK, "badge"),
                                    Some(false) => ("✗", tr::RELEASE_FAILED, "badge badge-error"),
                                    None => ("…", tr::RELEASE_PENDING, "badge badge-info"),
                                };
                                view! {
                                    <li data-testid="release-case" data-case=c.case.clone()>
                                        <span class=class>
                                            <span aria-hidden="true">{mark}" "</span>
                                            {i18n.t(label)}
                                        </span>
                                        " "
                                        <BiText text=c.label />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </Card>
    }
}

/// The platform's registration tasks: how many run and failed, and where to start one.
#[component]
fn TasksCard(platform_id: PlatformId, running: u64, failed: u64) -> impl IntoView {
    let i18n = use_i18n();
    let all = TaskQuery {
        platform: Some(platform_id),
        ..TaskQuery::default()
    };
    let failed_href = TaskQuery {
        state: Some(TaskState::Failed),
        ..all.clone()
    }
    .href(1);
    view! {
        <Card title=tr::REGISTRATIONS_TITLE testid="platform-tasks">
            <CardActions slot>
                <IfAllowed perm=Permission::Operate>
                    <A href="/registrations/new" attr:class="btn btn-small">{i18n.t(tr::TASK_NEW)}</A>
                </IfAllowed>
            </CardActions>
            <p>
                <A href=all.href(1) attr:data-testid="platform-tasks-running">
                    {move || i18n.now(tr::TASKS_RUNNING_N).replace("{n}", &running.to_string())}
                </A>
                " · "
                <A href=failed_href attr:data-testid="platform-tasks-failed">
                    {move || i18n.now(tr::TASKS_FAILED_N).replace("{n}", &failed.to_string())}
                </A>
            </p>
        </Card>
    }
}

#[component]
fn EgressCard(egress_ip: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card title=tr::EGRESS_TITLE testid="egress-card">
            <p>{i18n.t(tr::EGRESS_HINT)}</p>
            {match egress_ip {
                Some(ip) => {
                    view! { <CopyField label=tr::EGRESS_REPORTED value=ip testid="egress-ip" /> }
                        .into_any()
                }
                None => view! { <p class="muted">{i18n.t(tr::EGRESS_UNKNOWN)}</p> }.into_any(),
            }}
        </Card>
    }
}
