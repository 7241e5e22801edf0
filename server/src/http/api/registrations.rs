//! Fast registration by API: a platform's own sign-up flow starts and follows the same tasks, with
//! the same checks, as staff do in the console (`console_core::registrations`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use console_core::audit::{self, Actor, Entry};
use console_core::authorizers::store as authorizers;
use console_core::platforms::entity as component;
use console_core::registrations::{self, TaskDetail};
use console_core::{
    ApiScope, AuditAction, Bi, CoreError, TaskForm, TaskId, TaskKind, TaskState, TaskStep,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{ApiState, Caller};
use super::error::{ApiResult, ErrorBody, Message};

/// A task to start: one of the four flows.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StartRegistration {
    /// An enterprise mini program: the legal person confirms on WeChat.
    Enterprise {
        /// The enterprise's registered name.
        name: String,
        /// Its 18-character unified social credit code.
        code: String,
        /// The platform's contact phone for this task.
        phone: String,
    },
    /// A personal mini program: the user confirms on WeChat.
    Personal { wxuser: String, phone: String },
    /// A trial mini program administered by the WeChat user `openid`.
    Beta { name: String, openid: String },
    /// A mini program reusing an authorized official account's qualification (set 27).
    Reuse {
        official_account_appid: String,
        #[serde(default)]
        copy_verification: bool,
    },
}

/// A new name for a trial mini program.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RenameTrial {
    pub name: String,
}

/// Verification of a trial mini program as an enterprise's.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyTrial {
    pub enterprise_name: String,
    pub code: String,
    pub phone: String,
}

/// One entry of a task's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepBody {
    /// Unix ms.
    pub at: i64,
    #[schema(value_type = String)]
    pub step: TaskStep,
    pub wechat_status: Option<i64>,
    pub note: Message,
}

/// A task as a service follows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationBody {
    #[schema(value_type = i64)]
    pub id: TaskId,
    /// `enterprise`, `personal`, `beta` or `reuse`.
    #[schema(value_type = String)]
    pub kind: TaskKind,
    /// `starting`, `waiting`, `succeeded`, `failed` or `expired`.
    #[schema(value_type = String)]
    pub state: TaskState,
    /// WeChat's status code of the task, when it sent one.
    pub wechat_status: Option<i64>,
    pub name: Option<String>,
    /// The page the legal person, user or administrator must open.
    pub confirm_url: Option<String>,
    /// WeChat's id of the task: its `taskid`, or `unique_id` for a trial (what WeChat's support
    /// asks for).
    pub wechat_id: Option<String>,
    /// The new mini program, once registered.
    pub result_appid: Option<String>,
    pub error: Option<Message>,
    /// Unix ms.
    pub created_at: i64,
    /// WeChat gives up at this time (24 hours), Unix ms.
    pub deadline_at: i64,
    pub finished_at: Option<i64>,
    pub steps: Vec<StepBody>,
}

fn message(b: Bi) -> Message {
    Message { zh: b.zh, en: b.en }
}

impl From<TaskDetail> for RegistrationBody {
    fn from(d: TaskDetail) -> Self {
        Self {
            id: d.row.id,
            kind: d.row.kind,
            state: d.row.state,
            wechat_status: d.row.wechat_status,
            name: d.row.name,
            confirm_url: d.confirm_url,
            wechat_id: d.taskid.or(d.unique_id),
            result_appid: d.row.result_appid,
            error: d.row.error.map(message),
            created_at: d.row.created_at,
            deadline_at: d.row.deadline_at,
            finished_at: d.row.finished_at,
            steps: d
                .steps
                .into_iter()
                .map(|s| StepBody {
                    at: s.at,
                    step: s.step,
                    wechat_status: s.wechat_status,
                    note: message(s.note),
                })
                .collect(),
        }
    }
}

/// The platform of `appid` the caller may register for.
async fn platform(state: &ApiState, caller: &Caller, appid: &str) -> ApiResult<component::Model> {
    Ok(caller
        .require(ApiScope::Registrations)?
        .platform(&state.services, appid)
        .await?)
}

/// Task `id` of `platform` (another platform's or tenant's task is "not found").
async fn task(state: &ApiState, c: &component::Model, id: TaskId) -> ApiResult<TaskDetail> {
    let d = registrations::get(&state.services, c.tenant_id, id).await?;
    if d.row.platform_id != c.id {
        return Err(CoreError::NotFound("task").into());
    }
    Ok(d)
}

/// Records what the key did in the tenant's audit log.
async fn audited(state: &ApiState, caller: &Caller, id: TaskId, detail: Bi) {
    let svc = &state.services;
    let actor = Actor {
        user_id: None,
        name: format!("API key #{}", caller.0.key_id),
        ip: None,
    };
    let entry = Entry {
        tenant_id: Some(caller.0.tenant_id),
        action: AuditAction::TaskStarted,
        target: format!("#{id}"),
        detail,
    };
    if let Err(e) = audit::record(svc.db.conn(), &*svc.clock, &actor, entry).await {
        tracing::warn!("recording an audit entry failed: {e}");
    }
}

