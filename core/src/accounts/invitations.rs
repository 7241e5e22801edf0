//! Invitations: how someone joins a tenant. An administrator makes a one-time link for a role;
//! the token is shown once and kept only as its SHA-256; it expires after 7 days, works once and
//! can be revoked. The invitee opens it and accepts while signed in, or creates their account
//! there. This replaced "add a member by username", which let an administrator pull any account
//! of any tenant into theirs and learn which usernames exist.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::entity::{invitation, membership, tenant, user};
use super::members::{Actor, lock_tenant};
use super::names::{Password, Username};
use super::password;
use super::role::Role;
use super::service::{TenantSummary, UserSummary, insert_user};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::page_token;
use crate::{TenantId, UserId};
use console_types::InvitationId;

/// How long an invitation can be accepted: 7 days.
pub const INVITATION_LIFETIME_MS: i64 = 7 * 24 * 3_600_000;

/// A new invitation. The token is in no other place: show it once, then forget it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub id: InvitationId,
    pub token: String,
    pub expires_at: i64,
}

/// The token never reaches a log.
impl std::fmt::Debug for NewInvitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewInvitation")
            .field("id", &self.id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// An invitation that can still be accepted, as its tenant's administrators see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingInvitation {
    pub id: InvitationId,
    pub role: Role,
    pub note: String,
    /// The inviter's display name (none once their account is gone).
    pub invited_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// What the invitee sees before accepting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationView {
    pub tenant: TenantSummary,
    pub role: Role,
    pub expires_at: i64,
}

/// The one answer for a token that cannot be used, whatever the reason (unknown, used, revoked,
/// expired): the page cannot help a guesser tell them apart.
fn unusable() -> CoreError {
    CoreError::Invalid(Bi::new(
        "邀请链接无效、已被使用、已撤销或已过期，请向管理员索取新的邀请链接",
        "This invitation is invalid, used, revoked or expired; ask an administrator for a new one",
    ))
}

/// Whom an invitation is for, as noted by the inviter: up to 64 characters, no control ones.
fn checked_note(note: &str) -> CoreResult<String> {
    let note = note.trim();
    if note.chars().count() > 64 || note.chars().any(char::is_control) {
        return Err(CoreError::Invalid(
            Bi::new(
                "备注最多 64 个字符，且不能包含控制字符",
                "The note is at most 64 characters, without control characters",
            )
            .on_field("note"),
        ));
    }
    Ok(note.to_string())
}

/// Creates an invitation to `tenant_id` with `role`. Only owners invite owners.
pub async fn create_invitation(
    db: &Db,
    clock: &dyn Clock,
    tenant_id: TenantId,
    actor: Actor,
    role: Role,
    note: &str,
) -> CoreResult<NewInvitation> {
    actor.check_may_grant(role)?;
    insert_invitation(db.conn(), clock, tenant_id, actor.user_id, role, note).await
}

/// Writes an invitation (inside the caller's transaction, when it has one: a platform
/// administrator creates a tenant and its first owner's invitation together). The caller has
/// checked that `created_by` may grant `role`.
pub(crate) async fn insert_invitation(
    conn: &impl ConnectionTrait,
    clock: &dyn Clock,
    tenant_id: TenantId,
    created_by: UserId,
    role: Role,
    note: &str,
) -> CoreResult<NewInvitation> {
    let note = checked_note(note)?;
    let token = page_token::new();
    let now = clock.now_ms();
    let row = invitation::ActiveModel {
        tenant_id: Set(tenant_id),
        role: Set(role),
        note: Set(note),
        token_hash: Set(page_token::hash(&token)),
        created_by: Set(Some(created_by)),
        created_at: Set(now),
        expires_at: Set(now + INVITATION_LIFETIME_MS),
        accepted_at: Set(None),
        accepted_by: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(NewInvitation {
        id: row.id,
        token,
        expires_at: row.expires_at,
    })
}

/// The tenant's invitations that can still be accepted, newest first.
pub async fn pending_invitations(
    db: &Db,
    clock: &dyn Clock,
    tenant_id: TenantId,
) -> CoreResult<Vec<PendingInvitation>> {
    let rows = invitation::Entity::find()
        .filter(invitation::Column::TenantId.eq(tenant_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(clock.now_ms()))
        .order_by_desc(invitation::Column::CreatedAt)
        .find_also_related(user::Entity)
        .all(db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(i, inviter)| PendingInvitation {
            id: i.id,
            role: i.role,
            note: i.note,
            invited_by: inviter.map(|u| u.display_name),
            created_at: i.created_at,
            expires_at: i.expires_at,
        })
        .collect())
}

/// Revokes one of the tenant's invitations; another tenant's looks missing. Revoking twice is
/// fine; an accepted invitation is history and cannot be revoked.
pub async fn revoke_invitation(
    db: &Db,
    clock: &dyn Clock,
    tenant_id: TenantId,
    id: InvitationId,
) -> CoreResult<()> {
    let row = invitation::Entity::find_by_id(id)
        .filter(invitation::Column::TenantId.eq(tenant_id))
        .one(db.conn())
        .await?
        .ok_or(CoreError::NotFound("invitation"))?;
    if row.accepted_at.is_some() {
        return Err(CoreError::Invalid(Bi::new(
            "该邀请已被接受，无法撤销；如需收回权限，请移除或停用该成员",
            "This invitation was accepted already; remove or disable the member instead",
        )));
    }
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(clock.now_ms()))
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(db.conn())
        .await?;
    Ok(())
}

