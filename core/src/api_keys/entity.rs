//! `api_keys`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::ApiKeyId,
    pub tenant_id: crate::TenantId,
    pub name: String,
    /// The key's first 12 characters, shown to tell keys apart.
    pub prefix: String,
    /// SHA-256 of the whole key, hex: the only form in which it is kept.
    pub secret_hash: String,
    /// Scope words, comma-separated.
    pub scopes: String,
    /// Platform ids, comma-separated; empty: every platform of the tenant.
    pub platform_ids: String,
    pub created_by: Option<crate::UserId>,
    pub created_by_name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
