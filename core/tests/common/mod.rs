//! A world for lifecycle tests: a throw-away database, the WeChat sandbox on a free port, a
//! minimal push receiver (the console's event endpoint, without the web app), a tenant with one
//! platform registered on both sides, and a console clock the test moves.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::post;
use console_core::accounts::{self, TenantName};
use console_core::platforms::{self, PlatformInput, entity as component};
use console_core::secrets::{MasterKey, SecretBox};
use console_core::testing::TestDb;
use console_core::tokens::TokenConfig;
use console_core::{ManualClock, Services, ServicesConfig, events};
use serde_json::{Value, json};
use wechat_sandbox::{AccountSpec, AccountType, ComponentSpec, Sandbox, SandboxConfig};
use wxopen::api::Endpoints;

pub struct World {
    pub t: TestDb,
    pub svc: Services,
    pub clock: ManualClock,
    pub key: MasterKey,
    pub sandbox: Sandbox,
    pub sandbox_url: String,
    pub receiver_url: String,
    pub http: reqwest::Client,
    pub tenant_id: console_core::TenantId,
    pub component: component::Model,
}

async fn receive_message(
    State(svc): State<Services>,
    Path((appid, authorizer)): Path<(String, String)>,
    Query(q): Query<events::PushQuery>,
    body: Bytes,
) -> (axum::http::StatusCode, String) {
    match console_core::messages::receive(&svc, &appid, &authorizer, &q, &body).await {
        Ok(answer) => (axum::http::StatusCode::OK, answer.body().to_string()),
        Err(r) => (axum::http::StatusCode::BAD_REQUEST, r.reason().to_string()),
    }
}

async fn receive(
    State(svc): State<Services>,
    Path(appid): Path<String>,
    Query(q): Query<events::PushQuery>,
    body: Bytes,
) -> (axum::http::StatusCode, &'static str) {
    match events::receive(&svc, &appid, &q, &body).await {
        Ok(_) => (axum::http::StatusCode::OK, "success"),
        Err(r) => (axum::http::StatusCode::BAD_REQUEST, r.reason()),
    }
}

fn hex(n: usize) -> String {
    (0..n)
        .map(|i| char::from(b"0123456789abcdef"[(rand_u8() as usize + i) % 16]))
        .collect()
}

fn rand_u8() -> u8 {
    uuid::Uuid::new_v4().as_bytes()[0]
}

/// A second console process: same database, its own instance id, cache and locks.
pub fn services(
    t: &TestDb,
    key: &MasterKey,
    clock: &ManualClock,
    sandbox_url: &str,
    receiver_url: &str,
    instance: &str,
) -> Services {
    let mut cfg = ServicesConfig::new(
        Endpoints::all_at(sandbox_url.parse().unwrap()),
        receiver_url.to_string(),
    );
    cfg.instance_id = instance.to_string();
    cfg.tokens = TokenConfig {
        sweep_interval: Duration::from_millis(50),
        ..TokenConfig::default()
    };
    cfg.http_timeout = Duration::from_secs(3);
    Services::new(
        t.db.clone(),
        SecretBox::new(key),
        Arc::new(clock.clone()),
        cfg,
    )
    .unwrap()
}

