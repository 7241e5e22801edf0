//! A database outage (issue 13): PostgreSQL behind a proxy the test cuts for about ten seconds.
//! Pushes are answered 5xx within WeChat's five seconds (so WeChat retries; nothing is
//! acknowledged and lost), the platform API answers 503 `database_unavailable`, a staff page
//! says so in both languages, and everything recovers by itself once the database is back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use std::time::{Duration, Instant};

use console_core::api_keys::{self, Creator, NewApiKey};
use console_core::events::entity as event;
use console_core::testing::{TestDb, eventually};
use console_core::{ApiScope, EventStatus};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::Value;

use crate::helpers::{Browser, INTERNAL_TEXT, TestApp, never_shown};
use crate::tcp_proxy::TcpProxy;

/// How long the database stays away.
const OUTAGE: Duration = Duration::from_secs(10);
/// WeChat waits this long for an answer before it counts a push as failed.
const WECHAT_WAIT: Duration = Duration::from_secs(5);

fn ticket_xml(appid: &str, ticket: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    format!(
        "<xml><AppId><![CDATA[{appid}]]></AppId><CreateTime>{now}</CreateTime>\
         <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
         <ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>"
    )
}

/// Posts `xml` sealed for the app's platform to its event URL, as WeChat does.
async fn push(app: &TestApp, xml: &str) -> (StatusCode, String, Duration) {
    let (q, body) = app.seal_push(xml);
    let url = format!(
        "{}/wechat/{}/events?timestamp={}&nonce={}&msg_signature={}&encrypt_type=aes",
        app.base_url,
        app.component().appid,
        q.timestamp.unwrap(),
        q.nonce.unwrap(),
        q.msg_signature.unwrap()
    );
    let started = Instant::now();
    let res = reqwest::Client::new()
        .post(url)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.text().await.unwrap(), started.elapsed())
}

async fn platforms(app: &TestApp, key: &str) -> (StatusCode, Value) {
    let res = reqwest::Client::new()
        .get(format!("{}/api/v1/platforms", app.base_url))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_database_outage_is_answered_5xx_and_everything_recovers_by_itself() {
    let Some(pg) = TestDb::postgres().await else {
        eprintln!("skipped: PostgreSQL is not configured (TEST_DATABASE_URL)");
        return;
    };
    let host = url::Url::parse(&pg.url).unwrap();
    let proxy = TcpProxy::start(format!(
        "{}:{}",
        host.host_str().unwrap(),
        host.port().unwrap_or(5432)
    ))
    .await;
    let app = TestApp::builder()
        .url(&proxy.url_for(&pg.url))
        .sandbox()
        .platform()
        .build()
        .await;
    let (_, key) = api_keys::create(
        &app.svc,
        app.tenant_id(),
        &Creator {
            user_id: None,
            name: "outage".into(),
        },
        &NewApiKey {
            name: "outage".into(),
            scopes: vec![ApiScope::Tokens],
            platforms: vec![],
        },
    )
    .await
    .unwrap();
    never_shown(key.expose());
    let key = key.expose().to_string();
    let alice = Browser::signed_in(&app, "alice", "alice-password").await;
    assert_eq!(platforms(&app, &key).await.0, StatusCode::OK);
    assert_eq!(alice.page("/").await.0, StatusCode::OK);

    let before = event::Entity::find().all(pg.db.conn()).await.unwrap().len();
    proxy.cut();
    let cut_at = Instant::now();

    // A push: refused with a 5xx before WeChat gives up, so WeChat sends it again.
    let lost = ticket_xml(&app.component().appid, "ticket@@@during-outage");
    let (status, _, took) = push(&app, &lost).await;
    assert!(status.is_server_error(), "push during the outage: {status}");
    assert!(took < WECHAT_WAIT, "push answered after {took:?}");

    // The platform API: 503 with its stable code and a Retry-After.
    let (status, body) = platforms(&app, &key).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["code"], "database_unavailable", "{body}");

    // A staff page: a clear bilingual page, no raw error.
    let res = alice
        .client
        .get(format!("{}/", app.base_url))
        .send()
        .await
        .unwrap();
    let status = res.status();
    let page = res.text().await.unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{page}");
    assert!(
        page.contains("数据库") && page.to_lowercase().contains("database"),
        "{page}"
    );
    for marker in INTERNAL_TEXT {
        assert!(!page.contains(marker), "{marker:?} shown: {page}");
    }
    assert!(
        cut_at.elapsed() < OUTAGE,
        "the checks took {:?}",
        cut_at.elapsed()
    );
    tokio::time::sleep(OUTAGE.saturating_sub(cut_at.elapsed())).await;
    // Still failing fast, still not acknowledged.
    let (status, _, took) = push(&app, &lost).await;
    assert!(
        status.is_server_error() && took < WECHAT_WAIT,
        "{status} {took:?}"
    );
    // Nothing was stored while the database was away (its own connection says so).
    assert_eq!(
        event::Entity::find().all(pg.db.conn()).await.unwrap().len(),
        before
    );

    proxy.restore();

    // WeChat retries the push: stored, acknowledged, processed by the worker on its own.
    eventually("the retried push is acknowledged", || async {
        let (status, body, _) = push(&app, &lost).await;
        (status == StatusCode::OK && body == "success").then_some(())
    })
    .await;
    eventually("the retried push is processed", || async {
        let rows = event::Entity::find().all(pg.db.conn()).await.unwrap();
        let newest = rows.iter().max_by_key(|r| r.id)?;
        (rows.len() == before + 1 && newest.status == EventStatus::Done).then_some(())
    })
    .await;
    eventually("the platform API answers again", || async {
        (platforms(&app, &key).await.0 == StatusCode::OK).then_some(())
    })
    .await;
    eventually("the staff page opens again", || async {
        (alice.page("/").await.0 == StatusCode::OK).then_some(())
    })
    .await;
}
