//! Account operations: creating tenants and users, memberships, login.
//!
//! The functions that record an instant take the process's [`Clock`] (the one [`Services`] holds,
//! or the wall clock in the operator CLI), so that every time in the database comes from one
//! injectable source and tests that move the clock see consistent ages.
//!
//! [`Services`]: crate::Services

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::entity::{membership, tenant, user};
use super::names::{Password, TenantName, Username};
use super::password;
use super::role::Role;
use crate::clock::Clock;
use crate::db::Db;
use crate::db::conflict_or_db;
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::{TenantId, UserId};

/// A tenant as listed to its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantSummary {
    pub id: TenantId,
    pub name: String,
}

/// A user without secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSummary {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub last_login_at: Option<i64>,
    /// The session epoch: a session signed in under an older one has ended.
    pub session_epoch: i64,
    /// A platform administrator (manages tenants; may belong to none).
    pub superadmin: bool,
}

/// One of a user's tenants and the role held there, or one of a tenant's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub tenant: TenantSummary,
    pub user: UserSummary,
    pub role: Role,
    /// Whether an administrator disabled this membership (it then gives no access).
    pub disabled: bool,
}

impl From<user::Model> for UserSummary {
    fn from(m: user::Model) -> Self {
        Self {
            id: m.id,
            username: m.username,
            display_name: m.display_name,
            last_login_at: m.last_login_at,
            session_epoch: m.session_epoch,
            superadmin: m.superadmin,
        }
    }
}

impl From<tenant::Model> for TenantSummary {
    fn from(m: tenant::Model) -> Self {
        Self {
            id: m.id,
            name: m.name,
        }
    }
}

/// Creates a tenant; its name must be unused.
pub async fn create_tenant(
    db: &Db,
    clock: &dyn Clock,
    name: &TenantName,
) -> CoreResult<TenantSummary> {
    let model = tenant::ActiveModel {
        name: Set(name.as_str().to_string()),
        created_at: Set(clock.now_ms()),
        suspended_at: Set(None),
        ..Default::default()
    }
    .insert(db.conn())
    .await
    .map_err(|e| {
        conflict_or_db(e, || {
            Bi::new(
                format!("租户 “{}” 已存在", name.as_str()),
                format!("A tenant named \"{}\" already exists", name.as_str()),
            )
        })
    })?;
    Ok(model.into())
}

/// Finds a tenant by its exact name.
pub async fn find_tenant_by_name(db: &Db, name: &str) -> CoreResult<Option<TenantSummary>> {
    Ok(tenant::Entity::find()
        .filter(tenant::Column::Name.eq(name.trim()))
        .one(db.conn())
        .await?
        .map(Into::into))
}

/// Creates a staff user with an argon2 password hash; the username must be unused.
pub async fn create_user(
    db: &Db,
    clock: &dyn Clock,
    username: &Username,
    display_name: &str,
    password: &Password,
) -> CoreResult<UserSummary> {
    let hash = password::hash(password.expose().to_string()).await?;
    insert_user(db.conn(), clock, username, display_name, hash).await
}

/// Inserts a user whose password is already hashed (inside the caller's transaction, when it
/// has one: an invitation creates the account and its membership together).
pub(crate) async fn insert_user(
    conn: &impl ConnectionTrait,
    clock: &dyn Clock,
    username: &Username,
    display_name: &str,
    password_hash: String,
) -> CoreResult<UserSummary> {
    let display = match display_name.trim() {
        "" => username.as_str().to_string(),
        d => d.chars().take(64).collect(),
    };
    let model = user::ActiveModel {
        username: Set(username.as_str().to_string()),
        display_name: Set(display),
        password_hash: Set(password_hash),
        disabled: Set(false),
        created_at: Set(clock.now_ms()),
        last_login_at: Set(None),
        session_epoch: Set(0),
        superadmin: Set(false),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| {
        conflict_or_db(e, || {
            Bi::new(
                format!("用户名 “{}” 已被使用", username.as_str()),
                format!("The username \"{}\" is already taken", username.as_str()),
            )
        })
    })?;
    Ok(model.into())
}

/// Finds a user by login name (normalised the same way as at creation).
pub async fn find_user_by_username(db: &Db, username: &str) -> CoreResult<Option<UserSummary>> {
    let Ok(name) = Username::parse(username) else {
        return Ok(None);
    };
    Ok(user::Entity::find()
        .filter(user::Column::Username.eq(name.as_str()))
        .one(db.conn())
        .await?
        .map(Into::into))
}

/// Gives `user_id` the `role` in `tenant_id`, replacing any role held before and enabling the
/// membership (operator CLI, demo seeding, tests; staff use invitations).
pub async fn add_member(
    db: &Db,
    clock: &dyn Clock,
    tenant_id: TenantId,
    user_id: UserId,
    role: Role,
) -> CoreResult<()> {
    let existing = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(db.conn())
        .await?;
    match existing {
        Some(m) => {
            let mut am: membership::ActiveModel = m.into();
            am.role = Set(role);
            am.disabled_at = Set(None);
            am.update(db.conn()).await?;
        }
        None => {
            membership::ActiveModel {
                tenant_id: Set(tenant_id),
                user_id: Set(user_id),
                role: Set(role),
                created_at: Set(clock.now_ms()),
                disabled_at: Set(None),
                ..Default::default()
            }
            .insert(db.conn())
            .await?;
        }
    }
    Ok(())
}

