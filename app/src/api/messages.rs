//! Messages and events of the tenant's authorizers (the message URL), with what became of each:
//! answered by the release test, forwarded to the platform's webhook, retrying, or received only.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::shared::{Bi, ListPage};
use crate::error::AppError;
use crate::i18n::{Text, tr};
use console_types::{MessageId, PlatformId};

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

/// The delivery states the status filter offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryFilter {
    /// Waiting for another attempt.
    Pending,
    Done,
    /// Not delivered and not retried.
    Failed,
}

impl DeliveryFilter {
    /// Every choice, in the filter's order.
    pub const ALL: [DeliveryFilter; 3] = [
        DeliveryFilter::Pending,
        DeliveryFilter::Done,
        DeliveryFilter::Failed,
    ];

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryFilter::Pending => "pending",
            DeliveryFilter::Done => "done",
            DeliveryFilter::Failed => "failed",
        }
    }

    /// The label.
    pub fn label(self) -> Text {
        match self {
            DeliveryFilter::Pending => tr::MSG_FILTER_RETRYING,
            DeliveryFilter::Done => tr::MSG_FILTER_DONE,
            DeliveryFilter::Failed => tr::MSG_FILTER_FAILED,
        }
    }
}

impl std::str::FromStr for DeliveryFilter {
    type Err = super::query::BadParam;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DeliveryFilter::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| super::query::BadParam {
                key: "status",
                value: s.to_string(),
            })
    }
}

impl std::fmt::Display for DeliveryFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::list_query! {
    /// The messages list's filters, as in its URL (`?platform=&authorizer=&type=&status=&page=`).
    pub struct MessageQuery at "/messages" {
        pub platform: PlatformId = "platform",
        /// The authorizer's appid.
        pub authorizer: String = "authorizer",
        /// `MsgType`.
        pub msg_type: String = "type",
        pub status: DeliveryFilter = "status",
    }
}

/// One message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageItem {
    pub id: MessageId,
    pub platform_id: PlatformId,
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
            note: r.note,
            next_attempt: r
                .next_attempt_at
                .filter(|_| retrying)
                .map(|t| until(now, t)),
            can_retry: r.job == MessageJob::Forward
                && matches!(r.status, JobStatus::Pending | JobStatus::Failed),
        }
    }
}

/// One page of the tenant's messages, newest first, filtered as the page's URL says.
#[server(prefix = "/api", endpoint = "messages/list")]
pub async fn list_messages(
    #[server(default)] query: MessageQuery,
) -> Result<ListPage<MessageItem>, AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::messages::{self, JobStatus, MessageFilter};

    let ctx = require(Permission::View).await?;
    let svc = &ctx.state.services;
    let blank = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let filter = MessageFilter {
        component_id: query.platform,
        authorizer_appid: blank(query.authorizer),
        msg_type: blank(query.msg_type),
        status: query.status.map(|s| match s {
            DeliveryFilter::Pending => JobStatus::Pending,
            DeliveryFilter::Done => JobStatus::Done,
            DeliveryFilter::Failed => JobStatus::Failed,
        }),
        page: query.page.unwrap_or(1),
        per_page: MESSAGES_PER_PAGE,
    };
    let p = messages::list(svc, ctx.tenant_id, &filter).await?;
    let now = svc.now();
    Ok(p.map(|r| convert::item(now, r)))
}

/// Delivers a message to its platform's webhook again now (after the webhook was fixed).
#[server(prefix = "/api", endpoint = "messages/retry")]
pub async fn retry_message(id: MessageId) -> Result<(), AppError> {
    use crate::ssr::require;
    use console_core::accounts::Permission;
    use console_core::messages;

    let ctx = require(Permission::Operate).await?;
    messages::retry_now(&ctx.state.services, ctx.tenant_id, id).await?;
    tracing::info!(user = %ctx.user.username, message = %id, "delivery retried by staff");
    Ok(())
}
