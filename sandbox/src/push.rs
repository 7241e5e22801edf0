//! Outbound deliveries to the console: encrypted pushes to the authorization-event URL and user
//! messages to the message URL, each recorded with its outcome.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Serialize;
use wxopen::MsgCrypt;
use wxopen::push::{Addressee, Envelope};

use crate::Sandbox;
use crate::ids;
use crate::model::Component;
use crate::state::{PushJob, PushRecord};

/// The console's answer to a message push.
#[derive(Debug, Clone, Serialize)]
pub struct MessageReply {
    /// HTTP status of the console's answer (absent when it did not answer).
    pub status: Option<u16>,
    /// The body as received.
    pub raw_reply: String,
    /// The decrypted passive reply, when it sent one.
    pub reply_plaintext: Option<String>,
    /// `success`, an empty body, or a correctly signed and encrypted reply.
    pub passive_reply_ok: bool,
    /// What was wrong, if anything.
    pub error: Option<String>,
    /// The push record id (of the last attempt).
    pub push_id: u64,
    /// How many times the message was sent (retries after no answer).
    pub attempts: u32,
}

fn crypt(c: &Component) -> Option<MsgCrypt> {
    let key = wxopen::EncodingAesKey::parse(&c.encoding_aes_key).ok()?;
    Some(MsgCrypt::new(c.token.clone(), key, c.appid.clone()))
}

/// The signed URL and encrypted body of one push.
struct Sealed {
    url: Result<url::Url, String>,
    body: String,
}

fn seal(
    c: &Component,
    target_url: &str,
    addressee: Addressee,
    plaintext: &str,
    timestamp: i64,
    extra: &[(&str, &str)],
) -> Sealed {
    let timestamp = timestamp.to_string();
    let nonce = ids::nonce();
    let Some(crypt) = crypt(c) else {
        return Sealed {
            url: Err("the component's EncodingAESKey is invalid".into()),
            body: String::new(),
        };
    };
    let sealed = crypt.encrypt(plaintext, &timestamp, &nonce);
    let body = Envelope {
        encrypt: sealed.encrypt,
        addressee: Some(addressee),
    }
    .to_xml();
    let url = url::Url::parse(target_url)
        .map_err(|e| format!("invalid URL {target_url:?}: {e}"))
        .map(|mut url| {
            {
                let mut q = url.query_pairs_mut();
                q.append_pair(
                    "signature",
                    &wxopen::crypto::signature(&c.token, &timestamp, &nonce),
                );
                q.append_pair("timestamp", &timestamp);
                q.append_pair("nonce", &nonce);
                for (k, v) in extra {
                    q.append_pair(k, v);
                }
                q.append_pair("encrypt_type", "aes");
                q.append_pair("msg_signature", &sealed.msg_signature);
            }
            url
        });
    Sealed { url, body }
}

/// What came back from one POST.
struct Delivered {
    status: Option<u16>,
    body: String,
    outcome: &'static str,
    error: Option<String>,
}

async fn post(sb: &Sandbox, sealed: &Sealed) -> Delivered {
    let url = match &sealed.url {
        Ok(url) => url.clone(),
        Err(e) => {
            return Delivered {
                status: None,
                body: String::new(),
                outcome: "transport_error",
                error: Some(e.clone()),
            };
        }
    };
    let sent = sb
        .inner
        .http
        .post(url)
        .header("content-type", "text/xml; charset=utf-8")
        .body(sealed.body.clone())
        .send()
        .await;
    let response = match sent {
        Ok(r) => r,
        Err(e) => return Delivered::failed(None, e),
    };
    let status = response.status().as_u16();
    match response.text().await {
        Ok(body) if (200..300).contains(&status) => Delivered {
            status: Some(status),
            body,
            outcome: "success",
            error: None,
        },
        Ok(body) => Delivered {
            status: Some(status),
            body,
            outcome: "http_error",
            error: Some(format!("HTTP {status}")),
        },
        Err(e) => Delivered::failed(Some(status), e),
    }
}

impl Delivered {
    /// No complete answer: a timeout or a transport error (without the URL).
    fn failed(status: Option<u16>, e: reqwest::Error) -> Delivered {
        Delivered {
            status,
            body: String::new(),
            outcome: if e.is_timeout() {
                "timeout"
            } else {
                "transport_error"
            },
            error: Some(e.without_url().to_string()),
        }
    }
}

