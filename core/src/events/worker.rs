//! The event worker: claims stored pushes with a lease (so each is processed by one instance,
//! and again if that instance died), processes them, and records what processing did.

use std::future::Future;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wxopen::push::ComponentPush;

use super::entity as event;
use super::process::{Handled, handle};
use crate::EventId;
use crate::error::CoreResult;
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::queue::{JobTable, backoff_ms, claim_due, renew};
use crate::services::Services;

/// How long a claimed event stays ours.
const LOCK_MS: i64 = 60_000;
/// After this many attempts a failing event is left as `failed`. The backoff doubles from 4 s, so
/// the last try comes about 17 minutes after the first: past the 10 minutes an authorization
/// code lives, so an `authorized` event whose exchange met a passing problem (no component token
/// for a while) is tried until its code has expired (`process` then ends it).
const MAX_ATTEMPTS: i32 = 9;
/// Events claimed per round.
const BATCH: i64 = 16;

async fn finish(
    svc: &Services,
    id: EventId,
    status: &str,
    msg: &Bi,
    next_attempt_at: Option<i64>,
) -> CoreResult<()> {
    let now = svc.now();
    let mut update = event::Entity::update_many()
        .col_expr(event::Column::Status, Expr::value(status))
        .col_expr(event::Column::ResultZh, Expr::value(msg.zh.to_string()))
        .col_expr(event::Column::ResultEn, Expr::value(msg.en.to_string()))
        .col_expr(event::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(event::Column::LockedUntil, Expr::value(Option::<i64>::None))
        .filter(event::Column::Id.eq(id))
        .filter(event::Column::LockedBy.eq(svc.instance_id.clone()));
    update = match next_attempt_at {
        Some(t) => update.col_expr(event::Column::NextAttemptAt, Expr::value(t)),
        None => update.col_expr(event::Column::ProcessedAt, Expr::value(now)),
    };
    update.exec(svc.db.conn()).await?;
    Ok(())
}

async fn process_one(svc: &Services, id: EventId) -> CoreResult<()> {
    let Some(row) = event::Entity::find_by_id(id).one(svc.db.conn()).await? else {
        return Ok(());
    };
    let Some(c) = component::Entity::find_by_id(row.component_id)
        .one(svc.db.conn())
        .await?
    else {
        return Ok(());
    };
    let plaintext = svc.secrets.open(
        &format!("events.payload:{}", row.dedupe_key),
        &row.payload_enc,
    )?;
    let outcome = match ComponentPush::parse(plaintext.expose()) {
        Ok(push) => handle(svc, &c, id, row.received_at, &push).await,
        Err(e) => Err(crate::error::CoreError::Internal(format!(
            "stored push no longer parses: {e}"
        ))),
    };
    match outcome {
        Ok(Handled::Done(msg)) => finish(svc, id, "done", &msg, None).await,
        Ok(Handled::Ignored(msg)) => finish(svc, id, "ignored", &msg, None).await,
        Err(e) => {
            let msg = e.public_message();
            tracing::warn!(event = %id, info_type = %row.info_type, "event processing failed: {e}");
            if e.is_retryable() && row.attempts < MAX_ATTEMPTS {
                let next = svc.now() + backoff_ms(row.attempts + 1, 2_000, 8_192_000);
                finish(svc, id, "pending", &msg, Some(next)).await
            } else {
                finish(svc, id, "failed", &msg, None).await
            }
        }
    }
}

/// Claims and processes due events until none are left; returns how many were processed.
pub async fn process_pending(svc: &Services) -> CoreResult<usize> {
    let mut total = 0;
    loop {
        let mut batch = claim_due(svc, JobTable::Events, BATCH, LOCK_MS).await?;
        if batch.is_empty() {
            return Ok(total);
        }
        // In order: a ticket before the token it enables, an authorization before its revocation.
        // After each event the rest of the batch is renewed: one slow event (an exchange waiting
        // for WeChat) must not let the later ones' leases run out, and an event another instance
        // took over meanwhile is left to it.
        let mut first = true;
        while !batch.is_empty() {
            if !first {
                batch = renew(svc, JobTable::Events, &batch, LOCK_MS).await?;
            }
            first = false;
            let Some(id) = batch.first().copied().map(EventId) else {
                break;
            };
            batch.remove(0);
            total += 1;
            if let Err(e) = process_one(svc, id).await {
                tracing::error!(event = %id, "event processing error: {e}");
            }
        }
    }
}

/// Processes events as they arrive (woken by the push endpoint) and every second, until
/// `shutdown` resolves.
pub async fn run_worker(svc: Services, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        if let Err(e) = process_pending(&svc).await {
            tracing::error!("event worker: {e}");
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = svc.event_notify.notified() => {}
            () = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
        }
    }
}
