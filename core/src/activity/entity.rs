//! `activity_hourly`: one counter per (platform, hour, metric).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_hourly")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub component_id: crate::PlatformId,
    /// The hour's start, Unix ms.
    #[sea_orm(primary_key, auto_increment = false)]
    pub hour_ms: i64,
    /// [`super::Metric::as_str`].
    #[sea_orm(primary_key, auto_increment = false)]
    pub metric: String,
    pub tenant_id: crate::TenantId,
    pub count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
