//! Messages and events of the tenant's authorizers (the message URL), with what became of each:
//! answered by the release test, forwarded to the platform's webhook, retrying, or received only.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, PageInfo};
use crate::error::AppError;
use crate::i18n::{Text, tr};

/// Messages per page.
pub const MESSAGES_PER_PAGE: u64 = 20;

/// The message types a user sends (and `event`), with their labels: the type filter's choices.
pub const MESSAGE_TYPES: [(&str, Text); 9] = [
    ("text", tr::MSG_TEXT),
    ("image", tr::MSG_IMAGE),
    ("voice", tr::MSG_VOICE),
    ("video", tr::MSG_VIDEO),
    ("shortvideo", tr::MSG_SHORTVIDEO),
    ("location", tr::MSG_LOCATION),
    ("link", tr::MSG_LINK),
    ("miniprogrampage", tr::MSG_MINIPROGRAMPAGE),
    ("event", tr::MSG_EVENT),
];

/// The label of a `MsgType` (unknown types show as they are).
pub fn message_type_label(msg_type: &str) -> Option<Text> {
    MESSAGE_TYPES
        .iter()
        .find(|(t, _)| *t == msg_type)
        .map(|(_, label)| *label)
}

/// What became of a message, as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageState {
    /// Stored; nothing else to do (no webhook was set).
    Received,
    /// Answered with a passive reply.
    Replied,
    /// Answered by the console for WeChat's release test.
    ReleaseTest,
    /// Delivered to the webhook.
    Forwarded,
    /// Being delivered now.
    Delivering,
    /// A delivery failed; it is retried (`attempts` so far).
    Retrying,
    /// Not delivered and not retried (the webhook was removed, or the release test's code
    /// expired).
    Failed,
}

impl MessageState {
    /// The filter value and `data-state`.
    pub fn code(self) -> &'static str {
        match self {
            MessageState::Received => "received",
            MessageState::Replied => "replied",
            MessageState::ReleaseTest => "release_test",
            MessageState::Forwarded => "forwarded",
            MessageState::Delivering => "delivering",
            MessageState::Retrying => "retrying",
            MessageState::Failed => "failed",
        }
    }

    /// The label.
    pub fn label(self) -> Text {
        match self {
            MessageState::Received => tr::MSG_STATE_RECEIVED,
            MessageState::Replied => tr::MSG_STATE_REPLIED,
            MessageState::ReleaseTest => tr::MSG_STATE_RELEASE_TEST,
            MessageState::Forwarded => tr::MSG_STATE_FORWARDED,
            MessageState::Delivering => tr::MSG_STATE_DELIVERING,
            MessageState::Retrying => tr::MSG_STATE_RETRYING,
            MessageState::Failed => tr::MSG_STATE_FAILED,
        }
    }
}

/// The delivery states the status filter offers (the stored job status they stand for).
pub const STATUS_FILTERS: [(&str, Text); 3] = [
    ("pending", tr::MSG_FILTER_RETRYING),
    ("done", tr::MSG_FILTER_DONE),
    ("failed", tr::MSG_FILTER_FAILED),
];

/// One message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageItem {
    pub id: i64,
    pub platform_id: i64,
    pub platform_name: String,
    pub authorizer_appid: String,
    pub msg_type: String,
    pub event: Option<String>,
    /// The user's openid.
    pub from_user: String,
    /// The content in short (codes masked).
    pub summary: String,
    pub received_at: String,
    pub state: MessageState,
    pub attempts: i32,
    /// The webhook's last HTTP status.
    pub http_status: Option<i32>,
    /// What the last attempt said (an error, or a note about the reply).
    pub note: Option<Bi>,
    /// When a retrying delivery is tried next.
    pub next_attempt: Option<Bi>,
    /// Whether staff can ask for a delivery now.
    pub can_retry: bool,
}

/// A page of messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageListPage {
    pub page: PageInfo,
    pub items: Vec<MessageItem>,
}

