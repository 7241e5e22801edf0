//! API keys of the current tenant (administrators and owners): the credentials its own services
//! use on the platform API (`/api/v1`). A new key is answered once, by `create_api_key`; lists
//! never hold it (only a hash is stored), and neither does the audit log (name and prefix only).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use console_types::{ApiKeyId, ApiKeyView, ApiScope, Bi, KeyPlatform, PlatformId};

/// A key as the settings page lists it, its times formatted on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyRow {
    pub key: ApiKeyView,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// The tenant's keys and the platforms a new key may be limited to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeys {
    pub keys: Vec<ApiKeyRow>,
    pub platforms: Vec<KeyPlatform>,
}

/// A new key: `secret` is the whole key, shown once and kept nowhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiKey {
    pub key: ApiKeyView,
    pub secret: String,
}

/// The tenant's API keys, newest first, revoked ones included.
#[server(prefix = "/api", endpoint = "api-keys/list")]
pub async fn list_api_keys() -> Result<ApiKeys, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::{api_keys, platforms};

    let ctx = require(Permission::ManageApiKeys).await?;
    let svc = &ctx.state.services;
    let keys = api_keys::list(svc, ctx.tenant_id)
        .await?
        .into_iter()
        .map(|k| ApiKeyRow {
            created_at: format_time(k.created_at),
            last_used_at: k.last_used_at.map(format_time),
            revoked_at: k.revoked_at.map(format_time),
            key: k,
        })
        .collect();
    let platforms = platforms::list(svc, ctx.tenant_id)
        .await?
        .into_iter()
        .map(|p| KeyPlatform {
            id: p.id,
            appid: p.appid,
            name: p.name,
        })
        .collect();
    Ok(ApiKeys { keys, platforms })
}

/// Creates a key named `name` with `scopes`, limited to `platforms` (none: every platform of the
/// tenant). The answer holds the key itself: the only time it is shown.
#[server(prefix = "/api", endpoint = "api-keys/create")]
pub async fn create_api_key(
    name: String,
    #[server(default)] scopes: Vec<ApiScope>,
    #[server(default)] platforms: Vec<PlatformId>,
) -> Result<CreatedApiKey, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::api_keys::{self, Creator, NewApiKey};

    let ctx = require(Permission::ManageApiKeys).await?;
    let svc = &ctx.state.services;
    let by = Creator {
        user_id: Some(ctx.user.id),
        name: ctx.user.username.clone(),
    };
    let input = NewApiKey {
        name,
        scopes,
        platforms,
    };
    let (key, secret) = api_keys::create(svc, ctx.tenant_id, &by, &input).await?;
    tracing::info!(api_key = %key.id, prefix = %key.prefix, "API key created");
    ctx.audit(
        console_core::AuditAction::ApiKeyChanged,
        audit_target(&key),
        created_detail(&key),
    )
    .await;
    Ok(CreatedApiKey {
        key,
        secret: secret.into_exposed(),
    })
}

/// Revokes one of the tenant's keys: refused from the next request on.
#[server(prefix = "/api", endpoint = "api-keys/revoke")]
pub async fn revoke_api_key(id: ApiKeyId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::api_keys;

    let ctx = require(Permission::ManageApiKeys).await?;
    let key = api_keys::revoke(&ctx.state.services, ctx.tenant_id, id).await?;
    tracing::info!(api_key = %key.id, "API key revoked");
    ctx.audit(
        console_core::AuditAction::ApiKeyChanged,
        audit_target(&key),
        console_core::Bi::new("撤销 API 密钥", "API key revoked"),
    )
    .await;
    Ok(())
}

/// How the audit log names a key: its name and prefix (never the key).
pub fn audit_target(key: &ApiKeyView) -> String {
    format!("{} ({}…)", key.name, key.prefix)
}

/// What the audit log says about a new key: its scopes and the platforms it may reach.
pub fn created_detail(key: &ApiKeyView) -> Bi {
    let scopes = key
        .scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let platforms = key
        .platforms
        .iter()
        .map(|p| format!("{} ({})", p.name, p.appid))
        .collect::<Vec<_>>()
        .join(", ");
    let (zh_platforms, en_platforms) = if key.platforms.is_empty() {
        ("全部平台".to_string(), "all platforms".to_string())
    } else {
        (platforms.clone(), platforms)
    };
    Bi::new(
        format!("创建 API 密钥，权限范围：{scopes}；平台：{zh_platforms}"),
        format!("API key created, scopes: {scopes}; platforms: {en_platforms}"),
    )
}
