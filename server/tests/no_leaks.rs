//! No secret and no internal error text leaves the server (issue 11): a working day with bad
//! moments (WeChat failing, a transport error, a duplicate platform) is played against the
//! server while every log line is captured and every page and JSON answer kept; none of them may
//! hold a platform credential, an access or refresh token, the master key, a password, or a
//! one-time token outside the one answer that hands it out, and no page or answer may carry
//! database, transport or panic text (they show a reference instead).
//!
//! A binary of its own: it installs the process's log subscriber.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the test failing

use std::io::Write;
use std::sync::{Arc, Mutex};

use console_app::api::invitations::CreatedInvitation;
use console_core::accounts::Role;
use console_core::testing::eventually;
use console_core::{authorizers, platforms, tokens};
use reqwest::Method;
use serde_json::{Value, json};

#[path = "api/helpers.rs"]
#[allow(dead_code)] // this binary uses a part of the API tests' helpers
mod helpers;

use helpers::{INTERNAL_TEXT, TestApp, call_with, client};

/// Log lines, as the server wrote them.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// What the browser saw: (what, body).
#[derive(Default)]
struct Seen(Vec<(String, String)>);

impl Seen {
    async fn page(&mut self, client: &reqwest::Client, base: &str, path: &str) {
        let body = client
            .get(format!("{base}{path}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        self.0.push((format!("page {path}"), body));
    }

    async fn call(
        &mut self,
        client: &reqwest::Client,
        base: &str,
        endpoint: &str,
        args: &[(&str, &str)],
    ) -> Result<Value, String> {
        let r = call_with::<Value>(client, base, endpoint, args).await;
        let text = match &r {
            Ok(v) => v.to_string(),
            Err((status, e)) => format!("{status} {}", serde_json::to_string(e).unwrap()),
        };
        self.0.push((format!("call {endpoint}"), text.clone()));
        r.map_err(|_| text)
    }
}

#[tokio::test]
async fn no_secret_or_internal_error_text_leaves_the_server() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        // Ours at debug, libraries at the default level; the simulated WeChat's own logs are not
        // the product's.
        .with_env_filter(
            "info,console_core=debug,console_app=debug,console_server=debug,wxopen=debug,\
             wechat_sandbox=off",
        )
        .with_ansi(false)
        .finish();
    // This binary's only test: the whole process logs here (the database driver's threads too).
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let app = TestApp::builder().sandbox().platform().build().await;
    let tenant = app.tenant_id();
    let component = app.component().clone();
    app.seed_member("Lifecycle", "alice", "alice-password", Role::Owner)
        .await;
    let base = app.base_url.clone();
    let alice = client();
    let mut seen = Seen::default();
    // A wrong password first, then the right one.
    let _ = seen
        .call(
            &alice,
            &base,
            "auth/login",
            &[("username", "alice"), ("password", "wrong-password-1")],
        )
        .await;
    seen.call(
        &alice,
        &base,
        "auth/login",
        &[("username", "alice"), ("password", "alice-password")],
    )
    .await
    .unwrap();

    // An authorized account, its tokens, and a manual refresh.
    app.authorize("Leak Check").await;
    let auth = eventually("the authorizer", || async {
        authorizers::list(
            &app.svc,
            tenant,
            &authorizers::AuthorizerFilter {
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .next()
    })
    .await;
    let auth = &auth;
    let auth_id = auth.id.to_string();
    seen.call(
        &alice,
        &base,
        "authorizers/refresh-token",
        &[("id", &auth_id)],
    )
    .await
    .unwrap();

    // A webhook (its secret is shown once) and an invitation (its link is shown once).
    let webhook = seen
        .call(
            &alice,
            &base,
            "platforms/set-webhook",
            &[
                ("id", &component.id.to_string()),
                ("url", "https://hooks.example.com/in"),
            ],
        )
        .await
        .unwrap();
    let webhook_secret = webhook.as_str().unwrap().to_string();
    seen.0.pop();
    let inv: CreatedInvitation = serde_json::from_value(
        seen.call(
            &alice,
            &base,
            "members/invite",
            &[("role", "viewer"), ("note", "")],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    let invitation_token = inv.url.rsplit('/').next().unwrap().to_string();
    seen.0.pop();

    // Bad moments: WeChat answers 500, then drops the connection, for the refresh; a platform
    // added twice.
    for fault in [
        json!({"endpoint": "api_authorizer_token", "kind": "http_status", "value": 500, "rate": 1.0}),
        json!({"endpoint": "api_authorizer_token", "kind": "drop", "rate": 1.0}),
    ] {
        app.control(Method::DELETE, "faults", json!({})).await;
        app.control(Method::POST, "faults", fault).await;
        let err = seen
            .call(
                &alice,
                &base,
                "authorizers/refresh-token",
                &[("id", &auth_id)],
            )
            .await
            .unwrap_err();
        // Said in both languages, what happened and what comes next; nothing internal (below).
        assert!(err.contains("\"zh\"") && err.contains("\"en\""), "{err}");
    }
    app.control(Method::DELETE, "faults", json!({})).await;
    let secrets = platforms::secrets_of(&app.svc, &component).unwrap();
    let twice = seen
        .call(
            &alice,
            &base,
            "platforms/create",
            &[
                ("name", "Again"),
                ("appid", &component.appid),
                ("secret", secrets.secret.expose()),
                ("token", secrets.token.expose()),
                ("aes_key", secrets.aes_key.expose()),
            ],
        )
        .await;
    assert!(twice.is_err(), "a platform cannot be added twice");

    // Every page staff read, and the answers behind them.
    let (p, a) = (component.id.to_string(), auth_id.clone());
    for path in [
        "/".to_string(),
        "/platforms".into(),
        format!("/platforms/{p}"),
        "/authorizers".into(),
        format!("/authorizers/{a}"),
        "/events".into(),
        "/messages".into(),
        "/registrations".into(),
        "/settings".into(),
        "/audit".into(),
    ] {
        seen.page(&alice, &base, &path).await;
    }
    for (endpoint, args) in [
        ("platforms/get", vec![("id", p.as_str())]),
        ("platforms/list", vec![]),
        ("authorizers/get", vec![("id", a.as_str())]),
        ("authorizers/list", vec![]),
        ("events/list", vec![]),
        ("events/rejections", vec![]),
        ("messages/list", vec![]),
        ("overview", vec![]),
        ("members/invitations", vec![]),
        ("audit/list", vec![]),
    ] {
        seen.call(&alice, &base, endpoint, &args).await.unwrap();
    }

    // What must never show.
    let component_token = tokens::component_token(&app.svc, component.id)
        .await
        .unwrap();
    let authorizer_token = tokens::authorizer_token(&app.svc, component.id, &auth.appid)
        .await
        .unwrap();
    let model = authorizers::store::find(&app.svc, component.id, &auth.appid)
        .await
        .unwrap()
        .unwrap();
    let refresh_token = authorizers::store::refresh_token(&app.svc, &model)
        .unwrap()
        .unwrap();
    let secret_values: Vec<(&str, String)> = vec![
        ("AppSecret", secrets.secret.expose().to_string()),
        ("Token", secrets.token.expose().to_string()),
        ("EncodingAESKey", secrets.aes_key.expose().to_string()),
        ("master key", app.key.to_base64()),
        (
            "component_access_token",
            component_token.token.expose().to_string(),
        ),
        (
            "authorizer_access_token",
            authorizer_token.token.expose().to_string(),
        ),
        (
            "authorizer_refresh_token",
            refresh_token.expose().to_string(),
        ),
        ("password", "alice-password".into()),
        ("wrong password", "wrong-password-1".into()),
        ("webhook secret", webhook_secret),
        ("invitation token", invitation_token),
    ];
    assert!(seen.0.len() > 25);
    for (what, body) in &seen.0 {
        for (name, value) in &secret_values {
            assert!(
                value.len() < 8 || !body.contains(value.as_str()),
                "{what} shows the {name}"
            );
        }
        for marker in INTERNAL_TEXT {
            assert!(
                !body.contains(marker),
                "{what} shows internal text {marker:?}: {body}"
            );
        }
    }
    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).to_string();
    assert!(
        logged.lines().count() > 20,
        "the server's logs were captured"
    );
    for (name, value) in &secret_values {
        assert!(
            value.len() < 8 || !logged.contains(value.as_str()),
            "a log line holds the {name}"
        );
    }
}