#[cfg(feature = "ssr")]
mod convert {
    use console_core::messages::{JobStatus, MessageJob, MessageRow};

    use super::{MessageItem, MessageState};
    use crate::api::format_time;
    use crate::api::shared::server::until;

    fn state(r: &MessageRow) -> MessageState {
        match (r.job, r.status) {
            (MessageJob::ReleaseTest, JobStatus::Failed) => MessageState::Failed,
            (MessageJob::ReleaseTest, _) => MessageState::ReleaseTest,
            (MessageJob::None, _) if r.release_test.is_some() => MessageState::ReleaseTest,
            (MessageJob::None, _) if r.replied => MessageState::Replied,
            (MessageJob::None, _) => MessageState::Received,
            (MessageJob::Forward, JobStatus::Done) if r.replied => MessageState::Replied,
            (MessageJob::Forward, JobStatus::Done) => MessageState::Forwarded,
            (MessageJob::Forward, JobStatus::Processing) => MessageState::Delivering,
            (MessageJob::Forward, JobStatus::Failed) => MessageState::Failed,
            (MessageJob::Forward, JobStatus::Pending | JobStatus::None) => MessageState::Retrying,
        }
    }

    pub fn item(now: i64, r: MessageRow) -> MessageItem {
        let state = state(&r);
        let retrying = state == MessageState::Retrying;
        MessageItem {
            id: r.id,
            platform_id: r.component_id,
            platform_name: r.component_name,
            authorizer_appid: r.authorizer_appid,
            msg_type: r.msg_type,
            event: r.event,
            from_user: r.from_user,
            summary: r.summary,
            received_at: format_time(r.received_at),
            state,
            attempts: r.attempts,
            http_status: r.http_status,
            note: r.note.map(Into::into),
            next_attempt: r
                .next_attempt_at
                .filter(|_| retrying)
                .map(|t| until(now, t)),
            can_retry: r.job == MessageJob::Forward
                && matches!(r.status, JobStatus::Pending | JobStatus::Failed),
        }
    }
}

/// One page of the tenant's messages, newest first. Filters (all optional, as in the page's
/// query string): platform id, authorizer appid, `MsgType`, delivery status, page (1-based).
#[server(prefix = "/api", endpoint = "messages/list")]
pub async fn list_messages(
    platform: Option<String>,
    authorizer: Option<String>,
    msg_type: Option<String>,
    status: Option<String>,
    page: Option<String>,
) -> Result<MessageListPage, AppError> {
    use crate::api::shared::server::parse_opt;
    use crate::ssr::{require, respond};
    use console_core::accounts::Permission;
    use console_core::messages::{self, JobStatus, MessageFilter};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let status = match status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(JobStatus::parse(s).ok_or_else(|| {
            respond(AppError::invalid(
                format!("未知的处理状态 “{s}”"),
                format!("Unknown delivery status \"{s}\""),
            ))
        })?),
    };
    let filter = MessageFilter {
        component_id: parse_opt(platform, "平台", "platform")?,
        authorizer_appid: authorizer.map(|a| a.trim().to_string()),
        msg_type: msg_type.map(|t| t.trim().to_string()),
        status,
        page: parse_opt(page, "页码", "page")?.unwrap_or(1),
        per_page: MESSAGES_PER_PAGE,
    };
    let p = messages::list(svc, ctx.tenant_id, &filter).await?;
    let now = svc.now();
    Ok(MessageListPage {
        page: PageInfo {
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        },
        items: p.items.into_iter().map(|r| convert::item(now, r)).collect(),
    })
}

/// Delivers a message to its platform's webhook again now (after the webhook was fixed).
#[server(prefix = "/api", endpoint = "messages/retry")]
pub async fn retry_message(id: i64) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::messages;

    let ctx = require(Permission::Operate).await?;
    messages::retry_now(&ctx.state.services, ctx.tenant_id, id).await?;
    tracing::info!(user = %ctx.user.username, message = id, "delivery retried by staff");
    Ok(())
}
