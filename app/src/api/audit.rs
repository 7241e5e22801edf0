//! The tenant's audit log (admins and owners: it holds sign-in addresses).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, ListPage};
use crate::error::AppError;
use console_types::AuditAction;

/// Entries per page.
pub const AUDIT_PER_PAGE: u64 = 50;

/// One entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditItem {
    pub at: String,
    pub actor: String,
    pub action: AuditAction,
    pub target: String,
    pub detail: Bi,
    pub client_ip: Option<String>,
}

crate::list_query! {
    /// The audit log's filters, as in its URL (`?action=&page=`).
    pub struct AuditQuery at "/audit" {
        pub action: AuditAction = "action",
    }
}

/// One page of the tenant's audit log, newest first.
#[server(prefix = "/api", endpoint = "audit/list")]
pub async fn list_audit(
    #[server(default)] query: AuditQuery,
) -> Result<ListPage<AuditItem>, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::audit::{self, AuditFilter};

    let ctx = require(Permission::ManageMembers).await?;
    let filter = AuditFilter {
        action: query.action,
        page: query.page.unwrap_or(1),
        per_page: AUDIT_PER_PAGE,
        ..AuditFilter::default()
    };
    let p = audit::list(&ctx.state.services, ctx.tenant_id, &filter).await?;
    Ok(p.map(|r| AuditItem {
        at: format_time(r.at),
        actor: r.actor_name,
        action: r.action,
        target: r.target,
        detail: r.detail,
        client_ip: r.client_ip,
    }))
}
