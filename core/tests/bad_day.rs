//! A bad day at WeChat, short version (issue 13): for eight hours of fast clock the sandbox
//! answers a fifth of the token calls with -1, 45009, HTTP 503, a dropped connection or a slow
//! answer, and hands out a new refresh token on every refresh. No token lapses (each is refreshed
//! from 80% of its life on, with backoff, long before it expires), no refresh token is lost
//! (every authorizer refreshes once the faults stop), and the console recovers by itself.

use console_core::Clock as _;
use console_core::testing::{TestWorld, on_each_backend};
use console_core::tokens::{self, TokenKey, entity as access_token};
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::json;

/// Simulated time between two sweeps (the scheduler sweeps every 2 s; a coarser step is a
/// harsher test: fewer chances to retry before expiry).
const STEP_MS: i64 = 60_000;
/// How long the bad day lasts (under the 12 hours a ticket is valid: no new ticket needed).
const DAY_MS: i64 = 8 * 3600 * 1000;
const AUTHORIZERS: usize = 5;
const TOKEN_ENDPOINTS: [&str; 2] = ["api_component_token", "api_authorizer_token"];

#[allow(clippy::unwrap_used)]
async fn fault(w: &TestWorld, endpoint: &str, kind: &str, value: i64, rate: f64) {
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": endpoint, "kind": kind, "value": value, "rate": rate}),
    )
    .await;
}

#[allow(clippy::unwrap_used)]
async fn a_bad_day_in(w: TestWorld) {
    let appids: Vec<String> = (0..AUTHORIZERS)
        .map(|i| w.account(&format!("坏日子公众号{i}")))
        .collect();
    for a in &appids {
        w.authorize(a, &[1, 2]).await;
    }
    tokens::sweep_once(&w.svc).await.unwrap();
    w.control(
        Method::PATCH,
        &format!("components/{}", w.component().appid),
        json!({"rotate_refresh_tokens": true}),
    )
    .await;
    // About 20% of the token calls fail, each way WeChat fails.
    for ep in TOKEN_ENDPOINTS {
        fault(&w, ep, "errcode", -1, 0.05).await;
        fault(&w, ep, "errcode", 45009, 0.04).await;
        fault(&w, ep, "http_status", 503, 0.04).await;
        fault(&w, ep, "drop", 0, 0.04).await;
        fault(&w, ep, "latency", 300, 0.03).await;
    }

    let mut failures = 0;
    let mut elapsed = 0;
    while elapsed < DAY_MS {
        w.clock.advance_ms(STEP_MS);
        elapsed += STEP_MS;
        // A failed sweep (a dropped answer) is retried at the next step, as the scheduler does.
        if let Ok(r) = tokens::sweep_once(&w.svc).await {
            failures += r.failed;
        }
        let now = w.clock.now_ms();
        for row in access_token::Entity::find()
            .all(w.svc.db.conn())
            .await
            .unwrap()
        {
            let expires = row.expires_at.unwrap_or(0);
            assert!(
                expires > now,
                "after {} min the token of {:?} lapsed (failures so far: {failures})",
                elapsed / 60_000,
                row.authorizer_appid
            );
        }
    }
    assert!(failures > 0, "the faults fired");

    // The faults stop: every authorizer refreshes with the refresh token the console kept.
    w.control(Method::DELETE, "faults", json!({})).await;
    for a in &appids {
        let key = TokenKey::authorizer(w.component().id, a.clone());
        tokens::refresh_now(&w.svc, &key).await.unwrap();
        tokens::authorizer_token(&w.svc, w.component().id, a)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn tokens_outlive_a_bad_day_at_wechat() {
    on_each_backend(|b| b.sandbox().platform(), a_bad_day_in).await;
}