fn shorten(body: &str) -> String {
    body.chars().take(4096).collect()
}

/// The console answered, but the answer is lost on its way back to WeChat (while
/// `POST /_sandbox/pushes/lose_answers` has some left): to WeChat this is a timeout, so it sends
/// the push again; the console has processed it already (reference B22).
fn lose_answer(sb: &Sandbox, delivered: &mut Delivered) {
    let lost = {
        let mut world = sb.world();
        let lose = world.lose_answers > 0 && delivered.outcome == "success";
        if lose {
            world.lose_answers -= 1;
        }
        lose
    };
    if lost {
        delivered.outcome = "timeout";
        delivered.error =
            Some("the answer was lost on the way back (/_sandbox/pushes/lose_answers)".into());
    }
}

/// WeChat loses the push (while `POST /_sandbox/pushes/drop` has some left for its InfoType): it
/// is recorded with the outcome `dropped` and never reaches the console.
fn dropped(sb: &Sandbox, job: &PushJob) -> Option<PushRecord> {
    let mut world = sb.world();
    let left = world
        .drop_pushes
        .get_mut(&job.info_type)
        .filter(|n| **n > 0)?;
    *left -= 1;
    let now = sb.inner.clock.unix();
    Some(world.record_push(PushRecord {
        id: 0,
        at: now,
        component_appid: job.component_appid.clone(),
        target: "event".into(),
        kind: job.info_type.clone(),
        authorizer_appid: job.authorizer_appid.clone(),
        url: String::new(),
        plaintext: job.plaintext.clone(),
        http_status: None,
        response_body: String::new(),
        outcome: "dropped".into(),
        error: Some("lost by WeChat (/_sandbox/pushes/drop)".into()),
        attempt: 1,
        push_group: 0,
    }))
}

/// How many tries a push gets.
fn attempts(sb: &Sandbox) -> u32 {
    sb.config().push_attempts.max(1)
}

/// Sends one event to the component's authorization-event URL and records each attempt. The
/// console must answer the plain string `success` within the push timeout; otherwise the push is
/// sent again, re-encrypted with a new timestamp and nonce, up to `push_attempts` times in all
/// (reference B22). Returns the last attempt.
pub async fn push_event(sb: &Sandbox, job: PushJob) -> PushRecord {
    if let Some(record) = dropped(sb, &job) {
        return record;
    }
    let (mut record, mut retry) = event_attempt(sb, &job, 1, 0).await;
    let group = record.push_group;
    let mut attempt = 1;
    while retry && attempt < attempts(sb) {
        attempt += 1;
        (record, retry) = event_attempt(sb, &job, attempt, group).await;
    }
    record
}

/// One try of an event push: its record, and whether WeChat would try again.
async fn event_attempt(
    sb: &Sandbox,
    job: &PushJob,
    attempt: u32,
    push_group: u64,
) -> (PushRecord, bool) {
    let component = sb
        .world()
        .components
        .get(&job.component_appid)
        .map(|c| c.info.clone());
    let now = sb.inner.clock.unix();
    let Some(component) = component else {
        let record = sb.world().record_push(PushRecord {
            id: 0,
            at: now,
            component_appid: job.component_appid.clone(),
            target: "event".into(),
            kind: job.info_type.clone(),
            authorizer_appid: job.authorizer_appid.clone(),
            url: String::new(),
            plaintext: job.plaintext.clone(),
            http_status: None,
            response_body: String::new(),
            outcome: "transport_error".into(),
            error: Some("the component no longer exists".into()),
            attempt,
            push_group,
        });
        return (record, false);
    };
    let sealed = seal(
        &component,
        &component.event_url,
        Addressee::Component(component.appid.clone()),
        &job.plaintext,
        now,
        &[],
    );
    let mut delivered = post(sb, &sealed).await;
    lose_answer(sb, &mut delivered);
    if delivered.outcome == "success" && delivered.body.trim() != "success" {
        delivered.outcome = "unexpected_reply";
        delivered.error = Some("the console must answer the plain string \"success\"".into());
    }
    tracing::debug!(component = %component.appid, info_type = %job.info_type, attempt, outcome = delivered.outcome, "push");
    let retry = delivered.outcome != "success";
    let record = sb.world().record_push(PushRecord {
        id: 0,
        at: now,
        component_appid: component.appid.clone(),
        target: "event".into(),
        kind: job.info_type.clone(),
        authorizer_appid: job.authorizer_appid.clone(),
        url: component.event_url.clone(),
        plaintext: job.plaintext.clone(),
        http_status: delivered.status,
        response_body: shorten(&delivered.body),
        outcome: delivered.outcome.into(),
        error: delivered.error,
        attempt,
        push_group,
    });
    (record, retry)
}

