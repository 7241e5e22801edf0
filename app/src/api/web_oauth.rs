//! Web OAuth on behalf of official accounts (issue 12, seed 000): each platform's allow-list of
//! return origins (edited by admins, shown to everyone) and, for an eligible authorizer, the
//! start address a tenant's page uses.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use console_types::{AuthorizerId, PlatformId};

/// How an eligible authorizer's web OAuth is started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebOAuthStart {
    /// `https://console/oauth/{component}/{authorizer}/start` (the query is the tenant's).
    pub start_url: String,
    /// Where WeChat sends the user back: its host must be the platform's 公众号开发域名.
    pub callback_url: String,
    /// The platform's allowed return origins.
    pub origins: Vec<String>,
}

/// The allowed return origins of platform `id`.
#[server(prefix = "/api", endpoint = "web-oauth/return-origins")]
pub async fn oauth_return_origins(id: PlatformId) -> Result<Vec<String>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;

    let ctx = require(Permission::View).await?;
    let origins =
        console_core::web_oauth::return_origins(&ctx.state.services, ctx.tenant_id, id).await?;
    Ok(origins.origins().to_vec())
}

/// Replaces the allowed return origins of platform `id` (one per line); returns them as stored.
#[server(prefix = "/api", endpoint = "web-oauth/set-return-origins")]
pub async fn set_oauth_return_origins(
    id: PlatformId,
    origins: String,
) -> Result<Vec<String>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::web_oauth::{self, ReturnOrigins};

    let ctx = require(Permission::ManagePlatforms).await?;
    let parsed = ReturnOrigins::parse(&origins)?;
    web_oauth::set_return_origins(&ctx.state.services, ctx.tenant_id, id, &parsed).await?;
    tracing::info!(user = %ctx.user.username, platform = %id, count = parsed.origins().len(), "web OAuth return origins saved");
    let list = parsed.origins().join(", ");
    let detail = if parsed.is_empty() {
        console_core::Bi::new("清空了网页授权返回来源", "Web OAuth return origins cleared")
    } else {
        console_core::Bi::new(
            format!("网页授权返回来源设为 {list}"),
            format!("Web OAuth return origins set to {list}"),
        )
    };
    let target = ctx.platform_label(id).await;
    ctx.audit(console_core::AuditAction::PlatformChanged, target, detail)
        .await;
    Ok(parsed.origins().to_vec())
}

/// The start address of authorizer `id`, only when it can use web OAuth and its platform allows
/// at least one return origin (never an address the server would refuse).
#[server(prefix = "/api", endpoint = "web-oauth/start-address")]
pub async fn web_oauth_start(id: AuthorizerId) -> Result<Option<WebOAuthStart>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::{authorizers, web_oauth};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let d = authorizers::get(svc, ctx.tenant_id, id).await?;
    if authorizers::web_oauth(&d).is_err() {
        return Ok(None);
    }
    let origins = web_oauth::return_origins(svc, ctx.tenant_id, d.row.component_id).await?;
    if origins.is_empty() {
        return Ok(None);
    }
    Ok(Some(WebOAuthStart {
        start_url: format!(
            "{}/oauth/{}/{}/start",
            svc.public_base_url.trim_end_matches('/'),
            d.row.component_appid,
            d.row.appid
        ),
        callback_url: web_oauth::callback_url(svc),
        origins: origins.origins().to_vec(),
    }))
}
