//! The events page: every push a tenant's platforms received, newest first, with its decrypted
//! content (secrets masked) and what processing did.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entity as event;
use super::mask::mask_secrets;
use super::rejections::{RejectionCount, entity as rejection};
use crate::error::{CoreResult, log_reference, reference_message};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::{EventId, EventStatus, ListPage, PageInfo, PlatformId, TenantId};

/// Filters of the events page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub component_id: Option<PlatformId>,
    pub info_types: Vec<String>,
    pub authorizer_appid: Option<String>,
    /// Received at or after (Unix ms).
    pub from_ms: Option<i64>,
    /// Received before (Unix ms).
    pub to_ms: Option<i64>,
    pub page: u64,
    pub per_page: u64,
}

/// One received push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    pub id: EventId,
    pub component_id: PlatformId,
    pub component_name: String,
    pub component_appid: String,
    pub info_type: String,
    pub authorizer_appid: Option<String>,
    pub create_time: i64,
    pub received_at: i64,
    pub status: EventStatus,
    pub attempts: i32,
    pub result: Option<Bi>,
    /// The decrypted XML with tickets and codes masked.
    pub content: String,
}

/// One page of `tenant_id`'s events.
pub async fn list(
    svc: &Services,
    tenant_id: TenantId,
    f: &EventFilter,
) -> CoreResult<ListPage<EventRow>> {
    let asked = PageInfo::asked(f.page, f.per_page);
    let mut cond = Condition::all().add(event::Column::TenantId.eq(tenant_id));
    if let Some(c) = f.component_id {
        cond = cond.add(event::Column::ComponentId.eq(c));
    }
    if !f.info_types.is_empty() {
        cond = cond.add(event::Column::InfoType.is_in(f.info_types.clone()));
    }
    if let Some(a) = f.authorizer_appid.as_deref().filter(|a| !a.is_empty()) {
        cond = cond.add(event::Column::AuthorizerAppid.eq(a));
    }
    if let Some(from) = f.from_ms {
        cond = cond.add(event::Column::ReceivedAt.gte(from));
    }
    if let Some(to) = f.to_ms {
        cond = cond.add(event::Column::ReceivedAt.lt(to));
    }
    let query = event::Entity::find().filter(cond);
    let total = query.clone().count(svc.db.conn()).await?;
    let models = query
        .order_by_desc(event::Column::ReceivedAt)
        .order_by_desc(event::Column::Id)
        .offset(asked.offset())
        .limit(asked.per_page)
        .all(svc.db.conn())
        .await?;
    let items = rows(svc, models).await?;
    Ok(ListPage {
        page: asked.with_total(total),
        items,
    })
}

/// The platforms the events of a page belong to, by id (one query).
async fn components_of(
    svc: &Services,
    models: &[event::Model],
) -> CoreResult<HashMap<PlatformId, component::Model>> {
    let ids: Vec<PlatformId> = models.iter().map(|m| m.component_id).collect();
    Ok(component::Entity::find()
        .filter(component::Column::Id.is_in(ids))
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// The decrypted XML of a stored event, unmasked: never shown as is.
fn payload(
    svc: &Services,
    m: &event::Model,
) -> Result<wxopen::Secret, crate::secrets::SecretsError> {
    svc.secrets
        .open(&format!("events.payload:{}", m.dedupe_key), &m.payload_enc)
}

/// Events as rows (decrypted and masked).
pub(crate) async fn rows(svc: &Services, models: Vec<event::Model>) -> CoreResult<Vec<EventRow>> {
    let components = components_of(svc, &models).await?;
    models
        .into_iter()
        .map(|m| {
            let c = components.get(&m.component_id);
            let content = payload(svc, &m)
                .map(|p| mask_secrets(p.expose()))
                .unwrap_or_else(|e| {
                    let shown = reference_message(&log_reference(format!("event {}: {e}", m.id)));
                    format!("（{}）({})", shown.zh, shown.en)
                });
            Ok(EventRow {
                id: m.id,
                component_id: m.component_id,
                component_name: c.map(|c| c.name.clone()).unwrap_or_default(),
                component_appid: c.map(|c| c.appid.clone()).unwrap_or_default(),
                info_type: m.info_type,
                authorizer_appid: m.authorizer_appid,
                create_time: m.create_time,
                received_at: m.received_at,
                status: m.status,
                attempts: m.attempts,
                result: match (m.result_zh, m.result_en) {
                    (Some(zh), Some(en)) => Some(Bi::new(zh, en)),
                    _ => None,
                },
                content,
            })
        })
        .collect()
}

/// Refused-push counters of `tenant_id`'s platforms, by platform appid.
pub async fn rejection_counts(
    svc: &Services,
    tenant_id: TenantId,
) -> CoreResult<Vec<(String, RejectionCount)>> {
    let appids: Vec<String> = component::Entity::find()
        .filter(component::Column::TenantId.eq(tenant_id))
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(|c| c.appid)
        .collect();
    if appids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(rejection::Entity::find()
        .filter(rejection::Column::ComponentAppid.is_in(appids))
        .order_by_desc(rejection::Column::LastAt)
        .all(svc.db.conn())
        .await?
        .into_iter()
        .map(|r| {
            (
                r.component_appid,
                RejectionCount {
                    reason: r.reason,
                    count: r.count,
                    last_at: r.last_at,
                },
            )
        })
        .collect())
}
