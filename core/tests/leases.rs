//! Leases hold while the work takes long, and a worker that lost its lease writes nothing: a token
//! refresh (30 s lease) renews it after every page of the 61023 recovery and stores its result
//! only while it still holds it; an event batch (60 s lease) is renewed after every event (issue
//! 11, finding 7). Time is the console's clock, moved by the test while WeChat is slow.

use console_core::events::{self, entity as event};
use console_core::testing::{TestWorld, eventually, on_each_backend};
use console_core::tokens::{self, TokenKey, entity as access_token};
use console_core::{EventStatus, Services};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

/// The token leases' length (`TokenConfig::default`).
const TOKEN_LEASE_MS: i64 = 30_000;
/// The event worker's lease.
const EVENT_LEASE_MS: i64 = 60_000;

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn token_row(w: &TestWorld, appid: &str) -> access_token::Model {
    access_token::Entity::find()
        .filter(access_token::Column::ComponentId.eq(w.component().id))
        .filter(access_token::Column::AuthorizerAppid.eq(appid))
        .one(w.svc.db.conn())
        .await
        .unwrap()
        .expect("the token's row")
}

async fn slow(w: &TestWorld, endpoint: &str, ms: u64, count: u32) {
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": endpoint, "kind": "latency", "value": ms, "count": count}),
    )
    .await;
}

/// An authorized account whose token the test refreshes, and a second console instance.
async fn account(w: &TestWorld, name: &str) -> (String, TokenKey, Services) {
    let appid = w.account(name);
    w.authorize(&appid, &[1, 2]).await;
    let key = TokenKey::authorizer(w.component().id, appid.clone());
    (appid, key, w.services("instance-b"))
}

#[allow(clippy::unwrap_used)]
async fn a_refresh_that_lost_its_lease_stores_nothing_in(w: TestWorld) {
    let (appid, key, b) = account(&w, "租约公众号").await;
    slow(&w, "api_authorizer_token", 1_500, 1).await;
    let a = {
        let (svc, key) = (w.svc.clone(), key.clone());
        tokio::spawn(async move { tokens::refresh_now(&svc, &key).await })
    };
    eventually("instance A to take the lease", || async {
        (token_row(&w, &appid).await.lease_owner.as_deref() == Some("instance-a")).then_some(())
    })
    .await;
    // A waits on WeChat past its lease; B takes the token over and refreshes it.
    w.clock.advance_ms(TOKEN_LEASE_MS + 1_000);
    let by_b = tokens::refresh_now(&b, &key).await.unwrap();
    a.await.unwrap().unwrap();
    // A's late answer did not overwrite B's token.
    let stored = tokens::authorizer_token(&w.services("instance-c"), w.component().id, &appid)
        .await
        .unwrap();
    assert_eq!(stored.token.expose(), by_b.token.expose());
    assert_eq!(stored.version, by_b.version);
}

#[allow(clippy::unwrap_used)]
async fn the_61023_recovery_renews_its_lease_page_by_page_in(w: TestWorld) {
    let (appid, key, b) = account(&w, "恢复租约公众号").await;
    // The merchant authorized again unseen: the stored refresh token is rejected (61023).
    let _ = w.administrator_confirms(&appid, &[1, 2, 3]).await;
    slow(&w, "api_authorizer_token", 1_000, 2).await;
    slow(&w, "api_get_authorizer_list", 1_500, 1).await;
    let lease_taken_at = w.svc.now();
    let a = {
        let (svc, key) = (w.svc.clone(), key.clone());
        tokio::spawn(async move { tokens::refresh_now(&svc, &key).await })
    };
    // A reads the authorizer list (slow) after its first refresh was rejected.
    eventually("the rejected refresh", || async {
        (w.calls("api_authorizer_token").await == 1).then_some(())
    })
    .await;
    w.clock.advance_ms(TOKEN_LEASE_MS * 2 / 3);
    // After the page, the lease runs from then.
    eventually("the lease renewed after the page", || async {
        let until = token_row(&w, &appid).await.lease_until.unwrap_or(0);
        (until > lease_taken_at + TOKEN_LEASE_MS).then_some(())
    })
    .await;
    // Past the first lease's end, while A still retries with the recovered token: B stays out.
    w.clock.advance_ms(TOKEN_LEASE_MS * 2 / 3);
    tokens::refresh_now(&b, &key).await.unwrap();
    a.await.unwrap().unwrap();
    assert_eq!(
        w.calls("api_authorizer_token").await,
        2,
        "only A asked WeChat: the rejected refresh and the retry with the recovered token"
    );
    assert_eq!(w.calls("api_get_authorizer_list").await, 1);
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn authorized_events(w: &TestWorld) -> Vec<event::Model> {
    event::Entity::find()
        .filter(event::Column::InfoType.eq("authorized"))
        .order_by_asc(event::Column::Id)
        .all(w.svc.db.conn())
        .await
        .unwrap()
}

#[allow(clippy::unwrap_used)]
async fn a_slow_event_does_not_let_the_rest_of_its_batch_go_in(w: TestWorld) {
    for name in ["批次公众号一", "批次公众号二"] {
        let _ = w.administrator_confirms(&w.account(name), &[1]).await;
    }
    let claimed_at = w.svc.now();
    slow(&w, "api_query_auth", 1_500, 2).await;
    let a = {
        let svc = w.svc.clone();
        tokio::spawn(async move { events::process_pending(&svc).await })
    };
    eventually("instance A to claim both events", || async {
        let evs = authorized_events(&w).await;
        (evs.len() == 2
            && evs
                .iter()
                .all(|e| e.locked_by.as_deref() == Some("instance-a")))
        .then_some(())
    })
    .await;
    // The first event's exchange waits on WeChat while time passes.
    w.clock.advance_ms(EVENT_LEASE_MS * 2 / 3);
    eventually(
        "the second event's lease renewed after the first",
        || async {
            let until = authorized_events(&w).await[1].locked_until.unwrap_or(0);
            (until > claimed_at + EVENT_LEASE_MS).then_some(())
        },
    )
    .await;
    // Past the batch's first lease: another instance finds nothing to take.
    w.clock.advance_ms(EVENT_LEASE_MS * 2 / 3);
    let b = events::process_pending(&w.services("instance-b"))
        .await
        .unwrap();
    assert_eq!(b, 0, "instance B took over an event A still works on");
    assert_eq!(a.await.unwrap().unwrap(), 2);
    for e in authorized_events(&w).await {
        assert_eq!(e.status, EventStatus::Done, "{:?}", e.result_en);
        assert_eq!(e.attempts, 1);
    }
    assert_eq!(w.calls("api_query_auth").await, 2);
}

#[tokio::test]
async fn a_refresh_that_lost_its_lease_stores_nothing() {
    on_each_backend(
        |b| b.sandbox().platform(),
        a_refresh_that_lost_its_lease_stores_nothing_in,
    )
    .await;
}

#[tokio::test]
async fn the_61023_recovery_renews_its_lease_page_by_page() {
    on_each_backend(
        |b| b.sandbox().platform(),
        the_61023_recovery_renews_its_lease_page_by_page_in,
    )
    .await;
}

#[tokio::test]
async fn a_slow_event_does_not_let_the_rest_of_its_batch_go() {
    on_each_backend(
        |b| b.sandbox().platform(),
        a_slow_event_does_not_let_the_rest_of_its_batch_go_in,
    )
    .await;
}
