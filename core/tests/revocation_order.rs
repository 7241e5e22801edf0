//! Revocations are ordered by WeChat's clock: an `unauthorized` push older than the account's
//! current authorization (delivered late, or still queued while the merchant authorized again and
//! the redirect page recorded it) never touches it (issue 11, finding 6).

use console_core::authorization;
use console_core::authorizers::store;
use console_core::events::{self, entity as event};
use console_core::testing::{TestWorld, on_each_backend};
use console_core::tokens::{self, TokenKey};
use console_core::{AuthorizerStatus, EventStatus};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

fn unauthorized_xml(component: &str, authorizer: &str, create_time_s: i64) -> String {
    format!(
        "<xml><AppId><![CDATA[{component}]]></AppId><CreateTime>{create_time_s}</CreateTime>\
         <InfoType><![CDATA[unauthorized]]></InfoType>\
         <AuthorizerAppid><![CDATA[{authorizer}]]></AuthorizerAppid></xml>"
    )
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn latest(w: &TestWorld, info_type: &str) -> event::Model {
    event::Entity::find()
        .filter(event::Column::InfoType.eq(info_type))
        .order_by_desc(event::Column::Id)
        .one(w.svc.db.conn())
        .await
        .unwrap()
        .unwrap()
}

/// The account is authorized with a refresh token that works.
#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn assert_authorized(w: &TestWorld, appid: &str) {
    let a = store::find(&w.svc, w.component().id, appid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, AuthorizerStatus::Authorized);
    assert!(store::refresh_token(&w.svc, &a).unwrap().is_some());
    tokens::refresh_now(
        &w.svc,
        &TokenKey::authorizer(w.component().id, appid.to_string()),
    )
    .await
    .unwrap();
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn an_older_revocation_never_touches_a_newer_authorization_in(w: TestWorld) {
    let appid = w.account("晚到公众号");
    let component = w.component().appid.clone();
    let _ = w.administrator_confirms(&appid, &[1, 2]).await;
    events::process_pending(&w.svc).await.unwrap();
    let authorized_s = latest(&w, "authorized").await.create_time / 1000;

    // A revocation from before this authorization, delivered late: ignored, and said so.
    w.receive_push(&unauthorized_xml(&component, &appid, authorized_s - 5))
        .await;
    events::process_pending(&w.svc).await.unwrap();
    let ev = latest(&w, "unauthorized").await;
    assert_eq!(ev.status, EventStatus::Ignored, "{:?}", ev.result_en);
    assert_authorized(&w, &appid).await;

    // A later one applies.
    w.receive_push(&unauthorized_xml(&component, &appid, authorized_s + 5))
        .await;
    events::process_pending(&w.svc).await.unwrap();
    assert_eq!(latest(&w, "unauthorized").await.status, EventStatus::Done);
    let a = store::find(&w.svc, w.component().id, &appid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, AuthorizerStatus::Revoked);
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
async fn a_queued_revocation_keeps_the_authorization_the_redirect_recorded_since_in(w: TestWorld) {
    let appid = w.account("快速重授权公众号");
    w.authorize(&appid, &[1, 2]).await;
    events::process_pending(&w.svc).await.unwrap();

    // The merchant revokes; the push waits in the queue…
    w.clock.advance_ms(1_000);
    w.control(
        Method::POST,
        "authorizations/revoke",
        json!({"component_appid": w.component().appid, "authorizer_appid": appid}),
    )
    .await;
    // …while they authorize again at once, and the redirect page exchanges the new code.
    w.clock.advance_ms(1_000);
    let code = w.administrator_confirms(&appid, &[1, 2, 7]).await;
    authorization::exchange_code(&w.svc, w.component(), &wxopen::Secret::new(code))
        .await
        .unwrap();

    events::process_pending(&w.svc).await.unwrap();
    let ev = latest(&w, "unauthorized").await;
    assert_eq!(ev.status, EventStatus::Ignored, "{:?}", ev.result_en);
    assert_eq!(latest(&w, "authorized").await.status, EventStatus::Done);
    assert_authorized(&w, &appid).await;
}

#[tokio::test]
async fn an_older_revocation_never_touches_a_newer_authorization() {
    on_each_backend(
        |b| b.sandbox().platform(),
        an_older_revocation_never_touches_a_newer_authorization_in,
    )
    .await;
}

#[tokio::test]
async fn a_queued_revocation_keeps_the_authorization_the_redirect_recorded_since() {
    on_each_backend(
        |b| b.sandbox().platform(),
        a_queued_revocation_keeps_the_authorization_the_redirect_recorded_since_in,
    )
    .await;
}