/// The invitation behind `token`, if it can still be accepted.
async fn usable(
    conn: &impl ConnectionTrait,
    clock: &dyn Clock,
    token: &str,
) -> CoreResult<invitation::Model> {
    if !page_token::well_formed(token) {
        return Err(unusable());
    }
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(page_token::hash(token)))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(clock.now_ms()))
        .one(conn)
        .await?
        .ok_or_else(unusable)
}

/// What the invitation behind `token` offers (for its page).
pub async fn open_invitation(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
) -> CoreResult<InvitationView> {
    let inv = usable(db.conn(), clock, token).await?;
    let tenant = tenant::Entity::find_by_id(inv.tenant_id)
        .one(db.conn())
        .await?
        .ok_or_else(unusable)?;
    Ok(InvitationView {
        tenant: tenant.into(),
        role: inv.role,
        expires_at: inv.expires_at,
    })
}

/// The signed-in `user_id` accepts the invitation: they join its tenant with its role.
pub async fn accept_invitation(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
    user_id: UserId,
) -> CoreResult<TenantSummary> {
    let txn = db.begin_write().await?;
    let inv = usable(&txn, clock, token).await?;
    lock_tenant(&txn, inv.tenant_id).await?;
    let already = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(inv.tenant_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(&txn)
        .await?;
    if already.is_some() {
        // A disabled member must not re-enable themselves with an old invitation either.
        return Err(CoreError::Invalid(Bi::new(
            "您已是该租户的成员（若访问已被停用，请联系管理员重新启用）",
            "You are a member of this tenant already (if your access was disabled, ask an administrator to enable it)",
        )));
    }
    let tenant = claim_and_join(&txn, clock, &inv, user_id).await?;
    txn.commit().await?;
    Ok(tenant)
}

/// Someone without an account creates one through the invitation and joins its tenant; the
/// account and the membership are written together, or neither.
pub async fn register_with_invitation(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
    username: &Username,
    display_name: &str,
    new_password: &Password,
) -> CoreResult<(UserSummary, TenantSummary)> {
    // Checked before the (deliberately slow) hashing, and again inside the transaction.
    usable(db.conn(), clock, token).await?;
    let hash = password::hash(new_password.expose().to_string()).await?;
    let txn = db.begin_write().await?;
    let inv = usable(&txn, clock, token).await?;
    lock_tenant(&txn, inv.tenant_id).await?;
    let user = insert_user(&txn, clock, username, display_name, hash).await?;
    let tenant = claim_and_join(&txn, clock, &inv, user.id).await?;
    txn.commit().await?;
    Ok((user, tenant))
}

/// Marks the invitation used (only if nobody used or revoked it in between: single use holds
/// under concurrency) and adds the membership.
async fn claim_and_join(
    txn: &impl ConnectionTrait,
    clock: &dyn Clock,
    inv: &invitation::Model,
    user_id: UserId,
) -> CoreResult<TenantSummary> {
    let now = clock.now_ms();
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .col_expr(invitation::Column::AcceptedBy, Expr::value(user_id))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .exec(txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(unusable());
    }
    membership::ActiveModel {
        tenant_id: Set(inv.tenant_id),
        user_id: Set(user_id),
        role: Set(inv.role),
        created_at: Set(now),
        disabled_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    tenant::Entity::find_by_id(inv.tenant_id)
        .one(txn)
        .await?
        .map(Into::into)
        .ok_or_else(unusable)
}
