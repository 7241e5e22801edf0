//! The platform API (`/api/v1`): tokens for a tenant's services, compare-and-expire on a reported
//! token, the WeChat API proxy (retry after 40001, streamed downloads), keys refused across
//! tenants, platforms, scopes and revocation, rate limits, and the OpenAPI document.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use std::collections::BTreeSet;
use std::time::Duration;

use console_core::api_keys::{self, Creator, NewApiKey};
use console_core::testing::PlatformSpec;
use console_core::tokens::{self, TokenKey};
use console_core::{ApiScope, PlatformId, TenantId};
use console_server::http::api::ApiLimits;
use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wechat_sandbox::{AccountSpec, AccountType};

use crate::helpers::{TestApp, never_shown};

/// A key of `tenant` with `scopes`, limited to `platforms` (none: all).
async fn key(
    app: &TestApp,
    tenant: TenantId,
    scopes: &[ApiScope],
    platforms: &[PlatformId],
) -> String {
    let (_, secret) = api_keys::create(
        &app.svc,
        tenant,
        &Creator {
            user_id: None,
            name: "test".into(),
        },
        &NewApiKey {
            name: "service".into(),
            scopes: scopes.to_vec(),
            platforms: platforms.to_vec(),
        },
    )
    .await
    .unwrap();
    never_shown(secret.expose());
    secret.expose().to_string()
}

