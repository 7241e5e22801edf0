//! Domains (reference B16, B17, B25): the authorization pages need a Referer and a redirect_uri
//! on the 授权发起页域名, the H5 page and web OAuth need WeChat's browser, web OAuth redirects
//! only to the 公众号开发域名 and only for verified service accounts.

use serde_json::json;
use wxopen::Secret;
use wxopen::api::{OAuthScope, oauth_authorize_url};
use wxopen::links::{AuthLink, AuthTarget};

use crate::common::{CONSOLE_PAGE, Comp, Harness, WECHAT_UA, errcode};

const DOMAIN_TEXT: &str = "请确认授权入口页所在域名，与授权后回调页所在域名相同，并且，此两者都必须与申请第三方平台时填写的授权发起页域名相同。";

fn radios(html: &str) -> usize {
    html.matches("type=\"radio\" name=\"appid\"").count()
}

/// The text of the `[data-testid=wx-error]` element.
fn wx_error(html: &str) -> String {
    html.split("data-testid=\"wx-error\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once('<'))
        .map(|(text, _)| text.to_owned())
        .unwrap_or_else(|| panic!("no wx-error element in {html}"))
}

#[allow(clippy::unwrap_used)]
async fn pre_auth(h: &mut Harness, c: &Comp) -> Secret {
    let cat = h.cat(c).await;
    h.client
        .create_pre_auth_code(&cat, &c.appid)
        .await
        .unwrap()
        .pre_auth_code
}

#[tokio::test]
async fn authorization_pages_need_a_referer_on_the_auth_domain() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let pre = pre_auth(&mut h, &c).await;
    let url = h
        .link(&c, pre.clone(), AuthTarget::Any, vec![])
        .pc_url(&h.endpoints());

    // A link pasted into the browser: no Referer (chunbo007/wechat-mp #18).
    let r = h.http.get(&url).send().await.unwrap();
    assert_eq!(
        r.status().as_u16(),
        200,
        "WeChat's error pages are HTTP 200"
    );
    let html = r.text().await.unwrap();
    assert_eq!(
        wx_error(&html),
        format!("{DOMAIN_TEXT}授权入口页所在域名：空")
    );
    assert!(html.contains("auth_domain console.example.com"), "{html}");
    // From another site: its host is named.
    let html = h
        .page_as(&url, Some("https://evil.example.com/steal?x=1"), None)
        .await;
    assert_eq!(
        wx_error(&html),
        format!("{DOMAIN_TEXT}授权入口页所在域名：evil.example.com")
    );
    // The Referer is checked before anything about the pre_auth_code.
    let unknown = h
        .link(
            &c,
            Secret::new("preauthcode@@@nope"),
            AuthTarget::Any,
            vec![],
        )
        .pc_url(&h.endpoints());
    assert!(
        h.page_as(&unknown, None, None)
            .await
            .contains("授权入口页所在域名：空")
    );
    // Hosts compare case-insensitively, default ports normalised; refusals used nothing up.
    let html = h
        .page_as(
            &url,
            Some("https://CONSOLE.example.com:443/platforms/1"),
            None,
        )
        .await;
    assert_eq!(radios(&html), 1, "{html}");
    assert!(html.contains(&format!("value=\"{oa}\"")));
    let html = h
        .page_as(&url, Some("https://console.example.com:8443/"), None)
        .await;
    assert!(wx_error(&html).ends_with("授权入口页所在域名：console.example.com"));

    // The callback must be on the domain too.
    let off = AuthLink {
        redirect_uri: "https://other.example.com/cb".into(),
        ..h.link(&c, pre.clone(), AuthTarget::Any, vec![])
    }
    .pc_url(&h.endpoints());
    assert_eq!(
        wx_error(&h.page(&off).await),
        format!("{DOMAIN_TEXT}授权后回调页所在域名：other.example.com")
    );
    // The page's own form is not Referer-checked, but re-checks the redirect_uri.
    let form = format!(
        "pre_auth_code={}&appid={oa}&func=1&action=confirm",
        url::form_urlencoded::byte_serialize(pre.expose().as_bytes()).collect::<String>()
    );
    let refused = h
        .http
        .post(&off)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.clone())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wx_error(&refused).ends_with("授权后回调页所在域名：other.example.com"));
    let r = h
        .http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 302, "no Referer needed on the form");
}

