//! The message URL against the strict sandbox: WeChat's release test (全网发布) in every group of
//! test accounts, forwarding to the tenant's webhook with its reply coming back as the passive
//! reply, answers within WeChat's 5 seconds whatever the webhook does, and WeChat's retries.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use console_core::messages::{self, Delivery, JobStatus, MessageFilter};
use console_core::platforms::{self, WebhookUrl};
use console_core::testing::eventually_within;
use reqwest::Method;
use serde_json::{Value, json};
use wechat_sandbox::{AccountSpec, AccountType};

use crate::helpers::TestApp;

/// How the test's webhook behaves.
#[derive(Clone, Copy)]
pub(crate) enum Behaviour {
    /// Replies `收到：<content>` at once.
    Reply,
    /// Replies after this long.
    Slow(Duration),
}

#[derive(Clone)]
pub(crate) struct Hook {
    behaviour: Behaviour,
    pub(crate) received: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
}

#[allow(clippy::unwrap_used)]
async fn hook_handler(State(h): State<Hook>, headers: HeaderMap, body: Bytes) -> axum::Json<Value> {
    h.received.lock().unwrap().push((headers, body.clone()));
    if let Behaviour::Slow(d) = h.behaviour {
        tokio::time::sleep(d).await;
    }
    let d: Delivery = serde_json::from_slice(&body).unwrap();
    axum::Json(
        json!({"reply": {"type": "text", "content": format!("收到：{}", d.content.unwrap_or_default())}}),
    )
}

/// A webhook on a free port; returns its URL and what it received.
#[allow(clippy::unwrap_used)]
pub(crate) async fn start_hook(behaviour: Behaviour) -> (String, Hook) {
    let hook = Hook {
        behaviour,
        received: Arc::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/wechat-in", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/wechat-in", post(hook_handler))
        .with_state(hook.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, hook)
}

/// Sets the platform's webhook; returns the signing secret shown once.
#[allow(clippy::expect_used, clippy::unwrap_used)]
pub(crate) async fn set_webhook(s: &TestApp, url: &str) -> String {
    platforms::set_webhook(
        &s.svc,
        s.tenant_id(),
        s.component().id,
        Some(&WebhookUrl::parse(url).unwrap()),
    )
    .await
    .unwrap()
    .new_secret
    .expect("a first webhook gets a secret")
    .expose()
    .to_string()
}

/// An official account authorized to the platform (through a link and the redirect).
#[allow(clippy::unwrap_used)]
pub(crate) async fn authorized_account(s: &TestApp, nickname: &str) -> String {
    let account = s.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::OfficialAccount),
        nickname: Some(nickname.into()),
        ..Default::default()
    });
    let (redirect, _) = s.authorize_account(&account.appid).await;
    assert!(reqwest::get(&redirect).await.unwrap().status().is_success());
    account.appid
}

pub(crate) async fn user_says(s: &TestApp, appid: &str, content: &str) -> Value {
    s.control(
        Method::POST,
        "messages",
        json!({"component_appid": s.component().appid, "authorizer_appid": appid, "msg_type": "text", "content": content}),
    )
    .await
}

