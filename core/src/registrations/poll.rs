//! The poller: tasks whose notification is late are read with `action=query`, tasks past their
//! 24 hours expire, a reuse's `account/fastregister` is tried again, and a task left `starting`
//! by a stopped console is closed.

use std::time::Duration;

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set};
use wxopen::registration::{TaskOutcome, task_outcome, task_status_meaning};

use super::entity::task;
use super::notify::link_authorizer;
use super::reuse;
use super::timeline::{changes, record};
use crate::authorizers::entity::authorizer;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::services::Services;
use crate::tokens;
use crate::{AccountKind, TaskKind, TaskState, TaskStep, VerifyState};

/// How long after a task's start its notification is waited for before WeChat is asked.
const QUERY_AFTER_MS: i64 = 60_000;
/// How often one task is asked about.
const QUERY_EVERY_MS: i64 = 5 * 60_000;
/// A task still `starting` this long after it was recorded was cut off mid-call.
const STARTING_LIMIT_MS: i64 = 2 * 60_000;
/// How often the poller runs.
const POLL_EVERY: Duration = Duration::from_secs(30);

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PollReport {
    pub queried: u32,
    pub finished: u32,
    pub expired: u32,
    pub retried: u32,
}

/// Marks a running task (or a waiting verification) past its deadline as expired.
pub(crate) async fn expire(svc: &Services, t: &task::Model) -> CoreResult<bool> {
    let now = svc.now();
    let note = Bi::new(
        "超过 24 小时无人确认，任务已过期",
        "Nobody confirmed within 24 hours: the task expired",
    );
    if t.state.is_running() {
        // Only one instance wins the change.
        let won = task::Entity::update_many()
            .col_expr(task::Column::State, Expr::value(TaskState::Expired))
            .col_expr(task::Column::Error, Expr::value(Some(note.to_stored())))
            .col_expr(task::Column::FinishedAt, Expr::value(Some(now)))
            .col_expr(task::Column::UpdatedAt, Expr::value(now))
            .filter(task::Column::Id.eq(t.id))
            .filter(task::Column::State.eq(t.state))
            .exec(svc.db.conn())
            .await?
            .rows_affected
            == 1;
        if won {
            record(
                svc.db.conn(),
                t.id,
                now,
                TaskStep::Expired,
                None,
                &note,
                None,
            )
            .await?;
        }
        return Ok(won);
    }
    if t.beta_step == Some(VerifyState::Waiting) {
        let mut am = changes(t, now);
        am.beta_step = Set(Some(VerifyState::Failed));
        am.update(svc.db.conn()).await?;
        let note = Bi::new(
            "认证超过 24 小时未确认，已失败，可重新提交",
            "The verification was not confirmed within 24 hours: it failed and can be asked for again",
        );
        record(
            svc.db.conn(),
            t.id,
            now,
            TaskStep::VerifyFailed,
            None,
            &note,
            None,
        )
        .await?;
        return Ok(true);
    }
    Ok(false)
}

