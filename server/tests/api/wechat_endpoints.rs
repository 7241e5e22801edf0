//! WeChat's side of the console over HTTP: the push endpoint and the merchant's redirect page.

use console_core::platforms;
use console_core::testing::eventually;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wechat_sandbox::{AccountSpec, AccountType};

use crate::helpers::{TestApp, client};

#[tokio::test]
async fn pushes_are_answered_success_or_refused_with_4xx() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let events_url = format!("{}/wechat/{}/events", s.base_url, s.component().appid);
    // The sandbox's own pushes were answered `success`.
    let pushes = s.control(Method::GET, "pushes", Value::Null).await;
    let first = &pushes.as_array().unwrap()[0];
    assert_eq!(
        first["reply"]
            .as_str()
            .or(first["response"].as_str())
            .unwrap_or("success"),
        "success",
        "{first}"
    );

    let post = |url: String, body: Vec<u8>| async move {
        reqwest::Client::new()
            .post(url)
            .header("content-type", "text/xml")
            .body(body)
            .send()
            .await
            .unwrap()
    };
    let q = "?timestamp=1&nonce=n&encrypt_type=aes&msg_signature=0000000000000000000000000000000000000000";
    let body =
        b"<xml><AppId><![CDATA[x]]></AppId><Encrypt><![CDATA[AAAA]]></Encrypt></xml>".to_vec();
    let res = post(format!("{events_url}{q}"), body.clone()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.text().await.unwrap(), "bad_signature");
    let res = post(
        format!("{}/wechat/wx0000000000000000/events{q}", s.base_url),
        body,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = post(format!("{events_url}{q}"), vec![b'x'; 64 * 1024 + 1]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_redirect_page_tells_the_merchant_it_worked() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let redirect = s.authorize("鲜果时光").await;
    assert!(redirect.starts_with(&s.base_url));
    let res = reqwest::get(&redirect).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("授权成功"), "{html}");
    assert!(html.contains("鲜果时光"), "{html}");
    // Reloading the page (the code is now used) still shows the result, not an error.
    let again = reqwest::get(&redirect).await.unwrap().text().await.unwrap();
    assert!(again.contains("授权成功"));
    assert_eq!(
        s.calls("api_query_auth").await,
        1,
        "one exchange for the page, its reload and the authorized event"
    );
}

#[tokio::test]
async fn bad_and_expired_codes_get_a_friendly_page() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let base = format!("{}/wechat/{}/authorized", s.base_url, s.component().appid);
    let res = reqwest::get(format!(
        "{base}?auth_code=queryauthcode@@@nonsense&expires_in=600"
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(html.contains("授权未能完成"), "{html}");
    assert!(html.contains("61009") || html.contains("授权码"), "{html}");

    let res = reqwest::get(&base).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("缺少授权码"));

    let res = reqwest::get(format!(
        "{}/wechat/wx0000000000000000/authorized?auth_code=x",
        s.base_url
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // A code used after its 10 minutes: the console must not learn of it through the
    // `authorized` event first, so WeChat's pushes go nowhere for this one.
    s.control(
        Method::PATCH,
        &format!("components/{}", s.component().appid),
        json!({"event_url": "http://127.0.0.1:9/nowhere"}),
    )
    .await;
    let redirect = s.authorize("过期公众号").await;
    s.control(Method::POST, "clock", json!({"advance_secs": 601}))
        .await;
    let res = reqwest::get(&redirect).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(html.contains("授权未能完成"), "{html}");
    assert!(
        html.contains("61010"),
        "the page names WeChat's expired-code error: {html}"
    );
}

#[tokio::test]
async fn demo_mode_registers_its_platform_with_the_embedded_sandbox() {
    let app = TestApp::builder().demo().build().await;
    let tenant =
        console_core::accounts::find_tenant_by_name(&app.svc.db, console_server::demo::DEMO_TENANT)
            .await
            .unwrap()
            .unwrap();
    // The demo platform's first ticket arrives from the sandbox within seconds.
    let platform = eventually("the demo platform's first ticket", || async {
        let list = platforms::list(&app.svc, tenant.id).await.unwrap();
        list.into_iter().find(|p| p.ticket_received_at.is_some())
    })
    .await;
    assert_eq!(platform.name, console_server::demo::DEMO_PLATFORM);
    // The sandbox (demo mode runs its own) knows the same platform, with simulated accounts to
    // authorize.
    let components = app.control(Method::GET, "components", Value::Null).await;
    assert!(components.to_string().contains(&platform.appid));
    assert!(app.sandbox().seed_demo_accounts().len() >= 5);
    // The login page offers the demo account.
    let html = app.get("/login").await.text().await.unwrap();
    assert!(
        html.contains("wxopen-demo"),
        "demo credentials on the login page"
    );
}

#[tokio::test]
async fn a_second_authorization_marks_its_link_as_an_update() {
    use console_core::authorization;
    let s = TestApp::builder().sandbox().platform().build().await;
    let account = s.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::OfficialAccount),
        nickname: Some("二次授权".into()),
        ..Default::default()
    });
    let outcome_of = |link_id: console_core::LinkId| {
        let s = &s;
        async move {
            let what = format!("link {link_id} to be authorized");
            eventually(&what, || async {
                let link = authorization::link(&s.svc, s.tenant_id(), link_id)
                    .await
                    .unwrap();
                link.authorizations.first().map(|a| Some(a.outcome.clone()))
            })
            .await
        }
    };
    let (redirect, first) = s.authorize_account(&account.appid).await;
    assert!(reqwest::get(&redirect).await.unwrap().status().is_success());
    assert_eq!(outcome_of(first).await.as_deref(), Some("authorized"));
    let (redirect, second) = s.authorize_account(&account.appid).await;
    assert!(reqwest::get(&redirect).await.unwrap().status().is_success());
    assert_eq!(
        outcome_of(second).await.as_deref(),
        Some("updateauthorized")
    );
}

