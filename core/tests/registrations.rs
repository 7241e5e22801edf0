//! Fast-registration pushes in the shapes WeChat really sends (reference B23): the new mini
//! program's `authorized` push comes before the registration notify, and a failure can arrive
//! bare (`status` -1, a message, no appid, no info). Each is processed without error.

use console_core::EventStatus;
use console_core::authorizers::store;
use console_core::events::{self, EventFilter};
use console_core::testing::{TestWorld, eventually};
use console_core::tokens;
use reqwest::Method;
use serde_json::json;

#[allow(clippy::unwrap_used)]
async fn start_personal(w: &TestWorld, wxuser: &str) -> String {
    let cat = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    w.svc
        .wechat
        .fast_register_personal(&cat.token, wxuser, "13800000000")
        .await
        .unwrap()
        .taskid
        .unwrap()
}

#[allow(clippy::unwrap_used)]
async fn processed(w: &TestWorld) -> Vec<events::EventRow> {
    eventually("every event to be processed", || async {
        events::process_pending(&w.svc).await.unwrap();
        let page = events::list(
            &w.svc,
            w.tenant_id(),
            &EventFilter {
                page: 1,
                per_page: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        page.items
            .iter()
            .all(|e| e.status != EventStatus::Pending && e.status != EventStatus::Processing)
            .then_some(page.items)
    })
    .await
}

#[tokio::test]
async fn the_authorized_push_before_the_notify_and_a_bare_failure_are_both_handled() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let taskid = start_personal(&w, "fastreg_user_1").await;
    let r = w
        .control(
            Method::POST,
            &format!("registrations/{taskid}/confirm"),
            json!({}),
        )
        .await;
    let appid = r["registration"]["appid"]
        .as_str()
        .or_else(|| r["appid"].as_str())
        .map(str::to_string);
    let events = processed(&w).await;
    let kinds: Vec<&str> = events.iter().map(|e| e.info_type.as_str()).collect();
    let notify = kinds
        .iter()
        .position(|k| *k == "notify_third_fasteregister");
    let authorized = kinds.iter().position(|k| *k == "authorized");
    // Newest first: the notify came after the authorization.
    assert!(
        matches!((notify, authorized), (Some(n), Some(a)) if n < a),
        "{kinds:?}"
    );
    assert!(
        events.iter().all(|e| e.status == EventStatus::Done),
        "{events:#?}"
    );
    let new_appid = events
        .iter()
        .find(|e| e.info_type == "authorized")
        .and_then(|e| e.authorizer_appid.clone())
        .unwrap();
    if let Some(a) = appid {
        assert_eq!(a, new_appid);
    }
    let mp = store::find(&w.svc, w.component().id, &new_appid)
        .await
        .unwrap()
        .expect("the new mini program is an authorizer");
    assert_eq!(mp.status, console_core::AuthorizerStatus::Authorized);

    // A second task fails bare: no appid, no info, status -1.
    let taskid = start_personal(&w, "fastreg_user_2").await;
    w.control(
        Method::POST,
        &format!("registrations/{taskid}/fail_bare"),
        json!({}),
    )
    .await;
    let events = processed(&w).await;
    let bare = events
        .iter()
        .find(|e| e.info_type == "notify_third_fasteregister" && e.authorizer_appid.is_none())
        .expect("the bare failure is stored");
    assert_eq!(bare.status, EventStatus::Done, "{bare:#?}");
    let result = bare.result.clone().unwrap();
    assert!(
        result.zh.contains("-1") && result.zh.contains("authorize third party failed"),
        "{result:?}"
    );
}
