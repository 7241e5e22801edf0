//! The overview page's numbers and the platforms' alarms.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::platforms::AlarmInfo;
use crate::error::AppError;

/// Counts for the signed-in user's current tenant, and what needs attention.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub members: u64,
    pub platforms: u64,
    /// Authorizers whose authorization is current.
    pub authorizers: u64,
    pub needs_reauth: u64,
    pub revoked: u64,
    /// Pushes received in the last 24 hours.
    pub events_24h: u64,
    /// Registration tasks waiting for WeChat or for a confirmation.
    pub tasks_running: u64,
    /// Registration tasks that failed.
    pub tasks_failed: u64,
    /// How many platform alarms are raised.
    pub alarm_count: u64,
    /// The alarms, each with its platform.
    pub alarms: Vec<AlarmInfo>,
}

/// Counts what the current tenant has, straight from the database, and lists the alarms.
#[server(prefix = "/api", endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    use crate::api::platforms::alarms_of;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::platforms;

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let now = svc.now();
    let c = console_core::overview::counts(&ctx.state.db, ctx.tenant_id, now).await?;
    let tasks = console_core::registrations::counts(svc, ctx.tenant_id, None).await?;
    let alarms = platforms::list(svc, ctx.tenant_id)
        .await?
        .iter()
        .flat_map(|p| alarms_of(now, p))
        .collect();
    Ok(Overview {
        members: c.members,
        platforms: c.platforms,
        authorizers: c.authorizers,
        needs_reauth: c.needs_reauth,
        revoked: c.revoked,
        events_24h: c.events_24h,
        tasks_running: tasks.running,
        tasks_failed: tasks.failed,
        alarm_count: c.alarms,
        alarms,
    })
}
