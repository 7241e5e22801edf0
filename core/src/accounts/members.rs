//! What administrators do to a tenant's members: change a role, disable or enable a membership,
//! remove one. The rules live here, once, for every caller:
//!
//! - only owners make, change, disable or remove owners (an admin cannot touch one);
//! - a tenant always keeps at least one enabled owner, so the last one can be neither removed,
//!   demoted nor disabled (an owner could once demote themselves and leave a tenant nobody could
//!   manage);
//! - nobody disables themselves (they would lock themselves out mid-click).
//!
//! Disabling is per membership, not per account: a tenant's administrators manage access to
//! their tenant, never an account that other tenants share. Each change runs in one write
//! transaction with the tenant's row locked (PostgreSQL) or the write lock held (SQLite), so two
//! owners demoting each other at the same moment cannot leave the tenant without one.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

use super::entity::{membership, tenant};
use super::role::Role;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::{TenantId, UserId};

/// Who is acting, and with which role in the tenant (read from the session and the database by
/// the caller, never from the request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub role: Role,
}

impl Actor {
    /// Refuses what only an owner may do to an owner: make one, or change one.
    pub(crate) fn check_may_grant(self, role: Role) -> CoreResult<()> {
        if role == Role::Owner && self.role != Role::Owner {
            return Err(CoreError::Forbidden);
        }
        Ok(())
    }
}

/// What happens to a membership.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    Role(Role),
    Disable,
    Enable,
    Remove,
}

impl Change {
    /// Whether the membership still counts as an enabled owner afterwards.
    fn leaves_owner(self, before: &membership::Model) -> bool {
        match self {
            Change::Role(r) => r == Role::Owner && before.disabled_at.is_none(),
            Change::Disable | Change::Remove => false,
            Change::Enable => before.role == Role::Owner,
        }
    }
}

/// Gives a member another role.
pub async fn change_role(
    db: &Db,
    tenant_id: TenantId,
    actor: Actor,
    target: UserId,
    role: Role,
) -> CoreResult<()> {
    apply(db, None, tenant_id, actor, target, Change::Role(role)).await
}

/// Disables a member's access to the tenant (the account and its other tenants stay); their
/// sessions in this tenant end at their next request.
pub async fn disable_member(
    db: &Db,
    clock: &dyn Clock,
    tenant_id: TenantId,
    actor: Actor,
    target: UserId,
) -> CoreResult<()> {
    apply(db, Some(clock), tenant_id, actor, target, Change::Disable).await
}

/// Gives a disabled member their access back.
pub async fn enable_member(
    db: &Db,
    tenant_id: TenantId,
    actor: Actor,
    target: UserId,
) -> CoreResult<()> {
    apply(db, None, tenant_id, actor, target, Change::Enable).await
}

/// Removes a member from the tenant (the account stays; an invitation can bring it back).
pub async fn remove_member(
    db: &Db,
    tenant_id: TenantId,
    actor: Actor,
    target: UserId,
) -> CoreResult<()> {
    apply(db, None, tenant_id, actor, target, Change::Remove).await
}

async fn apply(
    db: &Db,
    clock: Option<&dyn Clock>,
    tenant_id: TenantId,
    actor: Actor,
    target: UserId,
    change: Change,
) -> CoreResult<()> {
    let txn = db.begin_write().await?;
    lock_tenant(&txn, tenant_id).await?;
    // The actor's role as it is now, under the lock (it may have changed since their request
    // was authorized).
    let actor = Actor {
        role: current_role(&txn, tenant_id, actor.user_id).await?,
        ..actor
    };
    if !actor.role.allows(crate::Permission::ManageMembers) {
        return Err(CoreError::Forbidden);
    }
    let row = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant_id))
        .filter(membership::Column::UserId.eq(target))
        .one(&txn)
        .await?
        .ok_or(CoreError::NotFound("member"))?;
    actor.check_may_grant(row.role)?;
    if let Change::Role(r) = change {
        actor.check_may_grant(r)?;
    }
    if change == Change::Disable && target == actor.user_id {
        return Err(CoreError::Invalid(Bi::new(
            "不能停用自己的账号",
            "You cannot disable your own access",
        )));
    }
    let was_owner = row.role == Role::Owner && row.disabled_at.is_none();
    if was_owner && !change.leaves_owner(&row) && enabled_owners(&txn, tenant_id).await? <= 1 {
        return Err(CoreError::Invalid(Bi::new(
            "租户至少需要一位启用的所有者：请先让另一位成员成为所有者",
            "A tenant needs at least one enabled owner: make another member an owner first",
        )));
    }
    let now = clock.map(Clock::now_ms);
    match change {
        Change::Remove => {
            membership::Entity::delete_by_id(row.id).exec(&txn).await?;
        }
        Change::Role(r) => update(&txn, row, |am| am.role = Set(r)).await?,
        Change::Disable => update(&txn, row, |am| am.disabled_at = Set(now)).await?,
        Change::Enable => update(&txn, row, |am| am.disabled_at = Set(None)).await?,
    }
    txn.commit().await?;
    Ok(())
}

async fn update(
    txn: &DatabaseTransaction,
    row: membership::Model,
    f: impl FnOnce(&mut membership::ActiveModel),
) -> CoreResult<()> {
    let mut am: membership::ActiveModel = row.into();
    f(&mut am);
    am.update(txn).await?;
    Ok(())
}

/// Serializes changes to one tenant's members on PostgreSQL (`FOR UPDATE` on its row; SQLite's
/// write lock, taken by `begin_write`, already does).
pub(crate) async fn lock_tenant(txn: &DatabaseTransaction, tenant_id: TenantId) -> CoreResult<()> {
    tenant::Entity::find_by_id(tenant_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(CoreError::NotFound("tenant"))?;
    Ok(())
}

async fn current_role(
    txn: &DatabaseTransaction,
    tenant_id: TenantId,
    user_id: UserId,
) -> CoreResult<Role> {
    membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant_id))
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::DisabledAt.is_null())
        .one(txn)
        .await?
        .map(|m| m.role)
        .ok_or(CoreError::Forbidden)
}

async fn enabled_owners(txn: &DatabaseTransaction, tenant_id: TenantId) -> CoreResult<u64> {
    Ok(membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant_id))
        .filter(membership::Column::Role.eq(Role::Owner))
        .filter(membership::Column::DisabledAt.is_null())
        .count(txn)
        .await?)
}