async fn api(
    app: &TestApp,
    key: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = app
        .client
        .request(method, format!("{}{path}", app.base_url));
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

/// An official account with users that authorized the app's platform (every permission set).
async fn authorized(app: &TestApp) -> (String, String) {
    let account = app.sandbox().create_account(AccountSpec {
        account_type: Some(AccountType::OfficialAccount),
        nickname: Some("鲜果铺".into()),
        ..Default::default()
    });
    let (redirect, _) = app.authorize_account(&account.appid).await;
    assert!(reqwest::get(&redirect).await.unwrap().status().is_success());
    (account.appid, account.users[0].openid.clone())
}

/// Asserts that GET `path` with `key` is refused with `status` and the stable `code`.
async fn refused(app: &TestApp, key: Option<&str>, path: &str, status: StatusCode, code: &str) {
    let (s, b) = api(app, key, Method::GET, path, None).await;
    assert_eq!((s, b["code"].as_str()), (status, Some(code)), "{path}: {b}");
}

fn token_path(app: &TestApp, appid: &str) -> String {
    format!(
        "/api/v1/platforms/{}/authorizers/{appid}/access-token",
        app.component().appid
    )
}

#[tokio::test]
async fn a_service_reads_tokens_lists_authorizers_and_never_holds_a_refresh_token() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let (appid, _) = authorized(&app).await;
    let k = key(&app, app.tenant_id(), &[ApiScope::Tokens], &[]).await;
    let c = app.component().appid.clone();

    let (s, platforms) = api(&app, Some(&k), Method::GET, "/api/v1/platforms", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(platforms[0]["appid"], c.as_str());

    let (s, t) = api(
        &app,
        Some(&k),
        Method::GET,
        &format!("/api/v1/platforms/{c}/component-token"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert!(t["access_token"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(t["expires_in"].as_i64().unwrap() > 60);

    let (s, t) = api(&app, Some(&k), Method::GET, &token_path(&app, &appid), None).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let stored = tokens::authorizer_token(&app.svc, app.component().id, &appid)
        .await
        .unwrap();
    assert_eq!(t["access_token"], stored.token.expose());
    assert!(
        !t.to_string().contains("refresh"),
        "no refresh token is ever handed out: {t}"
    );

    let (s, page) = api(
        &app,
        Some(&k),
        Method::GET,
        &format!("/api/v1/platforms/{c}/authorizers?status=authorized&per_page=10"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["appid"], appid.as_str());
    let (s, err) = api(
        &app,
        Some(&k),
        Method::GET,
        &format!("/api/v1/platforms/{c}/authorizers?status=lost"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(err["field"], "status");
    assert!(err["message"]["zh"].as_str().is_some() && err["message"]["en"].as_str().is_some());

    let (s, _) = api(
        &app,
        Some(&k),
        Method::GET,
        &token_path(&app, "wx00000000000000ff"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The JS-SDK ticket is fetched once and then kept.
    let ticket = format!("/api/v1/platforms/{c}/authorizers/{appid}/jsapi-ticket");
    let before = app.calls("getticket").await;
    let (s, t1) = api(&app, Some(&k), Method::GET, &ticket, None).await;
    assert_eq!(s, StatusCode::OK, "{t1}");
    let (_, t2) = api(&app, Some(&k), Method::GET, &ticket, None).await;
    assert_eq!(t1["ticket"], t2["ticket"]);
    assert_eq!(app.calls("getticket").await - before, 1);
}

/// 1,000 requests at once for an expired token: one refresh upstream, one token for all.
#[tokio::test]
async fn a_thousand_concurrent_requests_for_an_expired_token_refresh_it_once() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let (appid, _) = authorized(&app).await;
    let k = key(&app, app.tenant_id(), &[ApiScope::Tokens], &[]).await;
    let tk = TokenKey::authorizer(app.component().id, &appid);
    let t = tokens::authorizer_token(&app.svc, app.component().id, &appid)
        .await
        .unwrap();
    assert!(
        tokens::expire_if_current(&app.svc, &tk, t.version)
            .await
            .unwrap()
    );
    let before = app.calls("api_authorizer_token").await;

    let url = format!("{}{}", app.base_url, token_path(&app, &appid));
    let client = reqwest::Client::new();
    let answers = futures::stream::iter(0..1000)
        .map(|_| {
            let (client, url, k) = (client.clone(), url.clone(), k.clone());
            async move {
                let res = client.get(&url).bearer_auth(&k).send().await.unwrap();
                let status = res.status();
                (status, res.json::<Value>().await.unwrap())
            }
        })
        .buffer_unordered(1000)
        .collect::<Vec<_>>()
        .await;
    let got: BTreeSet<String> = answers
        .iter()
        .map(|(s, b)| {
            assert_eq!(*s, StatusCode::OK, "{b}");
            b["access_token"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(got.len(), 1, "every caller got the same fresh token");
    assert_ne!(got.first().unwrap(), t.token.expose());
    assert_eq!(
        app.calls("api_authorizer_token").await - before,
        1,
        "exactly one refresh upstream"
    );
}

#[tokio::test]
async fn a_reported_token_is_expired_only_while_it_is_the_stored_one() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let (appid, _) = authorized(&app).await;
    let k = key(&app, app.tenant_id(), &[ApiScope::Tokens], &[]).await;
    let path = token_path(&app, &appid);
    let (_, first) = api(&app, Some(&k), Method::GET, &path, None).await;
    let old = first["access_token"].as_str().unwrap().to_string();
    let refreshes = app.calls("api_authorizer_token").await;

    // Many services report the same token: one expiry, one refresh.
    for expected in ["expired", "not_current", "not_current"] {
        let (s, r) = api(
            &app,
            Some(&k),
            Method::POST,
            &format!("{path}/invalid"),
            Some(json!({"access_token": old})),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        assert_eq!(r["result"], expected);
        if expected == "expired" {
            let (_, fresh) = api(&app, Some(&k), Method::GET, &path, None).await;
            assert_ne!(fresh["access_token"], old.as_str());
        }
    }
    // A token that never was ours changes nothing.
    let (_, r) = api(
        &app,
        Some(&k),
        Method::POST,
        &format!("{path}/invalid"),
        Some(json!({"access_token": "made-up"})),
    )
    .await;
    assert_eq!(r["result"], "not_current");
    assert_eq!(app.calls("api_authorizer_token").await - refreshes, 1);

    // The component token follows the same rule.
    let c = app.component().appid.clone();
    let (_, ct) = api(
        &app,
        Some(&k),
        Method::GET,
        &format!("/api/v1/platforms/{c}/component-token"),
        None,
    )
    .await;
    let (_, r) = api(
        &app,
        Some(&k),
        Method::POST,
        &format!("/api/v1/platforms/{c}/component-token/invalid"),
        Some(json!({"access_token": ct["access_token"]})),
    )
    .await;
    assert_eq!(r["result"], "expired");
}

#[tokio::test]
async fn keys_reach_only_their_tenant_their_platforms_and_their_scopes() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let (appid, _) = authorized(&app).await;
    let other = app
        .add_platform(&PlatformSpec {
            tenant: "Beta".into(),
            name: "Beta 平台".into(),
            token: "betatoken1".into(),
            ..PlatformSpec::default()
        })
        .await;
    let second = app
        .add_platform(&PlatformSpec {
            tenant: "Acme".into(),
            name: "Acme 第二平台".into(),
            token: "acmetoken2".into(),
            ..PlatformSpec::default()
        })
        .await;
    let c = app.component().appid.clone();
    let beta = key(
        &app,
        other.component.tenant_id,
        &[ApiScope::Tokens, ApiScope::Proxy],
        &[],
    )
    .await;
    for path in [
        format!("/api/v1/platforms/{c}/component-token"),
        token_path(&app, &appid),
        format!("/api/v1/platforms/{c}/authorizers"),
        format!("/api/v1/proxy/{c}/{appid}/cgi-bin/user/get"),
    ] {
        let (s, b) = api(&app, Some(&beta), Method::GET, &path, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {b}");
        assert_eq!(b["code"], "not_found");
    }
    let (_, listed) = api(&app, Some(&beta), Method::GET, "/api/v1/platforms", None).await;
    assert!(!listed.to_string().contains(&c));

    // A key limited to the second platform of the same tenant.
    let limited = key(
        &app,
        app.tenant_id(),
        &[ApiScope::Tokens],
        &[second.component.id],
    )
    .await;
    let (s, _) = api(
        &app,
        Some(&limited),
        Method::GET,
        &token_path(&app, &appid),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = api(
        &app,
        Some(&limited),
        Method::GET,
        &format!(
            "/api/v1/platforms/{}/component-token",
            second.component.appid
        ),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // Scopes.
    let proxy_only = key(&app, app.tenant_id(), &[ApiScope::Proxy], &[]).await;
    let (s, b) = api(
        &app,
        Some(&proxy_only),
        Method::GET,
        &token_path(&app, &appid),
        None,
    )
    .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("missing_scope"))
    );
    let tokens_only = key(&app, app.tenant_id(), &[ApiScope::Tokens], &[]).await;
    refused(
        &app,
        Some(&tokens_only),
        &format!("/api/v1/proxy/{c}/{appid}/cgi-bin/user/get"),
        StatusCode::FORBIDDEN,
        "missing_scope",
    )
    .await;

    // Missing, malformed and revoked keys.
    let (s, b) = api(&app, None, Method::GET, &token_path(&app, &appid), None).await;
    assert_eq!(
        (s, b["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
    );
    let (s, _) = api(
        &app,
        Some("wxk_not-a-key"),
        Method::GET,
        &token_path(&app, &appid),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (view, secret) = api_keys::create(
        &app.svc,
        app.tenant_id(),
        &Creator {
            user_id: None,
            name: "test".into(),
        },
        &NewApiKey {
            name: "soon revoked".into(),
            scopes: vec![ApiScope::Tokens],
            platforms: vec![],
        },
    )
    .await
    .unwrap();
    let (s, _) = api(
        &app,
        Some(secret.expose()),
        Method::GET,
        &token_path(&app, &appid),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    api_keys::revoke(&app.svc, app.tenant_id(), view.id)
        .await
        .unwrap();
    let (s, b) = api(
        &app,
        Some(secret.expose()),
        Method::GET,
        &token_path(&app, &appid),
        None,
    )
    .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
    );
    // Tenant B cannot revoke tenant A's key.
    assert!(
        api_keys::revoke(&app.svc, other.component.tenant_id, view.id)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn an_account_that_revoked_its_authorization_answers_needs_reauthorization() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let (appid, _) = authorized(&app).await;
    let k = key(
        &app,
        app.tenant_id(),
        &[ApiScope::Tokens, ApiScope::Proxy],
        &[],
    )
    .await;
    app.control(
        Method::POST,
        "authorizations/revoke",
        json!({"component_appid": app.component().appid, "authorizer_appid": appid}),
    )
    .await;
    let path = token_path(&app, &appid);
    console_core::testing::eventually("the revocation is processed", || async {
        let (s, b) = api(&app, Some(&k), Method::GET, &path, None).await;
        (s == StatusCode::CONFLICT && b["code"] == "needs_reauthorization").then_some(())
    })
    .await;
    let c = app.component().appid.clone();
    refused(
        &app,
        Some(&k),
        &format!("/api/v1/proxy/{c}/{appid}/cgi-bin/user/get"),
        StatusCode::CONFLICT,
        "needs_reauthorization",
    )
    .await;
}

#[tokio::test]
async fn the_proxy_injects_the_token_retries_once_after_40001_and_counts_each_call() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let (appid, openid) = authorized(&app).await;
    let k = key(&app, app.tenant_id(), &[ApiScope::Proxy], &[]).await;
    let c = app.component().appid.clone();
    let send = format!("/api/v1/proxy/{c}/{appid}/cgi-bin/message/custom/send");
    let msg = json!({"touser": openid, "msgtype": "text", "text": {"content": "您的订单已发货"}});

    // WeChat's answers come back as they are: a follower who has not written for 48 hours.
    let (s, b) = api(&app, Some(&k), Method::POST, &send, Some(msg.clone())).await;
    assert_eq!(
        (s, b["errcode"].as_i64()),
        (StatusCode::OK, Some(45015)),
        "{b}"
    );
    app.user_writes(&appid, &openid).await;
    let (s, b) = api(&app, Some(&k), Method::POST, &send, Some(msg.clone())).await;
    assert_eq!((s, b["errcode"].as_i64()), (StatusCode::OK, Some(0)), "{b}");
    let sent = app
        .control(Method::GET, "custom_messages", Value::Null)
        .await;
    assert_eq!(sent[0]["content"], "您的订单已发货");

    // WeChat refuses the token once: compare-and-expire, one refresh, the call sent again.
    app.control(
        Method::POST,
        "faults",
        json!({"endpoint": "custom/send", "kind": "errcode", "value": 40001, "count": 1}),
    )
    .await;
    let refreshes = app.calls("api_authorizer_token").await;
    let res = app
        .client
        .post(format!("{}{send}", app.base_url))
        .bearer_auth(&k)
        .json(&msg)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()
            .get("x-wxopen-retried")
            .map(|v| v.to_str().unwrap()),
        Some("1")
    );
    assert_eq!(res.json::<Value>().await.unwrap()["errcode"], 0);
    assert_eq!(app.calls("api_authorizer_token").await - refreshes, 1);

    // The caller's own access_token is never used; WeChat's errors come back as they are.
    let (s, b) = api(
        &app,
        Some(&k),
        Method::GET,
        &format!("/api/v1/proxy/{c}/{appid}/cgi-bin/user/info?openid=nobody&access_token=forged"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["errcode"], 40003, "{b}");
    let (s, b) = api(
        &app,
        Some(&k),
        Method::GET,
        &format!("/api/v1/proxy/{c}/{appid}/cgi-bin/..%2F..%2Fetc"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");

    let id = console_core::authorizers::store::find(&app.svc, app.component().id, &appid)
        .await
        .unwrap()
        .unwrap()
        .id;
    let counts = console_core::platform_api::calls_of(&app.svc, app.tenant_id(), id)
        .await
        .unwrap();
    let send_count = counts
        .iter()
        .find(|c| c.path == "cgi-bin/message/custom/send")
        .unwrap();
    assert_eq!((send_count.today, send_count.week_failures), (3, 1));
    let info = counts
        .iter()
        .find(|c| c.path == "cgi-bin/user/info")
        .unwrap();
    assert_eq!(
        (info.today, info.week_failures, info.last_errcode),
        (1, 1, Some(40003))
    );
}

/// Resident memory of this process (server and sandbox both run in it), in KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[tokio::test]
async fn a_5_mb_media_file_streams_through_the_proxy_both_ways() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let (appid, _) = authorized(&app).await;
    let k = key(&app, app.tenant_id(), &[ApiScope::Proxy], &[]).await;
    let c = app.component().appid.clone();
    let file: Vec<u8> = (0..5 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    let form = reqwest::multipart::Form::new().part(
        "media",
        reqwest::multipart::Part::bytes(file.clone())
            .file_name("poster.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let res = app
        .client
        .post(format!(
            "{}/api/v1/proxy/{c}/{appid}/cgi-bin/media/upload?type=image",
            app.base_url
        ))
        .bearer_auth(&k)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let up: Value = res.json().await.unwrap();
    let media_id = up["media_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{up}"))
        .to_string();
    let get = format!(
        "{}/api/v1/proxy/{c}/{appid}/cgi-bin/media/get?media_id={media_id}",
        app.base_url
    );

    let download = |sample: bool| {
        let (client, get, k) = (app.client.clone(), get.clone(), k.clone());
        async move {
            let res = client.get(&get).bearer_auth(&k).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()["content-type"], "image/jpeg");
            assert!(
                res.headers()["content-disposition"]
                    .to_str()
                    .unwrap()
                    .contains("poster.jpg")
            );
            let mut stream = res.bytes_stream();
            let (mut len, mut sum, mut peak) = (0usize, 0u64, 0u64);
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.unwrap();
                len += chunk.len();
                sum += chunk.iter().map(|b| u64::from(*b)).sum::<u64>();
                if sample {
                    peak = peak.max(rss_kib());
                }
            }
            (len, sum, peak)
        }
    };
    // A first download warms up what every later one reuses (buffers, connections).
    download(false).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let base = rss_kib();
    let (len, sum, peak) = download(true).await;
    assert_eq!(len, file.len());
    assert_eq!(sum, file.iter().map(|b| u64::from(*b)).sum::<u64>());
    let grew = peak.saturating_sub(base);
    assert!(
        grew < 3 * 1024,
        "a 5 MB download raised memory by {grew} KiB"
    );
}

#[tokio::test]
async fn each_key_has_its_rate_limit() {
    let app = TestApp::builder()
        .sandbox()
        .platform()
        .api_limits(ApiLimits {
            per_second: 1,
            burst: 2,
        })
        .build()
        .await;
    let a = key(&app, app.tenant_id(), &[ApiScope::Tokens], &[]).await;
    let b = key(&app, app.tenant_id(), &[ApiScope::Tokens], &[]).await;
    for _ in 0..2 {
        let (s, _) = api(&app, Some(&a), Method::GET, "/api/v1/platforms", None).await;
        assert_eq!(s, StatusCode::OK);
    }
    let res = app
        .client
        .get(format!("{}/api/v1/platforms", app.base_url))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "rate_limited");
    // Another key is not slowed down by the first.
    let (s, _) = api(&app, Some(&b), Method::GET, "/api/v1/platforms", None).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn a_sign_up_flow_registers_a_mini_program_by_api_with_the_consoles_checks() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let k = key(&app, app.tenant_id(), &[ApiScope::Registrations], &[]).await;
    let c = app.component().appid.clone();
    let path = format!("/api/v1/platforms/{c}/registrations");

    // The console's checks, before WeChat: a wrong credit-code checksum names its field.
    let before = app.calls("fastregisterenterpriseweapp").await;
    let (s, b) = api(&app, Some(&k), Method::POST, &path, Some(json!({"kind": "enterprise", "name": "深圳市小鹅科技有限公司", "code": "9144030070846113", "phone": "13800138000"}))).await;
    assert_eq!(
        (s, b["code"].as_str(), b["field"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_input"),
            Some("code")
        ),
        "{b}"
    );
    assert_eq!(app.calls("fastregisterenterpriseweapp").await, before);
    let (s, b) = api(
        &app,
        Some(&k),
        Method::POST,
        &path,
        Some(json!({"kind": "reuse", "official_account_appid": "wx00000000000000aa"})),
    )
    .await;
    assert_eq!(
        (s, b["field"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("official_account_appid")
        ),
        "{b}"
    );

    let (s, task) = api(
        &app,
        Some(&k),
        Method::POST,
        &path,
        Some(json!({"kind": "personal", "wxuser": "fastreg_user_9", "phone": "13800138000"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{task}");
    assert_eq!(task["state"], "waiting");
    assert!(task["confirm_url"].as_str().is_some());
    let id = task["id"].as_i64().unwrap();
    let taskid = task["wechat_id"].as_str().unwrap().to_string();
    app.control(
        Method::POST,
        &format!("registrations/{taskid}/confirm"),
        json!({}),
    )
    .await;
    let done = console_core::testing::eventually("the registration succeeds", || async {
        let (_, t) = api(&app, Some(&k), Method::GET, &format!("{path}/{id}"), None).await;
        (t["state"] == "succeeded" && t["result_appid"].is_string()).then_some(t)
    })
    .await;
    assert!(done["steps"].as_array().unwrap().len() >= 2, "{done}");

    // Recorded like a staff action, by the key.
    let audit = console_core::audit::list(
        &app.svc,
        app.tenant_id(),
        &console_core::audit::AuditFilter::default(),
    )
    .await
    .unwrap();
    assert!(
        audit
            .items
            .iter()
            .any(|e| e.actor_name.starts_with("API key #")),
        "{audit:?}"
    );

    // Another tenant's key finds nothing; a key without the scope is refused.
    let other = app
        .add_platform(&PlatformSpec {
            tenant: "Beta".into(),
            name: "Beta 平台".into(),
            token: "betatoken1".into(),
            ..PlatformSpec::default()
        })
        .await;
    let beta = key(
        &app,
        other.component.tenant_id,
        &[ApiScope::Registrations],
        &[],
    )
    .await;
    let (s, _) = api(
        &app,
        Some(&beta),
        Method::GET,
        &format!("{path}/{id}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = api(
        &app,
        Some(&beta),
        Method::GET,
        &format!(
            "/api/v1/platforms/{}/registrations/{id}",
            other.component.appid
        ),
        None,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "a task is reached only through its own platform"
    );
    let tokens_only = key(&app, app.tenant_id(), &[ApiScope::Tokens], &[]).await;
    refused(
        &app,
        Some(&tokens_only),
        &format!("{path}/{id}"),
        StatusCode::FORBIDDEN,
        "missing_scope",
    )
    .await;
}

/// Each operation of the OpenAPI document and the test above that exercises it: a route added to
/// the document without a test fails here.
const COVERED: &[(&str, &str, &str)] = &[
    (
        "get",
        "/api/v1/platforms",
        "a_service_reads_tokens_lists_authorizers_and_never_holds_a_refresh_token",
    ),
    (
        "get",
        "/api/v1/platforms/{component_appid}/component-token",
        "a_service_reads_tokens_lists_authorizers_and_never_holds_a_refresh_token",
    ),
    (
        "post",
        "/api/v1/platforms/{component_appid}/component-token/invalid",
        "a_reported_token_is_expired_only_while_it_is_the_stored_one",
    ),
    (
        "get",
        "/api/v1/platforms/{component_appid}/authorizers",
        "a_service_reads_tokens_lists_authorizers_and_never_holds_a_refresh_token",
    ),
    (
        "get",
        "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/access-token",
        "a_thousand_concurrent_requests_for_an_expired_token_refresh_it_once",
    ),
    (
        "post",
        "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/access-token/invalid",
        "a_reported_token_is_expired_only_while_it_is_the_stored_one",
    ),
    (
        "get",
        "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/jsapi-ticket",
        "a_service_reads_tokens_lists_authorizers_and_never_holds_a_refresh_token",
    ),
    (
        "get",
        "/api/v1/proxy/{component_appid}/{authorizer_appid}/{wechat_path}",
        "the_proxy_injects_the_token_retries_once_after_40001_and_counts_each_call",
    ),
    (
        "post",
        "/api/v1/proxy/{component_appid}/{authorizer_appid}/{wechat_path}",
        "the_proxy_injects_the_token_retries_once_after_40001_and_counts_each_call",
    ),
    (
        "post",
        "/api/v1/platforms/{component_appid}/registrations",
        "a_sign_up_flow_registers_a_mini_program_by_api_with_the_consoles_checks",
    ),
    (
        "get",
        "/api/v1/platforms/{component_appid}/registrations/{task_id}",
        "a_sign_up_flow_registers_a_mini_program_by_api_with_the_consoles_checks",
    ),
    (
        "post",
        "/api/v1/platforms/{component_appid}/registrations/{task_id}/rename",
        "trial_rename_and_verify_by_api",
    ),
    (
        "post",
        "/api/v1/platforms/{component_appid}/registrations/{task_id}/verify",
        "trial_rename_and_verify_by_api",
    ),
    (
        "get",
        "/api/v1/oauth/results/{ticket}",
        "web_oauth_api (server/tests/api/web_oauth_api.rs)",
    ),
];

#[tokio::test]
async fn the_openapi_document_is_well_formed_and_every_operation_in_it_is_tested() {
    let app = TestApp::builder().build().await;
    let (s, doc) = api(&app, None, Method::GET, "/api/v1/openapi.json", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    assert_eq!(
        doc["components"]["securitySchemes"]["api_key"]["scheme"],
        "bearer"
    );
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    // Every reference resolves.
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"").skip(1) {
        let target = &r[..r.find('"').unwrap()];
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{target}"));
        assert!(schemas.contains_key(name), "unresolved {target}");
    }
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path}"
            );
            assert!(op["security"].is_array(), "{method} {path} names its key");
            documented.insert((method.clone(), path.clone()));
        }
    }
    let covered: BTreeSet<(String, String)> = COVERED
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        documented, covered,
        "the document's operations against the tests that exercise them"
    );
}

#[tokio::test]
async fn trial_rename_and_verify_by_api() {
    let app = TestApp::builder().sandbox().platform().build().await;
    let k = key(&app, app.tenant_id(), &[ApiScope::Registrations], &[]).await;
    let path = format!("/api/v1/platforms/{}/registrations", app.component().appid);
    let (s, task) = api(
        &app,
        Some(&k),
        Method::POST,
        &path,
        Some(json!({"kind": "beta", "name": "小鹅优选", "openid": "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{task}");
    let id = task["id"].as_i64().unwrap();
    // Before the trial exists there is nothing to rename: refused with a reason.
    let (s, b) = api(
        &app,
        Some(&k),
        Method::POST,
        &format!("{path}/{id}/rename"),
        Some(json!({"name": "小鹅商城"})),
    )
    .await;
    assert!(s.is_client_error(), "{s} {b}");
    let unique_id = task["wechat_id"].as_str().unwrap().to_string();
    app.control(
        Method::POST,
        &format!("registrations/{unique_id}/confirm"),
        json!({}),
    )
    .await;
    console_core::testing::eventually("the trial mini program is linked", || async {
        let (_, t) = api(&app, Some(&k), Method::GET, &format!("{path}/{id}"), None).await;
        (t["state"] == "succeeded" && t["result_appid"].is_string()).then_some(())
    })
    .await;
    console_core::testing::eventually("the trial is an authorizer", || async {
        let (s, _) = api(
            &app,
            Some(&k),
            Method::POST,
            &format!("{path}/{id}/rename"),
            Some(json!({"name": "小鹅商城"})),
        )
        .await;
        (s == StatusCode::OK).then_some(())
    })
    .await;
    let (s, b) = api(&app, Some(&k), Method::POST, &format!("{path}/{id}/verify"), Some(json!({"enterprise_name": "深圳市小鹅科技有限公司", "code": "9144030070846113", "phone": "0755-86013388"}))).await;
    assert_eq!(
        (s, b["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("code")),
        "{b}"
    );
    let (s, b) = api(&app, Some(&k), Method::POST, &format!("{path}/{id}/verify"), Some(json!({"enterprise_name": "深圳市小鹅科技有限公司", "code": "91440300708461136T", "phone": "0755-86013388"}))).await;
    assert_eq!(s, StatusCode::OK, "{b}");
}
