//! Fast-registration tasks: the list, one task with its timeline, starting one of the four flows,
//! and a trial mini program's rename and verification.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, ListPage};
use crate::error::AppError;
use console_types::{
    AuthorizerId, EventId, PlatformId, TaskForm, TaskId, TaskKind, TaskState, TaskStep, VerifyState,
};

/// Tasks per page.
pub const TASKS_PER_PAGE: u64 = 20;

/// One task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskItem {
    pub id: TaskId,
    pub platform_id: PlatformId,
    pub platform_name: String,
    pub kind: TaskKind,
    pub state: TaskState,
    /// WeChat's latest status and what it means.
    pub wechat_status: Option<i64>,
    pub status_text: Option<Bi>,
    /// The enterprise's, trial mini program's or official account's name.
    pub name: Option<String>,
    /// Who it is for (personal data masked).
    pub subject: Option<String>,
    pub result_appid: Option<String>,
    /// The new mini program as an authorizer.
    pub authorizer_id: Option<AuthorizerId>,
    pub verification: Option<VerifyState>,
    pub error: Option<Bi>,
    pub created_at: String,
    /// "in 23 hours" while running.
    pub time_left: Option<Bi>,
    pub deadline: String,
    pub finished_at: Option<String>,
}

/// One entry of a task's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskStepItem {
    pub at: String,
    pub step: TaskStep,
    pub wechat_status: Option<i64>,
    pub note: Bi,
    /// The push behind it (its raw XML is on the events page).
    pub event_id: Option<EventId>,
}

/// Everything about one task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskInfo {
    pub item: TaskItem,
    /// The page the legal person, user or administrator confirms on, while the task waits.
    pub confirm_url: Option<String>,
    /// Its QR code (SVG) while the task waits.
    pub qr_svg: Option<String>,
    pub taskid: Option<String>,
    pub unique_id: Option<String>,
    /// What it was started with (label, value; personal data masked).
    pub inputs: Vec<(Bi, String)>,
    pub official_account: Option<(AuthorizerId, String)>,
    pub authorizer_name: Option<String>,
    pub steps: Vec<TaskStepItem>,
}

/// An official account the reuse form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReuseCandidateItem {
    pub id: AuthorizerId,
    pub appid: String,
    pub nick_name: String,
    /// It granted permission set 27 (快速注册小程序) to the platform.
    pub has_set: bool,
    pub used_this_month: u64,
    pub limit: u64,
}

impl ReuseCandidateItem {
    /// Whether the reuse form may offer it now.
    pub fn eligible(&self) -> bool {
        self.has_set && self.used_this_month < self.limit
    }
}

crate::list_query! {
    /// The tasks list's filters, as in its URL (`?platform=&kind=&state=&page=`).
    pub struct TaskQuery at "/registrations" {
        pub platform: PlatformId = "platform",
        pub kind: TaskKind = "kind",
        pub state: TaskState = "state",
    }
}

#[cfg(feature = "ssr")]
mod convert {
    use console_core::registrations::{TaskDetail, TaskRow};

    use super::{TaskInfo, TaskItem, TaskStepItem};
    use crate::api::format_time;
    use crate::api::shared::Bi;
    use crate::api::shared::server::until;

    /// What WeChat's status means on a task: a notification's code or a task status.
    fn status_text(kind_finished: bool, status: i64) -> Bi {
        let meaning = if kind_finished {
            wxopen::registration::notify_status_meaning(status)
                .or_else(|| wxopen::registration::task_status_meaning(status))
        } else {
            wxopen::registration::task_status_meaning(status)
        };
        match meaning {
            Some(m) => Bi::new(format!("{status}：{}", m.zh), format!("{status}: {}", m.en)),
            None => Bi::new(
                format!("{status}（含义未收录）"),
                format!("{status} (meaning not listed)"),
            ),
        }
    }

    pub fn item(now: i64, r: TaskRow) -> TaskItem {
        let running = r.state.is_running();
        TaskItem {
            id: r.id,
            platform_id: r.platform_id,
            platform_name: r.platform_name,
            kind: r.kind,
            state: r.state,
            wechat_status: r.wechat_status,
            status_text: r.wechat_status.map(|s| status_text(!running, s)),
            name: r.name,
            subject: r.subject,
            result_appid: r.result_appid,
            authorizer_id: r.authorizer_id,
            verification: r.beta_step,
            error: r.error,
            created_at: format_time(r.created_at),
            time_left: running.then(|| until(now, r.deadline_at)),
            deadline: format_time(r.deadline_at),
            finished_at: r.finished_at.map(format_time),
        }
    }

    pub fn info(now: i64, d: TaskDetail) -> TaskInfo {
        let waiting = d.row.state.is_running();
        let confirm_url = d.confirm_url.filter(|_| waiting);
        TaskInfo {
            qr_svg: confirm_url
                .as_deref()
                .and_then(|u| wxopen::links::qr_svg(u).ok()),
            confirm_url,
            taskid: d.taskid,
            unique_id: d.unique_id,
            inputs: d.inputs,
            official_account: d.official_account,
            authorizer_name: d.authorizer_name,
            steps: d
                .steps
                .into_iter()
                .map(|s| TaskStepItem {
                    at: format_time(s.at),
                    step: s.step,
                    wechat_status: s.wechat_status,
                    note: s.note,
                    event_id: s.event_id,
                })
                .collect(),
            item: item(now, d.row),
        }
    }
}

