//! `openapi/quota/get`, `openapi/rid/get` and the three quota resets.

use serde_json::json;

use super::{Call, Reply, ok, str_field};
use crate::endpoint::Ep;
use crate::error::WxErr;
use crate::state::{TokenOwner, World};

/// `cgi-bin/openapi/quota/get` with a component or authorizer token.
pub(crate) fn quota_get(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    call.any_token(w)?;
    let body = call.body()?;
    let path = str_field(&body, "cgi_path").ok_or_else(WxErr::cgi_path_not_found)?;
    let ep = Ep::by_path(&path).ok_or_else(WxErr::cgi_path_not_found)?;
    let subject = call.subject.clone().unwrap_or_default();
    let usage = w.quota.usage(ep, &subject, call.now_ms / 1000);
    Ok(Reply::Json(json!({
        "errcode": 0,
        "errmsg": "ok",
        "quota": usage,
        "rate_limit": {"call_count": 100, "refresh_second": 60},
        "component_rate_limit": {"call_count": 500, "refresh_second": 60},
    })))
}

/// `cgi-bin/openapi/rid/get`: a failed call of the same component.
pub(crate) fn rid_get(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    call.any_token(w)?;
    let body = call.body()?;
    let rid = str_field(&body, "rid").ok_or_else(WxErr::rid_not_found)?;
    let component = call.component.clone().unwrap_or_default();
    let record = w.find_rid(&rid, &component)?;
    Ok(Reply::Json(
        json!({"errcode": 0, "errmsg": "ok", "request": record}),
    ))
}

/// `cgi-bin/clear_quota`: the token's own account (40013 for another appid).
pub(crate) fn clear_quota(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let owner = call.any_token(w)?;
    let body = call.body()?;
    let appid = str_field(&body, "appid").ok_or_else(WxErr::appid_missing)?;
    let own = match &owner {
        TokenOwner::Component(c) => c,
        TokenOwner::Authorizer { authorizer, .. } => authorizer,
    };
    if *own != appid {
        return Err(WxErr::invalid_appid());
    }
    w.quota.clear(&appid, call.now_ms / 1000)?;
    Ok(ok())
}

/// Legacy `cgi-bin/component/clear_quota` with the component token.
pub(crate) fn clear_component_quota(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    if str_field(&body, "component_appid").as_deref() != Some(component.as_str()) {
        return Err(WxErr::invalid_appid());
    }
    w.quota.clear(&component, call.now_ms / 1000)?;
    Ok(ok())
}

/// `cgi-bin/component/clear_quota/v2`: appsecret instead of a token, so it works when token
/// calls are exhausted. With `appid`, an authorizer's quota is reset.
pub(crate) fn clear_quota_v2(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let body = call.body()?;
    let component = call.body_component(w, &body)?;
    let secret = str_field(&body, "appsecret").ok_or_else(WxErr::secret_missing)?;
    if w.components
        .get(&component)
        .is_none_or(|c| c.info.secret != secret)
    {
        return Err(WxErr::invalid_secret());
    }
    let target = match str_field(&body, "appid") {
        Some(appid) if appid != component => {
            w.authorization(&component, &appid)?;
            appid
        }
        _ => component.clone(),
    };
    call.about(&component, &target);
    w.quota.clear(&target, call.now_ms / 1000)?;
    Ok(ok())
}
