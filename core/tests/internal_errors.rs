//! What pages, merchants and stored results show of a failure of ours (a secret that no longer
//! opens, a dropped connection): a reference to the log line with the details, never the details
//! (issue 11, finding 11). WeChat's explained errors are still shown as they are.

use console_core::authorizers;
use console_core::platforms::{self, entity as component};
use console_core::testing::{TestWorld, eventually};
use console_core::tokens;
use reqwest::Method;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// Words of internal failures that must not reach a page.
const INTERNALS: [&str; 5] = [
    "cannot be decrypted",
    "internal error:",
    "transport error",
    "components.",
    "database error",
];

#[track_caller]
fn assert_only_a_reference(shown: &str) {
    assert!(
        shown.contains("参考编号") && shown.contains("reference"),
        "a reference in both languages: {shown}"
    );
    for word in INTERNALS {
        assert!(!shown.contains(word), "{word:?} shown: {shown}");
    }
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn last_token_error(w: &TestWorld) -> String {
    platforms::get(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap()
        .token_last_error
        .expect("a recorded failure")
}

/// The stored app secret no longer opens (altered, or sealed under another master key).
#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn break_the_secret(w: &TestWorld) {
    component::Entity::update_many()
        .col_expr(component::Column::SecretEnc, Expr::value("v1.garbage"))
        .filter(component::Column::Id.eq(w.component().id))
        .exec(w.svc.db.conn())
        .await
        .unwrap();
}

#[tokio::test]
#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn a_secret_that_no_longer_opens_shows_only_a_reference() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let code = w
        .administrator_confirms(&w.account("内部错误公众号"), &[1])
        .await;
    w.expire_component_token().await;
    break_the_secret(&w).await;

    // The token's recorded failure, shown on the platform page.
    assert!(
        tokens::component_token(&w.svc, w.component().id)
            .await
            .is_err()
    );
    assert_only_a_reference(&last_token_error(&w).await);

    // The redirect page's exchange (the code stays usable: WeChat never saw it).
    let c = platforms::get_model(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    let err = console_core::authorization::exchange_code(&w.svc, &c, &wxopen::Secret::new(code))
        .await
        .unwrap_err();
    assert!(err.is_retryable(), "{err}");
    let shown = err.public_message();
    assert_only_a_reference(&format!("{} {}", shown.zh, shown.en));

    // A sync from WeChat, followed on the platform page.
    authorizers::start_sync_all(&w.svc, w.tenant_id(), w.component().id, None)
        .await
        .unwrap();
    let job = eventually("the sync job to fail", || async {
        authorizers::sync_job(&w.svc, w.tenant_id(), w.component().id)
            .await
            .unwrap()
            .filter(|j| j.status == "failed")
    })
    .await;
    let shown = job.error.expect("the job's error");
    assert_only_a_reference(&format!("{} {}", shown.zh, shown.en));
}

#[tokio::test]
async fn a_dropped_connection_to_wechat_shows_only_a_reference() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    w.expire_component_token().await;
    w.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_component_token", "kind": "drop", "count": 5}),
    )
    .await;
    assert!(
        tokens::component_token(&w.svc, w.component().id)
            .await
            .is_err()
    );
    let shown = last_token_error(&w).await;
    assert_only_a_reference(&shown);
    assert!(
        shown.contains("api_component_token"),
        "names the call: {shown}"
    );
}
