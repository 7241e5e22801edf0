//! Delivering a message to the tenant's webhook: a JSON body with the decrypted message, signed
//! with HMAC-SHA256 over `"{timestamp}.{body}"` under the platform's secret. A delivery that may
//! still answer WeChat can carry a passive reply back (`{"reply": {"type": "text", …}}`).

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use wxopen::push::{AuthorizerMessage, MessageKind, PassiveReply};

use super::entity;
use crate::MessageId;
use crate::error::{log_reference, reference_message};
use crate::message::Bi;
use crate::platforms::{self, entity as component};
use crate::services::Services;

/// Header with the Unix time (seconds) the signature covers.
pub const DELIVERY_HEADER_TIMESTAMP: &str = "x-wxopen-timestamp";
/// Header with `v1=<hex HMAC-SHA256(secret, "{timestamp}.{body}")>`.
pub const DELIVERY_HEADER_SIGNATURE: &str = "x-wxopen-signature";

/// What the webhook receives, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// The console's id of the message (the same on every retry: deduplicate on it).
    pub id: MessageId,
    pub platform_appid: String,
    pub authorizer_appid: String,
    /// `ToUserName`: the account's original id (`gh_…`).
    pub to_user_name: String,
    /// `FromUserName`: the user's openid.
    pub from_user_name: String,
    /// WeChat's `CreateTime`, Unix seconds.
    pub create_time: i64,
    pub msg_type: String,
    pub msg_id: Option<String>,
    /// `Event`, for events.
    pub event: Option<String>,
    /// `Content`, for texts.
    pub content: Option<String>,
    /// Every top-level element of the message.
    pub fields: BTreeMap<String, String>,
    /// The decrypted XML as WeChat sent it.
    pub xml: String,
    /// 1 for the first delivery.
    pub attempt: i32,
    /// Whether a `reply` in the answer can still reach the user (only on the first delivery,
    /// while WeChat waits).
    pub reply_allowed: bool,
}

/// What the webhook may answer (any 2xx; an empty body or `success` means no reply).
#[derive(Debug, Deserialize)]
struct WebhookAnswer {
    #[serde(default)]
    reply: Option<PassiveReply>,
}

/// `v1=` and the hex HMAC-SHA256 of `"{timestamp}.{body}"` under `secret`: what the
/// `X-Wxopen-Signature` header carries, and how a webhook checks a delivery.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    #[allow(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// A stored message with what delivering it needs.
pub(crate) struct Job {
    pub row: entity::Model,
    pub component: component::Model,
    pub plaintext: String,
}

/// How one attempt went.
pub(crate) enum Attempt {
    /// 2xx: delivered, with the reply it carried (if it could and did), and a note when the answer
    /// was not understood.
    Delivered {
        status: u16,
        reply: Option<PassiveReply>,
        note: Option<Bi>,
    },
    /// No 2xx answer: try again later.
    Failed { status: Option<u16>, error: Bi },
    /// No webhook is set any more: nothing to deliver to.
    NoWebhook,
}

fn delivery(job: &Job, msg: &AuthorizerMessage, reply_allowed: bool) -> Delivery {
    Delivery {
        id: job.row.id,
        platform_appid: job.component.appid.clone(),
        authorizer_appid: job.row.authorizer_appid.clone(),
        to_user_name: msg.to_user_name.clone(),
        from_user_name: msg.from_user_name.clone(),
        create_time: msg.create_time,
        msg_type: msg.msg_type.clone(),
        msg_id: msg.msg_id.clone(),
        event: match &msg.kind {
            MessageKind::Event { event, .. } => Some(event.clone()),
            _ => None,
        },
        content: msg.text().map(str::to_string),
        fields: msg
            .fields()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        xml: job.plaintext.clone(),
        attempt: job.row.attempts.max(1),
        reply_allowed,
    }
}

fn failed(status: Option<u16>, zh: String, en: String) -> Attempt {
    Attempt::Failed {
        status,
        error: Bi::new(zh, en),
    }
}

/// A failure of ours: the details are logged, the message only names their reference.
fn internal(detail: String) -> Attempt {
    Attempt::Failed {
        status: None,
        error: reference_message(&log_reference(detail)),
    }
}

