//! `POST /wechat/{component_appid}/events`: verify, decrypt, store once, answer `success`. The
//! checks are shared with the message URL (`crate::messages`).

use sea_orm::Set;
use sha2::{Digest, Sha256};
use wxopen::MsgCrypt;
use wxopen::crypto::Decrypted;
use wxopen::push::{ComponentEvent, ComponentPush};

use super::entity as event;
use super::rejections;
use super::store::Stored;
use crate::EventId;
use crate::EventStatus;
use crate::platforms::{self, entity as component};
use crate::services::Services;

/// WeChat's pushes are a few KiB; anything over this is refused unread (HTTP 413).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The query string WeChat sends with a push.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct PushQuery {
    pub timestamp: Option<String>,
    pub nonce: Option<String>,
    pub msg_signature: Option<String>,
    pub signature: Option<String>,
    pub encrypt_type: Option<String>,
}

/// A push that was accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// Stored for processing.
    Stored {
        event_id: EventId,
        info_type: String,
    },
    /// The same push was stored before (a retry or a replay): not stored or processed again.
    Duplicate,
}

/// Why a push was refused. Only a counter is stored.
#[derive(Debug, thiserror::Error)]
pub enum Rejection {
    #[error("no platform with this appid")]
    UnknownComponent,
    #[error("the platform is disabled")]
    Disabled,
    #[error("timestamp, nonce or msg_signature missing")]
    MissingParams,
    #[error("body over {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("message crypto: {0}")]
    Crypto(#[from] wxopen::CryptoError),
    #[error("push XML: {0}")]
    BadXml(String),
    #[error("the authorizer appid in the URL is malformed")]
    BadAuthorizer,
    #[error("internal: {0}")]
    Internal(#[from] crate::error::CoreError),
}

impl Rejection {
    /// The counter bucket.
    pub fn reason(&self) -> &'static str {
        match self {
            Rejection::UnknownComponent => "unknown_component",
            Rejection::Disabled => "disabled",
            Rejection::MissingParams => "missing_params",
            Rejection::TooLarge => "too_large",
            Rejection::Crypto(e) => e.code(),
            Rejection::BadXml(_) => "bad_xml",
            Rejection::BadAuthorizer => "bad_authorizer",
            Rejection::Internal(_) => "internal",
        }
    }
}

/// Receives one push for platform `appid`. Refusals are counted (per platform, or in one
/// "unknown" bucket) and nothing else of them is kept.
pub async fn receive(
    svc: &Services,
    appid: &str,
    q: &PushQuery,
    body: &[u8],
) -> Result<Received, Rejection> {
    let result = accept(svc, appid, q, body).await;
    match &result {
        Ok(_) => crate::metrics::push_received(crate::metrics::PushKind::Event),
        Err(r) => {
            crate::metrics::push_refused(crate::metrics::PushKind::Event, r.reason());
            // The chart's hourly counter beside the refusal counter, concurrently: one round
            // trip's wait. An unknown appid has no tenant to count it for.
            let hourly = async {
                if matches!(r, Rejection::UnknownComponent) {
                    return;
                }
                let counted = crate::activity::count_by_appid(
                    svc.db.conn(),
                    appid,
                    crate::activity::Metric::PushRefused,
                    svc.now(),
                );
                if let Err(e) = counted.await {
                    tracing::error!("counting a refused push by the hour failed: {e}");
                }
            };
            tokio::join!(count_rejection(svc, appid, r), hourly);
        }
    }
    result
}

/// A push that passed every check: its platform, the platform's crypt, and the plaintext.
pub(crate) struct Opened {
    pub component: component::Model,
    pub crypt: MsgCrypt,
    pub decrypted: Decrypted,
}

/// Checks and opens a push for platform `appid`, on either of WeChat's URLs: known and enabled
/// platform, size, signature, decryption with the platform's key (or the previous one during a
/// rotation), and the platform's appid inside (reference B2: both URLs use the component's key).
pub(crate) async fn open_push(
    svc: &Services,
    appid: &str,
    q: &PushQuery,
    body: &[u8],
) -> Result<Opened, Rejection> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Rejection::TooLarge);
    }
    let (c, crypt, remembered) = match svc.push_keys.get(appid) {
        Some((c, crypt)) => (c, crypt, true),
        None => {
            let (c, crypt) = platform_and_crypt(svc, appid).await?;
            (c, crypt, false)
        }
    };
    if !c.enabled {
        return Err(Rejection::Disabled);
    }
    let (Some(ts), Some(nonce), Some(sig)) = (&q.timestamp, &q.nonce, &q.msg_signature) else {
        return Err(Rejection::MissingParams);
    };
    let (c, crypt, opened) = match crypt.decrypt_body(sig, ts, nonce, body) {
        Ok(opened) => (c, crypt, opened),
        // The remembered key may be a second old (a rotation by another instance): read the
        // platform afresh and try once more before refusing.
        Err(_) if remembered => {
            svc.push_keys.forget(appid);
            let (c, crypt) = platform_and_crypt(svc, appid).await?;
            if !c.enabled {
                return Err(Rejection::Disabled);
            }
            let opened = crypt.decrypt_body(sig, ts, nonce, body)?;
            (c, crypt, opened)
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Opened {
        component: c,
        crypt,
        decrypted: opened.decrypted,
    })
}

