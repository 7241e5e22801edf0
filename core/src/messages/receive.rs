//! `POST /wechat/{component_appid}/messages/{authorizer_appid}`: check, decrypt, store once, and
//! answer within WeChat's 5 seconds: the release test's reply, the webhook's reply if it comes in
//! time, else `success`.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use wxopen::AppId;
use wxopen::push::{AuthorizerMessage, MessageKind, ReleaseTest, text_reply_xml};

use super::forward::{self, Attempt, Job};
use super::{JobStatus, MessageJob, entity, payload_context, reply_context, worker};
use crate::PlatformId;
use crate::db::is_unique_violation;
use crate::error::CoreError;
use crate::events::{Opened, PushQuery, Rejection, count_rejection, open_push};
use crate::services::Services;

/// What the message URL answers WeChat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The plain string `success`: received, no reply.
    Success,
    /// An empty body, which the release test asks for before it answers through the API.
    Empty,
    /// An encrypted passive reply (`<xml><Encrypt/><MsgSignature/>…</xml>`).
    Reply(String),
}

impl Answer {
    /// The HTTP body.
    pub fn body(&self) -> &str {
        match self {
            Answer::Success => "success",
            Answer::Empty => "",
            Answer::Reply(xml) => xml,
        }
    }
}

/// Receives one message for `authorizer_appid` of platform `component_appid`. Refusals are
/// counted like refused authorization events.
pub async fn receive(
    svc: &Services,
    component_appid: &str,
    authorizer_appid: &str,
    q: &PushQuery,
    body: &[u8],
) -> Result<Answer, Rejection> {
    let result = accept(svc, component_appid, authorizer_appid, q, body).await;
    match &result {
        Ok(_) => crate::metrics::push_received(crate::metrics::PushKind::Message),
        Err(r) => {
            crate::metrics::push_refused(crate::metrics::PushKind::Message, r.reason());
            count_rejection(svc, component_appid, r).await;
        }
    }
    result
}

/// One message is one row, however often WeChat sends it (it retries after 5 seconds without an
/// answer, three times): `MsgId` identifies messages; events have none, so the sender, the
/// time and the event do (reference B22).
fn dedupe_key(component_id: PlatformId, authorizer: &str, msg: &AuthorizerMessage) -> String {
    let mut h = Sha256::new();
    h.update(component_id.get().to_be_bytes());
    h.update(authorizer.as_bytes());
    h.update([0]);
    match (&msg.msg_id, &msg.kind) {
        (Some(id), _) if !id.is_empty() => {
            h.update(b"m:");
            h.update(id.as_bytes());
        }
        (_, kind) => {
            h.update(b"e:");
            h.update(msg.from_user_name.as_bytes());
            h.update([0]);
            h.update(msg.create_time.to_be_bytes());
            h.update(msg.msg_type.as_bytes());
            if let MessageKind::Event { event, event_key } = kind {
                h.update([0]);
                h.update(event.as_bytes());
                h.update([0]);
                h.update(event_key.as_deref().unwrap_or_default().as_bytes());
            }
        }
    }
    hex::encode(h.finalize())
}

