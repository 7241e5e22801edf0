//! Injected faults, call counts, reset, demo accounts.

use std::time::Duration;

use serde_json::json;
use wxopen::api::{ApiError, Client, Endpoint};

use crate::common::Harness;

#[tokio::test]
async fn injected_errcodes_statuses_drops_and_latency() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let ticket = h.ticket(&c).await;
    let (status, fault) = h
        .post(
            "/_sandbox/faults",
            json!({"endpoint": "api_component_token", "kind": "errcode", "value": -1, "count": 1}),
        )
        .await;
    assert_eq!(status, 200, "{fault}");
    let err = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap_err();
    assert!(err.is_transient());
    assert_eq!(err.wechat().unwrap().errcode, -1);
    h.client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap();

    h.post(
        "/_sandbox/faults",
        json!({"endpoint": "api_component_token", "kind": "errcode", "value": 45009, "count": 1}),
    )
    .await;
    assert!(
        h.client
            .component_token(&c.appid, &c.secret, &ticket)
            .await
            .unwrap_err()
            .is_quota()
    );

    h.post(
        "/_sandbox/faults",
        json!({"endpoint": "api_component_token", "kind": "http_status", "value": 503, "count": 1}),
    )
    .await;
    let err = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Http {
                status: 503,
                endpoint: Endpoint::ComponentToken
            }
        ),
        "{err:?}"
    );

    h.post(
        "/_sandbox/faults",
        json!({"endpoint": "api_component_token", "kind": "drop", "count": 1}),
    )
    .await;
    let err = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");

    h.post(
        "/_sandbox/faults",
        json!({"endpoint": "*", "kind": "latency", "value": 3000, "count": 1}),
    )
    .await;
    let impatient = Client::new(h.endpoints(), Duration::from_millis(300)).unwrap();
    let err = impatient
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");

    let (status, _) = h
        .post(
            "/_sandbox/faults",
            json!({"endpoint": "api_query_auth", "kind": "errcode", "value": -1, "rate": 1.0}),
        )
        .await;
    assert_eq!(status, 200);
    let cat = h
        .client
        .component_token(&c.appid, &c.secret, &ticket)
        .await
        .unwrap()
        .component_access_token;
    for _ in 0..3 {
        let err = h
            .client
            .query_auth(&cat, &c.appid, &wxopen::Secret::new("x"))
            .await
            .unwrap_err();
        assert_eq!(err.wechat().unwrap().errcode, -1);
    }
    assert_eq!(h.get("/_sandbox/faults").await.as_array().unwrap().len(), 1);
    h.http
        .delete(h.url("/_sandbox/faults"))
        .send()
        .await
        .unwrap();
    let err = h
        .client
        .query_auth(&cat, &c.appid, &wxopen::Secret::new("x"))
        .await
        .unwrap_err();
    assert_eq!(err.wechat().unwrap().errcode, 61009);

    let (status, _) = h
        .post(
            "/_sandbox/faults",
            json!({"endpoint": "nope", "kind": "drop"}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = h
        .post(
            "/_sandbox/faults",
            json!({"endpoint": "api_query_auth", "kind": "errcode"}),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn calls_are_counted_per_endpoint_and_appid() {
    let mut h = Harness::start().await;
    let c = h.component(json!({})).await;
    let oa = h.account(json!({})).await;
    let cat = h.cat(&c).await;
    let (_, refresh) = h.authorize(&c, &cat, &oa, None).await;
    h.client
        .authorizer_token(&cat, &c.appid, &oa, &refresh)
        .await
        .unwrap();
    h.client
        .authorizer_token(&cat, &c.appid, &oa, &refresh)
        .await
        .unwrap();
    let calls = h.get("/_sandbox/calls").await;
    assert_eq!(calls["api_component_token"][c.appid.as_str()], 1, "{calls}");
    assert_eq!(calls["api_create_preauthcode"][c.appid.as_str()], 1);
    assert_eq!(calls["api_query_auth"][oa.as_str()], 1);
    assert_eq!(calls["api_authorizer_token"][oa.as_str()], 2);
    h.post(
        "/_sandbox/faults",
        json!({"endpoint": "api_authorizer_token", "kind": "drop", "count": 1}),
    )
    .await;
    let _ = h
        .client
        .authorizer_token(&cat, &c.appid, &oa, &refresh)
        .await;
    assert_eq!(
        h.get("/_sandbox/calls").await["api_authorizer_token"][oa.as_str()],
        3,
        "faulted calls count too"
    );
    h.http
        .delete(h.url("/_sandbox/calls"))
        .send()
        .await
        .unwrap();
    assert_eq!(h.get("/_sandbox/calls").await, json!({}));
}

#[tokio::test]
async fn reset_seed_and_library_api() {
    let h = Harness::start().await;
    let demo = h.sb.seed_demo_accounts();
    assert_eq!(demo.len(), 5);
    let oas = demo
        .iter()
        .filter(|a| a.account_type == wechat_sandbox::AccountType::OfficialAccount)
        .count();
    assert_eq!(oas, 3);
    let mut kinds: Vec<(i64, i64)> = demo
        .iter()
        .map(|a| (a.service_type, a.verify_type))
        .collect();
    kinds.sort();
    kinds.dedup();
    assert!(
        kinds.len() >= 4,
        "varied service and verify types: {kinds:?}"
    );
    assert_eq!(h.sb.seed_demo_accounts(), demo, "seeding is idempotent");
    let c = h.sb.create_component(wechat_sandbox::ComponentSpec {
        event_url: format!("{}/events/x", h.console),
        message_url: format!("{}/messages/x/$APPID$", h.console),
        ..Default::default()
    });
    assert!(
        wxopen::AppId::parse(&c.appid).is_ok()
            && c.appid[2..]
                .chars()
                .all(|ch| ch.is_ascii_hexdigit() && !ch.is_ascii_uppercase())
    );
    assert_eq!((c.secret.len(), c.encoding_aes_key.len()), (32, 43));
    assert_eq!(c.ip_whitelist, vec!["127.0.0.1", "::1"]);
    let before = h.sb.clock().unix();
    h.sb.clock().advance(Duration::from_secs(3600));
    assert!(h.sb.clock().unix() >= before + 3600);
    let (status, _) = h.post("/_sandbox/reset", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(h.get("/_sandbox/components").await, json!([]));
    assert_eq!(h.get("/_sandbox/accounts").await, json!([]));
    let (status, err) = h
        .post(
            "/_sandbox/components",
            json!({"event_url": "ftp://x", "message_url": "http://x"}),
        )
        .await;
    assert_eq!(status, 400, "{err}");
}
