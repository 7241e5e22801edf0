//! Reading a tenant's audit log, newest first.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entity;
use crate::error::CoreResult;
use crate::message::Bi;
use crate::services::Services;
use crate::{AuditAction, ListPage, PageInfo, TenantId, UserId};

/// The largest page number considered (deeper pages are clamped).
const MAX_PAGE: u64 = 1_000_000;

/// The log's filters.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    pub actor: Option<UserId>,
    /// The username as recorded (exact, spaces around ignored): also finds refused sign-ins and
    /// former members.
    pub actor_name: Option<String>,
    /// From (inclusive) and to (exclusive), Unix ms.
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub page: u64,
    pub per_page: u64,
}

/// One entry as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub at: i64,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub action: AuditAction,
    pub target: String,
    pub detail: Bi,
    pub client_ip: Option<String>,
}

/// One page of `tenant_id`'s audit log.
pub async fn list(
    svc: &Services,
    tenant_id: TenantId,
    f: &AuditFilter,
) -> CoreResult<ListPage<AuditRow>> {
    let per_page = f.per_page.clamp(1, 200);
    let page = f.page.clamp(1, MAX_PAGE);
    let mut q = entity::Entity::find().filter(entity::Column::TenantId.eq(tenant_id));
    if let Some(a) = f.action {
        q = q.filter(entity::Column::Action.eq(a));
    }
    if let Some(u) = f.actor {
        q = q.filter(entity::Column::ActorId.eq(u));
    }
    if let Some(name) = f
        .actor_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        q = q.filter(entity::Column::ActorName.eq(name));
    }
    if let Some(from) = f.from_ms {
        q = q.filter(entity::Column::At.gte(from));
    }
    if let Some(to) = f.to_ms {
        q = q.filter(entity::Column::At.lt(to));
    }
    let total = q.clone().count(svc.db.conn()).await?;
    let rows = q
        .order_by_desc(entity::Column::At)
        .order_by_desc(entity::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(svc.db.conn())
        .await?;
    Ok(ListPage {
        page: PageInfo {
            total,
            page,
            per_page,
        },
        items: rows
            .into_iter()
            .map(|r| AuditRow {
                at: r.at,
                actor_id: r.actor_id,
                actor_name: r.actor_name,
                action: r.action,
                target: r.target,
                detail: Bi::from_stored(&r.detail),
                client_ip: r.client_ip,
            })
            .collect(),
    })
}
