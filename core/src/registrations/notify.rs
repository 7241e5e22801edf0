//! WeChat's registration notifications applied to their tasks, correlated by `taskid`,
//! `unique_id`, the new appid, the subject, or (for the bare failure seen in the wild, reference
//! B23) the platform's only running task. Applying the same notification twice changes nothing.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use wxopen::push::RegistrationResult;
use wxopen::registration::notify_status_meaning;

use super::entity::{step, task};
use super::start::subject_hash;
use super::timeline::{changes, record};
use crate::authorization;
use crate::authorizers::entity::authorizer;
use crate::authorizers::store;
use crate::error::CoreResult;
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::{AccountKind, EventId, PlatformId, TaskKind, TaskState, TaskStep, VerifyState};

/// Which notification arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotifyKind {
    /// `notify_third_fasteregister` (enterprise and personal flows).
    Register,
    /// `notify_third_fastregisterbetaapp`.
    Beta,
    /// `notify_third_fastverifybetaapp`.
    Verify,
}

/// Applies notification `event_id` to its task. `None` when no task of the platform matches (a
/// task started outside the console): the event keeps its own result.
pub async fn on_notify(
    svc: &Services,
    c: &component::Model,
    event_id: EventId,
    kind: NotifyKind,
    r: &RegistrationResult,
) -> CoreResult<Option<Bi>> {
    let Some(t) = find_task(svc, c.id, kind, r).await? else {
        return Ok(None);
    };
    if let Some(done) = step::Entity::find()
        .filter(step::Column::TaskId.eq(t.id))
        .filter(step::Column::EventId.eq(event_id))
        .one(svc.db.conn())
        .await?
    {
        return Ok(Some(Bi::from_stored(&done.note)));
    }
    let meaning = meaning(r);
    if kind == NotifyKind::Verify {
        return verify_result(svc, &t, event_id, r, meaning).await.map(Some);
    }
    // A success carries a code to exchange (enterprise and personal); done before anything is
    // written, so that a failed exchange leaves the event to be retried as it was.
    let mut new_authorizer = None;
    if r.status == 0
        && let Some(code) = r.auth_code.as_ref().filter(|c| !c.expose().is_empty())
    {
        new_authorizer = Some(authorization::exchange_code(svc, c, code).await?.authorizer);
    }
    let appid = r
        .appid
        .clone()
        .filter(|a| !a.is_empty())
        .or_else(|| new_authorizer.as_ref().map(|a| a.appid.clone()));
    let now = svc.now();
    let (state, outcome_step, note) = match r.status {
        0 => (
            TaskState::Succeeded,
            TaskStep::Succeeded,
            Bi::new(
                format!("注册成功，新小程序 {}", appid.clone().unwrap_or_default()),
                format!(
                    "Registered: the new mini program is {}",
                    appid.clone().unwrap_or_default()
                ),
            ),
        ),
        1 => (TaskState::Expired, TaskStep::Expired, meaning.clone()),
        _ => (TaskState::Failed, TaskStep::Failed, meaning.clone()),
    };
    let txn = svc.db.begin_write().await?;
    let mut am = changes(&t, now);
    am.wechat_status = Set(Some(r.status));
    if appid.is_some() {
        am.result_appid = Set(appid.clone());
    }
    let finished = !t.state.is_running();
    if !finished || (state == TaskState::Succeeded && t.state != TaskState::Succeeded) {
        am.state = Set(state);
        am.finished_at = Set(Some(now));
        if state != TaskState::Succeeded {
            am.error = Set(Some(meaning.to_stored()));
        }
    }
    am.update(&txn).await?;
    record(
        &txn,
        t.id,
        now,
        TaskStep::Notified,
        Some(r.status),
        &meaning,
        Some(event_id),
    )
    .await?;
    if !finished || state == TaskState::Succeeded {
        record(&txn, t.id, now, outcome_step, Some(r.status), &note, None).await?;
    }
    txn.commit().await?;
    if let Some(appid) = &appid {
        match new_authorizer {
            Some(a) => link_authorizer(svc, c.id, &a).await?,
            None => {
                if let Some(a) = store::find(svc, c.id, appid).await? {
                    link_authorizer(svc, c.id, &a).await?;
                }
            }
        }
    }
    Ok(Some(Bi::new(
        format!("任务 #{}：{}", t.id, note.zh),
        format!("Task #{}: {}", t.id, note.en),
    )))
}

/// What a notification's status means (`msg` for codes the documentation does not list).
fn meaning(r: &RegistrationResult) -> Bi {
    let msg = r.msg.clone().unwrap_or_default();
    match (r.status, notify_status_meaning(r.status)) {
        (0, _) => Bi::new("微信通知：成功", "WeChat's notification: success"),
        (s, Some(m)) => Bi::new(
            format!("微信通知：status {s}，{}（{msg}）", m.zh),
            format!("WeChat's notification: status {s}, {} ({msg})", m.en),
        ),
        (s, None) => Bi::new(
            format!("微信通知：status {s}（{msg}）"),
            format!("WeChat's notification: status {s} ({msg})"),
        ),
    }
}

