//! Fast registration APIs (new versions only, as WeChat since 2026-04-30).

use serde_json::{Value, json};

use super::{Call, Reply, ok, str_field};
use crate::error::WxErr;
use crate::state::{NewTask, RegKind, Registration, World};

/// The old `fastregisterweapp` is offline: WeChat answers `-1 system error`.
pub(crate) fn old_fastregister(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    call.component_token(w)?;
    Err(WxErr::system_error())
}

fn task_json(call: &Call, r: &Registration) -> Value {
    json!({
        "errcode": 0,
        "errmsg": "ok",
        "taskid": r.id,
        "authorize_url": format!("{}{}", call.base_url(), r.authorize_path),
        "status": r.status,
    })
}

fn create_or_query(call: &mut Call, w: &mut World, kind: RegKind) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    call.charge(w)?;
    match call.param("action") {
        Some("create") => {
            let task = NewTask {
                name: str_field(&body, "name"),
                code: str_field(&body, "code"),
                component_phone: str_field(&body, "component_phone"),
                wxuser: str_field(&body, "wxuser"),
                ..NewTask::default()
            };
            let reg = w.create_task(&component, kind, task, call.now_ms)?;
            Ok(Reply::Json(task_json(call, &reg)))
        }
        Some("query") | Some("search") => {
            let taskid = str_field(&body, "taskid").ok_or_else(WxErr::missing_params)?;
            let reg = w.task(&component, kind, &taskid, call.now_ms)?;
            Ok(Reply::Json(task_json(call, &reg)))
        }
        _ => Err(WxErr::new(
            40066,
            "invalid url: action must be create or query",
        )),
    }
}

/// `wxa/component/fastregisterenterpriseweapp?action=create|query`.
pub(crate) fn enterprise(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    create_or_query(call, w, RegKind::Enterprise)
}

/// `wxa/component/fastregisterpersonalweapp?action=create|query`.
pub(crate) fn personal(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    create_or_query(call, w, RegKind::Personal)
}

/// `wxa/component/fastregisterbetaweapp`.
pub(crate) fn beta(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    call.charge(w)?;
    let task = NewTask {
        name: str_field(&body, "name"),
        openid: str_field(&body, "openid"),
        ..NewTask::default()
    };
    let reg = w.create_task(&component, RegKind::Beta, task, call.now_ms)?;
    Ok(Reply::Json(json!({
        "errcode": 0,
        "errmsg": "ok",
        "unique_id": reg.id,
        "authorize_url": format!("{}{}", call.base_url(), reg.authorize_path),
    })))
}

/// The beta mini program behind an authorizer token (48001 for any other account).
fn beta_app(call: &mut Call, w: &World) -> Result<(String, String), WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    if !w.accounts.get(&authorizer).is_some_and(|a| a.beta) {
        return Err(WxErr::api_unauthorized());
    }
    Ok((component, authorizer))
}

/// `wxa/setbetaweappnickname` with the beta app's own token.
pub(crate) fn set_beta_nickname(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (_, authorizer) = beta_app(call, w)?;
    let body = call.body()?;
    call.charge(w)?;
    let name = str_field(&body, "name").ok_or_else(WxErr::missing_params)?;
    if !(4..=30).contains(&name.chars().count()) {
        return Err(WxErr::data_format());
    }
    if let Some(a) = w.accounts.get_mut(&authorizer) {
        a.nickname = name;
    }
    Ok(ok())
}

/// `wxa/verifybetaweapp` with the beta app's own token: a verification task the legal person
/// confirms; 89251 while one is pending.
pub(crate) fn verify_beta(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = beta_app(call, w)?;
    let body = call.body()?;
    call.charge(w)?;
    let info = body.get("verify_info").cloned().unwrap_or(Value::Null);
    let task = NewTask {
        name: str_field(&info, "enterprise_name"),
        code: str_field(&info, "code"),
        component_phone: str_field(&info, "component_phone"),
        beta_appid: Some(authorizer),
        ..NewTask::default()
    };
    w.create_task(&component, RegKind::BetaVerify, task, call.now_ms)?;
    Ok(ok())
}

/// `cgi-bin/account/fastregister` with the official account's token and the page's ticket.
pub(crate) fn reuse_oa(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, oa) = call.authorizer_token(w)?;
    let body = call.body()?;
    call.charge(w)?;
    let ticket = str_field(&body, "ticket").ok_or_else(WxErr::reuse_ticket_invalid)?;
    let (appid, code, verified) = w.reuse_oa_register(&component, &oa, &ticket, call.now_ms)?;
    Ok(Reply::Json(json!({
        "errcode": 0,
        "errmsg": "ok",
        "appid": appid,
        "authorization_code": code,
        "is_wx_verify_succ": verified,
        "is_link_succ": true,
    })))
}
