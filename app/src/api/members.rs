//! The current tenant's members: the list, and what administrators change (role, disabled,
//! removed). Members join through invitations (`api::invitations`), never by username. The rules
//! (owners only by owners, the last owner kept, nobody disabling themselves) are console-core's.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Role;
use crate::error::AppError;
use console_types::UserId;

/// One member of the current tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Whether an administrator disabled the member's access to this tenant.
    pub disabled: bool,
    pub last_login_at: Option<String>,
    /// Whether this is the signed-in user.
    pub is_me: bool,
}

/// Every member of the current tenant.
#[server(prefix = "/api", endpoint = "members/list")]
pub async fn list_members() -> Result<Vec<Member>, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::View).await?;
    Ok(accounts::list_members(&ctx.state.db, ctx.tenant_id)
        .await?
        .into_iter()
        .map(|m| Member {
            user_id: m.user.id,
            is_me: m.user.id == ctx.user.id,
            username: m.user.username,
            display_name: m.user.display_name,
            role: m.role,
            disabled: m.disabled,
            last_login_at: m.user.last_login_at.map(format_time),
        })
        .collect())
}

/// Gives a member another role.
#[server(prefix = "/api", endpoint = "members/set-role")]
pub async fn set_member_role(user_id: UserId, role: Role) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::ManageMembers).await?;
    accounts::change_role(&ctx.state.db, ctx.tenant_id, ctx.actor(), user_id, role).await?;
    let target = ctx.member_label(user_id).await;
    let label = crate::api::role_label(role);
    let detail = console_core::Bi::new(
        format!("角色改为{}", label.zh),
        format!("Role changed to {}", label.en),
    );
    ctx.audit(console_core::AuditAction::RoleChanged, target, detail)
        .await;
    Ok(())
}

/// Removes a member from the tenant.
#[server(prefix = "/api", endpoint = "members/remove")]
pub async fn remove_member(user_id: UserId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::ManageMembers).await?;
    let target = ctx.member_label(user_id).await;
    accounts::remove_member(&ctx.state.db, ctx.tenant_id, ctx.actor(), user_id).await?;
    let detail = console_core::Bi::new("已移出租户", "Removed from the tenant");
    ctx.audit(console_core::AuditAction::MemberRemoved, target, detail)
        .await;
    Ok(())
}

/// Disables a member's access to the tenant; their sessions here end at their next request.
#[server(prefix = "/api", endpoint = "members/disable")]
pub async fn disable_member(user_id: UserId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::ManageMembers).await?;
    accounts::disable_member(
        &ctx.state.db,
        &*ctx.state.services.clock,
        ctx.tenant_id,
        ctx.actor(),
        user_id,
    )
    .await?;
    let target = ctx.member_label(user_id).await;
    let detail = console_core::Bi::new("已停用，会话已结束", "Disabled; their sessions ended");
    ctx.audit(console_core::AuditAction::UserDisabled, target, detail)
        .await;
    Ok(())
}

/// Gives a disabled member their access back.
#[server(prefix = "/api", endpoint = "members/enable")]
pub async fn enable_member(user_id: UserId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::{self, Permission};

    let ctx = require(Permission::ManageMembers).await?;
    accounts::enable_member(&ctx.state.db, ctx.tenant_id, ctx.actor(), user_id).await?;
    let target = ctx.member_label(user_id).await;
    let detail = console_core::Bi::new("已重新启用", "Enabled again");
    ctx.audit(console_core::AuditAction::UserEnabled, target, detail)
        .await;
    Ok(())
}
