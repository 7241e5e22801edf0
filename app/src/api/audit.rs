//! The tenant's audit log (admins and owners: it holds sign-in addresses).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::query::Day;
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
    /// The audit log's filters, as in its URL (`?action=&actor=&from=&to=&page=`): the dates
    /// are days in China Standard Time, both inclusive.
    pub struct AuditQuery at "/audit" {
        pub action: AuditAction = "action",
        /// The username as recorded.
        pub actor: String = "actor",
        pub from: Day = "from",
        pub to: Day = "to",
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

    const DAY_MS: i64 = 24 * 3600 * 1000;
    let ctx = require(Permission::ManageMembers).await?;
    let day = |d: &Option<Day>| {
        d.as_ref()
            .and_then(|d| crate::api::events::convert::cst_midnight(d.as_str()))
    };
    let filter = AuditFilter {
        action: query.action,
        actor_name: query.actor.clone(),
        from_ms: day(&query.from),
        to_ms: day(&query.to).map(|t| t + DAY_MS),
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
