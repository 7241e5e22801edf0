//! Reading tasks: the list (filtered, paginated on the server), one task with its timeline, the
//! counts the overview and the platform page show, and what the forms offer.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entity::{step, task};
use super::input::{NewTask, mask};
use super::reuse::{REUSES_PER_MONTH, has_reuse_set, reuses_this_month};
use super::start::inputs_of;
use crate::authorizers::entity::authorizer;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::{
    AccountKind, AuthorizerId, AuthorizerStatus, ListPage, PageInfo, PlatformId, TaskId, TaskKind,
    TaskState, TaskStep, TenantId, VerifyState,
};

/// The list's filters.
#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    pub platform: Option<PlatformId>,
    pub kind: Option<TaskKind>,
    pub state: Option<TaskState>,
    pub page: u64,
    pub per_page: u64,
}

/// One task as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskRow {
    pub id: TaskId,
    pub platform_id: PlatformId,
    pub platform_name: String,
    pub kind: TaskKind,
    pub state: TaskState,
    pub wechat_status: Option<i64>,
    pub name: Option<String>,
    pub subject: Option<String>,
    pub result_appid: Option<String>,
    pub authorizer_id: Option<AuthorizerId>,
    pub beta_step: Option<VerifyState>,
    pub error: Option<Bi>,
    pub created_at: i64,
    pub deadline_at: i64,
    pub finished_at: Option<i64>,
}

/// One entry of a task's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskStepRow {
    pub at: i64,
    pub step: TaskStep,
    pub wechat_status: Option<i64>,
    pub note: Bi,
    pub event_id: Option<crate::EventId>,
}

/// Everything about one task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskDetail {
    pub row: TaskRow,
    /// The page to send to the legal person, user or administrator: WeChat's, or the console's
    /// for a reuse.
    pub confirm_url: Option<String>,
    pub taskid: Option<String>,
    pub unique_id: Option<String>,
    /// The inputs, personal data masked: (label in both languages, value).
    pub inputs: Vec<(Bi, String)>,
    /// The official account of a reuse.
    pub official_account: Option<(AuthorizerId, String)>,
    /// The resulting mini program's name, once it is an authorizer.
    pub authorizer_name: Option<String>,
    pub steps: Vec<TaskStepRow>,
}

/// Running and failed tasks, for the overview and platform pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskCounts {
    pub running: u64,
    pub failed: u64,
}

/// An official account the reuse form offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReuseCandidate {
    pub id: AuthorizerId,
    pub appid: String,
    pub nick_name: String,
    /// It granted permission set 27 to the platform.
    pub has_set: bool,
    /// Mini programs it registered this month (WeChat allows five).
    pub used_this_month: u64,
    pub limit: u64,
}

pub(crate) async fn find(
    svc: &Services,
    tenant_id: TenantId,
    id: TaskId,
) -> CoreResult<task::Model> {
    task::Entity::find_by_id(id)
        .filter(task::Column::TenantId.eq(tenant_id))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("registration task"))
}

