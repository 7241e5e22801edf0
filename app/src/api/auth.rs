//! Signing in and out (here or everywhere), the current session, switching tenants, changing
//! one's password.

mod next;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Role;
use crate::error::AppError;
use console_types::TenantId;

/// A tenant the signed-in user can switch to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantChoice {
    pub id: TenantId,
    pub name: String,
    pub role: Role,
}

/// The signed-in user and where they are working.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub username: String,
    pub display_name: String,
    pub last_login_at: Option<String>,
    /// The tenant worked in; none for a platform administrator who belongs to no tenant.
    pub tenant_id: Option<TenantId>,
    pub tenant_name: String,
    /// The role in that tenant (none without one).
    pub role: Option<Role>,
    pub tenants: Vec<TenantChoice>,
    pub demo: bool,
    /// A platform administrator (the tenants page is theirs).
    #[serde(default)]
    pub superadmin: bool,
}

pub use next::safe_next;

/// Signs a staff user in. The same error for an unknown user and a wrong password; failures are
/// throttled per account and per client address, and password checks beyond the server's slots
/// are refused at once (both 429, saying when to try again).
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(
    username: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, client_ip, respond, session, start_session};
    use console_core::{CoreError, accounts};

    let state = AppState::current()?;
    let address = client_ip(&state);
    let gate = &state.access.login;
    let slot = gate.admit(&username, address).map_err(|r| r.into_error())?;
    let checked =
        accounts::authenticate(&state.db, &*state.services.clock, &username, &password).await;
    drop(slot);
    let user = match checked {
        Ok(user) => user,
        Err(CoreError::InvalidCredentials) => {
            crate::ssr::audit_failed_sign_in(&state, &username).await;
            gate.failed(&username, address)
                .map_err(|r| r.into_error())?;
            return Err(respond(AppError::InvalidCredentials));
        }
        Err(e) => return Err(e.into()),
    };
    let first = accounts::memberships_of(&state.db, user.id)
        .await?
        .into_iter()
        .next();
    let Some(first) = first else {
        // A platform administrator may belong to no tenant: they work on the tenants page.
        if user.superadmin {
            let session = session().await?;
            crate::ssr::start_platform_admin_session(&state, &session, &user).await?;
            tracing::info!(user = %user.username, "platform administrator signed in");
            leptos_axum::redirect("/tenants");
            return Ok(());
        }
        // The password was right: saying that the tenant is suspended reveals nothing.
        if accounts::in_suspended_tenant(&state.db, user.id).await? {
            return Err(respond(AppError::TenantSuspended));
        }
        return Err(respond(AppError::NoTenant));
    };
    start_session(&state, &session().await?, &user, first.tenant.id).await?;
    tracing::info!(user = %user.username, "signed in");
    crate::ssr::audit_as(
        &state,
        Some(user.id),
        &user.username,
        Some(first.tenant.id),
        console_core::AuditAction::SignIn,
        user.username.clone(),
        console_core::Bi::new("登录成功", "Signed in"),
    )
    .await;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Ends every session of the signed-in user, on every device, this one included.
#[server(prefix = "/api", endpoint = "auth/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::ssr::{internal, require};
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::View).await?;
    accounts::end_sessions(&ctx.state.db, ctx.user.id).await?;
    ctx.audit(
        console_core::AuditAction::SignedOutAll,
        ctx.user.username.clone(),
        console_core::Bi::new("已退出所有设备上的会话", "Signed out on every device"),
    )
    .await;
    ctx.session
        .flush()
        .await
        .map_err(|e| internal(format!("session flush: {e}")))?;
    tracing::info!(user = %ctx.user.username, "signed out everywhere");
    leptos_axum::redirect("/login");
    Ok(())
}

/// Ends the session.
#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::{internal, session};
    let session = session().await?;
    session
        .flush()
        .await
        .map_err(|e| internal(format!("session flush: {e}")))?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// Who is signed in, in which tenant, and which other tenants they can switch to (a platform