#[allow(clippy::unwrap_used)]
pub(crate) async fn stored(s: &TestApp) -> Vec<messages::MessageRow> {
    messages::list(
        &s.svc,
        s.tenant_id(),
        &MessageFilter {
            page: 1,
            per_page: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .items
}

#[tokio::test]
async fn the_release_test_passes_in_every_group_of_test_accounts() {
    let s = TestApp::builder().sandbox().platform().build().await;
    for group in 1..=5 {
        let r = s
            .control(
                Method::POST,
                "release_test",
                json!({"component_appid": s.component().appid, "group": group}),
            )
            .await;
        assert_eq!(r["passed"], true, "group {group}: {r:#}");
        let cases: Vec<&str> = r["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["case"].as_str())
            .collect();
        for case in [
            "authorization",
            "oa_text",
            "oa_api",
            "oa_event",
            "mp_text",
            "mp_api",
        ] {
            assert!(cases.contains(&case), "group {group} ran {cases:?}");
        }
        // The test accounts were exchanged like any authorization.
        for appid in r["accounts"].as_array().unwrap() {
            let appid = appid.as_str().unwrap();
            let a = console_core::authorizers::store::find(&s.svc, s.component().id, appid)
                .await
                .unwrap();
            assert!(a.is_some(), "group {group}: {appid} is an authorizer");
        }
    }
    // Every release-test message is on record, none of them forwarded, none failed.
    let rows = stored(&s).await;
    assert!(rows.len() >= 5 * 5, "{}", rows.len());
    assert!(rows.iter().all(|m| m.release_test.is_some()));
    assert!(
        rows.iter().all(|m| m.status != JobStatus::Failed),
        "{rows:#?}"
    );
    // The platform page tells how the latest test was answered (reference B19).
    s.login("alice", "alice-password").await.unwrap();
    let d: console_app::api::platforms::PlatformDetail = s
        .call("platforms/get", &[("id", &s.component().id.to_string())])
        .await
        .unwrap();
    let status = d.release_test.expect("the latest release test");
    let cases: Vec<(&str, Option<bool>)> = status
        .cases
        .iter()
        .map(|c| (c.case.as_str(), c.answered))
        .collect();
    assert_eq!(
        cases,
        [
            ("event", Some(true)),
            ("mini_program_text", Some(true)),
            ("query_auth_code", Some(true)),
            ("text", Some(true)),
        ]
    );
}

#[tokio::test]
async fn the_platform_page_warns_when_the_console_is_opened_on_another_address() {
    let s = TestApp::builder().sandbox().platform().build().await;
    s.login("alice", "alice-password").await.unwrap();
    let get = |host: Option<&'static str>| {
        let mut req = s
            .client
            .post(format!("{}/api/platforms/get", s.base_url))
            .form(&[("id", s.component().id.to_string())]);
        if let Some(h) = host {
            req = req.header(reqwest::header::HOST, h);
        }
        async move {
            let d: console_app::api::platforms::PlatformDetail =
                req.send().await.unwrap().json().await.unwrap();
            d.domain_warnings
        }
    };
    let own = get(None).await;
    assert!(!own.iter().any(|w| w.en.contains("You opened")), "{own:?}");
    // A test server's address is plain HTTP on an IP: WeChat would refuse it (reference B17).
    assert!(own.iter().any(|w| w.en.contains("IP address")), "{own:?}");
    let other = get(Some("console.internal:8443")).await;
    assert!(
        other
            .iter()
            .any(|w| w.zh.contains("console.internal:8443") && w.zh.contains("PUBLIC_BASE_URL")),
        "{other:?}"
    );
}

#[tokio::test]
async fn a_message_reaches_the_webhook_and_its_reply_comes_back_as_the_passive_reply() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let (url, hook) = start_hook(Behaviour::Reply).await;
    let secret = set_webhook(&s, &url).await;
    let appid = authorized_account(&s, "转发公众号").await;

    let r = user_says(&s, &appid, "你好").await;
    assert_eq!(r["passive_reply_ok"], true, "{r:#}");
    let reply = r["reply_plaintext"].as_str().unwrap();
    assert!(reply.contains("<![CDATA[收到：你好]]>"), "{reply}");

    let received = hook.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let (headers, body) = &received[0];
    let ts: i64 = headers[messages::DELIVERY_HEADER_TIMESTAMP]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        headers[messages::DELIVERY_HEADER_SIGNATURE]
            .to_str()
            .unwrap(),
        messages::sign(&secret, ts, body),
        "the delivery is signed with the platform's secret"
    );
    let d: Delivery = serde_json::from_slice(body).unwrap();
    assert_eq!(
        (d.platform_appid.as_str(), d.authorizer_appid.as_str()),
        (s.component().appid.as_str(), appid.as_str())
    );
    assert_eq!(
        (d.msg_type.as_str(), d.content.as_deref()),
        ("text", Some("你好"))
    );
    assert!(d.reply_allowed && d.attempt == 1);
    assert!(d.xml.contains("<Content>"), "{}", d.xml);

    let rows = stored(&s).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, JobStatus::Done);
    assert!(rows[0].replied);
    assert_eq!(rows[0].summary, "你好");
}

