//! Registration pages: the `authorize_url` of a fast-registration task (the legal person or user
//! confirms or rejects), and `cgi-bin/fastregisterauth` (an official account's administrator
//! lets the platform register a mini program with the account's qualification).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use super::html::{Form, error_page, esc, notice_page, page};
use super::{found, referer};
use crate::Sandbox;
use crate::model::AccountType;
use crate::state::{
    PushRecord, RegError, Registration, check_entry, check_redirect, redirect_with,
};

const TASK_TITLE: &str = "小程序注册授权";
const REUSE_TITLE: &str = "复用公众号资质快速注册小程序 - 授权";

/// Confirms or rejects a task (page and control API alike); the notifications are sent and
/// answered before this returns.
pub(crate) async fn decide(
    sb: &Sandbox,
    id: &str,
    accept: bool,
) -> Result<(Registration, Vec<PushRecord>), RegError> {
    let (reg, jobs) = {
        let mut world = sb.world();
        if accept {
            world.confirm_task(id, sb.now_ms())?
        } else {
            world.reject_task(id, sb.now_ms())?
        }
    };
    let records = sb.send_pushes(jobs).await;
    Ok((reg, records))
}

/// `GET /cgi-bin/fastregister/authorize?id=…`.
pub(crate) async fn task_page(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
) -> Html<String> {
    let id = q.get("id").cloned().unwrap_or_default();
    sb.world().expire_tasks(sb.now_ms());
    let Some(reg) = sb.world().registrations.get(&id).cloned() else {
        return error_page(TASK_TITLE, "任务不存在", "No such registration task.");
    };
    if reg.outcome != crate::state::RegOutcome::Pending {
        let e = RegError::NotPending(reg.outcome);
        return error_page(TASK_TITLE, e.zh(), &e.to_string());
    }
    let row = |k: &str, v: &Option<String>| {
        v.as_ref()
            .map(|v| format!("<dt>{k}</dt><dd>{}</dd>", esc(v)))
            .unwrap_or_default()
    };
    let component = sb
        .world()
        .components
        .get(&reg.component_appid)
        .map(|c| c.info.name.clone())
        .unwrap_or_default();
    let body = format!(
        "<h1>{kind}</h1><p class=\"en\">Confirm as the legal person or user: the platform {component} asks to act for you.</p>\
<dl><dt>第三方平台</dt><dd>{component}</dd>{name}{code}{wxuser}{phone}{beta}<dt>有效期至</dt><dd>{expires}</dd></dl>\
<form method=\"post\" action=\"\"><div class=\"actions\">\
<button type=\"submit\" id=\"confirm\" class=\"primary\" name=\"action\" value=\"confirm\">同意并继续</button>\
<button type=\"submit\" id=\"reject\" name=\"action\" value=\"reject\">拒绝</button></div></form>",
        kind = reg.kind.zh(),
        component = esc(&component),
        name = row("名称", &reg.name),
        code = row("统一社会信用代码", &reg.code),
        wxuser = row("微信号", &reg.wxuser),
        phone = row("联系电话", &reg.component_phone),
        beta = row("试用小程序", &reg.beta_appid),
        expires = reg.expires_at,
    );
    page(TASK_TITLE, true, &body)
}