fn release_case(t: &ReleaseTest) -> &'static str {
    match t {
        ReleaseTest::Text => "text",
        ReleaseTest::MiniProgramText => "mini_program_text",
        ReleaseTest::QueryAuthCode(_) => "query_auth_code",
        ReleaseTest::Event(_) => "event",
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// Encrypts a passive reply for WeChat with the key the message came under.
fn seal_reply(opened: &Opened, q: &PushQuery, xml: &str) -> Answer {
    let timestamp = q.timestamp.as_deref().unwrap_or_default();
    let nonce = q.nonce.as_deref().unwrap_or_default();
    Answer::Reply(opened.crypt.encrypted_reply_xml(
        xml,
        timestamp,
        nonce,
        opened.decrypted.key_slot,
    ))
}

async fn accept(
    svc: &Services,
    component_appid: &str,
    authorizer_appid: &str,
    q: &PushQuery,
    body: &[u8],
) -> Result<Answer, Rejection> {
    let opened = open_push(svc, component_appid, q, body).await?;
    let authorizer = AppId::parse(authorizer_appid).map_err(|_| Rejection::BadAuthorizer)?;
    let plaintext = opened.decrypted.plaintext.clone();
    let msg = AuthorizerMessage::parse(&plaintext).map_err(|e| Rejection::BadXml(e.to_string()))?;
    let c = &opened.component;
    let key = dedupe_key(c.id, authorizer.as_str(), &msg);
    let release = msg.release_test(authorizer.as_str());
    let now = svc.now();
    let release_reply = release
        .as_ref()
        .and_then(ReleaseTest::passive_reply)
        .map(|text| text_reply_xml(&msg.from_user_name, &msg.to_user_name, now / 1000, &text));
    let job = match &release {
        Some(t) if t.customer_service_text().is_some() => MessageJob::ReleaseTest,
        Some(_) => MessageJob::None,
        None if c.webhook_url.as_deref().is_some_and(|u| !u.is_empty()) => MessageJob::Forward,
        None => MessageJob::None,
    };
    let has_job = job != MessageJob::None;
    let row = entity::ActiveModel {
        tenant_id: Set(c.tenant_id),
        component_id: Set(c.id),
        authorizer_appid: Set(authorizer.as_str().to_string()),
        dedupe_key: Set(key.clone()),
        msg_type: Set(truncate(&msg.msg_type, 32)),
        event: Set(match &msg.kind {
            MessageKind::Event { event, .. } => Some(truncate(event, 64)),
            _ => None,
        }),
        from_user: Set(truncate(&msg.from_user_name, 64)),
        create_time: Set(msg.create_time.saturating_mul(1000)),
        received_at: Set(now),
        payload_enc: Set(svc
            .secrets
            .seal(&payload_context(&key), &plaintext)
            .map_err(CoreError::from)?),
        reply_enc: Set(match &release_reply {
            Some(xml) => Some(
                svc.secrets
                    .seal(&reply_context(&key), xml)
                    .map_err(CoreError::from)?,
            ),
            None => None,
        }),
        release_test: Set(release.as_ref().map(|t| release_case(t).to_string())),
        job: Set(job.as_str().into()),
        // A job is claimed by this instance at once: it makes the first attempt right here.
        status: Set(if has_job {
            JobStatus::Processing
        } else {
            JobStatus::None
        }
        .as_str()
        .into()),
        attempts: Set(i32::from(has_job)),
        next_attempt_at: Set(has_job.then_some(now)),
        locked_by: Set(has_job.then(|| svc.instance_id.clone())),
        locked_until: Set(has_job.then_some(now + worker::LEASE_MS)),
        ..Default::default()
    }
    .insert(svc.db.conn())
    .await;
    let row = match row {
        Ok(row) => row,
        Err(e) if is_unique_violation(&e) => return duplicate(svc, &opened, q, &key).await,
        Err(e) => return Err(Rejection::Internal(e.into())),
    };
    match job {
        MessageJob::None => Ok(match &release_reply {
            Some(xml) => seal_reply(&opened, q, xml),
            None => Answer::Success,
        }),
        MessageJob::ReleaseTest => {
            let job = Job {
                row,
                component: opened.component.clone(),
                plaintext,
            };
            let svc = svc.clone();
            tokio::spawn(async move { worker::run_job(&svc, job).await });
            Ok(Answer::Empty)
        }
        MessageJob::Forward => forward_now(svc, &opened, q, row, plaintext, &msg).await,
    }
}

/// The first delivery, while WeChat waits: its reply is returned if it comes within the budget;
/// otherwise WeChat gets `success` and the delivery finishes (and is recorded) in the background.
async fn forward_now(
    svc: &Services,
    opened: &Opened,
    q: &PushQuery,
    row: entity::Model,
    plaintext: String,
    msg: &AuthorizerMessage,
) -> Result<Answer, Rejection> {
    let id = row.id;
    let key = row.dedupe_key.clone();
    let job = Job {
        row,
        component: opened.component.clone(),
        plaintext,
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    let bg = svc.clone();
    tokio::spawn(async move {
        let attempt = forward::attempt(&bg, &job, true).await;
        let reply = match &attempt {
            Attempt::Delivered { reply, .. } => reply.clone(),
            _ => None,
        };
        // The reply only counts if WeChat is still waiting for it.
        let taken = tx.send(reply).is_ok();
        worker::record(&bg, &job, attempt, taken).await;
    });
    let Ok(Ok(Some(reply))) = tokio::time::timeout(svc.message_reply_budget, rx).await else {
        return Ok(Answer::Success);
    };
    let xml = reply.to_xml(&msg.from_user_name, &msg.to_user_name, svc.now() / 1000);
    match svc.secrets.seal(&reply_context(&key), &xml) {
        Ok(sealed) => {
            if let Err(e) = entity::Entity::update_many()
                .col_expr(
                    entity::Column::ReplyEnc,
                    sea_orm::sea_query::Expr::value(sealed),
                )
                .filter(entity::Column::Id.eq(id))
                .exec(svc.db.conn())
                .await
            {
                tracing::warn!(message_id = %id, "storing the passive reply failed: {e}");
            }
        }
        Err(e) => tracing::warn!(message_id = %id, "sealing the passive reply failed: {e}"),
    }
    Ok(seal_reply(opened, q, &xml))
}

/// WeChat sent the same message again (it got no answer in time, or a network hiccup): nothing is
/// processed or forwarded again; the stored reply, if any, is the answer.
async fn duplicate(
    svc: &Services,
    opened: &Opened,
    q: &PushQuery,
    key: &str,
) -> Result<Answer, Rejection> {
    let row = entity::Entity::find()
        .filter(entity::Column::DedupeKey.eq(key))
        .one(svc.db.conn())
        .await
        .map_err(|e| Rejection::Internal(e.into()))?;
    let Some(row) = row else {
        return Ok(Answer::Success);
    };
    if let Some(enc) = &row.reply_enc {
        let xml = svc
            .secrets
            .open(&reply_context(key), enc)
            .map_err(|e| Rejection::Internal(e.into()))?;
        return Ok(seal_reply(opened, q, xml.expose()));
    }
    Ok(match MessageJob::parse(&row.job) {
        Some(MessageJob::ReleaseTest) => Answer::Empty,
        _ => Answer::Success,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> AuthorizerMessage {
        AuthorizerMessage::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"))
    }

    #[test]
    fn retries_share_a_key_and_different_messages_do_not() {
        let text = |id: &str, content: &str| {
            parse(&format!(
                "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1700000000</CreateTime><MsgType>text</MsgType><Content>{content}</Content><MsgId>{id}</MsgId></xml>"
            ))
        };
        let a = dedupe_key(PlatformId(1), "wx1", &text("100", "hi"));
        assert_eq!(a, dedupe_key(PlatformId(1), "wx1", &text("100", "hi")));
        assert_ne!(a, dedupe_key(PlatformId(1), "wx1", &text("101", "hi")));
        assert_ne!(a, dedupe_key(PlatformId(2), "wx1", &text("100", "hi")));
        assert_ne!(a, dedupe_key(PlatformId(1), "wx2", &text("100", "hi")));

        let event = |from: &str, t: i64, ev: &str| {
            parse(&format!(
                "<xml><ToUserName>gh_1</ToUserName><FromUserName>{from}</FromUserName><CreateTime>{t}</CreateTime><MsgType>event</MsgType><Event>{ev}</Event></xml>"
            ))
        };
        let e = dedupe_key(PlatformId(1), "wx1", &event("o1", 1, "subscribe"));
        assert_eq!(
            e,
            dedupe_key(PlatformId(1), "wx1", &event("o1", 1, "subscribe"))
        );
        assert_ne!(
            e,
            dedupe_key(PlatformId(1), "wx1", &event("o2", 1, "subscribe"))
        );
        assert_ne!(
            e,
            dedupe_key(PlatformId(1), "wx1", &event("o1", 2, "subscribe"))
        );
        assert_ne!(
            e,
            dedupe_key(PlatformId(1), "wx1", &event("o1", 1, "unsubscribe"))
        );
    }

    #[test]
    fn answers_have_the_bodies_wechat_expects() {
        assert_eq!(Answer::Success.body(), "success");
        assert_eq!(Answer::Empty.body(), "");
    }
}
