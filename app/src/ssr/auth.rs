//! Who is calling: the signed-in user and the tenant they work in, always from the session and
//! the database, never from the request's parameters.
//!
//! A session is valid only while all of these hold, checked on every request (server functions
//! through [`require`], pages through the server's login guard, both through [`current_member`]):
//! the account exists and is not disabled; the session was signed in under the account's current
//! session epoch (raised by "sign out everywhere" and a new password); it is younger than the
//! absolute session lifetime; and the user still has an enabled membership in a tenant that is
//! not suspended. Otherwise the session is ended there and then. A platform administrator
//! (superadmin) may have no tenant: their session stays, for the tenants page only
//! ([`require_platform_admin`]).

use console_core::accounts::{self, Permission, Role, UserSummary};
use console_core::{TenantId, UserId};
use tower_sessions::Session;

use super::{AppState, internal, respond};
use crate::error::AppError;

/// Session key of the signed-in user's id.
pub const SESSION_USER: &str = "uid";
/// Session key of the tenant the user currently works in.
pub const SESSION_TENANT: &str = "tid";
/// Session key of the user's session epoch at sign-in.
pub const SESSION_EPOCH: &str = "uep";
/// Session key of the sign-in instant (Unix milliseconds).
pub const SESSION_SIGNED_IN_AT: &str = "sat";

/// The caller of a server function, checked against the database.
#[derive(Clone, Debug)]
pub struct AuthCtx {
    pub user: UserSummary,
    pub tenant_id: TenantId,
    pub role: Role,
    pub state: AppState,
    pub session: Session,
}

impl AuthCtx {
    /// The caller as the account rules see them.
    pub fn actor(&self) -> accounts::Actor {
        accounts::Actor {
            user_id: self.user.id,
            role: self.role,
        }
    }
}

/// The session of the current request.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| internal(format!("session layer missing: {e}")))
}

async fn read<T: serde::de::DeserializeOwned>(
    session: &Session,
    key: &str,
) -> Result<Option<T>, AppError> {
    session
        .get(key)
        .await
        .map_err(|e| internal(format!("session read: {e}")))
}

async fn write<T: serde::Serialize>(
    session: &Session,
    key: &str,
    value: T,
) -> Result<(), AppError> {
    session
        .insert(key, value)
        .await
        .map_err(|e| internal(format!("session write: {e}")))
}

/// Makes `session` the session of `user`, working in `tenant_id`: a new session id (one planted
/// before signing in is worthless), the epoch and the instant of signing in.
pub async fn start_session(
    state: &AppState,
    session: &Session,
    user: &UserSummary,
    tenant_id: TenantId,
) -> Result<(), AppError> {
    begin(state, session, user, Some(tenant_id)).await
}

/// Makes `session` the session of a platform administrator who belongs to no tenant (they work
/// on the tenants page only).
pub async fn start_platform_admin_session(
    state: &AppState,
    session: &Session,
    user: &UserSummary,
) -> Result<(), AppError> {
    begin(state, session, user, None).await
}

async fn begin(
    state: &AppState,
    session: &Session,
    user: &UserSummary,
    tenant_id: Option<TenantId>,
) -> Result<(), AppError> {
    session
        .cycle_id()
        .await
        .map_err(|e| internal(format!("session cycle: {e}")))?;
    write(session, SESSION_USER, user.id).await?;
    if let Some(tenant_id) = tenant_id {
        write(session, SESSION_TENANT, tenant_id).await?;
    }
    write(session, SESSION_EPOCH, user.session_epoch).await?;
    write(session, SESSION_SIGNED_IN_AT, state.services.now()).await
}

/// Keeps `session` valid under the user's new session epoch (after changing one's password, the
/// session that did it stays; every other one ends), with a new id.
pub async fn keep_session(session: &Session, epoch: i64) -> Result<(), AppError> {
    session
        .cycle_id()
        .await
        .map_err(|e| internal(format!("session cycle: {e}")))?;
    write(session, SESSION_EPOCH, epoch).await
}

/// Ends `session` (its record is deleted).
async fn end(session: &Session) {
    if let Err(e) = session.flush().await {
        tracing::warn!("ending a session: {e}");
    }
}

