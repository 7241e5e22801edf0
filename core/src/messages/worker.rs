//! The message worker: claims due message jobs with a lease (forwarding retries, release-test
//! answers whose instance died), runs them, and records each attempt while still holding the
//! lease.

use std::future::Future;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::forward::{self, Attempt, Job};
use super::{JobStatus, MessageJob, entity, payload_context, release_test};
use crate::MessageId;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::queue::{JobTable, backoff_ms, claim_due};
use crate::services::Services;

/// How long a claimed message stays ours: longer than a webhook delivery may take.
pub(crate) const LEASE_MS: i64 = 60_000;
/// Jobs claimed per round.
const BATCH: i64 = 16;
/// Forwarding retries back off from 10 seconds to at most an hour, and never stop.
const FORWARD_BACKOFF_MS: (i64, i64) = (10_000, 3_600_000);
/// The release test's answer is retried quickly (WeChat waits about ten seconds for it; the test
/// account's authorization may still be in flight), and given up after a minute or so.
const RELEASE_BACKOFF_MS: (i64, i64) = (500, 15_000);
const RELEASE_MAX_ATTEMPTS: i32 = 8;

/// Writes the outcome of an attempt, only if this instance still holds the lease (a lease that
/// ran out may already be another instance's).
async fn finish(
    svc: &Services,
    id: MessageId,
    status: JobStatus,
    http_status: Option<u16>,
    note: Option<&Bi>,
    next_attempt_at: Option<i64>,
) -> CoreResult<()> {
    let now = svc.now();
    let mut update = entity::Entity::update_many()
        .col_expr(entity::Column::Status, Expr::value(status.as_str()))
        .col_expr(
            entity::Column::HttpStatus,
            Expr::value(http_status.map(i32::from)),
        )
        .col_expr(
            entity::Column::LastError,
            Expr::value(note.map(Bi::to_stored)),
        )
        .col_expr(entity::Column::LastAttemptAt, Expr::value(now))
        .col_expr(
            entity::Column::LockedBy,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            entity::Column::LockedUntil,
            Expr::value(Option::<i64>::None),
        )
        .filter(entity::Column::Id.eq(id))
        .filter(entity::Column::LockedBy.eq(svc.instance_id.clone()));
    update = match next_attempt_at {
        Some(t) => update.col_expr(entity::Column::NextAttemptAt, Expr::value(t)),
        None => update.col_expr(entity::Column::DoneAt, Expr::value(now)),
    };
    let res = update.exec(svc.db.conn()).await?;
    if res.rows_affected == 0 {
        tracing::warn!(
            message_id = %id,
            "lease lost before the outcome was recorded; another instance owns the message"
        );
    }
    Ok(())
}

/// Records a forwarding attempt. `reply_taken`: its reply went to WeChat.
pub(crate) async fn record(svc: &Services, job: &Job, attempt: Attempt, reply_taken: bool) {
    let id = job.row.id;
    let result = match attempt {
        Attempt::Delivered {
            status,
            reply,
            note,
        } => {
            let late = (reply.is_some() && !reply_taken).then(|| {
                Bi::new(
                    "Webhook 的回复晚于微信的等待时间，未能送达用户",
                    "The webhook's reply came after WeChat stopped waiting; it did not reach the user",
                )
            });
            let note = note.or(late);
            finish(svc, id, JobStatus::Done, Some(status), note.as_ref(), None).await
        }
        Attempt::Failed { status, error } => {
            let (base, max) = FORWARD_BACKOFF_MS;
            let next = svc.now() + backoff_ms(job.row.attempts, base, max);
            tracing::info!(
                message_id = %id,
                attempts = job.row.attempts,
                "webhook delivery failed: {error}"
            );
            let done = finish(
                svc,
                id,
                JobStatus::Pending,
                status,
                Some(&error),
                Some(next),
            )
            .await;
            svc.message_notify.notify_one();
            done
        }
        Attempt::NoWebhook => {
            let note = Bi::new(
                "该平台已未设置 Webhook，消息未转发；设置后可在消息列表中重新投递",
                "The platform no longer has a webhook; not forwarded (set one, then retry it from the message list)",
            );
            finish(svc, id, JobStatus::Failed, None, Some(&note), None).await
        }
    };
    if let Err(e) = result {
        tracing::error!(message_id = %id, "recording a delivery failed: {e}");
    }
}

