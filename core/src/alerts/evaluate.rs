//! One evaluation: for every active tenant, open an incident for each condition that holds and
//! has none open, resolve each open incident whose condition cleared, and queue one delivery per
//! channel for each opening and each resolution. Then send what is due.
//!
//! Exactly once with several instances: opening inserts the incident with its `open_key`
//! (unique while open) in the same transaction as its deliveries, so a second evaluator's insert
//! fails and it queues nothing; resolving is a compare-and-set on `resolved_at IS NULL`, and only
//! the evaluator whose update changed the row queues the "resolved" messages.

use std::collections::HashSet;

use console_types::{DeliveryEvent, DeliveryState, IncidentId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::delivery::deliver_due;
use super::entity::{channel, delivery, incident};
use super::rules::{Condition, observe};
use crate::TenantId;
use crate::accounts::entity::tenant;
use crate::db::is_unique_violation;
use crate::error::CoreResult;
use crate::services::Services;

/// What one evaluation did (for logs and tests).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    pub opened: usize,
    pub resolved: usize,
    pub delivered: usize,
    pub failed: usize,
}

/// Evaluates every active tenant, then sends the deliveries that are due.
pub async fn evaluate(svc: &Services) -> CoreResult<Evaluation> {
    let tenants = tenant::Entity::find()
        .filter(tenant::Column::SuspendedAt.is_null())
        .all(svc.db.conn())
        .await?;
    let mut out = Evaluation::default();
    for t in tenants {
        let (opened, resolved) = evaluate_tenant(svc, t.id).await?;
        out.opened += opened;
        out.resolved += resolved;
    }
    let (delivered, failed) = deliver_due(svc).await?;
    out.delivered = delivered;
    out.failed = failed;
    Ok(out)
}

/// Opens and resolves `tenant_id`'s incidents; returns how many of each.
pub async fn evaluate_tenant(svc: &Services, tenant_id: TenantId) -> CoreResult<(usize, usize)> {
    let observed = observe(svc, tenant_id).await?;
    let open = incident::Entity::find()
        .filter(incident::Column::TenantId.eq(tenant_id))
        .filter(incident::Column::ResolvedAt.is_null())
        .all(svc.db.conn())
        .await?;
    let open_keys: HashSet<_> = open.iter().map(|i| (i.kind, i.subject.clone())).collect();
    let firing: HashSet<_> = observed.firing.iter().map(Condition::key).collect();
    let (mut opened, mut resolved) = (0, 0);
    for c in &observed.firing {
        if !open_keys.contains(&c.key()) && open_incident(svc, tenant_id, c).await? {
            opened += 1;
        }
    }
    for i in open {
        let key = (i.kind, i.subject.clone());
        if !firing.contains(&key)
            && !observed.undecided.contains(&key)
            && resolve_incident(svc, &i).await?
        {
            resolved += 1;
        }
    }
    Ok((opened, resolved))
}

fn open_key(tenant_id: TenantId, c: &Condition) -> String {
    format!("{tenant_id}:{}:{}", c.kind, c.subject)
}

/// Opens an incident for `c` unless another evaluator just did; queues its alerts.
async fn open_incident(svc: &Services, tenant_id: TenantId, c: &Condition) -> CoreResult<bool> {
    let now = svc.now();
    let txn = svc.db.begin_write().await?;
    let inserted = incident::ActiveModel {
        tenant_id: Set(tenant_id),
        kind: Set(c.kind),
        subject: Set(c.subject.clone()),
        open_key: Set(Some(open_key(tenant_id, c))),
        component_id: Set(c.component_id),
        task_id: Set(c.task_id),
        label: Set(c.label.chars().take(128).collect()),
        detail: Set(c.detail.to_stored()),
        opened_at: Set(now),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let row = match inserted {
        Ok(row) => row,
        Err(e) if is_unique_violation(&e) => {
            txn.rollback().await?;
            return Ok(false);
        }
        Err(e) => return Err(e.into()),
    };
    queue(&txn, svc, tenant_id, row.id, DeliveryEvent::Opened).await?;
    txn.commit().await?;
    tracing::info!(incident = %row.id, kind = %row.kind, subject = %row.subject, "alert incident opened");
    Ok(true)
}

/// Resolves `i` unless another evaluator just did; queues the "resolved" messages.
async fn resolve_incident(svc: &Services, i: &incident::Model) -> CoreResult<bool> {
    let now = svc.now();
    let txn = svc.db.begin_write().await?;
    let res = incident::Entity::update_many()
        .col_expr(incident::Column::ResolvedAt, Expr::value(now))
        .col_expr(
            incident::Column::OpenKey,
            Expr::value(Option::<String>::None),
        )
        .filter(incident::Column::Id.eq(i.id))
        .filter(incident::Column::ResolvedAt.is_null())
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    queue(&txn, svc, i.tenant_id, i.id, DeliveryEvent::Resolved).await?;
    txn.commit().await?;
    tracing::info!(incident = %i.id, kind = %i.kind, subject = %i.subject, "alert incident resolved");
    Ok(true)
}

/// One pending delivery of `event` about `incident_id` per channel of the tenant.
async fn queue(
    txn: &DatabaseTransaction,
    svc: &Services,
    tenant_id: TenantId,
    incident_id: IncidentId,
    event: DeliveryEvent,
) -> CoreResult<()> {
    let now = svc.now();
    let channels = channel::Entity::find()
        .filter(channel::Column::TenantId.eq(tenant_id))
        .all(txn)
        .await?;
    for c in channels {
        new_delivery(tenant_id, c.id, Some(incident_id), event, now)
            .insert(txn)
            .await?;
    }
    Ok(())
}

/// A delivery due now.
pub(crate) fn new_delivery(
    tenant_id: TenantId,
    channel_id: console_types::AlertChannelId,
    incident_id: Option<IncidentId>,
    event: DeliveryEvent,
    now: i64,
) -> delivery::ActiveModel {
    delivery::ActiveModel {
        tenant_id: Set(tenant_id),
        channel_id: Set(channel_id),
        incident_id: Set(incident_id),
        event: Set(event),
        state: Set(DeliveryState::Pending),
        attempts: Set(0),
        next_attempt_at: Set(Some(now)),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
}
