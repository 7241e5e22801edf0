//! Pushes to the authorization-event URL: verified, stored once, processed once and idempotently;
//! refused pushes leave nothing but a counter.

use console_core::AuthorizerStatus;
use console_core::authorizers::{self, store};
use console_core::events::{self, PushQuery, Received, Rejection};
use console_core::platforms::{self, PlatformInput};
use console_core::testing::TestWorld;
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use wxopen::push::Envelope;

fn ticket_xml(appid: &str, create_time: i64, ticket: &str) -> String {
    format!(
        "<xml><AppId><![CDATA[{appid}]]></AppId><CreateTime>{create_time}</CreateTime>\
         <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
         <ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>"
    )
}

#[allow(clippy::unwrap_used)]
async fn event_count(w: &TestWorld) -> u64 {
    events::entity::Entity::find()
        .count(w.svc.db.conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_replayed_push_is_stored_and_processed_once() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let before = event_count(&w).await;
    let now_s = console_core::Clock::now_ms(&console_core::SystemClock) / 1000 + 5;
    let (q, body) = w.seal_push(&ticket_xml(
        &w.component().appid,
        now_s,
        "ticket@@@replayed",
    ));
    let first = events::receive(&w.svc, &w.component().appid, &q, &body)
        .await
        .unwrap();
    assert!(matches!(first, Received::Stored { .. }));
    // The same push again (a WeChat retry re-encrypts with a new prefix: the content decides).
    let (q2, body2) = w.seal_push(&ticket_xml(
        &w.component().appid,
        now_s,
        "ticket@@@replayed",
    ));
    assert_ne!(body, body2);
    assert_eq!(
        events::receive(&w.svc, &w.component().appid, &q2, &body2)
            .await
            .unwrap(),
        Received::Duplicate
    );
    assert_eq!(
        events::receive(&w.svc, &w.component().appid, &q, &body)
            .await
            .unwrap(),
        Received::Duplicate
    );
    assert_eq!(event_count(&w).await, before + 1);
    assert_eq!(events::process_pending(&w.svc).await.unwrap(), 1);
    assert_eq!(
        events::process_pending(&w.svc).await.unwrap(),
        0,
        "nothing left to process"
    );
    let m = platforms::get_model(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    assert_eq!(
        platforms::ticket(&w.svc, &m).unwrap().unwrap().expose(),
        "ticket@@@replayed"
    );
}

#[tokio::test]
async fn forged_pushes_are_refused_and_only_counted() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let before = event_count(&w).await;
    let (mut q, body) = w.seal_push(&ticket_xml(
        &w.component().appid,
        1_700_000_000,
        "ticket@@@forged",
    ));
    q.msg_signature = Some("0".repeat(40));
    let err = events::receive(&w.svc, &w.component().appid, &q, &body)
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "bad_signature");

    // Sealed with another key entirely.
    let other = wxopen::MsgCrypt::new(
        "tok123456",
        wxopen::EncodingAesKey::generate(),
        w.component().appid.clone(),
    );
    let sealed = other.encrypt(&ticket_xml(&w.component().appid, 1, "x"), "1", "n");
    let body = Envelope {
        encrypt: sealed.encrypt,
        addressee: None,
    }
    .to_xml();
    let q = PushQuery {
        timestamp: Some("1".into()),
        nonce: Some("n".into()),
        msg_signature: Some(sealed.msg_signature),
        ..Default::default()
    };
    let err = events::receive(&w.svc, &w.component().appid, &q, body.as_bytes())
        .await
        .unwrap_err();
    assert!(matches!(err, Rejection::Crypto(_)), "{err}");

    let err = events::receive(&w.svc, "wx0000000000000000", &q, body.as_bytes())
        .await
        .unwrap_err();
    assert!(matches!(err, Rejection::UnknownComponent));
    let err = events::receive(
        &w.svc,
        &w.component().appid,
        &PushQuery::default(),
        body.as_bytes(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Rejection::MissingParams));

    assert_eq!(event_count(&w).await, before, "nothing stored");
    let counts = events::rejection_counts(&w.svc, w.tenant_id())
        .await
        .unwrap();
    let reasons: Vec<(&str, i64)> = counts
        .iter()
        .map(|(_, c)| (c.reason.as_str(), c.count))
        .collect();
    assert!(reasons.contains(&("bad_signature", 1)), "{reasons:?}");
    assert!(reasons.contains(&("missing_params", 1)), "{reasons:?}");
    assert!(
        !counts.iter().any(|(a, _)| a == "(unknown)"),
        "other tenants' buckets are not shown"
    );
}