/// `POST /cgi-bin/fastregister/authorize?id=…`.
pub(crate) async fn task_submit(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Html<String> {
    let id = q.get("id").cloned().unwrap_or_default();
    let accept = Form::parse(&body).get("action") == Some("confirm");
    match decide(&sb, &id, accept).await {
        Ok((reg, _)) if accept => notice_page(
            TASK_TITLE,
            &format!(
                "已同意，小程序 {} 创建成功",
                reg.created_appid.or(reg.beta_appid).unwrap_or_default()
            ),
            "Confirmed: the platform has been notified.",
        ),
        Ok(_) => notice_page(
            TASK_TITLE,
            "已拒绝",
            "Rejected: the platform has been notified.",
        ),
        Err(e) => error_page(TASK_TITLE, e.zh(), &e.to_string()),
    }
}

/// What a fastregisterauth link asks for.
struct ReuseLink {
    oa: String,
    component: String,
    copy_wx_verify: bool,
    redirect: String,
    /// The redirect_uri is on the component's `auth_domain`; when it is not, the page still
    /// redirects, and `account/fastregister` answers 61060 (reference B17).
    redirect_ok: bool,
}

/// Why a fastregisterauth link is refused. Opened as a link (`referer` given), it must come from
/// the component's 授权发起页域名, like the authorization page (reference B16).
fn check_reuse(
    sb: &Sandbox,
    q: &HashMap<String, String>,
    referer: Option<Option<&str>>,
) -> Result<ReuseLink, (String, String)> {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let (oa, component, redirect) = (get("appid"), get("component_appid"), get("redirect_uri"));
    let refuse = |zh: &str, en: &str| Err((zh.to_owned(), en.to_owned()));
    let world = sb.world();
    let Some(auth_domain) = world
        .components
        .get(&component)
        .map(|c| c.info.auth_domain.clone())
    else {
        return refuse("第三方平台不存在", "unknown component_appid");
    };
    if let Some(referer) = referer
        && let Err(e) = check_entry(&auth_domain, referer)
    {
        return Err((e.zh(), e.en()));
    }
    match world.accounts.get(&oa) {
        Some(a) if a.account_type == AccountType::OfficialAccount => {}
        _ => return refuse("公众号不存在", "appid is not an official account"),
    }
    let granted = world
        .authorization(&component, &oa)
        .is_ok_and(|a| a.func_ids.contains(&27));
    if !granted {
        return refuse(
            "公众号未向该第三方平台授权「快速注册小程序」权限集（27）",
            "the official account has not granted permission set 27 to this platform",
        );
    }
    if redirect_with(&redirect, &[]).is_none() {
        return refuse(
            "回调地址 redirect_uri 无效",
            "redirect_uri is missing or invalid",
        );
    }
    Ok(ReuseLink {
        redirect_ok: check_redirect(&auth_domain, &redirect).is_ok(),
        oa,
        component,
        copy_wx_verify: get("copy_wx_verify") == "1",
        redirect,
    })
}

/// `GET /cgi-bin/fastregisterauth`.
pub(crate) async fn reuse_page(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Html<String> {
    let link = match check_reuse(&sb, &q, Some(referer(&headers))) {
        Ok(v) => v,
        Err((zh, en)) => return error_page(REUSE_TITLE, &zh, &en),
    };
    let (oa, component, copy) = (link.oa, link.component, link.copy_wx_verify);
    let world = sb.world();
    let nickname = world
        .accounts
        .get(&oa)
        .map(|a| a.nickname.clone())
        .unwrap_or_default();
    let name = world
        .components
        .get(&component)
        .map(|c| c.info.name.clone())
        .unwrap_or_default();
    let body = format!(
        "<h1>授权「{name}」复用公众号「{nickname}」的资质快速注册小程序</h1>\
<p class=\"en\">The official account's administrator lets the platform register a mini program with its qualification{copy_en}.</p>\
<form method=\"post\" action=\"\"><div class=\"actions\">\
<button type=\"submit\" id=\"confirm\" class=\"primary\" name=\"action\" value=\"confirm\">确认授权</button>\
<button type=\"submit\" id=\"reject\" name=\"action\" value=\"reject\">取消</button></div></form>",
        name = esc(&name),
        nickname = esc(&nickname),
        copy_en = if copy {
            " and its WeChat verification"
        } else {
            ""
        },
    );
    page(REUSE_TITLE, false, &body)
}

/// `POST /cgi-bin/fastregisterauth`: redirects with `ticket` (the page's own form: no Referer
/// check).
pub(crate) async fn reuse_submit(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let link = match check_reuse(&sb, &q, None) {
        Ok(v) => v,
        Err((zh, en)) => return error_page(REUSE_TITLE, &zh, &en).into_response(),
    };
    if Form::parse(&body).get("action") != Some("confirm") {
        return notice_page(REUSE_TITLE, "已取消", "Cancelled; no ticket was issued.")
            .into_response();
    }
    let ticket = sb.world().create_reuse_ticket(
        &link.component,
        &link.oa,
        link.copy_wx_verify,
        link.redirect_ok,
        sb.now_ms(),
    );
    match redirect_with(&link.redirect, &[("ticket", &ticket)]) {
        Some(url) => found(&url),
        None => error_page(REUSE_TITLE, "回调地址无效", "redirect_uri is invalid").into_response(),
    }
}
