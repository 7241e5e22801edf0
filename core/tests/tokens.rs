//! The token rules, against the WeChat sandbox: fetched once a ticket is there, refreshed ahead
//! of expiry, compare-and-expire on 40001, every returned refresh token persisted, 61023
//! recovered from the authorizer list or turned into "needs re-authorization", backoff on
//! transient errors, and exactly one upstream call per token with two processes.

use console_core::authorizers::store;
use console_core::testing::TestWorld;
use console_core::tokens::{self, TokenKey};
use reqwest::Method;
use serde_json::json;

const DAY_MS: i64 = 24 * 3600 * 1000;
const TOKEN_LIFE_MS: i64 = 7200 * 1000;

#[tokio::test]
async fn component_token_is_fetched_once_then_refreshed_ahead_of_expiry() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let r = tokens::sweep_once(&w.svc).await.unwrap();
    assert_eq!(
        (r.claimed, r.refreshed),
        (1, 1),
        "the first ticket makes the token due"
    );
    let first = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    assert_eq!(w.calls("api_component_token").await, 1);

    // Readers and sweeps before 75% of its life change nothing.
    w.clock.advance_ms(TOKEN_LIFE_MS * 74 / 100);
    assert_eq!(tokens::sweep_once(&w.svc).await.unwrap().claimed, 0);
    let same = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    assert_eq!(same.token.expose(), first.token.expose());
    assert_eq!(w.calls("api_component_token").await, 1);

    // At 81% it is due (80% minus up to 5% jitter) and refreshed while still valid.
    w.clock.advance_ms(TOKEN_LIFE_MS * 7 / 100);
    let r = tokens::sweep_once(&w.svc).await.unwrap();
    assert_eq!((r.claimed, r.refreshed), (1, 1));
    let second = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    assert_ne!(second.token.expose(), first.token.expose());
    assert!(second.version > first.version);
    assert!(second.expires_at > first.expires_at);
    assert_eq!(w.calls("api_component_token").await, 2);
}

#[tokio::test]
async fn compare_and_expire_only_expires_the_stored_version() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let key = TokenKey::component(w.component().id);
    let old = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    let new = tokens::refresh_now(&w.svc, &key).await.unwrap();
    assert_eq!(w.calls("api_component_token").await, 2);

    // A request that failed with the old token must not expire the new one.
    assert!(
        !tokens::expire_if_current(&w.svc, &key, old.version)
            .await
            .unwrap()
    );
    let still = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    assert_eq!(still.token.expose(), new.token.expose());
    assert_eq!(w.calls("api_component_token").await, 2);

    // With the current version it is expired and the next reader refreshes.
    assert!(
        tokens::expire_if_current(&w.svc, &key, new.version)
            .await
            .unwrap()
    );
    let fresh = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    assert_ne!(fresh.token.expose(), new.token.expose());
    assert_eq!(w.calls("api_component_token").await, 3);
}

#[tokio::test]
async fn a_40001_from_wechat_refreshes_and_retries_once() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    w.control(Method::POST, "faults", json!({"endpoint": "api_create_preauthcode", "kind": "errcode", "value": 40001, "count": 1}))
        .await;
    let appid = w.account("重试公众号");
    // administrator_confirms creates a pre-auth code through with_component_token.
    let code = w.administrator_confirms(&appid, &[1, 2]).await;
    assert!(!code.is_empty());
    assert_eq!(
        w.calls("api_create_preauthcode").await,
        2,
        "the failed call and one retry"
    );
    assert_eq!(
        w.calls("api_component_token").await,
        2,
        "one refresh after the 40001"
    );
}