#[tokio::test]
async fn the_previous_key_still_opens_pushes_during_a_rotation() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let old_crypt = platforms::crypt_for(&w.svc, w.component()).unwrap();
    let new_key = wxopen::EncodingAesKey::generate().to_encoded();
    platforms::update(
        &w.svc,
        w.tenant_id(),
        w.component().id,
        &PlatformInput {
            name: "测试平台".into(),
            appid: w.component().appid.clone(),
            aes_key: Some(new_key),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let sealed = old_crypt.encrypt(
        &ticket_xml(&w.component().appid, 1_900_000_000, "ticket@@@old-key"),
        "5",
        "n5",
    );
    let body = Envelope {
        encrypt: sealed.encrypt,
        addressee: None,
    }
    .to_xml();
    let q = PushQuery {
        timestamp: Some("5".into()),
        nonce: Some("n5".into()),
        msg_signature: Some(sealed.msg_signature),
        ..Default::default()
    };
    let got = events::receive(&w.svc, &w.component().appid, &q, body.as_bytes())
        .await
        .unwrap();
    assert!(matches!(got, Received::Stored { .. }));
}

#[tokio::test]
async fn an_older_ticket_never_replaces_a_newer_one() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let now_s = console_core::Clock::now_ms(&console_core::SystemClock) / 1000;
    for (t, ticket) in [
        (now_s + 100, "ticket@@@newer"),
        (now_s + 50, "ticket@@@older"),
    ] {
        let (q, body) = w.seal_push(&ticket_xml(&w.component().appid, t, ticket));
        events::receive(&w.svc, &w.component().appid, &q, &body)
            .await
            .unwrap();
    }
    events::process_pending(&w.svc).await.unwrap();
    let m = platforms::get_model(&w.svc, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    assert_eq!(
        platforms::ticket(&w.svc, &m).unwrap().unwrap().expose(),
        "ticket@@@newer"
    );
}

#[tokio::test]
async fn the_redirect_and_the_event_exchange_a_code_once() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.account("双路公众号");
    let code = wxopen::Secret::new(w.administrator_confirms(&appid, &[1, 2, 15]).await);
    // The redirect page and the `authorized` event race with the same code.
    let (a, b) = tokio::join!(
        console_core::authorization::exchange_code(&w.svc, w.component(), &code),
        console_core::authorization::exchange_code(&w.svc, w.component(), &code),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.authorizer.appid, b.authorizer.appid);
    assert!(a.performed != b.performed, "exactly one of them exchanged");
    // The event the sandbox pushed is processed too and finds the exchange done.
    events::process_pending(&w.svc).await.unwrap();
    assert_eq!(w.calls("api_query_auth").await, 1);
    let page = authorizers::list(
        &w.svc,
        w.tenant_id(),
        &authorizers::AuthorizerFilter {
            page: 1,
            per_page: 20,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let row = page.items.iter().find(|r| r.appid == appid).unwrap();
    assert_eq!(row.nick_name, "双路公众号");
    assert_eq!(
        row.permissions.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![1, 2, 15]
    );
}

#[tokio::test]
async fn events_drive_authorization_updates_and_revocation() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.account("事件公众号");
    // authorized: the console only learns of it through the event.
    let _ = w.administrator_confirms(&appid, &[1, 2]).await;
    events::process_pending(&w.svc).await.unwrap();
    let a = store::find(&w.svc, w.component().id, &appid)
        .await
        .unwrap()
        .expect("authorizer from the event");
    assert_eq!(a.status, AuthorizerStatus::Authorized);
    assert!(store::refresh_token(&w.svc, &a).unwrap().is_some());

    // updateauthorized with other permission sets: replaced.
    let _ = w.administrator_confirms(&appid, &[1, 7, 11]).await;
    events::process_pending(&w.svc).await.unwrap();
    let d = authorizers::get(&w.svc, w.tenant_id(), a.id).await.unwrap();
    assert_eq!(
        d.row.permissions.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![1, 7, 11]
    );
    // The new refresh token works (the old one is invalid at WeChat now).
    console_core::tokens::refresh_now(
        &w.svc,
        &console_core::tokens::TokenKey::authorizer(w.component().id, appid.clone()),
    )
    .await
    .unwrap();
    assert_eq!(w.calls("api_get_authorizer_list").await, 0);

    // unauthorized: revoked, tokens purged, history kept.
    w.control(
        Method::POST,
        "authorizations/revoke",
        json!({"component_appid": w.component().appid, "authorizer_appid": appid}),
    )
    .await;
    events::process_pending(&w.svc).await.unwrap();
    let d = authorizers::get(&w.svc, w.tenant_id(), a.id).await.unwrap();
    assert_eq!(d.row.status, AuthorizerStatus::Revoked);
    assert!(!d.has_refresh_token);
    assert!(d.row.token_expires_at.is_none());
    let history = authorizers::recent_events(&w.svc, w.tenant_id(), a.id, 10)
        .await
        .unwrap();
    let types: Vec<&str> = history.iter().map(|e| e.info_type.as_str()).collect();
    assert_eq!(types, ["unauthorized", "updateauthorized", "authorized"]);
    assert!(
        history
            .iter()
            .all(|e| e.status == console_core::EventStatus::Done),
        "{:?}",
        history.iter().map(|e| &e.result_en).collect::<Vec<_>>()
    );
}

/// Group commit (issue 13): pushes arriving together are written in shared batches, yet each is
/// answered as if alone — every distinct push stored exactly once with its own id, every copy of
/// it (a WeChat retry racing the original) a duplicate, nothing lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_pushes_are_each_stored_once_in_shared_batches() {
    console_core::testing::on_each_backend(|b| b.sandbox().platform(), concurrent_pushes_in).await;
}