/// Sends one delivery of `job`. Reads nothing from and writes nothing to the database.
pub(crate) async fn attempt(svc: &Services, job: &Job, reply_allowed: bool) -> Attempt {
    let (url, secret) = match platforms::webhook_of(svc, &job.component) {
        Ok(Some(w)) => w,
        Ok(None) => return Attempt::NoWebhook,
        Err(e) => {
            tracing::error!(message_id = %job.row.id, "opening the webhook secret: {e}");
            return failed(
                None,
                "无法读取 Webhook 签名密钥（详见服务器日志）".into(),
                "The webhook signing secret could not be read (see the server log)".into(),
            );
        }
    };
    let msg = match AuthorizerMessage::parse(&job.plaintext) {
        Ok(m) => m,
        Err(e) => {
            return internal(format!(
                "stored message {} no longer parses: {e}",
                job.row.id
            ));
        }
    };
    let body = match serde_json::to_vec(&delivery(job, &msg, reply_allowed)) {
        Ok(b) => b,
        Err(e) => return internal(format!("encoding delivery {}: {e}", job.row.id)),
    };
    let timestamp = svc.now() / 1000;
    let sent = svc
        .webhooks
        .post(&url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(DELIVERY_HEADER_TIMESTAMP, timestamp.to_string())
        .header(
            DELIVERY_HEADER_SIGNATURE,
            sign(secret.expose(), timestamp, &body),
        )
        .header("x-wxopen-message-id", job.row.id.to_string())
        .body(body)
        .send()
        .await;
    let response = match sent {
        Ok(r) => r,
        Err(e) if e.is_timeout() => {
            return failed(
                None,
                "Webhook 未在规定时间内应答".into(),
                "The webhook did not answer in time".into(),
            );
        }
        Err(e) => {
            let e = e.without_url();
            return failed(
                None,
                format!("无法连接 Webhook：{e}"),
                format!("Could not reach the webhook: {e}"),
            );
        }
    };
    let status = response.status().as_u16();
    if !response.status().is_success() {
        return failed(
            Some(status),
            format!("Webhook 返回 HTTP {status}"),
            format!("The webhook answered HTTP {status}"),
        );
    }
    // A reply is a few KiB at most; a huge answer is not a reply.
    let text = match response.bytes().await {
        Ok(b) if b.len() <= 64 * 1024 => String::from_utf8_lossy(&b).into_owned(),
        Ok(_) => {
            return Attempt::Delivered {
                status,
                reply: None,
                note: Some(Bi::new(
                    "Webhook 的应答超过 64 KiB，已忽略其中的回复",
                    "The webhook's answer exceeds 64 KiB; its reply was ignored",
                )),
            };
        }
        Err(e) => {
            let e = e.without_url();
            return failed(
                Some(status),
                format!("读取 Webhook 应答失败：{e}"),
                format!("Reading the webhook's answer failed: {e}"),
            );
        }
    };
    let (reply, note) = read_reply(&text, reply_allowed);
    Attempt::Delivered {
        status,
        reply,
        note,
    }
}

/// The reply in a webhook's answer, and a note when it was not understood or came too late.
fn read_reply(text: &str, reply_allowed: bool) -> (Option<PassiveReply>, Option<Bi>) {
    let text = text.trim();
    if text.is_empty() || text == "success" {
        return (None, None);
    }
    let reply = match serde_json::from_str::<WebhookAnswer>(text) {
        Ok(a) => a.reply,
        Err(e) => {
            return (
                None,
                Some(Bi::new(
                    format!("Webhook 的应答不是约定的 JSON，已忽略：{e}"),
                    format!("The webhook's answer is not the expected JSON; ignored: {e}"),
                )),
            );
        }
    };
    match reply {
        None => (None, None),
        Some(r) => match r.validate() {
            Err(e) => (
                None,
                Some(Bi::new(
                    format!("Webhook 的回复无效，未发送：{e}"),
                    format!("The webhook's reply is invalid and was not sent: {e}"),
                )),
            ),
            Ok(()) if !reply_allowed => (
                None,
                Some(Bi::new(
                    "重试投递时的回复已无法送达用户（微信只等待首次应答），已忽略",
                    "A reply to a retried delivery cannot reach the user (WeChat only waits for the first answer); ignored",
                )),
            ),
            Ok(()) => (Some(r), None),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_timestamp_and_body() {
        let s = sign("whsec_x", 1_700_000_000, b"{}");
        assert!(s.starts_with("v1=") && s.len() == 3 + 64, "{s}");
        assert_ne!(s, sign("whsec_x", 1_700_000_001, b"{}"));
        assert_ne!(s, sign("whsec_y", 1_700_000_000, b"{}"));
        assert_ne!(s, sign("whsec_x", 1_700_000_000, b"{ }"));
    }

    #[test]
    fn answers_are_read_leniently_and_bad_replies_never_reach_wechat() {
        assert!(matches!(read_reply("", true), (None, None)));
        assert!(matches!(read_reply("success", true), (None, None)));
        assert!(matches!(read_reply(r#"{"ok":true}"#, true), (None, None)));
        let (r, note) = read_reply(r#"{"reply":{"type":"text","content":"hi"}}"#, true);
        assert_eq!(
            r,
            Some(PassiveReply::Text {
                content: "hi".into()
            })
        );
        assert!(note.is_none());
        let (r, note) = read_reply(r#"{"reply":{"type":"text","content":"hi"}}"#, false);
        assert!(r.is_none() && note.is_some());
        let (r, note) = read_reply(r#"{"reply":{"type":"text","content":""}}"#, true);
        assert!(r.is_none() && note.is_some());
        let (r, note) = read_reply("<html>oops</html>", true);
        assert!(r.is_none() && note.is_some());
    }
}
