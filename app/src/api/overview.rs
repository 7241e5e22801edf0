//! The overview page's numbers.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Counts for the signed-in user's current tenant.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub members: u64,
}

/// Counts what the current tenant has, straight from the database.
#[server(prefix = "/api", endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;

    let ctx = require(Permission::View).await?;
    let c = console_core::overview::counts(&ctx.state.db, ctx.tenant_id).await?;
    Ok(Overview { members: c.members })
}