/// Starts a task; WeChat's refusal is kept on the task (and answered as `upstream_error`).
#[utoipa::path(post, path = "/api/v1/platforms/{component_appid}/registrations", tag = "registrations",
    params(("component_appid" = String, Path)),
    request_body = StartRegistration,
    responses((status = 201, body = RegistrationBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)),
    security(("api_key" = [])))]
pub async fn start(
    State(state): State<ApiState>,
    caller: Caller,
    Path(component_appid): Path<String>,
    Json(body): Json<StartRegistration>,
) -> ApiResult<(StatusCode, Json<RegistrationBody>)> {
    let c = platform(&state, &caller, &component_appid).await?;
    let form = match body {
        StartRegistration::Enterprise { name, code, phone } => {
            TaskForm::Enterprise { name, code, phone }
        }
        StartRegistration::Personal { wxuser, phone } => TaskForm::Personal { wxuser, phone },
        StartRegistration::Beta { name, openid } => TaskForm::Beta { name, openid },
        StartRegistration::Reuse {
            official_account_appid,
            copy_verification,
        } => {
            let a = authorizers::find(&state.services, c.id, official_account_appid.trim())
                .await?
                .ok_or_else(|| {
                    CoreError::Invalid(
                        Bi::new(
                            "该公众号没有授权此平台",
                            "This official account has not authorized this platform",
                        )
                        .on_field("official_account_appid"),
                    )
                })?;
            TaskForm::Reuse {
                official_account: a.id,
                copy_verification,
            }
        }
    };
    let kind = form.kind();
    let id = registrations::start(&state.services, c.tenant_id, None, c.id, &form).await?;
    audited(
        &state,
        &caller,
        id,
        Bi::new(
            format!("通过 API 开始快速注册（{kind}），平台 {}", c.name),
            format!(
                "Fast registration ({kind}) started by API, platform {}",
                c.name
            ),
        ),
    )
    .await;
    let d = task(&state, &c, id).await?;
    Ok((StatusCode::CREATED, Json(d.into())))
}

/// A task: its state, WeChat's status, the confirmation page, the result and the timeline.
#[utoipa::path(get, path = "/api/v1/platforms/{component_appid}/registrations/{task_id}", tag = "registrations",
    params(("component_appid" = String, Path), ("task_id" = i64, Path)),
    responses((status = 200, body = RegistrationBody), (status = 404, body = ErrorBody)),
    security(("api_key" = [])))]
pub async fn show(
    State(state): State<ApiState>,
    caller: Caller,
    Path((component_appid, task_id)): Path<(String, TaskId)>,
) -> ApiResult<Json<RegistrationBody>> {
    let c = platform(&state, &caller, &component_appid).await?;
    Ok(Json(task(&state, &c, task_id).await?.into()))
}

/// Renames the trial mini program of a task.
#[utoipa::path(post, path = "/api/v1/platforms/{component_appid}/registrations/{task_id}/rename", tag = "registrations",
    params(("component_appid" = String, Path), ("task_id" = i64, Path)),
    request_body = RenameTrial,
    responses((status = 200, body = RegistrationBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)),
    security(("api_key" = [])))]
pub async fn rename(
    State(state): State<ApiState>,
    caller: Caller,
    Path((component_appid, task_id)): Path<(String, TaskId)>,
    Json(body): Json<RenameTrial>,
) -> ApiResult<Json<RegistrationBody>> {
    let c = platform(&state, &caller, &component_appid).await?;
    task(&state, &c, task_id).await?;
    registrations::rename(&state.services, c.tenant_id, task_id, &body.name).await?;
    audited(
        &state,
        &caller,
        task_id,
        Bi::new(
            format!("通过 API 将体验小程序改名为“{}”", body.name.trim()),
            format!("Trial renamed to \"{}\" by API", body.name.trim()),
        ),
    )
    .await;
    Ok(Json(task(&state, &c, task_id).await?.into()))
}

/// Asks WeChat to verify the trial mini program of a task as an enterprise's.
#[utoipa::path(post, path = "/api/v1/platforms/{component_appid}/registrations/{task_id}/verify", tag = "registrations",
    params(("component_appid" = String, Path), ("task_id" = i64, Path)),
    request_body = VerifyTrial,
    responses((status = 200, body = RegistrationBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)),
    security(("api_key" = [])))]
pub async fn verify(
    State(state): State<ApiState>,
    caller: Caller,
    Path((component_appid, task_id)): Path<(String, TaskId)>,
    Json(body): Json<VerifyTrial>,
) -> ApiResult<Json<RegistrationBody>> {
    let c = platform(&state, &caller, &component_appid).await?;
    task(&state, &c, task_id).await?;
    registrations::verify(
        &state.services,
        c.tenant_id,
        task_id,
        &body.enterprise_name,
        &body.code,
        &body.phone,
    )
    .await?;
    audited(
        &state,
        &caller,
        task_id,
        Bi::new(
            format!(
                "通过 API 申请以“{}”认证体验小程序",
                body.enterprise_name.trim()
            ),
            format!(
                "Verification as \"{}\"'s requested by API",
                body.enterprise_name.trim()
            ),
        ),
    )
    .await;
    Ok(Json(task(&state, &c, task_id).await?.into()))
}