/// administrator without a tenant: only who they are).
#[server(prefix = "/api", endpoint = "auth/session")]
pub async fn current_session() -> Result<SessionInfo, AppError> {
    use crate::api::format_time;
    use crate::ssr::{AppState, current_member, respond, session, signed_in_user};
    use console_core::accounts::{self, Permission};

    let state = AppState::current()?;
    let session = session().await?;
    let ctx = match current_member(&state, &session).await {
        Ok(ctx) => ctx,
        Err(AppError::NoTenant) => {
            let user = signed_in_user(&state, &session).await?;
            return Ok(SessionInfo {
                username: user.username,
                display_name: user.display_name,
                last_login_at: user.last_login_at.map(format_time),
                tenant_id: None,
                tenant_name: String::new(),
                role: None,
                tenants: Vec::new(),
                demo: state.config.demo,
                superadmin: user.superadmin,
            });
        }
        Err(e) => return Err(e),
    };
    if !ctx.role.allows(Permission::View) {
        return Err(respond(AppError::Forbidden));
    }
    let memberships = accounts::memberships_of(&ctx.state.db, ctx.user.id).await?;
    let tenant_name = memberships
        .iter()
        .find(|m| m.tenant.id == ctx.tenant_id)
        .map(|m| m.tenant.name.clone())
        .unwrap_or_default();
    Ok(SessionInfo {
        username: ctx.user.username.clone(),
        display_name: ctx.user.display_name.clone(),
        last_login_at: ctx.user.last_login_at.map(format_time),
        tenant_id: Some(ctx.tenant_id),
        tenant_name,
        role: Some(ctx.role),
        tenants: memberships
            .into_iter()
            .map(|m| TenantChoice {
                id: m.tenant.id,
                name: m.tenant.name,
                role: m.role,
            })
            .collect(),
        demo: ctx.state.config.demo,
        superadmin: ctx.user.superadmin,
    })
}

/// Switches the session to another of the user's tenants.
#[server(prefix = "/api", endpoint = "auth/switch-tenant")]
pub async fn switch_tenant(tenant_id: TenantId) -> Result<(), AppError> {
    use crate::ssr::{SESSION_TENANT, internal, require, respond};
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::View).await?;
    // Membership decides, not the parameter: a tenant the user is not in looks missing.
    if accounts::membership(&ctx.state.db, tenant_id, ctx.user.id)
        .await?
        .is_none()
    {
        return Err(respond(AppError::NotFound));
    }
    ctx.session
        .insert(SESSION_TENANT, tenant_id)
        .await
        .map_err(|e| internal(format!("session write: {e}")))?;
    Ok(())
}

/// Changes the signed-in user's password. Every other session of the user ends (whoever knew
/// the old password is signed out); this one stays, under a new id.
#[server(prefix = "/api", endpoint = "auth/change-password")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    use crate::ssr::{keep_session, require};
    use console_core::accounts::{self, Password, Permission};

    let ctx = require(Permission::View).await?;
    let new = Password::parse(&new)?;
    let epoch = accounts::change_password(&ctx.state.db, ctx.user.id, &current, &new).await?;
    keep_session(&ctx.session, epoch).await?;
    ctx.audit(
        console_core::AuditAction::PasswordChanged,
        ctx.user.username.clone(),
        console_core::Bi::new(
            "已修改密码，其他会话已结束",
            "Changed the password; other sessions ended",
        ),
    )
    .await;
    Ok(())
}

/// What the login page may show before anyone signs in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginHints {
    /// In demo mode only: the seeded account, so that a newcomer can sign in at once.
    pub demo_account: Option<(String, String)>,
}

/// Public hints for the login page.
#[server(prefix = "/api", endpoint = "auth/hints")]
pub async fn get_login_hints() -> Result<LoginHints, AppError> {
    let state = crate::ssr::AppState::current()?;
    Ok(LoginHints {
        demo_account: state.config.demo_account.clone(),
    })
}
