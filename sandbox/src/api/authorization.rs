//! Pre-auth codes, `api_query_auth`, authorizer tokens, info, list and options.

use serde_json::{Value, json};

use super::{Call, Reply, ok, str_field};
use crate::error::WxErr;
use crate::model::{Account, AccountType};
use crate::state::{Authorization, PRE_AUTH_TTL_SECS, TOKEN_TTL_SECS, World};

/// The body's `component_appid`, when given, must be the token's component (40013).
fn same_component(body: &Value, component: &str) -> Result<(), WxErr> {
    match str_field(body, "component_appid") {
        Some(given) if given != component => Err(WxErr::invalid_appid()),
        _ => Ok(()),
    }
}

/// `func_info` as WeChat lists it.
pub(crate) fn func_info(ids: &[u32]) -> Value {
    Value::Array(
        ids.iter()
            .map(|id| json!({"funcscope_category": {"id": id}}))
            .collect(),
    )
}

/// `api_create_preauthcode`.
pub(crate) fn create_pre_auth_code(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    same_component(&body, &component)?;
    call.charge(w)?;
    let code = w.create_pre_auth(&component, call.now_ms);
    Ok(Reply::Json(
        json!({"pre_auth_code": code, "expires_in": PRE_AUTH_TTL_SECS}),
    ))
}

/// `api_query_auth`.
pub(crate) fn query_auth(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    same_component(&body, &component)?;
    let code = str_field(&body, "authorization_code").ok_or_else(WxErr::code_invalid)?;
    call.charge(w)?;
    let (auth, token) = w.query_auth(&component, &code, call.now_ms)?;
    call.subject = Some(auth.authorizer_appid.clone());
    Ok(Reply::Json(json!({
        "authorization_info": {
            "authorizer_appid": auth.authorizer_appid,
            "authorizer_access_token": token,
            "expires_in": TOKEN_TTL_SECS,
            "authorizer_refresh_token": auth.refresh_token,
            "func_info": func_info(&auth.func_ids),
        }
    })))
}

/// The authorizer named in the body, for the component's token (subject = authorizer).
fn body_authorizer(call: &mut Call, body: &Value, component: &str) -> Result<String, WxErr> {
    same_component(body, component)?;
    let authorizer = str_field(body, "authorizer_appid").ok_or_else(WxErr::appid_missing)?;
    call.about(component, &authorizer);
    Ok(authorizer)
}

/// `api_authorizer_token`.
pub(crate) fn authorizer_token(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    let authorizer = body_authorizer(call, &body, &component)?;
    let refresh =
        str_field(&body, "authorizer_refresh_token").ok_or_else(WxErr::refresh_token_invalid)?;
    call.charge(w)?;
    let rotate = w
        .components
        .get(&component)
        .is_some_and(|c| c.info.rotate_refresh_tokens);
    let (token, refresh) =
        w.refresh_authorizer(&component, &authorizer, &refresh, rotate, call.now_ms)?;
    Ok(Reply::Json(json!({
        "authorizer_access_token": token,
        "expires_in": TOKEN_TTL_SECS,
        "authorizer_refresh_token": refresh,
    })))
}

/// The `authorizer_info` object of an account.
pub(crate) fn authorizer_info_json(a: &Account, base: &str) -> Value {
    let mut info = json!({
        "nick_name": a.nickname,
        "head_img": format!("{base}/_sandbox/avatars/{}.svg", a.appid),
        "service_type_info": {"id": a.service_type},
        "verify_type_info": {"id": a.verify_type},
        "user_name": a.user_name,
        "principal_name": a.principal_name,
        "alias": a.alias,
        "business_info": {"open_store": 0, "open_scan": 0, "open_pay": 0, "open_card": 0, "open_shake": 0},
        "qrcode_url": format!("{base}/_sandbox/qrcodes/{}.svg", a.appid),
        "signature": a.signature,
        "account_status": 1,
        "register_type": 0,
        "basic_config": {"is_phone_configured": true, "is_email_configured": true},
    });
    if a.account_type == AccountType::MiniProgram
        && let Some(map) = info.as_object_mut()
    {
        map.insert(
            "MiniProgramInfo".into(),
            json!({
                "network": {
                    "RequestDomain": [], "WsRequestDomain": [], "UploadDomain": [],
                    "DownloadDomain": [], "BizDomain": [], "UDPDomain": []
                },
                "categories": [{"first": "工具", "second": "效率"}],
                "visit_status": 0,
            }),
        );
    }
    info
}

