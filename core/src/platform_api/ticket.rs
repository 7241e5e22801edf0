//! JS-SDK tickets (`ticket/getticket?type=jsapi`) of authorizers, for a tenant's web pages. WeChat
//! limits how often a ticket may be fetched and keeps one valid for 7200 s, so each process keeps
//! it until 5 minutes before its expiry and fetches it once per authorizer at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use wxopen::Secret;

use crate::error::{CoreError, CoreResult};
use crate::services::Services;
use crate::tokens::{TokenKey, with_authorizer_token};

/// A ticket is not handed out within this margin of its expiry.
const MARGIN_MS: i64 = 300_000;

/// A usable JS-SDK ticket.
#[derive(Clone, Debug)]
pub struct JsApiTicket {
    pub ticket: Secret,
    /// Unix ms.
    pub expires_at: i64,
}

/// The tickets this process holds, one lock per authorizer (a fetch for one account never waits
/// for another's).
#[derive(Debug, Default)]
pub struct TicketCache {
    slots: Mutex<HashMap<TokenKey, Arc<tokio::sync::Mutex<Option<JsApiTicket>>>>>,
}

impl TicketCache {
    fn slot(&self, key: &TokenKey) -> Arc<tokio::sync::Mutex<Option<JsApiTicket>>> {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        slots.entry(key.clone()).or_default().clone()
    }
}

/// The JS-SDK ticket of an authorizer (its token must be usable; see
/// [`super::authorizer_token`]).
pub async fn jsapi_ticket(svc: &Services, key: &TokenKey) -> CoreResult<JsApiTicket> {
    let slot = svc.tickets.slot(key);
    let mut held = slot.lock().await;
    let now = svc.now();
    if let Some(t) = held.as_ref().filter(|t| t.expires_at > now + MARGIN_MS) {
        return Ok(t.clone());
    }
    let fresh = with_authorizer_token(svc, key.component_id, &key.authorizer_appid, |token| {
        let client = svc.wechat.clone();
        async move { client.jsapi_ticket(&token).await }
    })
    .await
    .map_err(CoreError::from)?;
    let ticket = JsApiTicket {
        ticket: fresh.ticket,
        expires_at: svc.now()
            + i64::try_from(fresh.expires_in)
                .unwrap_or(7200)
                .saturating_mul(1000),
    };
    *held = Some(ticket.clone());
    Ok(ticket)
}
