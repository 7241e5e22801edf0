//! The audit log of a tenant: sign-ins (and refused ones), member and role changes,
//! invitations, platform and key changes, API keys, staff-started token refreshes and syncs,
//! links and registrations, each with who, when and from where. Entries are only ever inserted:
//! nothing in the console edits or deletes them.

pub mod entity;
mod query;

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::error::CoreResult;
use crate::message::Bi;
use crate::{AuditAction, Clock, TenantId, UserId};

pub use query::{AuditFilter, AuditRow, list};

/// Who acted, and from where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    /// The username as it was then (a user may be renamed or removed later).
    pub name: String,
    /// The client's address, as the server saw it.
    pub ip: Option<String>,
}

/// One entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `None` for what belongs to no tenant (a refused sign-in of an unknown user).
    pub tenant_id: Option<TenantId>,
    pub action: AuditAction,
    /// What it was done to, as staff read it ("平台 #3 鲜果平台").
    pub target: String,
    /// What changed, in both languages.
    pub detail: Bi,
}

/// Appends `entry` by `actor` at the clock's time.
pub async fn record(
    conn: &impl ConnectionTrait,
    clock: &dyn Clock,
    actor: &Actor,
    entry: Entry,
) -> CoreResult<()> {
    entity::ActiveModel {
        tenant_id: Set(entry.tenant_id),
        at: Set(clock.now_ms()),
        actor_id: Set(actor.user_id),
        actor_name: Set(actor.name.chars().take(64).collect()),
        action: Set(entry.action),
        target: Set(entry.target),
        detail: Set(entry.detail.to_stored()),
        client_ip: Set(actor.ip.clone()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
