//! A passing problem with the platform's token never costs an authorization: the code WeChat
//! never saw stays exchangeable until it expires, and the `authorized` event is retried (issue
//! 11, finding 5).

use console_core::authorization::{self, entity::exchange};
use console_core::authorizers::store;
use console_core::events;
use console_core::testing::{TestWorld, on_each_backend};
use console_core::tokens;
use console_core::{AuthorizerStatus, EventStatus};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn authorized_event(w: &TestWorld) -> events::entity::Model {
    events::entity::Entity::find()
        .filter(events::entity::Column::InfoType.eq("authorized"))
        .one(w.svc.db.conn())
        .await
        .unwrap()
        .expect("the authorized push is stored")
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn claims(w: &TestWorld) -> u64 {
    exchange::Entity::find()
        .count(w.svc.db.conn())
        .await
        .unwrap()
}

/// The platform's token expires and WeChat refuses new ones for a while: refreshes back off.
#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn token_backs_off(w: &TestWorld) {
    w.expire_component_token().await;
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_component_token", "kind": "errcode", "value": -1, "count": 1000}),
    )
    .await;
    assert!(
        tokens::component_token(&w.svc, w.component().id)
            .await
            .is_err()
    );
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn a_token_in_backoff_delays_the_exchange_but_never_loses_it_in(w: TestWorld) {
    let appid = w.account("退避公众号");
    let code = wxopen::Secret::new(w.administrator_confirms(&appid, &[1, 2]).await);
    token_backs_off(&w).await;

    // The redirect page meets the backoff: a retryable error, no claim left behind.
    let err = authorization::exchange_code(&w.svc, w.component(), &code)
        .await
        .unwrap_err();
    assert!(err.is_retryable(), "{err}");
    assert_eq!(claims(&w).await, 0, "the claim is released, not failed");

    // So does the `authorized` event: it waits for its next attempt instead of failing.
    events::process_pending(&w.svc).await.unwrap();
    let ev = authorized_event(&w).await;
    assert_eq!(ev.status, EventStatus::Pending, "{:?}", ev.result_en);
    assert_eq!(claims(&w).await, 0);

    // WeChat recovers; once both backoffs are over the event exchanges the code.
    w.control(Method::DELETE, "faults", Value::Null).await;
    w.clock.advance_ms(60_000);
    events::process_pending(&w.svc).await.unwrap();
    let ev = authorized_event(&w).await;
    assert_eq!(ev.status, EventStatus::Done, "{:?}", ev.result_en);
    let a = store::find(&w.svc, w.component().id, &appid)
        .await
        .unwrap()
        .expect("the authorizer");
    assert_eq!(a.status, AuthorizerStatus::Authorized);
    assert!(store::refresh_token(&w.svc, &a).unwrap().is_some());
    assert_eq!(w.calls("api_query_auth").await, 1);
}

#[tokio::test]
async fn a_token_in_backoff_delays_the_exchange_but_never_loses_it() {
    on_each_backend(
        |b| b.sandbox().platform(),
        a_token_in_backoff_delays_the_exchange_but_never_loses_it_in,
    )
    .await;
}

#[tokio::test]
#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn an_event_whose_code_expired_during_the_backoff_ends_with_the_reason() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.account("过期退避公众号");
    let _ = w.administrator_confirms(&appid, &[1]).await;
    token_backs_off(&w).await;
    events::process_pending(&w.svc).await.unwrap();
    assert_eq!(authorized_event(&w).await.status, EventStatus::Pending);
    // The problem outlasts the code's ten minutes: no retry can help any more.
    w.clock.advance_ms(11 * 60_000);
    events::process_pending(&w.svc).await.unwrap();
    let ev = authorized_event(&w).await;
    assert_eq!(ev.status, EventStatus::Failed);
    let en = ev.result_en.unwrap_or_default();
    assert!(en.contains("expired before it could be exchanged"), "{en}");
    assert!(en.contains("-1"), "WeChat's own reason is named: {en}");
}
