//! Business calls on behalf of an authorizer from the console (issue 12, seed 001) and the quota
//! tools, over HTTP against the sandbox: a user looked up, a customer-service message sent (the
//! sandbox records it), a media file streamed with WeChat's content type, the calls counted;
//! viewers, operators without ManagePlatforms and another tenant refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use console_app::api::business::{CallRow, UserFields};
use console_app::api::quota::{QuotaView, ResetsLeft, RidView};
use console_app::error::AppError;
use console_core::accounts::Role;
use console_core::platform_api::{self, ProxyBody, ProxyRequest, WechatPath};
use console_core::testing::TestWorld;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use wechat_sandbox::{AccountSpec, AccountType};

use crate::helpers::{Browser, FnResult, TestApp};

/// An official account with two followers that granted sets 1, 2 and 11; (appid, id, openid).
async fn account(app: &TestApp) -> (String, String, String) {
    let a = app.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::OfficialAccount),
        nickname: Some("鲜果服务号".into()),
        users: Some(2),
        ..Default::default()
    });
    TestWorld::authorize(app, &a.appid, &[1, 2, 11]).await;
    let row = console_core::authorizers::store::find(&app.svc, app.component().id, &a.appid)
        .await
        .unwrap()
        .unwrap();
    (a.appid, row.id.to_string(), a.users[0].openid.clone())
}

/// Uploads an image as the account's platform would (through the proxy); its media_id.
async fn upload(app: &TestApp, appid: &str, bytes: &[u8]) -> String {
    let boundary = "wxopen-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"fruit.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let answer = platform_api::forward(
        &app.svc,
        app.component(),
        appid,
        ProxyRequest {
            method: Method::POST,
            path: WechatPath::parse("cgi-bin/media/upload").unwrap(),
            query: vec![("type".into(), "image".into())],
            content_type: Some(format!("multipart/form-data; boundary={boundary}")),
            body: ProxyBody::Buffered(Bytes::from(body)),
        },
    )
    .await
    .unwrap()
    .unwrap();
    let chunks: Vec<Bytes> = futures::StreamExt::collect::<Vec<_>>(answer.body.into_stream())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let v: Value = serde_json::from_slice(&chunks.concat()).unwrap();
    v["media_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{v}"))
        .to_owned()
}

fn refused<T: std::fmt::Debug>(r: FnResult<T>, status: StatusCode) {
    match r {
        Err((s, _)) if s == status => {}
        other => panic!("expected {status}: {other:?}"),
    }
}

#[tokio::test]
async fn staff_look_up_users_send_messages_and_download_media_on_behalf() {
    business_calls(TestApp::builder().sandbox().platform().build().await).await;
}

#[tokio::test]
async fn staff_look_up_users_send_messages_and_download_media_on_behalf_on_postgres() {
    if let Some(app) = TestApp::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    {
        business_calls(app).await;
    }
}