#[tokio::test]
async fn a_slow_webhook_never_makes_wechat_wait_and_its_delivery_completes() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let (url, hook) = start_hook(Behaviour::Slow(Duration::from_secs(10))).await;
    set_webhook(&s, &url).await;
    let appid = authorized_account(&s, "慢速公众号").await;

    let started = Instant::now();
    let r = user_says(&s, &appid, "在吗").await;
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_millis(4_500),
        "WeChat waited {waited:?}"
    );
    assert_eq!(r["raw_reply"], "success", "{r:#}");
    assert_eq!(r["attempts"], 1, "answered in time: WeChat did not retry");

    // The delivery goes on in the background and is recorded once it ends.
    // The webhook takes 10 s: wait longer than the default.
    let done = eventually_within(
        "the delivery to finish",
        Duration::from_secs(30),
        || async {
            let rows = stored(&s).await;
            (rows[0].status == JobStatus::Done).then(|| rows[0].clone())
        },
    )
    .await;
    assert!(
        !done.replied,
        "a reply after WeChat stopped waiting is not sent"
    );
    let note = done.note.expect("the late reply is explained");
    assert!(note.zh.contains("晚于微信的等待时间"), "{note:?}");
    assert_eq!(hook.received.lock().unwrap().len(), 1, "delivered once");
}

#[tokio::test]
async fn wechats_retries_of_one_message_are_processed_and_forwarded_once() {
    // The console's first two answers are lost on their way back, so WeChat sends the message
    // three times in all (reference B22): one delivery to the webhook, and every retry gets the
    // same passive reply.
    let s = TestApp::builder().sandbox().platform().build().await;
    let (url, hook) = start_hook(Behaviour::Reply).await;
    set_webhook(&s, &url).await;
    let appid = authorized_account(&s, "重试公众号").await;
    s.control(Method::POST, "pushes/lose_answers", json!({"count": 2}))
        .await;

    let r = user_says(&s, &appid, "重试").await;
    assert_eq!(r["attempts"], 3, "WeChat retried: {r:#}");
    assert_eq!(r["passive_reply_ok"], true, "{r:#}");
    assert!(
        r["reply_plaintext"]
            .as_str()
            .unwrap()
            .contains("<![CDATA[收到：重试]]>"),
        "the stored reply again: {r:#}"
    );
    assert_eq!(stored(&s).await.len(), 1, "one message");
    assert_eq!(hook.received.lock().unwrap().len(), 1, "one delivery");
}

#[tokio::test]
async fn events_of_mini_programs_are_stored_for_later_features() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let mp = s.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::MiniProgram),
        nickname: Some("审核小程序".into()),
        ..Default::default()
    });
    let (redirect, _) = s.authorize_account(&mp.appid).await;
    assert!(reqwest::get(&redirect).await.unwrap().status().is_success());
    let r = s
        .control(
            Method::POST,
            "messages",
            json!({"component_appid": s.component().appid, "authorizer_appid": mp.appid, "msg_type": "event", "event": "weapp_audit_success"}),
        )
        .await;
    assert_eq!(r["raw_reply"], "success", "{r:#}");
    let rows = stored(&s).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].event.as_deref(), Some("weapp_audit_success"));
    assert_eq!(rows[0].authorizer_appid, mp.appid);
    assert_eq!(rows[0].status, JobStatus::None, "no webhook: stored only");
}

#[tokio::test]
async fn forged_and_malformed_messages_are_refused_and_counted() {
    let s = TestApp::builder().sandbox().platform().build().await;
    let url = format!(
        "{}/wechat/{}/messages/wx0123456789abcdef?timestamp=1700000000&nonce=1&encrypt_type=aes&msg_signature=00",
        s.base_url,
        s.component().appid
    );
    let res = reqwest::Client::new()
        .post(&url)
        .body("<xml><ToUserName>gh_1</ToUserName><Encrypt>AAAA</Encrypt></xml>")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST);
    let unknown = format!(
        "{}/wechat/wx0000000000000000/messages/wx0123456789abcdef",
        s.base_url
    );
    let res = reqwest::Client::new()
        .post(&unknown)
        .body("<xml/>")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::NOT_FOUND);
    assert!(stored(&s).await.is_empty());
    let counts = console_core::events::rejection_counts(&s.svc, s.tenant_id())
        .await
        .unwrap();
    assert!(
        counts
            .iter()
            .any(|(appid, r)| appid == &s.component().appid && r.count >= 1),
        "{counts:?}"
    );
}
