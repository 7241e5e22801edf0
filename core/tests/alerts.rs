//! Alerts (issue 14): a local webhook (an axum server on port 0) receives exactly one alert and
//! one resolution for a ticket outage played with the sandbox's and the console's clocks, and
//! nothing in between; two evaluators racing on one database open one incident and send one
//! alert; a failing channel is retried with backoff and its failure shown; refused pushes in
//! bulk open and close an incident. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use console_core::alerts::{self, ChannelView, NewChannel};
use console_core::events::rejections::entity as rejection;
use console_core::platforms;
use console_core::testing::{TestWorld, eventually, on_each_backend};
use console_core::{ChannelKind, events};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};
use wxopen::Secret;

const MINUTE_MS: i64 = 60_000;

/// A webhook receiver: keeps every body; answers each request with the next status of
/// `answers` (then 200) and `reply` as its body.
#[derive(Clone, Default)]
struct Receiver {
    bodies: Arc<Mutex<Vec<Value>>>,
    answers: Arc<Mutex<Vec<u16>>>,
    reply: Arc<Mutex<Value>>,
}

impl Receiver {
    async fn start(self) -> (Self, String) {
        async fn hook(
            State(r): State<Receiver>,
            Json(body): Json<Value>,
        ) -> (StatusCode, Json<Value>) {
            r.bodies.lock().unwrap().push(body);
            let status = {
                let mut a = r.answers.lock().unwrap();
                if a.is_empty() { 200 } else { a.remove(0) }
            };
            let reply = r.reply.lock().unwrap().clone();
            (StatusCode::from_u16(status).unwrap(), Json(reply))
        }
        let app = axum::Router::new()
            .route("/hook", post(hook))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (self, url)
    }

    fn bodies(&self) -> Vec<Value> {
        self.bodies.lock().unwrap().clone()
    }
}

async fn add_channel(w: &TestWorld, kind: ChannelKind, url: &str) -> ChannelView {
    let new = NewChannel::parse(kind, "值班群", url).unwrap();
    alerts::channels::add(&w.svc, w.tenant_id(), None, &new)
        .await
        .unwrap()
}

async fn evaluate_times(w: &TestWorld, n: usize) {
    for _ in 0..n {
        alerts::evaluate(&w.svc).await.unwrap();
        w.clock.advance_ms(MINUTE_MS);
    }
}

#[tokio::test]
async fn a_ticket_outage_sends_one_alert_and_one_resolution() {
    on_each_backend(
        |b| b.sandbox().platform(),
        |w| async move {
            let (rx, url) = Receiver::default().start().await;
            add_channel(&w, ChannelKind::Webhook, &url).await;
            let platform = w.component().clone();

            // All is well: nothing is sent, however often the evaluator looks.
            evaluate_times(&w, 3).await;
            assert!(rx.bodies().is_empty(), "{:?}", rx.bodies());

            // WeChat's ticket service stops; 31 minutes pass on both sides.
            let path = format!("components/{}/stop_tickets", platform.appid);
            w.control(Method::POST, &path, json!({})).await;
            w.control(Method::POST, "clock", json!({"advance_secs": 31 * 60}))
                .await;
            w.clock.advance_ms(31 * MINUTE_MS);
            events::process_pending(&w.svc).await.unwrap();
            evaluate_times(&w, 5).await;
            let bodies = rx.bodies();
            assert_eq!(bodies.len(), 1, "one alert: {bodies:?}");
            let alert = &bodies[0];
            assert_eq!(alert["event"], "opened");
            assert_eq!(alert["kind"], "no_ticket");
            let link = format!("{}/platforms/{}", w.svc.public_base_url, platform.id);
            assert_eq!(alert["link"], link.as_str());
            let text = alert["text"].as_str().unwrap();
            assert!(text.starts_with("【告警】"), "{text}");
            assert!(
                text.contains(&platform.name) && text.contains(&link),
                "{text}"
            );
            assert!(!text.contains(&url));

            // The operator has WeChat push a ticket again: the incident resolves, once.
            platforms::start_push_ticket(&w.svc, w.tenant_id(), platform.id)
                .await
                .unwrap();
            eventually("the new ticket to be stored", || async {
                events::process_pending(&w.svc).await.unwrap();
                let p = platforms::get(&w.svc, w.tenant_id(), platform.id)
                    .await
                    .unwrap();
                p.alarms.is_empty().then_some(())
            })
            .await;
            evaluate_times(&w, 5).await;
            let bodies = rx.bodies();
            assert_eq!(bodies.len(), 2, "one resolution: {bodies:?}");
            assert_eq!(bodies[1]["event"], "resolved");
            assert_eq!(bodies[1]["incident_id"], alert["incident_id"]);
            assert!(
                bodies[1]["text"]
                    .as_str()
                    .unwrap()
                    .starts_with("【已恢复】")
            );

            // The overview's history: opened and resolved, each message sent.
            let history = alerts::recent(&w.svc, w.tenant_id(), 10).await.unwrap();
            assert_eq!(history.len(), 1);
            assert!(history[0].resolved_at.is_some());
            assert_eq!(history[0].opened.sent, 1);
            assert_eq!(history[0].resolved.sent, 1);
            assert_eq!(history[0].path, format!("/platforms/{}", platform.id));
        },
    )
    .await;
}

