//! `audit_log`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: Option<crate::TenantId>,
    pub at: i64,
    pub actor_id: Option<crate::UserId>,
    pub actor_name: String,
    pub action: crate::AuditAction,
    pub target: String,
    /// Both languages (JSON).
    pub detail: String,
    pub client_ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
