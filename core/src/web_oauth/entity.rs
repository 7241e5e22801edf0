//! `oauth_states`: one row per web OAuth start. The `state` WeChat carries and the result ticket
//! the tenant's server redeems are both kept only as SHA-256 hashes; the result itself is sealed
//! and erased when it is read.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oauth_states")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: crate::TenantId,
    pub component_id: crate::PlatformId,
    pub authorizer_appid: String,
    /// SHA-256 of the `state` sent to WeChat.
    pub state_hash: String,
    /// `snsapi_base` or `snsapi_userinfo`.
    pub scope: String,
    /// Where the user goes back to (checked against the allow-list when the flow started; the
    /// tenant's own `state` already in its query).
    pub return_to: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// When WeChat's redirect consumed the state (once).
    pub used_at: Option<i64>,
    /// SHA-256 of the result ticket handed to the tenant's page.
    pub result_hash: Option<String>,
    /// The result (openid, profile) as sealed JSON, until it is read.
    pub result_enc: Option<String>,
    pub result_expires_at: Option<i64>,
    pub result_read_at: Option<i64>,
}

/// Hashes and sealed data stay out of logs.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthState")
            .field("id", &self.id)
            .field("component_id", &self.component_id)
            .field("authorizer_appid", &self.authorizer_appid)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
