//! `components`: a tenant's third-party platforms, with their secrets sealed at rest.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "components")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::PlatformId,
    pub tenant_id: crate::TenantId,
    #[sea_orm(unique)]
    pub appid: String,
    pub name: String,
    pub secret_enc: String,
    pub token_enc: String,
    pub aes_key_enc: String,
    pub prev_aes_key_enc: Option<String>,
    pub enabled: bool,
    pub ticket_enc: Option<String>,
    /// `CreateTime` of the stored ticket, Unix ms.
    pub ticket_created_at: Option<i64>,
    /// When the stored ticket arrived, Unix ms.
    pub ticket_received_at: Option<i64>,
    /// The egress IP WeChat last reported in a 61004 "not whitelisted" error.
    pub egress_ip: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Where authorizers' messages are forwarded (the tenant's own service), if anywhere.
    pub webhook_url: Option<String>,
    /// The secret that signs each delivery, sealed.
    pub webhook_secret_enc: Option<String>,
    /// Where web OAuth on behalf may return to: one origin (`https://host[:port]`) per line;
    /// empty, nowhere.
    pub oauth_return_hosts: String,
}

/// Secrets stay out of logs.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Component")
            .field("id", &self.id)
            .field("tenant_id", &self.tenant_id)
            .field("appid", &self.appid)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