async fn platform_names(
    svc: &Services,
    ids: Vec<PlatformId>,
) -> CoreResult<HashMap<PlatformId, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(component::Entity::find()
        .filter(component::Column::Id.is_in(ids))
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

fn row(t: &task::Model, platform_name: String) -> TaskRow {
    TaskRow {
        id: t.id,
        platform_id: t.component_id,
        platform_name,
        kind: t.kind,
        state: t.state,
        wechat_status: t.wechat_status,
        name: t.name.clone(),
        subject: t.subject_masked.clone(),
        result_appid: t.result_appid.clone(),
        authorizer_id: t.authorizer_id,
        beta_step: t.beta_step,
        error: t.error.as_deref().map(Bi::from_stored),
        created_at: t.created_at,
        deadline_at: t.deadline_at,
        finished_at: t.finished_at,
    }
}

/// One page of `tenant_id`'s tasks, newest first.
pub async fn list(
    svc: &Services,
    tenant_id: TenantId,
    f: &TaskFilter,
) -> CoreResult<ListPage<TaskRow>> {
    let asked = PageInfo::asked(f.page, f.per_page);
    let mut q = task::Entity::find().filter(task::Column::TenantId.eq(tenant_id));
    if let Some(p) = f.platform {
        q = q.filter(task::Column::ComponentId.eq(p));
    }
    if let Some(k) = f.kind {
        q = q.filter(task::Column::Kind.eq(k));
    }
    if let Some(s) = f.state {
        q = q.filter(task::Column::State.eq(s));
    }
    let total = q.clone().count(svc.db.conn()).await?;
    let models = q
        .order_by_desc(task::Column::CreatedAt)
        .order_by_desc(task::Column::Id)
        .offset(asked.offset())
        .limit(asked.per_page)
        .all(svc.db.conn())
        .await?;
    let names = platform_names(svc, models.iter().map(|m| m.component_id).collect()).await?;
    Ok(ListPage {
        page: asked.with_total(total),
        items: models
            .iter()
            .map(|t| row(t, names.get(&t.component_id).cloned().unwrap_or_default()))
            .collect(),
    })
}

/// One task of `tenant_id` with its timeline.
pub async fn get(svc: &Services, tenant_id: TenantId, id: TaskId) -> CoreResult<TaskDetail> {
    let t = find(svc, tenant_id, id).await?;
    let names = platform_names(svc, vec![t.component_id]).await?;
    let inputs = inputs_of(svc, &t)?;
    let label = |zh: &str, en: &str| Bi::new(zh, en);
    let shown: Vec<(Bi, String)> = match &inputs.task {
        NewTask::Enterprise { name, code, phone } => vec![
            (
                label("企业名称", "Enterprise name"),
                name.as_str().to_string(),
            ),
            (
                label("统一社会信用代码", "Credit code"),
                code.as_str().to_string(),
            ),
            (label("联系电话", "Contact phone"), mask(phone.as_str())),
        ],
        NewTask::Personal { wxuser, phone } => vec![
            (label("微信号", "WeChat ID"), mask(wxuser.as_str())),
            (label("联系电话", "Contact phone"), mask(phone.as_str())),
        ],
        NewTask::Beta { name, openid } => vec![
            (
                label("试用小程序名称", "Trial name"),
                name.as_str().to_string(),
            ),
            (
                label("管理员 openid", "Administrator's openid"),
                mask(openid.as_str()),
            ),
        ],
        NewTask::Reuse {
            copy_verification, ..
        } => vec![(
            label("复用微信认证", "Copy the WeChat verification"),
            if *copy_verification {
                "是 / yes"
            } else {
                "否 / no"
            }
            .to_string(),
        )],
    };
    let official_account = match t.oa_authorizer_id {
        Some(id) => authorizer::Entity::find_by_id(id)
            .one(svc.db.conn())
            .await?
            .map(|a| (a.id, format!("{} ({})", a.nick_name, a.appid))),
        None => None,
    };
    let authorizer_name = match t.authorizer_id {
        Some(id) => authorizer::Entity::find_by_id(id)
            .one(svc.db.conn())
            .await?
            .map(|a| a.nick_name),
        None => None,
    };
    let steps = step::Entity::find()
        .filter(step::Column::TaskId.eq(t.id))
        .order_by_asc(step::Column::At)
        .order_by_asc(step::Column::Id)
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(|s| TaskStepRow {
            at: s.at,
            step: s.step,
            wechat_status: s.wechat_status,
            note: Bi::from_stored(&s.note),
            event_id: s.event_id,
        })
        .collect();
    let confirm_url = match t.kind {
        TaskKind::Reuse => inputs.page_url.clone(),
        _ => t.authorize_url.clone(),
    };
    Ok(TaskDetail {
        row: row(&t, names.get(&t.component_id).cloned().unwrap_or_default()),
        confirm_url,
        taskid: t.taskid.clone(),
        unique_id: t.unique_id.clone(),
        inputs: shown,
        official_account,
        authorizer_name,
        steps,
    })
}

/// Running and failed tasks of `tenant_id` (of one platform, if given).
pub async fn counts(
    svc: &Services,
    tenant_id: TenantId,
    platform: Option<PlatformId>,
) -> CoreResult<TaskCounts> {
    let mut q = task::Entity::find()
        .select_only()
        .column(task::Column::State)
        .column_as(task::Column::Id.count(), "n")
        .filter(task::Column::TenantId.eq(tenant_id));
    if let Some(p) = platform {
        q = q.filter(task::Column::ComponentId.eq(p));
    }
    let rows: Vec<(TaskState, i64)> = q
        .group_by(task::Column::State)
        .into_tuple()
        .all(svc.db.conn())
        .await?;
    let mut out = TaskCounts::default();
    for (state, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        if state.is_running() {
            out.running += n;
        } else if state == TaskState::Failed {
            out.failed += n;
        }
    }
    Ok(out)
}

/// The task that registered authorizer `id`, if one did.
pub async fn task_of_authorizer(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
) -> CoreResult<Option<TaskId>> {
    Ok(task::Entity::find()
        .filter(task::Column::TenantId.eq(tenant_id))
        .filter(task::Column::AuthorizerId.eq(id))
        .one(svc.db.conn())
        .await?
        .map(|t| t.id))
}

/// The official accounts of platform `platform_id` the reuse form offers, with whether each
/// can lend its qualification now.
pub async fn reuse_candidates(
    svc: &Services,
    tenant_id: TenantId,
    platform_id: PlatformId,
) -> CoreResult<Vec<ReuseCandidate>> {
    // Another tenant's platform is "not found", as everywhere.
    crate::platforms::get_model(svc, tenant_id, platform_id).await?;
    let accounts = authorizer::Entity::find()
        .filter(authorizer::Column::TenantId.eq(tenant_id))
        .filter(authorizer::Column::ComponentId.eq(platform_id))
        .filter(authorizer::Column::Kind.eq(AccountKind::OfficialAccount))
        .filter(authorizer::Column::Status.eq(AuthorizerStatus::Authorized))
        .order_by_asc(authorizer::Column::NickName)
        .limit(500)
        .all(svc.db.conn())
        .await?;
    let mut out = Vec::with_capacity(accounts.len());
    for a in accounts {
        out.push(ReuseCandidate {
            has_set: has_reuse_set(svc, a.id).await?,
            used_this_month: reuses_this_month(svc, a.id).await?,
            limit: REUSES_PER_MONTH,
            id: a.id,
            appid: a.appid,
            nick_name: a.nick_name,
        });
    }
    Ok(out)
}

/// Openids the trial form offers as the future administrator: the first followers of official
/// account `id` of `tenant_id` (its permission set 2 is needed; WeChat's 61007 is explained).
pub async fn followers(
    svc: &Services,
    tenant_id: TenantId,
    id: AuthorizerId,
) -> CoreResult<Vec<String>> {
    /// More would not fit a drop-down; staff can still type any openid.
    const SHOWN: usize = 100;
    let a = authorizer::Entity::find_by_id(id)
        .filter(authorizer::Column::TenantId.eq(tenant_id))
        .filter(authorizer::Column::Kind.eq(AccountKind::OfficialAccount))
        .one(svc.db.conn())
        .await?
        .ok_or(CoreError::NotFound("official account"))?;
    let page =
        crate::tokens::with_authorizer_token(svc, a.component_id, &a.appid, |aat| async move {
            svc.wechat.followers(&aat, None).await
        })
        .await;
    match page {
        Ok(p) => Ok(p.data.openid.into_iter().take(SHOWN).collect()),
        Err(crate::tokens::CallError::Api(e)) => {
            Err(match crate::tokens::permission_error(&e, &a.appid, false) {
                Some(m) => CoreError::Upstream(m),
                None => crate::tokens::api_error_to_core(&e),
            })
        }
        Err(crate::tokens::CallError::Token(e)) => Err(e),
    }
}