#[tokio::test]
async fn every_returned_refresh_token_is_persisted() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.account("轮换公众号");
    w.authorize(&appid, &[1, 2, 3]).await;
    w.control(
        Method::PATCH,
        &format!("components/{}", w.component().appid),
        json!({"rotate_refresh_tokens": true}),
    )
    .await;
    let key = TokenKey::authorizer(w.component().id, appid.clone());
    let mut seen = Vec::new();
    for _ in 0..3 {
        tokens::refresh_now(&w.svc, &key).await.unwrap();
        let a = store::find(&w.svc, w.component().id, &appid)
            .await
            .unwrap()
            .unwrap();
        seen.push(
            store::refresh_token(&w.svc, &a)
                .unwrap()
                .unwrap()
                .into_exposed(),
        );
    }
    seen.dedup();
    assert_eq!(
        seen.len(),
        3,
        "each refresh stored the rotated refresh token"
    );
    assert_eq!(w.calls("api_authorizer_token").await, 3);
    assert_eq!(
        w.calls("api_get_authorizer_list").await,
        0,
        "no recovery was ever needed"
    );
}

#[tokio::test]
async fn a_61023_is_recovered_from_the_authorizer_list() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.account("恢复公众号");
    w.authorize(&appid, &[1, 2]).await;
    // The merchant authorizes again; the console misses the `updateauthorized` event (never
    // processed here), so it still holds the refresh token WeChat just invalidated.
    let _ = w.administrator_confirms(&appid, &[1, 2, 3]).await;
    let key = TokenKey::authorizer(w.component().id, appid.clone());
    let t = tokens::refresh_now(&w.svc, &key).await.unwrap();
    assert!(!t.token.expose().is_empty());
    assert_eq!(w.calls("api_get_authorizer_list").await, 1);
    let a = store::find(&w.svc, w.component().id, &appid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, console_core::AuthorizerStatus::Authorized);
    // The recovered token now works without recovery.
    tokens::refresh_now(&w.svc, &key).await.unwrap();
    assert_eq!(w.calls("api_get_authorizer_list").await, 1);
}

#[tokio::test]
async fn a_revoked_account_is_marked_revoked_by_its_refresh_even_without_the_push() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.account("撤销公众号");
    w.authorize(&appid, &[1]).await;
    // Revoked at WeChat; the `unauthorized` push is not processed, so only the refresh tells:
    // WeChat answers 61003 (reference B21), which means revoked, not a lost refresh token.
    w.control(
        Method::POST,
        "authorizations/revoke",
        json!({"component_appid": w.component().appid, "authorizer_appid": appid}),
    )
    .await;
    let key = TokenKey::authorizer(w.component().id, appid.clone());
    let err = tokens::refresh_now(&w.svc, &key).await.unwrap_err();
    assert!(
        err.to_string().contains("revoked its authorization"),
        "{err}"
    );
    let a = store::find(&w.svc, w.component().id, &appid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, console_core::AuthorizerStatus::Revoked);
    assert!(a.refresh_token_enc.is_none());
    assert!(a.revoked_at.is_some());
    // No recovery was attempted (the account is gone, not its token), and it is no longer swept.
    assert_eq!(w.calls("api_get_authorizer_list").await, 0);
    w.clock.advance_ms(DAY_MS);
    let before = w.calls("api_authorizer_token").await;
    tokens::sweep_once(&w.svc).await.unwrap();
    assert_eq!(w.calls("api_authorizer_token").await, before);
}

#[tokio::test]
async fn an_unrecoverable_61023_means_needs_reauthorization() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.account("失效公众号");
    w.authorize(&appid, &[1]).await;
    // WeChat refuses the refresh token, and its authorizer list has nothing newer.
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_authorizer_token", "kind": "errcode", "value": 61023, "count": 5}),
    )
    .await;
    let key = TokenKey::authorizer(w.component().id, appid.clone());
    let err = tokens::refresh_now(&w.svc, &key).await.unwrap_err();
    assert!(err.to_string().contains("authorize again"), "{err}");
    assert_eq!(
        w.calls("api_get_authorizer_list").await,
        1,
        "recovery was tried"
    );
    let a = store::find(&w.svc, w.component().id, &appid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, console_core::AuthorizerStatus::NeedsReauth);
    assert!(a.refresh_token_enc.is_none());
    // It is no longer swept.
    w.clock.advance_ms(DAY_MS);
    let before = w.calls("api_authorizer_token").await;
    tokens::sweep_once(&w.svc).await.unwrap();
    assert_eq!(w.calls("api_authorizer_token").await, before);
}

