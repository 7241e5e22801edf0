//! `spawn_app`: the real server on port 0 over a throw-away database, and a browser-like client.

use std::sync::Arc;

use console_app::error::AppError;
use console_core::accounts::{self, Password, Role, TenantName, Username};
use console_core::testing::TestDb;
use console_server::config::ServerConfig;
use console_server::startup::Application;
use reqwest::StatusCode;
use reqwest::cookie::Jar;
use serde::de::DeserializeOwned;

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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let sb = wechat_sandbox::Sandbox::new(wechat_sandbox::SandboxConfig {
        public_url: Some(url.parse().unwrap()),
        ..Default::default()
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
    ) -> (i64, i64) {
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
