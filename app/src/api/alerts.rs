//! Alerts (issue 14): the tenant's alert channels (administrators and owners: a robot's URL is
//! its credential, so lists show it masked and the audit log names only the channel) and the
//! alert history on the overview (everyone).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use console_types::{AlertChannelId, AlertKind, Bi, ChannelKind, IncidentId};

/// A channel as Settings lists it, its times formatted on the server; never its URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertChannelRow {
    pub id: AlertChannelId,
    pub kind: ChannelKind,
    pub name: String,
    pub url_masked: String,
    pub created_at: String,
    pub last_delivery_at: Option<String>,
    pub last_delivery_ok: Option<bool>,
    pub last_delivery_error: Option<Bi>,
}

/// How the messages of one event fared over the tenant's channels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryTally {
    pub sent: u32,
    pub pending: u32,
    pub failed: u32,
}

/// One incident of the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertIncidentRow {
    pub id: IncidentId,
    pub kind: AlertKind,
    pub label: String,
    pub detail: Bi,
    /// The console page it is about.
    pub path: String,
    pub opened_at: String,
    pub resolved_at: Option<String>,
    pub opened: DeliveryTally,
    pub resolved: DeliveryTally,
}

#[cfg(feature = "ssr")]
fn row(c: console_core::alerts::ChannelView) -> AlertChannelRow {
    use crate::api::format_time;
    AlertChannelRow {
        id: c.id,
        kind: c.kind,
        name: c.name,
        url_masked: c.url_masked,
        created_at: format_time(c.created_at),
        last_delivery_at: c.last_delivery_at.map(format_time),
        last_delivery_ok: c.last_delivery_ok,
        last_delivery_error: c.last_delivery_error,
    }
}

/// How the audit log names a channel: its name, kind and masked URL.
#[cfg(feature = "ssr")]
fn audit_target(c: &AlertChannelRow) -> String {
    format!("{} ({}, {})", c.name, c.kind, c.url_masked)
}

/// The tenant's alert channels, oldest first.
#[server(prefix = "/api", endpoint = "alerts/channels")]
pub async fn list_alert_channels() -> Result<Vec<AlertChannelRow>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::alerts::channels;

    let ctx = require(Permission::ManageAlerts).await?;
    Ok(channels::list(&ctx.state.services, ctx.tenant_id)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// Adds a channel: `url` must be `https` (or `http` to a loopback address) and a robot's on its
/// vendor's host; it is sealed and never shown again in full.
#[server(prefix = "/api", endpoint = "alerts/add")]
pub async fn add_alert_channel(
    kind: ChannelKind,
    name: String,
    url: String,
) -> Result<AlertChannelRow, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::alerts::{NewChannel, channels};

    let ctx = require(Permission::ManageAlerts).await?;
    let new = NewChannel::parse(kind, &name, &url)?;
    let c = row(channels::add(&ctx.state.services, ctx.tenant_id, Some(ctx.user.id), &new).await?);
    tracing::info!(channel = %c.id, kind = %c.kind, "alert channel added");
    ctx.audit(
        console_core::AuditAction::AlertChannelChanged,
        audit_target(&c),
        Bi::new("添加告警渠道", "Alert channel added"),
    )
    .await;
    Ok(c)
}

/// Sends a test message to a channel now; an error says why it did not arrive.
#[server(prefix = "/api", endpoint = "alerts/test")]
pub async fn test_alert_channel(id: AlertChannelId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::alerts::{self, channels};

    let ctx = require(Permission::ManageAlerts).await?;
    let svc = &ctx.state.services;
    let c = row(channels::get(svc, ctx.tenant_id, id).await?);
    let sent = alerts::send_test(svc, ctx.tenant_id, id).await;
    let detail = match &sent {
        Ok(()) => Bi::new("发送测试消息：已送达", "Test message sent: delivered"),
        Err(_) => Bi::new("发送测试消息：失败", "Test message sent: failed"),
    };
    ctx.audit(
        console_core::AuditAction::AlertChannelChanged,
        audit_target(&c),
        detail,
    )
    .await;
    Ok(sent?)
}

/// Removes a channel (messages not yet delivered to it end as failed).
#[server(prefix = "/api", endpoint = "alerts/remove")]
pub async fn remove_alert_channel(id: AlertChannelId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::alerts::channels;

    let ctx = require(Permission::ManageAlerts).await?;
    let c = row(channels::remove(&ctx.state.services, ctx.tenant_id, id).await?);
    tracing::info!(channel = %c.id, "alert channel removed");
    ctx.audit(
        console_core::AuditAction::AlertChannelChanged,
        audit_target(&c),
        Bi::new("删除告警渠道", "Alert channel removed"),
    )
    .await;
    Ok(())
}

/// The tenant's 20 most recent incidents, newest first.
#[server(prefix = "/api", endpoint = "alerts/history")]
pub async fn alert_history() -> Result<Vec<AlertIncidentRow>, AppError> {
    use crate::api::format_time;
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::alerts;

    let ctx = require(Permission::View).await?;
    let tally = |c: alerts::DeliveryCounts| DeliveryTally {
        sent: c.sent,
        pending: c.pending,
        failed: c.failed,
    };
    Ok(alerts::recent(&ctx.state.services, ctx.tenant_id, 20)
        .await?
        .into_iter()
        .map(|i| AlertIncidentRow {
            id: i.id,
            kind: i.kind,
            label: i.label,
            detail: i.detail,
            path: i.path,
            opened_at: format_time(i.opened_at),
            resolved_at: i.resolved_at.map(format_time),
            opened: tally(i.opened),
            resolved: tally(i.resolved),
        })
        .collect())
}