#[tokio::test]
async fn transient_failures_back_off_and_keep_the_old_token() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let first = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_component_token", "kind": "errcode", "value": -1, "count": 1}),
    )
    .await;
    w.clock.advance_ms(TOKEN_LIFE_MS * 81 / 100);
    let r = tokens::sweep_once(&w.svc).await.unwrap();
    assert_eq!((r.claimed, r.failed), (1, 1));
    // Readers still get the old, still valid token.
    let t = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    assert_eq!(t.token.expose(), first.token.expose());
    // Backing off: not retried at once.
    assert_eq!(tokens::sweep_once(&w.svc).await.unwrap().claimed, 0);
    let view = console_core::platforms::get(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    assert_eq!(view.token_failures, 1);
    assert!(view.token_last_error.unwrap_or_default().contains("-1"));
    // After the backoff it succeeds.
    w.clock.advance_ms(60_000);
    let r = tokens::sweep_once(&w.svc).await.unwrap();
    assert_eq!((r.claimed, r.refreshed), (1, 1));
    let view = console_core::platforms::get(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    assert_eq!(view.token_failures, 0);
}

#[tokio::test]
async fn whitelist_errors_record_the_egress_ip() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    w.control(
        Method::PATCH,
        &format!("components/{}", w.component().appid),
        json!({"ip_whitelist": ["10.9.8.7"]}),
    )
    .await;
    let err = tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("61004"), "{err}");
    let view = console_core::platforms::get(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    assert_eq!(view.egress_ip.as_deref(), Some("127.0.0.1"));
}

#[allow(clippy::unwrap_used)]
async fn two_processes_refresh_each_token_once(w: TestWorld) {
    let accounts: Vec<String> = (0..5)
        .map(|i| w.account(&format!("并发公众号{i}")))
        .collect();
    for a in &accounts {
        w.authorize(a, &[1, 2]).await;
    }
    let b = w.services("instance-b");
    tokens::component_token(&w.svc, w.component().id)
        .await
        .unwrap();
    w.control(Method::DELETE, "calls", serde_json::Value::Null)
        .await;

    // Every token is now due; both processes sweep and read at the same time.
    w.clock.advance_ms(TOKEN_LIFE_MS * 81 / 100);
    let reads = |svc: console_core::Services| {
        let accounts = accounts.clone();
        let component_id = w.component().id;
        async move {
            for a in &accounts {
                tokens::authorizer_token(&svc, component_id, a)
                    .await
                    .unwrap();
            }
        }
    };
    let (ra, rb, _, _) = tokio::join!(
        tokens::sweep_once(&w.svc),
        tokens::sweep_once(&b),
        reads(w.svc.clone()),
        reads(b.clone()),
    );
    ra.unwrap();
    rb.unwrap();
    // Whatever is still due (a token claimed by neither sweep) is refreshed by one more round.
    tokens::sweep_once(&w.svc).await.unwrap();
    tokens::sweep_once(&b).await.unwrap();

    assert_eq!(
        w.calls("api_component_token").await,
        1,
        "one component token refresh in all"
    );
    assert_eq!(
        w.calls("api_authorizer_token").await,
        accounts.len() as u64,
        "exactly one refresh per authorizer token"
    );
    // Both processes now hand out the same, current tokens.
    for a in &accounts {
        let ta = tokens::authorizer_token(&w.svc, w.component().id, a)
            .await
            .unwrap();
        let tb = tokens::authorizer_token(&b, w.component().id, a)
            .await
            .unwrap();
        assert_eq!(ta.token.expose(), tb.token.expose());
    }
}

#[tokio::test]
async fn two_processes_on_sqlite_refresh_each_token_once() {
    two_processes_refresh_each_token_once(TestWorld::builder().sandbox().platform().build().await)
        .await;
}

#[tokio::test]
async fn two_processes_on_postgres_refresh_each_token_once() {
    let Some(w) = TestWorld::builder()
        .postgres()
        .sandbox()
        .platform()
        .try_build()
        .await
    else {
        eprintln!("PostgreSQL not configured: skipped");
        return;
    };
    two_processes_refresh_each_token_once(w).await;
}