#[tokio::test]
async fn an_event_wechat_sends_again_is_stored_and_processed_once() {
    // WeChat re-sends a push whose answer it did not get, three times in all (reference B22):
    // here the console's first two answers are lost on the way back.
    let s = TestApp::builder().sandbox().platform().build().await;
    let account = s.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::OfficialAccount),
        nickname: Some("重发事件".into()),
        ..Default::default()
    });
    s.control(Method::POST, "pushes/lose_answers", json!({"count": 2}))
        .await;
    let (redirect, _) = s.authorize_account(&account.appid).await;
    let pushes = s.control(Method::GET, "pushes", Value::Null).await;
    let sent = pushes
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "authorized")
        .count();
    assert_eq!(sent, 3, "WeChat tried three times");
    // Finish in the browser, then wait for processing.
    assert!(reqwest::get(&redirect).await.unwrap().status().is_success());
    let rows = eventually("the authorized events to be processed", || async {
        let rows = console_core::events::list(
            &s.svc,
            s.tenant_id(),
            &console_core::events::EventFilter {
                info_types: vec!["authorized".into()],
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items;
        (!rows.is_empty()
            && rows
                .iter()
                .all(|e| e.status == console_core::EventStatus::Done))
        .then_some(rows)
    })
    .await;
    assert_eq!(rows.len(), 1, "stored once: {rows:#?}");
    assert_eq!(rows[0].status, console_core::EventStatus::Done);
    assert_eq!(s.calls("api_query_auth").await, 1, "exchanged once");
}

/// Issue 11, finding 8: the anonymous redirect page refuses what cannot be a WeChat code before
/// the database (no claim row, no WeChat call), and limits requests per client address.
#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn the_redirect_page_is_no_resource_sink_in(s: TestApp) {
    use console_core::authorization::entity::exchange;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let base = format!("{}/wechat/{}/authorized", s.base_url, s.component().appid);
    let long = "a".repeat(513);
    for bad in [
        "<script>alert(1)</script>",
        "queryauthcode@@@ space",
        "授权码",
        "code\u{0}",
        "'; DROP TABLE auth_code_exchanges; --",
        long.as_str(),
    ] {
        let mut url = url::Url::parse(&base).unwrap();
        url.query_pairs_mut().append_pair("auth_code", bad);
        let res = client().get(url.as_str()).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("授权码无效") && html.contains("malformed"),
            "{bad}: {html}"
        );
    }
    let claims = exchange::Entity::find()
        .count(s.svc.db.conn())
        .await
        .unwrap();
    assert_eq!(claims, 0, "no claim row for a malformed code");
    assert_eq!(s.calls("api_query_auth").await, 0, "and no WeChat call");

    // The sandbox's codes have WeChat's shape, and are accepted.
    let redirect = s.authorize("形状正确").await;
    let (status, html) = {
        let res = client().get(&redirect).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    };
    assert_eq!(status, StatusCode::OK, "{html}");

    // One address: 20 requests at once (the 7 above included), then it waits.
    let mut refused = None;
    for i in 0..20 {
        let res = client()
            .get(format!("{base}?auth_code=queryauthcode@@@guess{i}"))
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(res);
            break;
        }
    }
    let res = refused.expect("the address is limited");
    let retry: u64 = res.headers()[reqwest::header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=6).contains(&retry), "{retry}");
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!("请在 {retry} 秒后"))
            && html.contains(&format!("in {retry} seconds")),
        "{html}"
    );
}

#[tokio::test]
async fn the_redirect_page_is_no_resource_sink() {
    the_redirect_page_is_no_resource_sink_in(TestApp::builder().sandbox().platform().build().await)
        .await;
}

#[tokio::test]
async fn the_redirect_page_is_no_resource_sink_on_postgres() {
    let Some(s) = TestApp::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    else {
        return;
    };
    the_redirect_page_is_no_resource_sink_in(s).await;
}
