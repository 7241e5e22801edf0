//! The merchant's authorization page (`/authorize/{token}`) against the strict sandbox: WeChat's
//! page only opens from the console's host (reference B16), every press takes a fresh
//! pre_auth_code, and links that cannot be used say so kindly.

use console_core::authorization::{
    self, AccountTypes, LinkLifetime, LinkRequest, LinkState, LinkTarget,
};
use console_core::testing::eventually;
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use wechat_sandbox::{AccountSpec, AccountType};

use crate::helpers::{TestApp, client, press_link, press_link_as};

const IPHONE_WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";

async fn new_link(s: &TestApp, target: LinkTarget, single_use: bool) -> authorization::LinkView {
    s.link_on(s.platform(), target, single_use).await
}

/// The link once the `authorized` push marked a press of it.
#[allow(clippy::unwrap_used)]
async fn authorized_link(s: &TestApp, id: console_core::LinkId) -> authorization::LinkView {
    eventually("the authorized push to mark the press", || async {
        let v = authorization::link(&s.svc, s.tenant_id(), id)
            .await
            .unwrap();
        (!v.authorizations.is_empty()).then_some(v)
    })
    .await
}

#[allow(clippy::unwrap_used)]
async fn get_page(url: &str) -> (StatusCode, String) {
    let res = client().get(url).send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap())
}

/// Opens WeChat's page as a browser arriving from `referer` (or typed in, without one).
#[allow(clippy::unwrap_used)]
async fn open_wechat_page(url: &str, referer: Option<&str>) -> String {
    let mut req = client().get(url);
    if let Some(r) = referer {
        req = req.header(reqwest::header::REFERER, r);
    }
    req.send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn the_page_shows_the_request_and_each_press_takes_a_fresh_code() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let link = new_link(
        &s,
        LinkTarget::Type {
            accounts: AccountTypes::OfficialAccounts,
        },
        false,
    )
    .await;
    assert!(
        link.url.starts_with(&format!("{}/authorize/", s.base_url)),
        "{}",
        link.url
    );
    let (status, html) = get_page(&link.url).await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "Acme 平台",
        "消息管理",
        "用户管理",
        "公众号",
        r#"<form method="post">"#,
        "前往微信授权",
    ] {
        assert!(html.contains(expected), "{expected} missing: {html}");
    }
    // Opening the page takes no pre_auth_code (chat apps preview links); pressing does.
    assert_eq!(s.calls("api_create_preauthcode").await, 0);
    let first = press_link(&link.url).await;
    let second = press_link(&link.url).await;
    assert_ne!(first.pre_auth_code, second.pre_auth_code);
    assert_eq!(s.calls("api_create_preauthcode").await, 2);
    assert!(
        first.wechat_url.contains("/cgi-bin/componentloginpage?"),
        "{}",
        first.wechat_url
    );
    assert!(
        first.wechat_url.contains("auth_type=1"),
        "{}",
        first.wechat_url
    );
    // Nothing of the press in the redirect URI: only the `authorized` push marks a press.
    assert_eq!(
        first.redirect_uri,
        format!("{}/wechat/{}/authorized", s.base_url, s.component().appid)
    );
    // Inside WeChat on a phone, the H5 page.
    let h5 = press_link_as(&link.url, IPHONE_WECHAT).await;
    assert!(
        h5.wechat_url.contains("/safe/bindcomponent?"),
        "{}",
        h5.wechat_url
    );
    let v = authorization::link(&s.svc, s.tenant_id(), link.id)
        .await
        .unwrap();
    assert_eq!(v.clicks, 3);
}

