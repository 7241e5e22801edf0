//! `open.weixin.qq.com/connect/oauth2/authorize` on behalf of an official account: the simulated
//! user agrees, and is sent back with `code`, `state` and `appid`.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};

use super::found;
use super::html::{Form, error_page, esc, page};
use crate::Sandbox;
use crate::ids;
use crate::state::{OAuthCode, redirect_with};

const TITLE: &str = "微信授权登录";
/// Lifetime of a web OAuth code.
const CODE_TTL_MS: i64 = 300_000;

type Checked = (String, String, String, String, Vec<(String, String)>);

fn check(
    sb: &Sandbox,
    q: &HashMap<String, String>,
) -> Result<Checked, (&'static str, &'static str)> {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let (appid, component, redirect, scope) = (
        get("appid"),
        get("component_appid"),
        get("redirect_uri"),
        get("scope"),
    );
    if !matches!(scope.as_str(), "snsapi_base" | "snsapi_userinfo") {
        return Err((
            "scope 参数错误",
            "scope must be snsapi_base or snsapi_userinfo",
        ));
    }
    if redirect_with(&redirect, &[]).is_none() {
        return Err((
            "redirect_uri 参数错误",
            "redirect_uri is missing or invalid",
        ));
    }
    let world = sb.world();
    if world.authorization(&component, &appid).is_err() {
        return Err((
            "该公众号未授权给此第三方平台",
            "the account has not authorized this component",
        ));
    }
    let users = world
        .accounts
        .get(&appid)
        .map(|a| {
            a.users
                .iter()
                .map(|u| (u.openid.clone(), u.unionid.clone()))
                .collect()
        })
        .unwrap_or_default();
    Ok((appid, component, redirect, scope, users))
}

/// `GET /connect/oauth2/authorize`.
pub(crate) async fn oauth_page(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
) -> Html<String> {
    let (appid, _, _, scope, users) = match check(&sb, &q) {
        Ok(v) => v,
        Err((zh, en)) => return error_page(TITLE, zh, en),
    };
    let rows: String = users
        .iter()
        .enumerate()
        .map(|(i, (openid, _))| {
            format!(
                "<label><input type=\"radio\" name=\"openid\" value=\"{o}\"{c}> 模拟用户 {n} <span class=\"meta\">{o}</span></label>",
                o = esc(openid),
                c = if i == 0 { " checked" } else { "" },
                n = i + 1,
            )
        })
        .collect();
    page(
        TITLE,
        true,
        &format!(
            "<h1>授权登录 {appid}</h1><p class=\"en\">Web OAuth ({scope}): pick the simulated WeChat user.</p>\
<form method=\"post\" action=\"\"><fieldset><legend>微信用户 · User</legend>{rows}</fieldset>\
<div class=\"actions\"><button type=\"submit\" id=\"confirm\" class=\"primary\">允许</button></div></form>",
            appid = esc(&appid),
            scope = esc(&scope),
        ),
    )
}

/// `POST /connect/oauth2/authorize`: redirects with `code`, `state` and `appid`.
pub(crate) async fn oauth_submit(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let (appid, component, redirect, scope, users) = match check(&sb, &q) {
        Ok(v) => v,
        Err((zh, en)) => return error_page(TITLE, zh, en).into_response(),
    };
    let form = Form::parse(&body);
    let Some(openid) = form
        .get("openid")
        .filter(|o| users.iter().any(|(u, _)| u == o))
        .map(str::to_owned)
    else {
        return error_page(TITLE, "请选择用户", "Pick a user.").into_response();
    };
    let code = ids::oauth_code();
    sb.world().oauth_codes.insert(
        code.clone(),
        OAuthCode {
            component,
            appid: appid.clone(),
            openid,
            scope,
            expires_ms: sb.now_ms() + CODE_TTL_MS,
        },
    );
    let state = q.get("state").cloned().unwrap_or_default();
    match redirect_with(
        &redirect,
        &[("code", &code), ("state", &state), ("appid", &appid)],
    ) {
        Some(url) => found(&url),
        None => {
            error_page(TITLE, "redirect_uri 参数错误", "redirect_uri is invalid").into_response()
        }
    }
}
