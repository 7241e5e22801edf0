//! `events`: every push received, stored once; the row is also the processing job.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::EventId,
    pub tenant_id: crate::TenantId,
    pub component_id: crate::PlatformId,
    #[sea_orm(unique)]
    pub dedupe_key: String,
    pub info_type: String,
    pub authorizer_appid: Option<String>,
    /// The push's `CreateTime`, Unix ms.
    pub create_time: i64,
    pub received_at: i64,
    /// The decrypted XML, sealed.
    pub payload_enc: String,
    pub status: crate::EventStatus,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub locked_by: Option<String>,
    pub locked_until: Option<i64>,
    pub result_zh: Option<String>,
    pub result_en: Option<String>,
    pub processed_at: Option<i64>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("id", &self.id)
            .field("info_type", &self.info_type)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