#[tokio::test]
async fn wechat_refuses_its_page_unless_it_is_opened_from_the_console() {
    let s = TestApp::builder().sandbox().platform().build().await;
    s.sandbox().create_account(AccountSpec::default());
    let link = new_link(&s, LinkTarget::Any, false).await;
    let pressed = press_link(&link.url).await;
    // Typed in or pasted (no Referer): WeChat's own refusal.
    let html = open_wechat_page(&pressed.wechat_url, None).await;
    assert!(html.contains("授权入口页所在域名：空"), "{html}");
    // From another site: refused too.
    let html = open_wechat_page(&pressed.wechat_url, Some("https://evil.example.com/x")).await;
    assert!(html.contains("wx-error"), "{html}");
    // From the console's link page, as a browser sends it after the 303: the accounts to pick.
    let html = open_wechat_page(&pressed.wechat_url, Some(&link.url)).await;
    assert!(!html.contains("wx-error"), "{html}");
    assert!(html.contains(r#"name="appid""#), "{html}");
}

#[tokio::test]
async fn a_link_outlives_the_ten_minutes_of_a_pre_auth_code() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let account = s.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::OfficialAccount),
        nickname: Some("二十分钟后".into()),
        ..Default::default()
    });
    let link = new_link(&s, LinkTarget::Any, false).await;
    let stale = press_link(&link.url).await;
    s.control(Method::POST, "clock", json!({"advance_secs": 20 * 60}))
        .await;
    // The code from the first press is dead at WeChat ...
    let html = open_wechat_page(&stale.wechat_url, Some(&link.url)).await;
    assert!(html.contains("wx-error"), "{html}");
    // ... but the link still works: a new press takes a new code.
    let fresh = press_link(&link.url).await;
    let confirmed = s
        .control(
            Method::POST,
            "authorizations/confirm",
            json!({"pre_auth_code": fresh.pre_auth_code, "appid": account.appid, "func_ids": [1, 2], "redirect_uri": fresh.redirect_uri}),
        )
        .await;
    let redirect = confirmed["redirect_url"].as_str().unwrap();
    let (status, html) = get_page(redirect).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("授权成功") && html.contains("二十分钟后"),
        "{html}"
    );
    let v = authorized_link(&s, link.id).await;
    assert_eq!(v.state, LinkState::Active, "a multi-use link stays active");
    assert_eq!(v.authorizations.len(), 1);
    assert_eq!(v.authorizations[0].appid, account.appid);
    assert!(v.authorizations[0].not_granted.is_empty());
}

#[tokio::test]
async fn sets_the_merchant_did_not_grant_are_named_on_the_link() {
    // WeChat grants what the administrator ticked; an exclusive set another platform holds
    // cannot be ticked at all (reference B20). Staff see which asked-for sets are missing.
    let s = TestApp::builder().sandbox().platform().build().await;
    let account = s.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::OfficialAccount),
        nickname: Some("少给一个权限".into()),
        ..Default::default()
    });
    let link = new_link(&s, LinkTarget::Any, false).await;
    let pressed = press_link(&link.url).await;
    let confirmed = s
        .control(
            Method::POST,
            "authorizations/confirm",
            json!({"pre_auth_code": pressed.pre_auth_code, "appid": account.appid, "func_ids": [1], "redirect_uri": pressed.redirect_uri}),
        )
        .await;
    let (status, _) = get_page(confirmed["redirect_url"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let v = authorized_link(&s, link.id).await;
    assert_eq!(v.authorizations[0].not_granted, vec![2]);
}

#[tokio::test]
async fn the_authorized_event_marks_the_attempt_when_the_merchant_never_comes_back() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let account = s.sandbox().create_account(AccountSpec {
        nickname: Some("没有回来".into()),
        ..Default::default()
    });
    let link = new_link(&s, LinkTarget::Any, true).await;
    let pressed = press_link(&link.url).await;
    // The merchant confirms but closes the tab before the redirect: only the push tells.
    s.control(
        Method::POST,
        "authorizations/confirm",
        json!({"pre_auth_code": pressed.pre_auth_code, "appid": account.appid, "func_ids": [1], "redirect_uri": pressed.redirect_uri}),
    )
    .await;
    let state = eventually("the authorized event to mark the attempt", || async {
        let v = authorization::link(&s.svc, s.tenant_id(), link.id)
            .await
            .unwrap();
        (!v.authorizations.is_empty()).then_some(v.state)
    })
    .await;
    assert_eq!(state, LinkState::UsedUp, "single use: used up");
    let (status, html) = get_page(&link.url).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("授权链接已使用"), "{html}");
}

#[tokio::test]
async fn links_that_cannot_be_used_get_a_friendly_page_and_take_no_code() {
    let s = TestApp::builder().sandbox().platform().build().await;
    // Revoked.
    let revoked = new_link(&s, LinkTarget::Any, false).await;
    authorization::revoke_link(&s.svc, s.tenant_id(), revoked.id, None)
        .await
        .unwrap();
    let (status, html) = get_page(&revoked.url).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        html.contains("授权链接已失效") && html.contains("withdrew"),
        "{html}"
    );
    let res = client().post(&revoked.url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::GONE, "pressing a revoked link");
    // Expired.
    let expired = new_link(&s, LinkTarget::Any, false).await;
    use console_core::authorization::entity::auth_link;
    auth_link::Entity::update_many()
        .col_expr(
            auth_link::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(0i64),
        )
        .filter(auth_link::Column::Id.eq(expired.id))
        .exec(s.svc.db.conn())
        .await
        .unwrap();
    let (status, html) = get_page(&expired.url).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("授权链接已过期"), "{html}");
    // Unknown and malformed tokens: not found, without touching WeChat.
    for path in [
        "/authorize/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/authorize/short",
        "/authorize/%2e%2e%2fetc",
    ] {
        let (status, html) = get_page(&format!("{}{path}", s.base_url)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("授权链接无效"), "{path}: {html}");
    }
    assert_eq!(s.calls("api_create_preauthcode").await, 0);
}