/// One round of the poller.
pub async fn poll_once(svc: &Services) -> CoreResult<PollReport> {
    let mut report = PollReport::default();
    let now = svc.now();
    let conn = svc.db.conn();

    let due = task::Entity::find()
        .filter(task::Column::DeadlineAt.lte(now))
        .filter(
            Condition::any()
                .add(task::Column::State.eq(TaskState::Waiting))
                .add(task::Column::BetaStep.eq(VerifyState::Waiting)),
        )
        .filter(task::Column::TicketEnc.is_null())
        .all(conn)
        .await?;
    for t in due {
        if expire(svc, &t).await? {
            report.expired += 1;
        }
    }

    let cut_off = task::Entity::find()
        .filter(task::Column::State.eq(TaskState::Starting))
        .filter(task::Column::CreatedAt.lte(now - STARTING_LIMIT_MS))
        .all(conn)
        .await?;
    for t in cut_off {
        let note = Bi::new(
            "控制台在向微信发起任务时中断，未收到微信的答复；如法人或用户仍收到了确认请求，请联系平台管理员",
            "The console stopped while asking WeChat and got no answer; if the legal person or user received a request anyway, tell the platform's administrator",
        );
        let mut am = changes(&t, now);
        am.state = Set(TaskState::Failed);
        am.error = Set(Some(note.to_stored()));
        am.finished_at = Set(Some(now));
        am.update(conn).await?;
        record(conn, t.id, now, TaskStep::Failed, None, &note, None).await?;
        report.finished += 1;
    }

    let retries = task::Entity::find()
        .filter(task::Column::Kind.eq(TaskKind::Reuse))
        .filter(task::Column::State.eq(TaskState::Waiting))
        .filter(task::Column::TicketEnc.is_not_null())
        .filter(task::Column::NextAttemptAt.lte(now))
        .all(conn)
        .await?;
    for t in retries {
        // Claim the try: another instance may be at the same row.
        let claimed = task::Entity::update_many()
            .col_expr(task::Column::NextAttemptAt, Expr::value(Some(now + 60_000)))
            .filter(task::Column::Id.eq(t.id))
            .filter(task::Column::NextAttemptAt.eq(t.next_attempt_at))
            .exec(conn)
            .await?
            .rows_affected
            == 1;
        if claimed {
            reuse::attempt(svc, &t).await?;
            report.retried += 1;
        }
    }

    let late = task::Entity::find()
        .filter(task::Column::Kind.is_in([TaskKind::Enterprise, TaskKind::Personal]))
        .filter(task::Column::State.eq(TaskState::Waiting))
        .filter(task::Column::Taskid.is_not_null())
        .filter(task::Column::CreatedAt.lte(now - QUERY_AFTER_MS))
        .filter(
            Condition::any()
                .add(task::Column::PolledAt.is_null())
                .add(task::Column::PolledAt.lte(now - QUERY_EVERY_MS)),
        )
        .all(conn)
        .await?;
    for t in late {
        let claimed = task::Entity::update_many()
            .col_expr(task::Column::PolledAt, Expr::value(Some(now)))
            .filter(task::Column::Id.eq(t.id))
            .filter(match t.polled_at {
                Some(p) => task::Column::PolledAt.eq(p),
                None => task::Column::PolledAt.is_null(),
            })
            .exec(conn)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            continue;
        }
        report.queried += 1;
        match query(svc, &t).await {
            Ok(true) => report.finished += 1,
            Ok(false) => {}
            // WeChat unreachable: the next round asks again.
            Err(e) if e.is_retryable() => {
                tracing::warn!(task = %t.id, "registration query failed: {e}");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// Asks WeChat for task `t`'s status; true when it ended.
async fn query(svc: &Services, t: &task::Model) -> CoreResult<bool> {
    let Some(taskid) = t.taskid.clone() else {
        return Ok(false);
    };
    let personal = t.kind == TaskKind::Personal;
    let answer = tokens::with_component_token(svc, t.component_id, |cat| {
        let taskid = taskid.clone();
        async move {
            if personal {
                svc.wechat.fast_register_personal_query(&cat, &taskid).await
            } else {
                svc.wechat
                    .fast_register_enterprise_query(&cat, &taskid)
                    .await
            }
        }
    })
    .await
    .map_err(CoreError::from)?;
    let Some(status) = answer.status else {
        return Ok(false);
    };
    let now = svc.now();
    let meaning = task_status_meaning(status)
        .map(|m| Bi::new(m.zh, m.en))
        .unwrap_or_else(|| Bi::new(format!("状态 {status}"), format!("Status {status}")));
    let note = Bi::new(
        format!("查询微信任务状态：{status}，{}", meaning.zh),
        format!("WeChat's task status: {status}, {}", meaning.en),
    );
    let outcome = task_outcome(status);
    let changed = t.wechat_status != Some(status);
    let mut am = changes(t, now);
    am.wechat_status = Set(Some(status));
    if let Some(o) = outcome {
        am.state = Set(match o {
            TaskOutcome::Created => TaskState::Succeeded,
            TaskOutcome::TimedOut => TaskState::Expired,
            TaskOutcome::Failed => TaskState::Failed,
        });
        am.finished_at = Set(Some(now));
        if o != TaskOutcome::Created {
            am.error = Set(Some(note.to_stored()));
        }
    }
    am.update(svc.db.conn()).await?;
    if changed || outcome.is_some() {
        record(
            svc.db.conn(),
            t.id,
            now,
            TaskStep::Status,
            Some(status),
            &note,
            None,
        )
        .await?;
    }
    if outcome == Some(TaskOutcome::Created) {
        record(
            svc.db.conn(),
            t.id,
            now,
            TaskStep::Succeeded,
            Some(status),
            &Bi::new(
                "小程序已创建（微信的通知未到，由查询得知）",
                "The mini program was created (WeChat's notification never came; learned by asking)",
            ),
            None,
        )
        .await?;
        // The new mini program's own `authorized` push may have made it an authorizer already.
        let candidates = authorizer::Entity::find()
            .filter(authorizer::Column::ComponentId.eq(t.component_id))
            .filter(authorizer::Column::Kind.ne(AccountKind::OfficialAccount))
            .filter(authorizer::Column::AuthorizedAt.gte(t.created_at))
            .all(svc.db.conn())
            .await?;
        for a in candidates {
            link_authorizer(svc, t.component_id, &a).await?;
        }
    }
    Ok(outcome.is_some())
}

/// Runs [`poll_once`] every 30 seconds until `shutdown`.
pub async fn run_poller(svc: Services, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        if let Err(e) = poll_once(&svc).await {
            tracing::warn!("registration poller: {e}");
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(POLL_EVERY) => {}
        }
    }
}
