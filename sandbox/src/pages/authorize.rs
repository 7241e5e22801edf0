//! The authorization pages: PC `cgi-bin/componentloginpage` and H5 `wxaopen/safe/bindcomponent`.
//! The simulated administrator picks an account and the permission sets to grant.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use wxopen::funcscope::{AccountKind, FuncScope};

use super::html::{Form, error_page, esc, notice_page, page};
use super::{in_wechat, referer};
use crate::Sandbox;
use crate::model::AccountType;
use crate::push;
use crate::state::{
    AUTH_CODE_TTL_SECS, AuthzError, Confirmed, LinkRestrictions, PushRecord, check_entry,
    check_redirect, redirect_with,
};

const TITLE: &str = "授权 - 微信公众平台";

/// The link restrictions in a page URL.
pub(crate) fn link_from(q: &HashMap<String, String>) -> LinkRestrictions {
    let get = |k: &str| q.get(k).filter(|v| !v.is_empty()).cloned();
    LinkRestrictions {
        redirect_uri: get("redirect_uri").unwrap_or_default(),
        auth_type: get("auth_type").and_then(|v| v.parse().ok()),
        biz_appid: get("biz_appid"),
        category_ids: get("category_id_list")
            .map(|l| {
                l.split(['|', ','])
                    .filter_map(|id| id.trim().parse().ok())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Confirms as the administrator (page and control API alike): the `authorized` or
/// `updateauthorized` push is sent and answered before this returns, then the redirect URL.
pub(crate) async fn confirm(
    sb: &Sandbox,
    code: &str,
    appid: &str,
    funcs: &[u32],
) -> Result<(Confirmed, String, PushRecord), AuthzError> {
    let confirmed = sb
        .world()
        .confirm_authorization(code, appid, funcs, sb.now_ms())?;
    let expires = AUTH_CODE_TTL_SECS.to_string();
    let redirect = redirect_with(
        &confirmed.redirect_uri,
        &[
            ("auth_code", confirmed.auth_code.as_str()),
            ("expires_in", expires.as_str()),
        ],
    )
    .unwrap_or_else(|| confirmed.redirect_uri.clone());
    let record = push::push_event(sb, confirmed.push.clone()).await;
    Ok((confirmed, redirect, record))
}

fn fail(e: &AuthzError) -> Html<String> {
    error_page(TITLE, &e.zh(), &e.en())
}

/// How the page was reached.
#[derive(Clone, Copy)]
enum Entry<'a> {
    /// The merchant opened the link: WeChat checks where it came from (reference B16).
    Link { referer: Option<&'a str> },
    /// The administrator submitted the page's own form (its Referer is this page).
    Form,
}

/// Checks the link and remembers its restrictions. The entry page and the callback must both be
/// on the component's 授权发起页域名, checked before anything about the pre_auth_code.
fn open_link(
    sb: &Sandbox,
    q: &HashMap<String, String>,
    entry: Entry<'_>,
) -> Result<(String, String, LinkRestrictions), AuthzError> {
    let component = q.get("component_appid").cloned().unwrap_or_default();
    let code = q.get("pre_auth_code").cloned().unwrap_or_default();
    let link = link_from(q);
    let mut world = sb.world();
    let auth_domain = world
        .components
        .get(&component)
        .map(|c| c.info.auth_domain.clone())
        .ok_or(AuthzError::UnknownComponent)?;
    if let Entry::Link { referer } = entry {
        check_entry(&auth_domain, referer)?;
    }
    if redirect_with(&link.redirect_uri, &[]).is_none() {
        return Err(AuthzError::MissingRedirect);
    }
    check_redirect(&auth_domain, &link.redirect_uri)?;
    world.live_pre_auth(&component, &code, sb.now_ms())?;
    world.record_link(&code, link.clone());
    Ok((component, code, link))
}

/// One permission-set checkbox. An exclusive set that every account on the page already granted
/// to another platform is disabled and unchecked; one that only some did names them, and the
/// page's script disables it when one of them is picked.
fn func_row(f: &FuncScope, held_by: &[&str], applicable: usize) -> String {
    let kind = match f.account {
        AccountKind::MiniProgram => "小程序",
        _ => "公众号",
    };
    let (attrs, note) = if !held_by.is_empty() && held_by.len() >= applicable {
        (
            " disabled".to_owned(),
            format!("<span class=\"held\"> · {HELD_ZH} · {HELD_EN}</span>"),
        )
    } else if !held_by.is_empty() {
        let list = esc(&held_by.join(","));
        (
            format!(" checked data-held-by=\"{list}\""),
            format!("<span class=\"held\"> · {list} {HELD_ZH} · {HELD_EN}</span>"),
        )
    } else {
        (" checked".to_owned(), String::new())
    };
    format!(
        "<label><input type=\"checkbox\" name=\"func\" value=\"{}\"{attrs}><span>{}<span class=\"meta\"> · {} · {}</span>{note}</span></label>",
        f.id,
        esc(f.zh),
        esc(f.en),
        kind,
    )
}

/// How the page says a set is held elsewhere (reference B20).
const HELD_ZH: &str = "已授权给其他第三方平台";
const HELD_EN: &str = "already granted to another platform";

/// Disables the sets the picked account granted to another platform.
const HELD_SCRIPT: &str = "<script>document.querySelectorAll('input[name=appid]').forEach(function(r){\
r.addEventListener('change',function(){document.querySelectorAll('input[name=func][data-held-by]').forEach(function(f){\
var held=f.getAttribute('data-held-by').split(',').indexOf(r.value)>=0;f.disabled=held;if(held){f.checked=false;}});});});</script>";

fn render(
    sb: &Sandbox,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
    mobile: bool,
) -> Html<String> {
    if mobile && !in_wechat(headers) {
        return fail(&AuthzError::NotInWeChat);
    }
    let entry = Entry::Link {
        referer: referer(headers),
    };
    let (component, code, link) = match open_link(sb, q, entry) {
        Ok(v) => v,
        Err(e) => return fail(&e),
    };
    let world = sb.world();
    let accounts = match world.selectable_accounts(&component, &link) {
        Ok(accounts) => accounts,
        Err(e) => return fail(&e),
    };
    let mut types: Vec<AccountType> = accounts.iter().map(|a| a.account_type).collect();
    types.dedup();
    let funcs = world.offered_funcs(&component, &link, &types);
    let component_name = world
        .components
        .get(&component)
        .map(|c| c.info.name.clone())
        .unwrap_or_default();
    let single = accounts.len() == 1;
    let account_rows: String = accounts
        .iter()
        .map(|a| {
            format!(
                "<label><input type=\"radio\" name=\"appid\" value=\"{appid}\" required{checked}>\
<img src=\"/_sandbox/avatars/{appid}.svg\" alt=\"\"><span><b>{nick}</b> · {kind}<br><span class=\"meta\">{principal} · {appid}</span></span></label>",
                appid = esc(&a.appid),
                checked = if single { " checked" } else { "" },
                nick = esc(&a.nickname),
                kind = a.account_type.zh(),
                principal = esc(&a.principal_name),
            )
        })
        .collect();
    let func_rows: String = funcs
        .iter()
        .filter_map(|id| wxopen::funcscope::by_id(*id))
        .map(|f| {
            let applicable: Vec<&str> = accounts
                .iter()
                .filter(|a| f.account.applies_to(a.account_type.kind()))
                .map(|a| a.appid.as_str())
                .collect();
            let held_by: Vec<&str> = applicable
                .iter()
                .copied()
                .filter(|a| world.exclusive_holder(a, f.id, &component).is_some())
                .collect();
            func_row(f, &held_by, applicable.len())
        })
        .collect();
    let body = format!(
        "<h1>授权给「{name}」</h1><p class=\"en\">Authorize the third-party platform {name_en} ({component})</p>\
<form method=\"post\" action=\"\"><input type=\"hidden\" name=\"pre_auth_code\" value=\"{code}\">\
<fieldset><legend>选择要授权的帐号 · Account</legend>{account_rows}</fieldset>\
<fieldset><legend>授权权限集 · Permission sets</legend>{func_rows}</fieldset>\
<div class=\"actions\"><button type=\"submit\" id=\"confirm\" class=\"primary\" name=\"action\" value=\"confirm\">确认授权</button>\
<button type=\"submit\" id=\"cancel\" name=\"action\" value=\"cancel\" formnovalidate>取消</button></div></form>{HELD_SCRIPT}",
        name = esc(&component_name),
        name_en = esc(&component_name),
        component = esc(&component),
        code = esc(&code),
    );
    page(TITLE, mobile, &body)
}

async fn submit(
    sb: &Sandbox,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
    mobile: bool,
    body: &[u8],
) -> Response {
    if mobile && !in_wechat(headers) {
        return fail(&AuthzError::NotInWeChat).into_response();
    }
    let form = Form::parse(body);
    if form.get("action") == Some("cancel") {
        return notice_page(
            TITLE,
            "已取消授权",
            "Authorization cancelled; nothing was granted.",
        )
        .into_response();
    }
    if let Err(e) = open_link(sb, q, Entry::Form) {
        return fail(&e).into_response();
    }
    let code = form
        .get("pre_auth_code")
        .or_else(|| q.get("pre_auth_code").map(String::as_str))
        .unwrap_or_default()
        .to_owned();
    let Some(appid) = form.get("appid") else {
        return error_page(
            TITLE,
            "请选择要授权的帐号",
            "Select the account to authorize.",
        )
        .into_response();
    };
    let funcs: Vec<u32> = form
        .all("func")
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    match confirm(sb, &code, appid, &funcs).await {
        Ok((_, redirect, _)) => super::found(&redirect),
        Err(e) => fail(&e).into_response(),
    }
}

/// `GET /cgi-bin/componentloginpage`.
pub(crate) async fn pc_page(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Html<String> {
    render(&sb, &q, &headers, false)
}

/// `POST /cgi-bin/componentloginpage`.
pub(crate) async fn pc_submit(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    submit(&sb, &q, &headers, false, &body).await
}

/// `GET /wxaopen/safe/bindcomponent` (and the older `/safe/bindcomponent`): inside WeChat only.
pub(crate) async fn h5_page(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Html<String> {
    render(&sb, &q, &headers, true)
}

/// `POST /wxaopen/safe/bindcomponent`.
pub(crate) async fn h5_submit(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    submit(&sb, &q, &headers, true, &body).await
}