/// Runs one claimed job to its recorded outcome.
pub(crate) async fn run_job(svc: &Services, job: Job) {
    match MessageJob::parse(&job.row.job) {
        Some(MessageJob::Forward) => {
            let attempt = forward::attempt(svc, &job, false).await;
            record(svc, &job, attempt, false).await;
        }
        Some(MessageJob::ReleaseTest) => {
            let outcome = release_test::answer(svc, &job).await;
            let id = job.row.id;
            let result = match outcome {
                Ok(msg) => finish(svc, id, JobStatus::Done, None, Some(&msg), None).await,
                Err(e) => {
                    let msg = e.public_message();
                    tracing::warn!(message_id = %id, "release test answer failed: {e}");
                    if job.row.attempts < RELEASE_MAX_ATTEMPTS {
                        let (base, max) = RELEASE_BACKOFF_MS;
                        let next = svc.now() + backoff_ms(job.row.attempts, base, max);
                        let done =
                            finish(svc, id, JobStatus::Pending, None, Some(&msg), Some(next)).await;
                        svc.message_notify.notify_one();
                        done
                    } else {
                        finish(svc, id, JobStatus::Failed, None, Some(&msg), None).await
                    }
                }
            };
            if let Err(e) = result {
                tracing::error!(
                    message_id = %id,
                    "recording a release-test answer failed: {e}"
                );
            }
        }
        Some(MessageJob::None) | None => {
            let note = Bi::new("无需处理", "Nothing to do");
            if let Err(e) = finish(svc, job.row.id, JobStatus::Done, None, Some(&note), None).await
            {
                tracing::error!(message_id = %job.row.id, "closing a message job failed: {e}");
            }
        }
    }
}

async fn load(svc: &Services, id: MessageId) -> CoreResult<Option<Job>> {
    let Some(row) = entity::Entity::find_by_id(id).one(svc.db.conn()).await? else {
        return Ok(None);
    };
    let Some(component) = component::Entity::find_by_id(row.component_id)
        .one(svc.db.conn())
        .await?
    else {
        return Ok(None);
    };
    let plaintext = svc
        .secrets
        .open(&payload_context(&row.dedupe_key), &row.payload_enc)
        .map_err(CoreError::from)?
        .into_exposed();
    Ok(Some(Job {
        row,
        component,
        plaintext,
    }))
}

/// Claims and runs due message jobs until none are left; returns how many ran.
pub async fn process_due(svc: &Services) -> CoreResult<usize> {
    let mut total = 0;
    loop {
        let ids = claim_due(svc, JobTable::Messages, BATCH, LEASE_MS).await?;
        if ids.is_empty() {
            return Ok(total);
        }
        total += ids.len();
        let mut running = Vec::with_capacity(ids.len());
        for id in ids.into_iter().map(MessageId) {
            match load(svc, id).await {
                Ok(Some(job)) => {
                    let svc = svc.clone();
                    running.push(tokio::spawn(async move { run_job(&svc, job).await }));
                }
                Ok(None) => {}
                Err(e) => tracing::error!(message_id = %id, "loading a message job failed: {e}"),
            }
        }
        for r in running {
            let _ = r.await;
        }
    }
}

/// Runs message jobs as they fall due (every two seconds, or when woken), until `shutdown`.
pub async fn run_worker(svc: Services, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        if let Err(e) = process_due(&svc).await {
            tracing::error!("message worker: {e}");
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = svc.message_notify.notified() => {}
            () = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
        }
    }
}
