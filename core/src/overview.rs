//! The numbers on a tenant's overview page, counted in the database.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::accounts::entity::membership;
use crate::db::Db;
use crate::error::CoreResult;

/// Counts for one tenant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OverviewCounts {
    pub members: u64,
}

/// Counts everything the overview shows for `tenant_id`.
pub async fn counts(db: &Db, tenant_id: i64) -> CoreResult<OverviewCounts> {
    let members = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant_id))
        .count(db.conn())
        .await?;
    Ok(OverviewCounts { members })
}
