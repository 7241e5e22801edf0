//! Forwarding authorizers' messages to the tenant's webhook on a bad day: the webhook is down,
//! deliveries are retried with backoff (on the console's clock) and none is lost; a delivery
//! whose instance died is taken over once its lease ends.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use console_core::messages::{self, Delivery, JobStatus, MessageFilter, MessageJob};
use console_core::platforms::{self, WebhookUrl};
use console_core::testing::{TestDb, TestWorld, eventually};
use console_core::{MessageId, TenantId};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

const HOUR_MS: i64 = 3_600_000;

#[derive(Clone, Default)]
struct Hook {
    down: Arc<AtomicBool>,
    /// Ids of the messages delivered successfully, in order.
    delivered: Arc<Mutex<Vec<MessageId>>>,
    refused: Arc<Mutex<u32>>,
}

#[allow(clippy::unwrap_used)]
async fn hook(State(h): State<Hook>, body: Bytes) -> StatusCode {
    if h.down.load(Ordering::SeqCst) {
        *h.refused.lock().unwrap() += 1;
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let d: Delivery = serde_json::from_slice(&body).unwrap();
    h.delivered.lock().unwrap().push(d.id);
    StatusCode::OK
}

#[allow(clippy::unwrap_used)]
async fn start_hook() -> (String, Hook) {
    let h = Hook::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/in", listener.local_addr().unwrap());
    let app = Router::new().route("/in", post(hook)).with_state(h.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, h)
}

#[allow(clippy::unwrap_used)]
async fn all(w: &TestWorld) -> Vec<messages::MessageRow> {
    messages::list(
        &w.svc,
        w.tenant_id(),
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

#[allow(clippy::unwrap_used)]
async fn setup(t: TestDb) -> (TestWorld, String, Hook) {
    let w = TestWorld::builder()
        .db(t)
        .sandbox()
        .platform()
        .build()
        .await;
    let appid = w.account("转发公众号");
    w.authorize(&appid, &[1]).await;
    let (url, h) = start_hook().await;
    platforms::set_webhook(
        &w.svc,
        w.tenant_id(),
        w.component().id,
        Some(&WebhookUrl::parse(&url).unwrap()),
    )
    .await
    .unwrap();
    // The row above was read before the webhook was set.
    (w, appid, h)
}

async fn user_says(w: &TestWorld, appid: &str, content: &str) {
    let r = w
        .control(
            Method::POST,
            "messages",
            json!({"component_appid": w.component().appid, "authorizer_appid": appid, "content": content}),
        )
        .await;
    assert_eq!(r["raw_reply"], "success", "{r}");
}

#[tokio::test]
async fn a_webhook_that_is_down_gets_every_message_once_it_is_back() {
    for t in TestDb::all().await {
        let (w, appid, h) = setup(t).await;
        h.down.store(true, Ordering::SeqCst);
        for i in 0..5 {
            user_says(&w, &appid, &format!("第 {i} 条")).await;
        }
        // The first attempts failed while WeChat was answered (each finishes in the background
        // of its answer); the messages wait for a retry.
        let rows = eventually("the first attempts to finish", || async {
            let rows = all(&w).await;
            rows.iter()
                .all(|m| m.status != JobStatus::Processing)
                .then_some(rows)
        })
        .await;
        assert_eq!(rows.len(), 5);
        assert!(
            rows.iter()
                .all(|m| m.status == JobStatus::Pending && m.job == MessageJob::Forward),
            "{rows:#?}"
        );
        assert!(rows.iter().all(|m| m.http_status == Some(503)));
        // Not due yet: nothing is sent before its backoff.
        assert_eq!(messages::process_due(&w.svc).await.unwrap(), 0);
        // Hours later, still down: retried, and still waiting.
        for _ in 0..3 {
            w.clock.advance_ms(HOUR_MS);
            assert_eq!(messages::process_due(&w.svc).await.unwrap(), 5);
        }
        assert!(
            all(&w)
                .await
                .iter()
                .all(|m| m.status == JobStatus::Pending && m.attempts == 4)
        );
        // Back up: every message arrives, exactly once.
        h.down.store(false, Ordering::SeqCst);
        w.clock.advance_ms(HOUR_MS);
        assert_eq!(messages::process_due(&w.svc).await.unwrap(), 5);
        let rows = all(&w).await;
        assert!(
            rows.iter().all(|m| m.status == JobStatus::Done),
            "{rows:#?}"
        );
        let mut delivered = h.delivered.lock().unwrap().clone();
        delivered.sort_unstable();
        let mut ids: Vec<MessageId> = rows.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        assert_eq!(delivered, ids, "each message once, none lost");
        assert_eq!(*h.refused.lock().unwrap(), 5 * 4);
        w.clock.advance_ms(HOUR_MS);
        assert_eq!(
            messages::process_due(&w.svc).await.unwrap(),
            0,
            "nothing left"
        );
    }
}

#[tokio::test]
async fn a_delivery_whose_instance_died_is_taken_over_after_its_lease() {
    let (w, appid, h) = setup(TestDb::sqlite().await).await;
    h.down.store(true, Ordering::SeqCst);
    user_says(&w, &appid, "接管").await;
    let id = all(&w).await[0].id;
    // Another instance claimed it and was killed mid-delivery.
    use console_core::messages::entity;
    entity::Entity::update_many()
        .col_expr(
            entity::Column::Status,
            sea_orm::sea_query::Expr::value("processing"),
        )
        .col_expr(
            entity::Column::LockedBy,
            sea_orm::sea_query::Expr::value("dead-instance"),
        )
        .col_expr(
            entity::Column::LockedUntil,
            sea_orm::sea_query::Expr::value(w.svc.now() + 60_000),
        )
        .filter(entity::Column::Id.eq(id))
        .exec(w.svc.db.conn())
        .await
        .unwrap();
    h.down.store(false, Ordering::SeqCst);
    w.clock.advance_ms(30_000);
    assert_eq!(
        messages::process_due(&w.svc).await.unwrap(),
        0,
        "still leased"
    );
    w.clock.advance_ms(31_000);
    assert_eq!(
        messages::process_due(&w.svc).await.unwrap(),
        1,
        "taken over"
    );
    assert_eq!(h.delivered.lock().unwrap().as_slice(), &[id]);
    assert_eq!(all(&w).await[0].status, JobStatus::Done);
}

#[tokio::test]
async fn staff_can_deliver_a_message_again_at_once() {
    let (w, appid, h) = setup(TestDb::sqlite().await).await;
    h.down.store(true, Ordering::SeqCst);
    user_says(&w, &appid, "马上重试").await;
    let id = all(&w).await[0].id;
    h.down.store(false, Ordering::SeqCst);
    assert_eq!(messages::process_due(&w.svc).await.unwrap(), 0);
    messages::retry_now(&w.svc, w.tenant_id(), id)
        .await
        .unwrap();
    assert_eq!(messages::process_due(&w.svc).await.unwrap(), 1);
    assert_eq!(h.delivered.lock().unwrap().as_slice(), &[id]);
    // Another tenant cannot touch it.
    assert!(
        messages::retry_now(&w.svc, TenantId(w.tenant_id().get() + 1), id)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_missing_permission_set_is_named_with_its_account() {
    // The account granted user management (2) but not message management (1): WeChat answers
    // 61007 to a customer-service message (reference B20).
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.account("缺少权限的公众号");
    w.authorize(&appid, &[2]).await;
    let code = w.administrator_confirms(&appid, &[2]).await;
    let r = w
        .control(
            Method::POST,
            "messages",
            json!({"component_appid": w.component().appid, "authorizer_appid": appid, "content": format!("QUERY_AUTH_CODE:{code}")}),
        )
        .await;
    assert_eq!(
        r["raw_reply"], "",
        "the release test's API case answers empty: {r}"
    );
    // Minute by minute on the console's clock, for at most 40 minutes.
    let started = w.svc.now();
    let row = eventually("the answer to be given up", || async {
        assert!(
            w.svc.now() - started < 40 * 60_000,
            "the answer was not given up within 40 minutes"
        );
        w.clock.advance_ms(60_000);
        messages::process_due(&w.svc).await.unwrap();
        let rows = all(&w).await;
        (rows[0].status == JobStatus::Failed).then(|| rows[0].clone())
    })
    .await;
    let note = row.note.expect("explained");
    assert!(
        note.zh.contains("消息管理") && note.zh.contains(&appid),
        "{note:?}"
    );
    assert!(
        note.en.contains("Message management") && note.en.contains("61007"),
        "{note:?}"
    );
}