/// What a user message is and where it goes.
pub struct MessageTarget<'a> {
    pub component: &'a Component,
    pub authorizer_appid: &'a str,
    pub to_user_name: &'a str,
    pub openid: &'a str,
    /// `MsgType`, or `event:<Event>`.
    pub kind: &'a str,
}

/// Sends a user message (or event) to the authorizer's message URL, verifies and decrypts the
/// passive reply. Without an answer (timeout, transport or HTTP error) the message is sent
/// again, re-encrypted, up to `push_attempts` times in all; an answer that is not a valid reply
/// is recorded as `unexpected_reply` and not retried: WeChat got an answer (reference B22).
pub async fn push_message(sb: &Sandbox, to: &MessageTarget<'_>, plaintext: String) -> MessageReply {
    let mut attempt = 1;
    let mut group = 0;
    loop {
        let (reply, retry) = message_attempt(sb, to, &plaintext, attempt, group).await;
        if attempt == 1 {
            group = reply.push_id;
        }
        if !retry || attempt >= attempts(sb) {
            return reply;
        }
        attempt += 1;
    }
}

/// One try of a message push: the reply, and whether WeChat would try again.
async fn message_attempt(
    sb: &Sandbox,
    to: &MessageTarget<'_>,
    plaintext: &str,
    attempt: u32,
    push_group: u64,
) -> (MessageReply, bool) {
    let now = sb.inner.clock.unix();
    let component = to.component;
    let url = component
        .message_url
        .replace("$APPID$", to.authorizer_appid);
    let sealed = seal(
        component,
        &url,
        Addressee::Authorizer(to.to_user_name.to_owned()),
        plaintext,
        now,
        &[("openid", to.openid)],
    );
    let mut delivered = post(sb, &sealed).await;
    lose_answer(sb, &mut delivered);
    let answered = delivered.outcome == "success";
    let (reply_plaintext, passive_reply_ok, error) = if !answered {
        (None, false, delivered.error.clone())
    } else {
        match open_reply(component, &delivered.body) {
            Ok(reply) => (reply, true, None),
            Err(e) => (None, false, Some(e)),
        }
    };
    let record = sb.world().record_push(PushRecord {
        id: 0,
        at: now,
        component_appid: component.appid.clone(),
        target: "message".into(),
        kind: to.kind.to_owned(),
        authorizer_appid: Some(to.authorizer_appid.to_owned()),
        url,
        plaintext: plaintext.to_owned(),
        http_status: delivered.status,
        response_body: shorten(&delivered.body),
        outcome: if passive_reply_ok {
            "success".into()
        } else if answered {
            "unexpected_reply".into()
        } else {
            delivered.outcome.into()
        },
        error: error.clone(),
        attempt,
        push_group,
    });
    let reply = MessageReply {
        status: delivered.status,
        raw_reply: delivered.body,
        reply_plaintext,
        passive_reply_ok,
        error,
        push_id: record.id,
        attempts: attempt,
    };
    (reply, !answered)
}

/// `success` and an empty body mean no reply; anything else must be an encrypted envelope that
/// verifies with the component's token and decrypts with its key and appid.
fn open_reply(component: &Component, body: &str) -> Result<Option<String>, String> {
    let trimmed = body.trim();
    if trimmed.is_empty() || trimmed == "success" {
        return Ok(None);
    }
    let fields = top_level_fields(trimmed)?;
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(encrypt) = get("Encrypt") else {
        return Err("the reply is not encrypted: in safe mode a passive reply must be an <Encrypt> envelope".into());
    };
    let (Some(signature), Some(timestamp), Some(nonce)) =
        (get("MsgSignature"), get("TimeStamp"), get("Nonce"))
    else {
        return Err("the encrypted reply lacks MsgSignature, TimeStamp or Nonce".into());
    };
    let crypt = crypt(component).ok_or("the component's EncodingAESKey is invalid")?;
    crypt
        .verify_and_decrypt(
            signature.trim(),
            timestamp.trim(),
            nonce.trim(),
            encrypt.trim(),
        )
        .map(|d| Some(d.plaintext))
        .map_err(|e| format!("the encrypted reply does not open: {e}"))
}