/// One page of the tenant's tasks, filtered as the page's URL says.
#[server(prefix = "/api", endpoint = "registrations/list")]
pub async fn list_tasks(
    #[server(default)] query: TaskQuery,
) -> Result<ListPage<TaskItem>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::registrations::{self, TaskFilter};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let filter = TaskFilter {
        platform: query.platform,
        kind: query.kind,
        state: query.state,
        page: query.page.unwrap_or(1),
        per_page: TASKS_PER_PAGE,
    };
    let p = registrations::list(svc, ctx.tenant_id, &filter).await?;
    let now = svc.now();
    Ok(p.map(|r| convert::item(now, r)))
}

/// One task of the tenant with its timeline (the task page polls it while it waits).
#[server(prefix = "/api", endpoint = "registrations/get")]
pub async fn get_task(id: TaskId) -> Result<TaskInfo, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::registrations;

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let d = registrations::get(svc, ctx.tenant_id, id).await?;
    Ok(convert::info(svc.now(), d))
}

/// Starts a task on one of the tenant's platforms; every field is checked before WeChat is
/// called, and a refusal names its field.
/// JSON in, since the form is an enum with numbers and booleans inside.
#[server(prefix = "/api", endpoint = "registrations/start", input = Json)]
pub async fn start_task(platform_id: PlatformId, form: TaskForm) -> Result<TaskId, AppError> {
    use crate::i18n::tr;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::registrations;

    let ctx = require(Permission::Operate).await?;
    let svc = &ctx.state.services;
    let id =
        registrations::start(svc, ctx.tenant_id, Some(ctx.user.id), platform_id, &form).await?;
    let kind = match form.kind() {
        TaskKind::Enterprise => tr::TASK_KIND_ENTERPRISE,
        TaskKind::Personal => tr::TASK_KIND_PERSONAL,
        TaskKind::Beta => tr::TASK_KIND_BETA,
        TaskKind::Reuse => tr::TASK_KIND_REUSE,
    };
    let platform = ctx.platform_label(platform_id).await;
    let detail = Bi::new(
        format!("{}，平台 {platform}", kind.zh),
        format!("{}, platform {platform}", kind.en),
    );
    ctx.audit(
        console_core::AuditAction::TaskStarted,
        format!("#{id}"),
        detail,
    )
    .await;
    Ok(id)
}

/// Renames the trial mini program of a task.
#[server(prefix = "/api", endpoint = "registrations/rename")]
pub async fn rename_trial(id: TaskId, name: String) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::registrations;

    let ctx = require(Permission::Operate).await?;
    registrations::rename(&ctx.state.services, ctx.tenant_id, id, &name).await?;
    let detail = Bi::new(
        format!("试用小程序改名为“{}”", name.trim()),
        format!("Trial renamed to \"{}\"", name.trim()),
    );
    ctx.audit(
        console_core::AuditAction::TaskStarted,
        format!("#{id}"),
        detail,
    )
    .await;
    Ok(())
}

/// Asks WeChat to verify the trial mini program of a task as an enterprise's.
#[server(prefix = "/api", endpoint = "registrations/verify")]
pub async fn verify_trial(
    id: TaskId,
    name: String,
    code: String,
    phone: String,
) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::registrations;

    let ctx = require(Permission::Operate).await?;
    registrations::verify(&ctx.state.services, ctx.tenant_id, id, &name, &code, &phone).await?;
    // The enterprise's name only: the credit code and the phone are personal data.
    let detail = Bi::new(
        format!("申请认证为“{}”的小程序", name.trim()),
        format!("Verification requested as \"{}\"'s", name.trim()),
    );
    ctx.audit(
        console_core::AuditAction::TaskStarted,
        format!("#{id}"),
        detail,
    )
    .await;
    Ok(())
}

/// The official accounts of a platform the reuse form offers, with their eligibility.
#[server(prefix = "/api", endpoint = "registrations/reuse-candidates")]
pub async fn reuse_candidates(
    platform_id: PlatformId,
) -> Result<Vec<ReuseCandidateItem>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::registrations;

    let ctx = require(Permission::View).await?;
    let list =
        registrations::reuse_candidates(&ctx.state.services, ctx.tenant_id, platform_id).await?;
    Ok(list
        .into_iter()
        .map(|c| ReuseCandidateItem {
            id: c.id,
            appid: c.appid,
            nick_name: c.nick_name,
            has_set: c.has_set,
            used_this_month: c.used_this_month,
            limit: c.limit,
        })
        .collect())
}

/// The first followers' openids of one of the tenant's official accounts, for choosing a trial
/// mini program's administrator.
#[server(prefix = "/api", endpoint = "registrations/followers")]
pub async fn follower_openids(authorizer_id: AuthorizerId) -> Result<Vec<String>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::registrations;

    let ctx = require(Permission::Operate).await?;
    Ok(registrations::followers(&ctx.state.services, ctx.tenant_id, authorizer_id).await?)
}
