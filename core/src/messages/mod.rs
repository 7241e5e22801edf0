//! Messages and events of authorizers, pushed to the message URL (消息与事件接收 URL,
//! `/wechat/{component_appid}/messages/{authorizer_appid}`): verified and decrypted with the
//! platform's key, stored once, and answered well inside WeChat's 5 seconds.
//!
//! - WeChat's release test (全网发布, reference B11/B18) is answered by the console itself.
//! - Everything else is forwarded to the tenant's webhook, signed; a reply it gives in time
//!   becomes the encrypted passive reply, otherwise WeChat gets `success` at once and the delivery
//!   goes on in the background, retried with backoff and never dropped.
//!
//! A message row is its own job, claimed with a lease like the events queue.

pub mod entity;
mod forward;
mod query;
mod receive;
mod release_test;
mod worker;

pub use forward::{DELIVERY_HEADER_SIGNATURE, DELIVERY_HEADER_TIMESTAMP, Delivery, sign};
pub use query::{
    MessageFilter, MessageRow, ReleaseTestSummary, list, release_test_summary, retry_now,
};
pub use receive::{Answer, receive};
pub use worker::{process_due, run_worker};

/// What a stored message still needs done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageJob {
    /// Nothing: no webhook was set when it arrived, or it was answered in full already.
    None,
    /// Deliver it to the platform's webhook.
    Forward,
    /// The release test's answer through the API (`QUERY_AUTH_CODE`, mini-program text).
    ReleaseTest,
}

impl MessageJob {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageJob::None => "none",
            MessageJob::Forward => "forward",
            MessageJob::ReleaseTest => "release_test",
        }
    }

    /// Reads a stored value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "none" => Some(MessageJob::None),
            "forward" => Some(MessageJob::Forward),
            "release_test" => Some(MessageJob::ReleaseTest),
            _ => None,
        }
    }
}

/// Where a message's job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobStatus {
    /// No job.
    None,
    /// Waiting for its (next) attempt.
    Pending,
    /// Claimed by an instance.
    Processing,
    Done,
    /// Given up (only the release test's answer, once its code has expired).
    Failed,
}

impl JobStatus {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::None => "none",
            JobStatus::Pending => "pending",
            JobStatus::Processing => "processing",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    /// Reads a stored value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "none" => Some(JobStatus::None),
            "pending" => Some(JobStatus::Pending),
            "processing" => Some(JobStatus::Processing),
            "done" => Some(JobStatus::Done),
            "failed" => Some(JobStatus::Failed),
            _ => None,
        }
    }
}

pub(crate) fn payload_context(dedupe_key: &str) -> String {
    format!("messages.payload:{dedupe_key}")
}

pub(crate) fn reply_context(dedupe_key: &str) -> String {
    format!("messages.reply:{dedupe_key}")
}
