//! `spawn_app`: the real server on port 0 over a throw-away database, and a browser-like client.

use std::sync::Arc;

use console_app::error::AppError;
use std::time::Duration;

use console_core::accounts::{self, Password, Role, TenantName, Username};
use console_core::platforms::{self, PlatformInput};
use console_core::testing::TestDb;
use console_core::{LinkId, PlatformId, TenantId, UserId};
use console_server::config::ServerConfig;
use console_server::startup::Application;
use reqwest::StatusCode;
use reqwest::cookie::Jar;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wechat_sandbox::{AccountSpec, AccountType, ComponentSpec, Sandbox};

/// A running server and a client that keeps cookies like a browser.
pub struct TestApp {
    pub base_url: String,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub db: console_core::Db,
    pub services: console_core::Services,
    /// The embedded sandbox and its URL (demo mode).
    pub sandbox: Option<(wechat_sandbox::Sandbox, String)>,
    _db_guard: Option<TestDb>,
}

/// A client with its own cookie jar that does not follow redirects (tests assert them).
pub fn client() -> reqwest::Client {
    client_with_jar().0
}

/// A client and its cookie jar.
pub fn client_with_jar() -> (reqwest::Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (client, jar)
}

/// One master key for every test server of this process (a restart must read old secrets).
fn test_master_key() -> String {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| console_core::secrets::MasterKey::generate().to_base64())
        .clone()
}

fn config(url: &str, demo: bool, wechat_base_url: Option<String>) -> ServerConfig {
    ServerConfig {
        database_url: url.to_string(),
        listen: "127.0.0.1:0".parse().unwrap(),
        public_base_url: None,
        cookie_secure: Some(false),
        demo,
        master_key: Some(test_master_key()),
        data_dir: std::env::temp_dir(),
        wechat_base_url,
        sandbox_listen: "127.0.0.1:0".parse().unwrap(),
    }
}

/// A WeChat sandbox on a free port, for tests that need WeChat.
pub async fn spawn_sandbox() -> (wechat_sandbox::Sandbox, String) {
    spawn_sandbox_with(wechat_sandbox::SandboxConfig::default()).await
}

/// [`spawn_sandbox`] configured as given (its `public_url` is set here).
pub async fn spawn_sandbox_with(
    config: wechat_sandbox::SandboxConfig,
) -> (wechat_sandbox::Sandbox, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let sb = wechat_sandbox::Sandbox::new(wechat_sandbox::SandboxConfig {
        public_url: Some(url.parse().unwrap()),
        ..config
    });
    tokio::spawn(sb.clone().serve(listener));
    (sb, url)
}

/// The server on a fresh SQLite database.
pub async fn spawn_app() -> TestApp {
    spawn_on(TestDb::sqlite().await, false).await
}

/// The server on `t`'s database.
pub async fn spawn_on(t: TestDb, demo: bool) -> TestApp {
    let url = t.url.clone();
    let mut app = spawn_url(&url, demo).await;
    app._db_guard = Some(t);
    app
}

/// The server on a fresh SQLite database, talking to a sandbox at `wechat_base_url`.
pub async fn spawn_with_wechat(wechat_base_url: &str) -> TestApp {
    let t = TestDb::sqlite().await;
    let url = t.url.clone();
    let mut app = spawn_full(&url, false, Some(wechat_base_url.to_string())).await;
    app._db_guard = Some(t);
    app
}

/// A server on an existing database URL (for a second instance or a restart).
pub async fn spawn_url(url: &str, demo: bool) -> TestApp {
    spawn_full(url, demo, None).await
}

/// A server with every option.
pub async fn spawn_full(url: &str, demo: bool, wechat_base_url: Option<String>) -> TestApp {
    console_server::telemetry::init_for_tests();
    let app = Application::build(config(url, demo, wechat_base_url))
        .await
        .unwrap();
    let addr = app.local_addr().unwrap();
    let db = app.state().db.clone();
    let services = app.state().services.clone();
    let sandbox = app
        .sandbox()
        .map(|(sb, a)| (sb.clone(), format!("http://{a}")));
    tokio::spawn(app.run_until(std::future::pending()));
    let (client, jar) = client_with_jar();
    TestApp {
        base_url: format!("http://{addr}"),
        client,
        jar,
        db,
        services,
        sandbox,
        _db_guard: None,
    }
}