/// The user of a valid session, if any; a session that was signed in but is no longer valid is
/// ended here. Answers nothing itself (for pages that anyone may see, such as an invitation).
pub async fn session_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<UserSummary>, AppError> {
    let Some(user_id) = read::<UserId>(session, SESSION_USER).await? else {
        return Ok(None);
    };
    let epoch = read::<i64>(session, SESSION_EPOCH).await?;
    let signed_in_at = read::<i64>(session, SESSION_SIGNED_IN_AT).await?;
    let user = accounts::active_user(&state.db, user_id).await?;
    let lifetime_ms = i64::try_from(state.access.session_lifetime.as_millis()).unwrap_or(i64::MAX);
    let young =
        signed_in_at.is_some_and(|at| state.services.now().saturating_sub(at) < lifetime_ms);
    match user {
        Some(u) if young && epoch == Some(u.session_epoch) => Ok(Some(u)),
        // Disabled or deleted, signed out everywhere, a new password, or simply too old.
        _ => {
            end(session).await;
            Ok(None)
        }
    }
}

/// The signed-in user of a valid session, or `Unauthorized`.
pub async fn signed_in_user(state: &AppState, session: &Session) -> Result<UserSummary, AppError> {
    session_user(state, session)
        .await?
        .ok_or_else(|| respond(AppError::Unauthorized))
}

/// The signed-in user, the tenant of the session and the role there, without a permission check.
///
/// When the session has no tenant yet, or its membership was removed or disabled or its tenant
/// suspended, the user's first enabled tenant is chosen and remembered; with none left, the
/// session ends, except a platform administrator's: theirs stays and this answers `NoTenant`
/// (the page guard sends them to the tenants page).
pub async fn current_member(state: &AppState, session: &Session) -> Result<AuthCtx, AppError> {
    let user = signed_in_user(state, session).await?;
    let current = match read::<TenantId>(session, SESSION_TENANT).await? {
        Some(t) => accounts::membership(&state.db, t, user.id)
            .await?
            .map(|role| (t, role)),
        None => None,
    };
    let (tenant_id, role) = match current {
        Some(found) => found,
        None => {
            let Some(first) = accounts::memberships_of(&state.db, user.id)
                .await?
                .into_iter()
                .next()
            else {
                if user.superadmin {
                    // No status set here: the session function answers this one with 200.
                    return Err(AppError::NoTenant);
                }
                // Every membership was removed or disabled, or its tenant suspended: access is
                // withdrawn.
                end(session).await;
                return Err(respond(AppError::Unauthorized));
            };
            write(session, SESSION_TENANT, first.tenant.id).await?;
            (first.tenant.id, first.role)
        }
    };
    Ok(AuthCtx {
        user,
        tenant_id,
        role,
        state: state.clone(),
        session: session.clone(),
    })
}

/// Requires a signed-in user whose role in the session's tenant allows `permission`.
pub async fn require(permission: Permission) -> Result<AuthCtx, AppError> {
    let state = AppState::current()?;
    let session = session().await?;
    let ctx = current_member(&state, &session)
        .await
        .map_err(|e| match e {
            AppError::NoTenant => respond(e),
            other => other,
        })?;
    if !ctx.role.allows(permission) {
        return Err(respond(AppError::Forbidden));
    }
    Ok(ctx)
}

/// A signed-in platform administrator, checked against the database (whether or not they belong
/// to a tenant).
#[derive(Clone, Debug)]
pub struct AdminCtx {
    pub admin: accounts::PlatformAdmin,
    pub user: UserSummary,
    pub state: AppState,
}

/// Requires a signed-in platform administrator (superadmin): anyone else signed in is
/// `Forbidden`, whatever their role in their tenant.
pub async fn require_platform_admin() -> Result<AdminCtx, AppError> {
    let state = AppState::current()?;
    let session = session().await?;
    let user = signed_in_user(&state, &session).await?;
    let admin = accounts::platform_admin(&state.db, user.id).await?;
    Ok(AdminCtx { admin, user, state })
}
