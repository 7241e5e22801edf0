//! `/metrics` after a scripted scenario: pushes, a refused push, a refresh, a failed refresh;
//! each counter moves by exactly what happened. Its own test binary: the recorder is global to a
//! process, and no other test may move these counters meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

#[path = "api/helpers.rs"]
#[allow(dead_code)] // this binary uses a part of the API tests' helpers
mod helpers;

use std::collections::HashMap;

use console_core::tokens::{self, TokenKey};
use helpers::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;

const TOKEN: &str = "scrape-secret-0123456789";

/// Every series of a scrape: `name{labels}` → value.
async fn scrape(app: &TestApp) -> HashMap<String, f64> {
    let res = app
        .client
        .get(format!("{}/metrics", app.base_url))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    res.text()
        .await
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            Some((series.to_string(), value.parse().ok()?))
        })
        .collect()
}

/// The value of the series `name` with every label of `labels` (0 when absent).
fn value(m: &HashMap<String, f64>, name: &str, labels: &[(&str, &str)]) -> f64 {
    m.iter()
        .filter(|(series, _)| {
            series.split('{').next() == Some(name)
                && labels
                    .iter()
                    .all(|(k, v)| series.contains(&format!("{k}=\"{v}\"")))
        })
        .map(|(_, v)| *v)
        .sum()
}

#[tokio::test]
async fn counters_move_by_exactly_what_happened() {
    let app = TestApp::builder()
        .sandbox()
        .platform()
        .metrics_token(TOKEN)
        .build()
        .await;
    let url = format!("{}/metrics", app.base_url);
    // Off for anyone without the token.
    assert_eq!(
        app.client.get(&url).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client
            .get(&url)
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let id = app.component().id;
    tokens::component_token(&app.svc, id).await.unwrap();
    let before = scrape(&app).await;

    // Two pushes accepted, one refused, over HTTP.
    let appid = app.component().appid.clone();
    for n in 0..2 {
        let xml = format!(
            "<xml><AppId><![CDATA[{appid}]]></AppId><CreateTime>{}</CreateTime>\
             <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
             <ComponentVerifyTicket><![CDATA[ticket@@@metrics{n}]]></ComponentVerifyTicket></xml>",
            1_700_000_000 + n
        );
        let (q, body) = app.seal_push(&xml);
        let res = app
            .client
            .post(format!("{}/wechat/{appid}/events", app.base_url))
            .query(&q_pairs(&q))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.text().await.unwrap(), "success");
    }
    let refused = app
        .client
        .post(format!("{}/wechat/{appid}/events", app.base_url))
        .query(&[("timestamp", "1"), ("nonce", "n"), ("msg_signature", "bad")])
        .body("<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>")
        .send()
        .await
        .unwrap();
    assert!(refused.status().is_client_error());

    // One refresh, then one that WeChat fails.
    tokens::refresh_now(&app.svc, &TokenKey::component(id))
        .await
        .unwrap();
    app.control(
        Method::POST,
        "faults",
        json!({"endpoint": "api_component_token", "kind": "errcode", "value": -1, "count": 1}),
    )
    .await;
    assert!(
        tokens::refresh_now(&app.svc, &TokenKey::component(id))
            .await
            .is_err()
    );

    let after = scrape(&app).await;
    let delta = |name: &str, labels: &[(&str, &str)]| {
        value(&after, name, labels) - value(&before, name, labels)
    };
    assert_eq!(
        delta("wxopen_pushes_received_total", &[("kind", "event")]),
        2.0
    );
    assert_eq!(
        delta("wxopen_pushes_refused_total", &[("kind", "event")]),
        1.0
    );
    assert_eq!(
        delta(
            "wxopen_token_refreshes_total",
            &[("kind", "component"), ("outcome", "ok")]
        ),
        1.0
    );
    assert_eq!(
        delta(
            "wxopen_token_refreshes_total",
            &[("kind", "component"), ("outcome", "failed")]
        ),
        1.0
    );
    let endpoint = ("endpoint", "/cgi-bin/component/api_component_token");
    assert_eq!(
        delta("wxopen_wechat_calls_total", &[endpoint, ("errcode", "0")]),
        1.0
    );
    assert_eq!(
        delta("wxopen_wechat_calls_total", &[endpoint, ("errcode", "-1")]),
        1.0
    );
    assert_eq!(
        delta("wxopen_wechat_call_duration_seconds_count", &[endpoint]),
        2.0
    );
    assert_eq!(
        delta(
            "wxopen_http_request_duration_seconds_count",
            &[("route", "/wechat/{appid}/events"), ("method", "POST")]
        ),
        3.0
    );
    // Gauges: the platform's earliest token expiry, the queues, the pool.
    assert!(
        value(
            &after,
            "wxopen_token_earliest_expiry_seconds",
            &[("platform", &appid)]
        ) > 0.0
    );
    assert!(after.keys().any(|k| k.starts_with("wxopen_queue_depth{")));
    assert!(
        after
            .keys()
            .any(|k| k.starts_with("wxopen_db_pool_connections{"))
    );
    // No authorizer appid and no token in any series.
    let text: String = after.keys().cloned().collect();
    let t = tokens::component_token(&app.svc, id).await.unwrap();
    assert!(!text.contains(t.token.expose()));
}

/// The query of a sealed push.
fn q_pairs(q: &console_core::events::PushQuery) -> Vec<(&'static str, String)> {
    vec![
        ("timestamp", q.timestamp.clone().unwrap()),
        ("nonce", q.nonce.clone().unwrap()),
        ("msg_signature", q.msg_signature.clone().unwrap()),
    ]
}