/// What a server function answered.
pub type FnResult<T> = Result<T, (StatusCode, AppError)>;

impl TestApp {
    /// Calls a server function (form-encoded arguments, JSON answer) with this app's client.
    pub async fn call<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        args: &[(&str, &str)],
    ) -> FnResult<T> {
        call_with(&self.client, &self.base_url, endpoint, args).await
    }

    /// Signs in with this app's client.
    pub async fn login(&self, username: &str, password: &str) -> FnResult<()> {
        self.call(
            "auth/login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    /// Sets a cookie in this app's browser.
    pub fn set_cookie(&self, cookie: &str) {
        self.jar
            .add_cookie_str(cookie, &self.base_url.parse().unwrap());
    }

    /// A GET with this app's client.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base_url))
            .send()
            .await
            .unwrap()
    }

    /// Creates a tenant and a user with `role` in it; returns (tenant id, user id).
    pub async fn seed_member(
        &self,
        tenant: &str,
        username: &str,
        password: &str,
        role: Role,
    ) -> (TenantId, UserId) {
        let t = match accounts::find_tenant_by_name(&self.db, tenant)
            .await
            .unwrap()
        {
            Some(t) => t,
            None => accounts::create_tenant(&self.db, &TenantName::parse(tenant).unwrap())
                .await
                .unwrap(),
        };
        let u = match accounts::find_user_by_username(&self.db, username)
            .await
            .unwrap()
        {
            Some(u) => u,
            None => accounts::create_user(
                &self.db,
                &Username::parse(username).unwrap(),
                "",
                &Password::parse(password).unwrap(),
            )
            .await
            .unwrap(),
        };
        accounts::add_member(&self.db, t.id, u.id, role)
            .await
            .unwrap();
        (t.id, u.id)
    }
}

/// Calls a server function with any client.
pub async fn call_with<T: DeserializeOwned>(
    client: &reqwest::Client,
    base_url: &str,
    endpoint: &str,
    args: &[(&str, &str)],
) -> FnResult<T> {
    let res = client
        .post(format!("{base_url}/api/{endpoint}"))
        .form(args)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body = res.text().await.unwrap();
    if status.is_success() {
        Ok(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{endpoint}: {e}: {body}")))
    } else {
        let err: AppError = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{endpoint} {status}: {e}: {body}"));
        Err((status, err))
    }
}

/// What a merchant's browser gets from pressing a link page's button.
pub struct Pressed {
    /// WeChat's page (here: the sandbox's) the console sent the browser to.
    pub wechat_url: String,
    pub pre_auth_code: String,
    pub redirect_uri: String,
}

/// A merchant on a computer opens a link's page and presses its button: the console answers 303
/// to WeChat's PC page with a fresh pre_auth_code.
pub async fn press_link(page_url: &str) -> Pressed {
    press_link_as(
        page_url,
        "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
    )
    .await
}

/// [`press_link`] with a given user agent (inside WeChat the console chooses the H5 page).
pub async fn press_link_as(page_url: &str, user_agent: &str) -> Pressed {
    let res = client()
        .post(page_url)
        .header(reqwest::header::USER_AGENT, user_agent)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let wechat_url = res.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let url = url::Url::parse(&wechat_url).unwrap();
    let param = |k: &str| {
        url.query_pairs()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("{k} missing in {wechat_url}"))
    };
    Pressed {
        pre_auth_code: param("pre_auth_code"),
        redirect_uri: param("redirect_uri"),
        wechat_url: wechat_url.clone(),
    }
}

pub struct Setup {
    pub app: TestApp,
    pub sandbox: Sandbox,
    pub sandbox_url: String,
    pub tenant_id: TenantId,
    pub component_id: PlatformId,
    pub appid: String,
}

