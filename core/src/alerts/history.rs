//! The alert history of a tenant: its recent incidents, each with what became of its messages.

use console_types::{AlertKind, DeliveryEvent, DeliveryState, IncidentId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entity::{delivery, incident};
use super::message::link_path;
use crate::error::CoreResult;
use crate::message::Bi;
use crate::services::Services;
use crate::{PlatformId, TaskId, TenantId};

/// How the messages of one event (opened or resolved) fared, over the tenant's channels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryCounts {
    pub sent: u32,
    pub pending: u32,
    pub failed: u32,
}

/// One incident as the overview shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentView {
    pub id: IncidentId,
    pub kind: AlertKind,
    pub label: String,
    pub detail: Bi,
    pub component_id: Option<PlatformId>,
    pub task_id: Option<TaskId>,
    /// The console page it is about (`/platforms/{id}` or `/registrations/{id}`).
    pub path: String,
    pub opened_at: i64,
    pub resolved_at: Option<i64>,
    pub opened: DeliveryCounts,
    pub resolved: DeliveryCounts,
}

/// The `limit` most recent incidents of `tenant_id`, newest first.
pub async fn recent(
    svc: &Services,
    tenant_id: TenantId,
    limit: u64,
) -> CoreResult<Vec<IncidentView>> {
    let rows = incident::Entity::find()
        .filter(incident::Column::TenantId.eq(tenant_id))
        .order_by_desc(incident::Column::OpenedAt)
        .order_by_desc(incident::Column::Id)
        .limit(limit)
        .all(svc.db.conn())
        .await?;
    let ids: Vec<IncidentId> = rows.iter().map(|r| r.id).collect();
    let deliveries = if ids.is_empty() {
        Vec::new()
    } else {
        delivery::Entity::find()
            .filter(delivery::Column::IncidentId.is_in(ids))
            .all(svc.db.conn())
            .await?
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut opened = DeliveryCounts::default();
            let mut resolved = DeliveryCounts::default();
            for d in deliveries.iter().filter(|d| d.incident_id == Some(r.id)) {
                let c = match d.event {
                    DeliveryEvent::Resolved => &mut resolved,
                    _ => &mut opened,
                };
                match d.state {
                    DeliveryState::Sent => c.sent += 1,
                    DeliveryState::Pending => c.pending += 1,
                    DeliveryState::Failed => c.failed += 1,
                }
            }
            IncidentView {
                id: r.id,
                kind: r.kind,
                path: link_path(&r),
                detail: Bi::from_stored(&r.detail),
                label: r.label,
                component_id: r.component_id,
                task_id: r.task_id,
                opened_at: r.opened_at,
                resolved_at: r.resolved_at,
                opened,
                resolved,
            }
        })
        .collect())
}