impl World {
    /// Everything set up, the first ticket received and stored.
    pub async fn new(t: TestDb) -> World {
        let sb_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sandbox_url = format!("http://{}", sb_listener.local_addr().unwrap());
        let sandbox = Sandbox::new(SandboxConfig {
            public_url: Some(sandbox_url.parse().unwrap()),
            push_timeout: Duration::from_secs(3),
            ..SandboxConfig::default()
        });
        tokio::spawn(sandbox.clone().serve(sb_listener));

        let rx_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let receiver_url = format!("http://{}", rx_listener.local_addr().unwrap());
        let clock = ManualClock::at(console_core::clock::now_ms());
        let key = MasterKey::generate();
        let svc = services(&t, &key, &clock, &sandbox_url, &receiver_url, "instance-a");
        let app = Router::new()
            .route("/wechat/{appid}/events", post(receive))
            .route(
                "/wechat/{appid}/messages/{authorizer}",
                post(receive_message),
            )
            .with_state(svc.clone());
        tokio::spawn(async move { axum::serve(rx_listener, app).await });

        let tenant = accounts::create_tenant(&t.db, &TenantName::parse("Lifecycle").unwrap())
            .await
            .unwrap();
        let input = PlatformInput {
            name: "测试平台".into(),
            appid: format!("wx{}", hex(16)),
            secret: Some(hex(32)),
            token: Some("tok123456".into()),
            aes_key: Some(wxopen::EncodingAesKey::generate().to_encoded()),
            previous_aes_key: None,
        };
        let view = platforms::create(&svc, tenant.id, &input).await.unwrap();
        sandbox.create_component(ComponentSpec {
            appid: Some(input.appid.clone()),
            secret: input.secret.clone(),
            token: input.token.clone(),
            encoding_aes_key: input.aes_key.clone(),
            event_url: format!("{receiver_url}/wechat/{}/events", input.appid),
            message_url: format!("{receiver_url}/wechat/{}/messages/$APPID$", input.appid),
            published: Some(true),
            ..Default::default()
        });
        let component = platforms::get_model(&svc, tenant.id, view.id)
            .await
            .unwrap();
        let w = World {
            t,
            svc,
            clock,
            key,
            sandbox,
            sandbox_url,
            receiver_url,
            http: reqwest::Client::new(),
            tenant_id: tenant.id,
            component,
        };
        w.wait_for_ticket().await;
        w
    }

    /// Processes pushes until the platform has a ticket.
    pub async fn wait_for_ticket(&self) {
        for _ in 0..400 {
            events::process_pending(&self.svc).await.unwrap();
            let m = platforms::get_model(&self.svc, self.tenant_id, self.component.id)
                .await
                .unwrap();
            if m.ticket_received_at.is_some() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no ticket arrived from the sandbox");
    }

    /// A control-API call to the sandbox.
    pub async fn control(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let res = self
            .http
            .request(method, format!("{}/_sandbox/{path}", self.sandbox_url))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// How often the sandbox served `endpoint` (all appids).
    pub async fn calls(&self, endpoint: &str) -> u64 {
        let all = self
            .control(reqwest::Method::GET, "calls", Value::Null)
            .await;
        all.get(endpoint)
            .and_then(Value::as_object)
            .map(|per_appid| per_appid.values().filter_map(Value::as_u64).sum())
            .unwrap_or(0)
    }

    /// A simulated official account.
    pub fn account(&self, nickname: &str) -> String {
        self.sandbox
            .create_account(AccountSpec {
                account_type: Some(AccountType::OfficialAccount),
                nickname: Some(nickname.into()),
                ..Default::default()
            })
            .appid
    }

    /// The administrator of `appid` authorizes the platform with `func_ids`; returns the
    /// authorization code (the console has not exchanged it yet).
    pub async fn administrator_confirms(&self, appid: &str, func_ids: &[u32]) -> String {
        let component_id = self.component.id;
        let (component_appid, _) = platforms::credentials(&self.svc, &self.component).unwrap();
        let pre = console_core::tokens::with_component_token(&self.svc, component_id, |cat| {
            let component_appid = &component_appid;
            let svc = &self.svc;
            async move { svc.wechat.create_pre_auth_code(&cat, component_appid).await }
        })
        .await
        .unwrap();
        let r = self
            .control(
                reqwest::Method::POST,
                "authorizations/confirm",
                json!({
                    "pre_auth_code": pre.pre_auth_code.expose(),
                    "appid": appid,
                    "func_ids": func_ids,
                    "redirect_uri": format!("{}/wechat/{}/authorized", self.receiver_url, self.component.appid),
                }),
            )
            .await;
        r["auth_code"].as_str().unwrap().to_string()
    }

    /// Authorizes and exchanges: the account is an authorizer with tokens.
    pub async fn authorize(&self, appid: &str, func_ids: &[u32]) {
        let code = self.administrator_confirms(appid, func_ids).await;
        console_core::authorization::exchange_code(
            &self.svc,
            &self.component,
            &wxopen::Secret::new(code),
        )
        .await
        .unwrap();
    }
}
