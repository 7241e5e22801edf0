//! `/registrations/:id`: one task followed live: its state and what WeChat's status means, the
//! page to send to the legal person, user or administrator (a copyable link and its QR code, with
//! the time left), the new mini program, a trial mini program's rename and verification, what it
//! was started with, and its timeline.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;

use super::{kind_label, state_badge};
use crate::api::registrations::{RenameTrial, TaskInfo, VerifyTrial, get_task};
use crate::components::badges::BiText;
use crate::components::card::Card;
use crate::components::copy::CopyField;
use crate::components::form::{BoundField, FormError};
use crate::components::loaded::Loaded;
use crate::components::page::PageHeader;
use crate::components::poll::poll;
use crate::components::role::IfAllowed;
use crate::components::route::route_id;
use crate::components::table::DataTable;
use crate::i18n::{Text, tr, use_i18n};
use console_types::{Permission, TaskKind, TaskState, TaskStep, VerifyState};

/// How often a running task is re-read.
const TASK_EVERY: Duration = Duration::from_secs(3);

/// The label of a timeline entry.
fn step_label(step: TaskStep) -> Text {
    match step {
        TaskStep::Created => tr::STEP_CREATED,
        TaskStep::Accepted => tr::STEP_ACCEPTED,
        TaskStep::Refused => tr::STEP_REFUSED,
        TaskStep::Status => tr::STEP_STATUS,
        TaskStep::Notified => tr::STEP_NOTIFIED,
        TaskStep::Succeeded => tr::STEP_SUCCEEDED,
        TaskStep::Failed => tr::STEP_FAILED,
        TaskStep::Expired => tr::STEP_EXPIRED,
        TaskStep::Authorized => tr::STEP_AUTHORIZED,
        TaskStep::Renamed => tr::STEP_RENAMED,
        TaskStep::RenameRefused => tr::STEP_RENAME_REFUSED,
        TaskStep::VerifyStarted => tr::STEP_VERIFY_STARTED,
        TaskStep::VerifyRefused => tr::STEP_VERIFY_REFUSED,
        TaskStep::Verified => tr::STEP_VERIFIED,
        TaskStep::VerifyFailed => tr::STEP_VERIFY_FAILED,
        TaskStep::PageOpened => tr::STEP_PAGE_OPENED,
        TaskStep::Ticket => tr::STEP_TICKET,
        TaskStep::Retry => tr::STEP_RETRY,
    }
}

/// Who confirms on the page, by flow.
fn confirm_hint(kind: TaskKind) -> Text {
    match kind {
        TaskKind::Enterprise => tr::TASK_CONFIRM_ENTERPRISE,
        TaskKind::Personal => tr::TASK_CONFIRM_PERSONAL,
        TaskKind::Beta => tr::TASK_CONFIRM_BETA,
        TaskKind::Reuse => tr::TASK_CONFIRM_REUSE,
    }
}

/// The task page.
#[component]
pub fn TaskPage() -> impl IntoView {
    let id = route_id::<console_types::TaskId>("id");
    let tick = RwSignal::new(0u64);
    let rename = ServerAction::<RenameTrial>::new();
    let verify = ServerAction::<VerifyTrial>::new();
    let task = Resource::new_blocking(
        move || {
            (
                id.get(),
                tick.get(),
                rename.version().get(),
                verify.version().get(),
            )
        },
        |(id, ..)| get_task(id),
    );
    poll(TASK_EVERY, move || {
        let live = matches!(
            task.get_untracked(),
            Some(Ok(t)) if t.item.state.is_running() || t.item.verification == Some(VerifyState::Waiting)
        );
        if live {
            tick.update(|t| *t += 1);
        }
    });
    view! {
        <PageHeader title=tr::TASK_TITLE>
            <A href="/registrations" attr:class="btn btn-ghost">{tr_back()}</A>
        </PageHeader>
        <Loaded resource=task view=move |t| view! { <TaskView t rename verify /> }.into_any() />
    }
}