#[allow(clippy::unwrap_used)]
async fn concurrent_pushes_in(w: TestWorld) {
    const DISTINCT: usize = 300;
    let before = event_count(&w).await;
    let appid = w.component().appid.clone();
    let now_s = console_core::Clock::now_ms(&console_core::SystemClock) / 1000;
    // Every distinct push twice, each copy sealed on its own (as WeChat's retries are).
    let mut sealed = Vec::new();
    for i in 0..DISTINCT {
        let xml = ticket_xml(
            &appid,
            now_s - 600 + i as i64,
            &format!("ticket@@@batch{i}"),
        );
        sealed.push((i, w.seal_push(&xml)));
        sealed.push((i, w.seal_push(&xml)));
    }
    let tasks: Vec<_> = sealed
        .into_iter()
        .map(|(i, (q, body))| {
            let svc = w.svc.clone();
            let appid = appid.clone();
            tokio::spawn(async move { (i, events::receive(&svc, &appid, &q, &body).await) })
        })
        .collect();
    let mut stored = std::collections::HashMap::new();
    let mut duplicates = 0;
    for t in tasks {
        let (i, got) = t.await.unwrap();
        match got.unwrap() {
            Received::Stored {
                event_id,
                info_type,
            } => {
                assert_eq!(info_type, "component_verify_ticket");
                assert!(
                    stored.insert(i, event_id).is_none(),
                    "push {i} was stored twice"
                );
            }
            Received::Duplicate => duplicates += 1,
        }
    }
    assert_eq!(stored.len(), DISTINCT, "every distinct push stored");
    assert_eq!(duplicates, DISTINCT, "every copy a duplicate");
    let ids: std::collections::HashSet<_> = stored.values().collect();
    assert_eq!(ids.len(), DISTINCT, "each stored push has its own id");
    assert_eq!(event_count(&w).await, before + DISTINCT as u64);
    // Each row holds its own push.
    for (i, id) in [0usize, DISTINCT / 2, DISTINCT - 1].map(|i| (i, stored[&i])) {
        let row = events::entity::Entity::find_by_id(id)
            .one(w.svc.db.conn())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.create_time, (now_s - 600 + i as i64) * 1000);
    }
}

/// Pushes are opened with a platform remembered for a second (issue 13). A new EncodingAESKey saved
/// by another instance within that second must not refuse a push sealed with it: the remembered
/// key fails, the platform is read afresh, and the push is accepted.
#[tokio::test]
#[allow(clippy::unwrap_used)]
async fn a_key_changed_by_another_instance_opens_pushes_at_once() {
    let w = TestWorld::builder().sandbox().platform().build().await;
    let appid = w.component().appid.clone();
    let now_s = console_core::Clock::now_ms(&console_core::SystemClock) / 1000;
    // This instance remembers the platform with its current key.
    let (q, body) = w.seal_push(&ticket_xml(&appid, now_s, "ticket@@@before"));
    assert!(matches!(
        events::receive(&w.svc, &appid, &q, &body).await.unwrap(),
        Received::Stored { .. }
    ));
    // Another instance saves a new key and retires the old one.
    let other = w.services("other-instance");
    let new_key = wxopen::EncodingAesKey::generate();
    platforms::update(
        &other,
        w.tenant_id(),
        w.component().id,
        &PlatformInput {
            name: "测试平台".into(),
            appid: appid.clone(),
            aes_key: Some(new_key.to_encoded()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    platforms::retire_previous_key(&other, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    // A push sealed with the new key reaches this instance within the second.
    let m = platforms::get_model(&other, w.tenant_id(), w.component().id)
        .await
        .unwrap();
    let new_crypt = platforms::crypt_for(&other, &m).unwrap();
    let sealed = new_crypt.encrypt(
        &ticket_xml(&appid, now_s + 1, "ticket@@@new-key"),
        "7",
        "n7",
    );
    let body = Envelope {
        encrypt: sealed.encrypt,
        addressee: None,
    }
    .to_xml();
    let q = PushQuery {
        timestamp: Some("7".into()),
        nonce: Some("n7".into()),
        msg_signature: Some(sealed.msg_signature),
        ..Default::default()
    };
    let got = events::receive(&w.svc, &appid, &q, body.as_bytes())
        .await
        .unwrap();
    assert!(matches!(got, Received::Stored { .. }), "{got:?}");
}
