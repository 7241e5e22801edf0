//! Web OAuth on behalf of an official account through the console's public routes, against the
//! strict sandbox (reference B17, B25): the tenant's page starts it, WeChat's page (in WeChat's
//! browser) sends the user to the console's callback, and the user comes back to the
//! allow-listed page with a one-time ticket its server redeems.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use console_core::testing::TestWorld;
use console_core::web_oauth::{self, ReturnOrigins};
use reqwest::StatusCode;
use url::Url;
use wechat_sandbox::{AccountSpec, AccountType};

use crate::helpers::{TestApp, client};

const IPHONE_WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
const SHOP: &str = "https://shop.example.com";

pub(crate) fn query(url: &str) -> HashMap<String, String> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// A GET from WeChat's browser on a phone.
async fn in_wechat(url: &str) -> reqwest::Response {
    client()
        .get(url)
        .header(reqwest::header::USER_AGENT, IPHONE_WECHAT)
        .send()
        .await
        .unwrap()
}

/// The app's platform allows [`SHOP`]; a new official account (`service_type`) authorized it
/// with sets 1 and 4. Returns its appid.
pub(crate) async fn account(s: &TestApp, service_type: i64) -> String {
    web_oauth::set_return_origins(
        &s.svc,
        s.tenant_id(),
        s.component().id,
        &ReturnOrigins::parse(SHOP).unwrap(),
    )
    .await
    .unwrap();
    let appid = s
        .sandbox()
        .create_account(AccountSpec {
            account_type: Some(AccountType::OfficialAccount),
            nickname: Some("网页授权服务号".into()),
            service_type: Some(service_type),
            ..Default::default()
        })
        .appid;
    TestWorld::authorize(s, &appid, &[1, 4]).await;
    appid
}

fn start_url(s: &TestApp, appid: &str, scope: &str, return_to: &str) -> String {
    let mut u = Url::parse(&format!(
        "{}/oauth/{}/{appid}/start",
        s.base_url,
        s.component().appid
    ))
    .unwrap();
    u.query_pairs_mut()
        .append_pair("scope", scope)
        .append_pair("return_to", return_to)
        .append_pair("state", "page-42");
    u.to_string()
}

/// One user's trip: the tenant's page sends them to the console, WeChat's page (strict: WeChat's
/// browser, the redirect on the 公众号开发域名, a verified service account) gets their consent,
/// and the console's callback sends them back. Returns (WeChat's redirect to the callback, the
/// return address, the openid).
pub(crate) async fn trip(s: &TestApp, appid: &str, scope: &str) -> (String, String, String) {
    let r = in_wechat(&start_url(s, appid, scope, &format!("{SHOP}/login"))).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let wechat = location(&r);
    assert!(wechat.starts_with(s.sandbox_url()), "{wechat}");
    assert_eq!(
        query(&wechat)["redirect_uri"],
        format!("{}/oauth/callback", s.base_url)
    );
    let page = in_wechat(&wechat).await.text().await.unwrap();
    let openid = page
        .split("name=\"openid\" value=\"")
        .nth(1)
        .unwrap_or_else(|| panic!("WeChat's page: {page}"))
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = client()
        .post(wechat.trim_end_matches("#wechat_redirect"))
        .header(reqwest::header::USER_AGENT, IPHONE_WECHAT)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(format!("openid={openid}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    let callback = location(&r);
    assert!(callback.starts_with(&format!("{}/oauth/callback?", s.base_url)));
    let r = in_wechat(&callback).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    (callback, location(&r), openid)
}

#[tokio::test]
async fn a_tenant_page_gets_the_user_back_with_a_ticket_for_the_openid() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let appid = account(&s, 2).await;
    let (callback, back, openid) = trip(&s, &appid, "snsapi_userinfo").await;
    assert!(back.starts_with(&format!("{SHOP}/login?")), "{back}");
    let q = query(&back);
    assert_eq!(q["state"], "page-42", "the page's own state comes back");
    assert!(
        !back.contains(&openid),
        "the browser never carries the openid"
    );

    // The tenant's server redeems the ticket, once.
    let result = web_oauth::oauth_result(&s.svc, s.tenant_id(), &q["wxopen_result"])
        .await
        .unwrap();
    assert_eq!(
        (result.openid.as_str(), result.authorizer_appid.as_str()),
        (openid.as_str(), appid.as_str())
    );
    assert!(result.user.is_some());
    assert!(
        web_oauth::oauth_result(&s.svc, s.tenant_id(), &q["wxopen_result"])
            .await
            .is_err()
    );

    // WeChat's redirect replayed: a bilingual page, no second redirect.
    let r = in_wechat(&callback).await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert!(r.headers().get(reqwest::header::LOCATION).is_none());
    let html = r.text().await.unwrap();
    assert!(
        html.contains("授权请求已使用") && html.contains("already used"),
        "{html}"
    );
}

#[tokio::test]
async fn return_addresses_off_the_allow_list_and_forged_states_get_a_page_not_a_redirect() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let appid = account(&s, 2).await;
    for return_to in [
        "https://evil.example.com/steal",
        "https://shop.example.com.evil.example.com/",
        "http://shop.example.com/login",
        "javascript:alert(1)",
    ] {
        let r = in_wechat(&start_url(&s, &appid, "snsapi_base", return_to)).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{return_to}");
        assert!(r.headers().get(reqwest::header::LOCATION).is_none());
        let html = r.text().await.unwrap();
        assert!(html.contains("返回地址不在") && html.contains("allowed web OAuth return origins"));
    }
    let r = in_wechat(&start_url(&s, &appid, "snsapi_login", &format!("{SHOP}/"))).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = in_wechat(&format!(
        "{}/oauth/callback?code=061abc&state={}&appid={appid}",
        s.base_url,
        "A".repeat(43)
    ))
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.headers().get(reqwest::header::LOCATION).is_none());
    // Nothing reached WeChat's token endpoint for a forged state.
    assert_eq!(s.calls("oauth2/component/access_token").await, 0);
}

#[tokio::test]
async fn a_subscription_account_is_refused_with_wechats_10005() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let appid = account(&s, 0).await;
    let r = in_wechat(&start_url(&s, &appid, "snsapi_base", &format!("{SHOP}/"))).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get(reqwest::header::LOCATION).is_none());
    let html = r.text().await.unwrap();
    assert!(html.contains("10005") && html.contains("订阅号"), "{html}");

    // WeChat itself refuses the same account (the console's check mirrors it).
    let wechat = wxopen::api::oauth_authorize_url(
        &wxopen::api::Endpoints::all_at(Url::parse(s.sandbox_url()).unwrap()),
        &wxopen::AppId::parse(&appid).unwrap(),
        &format!("{}/oauth/callback", s.base_url),
        wxopen::api::OAuthScope::Base,
        "x",
        &wxopen::AppId::parse(&s.component().appid).unwrap(),
    );
    assert!(
        in_wechat(&wechat)
            .await
            .text()
            .await
            .unwrap()
            .contains("10005")
    );
}
