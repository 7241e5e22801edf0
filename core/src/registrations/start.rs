//! Starting a task: check the form, refuse a second running task for the same subject, record
//! the task, then ask WeChat (so nothing WeChat started is ever unknown to the console).

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wxopen::api::EnterpriseRegistration;
use wxopen::{ApiError, Secret};

use super::entity::task;
use super::input::NewTask;
use super::timeline::{changes, record};
use super::{TASK_TTL_MS, reuse};
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::tokens;
use crate::{PlatformId, TaskForm, TaskId, TaskKind, TaskState, TaskStep, TenantId, UserId};

/// What a task was started with, sealed in `inputs_enc`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Inputs {
    pub task: NewTask,
    /// A reuse's console page (its token is stored only as a hash).
    #[serde(default)]
    pub page_url: Option<String>,
}

pub(crate) fn inputs_context(id: TaskId) -> String {
    format!("registration_tasks.inputs:{id}")
}

pub(crate) fn subject_hash(kind: TaskKind, subject: &str) -> String {
    hex::encode(Sha256::digest(format!("{kind}:{subject}").as_bytes()))
}

/// Starts a task of `tenant_id`'s platform. Invalid fields are refused before WeChat is called,
/// each on its field; a refusal by WeChat is returned with its meaning and stays on the task.
pub async fn start(
    svc: &Services,
    tenant_id: TenantId,
    user_id: Option<UserId>,
    platform_id: PlatformId,
    form: &TaskForm,
) -> CoreResult<TaskId> {
    let new = NewTask::parse(form)?;
    let c = platforms::get_model(svc, tenant_id, platform_id).await?;
    let call = match &new {
        NewTask::Enterprise { name, code, phone } => Create::Enterprise(EnterpriseRegistration {
            name: name.as_str().to_string(),
            code: code.as_str().to_string(),
            component_phone: phone.as_str().to_string(),
        }),
        NewTask::Personal { wxuser, phone } => Create::Personal {
            wxuser: wxuser.as_str().to_string(),
            phone: phone.as_str().to_string(),
        },
        NewTask::Beta { name, openid } => Create::Beta {
            name: name.as_str().to_string(),
            openid: openid.as_str().to_string(),
        },
        NewTask::Reuse {
            official_account,
            copy_verification,
        } => {
            return reuse::create(svc, &c, user_id, *official_account, *copy_verification).await;
        }
    };
    let t = insert(svc, &c, user_id, &new, None).await?;
    let asked = tokens::with_component_token(svc, c.id, |cat| {
        let call = call.clone();
        async move { call.send(&svc.wechat, &cat).await }
    })
    .await;
    let now = svc.now();
    match asked {
        Ok((taskid, unique_id, authorize_url, status)) => {
            let mut am = changes(&t, now);
            am.state = Set(TaskState::Waiting);
            am.taskid = Set(taskid.clone());
            am.unique_id = Set(unique_id.clone());
            am.authorize_url = Set(authorize_url);
            am.wechat_status = Set(status);
            am.update(svc.db.conn()).await?;
            let id = taskid.or(unique_id).unwrap_or_default();
            record(
                svc.db.conn(),
                t.id,
                now,
                TaskStep::Accepted,
                status,
                &Bi::new(
                    format!("微信已受理（{id}），等待对方在 24 小时内确认"),
                    format!(
                        "WeChat accepted it ({id}); waiting up to 24 hours for the confirmation"
                    ),
                ),
                None,
            )
            .await?;
            Ok(t.id)
        }
        Err(e) => {
            let e = CoreError::from(e);
            let why = e.message().cloned().unwrap_or_else(|| {
                Bi::new(
                    "无法调用微信接口，详见服务器日志",
                    "Could not call WeChat; see the server log",
                )
            });
            let mut am = changes(&t, now);
            am.state = Set(TaskState::Failed);
            am.error = Set(Some(why.to_stored()));
            am.finished_at = Set(Some(now));
            am.update(svc.db.conn()).await?;
            record(
                svc.db.conn(),
                t.id,
                now,
                TaskStep::Refused,
                None,
                &why,
                None,
            )
            .await?;
            Err(e)
        }
    }
}

