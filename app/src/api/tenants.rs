//! Platform administration: every tenant with its status, creating one (with its first owner's
//! one-time invitation link), suspending and resuming one. Only a platform administrator
//! (`create-user --superadmin`) may call these; anyone else signed in is refused with 403,
//! whatever their role in their own tenant.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use console_types::TenantId;

/// A tenant as the tenants page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantRow {
    pub id: TenantId,
    pub name: String,
    pub created_at: String,
    /// When it was suspended, while it is.
    pub suspended_at: Option<String>,
    pub members: u64,
    pub platforms: u64,
}

/// A new tenant and its first owner's invitation link: shown once (only its hash is stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedTenant {
    pub id: TenantId,
    pub name: String,
    pub invitation_url: String,
    pub expires_at: String,
}

/// Every tenant, by name.
#[server(prefix = "/api", endpoint = "tenants/list")]
pub async fn list_tenants() -> Result<Vec<TenantRow>, AppError> {
    use crate::api::format_time;
    use crate::ssr::require_platform_admin;
    use console_core::accounts;

    let ctx = require_platform_admin().await?;
    let rows = accounts::list_tenants(&ctx.state.db, &ctx.admin).await?;
    Ok(rows
        .into_iter()
        .map(|t| TenantRow {
            id: t.id,
            name: t.name,
            created_at: format_time(t.created_at),
            suspended_at: t.suspended_at.map(format_time),
            members: t.members,
            platforms: t.platforms,
        })
        .collect())
}

/// Creates a tenant named `name` and an owner invitation for it (`owner_note` says whom it is
/// for). The platform administrator does not join the tenant and names no account in it.
#[server(prefix = "/api", endpoint = "tenants/create")]
pub async fn create_tenant(name: String, owner_note: String) -> Result<CreatedTenant, AppError> {
    use crate::api::format_time;
    use crate::ssr::require_platform_admin;
    use console_core::accounts::{self, TenantName};

    let ctx = require_platform_admin().await?;
    let name = TenantName::parse(&name).map_err(|e| match e {
        console_core::CoreError::Invalid(m) => console_core::CoreError::Invalid(m.on_field("name")),
        other => other,
    })?;
    let (tenant, invitation) = accounts::create_tenant_with_owner(
        &ctx.state.db,
        &*ctx.state.services.clock,
        &ctx.admin,
        &name,
        &owner_note,
    )
    .await?;
    tracing::info!(tenant = %tenant.id, by = %ctx.user.username, "tenant created");
    let detail = console_core::Bi::new(
        "平台管理员创建了租户，并邀请首位所有者",
        "Created by the platform administrator, with an invitation for its first owner",
    );
    ctx.audit(
        tenant.id,
        console_core::AuditAction::TenantChanged,
        tenant.name.clone(),
        detail,
    )
    .await;
    Ok(CreatedTenant {
        id: tenant.id,
        name: tenant.name,
        invitation_url: format!(
            "{}/invite/{}",
            ctx.state.config.public_base_url, invitation.token
        ),
        expires_at: format_time(invitation.expires_at),
    })
}

/// Suspends a tenant: its staff cannot sign in, their open sessions end at their next request;
/// its platforms keep receiving pushes and refreshing tokens.
#[server(prefix = "/api", endpoint = "tenants/suspend")]
pub async fn suspend_tenant(id: TenantId) -> Result<(), AppError> {
    use crate::ssr::require_platform_admin;
    use console_core::accounts;

    let ctx = require_platform_admin().await?;
    accounts::suspend_tenant(&ctx.state.db, &*ctx.state.services.clock, &ctx.admin, id).await?;
    tracing::info!(tenant = %id, by = %ctx.user.username, "tenant suspended");
    let detail = console_core::Bi::new(
        "平台管理员暂停了租户",
        "Suspended by the platform administrator",
    );
    ctx.audit(
        id,
        console_core::AuditAction::TenantChanged,
        format!("#{id}"),
        detail,
    )
    .await;
    Ok(())
}

/// Resumes a suspended tenant: its staff can sign in again.
#[server(prefix = "/api", endpoint = "tenants/resume")]
pub async fn resume_tenant(id: TenantId) -> Result<(), AppError> {
    use crate::ssr::require_platform_admin;
    use console_core::accounts;

    let ctx = require_platform_admin().await?;
    accounts::resume_tenant(&ctx.state.db, &ctx.admin, id).await?;
    tracing::info!(tenant = %id, by = %ctx.user.username, "tenant resumed");
    let detail = console_core::Bi::new(
        "平台管理员恢复了租户",
        "Resumed by the platform administrator",
    );
    ctx.audit(
        id,
        console_core::AuditAction::TenantChanged,
        format!("#{id}"),
        detail,
    )
    .await;
    Ok(())
}