/// `api_get_authorizer_info`.
pub(crate) fn authorizer_info(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    let authorizer = body_authorizer(call, &body, &component)?;
    call.charge(w)?;
    let auth: Authorization = w.authorization(&component, &authorizer)?.clone();
    let account = w
        .accounts
        .get(&authorizer)
        .ok_or_else(WxErr::not_authorized)?;
    Ok(Reply::Json(json!({
        "authorizer_info": authorizer_info_json(account, &call.base_url()),
        "authorization_info": {
            "authorizer_appid": authorizer,
            "authorizer_refresh_token": auth.refresh_token,
            "func_info": func_info(&auth.func_ids),
        }
    })))
}

/// `api_get_authorizer_list`: pages of at most 500, oldest authorization first.
pub(crate) fn authorizer_list(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    same_component(&body, &component)?;
    let number = |name: &str| body.get(name).and_then(Value::as_u64);
    let offset = number("offset").unwrap_or(0) as usize;
    let count = number("count").unwrap_or(500).min(500) as usize;
    call.charge(w)?;
    let mut all: Vec<&Authorization> = w
        .authorizations
        .values()
        .filter(|a| a.component_appid == component)
        .collect();
    all.sort_by(|a, b| {
        (a.authorized_at, &a.authorizer_appid).cmp(&(b.authorized_at, &b.authorizer_appid))
    });
    let list: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(count)
        .map(|a| {
            json!({
                "authorizer_appid": a.authorizer_appid,
                "refresh_token": a.refresh_token,
                "auth_time": a.authorized_at,
            })
        })
        .collect();
    Ok(Reply::Json(json!({"total_count": all.len(), "list": list})))
}

/// Valid values of each option.
fn option_values(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "location_report" => Some(&["0", "1", "2"]),
        "voice_recognize" | "customer_service" => Some(&["0", "1"]),
        _ => None,
    }
}

fn read_option(
    w: &World,
    component: &str,
    authorizer: &str,
    body: &Value,
) -> Result<(String, String), WxErr> {
    let name = str_field(body, "option_name").ok_or_else(WxErr::invalid_option_name)?;
    option_values(&name).ok_or_else(WxErr::invalid_option_name)?;
    let auth = w.authorization(component, authorizer)?;
    let value = auth
        .options
        .get(&name)
        .cloned()
        .unwrap_or_else(|| "0".into());
    Ok((name, value))
}

fn write_option(
    w: &mut World,
    component: &str,
    authorizer: &str,
    body: &Value,
) -> Result<(), WxErr> {
    let name = str_field(body, "option_name").ok_or_else(WxErr::invalid_option_name)?;
    let allowed = option_values(&name).ok_or_else(WxErr::invalid_option_name)?;
    let value = str_field(body, "option_value").ok_or_else(WxErr::invalid_option_value)?;
    if !allowed.contains(&value.as_str()) {
        return Err(WxErr::invalid_option_value());
    }
    w.authorization(component, authorizer)?;
    if let Some(a) = w
        .authorizations
        .get_mut(&(component.to_owned(), authorizer.to_owned()))
    {
        a.options.insert(name, value);
    }
    Ok(())
}

/// Legacy `api_get_authorizer_option` (component token).
pub(crate) fn get_option_legacy(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    let authorizer = body_authorizer(call, &body, &component)?;
    call.charge(w)?;
    let (name, value) = read_option(w, &component, &authorizer, &body)?;
    Ok(Reply::Json(json!({
        "authorizer_appid": authorizer, "option_name": name, "option_value": value
    })))
}

/// Legacy `api_set_authorizer_option` (component token).
pub(crate) fn set_option_legacy(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let component = call.component_token(w)?;
    let body = call.body()?;
    let authorizer = body_authorizer(call, &body, &component)?;
    call.charge(w)?;
    write_option(w, &component, &authorizer, &body)?;
    Ok(ok())
}

/// `get_authorizer_option` (authorizer token).
pub(crate) fn get_option(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    let body = call.body()?;
    call.charge(w)?;
    let (name, value) = read_option(w, &component, &authorizer, &body)?;
    Ok(Reply::Json(json!({
        "errcode": 0, "errmsg": "ok", "option_name": name, "option_value": value
    })))
}

/// `set_authorizer_option` (authorizer token).
pub(crate) fn set_option(call: &mut Call, w: &mut World) -> Result<Reply, WxErr> {
    let (component, authorizer) = call.authorizer_token(w)?;
    let body = call.body()?;
    call.charge(w)?;
    write_option(w, &component, &authorizer, &body)?;
    Ok(ok())
}