#[tokio::test]
async fn two_evaluators_racing_open_one_incident_and_send_one_alert() {
    on_each_backend(
        |b| b.platform(),
        |w| async move {
            let (rx, url) = Receiver::default().start().await;
            add_channel(&w, ChannelKind::Webhook, &url).await;
            let other = w.services("other-instance");
            // No ticket ever, 31 minutes after the platform was added.
            w.clock.advance_ms(31 * MINUTE_MS);
            for _ in 0..5 {
                let (a, b) = tokio::join!(alerts::evaluate(&w.svc), alerts::evaluate(&other));
                a.unwrap();
                b.unwrap();
            }
            let bodies = rx.bodies();
            assert_eq!(bodies.len(), 1, "{bodies:?}");
            assert_eq!(bodies[0]["event"], "opened");

            // A ticket arrives; both resolve at once: one "resolved".
            let m = w.component().clone();
            platforms::store_ticket(
                &w.svc,
                &m,
                &Secret::new("ticket@@@x".to_string()),
                w.svc.now(),
            )
            .await
            .unwrap();
            for _ in 0..5 {
                let (a, b) = tokio::join!(alerts::evaluate(&w.svc), alerts::evaluate(&other));
                a.unwrap();
                b.unwrap();
            }
            let bodies = rx.bodies();
            assert_eq!(bodies.len(), 2, "{bodies:?}");
            assert_eq!(bodies[1]["event"], "resolved");
            assert_eq!(
                alerts::recent(&w.svc, w.tenant_id(), 10)
                    .await
                    .unwrap()
                    .len(),
                1
            );
        },
    )
    .await;
}

#[tokio::test]
async fn a_failing_channel_is_retried_with_backoff_and_its_failure_shown() {
    on_each_backend(
        |b| b.platform(),
        |w| async move {
            let receiver = Receiver::default();
            receiver.answers.lock().unwrap().push(500);
            let (rx, url) = receiver.start().await;
            let ch = add_channel(&w, ChannelKind::Webhook, &url).await;
            w.clock.advance_ms(31 * MINUTE_MS);

            alerts::evaluate(&w.svc).await.unwrap();
            let seen = alerts::channels::get(&w.svc, w.tenant_id(), ch.id)
                .await
                .unwrap();
            assert_eq!(seen.last_delivery_ok, Some(false));
            assert!(seen.last_delivery_error.unwrap().en.contains("500"));
            let h = alerts::recent(&w.svc, w.tenant_id(), 10).await.unwrap();
            assert_eq!((h[0].opened.pending, h[0].opened.sent), (1, 0));

            // Not again before its backoff (30 s and more).
            alerts::evaluate(&w.svc).await.unwrap();
            assert_eq!(rx.bodies().len(), 1);
            w.clock.advance_ms(2 * MINUTE_MS);
            alerts::evaluate(&w.svc).await.unwrap();
            assert_eq!(rx.bodies().len(), 2);
            let seen = alerts::channels::get(&w.svc, w.tenant_id(), ch.id)
                .await
                .unwrap();
            assert_eq!(seen.last_delivery_ok, Some(true));
            let h = alerts::recent(&w.svc, w.tenant_id(), 10).await.unwrap();
            assert_eq!((h[0].opened.pending, h[0].opened.sent), (0, 1));
            assert_eq!(
                rx.bodies()[0],
                rx.bodies()[1],
                "the same alert, tried again"
            );
        },
    )
    .await;
}

