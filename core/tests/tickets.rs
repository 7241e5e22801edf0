//! WeChat's ticket service can stop (reference B24): the console raises its no-ticket alarm, and
//! its "push the ticket again" button (`api_start_push_ticket`) restarts the service.

use console_core::events;
use console_core::platforms::{self, Alarm};
use console_core::testing::{TestWorld, eventually};
use reqwest::Method;
use serde_json::json;

const MINUTE_MS: i64 = 60_000;

#[allow(clippy::unwrap_used)]
async fn alarms(w: &TestWorld) -> Vec<Alarm> {
    platforms::get(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap()
        .alarms
}

#[tokio::test]
async fn a_stopped_ticket_service_raises_the_alarm_and_the_button_restarts_it() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    assert!(alarms(&w).await.is_empty());
    let path = format!("components/{}/stop_tickets", w.component().appid);
    let stopped = w.control(Method::POST, &path, json!({})).await;
    assert_eq!(stopped["ticket_service"], "stopped");

    // Forty minutes pass on both sides: WeChat pushes nothing.
    w.control(Method::POST, "clock", json!({"advance_secs": 40 * 60}))
        .await;
    w.clock.advance_ms(40 * MINUTE_MS);
    events::process_pending(&w.svc).await.unwrap();
    let a = alarms(&w).await;
    assert!(
        a.iter()
            .any(|a| matches!(a, Alarm::NoTicket { last_ms: Some(_) })),
        "{a:?}"
    );

    // The operator presses the button: WeChat restarts the service and pushes a ticket at once.
    platforms::start_push_ticket(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    let info = w
        .control(
            Method::GET,
            &format!("components/{}", w.component().appid),
            serde_json::Value::Null,
        )
        .await;
    assert_eq!(info["ticket_service"], "running");
    eventually("the new ticket to clear the alarm", || async {
        events::process_pending(&w.svc).await.unwrap();
        alarms(&w).await.is_empty().then_some(())
    })
    .await;
}
