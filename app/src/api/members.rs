//! The current tenant's members.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Role;
use crate::error::AppError;

/// One member of the current tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub last_login_at: Option<String>,
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
            username: m.user.username,
            display_name: m.user.display_name,
            role: m.role,
            last_login_at: m.user.last_login_at.map(format_time),
        })
        .collect())
}

/// Adds an existing staff account to the current tenant (or changes its role there).
/// Only an owner may create another owner.
#[server(prefix = "/api", endpoint = "members/add")]
pub async fn add_member(username: String, role: String) -> Result<(), AppError> {
    use crate::ssr::{require, respond};
    use console_core::accounts::{self, Permission, Role};

    let ctx = require(Permission::ManageMembers).await?;
    let role = accounts::parse_role(&role)?;
    if role == Role::Owner && ctx.role != Role::Owner {
        return Err(respond(AppError::Forbidden));
    }
    let Some(user) = accounts::find_user_by_username(&ctx.state.db, &username).await? else {
        return Err(respond(AppError::invalid(
            format!("没有用户名为 “{}” 的员工账号", username.trim()),
            format!("There is no staff account named \"{}\"", username.trim()),
        )));
    };
    // Owners are only made, changed or demoted by owners.
    let current = accounts::membership(&ctx.state.db, ctx.tenant_id, user.id).await?;
    if current == Some(Role::Owner) && ctx.role != Role::Owner {
        return Err(respond(AppError::Forbidden));
    }
    accounts::add_member(
        &ctx.state.db,
        &*ctx.state.services.clock,
        ctx.tenant_id,
        user.id,
        role,
    )
    .await?;
    Ok(())
}
