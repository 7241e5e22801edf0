//! Alerts that reach someone (issue 14): per tenant, channels (a generic webhook or a WeCom,
//! DingTalk or Feishu group robot) are told when something needs a person: a platform without
//! a ticket for 30 minutes, a failing component token, authorizers to re-authorize (the platform
//! alarms' own rules), pushes refused in bulk, a failed registration task.
//!
//! One job per module: `channels` (URLs checked, sealed, masked), `rules` (what is wrong now),
//! `evaluate` (incidents opened and resolved exactly once, deliveries queued), `delivery`
//! (sending with lease, timeout and backoff), `message` (the bilingual text and each kind's
//! JSON), `history` (the overview's list). [`run_evaluator`] runs it every minute in every
//! instance; the database makes each alert and each resolution happen once.

pub mod channels;
pub mod delivery;
pub mod entity;
pub mod evaluate;
pub mod history;
pub mod message;
pub mod rules;

use std::future::Future;
use std::time::Duration;

use console_types::{AlertChannelId, DeliveryEvent};
use sea_orm::ActiveModelTrait;

pub use channels::{ChannelUrl, ChannelView, NewChannel, kind_name};
pub use evaluate::{Evaluation, evaluate};
pub use history::{DeliveryCounts, IncidentView, recent};

use crate::TenantId;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::services::Services;

/// How often the evaluator looks (the shortest rule, the ticket's, is 30 minutes).
pub const EVALUATE_EVERY: Duration = Duration::from_secs(60);

/// Sends a test message to one of `tenant_id`'s channels now, once; the answer says whether it
/// arrived (and the channel shows it as its last delivery).
pub async fn send_test(svc: &Services, tenant_id: TenantId, id: AlertChannelId) -> CoreResult<()> {
    let ch = channels::model(svc, tenant_id, id).await?;
    let d = evaluate::new_delivery(tenant_id, ch.id, None, DeliveryEvent::Test, svc.now())
        .insert(svc.db.conn())
        .await?;
    match delivery::deliver_one(svc, &d).await? {
        Some(true) => Ok(()),
        _ => {
            let why = channels::get(svc, tenant_id, id)
                .await?
                .last_delivery_error
                .unwrap_or_else(|| Bi::new("发送失败", "Not delivered"));
            Err(CoreError::Unavailable(why))
        }
    }
}

/// Evaluates every [`EVALUATE_EVERY`] until `shutdown` resolves.
pub async fn run_evaluator(svc: Services, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        match evaluate(&svc).await {
            Ok(e) if e != Evaluation::default() => tracing::info!(
                opened = e.opened,
                resolved = e.resolved,
                delivered = e.delivered,
                failed = e.failed,
                "alerts evaluated"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!("alert evaluation: {e}"),
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(EVALUATE_EVERY) => {}
        }
    }
}