/// WeChat's call that creates a task, and what it answers: `taskid`, `unique_id`, the page to
/// confirm on and the task status.
#[derive(Clone)]
enum Create {
    Enterprise(EnterpriseRegistration),
    Personal { wxuser: String, phone: String },
    Beta { name: String, openid: String },
}

type Created = (Option<String>, Option<String>, Option<String>, Option<i64>);

impl Create {
    async fn send(&self, client: &wxopen::Client, cat: &Secret) -> Result<Created, ApiError> {
        match self {
            Create::Enterprise(e) => client
                .fast_register_enterprise(cat, e)
                .await
                .map(|r| (r.taskid, None, r.authorize_url, r.status)),
            Create::Personal { wxuser, phone } => client
                .fast_register_personal(cat, wxuser, phone)
                .await
                .map(|r| (r.taskid, None, r.authorize_url, r.status)),
            Create::Beta { name, openid } => client
                .fast_register_beta(cat, name, openid)
                .await
                .map(|r| (None, Some(r.unique_id), Some(r.authorize_url), None)),
        }
    }
}

/// Records a new task (state `starting`, or `waiting` for a reuse's page), refusing a second
/// running task for the same subject in the tenant (WeChat would answer 89249).
pub(crate) async fn insert(
    svc: &Services,
    c: &component::Model,
    user_id: Option<UserId>,
    new: &NewTask,
    page_url: Option<String>,
) -> CoreResult<task::Model> {
    let kind = new.kind();
    let hash = subject_hash(kind, &new.subject());
    let running = task::Entity::find()
        .filter(task::Column::TenantId.eq(c.tenant_id))
        .filter(task::Column::SubjectHash.eq(hash.clone()))
        .filter(task::Column::State.is_in([TaskState::Starting, TaskState::Waiting]))
        .one(svc.db.conn())
        .await?;
    if let Some(r) = running {
        return Err(CoreError::Conflict(
            Bi::new(
                format!(
                    "同一主体已有进行中的注册任务 #{}，请等它结束（最长 24 小时）后再试",
                    r.id
                ),
                format!(
                    "Task #{} for the same subject is still running: try again when it ends (24 hours at most)",
                    r.id
                ),
            )
            .on_field(subject_field(kind)),
        ));
    }
    let now = svc.now();
    let txn = svc.db.begin_write().await?;
    let row = task::ActiveModel {
        tenant_id: Set(c.tenant_id),
        component_id: Set(c.id),
        kind: Set(kind),
        state: Set(if kind == TaskKind::Reuse {
            TaskState::Waiting
        } else {
            TaskState::Starting
        }),
        name: Set(new.name()),
        subject_hash: Set(Some(hash)),
        subject_masked: Set(Some(new.subject_masked()).filter(|s| !s.is_empty())),
        inputs_enc: Set(String::new()),
        attempts: Set(0),
        deadline_at: Set(now + TASK_TTL_MS),
        created_by: Set(user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let inputs = Inputs {
        task: new.clone(),
        page_url,
    };
    let json = serde_json::to_string(&inputs)
        .map_err(|e| CoreError::Internal(format!("task inputs: {e}")))?;
    let mut am = changes(&row, now);
    am.inputs_enc = Set(svc.secrets.seal(&inputs_context(row.id), &json)?);
    let row = am.update(&txn).await?;
    record(
        &txn,
        row.id,
        now,
        TaskStep::Created,
        None,
        &Bi::new("已创建任务", "Task created"),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// The form field naming a flow's subject.
fn subject_field(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Enterprise => "code",
        TaskKind::Personal => "wxuser",
        TaskKind::Beta => "openid",
        TaskKind::Reuse => "official_account",
    }
}

/// The inputs of a task.
pub(crate) fn inputs_of(svc: &Services, t: &task::Model) -> CoreResult<Inputs> {
    let json = svc.secrets.open(&inputs_context(t.id), &t.inputs_enc)?;
    serde_json::from_str(json.expose())
        .map_err(|e| CoreError::Internal(format!("task {} inputs: {e}", t.id)))
}
