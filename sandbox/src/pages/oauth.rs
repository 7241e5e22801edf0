//! `open.weixin.qq.com/connect/oauth2/authorize` on behalf of an official account: the simulated
//! user agrees, and is sent back with `code`, `state` and `appid`.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use super::html::{Form, errcode_page, error_page, esc, page};
use super::{found, in_wechat};
use crate::Sandbox;
use crate::domain;
use crate::ids;
use crate::model::AccountType;
use crate::state::{NOT_IN_WECHAT_TEXT, OAuthCode, redirect_with};

const TITLE: &str = "微信授权登录";
/// Lifetime of a web OAuth code.
const CODE_TTL_MS: i64 = 300_000;

type Checked = (String, String, String, String, Vec<(String, String)>);

/// Why the page refuses: WeChat's error page, with its errcode when it has one.
struct Refused {
    errcode: Option<i64>,
    zh: String,
    en: String,
}

impl Refused {
    fn plain(zh: &str, en: &str) -> Refused {
        Refused {
            errcode: None,
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }

    fn page(&self) -> Html<String> {
        match self.errcode {
            Some(code) => errcode_page(TITLE, code, &self.zh, &self.en),
            None => error_page(TITLE, &self.zh, &self.en),
        }
    }
}

/// The page's checks: inside WeChat only; the account authorized to the component; the
/// redirect_uri on the component's 公众号开发域名 (10003); a WeChat-verified service account
/// (10005). Reference B17, B25.
fn check(
    sb: &Sandbox,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<Checked, Refused> {
    if !in_wechat(headers) {
        return Err(Refused::plain(
            NOT_IN_WECHAT_TEXT,
            "Open this link in the WeChat client",
        ));
    }
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let (appid, component, redirect, scope) = (
        get("appid"),
        get("component_appid"),
        get("redirect_uri"),
        get("scope"),
    );
    if !matches!(scope.as_str(), "snsapi_base" | "snsapi_userinfo") {
        return Err(Refused::plain(
            "scope 参数错误",
            "scope must be snsapi_base or snsapi_userinfo",
        ));
    }
    if redirect_with(&redirect, &[]).is_none() {
        return Err(Refused::plain(
            "redirect_uri 参数错误",
            "redirect_uri is missing or invalid",
        ));
    }
    let world = sb.world();
    if world.authorization(&component, &appid).is_err() {
        return Err(Refused::plain(
            "该公众号未授权给此第三方平台",
            "the account has not authorized this component",
        ));
    }
    let oa_dev_domain = world
        .components
        .get(&component)
        .map(|c| c.info.oa_dev_domain.clone())
        .unwrap_or_default();
    if !domain::url_on(&oa_dev_domain, &redirect) {
        return Err(Refused {
            errcode: Some(10003),
            zh: "redirect_uri域名与后台配置不一致".into(),
            en: format!(
                "the redirect_uri's domain {} is not the platform's oa_dev_domain {oa_dev_domain}",
                domain::host_of(&redirect)
            ),
        });
    }
    let account = world.accounts.get(&appid);
    let verified_service = account.is_some_and(|a| {
        a.account_type == AccountType::OfficialAccount && a.service_type == 2 && a.verify_type != -1
    });
    if !verified_service {
        return Err(Refused {
            errcode: Some(10005),
            zh: "此公众号并没有这些scope的权限".into(),
            en: "web OAuth needs a WeChat-verified service account".into(),
        });
    }
    let users = account
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
    headers: HeaderMap,
) -> Html<String> {
    let (appid, _, _, scope, users) = match check(&sb, &q, &headers) {
        Ok(v) => v,
        Err(refused) => return refused.page(),
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
<div class=\"actions\"><button type=\"submit\" id=\"confirm\" class=\"primary\">允许</button>{deny}</div></form>",
            deny = if scope == "snsapi_userinfo" {
                "<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">拒绝</button>"
            } else {
                ""
            },
            appid = esc(&appid),
            scope = esc(&scope),
        ),
    )
}

/// `POST /connect/oauth2/authorize`: redirects with `code`, `state` and `appid`.
pub(crate) async fn oauth_submit(
    State(sb): State<Sandbox>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (appid, component, redirect, scope, users) = match check(&sb, &q, &headers) {
        Ok(v) => v,
        Err(refused) => return refused.page().into_response(),
    };
    let form = Form::parse(&body);
    let state = q.get("state").cloned().unwrap_or_default();
    // The user refused the profile (snsapi_userinfo only; base is silent): WeChat sends the
    // browser back with `state` and no `code`.
    if scope == "snsapi_userinfo" && form.get("decision") == Some("deny") {
        return match redirect_with(&redirect, &[("state", &state)]) {
            Some(url) => found(&url),
            None => error_page(TITLE, "redirect_uri 参数错误", "redirect_uri is invalid")
                .into_response(),
        };
    }
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