/// The platform `appid` and its crypt, read from the database and remembered for a second.
async fn platform_and_crypt(
    svc: &Services,
    appid: &str,
) -> Result<(component::Model, MsgCrypt), Rejection> {
    let c = platforms::by_appid(svc, appid)
        .await?
        .ok_or(Rejection::UnknownComponent)?;
    let crypt = platforms::crypt_for(svc, &c)?;
    svc.push_keys.put(&c, &crypt);
    Ok((c, crypt))
}

/// Counts a refused push (per platform, or in one "unknown" bucket) and logs it.
pub(crate) async fn count_rejection(svc: &Services, appid: &str, r: &Rejection) {
    let bucket = match r {
        Rejection::UnknownComponent => "(unknown)",
        _ => appid,
    };
    if let Err(e) = rejections::count(svc, bucket, r.reason()).await {
        tracing::error!("counting a refused push failed: {e}");
    }
    tracing::warn!(component = %bucket, reason = r.reason(), "push refused: {r}");
}

async fn accept(
    svc: &Services,
    appid: &str,
    q: &PushQuery,
    body: &[u8],
) -> Result<Received, Rejection> {
    let Opened {
        component: c,
        decrypted,
        ..
    } = open_push(svc, appid, q, body).await?;
    let plaintext = decrypted.plaintext;
    let push = ComponentPush::parse(&plaintext).map_err(|e| Rejection::BadXml(e.to_string()))?;

    // The same content twice is the same push (WeChat re-encrypts retries with a new prefix).
    let mut h = Sha256::new();
    h.update(c.id.get().to_be_bytes());
    h.update(plaintext.as_bytes());
    let dedupe_key = hex::encode(h.finalize());
    let authorizer_appid = match &push.event {
        ComponentEvent::Authorized(a) | ComponentEvent::UpdateAuthorized(a) => {
            Some(a.authorizer_appid.clone())
        }
        ComponentEvent::Unauthorized { authorizer_appid } => Some(authorizer_appid.clone()),
        ComponentEvent::FastRegister(r)
        | ComponentEvent::FastRegisterBeta(r)
        | ComponentEvent::FastVerifyBeta(r) => r.appid.clone().filter(|a| !a.is_empty()),
        _ => None,
    };
    let now = svc.now();
    let sealed = svc
        .secrets
        .seal(&format!("events.payload:{dedupe_key}"), &plaintext)
        .map_err(crate::error::CoreError::from)?;
    let row = event::ActiveModel {
        tenant_id: Set(c.tenant_id),
        component_id: Set(c.id),
        dedupe_key: Set(dedupe_key.clone()),
        info_type: Set(push.info_type.chars().take(64).collect()),
        authorizer_appid: Set(authorizer_appid.map(|a| a.chars().take(32).collect())),
        create_time: Set(push.create_time.saturating_mul(1000)),
        received_at: Set(now),
        payload_enc: Set(sealed),
        status: Set(EventStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        ..Default::default()
    };
    let notify = svc.event_notify.clone();
    let stored = svc
        .push_store
        .store(&svc.db, row, dedupe_key, move || notify.notify_one())
        .await;
    match stored {
        Ok(Stored::New(event_id)) => Ok(Received::Stored {
            event_id,
            info_type: push.info_type.chars().take(64).collect(),
        }),
        Ok(Stored::Duplicate) => Ok(Received::Duplicate),
        Err(e) => Err(Rejection::Internal(e.into())),
    }
}