fn tr_back() -> impl IntoView {
    use_i18n().t(tr::BACK_TO_TASKS)
}

#[component]
fn TaskView(
    t: TaskInfo,
    rename: ServerAction<RenameTrial>,
    verify: ServerAction<VerifyTrial>,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = t.item.clone();
    let (label, class) = state_badge(item.state);
    let trial_done = item.kind == TaskKind::Beta && item.state == TaskState::Succeeded;
    let trial = trial_done.then(|| t.clone());
    let steps = t.steps.clone();
    view! {
        <div class="grid-2">
            <Card title=tr::TASK_STATE_TITLE testid="task-state-card">
                <p>
                    <span class=class data-testid="task-state" data-state=item.state.as_str()>{i18n.t(label)}</span>
                    " "
                    <span class="muted">{format!("#{} · ", item.id)} {i18n.t(kind_label(item.kind))} " · " {item.platform_name.clone()}</span>
                </p>
                {item.status_text.clone().map(|s| view! { <p data-testid="task-wechat-status"><span class="muted">{i18n.t(tr::TASK_WECHAT_STATUS)}</span> " " <BiText text=s /></p> })}
                {item.time_left.clone().map(|l| view! { <p><span class="muted">{i18n.t(tr::TASK_TIME_LEFT)}</span> " " <BiText text=l /> <span class="muted small">{format!(" ({})", item.deadline)}</span></p> })}
                {item.error.clone().map(|e| view! { <p class="notice notice-error" data-testid="task-error"><BiText text=e /></p> })}
                {match (item.result_appid.clone(), item.authorizer_id) {
                    (Some(appid), Some(a)) => {
                        let shown = t.authorizer_name.clone().unwrap_or_else(|| appid.clone());
                        view! {
                            <p data-testid="task-result">
                                <span class="muted">{i18n.t(tr::COL_NEW_APP)}</span> " "
                                <A href=format!("/authorizers/{a}") attr:data-testid="task-authorizer">
                                    {shown}
                                </A>
                                <span class="mono small">{format!(" {appid}")}</span>
                            </p>
                        }.into_any()
                    }
                    (Some(appid), None) => view! {
                        <p data-testid="task-result"><span class="muted">{i18n.t(tr::COL_NEW_APP)}</span> " " <span class="mono">{appid}</span></p>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                <dl class="facts">
                    <dt>{i18n.t(tr::COL_CREATED)}</dt>
                    <dd>{item.created_at.clone()}</dd>
                    {t.taskid.clone().map(|v| view! { <dt>"taskid"</dt><dd class="mono" data-testid="task-taskid">{v}</dd> })}
                    {t.unique_id.clone().map(|v| view! { <dt>"unique_id"</dt><dd class="mono">{v}</dd> })}
                    {t.official_account.clone().map(|(id, name)| view! {
                        <dt>{i18n.t(tr::TASK_OFFICIAL_ACCOUNT)}</dt>
                        <dd><A href=format!("/authorizers/{id}")>{name}</A></dd>
                    })}
                    {t.inputs
                        .iter()
                        .cloned()
                        .map(|(label, value)| view! { <dt><BiText text=label /></dt><dd>{value}</dd> })
                        .collect_view()}
                </dl>
            </Card>
            {t.confirm_url.clone().map(|url| {
                let qr = t.qr_svg.clone().unwrap_or_default();
                view! {
                    <Card title=tr::TASK_CONFIRM_TITLE testid="task-confirm">
                        <p>{i18n.t(confirm_hint(item.kind))}</p>
                        <CopyField label=tr::TASK_CONFIRM_URL value=url testid="task-confirm-url" />
                        <div class="qr" data-testid="task-qr" inner_html=qr></div>
                    </Card>
                }
            })}
        </div>
        {trial.map(|t| view! { <TrialCard t rename verify /> })}
        <Card title=tr::TASK_TIMELINE testid="task-timeline">
            <DataTable headers=&[tr::COL_TIME, tr::COL_STEP, tr::COL_RESULT]>
                {steps
                    .into_iter()
                    .map(|s| {
                        view! {
                            <tr data-testid="task-step" data-step=s.step.as_str()>
                                <td class="nowrap">{s.at}</td>
                                <td class="nowrap">
                                    {i18n.t(step_label(s.step))}
                                    {s.wechat_status.map(|w| view! { <span class="muted mono small">{format!(" status {w}")}</span> })}
                                </td>
                                <td>
                                    <BiText text=s.note />
                                    {s.event_id.map(|e| view! { <span class="muted small">{format!(" · #{e}")}</span> })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </DataTable>
        </Card>
    }
}

/// A created trial mini program: rename it, verify it into a formal mini program.
#[component]
fn TrialCard(
    t: TaskInfo,
    rename: ServerAction<RenameTrial>,
    verify: ServerAction<VerifyTrial>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = t.item.id;
    let new_name = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let rename_result = Signal::derive(move || rename.value().get());
    let verify_result = Signal::derive(move || verify.value().get());
    let verification = t.item.verification;
    let waiting = verification == Some(VerifyState::Waiting);
    let state_text = match verification {
        None => tr::VERIFY_NONE,
        Some(VerifyState::Waiting) => tr::VERIFY_WAITING,
        Some(VerifyState::Succeeded) => tr::VERIFY_SUCCEEDED,
        Some(VerifyState::Failed) => tr::VERIFY_FAILED,
    };
    view! {
        <Card title=tr::TRIAL_TITLE testid="trial-card">
            <p>
                <span class="muted">{i18n.t(tr::TRIAL_VERIFICATION)}</span> " "
                <span class="badge" data-testid="trial-verification" data-state=verification.map(|v| v.as_str()).unwrap_or("none")>
                    {i18n.t(state_text)}
                </span>
            </p>
            <IfAllowed perm=Permission::Operate>
                <div class="grid-2">
                    <form
                        class="form"
                        on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            rename.dispatch(RenameTrial { id, name: new_name.get_untracked() });
                        }
                        data-testid="trial-rename"
                    >
                        <h3>{i18n.t(tr::TRIAL_RENAME)}</h3>
                        <BoundField label=tr::TASK_TRIAL_NAME help=tr::TRIAL_RENAME_HELP name="name" value=new_name maxlength=30 testid="rename-name" result=rename_result />
                        <FormError result=rename_result />
                        <button type="submit" class="btn" disabled=rename.pending() data-testid="trial-rename-submit">
                            {i18n.t(tr::TRIAL_RENAME)}
                        </button>
                    </form>
                    <form
                        class="form"
                        on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            verify.dispatch(VerifyTrial {
                                id,
                                name: name.get_untracked(),
                                code: code.get_untracked(),
                                phone: phone.get_untracked(),
                            });
                        }
                        data-testid="trial-verify"
                    >
                        <h3>{i18n.t(tr::TRIAL_VERIFY)}</h3>
                        <BoundField label=tr::TASK_ENTERPRISE_NAME help=tr::TASK_ENTERPRISE_NAME_HELP name="name" value=name maxlength=100 result=verify_result />
                        <BoundField label=tr::TASK_CODE help=tr::TASK_CODE_HELP name="code" value=code maxlength=22 mono=true result=verify_result />
                        <BoundField label=tr::TASK_PHONE help=tr::TASK_PHONE_HELP name="phone" value=phone maxlength=16 result=verify_result />
                        <FormError result=verify_result />
                        <button type="submit" class="btn" disabled=move || waiting || verify.pending().get() data-testid="trial-verify-submit">
                            {i18n.t(tr::TRIAL_VERIFY)}
                        </button>
                    </form>
                </div>
            </IfAllowed>
        </Card>
    }
}
