//! API keys as their tenant's administrators see them (never the key itself, which is shown once
//! when it is created and kept only as a hash).

use crate::{ApiKeyId, ApiScope, PlatformId};

/// A platform an API key is limited to.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyPlatform {
    pub id: PlatformId,
    pub appid: String,
    pub name: String,
}

/// One API key of a tenant.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiKeyView {
    pub id: ApiKeyId,
    pub name: String,
    /// The key's first characters (`wxk_AbCd1234`), to tell keys apart; not enough to use it.
    pub prefix: String,
    pub scopes: Vec<ApiScope>,
    /// The platforms it may reach; empty: every platform of the tenant.
    pub platforms: Vec<KeyPlatform>,
    pub created_at: i64,
    /// Who created it (a username, or `cli`).
    pub created_by: String,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}