#[tokio::test]
async fn the_h5_page_needs_wechat_and_the_referer() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let mp = h.account(json!({"type": "mini_program"})).await;
    let pre = pre_auth(&mut h, &c).await;
    let url = h
        .link(&c, pre, AuthTarget::Any, vec![])
        .h5_url(&h.endpoints());
    let html = h.page_as(&url, Some(CONSOLE_PAGE), None).await;
    assert_eq!(wx_error(&html), "请在微信客户端打开链接");
    assert!(html.contains("Open this link in the WeChat client"));
    let html = h
        .page_as(
            &url,
            Some(CONSOLE_PAGE),
            Some("Mozilla/5.0 (iPhone) Safari/604.1"),
        )
        .await;
    assert_eq!(wx_error(&html), "请在微信客户端打开链接");
    let html = h.page_as(&url, None, Some(WECHAT_UA)).await;
    assert!(wx_error(&html).ends_with("授权入口页所在域名：空"));
    let html = h.page(&url).await;
    assert!(html.contains(&format!("value=\"{mp}\"")), "{html}");
    // The older path behaves the same.
    let old = url.replace("/wxaopen/safe/bindcomponent", "/safe/bindcomponent");
    assert_eq!(
        wx_error(&h.page_as(&old, Some(CONSOLE_PAGE), None).await),
        "请在微信客户端打开链接"
    );
}

#[tokio::test]
async fn the_control_api_confirm_checks_the_redirect_domain() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let pre = pre_auth(&mut h, &c).await;
    let (status, err) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": oa.as_str(), "redirect_uri": "https://evil.example.com/cb"}),
        )
        .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(
        err["error"],
        format!("{DOMAIN_TEXT}授权后回调页所在域名：evil.example.com")
    );
    assert!(err["error_en"].as_str().unwrap().contains("auth_domain"));

    // The redirect recorded when the page was opened counts too: the platform moved domains
    // since.
    let url = h
        .link(&c, pre.clone(), AuthTarget::Any, vec![])
        .pc_url(&h.endpoints());
    assert_eq!(radios(&h.page(&url).await), 1);
    let (status, _) = h
        .patch(
            &format!("/_sandbox/components/{}", c.appid),
            json!({"auth_domain": "new.example.com"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, err) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": oa.as_str()}),
        )
        .await;
    assert_eq!(status, 409);
    assert!(
        err["error"]
            .as_str()
            .unwrap()
            .ends_with("授权后回调页所在域名：console.example.com")
    );
    let (status, ok) = h
        .post(
            "/_sandbox/authorizations/confirm",
            json!({"pre_auth_code": pre.expose(), "appid": oa.as_str(), "redirect_uri": "https://NEW.example.com:443/cb"}),
        )
        .await;
    assert_eq!(status, 200, "{ok}");
}

