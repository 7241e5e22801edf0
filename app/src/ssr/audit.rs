//! Writing the audit log from server functions: who (the signed-in user, or the name someone
//! tried to sign in as), from where (the client address, as the sign-in throttle sees it), what.
//!
//! An entry is written after the change it records succeeded. A failure to write it is logged
//! with its details but does not undo or refuse the change: the change has happened, and telling
//! the user it failed would be false.

use console_core::audit::{self, Actor, Entry};
use console_core::{AuditAction, Bi, TenantId, UserId};

use super::{AppState, AuthCtx, client_ip};

impl AuthCtx {
    /// Records `action` on `target` in the caller's tenant.
    pub async fn audit(&self, action: AuditAction, target: impl Into<String>, detail: Bi) {
        let actor = Actor {
            user_id: Some(self.user.id),
            name: self.user.username.clone(),
            ip: client_ip(&self.state).map(|ip| ip.to_string()),
        };
        write(
            &self.state,
            &actor,
            Some(self.tenant_id),
            action,
            target.into(),
            detail,
        )
        .await;
    }
}

/// Records `action` by `user` (a sign-in, an accepted invitation: no session context yet) in
/// `tenant_id`, or in no tenant (a refused sign-in of an unknown name).
pub async fn audit_as(
    state: &AppState,
    user: Option<UserId>,
    name: &str,
    tenant_id: Option<TenantId>,
    action: AuditAction,
    target: impl Into<String>,
    detail: Bi,
) {
    let actor = Actor {
        user_id: user,
        name: name.to_string(),
        ip: client_ip(state).map(|ip| ip.to_string()),
    };
    write(state, &actor, tenant_id, action, target.into(), detail).await;
}

async fn write(
    state: &AppState,
    actor: &Actor,
    tenant_id: Option<TenantId>,
    action: AuditAction,
    target: String,
    detail: Bi,
) {
    let svc = &state.services;
    let entry = Entry {
        tenant_id,
        action,
        target,
        detail,
    };
    if let Err(e) = audit::record(svc.db.conn(), svc.clock.as_ref(), actor, entry).await {
        tracing::error!(action = action.as_str(), "writing the audit log: {e}");
    }
}

/// Records a refused sign-in (wrong password) as `username` in every tenant that account is a
/// member of, so that each tenant's admins see guessing at their staff's accounts; a name that
/// belongs to no account is recorded in no tenant (nobody's log fills with strangers' typos).
pub async fn audit_failed_sign_in(state: &AppState, username: &str) {
    let user = match console_core::accounts::find_user_by_username(&state.db, username).await {
        Ok(found) => found,
        Err(e) => {
            tracing::error!("audit of a refused sign-in: {e}");
            None
        }
    };
    let detail = Bi::new("密码错误", "Wrong password");
    let Some(user) = user else {
        audit_as(
            state,
            None,
            username,
            None,
            AuditAction::SignInFailed,
            username,
            detail,
        )
        .await;
        return;
    };
    let tenants = console_core::accounts::memberships_of(&state.db, user.id)
        .await
        .unwrap_or_default();
    for m in tenants {
        audit_as(
            state,
            Some(user.id),
            &user.username,
            Some(m.tenant.id),
            AuditAction::SignInFailed,
            user.username.clone(),
            detail.clone(),
        )
        .await;
    }
}

impl AuthCtx {
    /// How the audit log names member `user_id` of the caller's tenant: their username, or
    /// `#id` when they are not (or no longer) a member. Read before a removal.
    pub async fn member_label(&self, user_id: UserId) -> String {
        console_core::accounts::list_members(&self.state.db, self.tenant_id)
            .await
            .ok()
            .and_then(|ms| ms.into_iter().find(|m| m.user.id == user_id))
            .map_or_else(|| format!("#{user_id}"), |m| m.user.username)
    }
}

impl AuthCtx {
    /// How the audit log names platform `id` of the caller's tenant: "name (appid)".
    pub async fn platform_label(&self, id: console_core::PlatformId) -> String {
        match console_core::platforms::get_model(&self.state.services, self.tenant_id, id).await {
            Ok(p) => format!("{} ({})", p.name, p.appid),
            Err(_) => format!("#{id}"),
        }
    }
}

impl super::AdminCtx {
    /// Records a platform administrator's `action` on tenant `tenant_id` in that tenant's log
    /// (its owners see who suspended them, and when).
    pub async fn audit(
        &self,
        tenant_id: TenantId,
        action: AuditAction,
        target: String,
        detail: Bi,
    ) {
        let actor = Actor {
            user_id: Some(self.user.id),
            name: self.user.username.clone(),
            ip: client_ip(&self.state).map(|ip| ip.to_string()),
        };
        write(&self.state, &actor, Some(tenant_id), action, target, detail).await;
    }
}