#[tokio::test]
async fn robots_get_their_shapes_and_their_refusals_are_failures() {
    on_each_backend(
        |b| b.platform(),
        |w| async move {
            let receiver = Receiver::default();
            *receiver.reply.lock().unwrap() = json!({"errcode": 0, "errmsg": "ok"});
            let (rx, url) = receiver.start().await;
            // Loopback robots: on their vendors' hosts otherwise.
            let wecom = add_channel(&w, ChannelKind::WeCom, &format!("{url}?key=s3cr3t-key")).await;
            assert!(!wecom.url_masked.contains("s3cr3t"), "{}", wecom.url_masked);
            let feishu = add_channel(&w, ChannelKind::Feishu, &url).await;
            alerts::send_test(&w.svc, w.tenant_id(), wecom.id)
                .await
                .unwrap();
            alerts::send_test(&w.svc, w.tenant_id(), feishu.id)
                .await
                .unwrap();
            let bodies = rx.bodies();
            assert_eq!(bodies[0]["msgtype"], "text");
            assert!(
                bodies[0]["text"]["content"]
                    .as_str()
                    .unwrap()
                    .starts_with("【测试】")
            );
            assert_eq!(bodies[1]["msg_type"], "text");
            assert!(
                bodies[1]["content"]["text"]
                    .as_str()
                    .unwrap()
                    .contains("[Test]")
            );

            // The robot refuses (HTTP 200, errcode): a failure, with its code.
            *rx.reply.lock().unwrap() = json!({"errcode": 93000, "errmsg": "invalid webhook url"});
            let e = alerts::send_test(&w.svc, w.tenant_id(), wecom.id)
                .await
                .unwrap_err();
            assert!(e.public_message().en.contains("93000"), "{e}");
            let seen = alerts::channels::get(&w.svc, w.tenant_id(), wecom.id)
                .await
                .unwrap();
            assert_eq!(seen.last_delivery_ok, Some(false));

            // Sealed at rest: the stored row does not hold the URL.
            let row = alerts::entity::channel::Entity::find_by_id(wecom.id)
                .one(w.svc.db.conn())
                .await
                .unwrap()
                .unwrap();
            assert!(!row.url_enc.contains("s3cr3t"));
            alerts::channels::remove(&w.svc, w.tenant_id(), wecom.id)
                .await
                .unwrap();
            assert_eq!(
                alerts::channels::list(&w.svc, w.tenant_id())
                    .await
                    .unwrap()
                    .len(),
                1
            );
        },
    )
    .await;
}

#[tokio::test]
async fn pushes_refused_in_bulk_open_an_incident_that_a_quiet_window_resolves() {
    on_each_backend(
        |b| b.platform(),
        |w| async move {
            let (rx, url) = Receiver::default().start().await;
            add_channel(&w, ChannelKind::Webhook, &url).await;
            // A ticket, so that the platform raises no other alarm.
            let m = w.component().clone();
            platforms::store_ticket(
                &w.svc,
                &m,
                &Secret::new("ticket@@@x".to_string()),
                w.svc.now(),
            )
            .await
            .unwrap();
            let set = |n: i64| rejection::ActiveModel {
                component_appid: Set(m.appid.clone()),
                reason: Set("bad_signature".into()),
                count: Set(n),
                last_at: Set(w.svc.now()),
            };
            set(10).insert(w.svc.db.conn()).await.unwrap();
            alerts::evaluate(&w.svc).await.unwrap(); // the window starts at 10
            set(59).update(w.svc.db.conn()).await.unwrap();
            alerts::evaluate(&w.svc).await.unwrap();
            assert!(rx.bodies().is_empty(), "49 is not bulk");
            set(60).update(w.svc.db.conn()).await.unwrap();
            evaluate_times(&w, 3).await;
            let bodies = rx.bodies();
            assert_eq!(bodies.len(), 1, "{bodies:?}");
            assert_eq!(bodies[0]["kind"], "push_refusals");

            // The window closes with 50 (still bulk), the next with none: resolved.
            w.clock.advance_ms(10 * MINUTE_MS);
            alerts::evaluate(&w.svc).await.unwrap();
            assert_eq!(rx.bodies().len(), 1);
            w.clock.advance_ms(10 * MINUTE_MS);
            evaluate_times(&w, 3).await;
            let bodies = rx.bodies();
            assert_eq!(bodies.len(), 2, "{bodies:?}");
            assert_eq!(bodies[1]["event"], "resolved");
        },
    )
    .await;
}