#[tokio::test]
async fn domains_default_to_the_event_url_and_are_validated() {
    let h = Harness::start().await;
    let (status, c) = h
        .post(
            "/_sandbox/components",
            json!({"event_url": "https://WX.Console.example.com:443/wechat/events", "message_url": "https://wx.console.example.com/m/$APPID$"}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["auth_domain"], "wx.console.example.com");
    assert_eq!(c["oa_dev_domain"], "wx.console.example.com");
    assert_eq!(
        c["published"], false,
        "unpublished unless asked, as at WeChat"
    );
    assert_eq!(c["test_accounts"], json!([]));
    let (_, c) = h
        .post(
            "/_sandbox/components",
            json!({"event_url": "http://127.0.0.1:8080/e", "message_url": "http://127.0.0.1:8080/m", "oa_dev_domain": "OAuth.example.com"}),
        )
        .await;
    assert_eq!(c["auth_domain"], "127.0.0.1:8080");
    assert_eq!(c["oa_dev_domain"], "oauth.example.com");
    let appid = c["appid"].as_str().unwrap();
    for bad in [
        json!({"auth_domain": "https://console.example.com"}),
        json!({"oa_dev_domain": "console.example.com/cb"}),
        json!({"test_accounts": ["not-an-appid"]}),
    ] {
        let (status, err) = h.patch(&format!("/_sandbox/components/{appid}"), bad).await;
        assert_eq!(status, 400, "{err}");
    }
    let (status, err) = h
        .post(
            "/_sandbox/components",
            json!({"event_url": "http://x.example.com/e", "message_url": "http://x.example.com/m", "auth_domain": "x.example.com/path"}),
        )
        .await;
    assert_eq!(status, 400, "{err}");
    // A new event URL leaves the configured domain alone.
    let (_, patched) = h
        .patch(
            &format!("/_sandbox/components/{appid}"),
            json!({"event_url": "http://moved.example.com/e"}),
        )
        .await;
    assert_eq!(patched["auth_domain"], "127.0.0.1:8080");
}

#[tokio::test]
async fn web_oauth_needs_wechat_the_oa_dev_domain_and_a_verified_service_account() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let cat = h.cat(&c).await;
    let oa = h.account(json!({})).await;
    h.authorize(&c, &cat, &oa, Some(vec![1, 4])).await;
    let endpoints = h.endpoints();
    let url = |appid: &wxopen::AppId, redirect: &str| {
        oauth_authorize_url(
            &endpoints,
            appid,
            redirect,
            OAuthScope::Base,
            "st",
            &c.appid,
        )
    };
    let ok = url(&oa, "https://console.example.com/oauth");
    assert_eq!(
        wx_error(&h.page_as(&ok, None, Some("curl/8")).await),
        "请在微信客户端打开链接"
    );
    assert!(h.page(&ok).await.contains("name=\"openid\""));

    let off = url(&oa, "https://elsewhere.example.com/oauth");
    let html = h.page(&off).await;
    assert_eq!(
        wx_error(&html),
        "redirect_uri域名与后台配置不一致，错误码：10003"
    );
    assert!(html.contains("data-errcode=\"10003\""));
    // The form cannot get around it.
    let r = h.submit(&off, "openid=x").await;
    assert!(r.text().await.unwrap().contains("10003"));
    // The 公众号开发域名 is its own setting.
    h.patch(
        &format!("/_sandbox/components/{}", c.appid),
        json!({"oa_dev_domain": "elsewhere.example.com"}),
    )
    .await;
    assert!(h.page(&ok).await.contains("错误码：10003"));
    assert!(h.page(&off).await.contains("name=\"openid\""));

    // Only WeChat-verified service accounts have web OAuth.
    for spec in [
        json!({"service_type": 0}),
        json!({"service_type": 1}),
        json!({"service_type": 2, "verify_type": -1}),
        json!({"type": "mini_program"}),
    ] {
        let account = h.account(spec.clone()).await;
        h.authorize(&c, &cat, &account, None).await;
        let html = h
            .page(&url(&account, "https://elsewhere.example.com/oauth"))
            .await;
        assert_eq!(
            wx_error(&html),
            "此公众号并没有这些scope的权限，错误码：10005",
            "{spec}"
        );
    }

    // The code exchange needs set 4 (网页服务).
    let no_web = h.account(json!({})).await;
    h.authorize(&c, &cat, &no_web, Some(vec![1])).await;
    assert_eq!(
        errcode(
            h.client
                .oauth_access_token(&cat, &c.appid, &no_web, &Secret::new("x"))
                .await
        ),
        61007
    );
}
