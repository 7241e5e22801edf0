//! Invitations: administrators make one-time links for a role (`/invite/{token}`, the token
//! shown once); the invitee accepts while signed in, or creates their account on the link's page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Role;
use crate::error::AppError;
use console_types::InvitationId;

/// A new invitation's link: shown once (only its hash is stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvitation {
    pub url: String,
    pub role: Role,
    pub expires_at: String,
}

/// An invitation that can still be accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: InvitationId,
    pub role: Role,
    pub note: String,
    pub invited_by: Option<String>,
    pub created_at: String,
    pub expires_at: String,
}

/// What the invitation page shows before accepting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub tenant_name: String,
    pub role: Role,
    pub expires_at: String,
    /// The signed-in visitor's username, if any: they accept as themselves.
    pub signed_in_as: Option<String>,
}

/// Creates an invitation to the current tenant for `role`, with a note saying whom it is for.
/// Only owners invite owners.
#[server(prefix = "/api", endpoint = "members/invite")]
pub async fn create_invitation(role: Role, note: String) -> Result<CreatedInvitation, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::ManageMembers).await?;
    let inv = accounts::create_invitation(
        &ctx.state.db,
        &*ctx.state.services.clock,
        ctx.tenant_id,
        ctx.actor(),
        role,
        &note,
    )
    .await?;
    tracing::info!(invitation = %inv.id, role = %role.as_str(), "invitation created");
    let label = crate::api::role_label(role);
    let detail = console_core::Bi::new(
        format!("邀请加入为{}（{}）", label.zh, note.trim()),
        format!("Invited as {} ({})", label.en, note.trim()),
    );
    ctx.audit(
        console_core::AuditAction::Invited,
        format!("#{}", inv.id),
        detail,
    )
    .await;
    Ok(CreatedInvitation {
        url: format!("{}/invite/{}", ctx.state.config.public_base_url, inv.token),
        role,
        expires_at: format_time(inv.expires_at),
    })
}

/// The current tenant's invitations that can still be accepted.
#[server(prefix = "/api", endpoint = "members/invitations")]
pub async fn pending_invitations() -> Result<Vec<PendingInvitation>, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::ManageMembers).await?;
    Ok(
        accounts::pending_invitations(&ctx.state.db, &*ctx.state.services.clock, ctx.tenant_id)
            .await?
            .into_iter()
            .map(|i| PendingInvitation {
                id: i.id,
                role: i.role,
                note: i.note,
                invited_by: i.invited_by,
                created_at: format_time(i.created_at),
                expires_at: format_time(i.expires_at),
            })
            .collect(),
    )
}

/// Revokes one of the current tenant's invitations.
#[server(prefix = "/api", endpoint = "members/revoke-invitation")]
pub async fn revoke_invitation(id: InvitationId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::ManageMembers).await?;
    accounts::revoke_invitation(&ctx.state.db, &*ctx.state.services.clock, ctx.tenant_id, id)
        .await?;
    let detail = console_core::Bi::new("邀请已撤销", "Invitation revoked");
    ctx.audit(
        console_core::AuditAction::InviteRevoked,
        format!("#{id}"),
        detail,
    )
    .await;
    Ok(())
}

/// What the invitation behind `token` offers (no sign-in needed).
#[server(prefix = "/api", endpoint = "invitations/open")]
pub async fn open_invitation(token: String) -> Result<InvitationInfo, AppError> {
    use crate::api::format_time;
    use crate::ssr::{AppState, session, session_user};
    use console_core::accounts;

    let state = AppState::current()?;
    let inv = accounts::open_invitation(&state.db, &*state.services.clock, &token).await?;
    let signed_in_as = session_user(&state, &session().await?)
        .await?
        .map(|u| u.username);
    Ok(InvitationInfo {
        tenant_name: inv.tenant.name,
        role: inv.role,
        expires_at: format_time(inv.expires_at),
        signed_in_as,
    })
}

/// The signed-in visitor accepts the invitation and starts working in its tenant.
#[server(prefix = "/api", endpoint = "invitations/accept")]
pub async fn accept_invitation(token: String) -> Result<(), AppError> {
    use crate::ssr::{AppState, SESSION_TENANT, internal, session, signed_in_user};
    use console_core::accounts;

    let state = AppState::current()?;
    let session = session().await?;
    let user = signed_in_user(&state, &session).await?;
    let tenant =
        accounts::accept_invitation(&state.db, &*state.services.clock, &token, user.id).await?;
    session
        .insert(SESSION_TENANT, tenant.id)
        .await
        .map_err(|e| internal(format!("session write: {e}")))?;
    tracing::info!(user = %user.username, tenant = %tenant.id, "invitation accepted");
    crate::ssr::audit_as(
        &state,
        Some(user.id),
        &user.username,
        Some(tenant.id),
        console_core::AuditAction::MemberAdded,
        user.username.clone(),
        console_core::Bi::new("接受邀请加入", "Joined by invitation"),
    )
    .await;
    leptos_axum::redirect("/");
    Ok(())
}

/// A visitor without an account creates one through the invitation, joins its tenant and is
/// signed in.
#[server(prefix = "/api", endpoint = "invitations/register")]
pub async fn register_with_invitation(
    token: String,
    username: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, session, start_session};
    use console_core::accounts::{self, Password, Username};

    let state = AppState::current()?;
    let username = Username::parse(&username).map_err(|e| on_field(e, "username"))?;
    let password = Password::parse(&password).map_err(|e| on_field(e, "password"))?;
    let (user, tenant) = accounts::register_with_invitation(
        &state.db,
        &*state.services.clock,
        &token,
        &username,
        &display_name,
        &password,
    )
    .await?;
    start_session(&state, &session().await?, &user, tenant.id).await?;
    tracing::info!(user = %user.username, tenant = %tenant.id, "account created through an invitation");
    crate::ssr::audit_as(
        &state,
        Some(user.id),
        &user.username,
        Some(tenant.id),
        console_core::AuditAction::MemberAdded,
        user.username.clone(),
        console_core::Bi::new(
            "通过邀请创建账号并加入",
            "Created an account and joined by invitation",
        ),
    )
    .await;
    leptos_axum::redirect("/");
    Ok(())
}

/// Names the form field an input error is about (the page shows it beside that field).
#[cfg(feature = "ssr")]
fn on_field(e: console_core::CoreError, field: &str) -> console_core::CoreError {
    match e {
        console_core::CoreError::Invalid(m) => console_core::CoreError::Invalid(m.on_field(field)),
        other => other,
    }
}