/// The console and the sandbox, one platform registered on both (published, every permission
/// set), its first ticket received.
pub async fn setup() -> Setup {
    setup_with(wechat_sandbox::SandboxConfig::default()).await
}

/// [`setup`] with a sandbox configured as given (its `public_url` is set here).
pub async fn setup_with(config: wechat_sandbox::SandboxConfig) -> Setup {
    let (sandbox, sandbox_url) = spawn_sandbox_with(config).await;
    let app = spawn_with_wechat(&sandbox_url).await;
    let (tenant_id, _) = app
        .seed_member("Acme", "alice", "alice-password", Role::Owner)
        .await;
    let appid = format!("wx{}", &uuid::Uuid::new_v4().simple().to_string()[..16]);
    let input = PlatformInput {
        name: "Acme 平台".into(),
        appid: appid.clone(),
        secret: Some("0123456789abcdef0123456789abcdef".into()),
        token: Some("acmetoken1".into()),
        aes_key: Some(wxopen::EncodingAesKey::generate().to_encoded()),
        previous_aes_key: None,
    };
    let view = platforms::create(&app.services, tenant_id, &input)
        .await
        .unwrap();
    sandbox.create_component(ComponentSpec {
        appid: Some(appid.clone()),
        secret: input.secret.clone(),
        token: input.token.clone(),
        encoding_aes_key: input.aes_key.clone(),
        event_url: format!("{}/wechat/{appid}/events", app.base_url),
        message_url: format!("{}/wechat/{appid}/messages/$APPID$", app.base_url),
        published: Some(true),
        ..Default::default()
    });
    for _ in 0..400 {
        let v = platforms::get(&app.services, tenant_id, view.id)
            .await
            .unwrap();
        if v.ticket_received_at.is_some() {
            return Setup {
                app,
                sandbox,
                sandbox_url,
                tenant_id,
                component_id: view.id,
                appid,
            };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the sandbox's ticket never reached the console");
}

impl Setup {
    /// How often the console called a WeChat API (every appid together).
    pub async fn calls(&self, endpoint: &str) -> u64 {
        let all: Value = reqwest::get(format!("{}/_sandbox/calls", self.sandbox_url))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        all.get(endpoint)
            .and_then(Value::as_object)
            .map(|per_appid| per_appid.values().filter_map(Value::as_u64).sum())
            .unwrap_or(0)
    }

    pub async fn control(&self, path: &str, body: Value) -> Value {
        let res = reqwest::Client::new()
            .post(format!("{}/_sandbox/{path}", self.sandbox_url))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
        res.json().await.unwrap()
    }

    /// A link from the console and the administrator's confirmation in the sandbox: returns
    /// the URL WeChat redirects the merchant to.
    pub async fn authorize(&self, nickname: &str) -> String {
        let account = self.sandbox.create_account(AccountSpec {
            account_type: Some(AccountType::OfficialAccount),
            nickname: Some(nickname.into()),
            ..Default::default()
        });
        self.authorize_account(&account.appid).await.0
    }

    /// Returns the redirect URL and the link's id.
    pub async fn authorize_account(&self, appid: &str) -> (String, LinkId) {
        let link = self.link(false).await;
        let pressed = press_link(&link.url).await;
        let r = self
            .control(
                "authorizations/confirm",
                json!({"pre_auth_code": pressed.pre_auth_code, "appid": appid, "redirect_uri": pressed.redirect_uri}),
            )
            .await;
        (r["redirect_url"].as_str().unwrap().to_string(), link.id)
    }

    /// A new link asking for sets 1 and 2.
    pub async fn link(&self, single_use: bool) -> console_core::authorization::LinkView {
        console_core::authorization::create_link(
            &self.app.services,
            self.tenant_id,
            None,
            &console_core::authorization::LinkRequest {
                component_id: self.component_id,
                target: console_core::authorization::LinkTarget::Any,
                category_ids: vec![1, 2],
                lifetime: console_core::authorization::LinkLifetime::default(),
                single_use,
            },
        )
        .await
        .unwrap()
    }
}