/// Checks a login. Unknown user, disabled user and wrong password all give the same
/// `InvalidCredentials` after the same amount of work.
pub async fn authenticate(
    db: &Db,
    clock: &dyn Clock,
    username: &str,
    password: &str,
) -> CoreResult<UserSummary> {
    let found = match Username::parse(username) {
        Ok(name) => {
            user::Entity::find()
                .filter(user::Column::Username.eq(name.as_str()))
                .one(db.conn())
                .await?
        }
        Err(_) => None,
    };
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let ok = password::verify(password.to_string(), stored).await?;
    match found {
        Some(u) if ok && !u.disabled => {
            let mut am: user::ActiveModel = u.into();
            am.last_login_at = Set(Some(clock.now_ms()));
            Ok(am.update(db.conn()).await?.into())
        }
        _ => Err(CoreError::InvalidCredentials),
    }
}

/// Changes a user's password after checking the current one, and ends the user's sessions:
/// returns the new session epoch, which the caller's own session takes to stay signed in.
pub async fn change_password(
    db: &Db,
    user_id: UserId,
    current: &str,
    new: &Password,
) -> CoreResult<i64> {
    let u = user::Entity::find_by_id(user_id)
        .one(db.conn())
        .await?
        .ok_or(CoreError::NotFound("user"))?;
    if !password::verify(current.to_string(), Some(u.password_hash.clone())).await? {
        return Err(CoreError::Invalid(Bi::new(
            "当前密码不正确",
            "The current password is wrong",
        )));
    }
    store_password(db, u, new).await
}

/// Sets a user's password without knowing the old one (operator CLI, demo seeding); the user's
/// sessions end.
pub async fn reset_password(db: &Db, user_id: UserId, new: &Password) -> CoreResult<()> {
    let u = user::Entity::find_by_id(user_id)
        .one(db.conn())
        .await?
        .ok_or(CoreError::NotFound("user"))?;
    store_password(db, u, new).await.map(|_| ())
}

/// Stores a new password hash and raises the session epoch in one write: whoever knew the old
/// password is signed out with it. Returns the new epoch.
async fn store_password(db: &Db, u: user::Model, new: &Password) -> CoreResult<i64> {
    let hash = password::hash(new.expose().to_string()).await?;
    let epoch = u.session_epoch + 1;
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(hash);
    am.session_epoch = Set(epoch);
    am.update(db.conn()).await?;
    Ok(epoch)
}

/// The active user `user_id`, if it exists and is not disabled.
pub async fn active_user(db: &Db, user_id: UserId) -> CoreResult<Option<UserSummary>> {
    Ok(user::Entity::find_by_id(user_id)
        .one(db.conn())
        .await?
        .filter(|u| !u.disabled)
        .map(Into::into))
}

/// Every tenant `user_id` may work in (disabled memberships and suspended tenants left out),
/// sorted by tenant name.
pub async fn memberships_of(db: &Db, user_id: UserId) -> CoreResult<Vec<Membership>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db.conn()).await? else {
        return Ok(Vec::new());
    };
    let user: UserSummary = u.into();
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::DisabledAt.is_null())
        .find_also_related(tenant::Entity)
        .filter(tenant::Column::SuspendedAt.is_null())
        .order_by_asc(tenant::Column::Name)
        .all(db.conn())
        .await?;
    rows.into_iter()
        .filter_map(|(m, t)| t.map(|t| (m, t)))
        .map(|(m, t)| {
            Ok(Membership {
                tenant: t.into(),
                user: user.clone(),
                role: m.role,
                disabled: false,
            })
        })
        .collect()
}

/// The role `user_id` holds in `tenant_id`, if any, not disabled and the tenant not suspended
/// (every session check goes through here or [`memberships_of`], so suspending a tenant ends
/// its sessions at their next request).
pub async fn membership(db: &Db, tenant_id: TenantId, user_id: UserId) -> CoreResult<Option<Role>> {
    Ok(membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::TenantId.eq(tenant_id))
        .filter(membership::Column::DisabledAt.is_null())
        .inner_join(tenant::Entity)
        .filter(tenant::Column::SuspendedAt.is_null())
        .one(db.conn())
        .await?
        .map(|m| m.role))
}

/// Whether `user_id` has an enabled membership in a suspended tenant (to tell them why they
/// cannot sign in: they know the tenant already, so this reveals nothing).
pub async fn in_suspended_tenant(db: &Db, user_id: UserId) -> CoreResult<bool> {
    Ok(membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::DisabledAt.is_null())
        .inner_join(tenant::Entity)
        .filter(tenant::Column::SuspendedAt.is_not_null())
        .one(db.conn())
        .await?
        .is_some())
}

/// Every member of `tenant_id` (disabled ones too, marked), most powerful role first, then by
/// username.
pub async fn list_members(db: &Db, tenant_id: TenantId) -> CoreResult<Vec<Membership>> {
    let Some(t) = tenant::Entity::find_by_id(tenant_id).one(db.conn()).await? else {
        return Ok(Vec::new());
    };
    let tenant: TenantSummary = t.into();
    let rows = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant_id))
        .find_also_related(user::Entity)
        .order_by_asc(user::Column::Username)
        .all(db.conn())
        .await?;
    let mut members = rows
        .into_iter()
        .filter_map(|(m, u)| u.map(|u| (m, u)))
        .map(|(m, u)| Membership {
            tenant: tenant.clone(),
            user: u.into(),
            role: m.role,
            disabled: m.disabled_at.is_some(),
        })
        .collect::<Vec<_>>();
    members.sort_by(|a, b| {
        a.role
            .cmp(&b.role)
            .then(a.user.username.cmp(&b.user.username))
    });
    Ok(members)
}