async fn business_calls(app: TestApp) {
    app.seed_member("Acme", "carol", "carol-password", Role::Viewer)
        .await;
    app.seed_member("Acme", "oscar", "oscar-password", Role::Operator)
        .await;
    app.seed_member("Other", "bob", "bob-password", Role::Owner)
        .await;
    let (appid, id, openid) = account(&app).await;
    let id = id.as_str();
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;

    // Look up a user.
    let user: UserFields = alice
        .call("business/user-info", &[("id", id), ("openid", &openid)])
        .await
        .unwrap();
    assert!(
        user.fields
            .iter()
            .any(|(k, v)| k == "openid" && *v == openid),
        "{user:?}"
    );
    let unknown = alice
        .call::<UserFields>("business/user-info", &[("id", id), ("openid", "o-nobody")])
        .await
        .unwrap_err();
    match unknown {
        (StatusCode::BAD_GATEWAY, AppError::Upstream(m)) => {
            assert!(
                m.zh.contains("40003") && m.en.contains("not a user of this account"),
                "{m:?}"
            );
        }
        other => panic!("{other:?}"),
    }

    // Send a customer-service message: the sandbox has it; the audit log names the masked
    // openid, never the text.
    let text = "您的订单已发货 / shipped";
    // Not before the follower wrote: WeChat's 48-hour window, explained.
    let closed = alice
        .call::<()>(
            "business/send-text",
            &[("id", id), ("openid", &openid), ("text", text)],
        )
        .await
        .unwrap_err();
    let AppError::Upstream(m) = closed.1 else {
        panic!("{closed:?}")
    };
    assert!(m.zh.contains("45015") && m.en.contains("48"), "{m:?}");
    app.user_writes(&appid, &openid).await;
    alice
        .call::<()>(
            "business/send-text",
            &[("id", id), ("openid", &openid), ("text", text)],
        )
        .await
        .unwrap();
    let sent = app
        .control(Method::GET, "custom_messages", Value::Null)
        .await;
    let last = sent.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["content"], text);
    assert_eq!(last["touser"], openid.as_str());
    assert_eq!(last["authorizer_appid"], appid.as_str());
    let audit: Vec<Value> = alice
        .call("audit/list", &[])
        .await
        .map(|p: Value| p["items"].as_array().cloned().unwrap_or_default())
        .unwrap();
    let entry = audit
        .iter()
        .find(|e| e.to_string().contains("business_call") || e.to_string().contains("客服消息"))
        .unwrap_or_else(|| panic!("{audit:?}"));
    let shown = entry.to_string();
    assert!(
        !shown.contains(&openid) && !shown.contains("已发货"),
        "{shown}"
    );
    // An invalid openid: WeChat's error with its rid, which the diagnose box explains.
    let failed = alice
        .call::<()>(
            "business/send-text",
            &[("id", id), ("openid", "o-not-a-follower"), ("text", "x")],
        )
        .await
        .unwrap_err();
    let AppError::Upstream(m) = failed.1 else {
        panic!("{failed:?}")
    };
    assert!(m.zh.contains("rid:"), "{m:?}");
    let rid: RidView = alice
        .call("quota/authorizer/diagnose", &[("id", id), ("text", &m.en)])
        .await
        .unwrap();
    assert!(rid.request_url.contains("/cgi-bin/message/custom/send"));
    assert!(
        rid.request_url.contains("access_token=***"),
        "{}",
        rid.request_url
    );
    assert!(rid.request_body.contains("o-not-a-follower"));

    // Download a media file: streamed with WeChat's content type and file name.
    let image: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    let media_id = upload(&app, &appid, &image).await;
    let url = format!("{}/authorizers/{id}/media/{media_id}", app.base_url);
    let res = alice.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("fruit.jpg")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), image.as_slice());
    // WeChat's JSON error is a readable page, not JSON.
    let res = alice
        .client
        .get(format!(
            "{}/authorizers/{id}/media/no-such-media",
            app.base_url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = res.text().await.unwrap();
    assert!(
        page.contains("40007") && page.contains("无法下载素材"),
        "{page}"
    );
    assert!(!page.contains("\"errcode\""), "{page}");

    // Every call is counted on the account's page.
    let calls: Vec<CallRow> = alice.call("business/calls", &[("id", id)]).await.unwrap();
    let count = |p: &str| {
        calls
            .iter()
            .find(|c| c.path == p)
            .map(|c| (c.today, c.week_failures))
    };
    assert_eq!(count("cgi-bin/user/info"), Some((2, 1)), "{calls:?}");
    assert_eq!(count("cgi-bin/message/custom/send"), Some((3, 2)));
    assert_eq!(count("cgi-bin/media/get"), Some((2, 1)));

    // A viewer sees the counts but makes no calls; another tenant finds nothing.
    let carol = Browser::signed_in(&app, "carol", "carol-password").await;
    carol
        .call::<Vec<CallRow>>("business/calls", &[("id", id)])
        .await
        .unwrap();
    refused(
        carol
            .call::<UserFields>("business/user-info", &[("id", id), ("openid", &openid)])
            .await,
        StatusCode::FORBIDDEN,
    );
    refused(
        carol
            .call::<()>(
                "business/send-text",
                &[("id", id), ("openid", &openid), ("text", "x")],
            )
            .await,
        StatusCode::FORBIDDEN,
    );
    assert_eq!(
        carol.client.get(&url).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let bob = Browser::signed_in(&app, "bob", "bob-password").await;
    refused(
        bob.call::<UserFields>("business/user-info", &[("id", id), ("openid", &openid)])
            .await,
        StatusCode::NOT_FOUND,
    );
    refused(
        bob.call::<Vec<CallRow>>("business/calls", &[("id", id)])
            .await,
        StatusCode::NOT_FOUND,
    );
    assert_eq!(
        bob.client.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    // Anonymous visitors are sent to sign in.
    let anonymous = Browser::new(&app);
    let res = anonymous.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sends = app
        .control(Method::GET, "custom_messages", Value::Null)
        .await;
    assert_eq!(sends.as_array().unwrap().len(), 1, "nothing else was sent");
}

#[tokio::test]
async fn quota_tools_for_the_platform_and_an_authorizer() {
    quota_tools(TestApp::builder().sandbox().platform().build().await).await;
}

#[tokio::test]
async fn quota_tools_for_the_platform_and_an_authorizer_on_postgres() {
    if let Some(app) = TestApp::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    {
        quota_tools(app).await;
    }
}

async fn quota_tools(app: TestApp) {
    app.seed_member("Acme", "oscar", "oscar-password", Role::Operator)
        .await;
    app.seed_member("Other", "bob", "bob-password", Role::Owner)
        .await;
    let (_, id, _) = account(&app).await;
    let p = app.component().id.to_string();
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    let oscar = Browser::signed_in(&app, "oscar", "oscar-password").await;

    let q: QuotaView = oscar
        .call(
            "quota/platform/get",
            &[
                ("id", &p),
                ("cgi_path", "/cgi-bin/component/api_component_token"),
            ],
        )
        .await
        .unwrap();
    assert!(q.daily_limit > 0 && q.used >= 1, "{q:?}");
    let q: QuotaView = oscar
        .call(
            "quota/authorizer/get",
            &[("id", &id), ("cgi_path", "cgi-bin/user/info")],
        )
        .await
        .unwrap();
    assert_eq!(q.cgi_path, "/cgi-bin/user/info");

    // Resets: admins and owners only, counted per account and month.
    refused(
        oscar
            .call::<ResetsLeft>("quota/platform/reset", &[("id", &p)])
            .await,
        StatusCode::FORBIDDEN,
    );
    let before: ResetsLeft = oscar
        .call("quota/platform/resets", &[("id", &p)])
        .await
        .unwrap();
    assert_eq!((before.used, before.left, before.per_month), (0, 10, 10));
    let after: ResetsLeft = alice
        .call("quota/platform/reset", &[("id", &p)])
        .await
        .unwrap();
    assert_eq!(after.left, 9);
    let after: ResetsLeft = alice
        .call("quota/authorizer/reset", &[("id", &id)])
        .await
        .unwrap();
    assert_eq!(after.left, 9, "the authorizer's budget is its own");
    let now: ResetsLeft = oscar
        .call("quota/platform/resets", &[("id", &p)])
        .await
        .unwrap();
    assert_eq!(now.used, 1);
    assert_eq!(app.calls("clear_quota/v2").await, 1);
    assert_eq!(app.calls("clear_quota").await, 1);

    // Another tenant's owner finds nothing.
    let bob = Browser::signed_in(&app, "bob", "bob-password").await;
    refused(
        bob.call::<ResetsLeft>("quota/platform/reset", &[("id", &p)])
            .await,
        StatusCode::NOT_FOUND,
    );
    refused(
        bob.call::<QuotaView>(
            "quota/authorizer/get",
            &[("id", &id), ("cgi_path", "/cgi-bin/user/info")],
        )
        .await,
        StatusCode::NOT_FOUND,
    );
    refused(
        bob.call::<RidView>(
            "quota/platform/diagnose",
            &[("id", &p), ("text", "rid: 1-2")],
        )
        .await,
        StatusCode::NOT_FOUND,
    );
    assert_eq!(app.calls("clear_quota/v2").await, 1);
}