#[tokio::test]
async fn presses_are_limited_per_link_and_hour() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let link = new_link(&s, LinkTarget::Any, false).await;
    for _ in 0..authorization::MAX_ATTEMPTS_PER_HOUR {
        press_link(&link.url).await;
    }
    let res = client().post(&link.url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.text().await.unwrap().contains("尝试次数过多"));
}

#[tokio::test]
async fn a_platform_that_cannot_get_codes_is_told_before_a_link_goes_out() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let current = console_core::tokens::component_token(&s.svc, s.component().id)
        .await
        .unwrap()
        .version;
    // WeChat refuses the platform's credentials from now on (a wrong secret, say): every call,
    // so that the server's own token scheduler cannot use the fault up first.
    s.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_component_token", "kind": "errcode", "value": 40125, "rate": 1.0}),
    )
    .await;
    console_core::tokens::expire_if_current(
        &s.svc,
        &console_core::tokens::TokenKey::component(s.component().id),
        current,
    )
    .await
    .unwrap();
    let err = authorization::create_link(
        &s.svc,
        s.tenant_id(),
        None,
        &LinkRequest {
            component_id: s.component().id,
            target: LinkTarget::Any,
            category_ids: vec![],
            lifetime: LinkLifetime::default(),
            single_use: false,
        },
    )
    .await
    .unwrap_err();
    let m = err.message().unwrap();
    assert!(m.zh.contains("无法向微信申请预授权码"), "{m:?}");
}

/// Issue 11, finding 9: a press is bound to the code its pre_auth_code produced. Someone who
/// authorized their own account holds a valid code; they press another (single-use) link's
/// button, read the redirect URI from WeChat's address, never authorize there, and come back to
/// that URI with their own code. The other link must stay unused.
#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn a_code_cannot_mark_another_links_press_in(s: TestApp) {
    let attacker = s.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::OfficialAccount),
        nickname: Some("别人的链接".into()),
        ..Default::default()
    });
    let own = new_link(&s, LinkTarget::Any, false).await;
    let pressed = press_link(&own.url).await;
    let confirmed = s
        .control(
            Method::POST,
            "authorizations/confirm",
            json!({"pre_auth_code": pressed.pre_auth_code, "appid": attacker.appid, "redirect_uri": pressed.redirect_uri}),
        )
        .await;
    let own_redirect = url::Url::parse(confirmed["redirect_url"].as_str().unwrap()).unwrap();
    let code = own_redirect
        .query_pairs()
        .find(|(k, _)| k == "auth_code")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let (status, _) = get_page(own_redirect.as_str()).await;
    assert_eq!(status, StatusCode::OK);
    authorized_link(&s, own.id).await;

    let victim = new_link(&s, LinkTarget::Any, true).await;
    let their_press = press_link(&victim.url).await;
    let mut forged = url::Url::parse(&their_press.redirect_uri).unwrap();
    forged.query_pairs_mut().append_pair("auth_code", &code);
    let (status, html) = get_page(forged.as_str()).await;
    // The code is the attacker's own: their own account's page, nothing about the other link.
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("别人的链接"), "{html}");

    // Every push has been handled (the attacker's own press is marked); the other link is
    // untouched and its page still works.
    let v = authorization::link(&s.svc, s.tenant_id(), victim.id)
        .await
        .unwrap();
    assert!(v.authorizations.is_empty(), "{:?}", v.authorizations);
    assert_eq!(v.state, LinkState::Active);
    let (status, html) = get_page(&victim.url).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let own_view = authorization::link(&s.svc, s.tenant_id(), own.id)
        .await
        .unwrap();
    assert_eq!(own_view.authorizations.len(), 1);
    assert_eq!(own_view.authorizations[0].appid, attacker.appid);
}

#[tokio::test]
async fn a_code_cannot_mark_another_links_press() {
    a_code_cannot_mark_another_links_press_in(
        TestApp::builder().sandbox().platform().build().await,
    )
    .await;
}

#[tokio::test]
async fn a_code_cannot_mark_another_links_press_on_postgres() {
    let Some(s) = TestApp::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    else {
        return;
    };
    a_code_cannot_mark_another_links_press_in(s).await;
}
