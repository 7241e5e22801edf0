//! What a platform administrator does: list every tenant, create one with its first owner's
//! invitation, suspend and resume one.
//!
//! Only a user marked `superadmin` (by the operator CLI) may; [`PlatformAdmin`] is the proof,
//! obtained from [`platform_admin`] and required by every function here, so a caller cannot
//! forget the check. The platform administrator never names the first owner's account: they get
//! a one-time invitation link to hand over (usernames are never looked up across tenants).
//!
//! Suspending a tenant only withdraws its staff's access (sign-in refused, open sessions ended
//! at their next request: [`membership`](super::membership) and
//! [`memberships_of`](super::memberships_of) leave suspended tenants out). Its platforms keep
//! receiving and storing WeChat's pushes and refreshing their tokens, so resuming loses nothing.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::HashMap;

use super::entity::{membership, tenant, user};
use super::invitations::{NewInvitation, insert_invitation};
use super::names::TenantName;
use super::role::Role;
use super::service::TenantSummary;
use crate::clock::Clock;
use crate::db::{Db, conflict_or_db};
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as platform;
use crate::{TenantId, UserId};

/// Proof that the caller is an enabled platform administrator (checked against the database when
/// made; only [`platform_admin`] makes one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlatformAdmin {
    user_id: UserId,
}

impl PlatformAdmin {
    /// The administrator's user id.
    pub fn user_id(self) -> UserId {
        self.user_id
    }
}

/// `user_id` as a platform administrator, or `Forbidden` (not one, disabled, or gone).
pub async fn platform_admin(db: &Db, user_id: UserId) -> CoreResult<PlatformAdmin> {
    match user::Entity::find_by_id(user_id).one(db.conn()).await? {
        Some(u) if u.superadmin && !u.disabled => Ok(PlatformAdmin { user_id }),
        _ => Err(CoreError::Forbidden),
    }
}

/// Makes `user_id` a platform administrator, or no longer one (operator CLI only).
pub async fn set_superadmin(db: &Db, user_id: UserId, superadmin: bool) -> CoreResult<()> {
    let done = user::Entity::update_many()
        .col_expr(user::Column::Superadmin, Expr::value(superadmin))
        .filter(user::Column::Id.eq(user_id))
        .exec(db.conn())
        .await?;
    if done.rows_affected == 0 {
        return Err(CoreError::NotFound("user"));
    }
    Ok(())
}

/// A tenant as the platform administrator sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantOverview {
    pub id: TenantId,
    pub name: String,
    pub created_at: i64,
    /// When it was suspended, while it is.
    pub suspended_at: Option<i64>,
    /// Enabled memberships.
    pub members: u64,
    /// Platforms (WeChat third-party platforms) it holds.
    pub platforms: u64,
}

/// Rows per tenant of a table with a `tenant_id` column.
async fn counts_by_tenant<E, C>(
    db: &Db,
    column: C,
    filter: Option<sea_orm::Condition>,
) -> CoreResult<HashMap<TenantId, u64>>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let mut q = E::find()
        .select_only()
        .column(column)
        .column_as(Expr::col(column).count(), "n")
        .group_by(column);
    if let Some(f) = filter {
        q = q.filter(f);
    }
    let rows: Vec<(TenantId, i64)> = q.into_tuple().all(db.conn()).await?;
    Ok(rows
        .into_iter()
        .map(|(t, n)| (t, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// Every tenant, by name, with its member and platform counts.
pub async fn list_tenants(db: &Db, _admin: &PlatformAdmin) -> CoreResult<Vec<TenantOverview>> {
    let members = counts_by_tenant::<membership::Entity, _>(
        db,
        membership::Column::TenantId,
        Some(sea_orm::Condition::all().add(membership::Column::DisabledAt.is_null())),
    )
    .await?;
    let platforms =
        counts_by_tenant::<platform::Entity, _>(db, platform::Column::TenantId, None).await?;
    let tenants = tenant::Entity::find()
        .order_by_asc(tenant::Column::Name)
        .all(db.conn())
        .await?;
    Ok(tenants
        .into_iter()
        .map(|t| TenantOverview {
            members: members.get(&t.id).copied().unwrap_or(0),
            platforms: platforms.get(&t.id).copied().unwrap_or(0),
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            suspended_at: t.suspended_at,
        })
        .collect())
}

/// Creates a tenant and the invitation of its first owner, together (a tenant nobody can ever
/// enter is never left behind). The invitation's token is shown once, to be handed over.
pub async fn create_tenant_with_owner(
    db: &Db,
    clock: &dyn Clock,
    admin: &PlatformAdmin,
    name: &TenantName,
    note: &str,
) -> CoreResult<(TenantSummary, NewInvitation)> {
    let txn = db.begin_write().await?;
    let row = sea_orm::ActiveModelTrait::insert(
        tenant::ActiveModel {
            name: Set(name.as_str().to_string()),
            created_at: Set(clock.now_ms()),
            suspended_at: Set(None),
            ..Default::default()
        },
        &txn,
    )
    .await
    .map_err(|e| {
        conflict_or_db(e, || {
            Bi::new(
                format!("租户 “{}” 已存在", name.as_str()),
                format!("A tenant named \"{}\" already exists", name.as_str()),
            )
            .on_field("name")
        })
    })?;
    let invitation =
        insert_invitation(&txn, clock, row.id, admin.user_id, Role::Owner, note).await?;
    txn.commit().await?;
    Ok((row.into(), invitation))
}

/// Suspends a tenant: its staff cannot sign in and their open sessions end at their next
/// request. Suspending a suspended tenant keeps its first suspension time.
pub async fn suspend_tenant(
    db: &Db,
    clock: &dyn Clock,
    _admin: &PlatformAdmin,
    tenant_id: TenantId,
) -> CoreResult<()> {
    exists(db, tenant_id).await?;
    tenant::Entity::update_many()
        .col_expr(tenant::Column::SuspendedAt, Expr::value(clock.now_ms()))
        .filter(tenant::Column::Id.eq(tenant_id))
        .filter(tenant::Column::SuspendedAt.is_null())
        .exec(db.conn())
        .await?;
    // Its API keys are refused from the next request on (in this process; others within a second).
    crate::api_keys::cache::forget_all();
    Ok(())
}

/// Resumes a suspended tenant: its staff can sign in again.
pub async fn resume_tenant(db: &Db, _admin: &PlatformAdmin, tenant_id: TenantId) -> CoreResult<()> {
    exists(db, tenant_id).await?;
    tenant::Entity::update_many()
        .col_expr(
            tenant::Column::SuspendedAt,
            Expr::value(Option::<i64>::None),
        )
        .filter(tenant::Column::Id.eq(tenant_id))
        .exec(db.conn())
        .await?;
    Ok(())
}

async fn exists(db: &Db, tenant_id: TenantId) -> CoreResult<()> {
    tenant::Entity::find_by_id(tenant_id)
        .one(db.conn())
        .await?
        .map(|_| ())
        .ok_or(CoreError::NotFound("tenant"))
}
