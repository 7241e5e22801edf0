//! `api_component_token` and `api_start_push_ticket`.

use serde_json::json;

use super::{Call, Reply, ok, str_field};
use crate::error::WxErr;
use crate::state::{TOKEN_TTL_SECS, TokenOwner, World};

/// `POST /cgi-bin/component/api_component_token`.
pub(crate) fn component_token(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let body = call.body()?;
    let appid = call.body_component(w, &body)?;
    let secret = str_field(&body, "component_appsecret").ok_or_else(WxErr::secret_missing)?;
    let component = w
        .components
        .get(&appid)
        .ok_or_else(WxErr::invalid_component)?;
    if component.info.secret != secret {
        return Err(WxErr::invalid_secret());
    }
    let ticket = str_field(&body, "component_verify_ticket").ok_or_else(WxErr::ticket_invalid)?;
    component.check_ticket(&ticket, call.now_ms)?;
    call.charge(w)?;
    let token = w.issue_token(TokenOwner::Component(appid), call.now_ms);
    Ok(Reply::Json(json!({
        "component_access_token": token,
        "expires_in": TOKEN_TTL_SECS,
    })))
}

/// `POST /cgi-bin/component/api_start_push_ticket`: restarts a stopped ticket service (reference
/// B24); either way a ticket is pushed at once (in the background, as WeChat does), then on the
/// regular schedule.
pub(crate) fn start_push_ticket(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let body = call.body()?;
    let appid = call.body_component(w, &body)?;
    let secret = str_field(&body, "component_secret")
        .or_else(|| str_field(&body, "component_appsecret"))
        .ok_or_else(WxErr::secret_missing)?;
    if w.components
        .get(&appid)
        .is_none_or(|c| c.info.secret != secret)
    {
        return Err(WxErr::invalid_secret());
    }
    call.charge(w)?;
    if let Some(c) = w.components.get_mut(&appid) {
        c.tickets_stopped = false;
    }
    call.sb.inner.wake.notify_one();
    let job = crate::timer::ticket_now(w, &appid, call.now_ms, call.sb.default_interval_ms())
        .ok_or_else(WxErr::invalid_component)?;
    call.after.push(job);
    Ok(ok())
}