/// The text of each child of the root element (CDATA or plain).
fn top_level_fields(xml: &str) -> Result<Vec<(String, String)>, String> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    let mut current: Option<String> = None;
    let mut fields = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed reply XML: {e}"))?;
        match event {
            Event::Start(s) => {
                depth += 1;
                if depth == 2 {
                    let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
                    fields.push((name.clone(), String::new()));
                    current = Some(name);
                }
            }
            Event::End(_) => {
                if depth == 2 {
                    current = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) if current.is_some() => {
                if let Some(last) = fields.last_mut() {
                    last.1.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::CData(c) if current.is_some() => {
                if let Some(last) = fields.last_mut() {
                    last.1.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Event::DocType(_) => return Err("DOCTYPE is not allowed".into()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component() -> Component {
        Component {
            appid: "wx134c8103faa5a59e".into(),
            name: "c".into(),
            secret: "s".into(),
            token: "tok".into(),
            encoding_aes_key: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG".into(),
            event_url: "http://127.0.0.1:1/e".into(),
            message_url: "http://127.0.0.1:1/m/$APPID$".into(),
            ip_whitelist: vec![],
            ticket_interval_secs: None,
            func_ids: vec![],
            rotate_refresh_tokens: false,
            auth_domain: "127.0.0.1:1".into(),
            oa_dev_domain: "127.0.0.1:1".into(),
            published: true,
            test_accounts: vec![],
            created_at: 0,
        }
    }

    #[test]
    fn replies_are_verified() {
        let c = component();
        assert_eq!(open_reply(&c, "success").unwrap(), None);
        assert_eq!(open_reply(&c, "  ").unwrap(), None);
        let crypt = crypt(&c).unwrap();
        let reply = crypt.encrypted_reply_xml(
            "<xml><Content>hi</Content></xml>",
            "123",
            "n1",
            wxopen::crypto::KeySlot::Current,
        );
        assert_eq!(
            open_reply(&c, &reply).unwrap().as_deref(),
            Some("<xml><Content>hi</Content></xml>")
        );
        let tampered = reply.replace("<Nonce><![CDATA[n1]]>", "<Nonce><![CDATA[n2]]>");
        assert!(
            open_reply(&c, &tampered)
                .unwrap_err()
                .contains("does not open")
        );
        assert!(
            open_reply(&c, "<xml><Content>hi</Content></xml>")
                .unwrap_err()
                .contains("not encrypted")
        );
        let other = MsgCrypt::new(
            "tok",
            wxopen::EncodingAesKey::parse(&c.encoding_aes_key).unwrap(),
            "wx0000000000000000",
        );
        let wrong_appid =
            other.encrypted_reply_xml("<xml/>", "1", "n", wxopen::crypto::KeySlot::Current);
        assert!(open_reply(&c, &wrong_appid).is_err());
    }

    #[test]
    fn sealed_pushes_open_with_wxopen() {
        let c = component();
        let s = seal(
            &c,
            "http://h/e?x=1",
            Addressee::Component(c.appid.clone()),
            "<xml>p</xml>",
            1700,
            &[],
        );
        let url = s.url.unwrap();
        let q: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(q["x"], "1");
        assert_eq!(q["encrypt_type"], "aes");
        assert_eq!(q["timestamp"], "1700");
        let opened = crypt(&c)
            .unwrap()
            .decrypt_body(
                &q["msg_signature"],
                &q["timestamp"],
                &q["nonce"],
                s.body.as_bytes(),
            )
            .unwrap();
        assert_eq!(opened.decrypted.plaintext, "<xml>p</xml>");
        assert_eq!(
            opened.addressee,
            Some(Addressee::Component(c.appid.clone()))
        );
        crypt(&c)
            .unwrap()
            .verify_url_signature(&q["signature"], &q["timestamp"], &q["nonce"])
            .unwrap();
    }
}
