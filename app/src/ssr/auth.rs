//! Who is calling: the signed-in user and the tenant they work in, always from the session and
//! the database, never from the request's parameters.

use console_core::accounts::{self, Permission, Role, UserSummary};
use console_core::{TenantId, UserId};
use tower_sessions::Session;

use super::{AppState, internal, respond};
use crate::error::AppError;

/// Session key of the signed-in user's id.
pub const SESSION_USER: &str = "uid";
/// Session key of the tenant the user currently works in.
pub const SESSION_TENANT: &str = "tid";

/// The caller of a server function, checked against the database.
#[derive(Clone, Debug)]
pub struct AuthCtx {
    pub user: UserSummary,
    pub tenant_id: TenantId,
    pub role: Role,
    pub state: AppState,
    pub session: Session,
}

/// The session of the current request.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| internal(format!("session layer missing: {e}")))
}

/// The signed-in, active user of the current request, or `Unauthorized`.
pub async fn signed_in_user(state: &AppState, session: &Session) -> Result<UserSummary, AppError> {
    let user_id: Option<UserId> = session
        .get(SESSION_USER)
        .await
        .map_err(|e| internal(format!("session read: {e}")))?;
    let Some(user_id) = user_id else {
        return Err(respond(AppError::Unauthorized));
    };
    match accounts::active_user(&state.db, user_id).await? {
        Some(u) => Ok(u),
        None => {
            // Disabled or deleted since signing in: end the session.
            let _ = session.flush().await;
            Err(respond(AppError::Unauthorized))
        }
    }
}

/// Requires a signed-in user whose role in the session's tenant allows `permission`.
///
/// When the session has no tenant yet (or the membership was removed), the user's first tenant is
/// chosen and remembered.
pub async fn require(permission: Permission) -> Result<AuthCtx, AppError> {
    let state = AppState::current()?;
    let session = session().await?;
    let user = signed_in_user(&state, &session).await?;
    let tenant_id: Option<TenantId> = session
        .get(SESSION_TENANT)
        .await
        .map_err(|e| internal(format!("session read: {e}")))?;
    let current = match tenant_id {
        Some(t) => accounts::membership(&state.db, t, user.id)
            .await?
            .map(|role| (t, role)),
        None => None,
    };
    let (tenant_id, role) = match current {
        Some(found) => found,
        None => {
            let first = accounts::memberships_of(&state.db, user.id)
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| respond(AppError::NoTenant))?;
            session
                .insert(SESSION_TENANT, first.tenant.id)
                .await
                .map_err(|e| internal(format!("session write: {e}")))?;
            (first.tenant.id, first.role)
        }
    };
    if !role.allows(permission) {
        return Err(respond(AppError::Forbidden));
    }
    Ok(AuthCtx {
        user,
        tenant_id,
        role,
        state,
        session,
    })
}