/// A trial mini program's verification ended.
async fn verify_result(
    svc: &Services,
    t: &task::Model,
    event_id: EventId,
    r: &RegistrationResult,
    meaning: Bi,
) -> CoreResult<Bi> {
    let now = svc.now();
    let (state, kind, note) = if r.status == 0 {
        (
            VerifyState::Succeeded,
            TaskStep::Verified,
            Bi::new(
                "认证成功，已成为正式小程序",
                "Verified: it is a formal mini program now",
            ),
        )
    } else {
        (VerifyState::Failed, TaskStep::VerifyFailed, meaning.clone())
    };
    let txn = svc.db.begin_write().await?;
    let mut am = changes(t, now);
    am.beta_step = Set(Some(state));
    am.wechat_status = Set(Some(r.status));
    am.update(&txn).await?;
    record(&txn, t.id, now, kind, Some(r.status), &note, Some(event_id)).await?;
    txn.commit().await?;
    Ok(Bi::new(
        format!("任务 #{}：{}", t.id, note.zh),
        format!("Task #{}: {}", t.id, note.en),
    ))
}

async fn find_task(
    svc: &Services,
    component_id: PlatformId,
    kind: NotifyKind,
    r: &RegistrationResult,
) -> CoreResult<Option<task::Model>> {
    let of_platform = || task::Entity::find().filter(task::Column::ComponentId.eq(component_id));
    let conn = svc.db.conn();
    let nonempty = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    if kind == NotifyKind::Verify {
        let Some(appid) = nonempty(&r.appid) else {
            return Ok(None);
        };
        return Ok(of_platform()
            .filter(task::Column::Kind.eq(TaskKind::Beta))
            .filter(task::Column::ResultAppid.eq(appid))
            .one(conn)
            .await?);
    }
    let kinds = match kind {
        NotifyKind::Beta => vec![TaskKind::Beta],
        _ => vec![TaskKind::Enterprise, TaskKind::Personal],
    };
    let of_kind = || of_platform().filter(task::Column::Kind.is_in(kinds.clone()));
    // WeChat's ids first, then the new mini program.
    let keys = [
        (task::Column::Taskid, nonempty(&r.info.taskid)),
        (task::Column::UniqueId, nonempty(&r.info.unique_id)),
        (task::Column::ResultAppid, nonempty(&r.appid)),
    ];
    for (column, value) in keys {
        let Some(value) = value else {
            continue;
        };
        if let Some(t) = of_kind().filter(column.eq(value)).one(conn).await? {
            return Ok(Some(t));
        }
    }
    // The subject, for notifications without an id (older shapes).
    let subjects = [
        nonempty(&r.info.code).map(|c| subject_hash(TaskKind::Enterprise, &c.to_uppercase())),
        nonempty(&r.info.wxuser).map(|w| subject_hash(TaskKind::Personal, &w.to_lowercase())),
    ];
    for hash in subjects.into_iter().flatten() {
        if let Some(t) = of_kind()
            .filter(task::Column::SubjectHash.eq(hash))
            .order_by_desc(task::Column::CreatedAt)
            .one(conn)
            .await?
        {
            return Ok(Some(t));
        }
    }
    // The bare failure: no appid, no info. Only an unambiguous match is taken; otherwise the
    // poller reads each running task's status from WeChat.
    let bare = nonempty(&r.appid).is_none() && r.info == Default::default();
    if bare && kind == NotifyKind::Register {
        let mut running = of_kind()
            .filter(task::Column::State.eq(TaskState::Waiting))
            .all(conn)
            .await?;
        if running.len() == 1 {
            return Ok(running.pop());
        }
    }
    Ok(None)
}

/// Links a new authorizer of platform `component_id` to the task that registered it: by appid,
/// or, when WeChat's notification was lost and the poller learned of the success, by subject (an
/// enterprise's name is the mini program's principal) or as the only candidate.
pub async fn link_authorizer(
    svc: &Services,
    component_id: PlatformId,
    a: &authorizer::Model,
) -> CoreResult<()> {
    let conn = svc.db.conn();
    let of_platform = || task::Entity::find().filter(task::Column::ComponentId.eq(component_id));
    let mut found = of_platform()
        .filter(task::Column::ResultAppid.eq(a.appid.clone()))
        .one(conn)
        .await?;
    if found.is_none() && a.kind != AccountKind::OfficialAccount {
        let already = of_platform()
            .filter(task::Column::AuthorizerId.eq(a.id))
            .one(conn)
            .await?;
        if already.is_some() {
            return Ok(());
        }
        let unlinked = of_platform()
            .filter(task::Column::State.eq(TaskState::Succeeded))
            .filter(task::Column::ResultAppid.is_null())
            .filter(task::Column::Kind.is_in([TaskKind::Enterprise, TaskKind::Personal]))
            .filter(task::Column::CreatedAt.lte(a.authorized_at))
            .all(conn)
            .await?;
        let by_name: Vec<&task::Model> = unlinked
            .iter()
            .filter(|t| {
                t.kind == TaskKind::Enterprise
                    && t.name.is_some()
                    && t.name.as_deref() == a.principal_name.as_deref()
            })
            .collect();
        found = match (by_name.as_slice(), unlinked.as_slice()) {
            ([t], _) => Some((*t).clone()),
            ([], [t]) => Some(t.clone()),
            _ => None,
        };
    }
    let Some(t) = found else {
        return Ok(());
    };
    if t.authorizer_id == Some(a.id) {
        return Ok(());
    }
    let now = svc.now();
    let txn = svc.db.begin_write().await?;
    let mut am = changes(&t, now);
    am.authorizer_id = Set(Some(a.id));
    am.result_appid = Set(Some(a.appid.clone()));
    am.update(&txn).await?;
    record(
        &txn,
        t.id,
        now,
        TaskStep::Authorized,
        None,
        &Bi::new(
            format!("新小程序 {} 已授权给本平台，列在授权方中", a.appid),
            format!(
                "The new mini program {} is authorized to this platform and listed under authorizers",
                a.appid
            ),
        ),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
