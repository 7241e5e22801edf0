//! [`TestApp::builder`]: the real server on port 0 as the console of a core
//! [`TestWorld`](console_core::testing::TestWorld) (a throw-away database, optionally the WeChat
//! sandbox and a platform with its first ticket), and a client that keeps cookies like a browser.
// Helpers, not `#[test]` functions, so clippy's `allow-*-in-tests` does not cover them: a failed
// step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashMap};
use std::ops::Deref;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use console_app::error::AppError;
use console_core::accounts::{self, Password, Role, TenantName, Username};
use console_core::authorization::{self, LinkLifetime, LinkRequest, LinkTarget, LinkView};
use console_core::secrets::MasterKey;
use console_core::testing::{
    ConsoleContext, PlatformSpec, StartedConsole, TestDb, TestPlatform, TestSandbox, TestWorld,
    TestWorldBuilder,
};
use console_core::{LinkId, TenantId, UserId};
use console_server::access::AccessArgs;
use console_server::config::ServerConfig;
use console_server::http::api::ApiLimits;
use console_server::keys::KeySource;
use console_server::startup::Application;
use reqwest::cookie::Jar;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;
use wechat_sandbox::{AccountSpec, AccountType};

/// A running server, the world around it (see [`TestWorld`]: `svc`, `base_url`, `sandbox()`,
/// `control`, `calls`, `platform()` …) and a browser.
pub struct TestApp {
    world: TestWorld,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
}

/// The server is the world's console: everything the world offers, the app offers.
impl Deref for TestApp {
    type Target = TestWorld;

    fn deref(&self) -> &TestWorld {
        &self.world
    }
}

/// Builds a [`TestApp`]: a fresh SQLite database, no demo, no sandbox, no platform unless told.
#[must_use]
pub struct TestAppBuilder {
    world: TestWorldBuilder,
    demo: bool,
    acme: bool,
    access: AccessArgs,
    api: ApiLimits,
    metrics_token: Option<String>,
}

impl TestAppBuilder {
    /// A fresh PostgreSQL database ([`try_build`](Self::try_build) gives `None` without a server).
    pub fn postgres(self) -> Self {
        self.world(TestWorldBuilder::postgres)
    }

    /// The server on this database.
    pub fn db(self, t: TestDb) -> Self {
        self.world(|w| w.db(t))
    }

    /// The server on an existing database (a second instance, a restart).
    pub fn url(self, url: &str) -> Self {
        self.world(|w| w.url(url))
    }

    /// The WeChat sandbox on a free port, the server's WeChat.
    pub fn sandbox(self) -> Self {
        self.world(TestWorldBuilder::sandbox)
    }

    /// Demo mode: demo data, and the server's own embedded sandbox (the world's sandbox).
    pub fn demo(self) -> Self {
        Self { demo: true, ..self }
    }

    /// Staff access settings (session lifetime, trusted proxy header) other than the defaults.
    pub fn access(self, access: AccessArgs) -> Self {
        Self { access, ..self }
    }

    /// Platform API rate limits other than the defaults.
    pub fn api_limits(self, api: ApiLimits) -> Self {
        Self { api, ..self }
    }

    /// `/metrics` on, for this bearer token.
    #[allow(dead_code, reason = "used by the metrics test binary")]
    pub fn metrics_token(self, token: &str) -> Self {
        Self {
            metrics_token: Some(token.into()),
            ..self
        }
    }

    /// Tenant "Acme" with its owner alice (password `alice-password`) and the platform
    /// "Acme 平台", published, every permission set, its first ticket received (needs a sandbox).
    pub fn platform(self) -> Self {
        Self {
            acme: true,
            ..self.world(|w| {
                w.platform_with(PlatformSpec {
                    tenant: "Acme".into(),
                    name: "Acme 平台".into(),
                    secret: Some("0123456789abcdef0123456789abcdef".into()),
                    token: "acmetoken1".into(),
                    ..PlatformSpec::default()
                })
            })
        }
    }

    fn world(self, f: impl FnOnce(TestWorldBuilder) -> TestWorldBuilder) -> Self {
        Self {
            world: f(self.world),
            ..self
        }
    }

    /// The app, or `None` when PostgreSQL was asked for and no server is configured.
    pub async fn try_build(self) -> Option<TestApp> {
        let demo = self.demo;
        let access = self.access;
        let api = self.api;
        let metrics_token = self.metrics_token;
        let world = self
            .world
            .console(move |ctx| start_server(ctx, demo, access, api, metrics_token))
            .try_build()
            .await?;
        let (client, jar) = client_with_jar();
        let app = TestApp { world, client, jar };
        never_shown(&app.key.to_base64());
        if self.acme {
            app.seed_member("Acme", "alice", "alice-password", Role::Owner)
                .await;
            let secrets = console_core::platforms::secrets_of(&app.svc, app.component()).unwrap();
            for s in [&secrets.secret, &secrets.token, &secrets.aes_key] {
                never_shown(s.expose());
            }
        }
        Some(app)
    }

    pub async fn build(self) -> TestApp {
        self.try_build()
            .await
            .expect("PostgreSQL is not configured (TEST_DATABASE_URL)")
    }
}

/// One master key for every test server of this process (a restart must read old secrets).
fn test_master_key() -> MasterKey {
    static KEY: OnceLock<MasterKey> = OnceLock::new();
    KEY.get_or_init(MasterKey::generate).clone()
}

/// The server as the world's console: on the world's database and WeChat, with its workers.
async fn start_server(
    ctx: ConsoleContext,
    demo: bool,
    access: AccessArgs,
    api: ApiLimits,
    metrics_token: Option<String>,
) -> StartedConsole {
    init_logs();
    let config = ServerConfig {
        database_url: ctx.db_url,
        listen: "127.0.0.1:0".parse().unwrap(),
        public_base_url: None,
        cookie_secure: Some(false),
        demo,
        master_key: Some(KeySource::Value(ctx.key.to_base64())),
        previous_master_key: None,
        data_dir: std::env::temp_dir(),
        wechat_base_url: ctx.wechat_base_url,
        sandbox_listen: "127.0.0.1:0".parse().unwrap(),
        access,
        retention: Default::default(),
        api,
        metrics_token,
    };
    let app = Application::build(config).await.unwrap();
    let base_url = format!("http://{}", app.local_addr().unwrap());
    let services = app.state().services.clone();
    let sandbox = app
        .sandbox()
        .map(|(sb, addr)| TestSandbox::at(sb.clone(), format!("http://{addr}")));
    // Serves until the test calls `TestApp::shut_down` (or for good, if it never does).
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(app.run_until(async move {
        while stopped.changed().await.is_ok() {
            if *stopped.borrow() {
                return;
            }
        }
        std::future::pending::<()>().await;
    }));
    servers()
        .lock()
        .unwrap()
        .insert(base_url.clone(), (stop, handle));
    StartedConsole {
        services,
        base_url,
        workers: true,
        sandbox,
    }
}

/// A running test server's stop switch and task, by its base URL.
type Running = (
    tokio::sync::watch::Sender<bool>,
    tokio::task::JoinHandle<anyhow::Result<()>>,
);

/// Every test server of this process, so that a test can shut its own down.
fn servers() -> &'static Mutex<HashMap<String, Running>> {
    static SERVERS: OnceLock<Mutex<HashMap<String, Running>>> = OnceLock::new();
    SERVERS.get_or_init(Mutex::default)
}

impl TestApp {
    /// Shuts the server down as SIGTERM does (stops accepting, answers the requests in flight,
    /// lets the workers finish their current work) and waits until it has stopped.
    pub async fn shut_down(&self) {
        let (stop, handle) = servers()
            .lock()
            .unwrap()
            .remove(&self.base_url)
            .expect("a running test server");
        stop.send(true).unwrap();
        handle.await.unwrap().unwrap();
    }
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

/// What a server function answered.
pub type FnResult<T> = Result<T, (StatusCode, AppError)>;

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            world: TestWorld::builder().key(test_master_key()),
            demo: false,
            acme: false,
            access: AccessArgs::default(),
            api: ApiLimits::default(),
            metrics_token: None,
        }
    }

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
        let (db, clock) = (&self.svc.db, &*self.svc.clock);
        let t = match accounts::find_tenant_by_name(db, tenant).await.unwrap() {
            Some(t) => t,
            None => accounts::create_tenant(db, clock, &TenantName::parse(tenant).unwrap())
                .await
                .unwrap(),
        };
        let u = match accounts::find_user_by_username(db, username).await.unwrap() {
            Some(u) => u,
            None => accounts::create_user(
                db,
                clock,
                &Username::parse(username).unwrap(),
                "",
                &Password::parse(password).unwrap(),
            )
            .await
            .unwrap(),
        };
        accounts::add_member(db, clock, t.id, u.id, role)
            .await
            .unwrap();
        (t.id, u.id)
    }

    /// A new link on `platform` asking for sets 1 and 2.
    pub async fn link_on(
        &self,
        platform: &TestPlatform,
        target: LinkTarget,
        single_use: bool,
    ) -> LinkView {
        authorization::create_link(
            &self.svc,
            platform.tenant_id,
            None,
            &LinkRequest {
                component_id: platform.component.id,
                target,
                category_ids: vec![1, 2],
                lifetime: LinkLifetime::default(),
                single_use,
            },
        )
        .await
        .unwrap()
    }

    /// A link on `platform`, pressed, and the administrator of `appid` confirming in the sandbox
    /// (granting `grant`, or all that WeChat offers): returns the URL WeChat redirects the
    /// merchant to, and the link's id.
    pub async fn authorize_on(
        &self,
        platform: &TestPlatform,
        appid: &str,
        grant: Option<&[u32]>,
    ) -> (String, LinkId) {
        let link = self.link_on(platform, LinkTarget::Any, false).await;
        let pressed = press_link(&link.url).await;
        let mut confirm = json!({
            "pre_auth_code": pressed.pre_auth_code,
            "appid": appid,
            "redirect_uri": pressed.redirect_uri,
        });
        if let Some(funcs) = grant {
            confirm["func_ids"] = json!(funcs);
        }
        let r = self
            .control(Method::POST, "authorizations/confirm", confirm)
            .await;
        (r["redirect_url"].as_str().unwrap().to_string(), link.id)
    }

    /// [`authorize_on`](Self::authorize_on) the app's platform.
    pub async fn authorize_account(&self, appid: &str) -> (String, LinkId) {
        self.authorize_on(self.platform(), appid, None).await
    }

    /// A new official account authorizes the app's platform: returns the redirect URL.
    pub async fn authorize(&self, nickname: &str) -> String {
        let account = self.sandbox().create_account(AccountSpec {
            account_type: Some(AccountType::OfficialAccount),
            nickname: Some(nickname.into()),
            ..Default::default()
        });
        self.authorize_account(&account.appid).await.0
    }
}

/// A browser of its own (its own cookies, no redirects followed), for tests with several users.
pub struct Browser {
    pub client: reqwest::Client,
    pub base_url: String,
}

impl Browser {
    /// A browser nobody signed in with yet.
    pub fn new(app: &TestApp) -> Self {
        Self {
            client: client(),
            base_url: app.base_url.clone(),
        }
    }

    /// A browser signed in as `user`.
    pub async fn signed_in(app: &TestApp, user: &str, password: &str) -> Self {
        let b = Self::new(app);
        b.login(user, password).await.unwrap();
        b
    }

    /// Signs in as `user`.
    pub async fn login(&self, user: &str, password: &str) -> FnResult<()> {
        self.call("auth/login", &[("username", user), ("password", password)])
            .await
    }

    /// Calls a server function.
    pub async fn call<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        args: &[(&str, &str)],
    ) -> FnResult<T> {
        call_with(&self.client, &self.base_url, endpoint, args).await
    }

    /// Who is signed in (`Unauthorized` once the session ended).
    pub async fn session(&self) -> FnResult<console_app::api::auth::SessionInfo> {
        self.call("auth/session", &[]).await
    }

    /// Loads a console page: its status, and where it redirects to if it does.
    pub async fn page(&self, path: &str) -> (StatusCode, Option<String>) {
        let res = self
            .client
            .get(format!("{}{path}", self.base_url))
            .send()
            .await
            .unwrap();
        let location = res
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        (res.status(), location)
    }
}

/// Calls a server function with any client.
pub async fn call_with<T: DeserializeOwned>(
    client: &reqwest::Client,
    base_url: &str,
    endpoint: &str,
    args: &[(&str, &str)],
) -> FnResult<T> {
    let req = client.post(format!("{base_url}/api/{endpoint}")).form(args);
    answer(endpoint, req).await
}

/// Calls a server function that takes JSON (`input = Json`) with any client.
pub async fn call_json_with<T: DeserializeOwned>(
    client: &reqwest::Client,
    base_url: &str,
    endpoint: &str,
    body: &serde_json::Value,
) -> FnResult<T> {
    let req = client.post(format!("{base_url}/api/{endpoint}")).json(body);
    answer(endpoint, req).await
}

/// Values that no log line and no answer of any test may show: the master key, the test
/// platforms' credentials. Every test registers its own; the checks below and the log writer
/// compare everything against all of them.
static NEVER_SHOWN: LazyLock<Mutex<BTreeSet<String>>> = LazyLock::new(Mutex::default);

/// Log lines that showed a registered value (reported at the next server-function answer).
static LEAKED: LazyLock<Mutex<Vec<String>>> = LazyLock::new(Mutex::default);

/// Text the server may log but never show: database, transport and panic details.
pub const INTERNAL_TEXT: &[&str] = &[
    "sqlx",
    "SQLSTATE",
    "UNIQUE constraint",
    "duplicate key",
    "DbErr",
    "sea_orm",
    "error sending request",
    "error decoding response",
    "reqwest",
    "hyper",
    "connection refused",
    "Connection refused",
    "panicked",
    "stack backtrace",
];

/// Registers `value` as never to be shown (values under 8 characters would match by chance).
pub fn never_shown(value: &str) {
    if value.len() >= 8 {
        NEVER_SHOWN.lock().unwrap().insert(value.to_string());
    }
}

/// The registered value `text` holds, if any.
fn shown_secret(text: &str) -> Option<String> {
    NEVER_SHOWN
        .lock()
        .unwrap()
        .iter()
        .find(|v| text.contains(v.as_str()))
        .map(|v| format!("{}…", &v[..4]))
}

/// Every log line of the process also goes through this writer, which looks for registered
/// values (the simulated WeChat's own lines excepted: they are not the product's).
#[derive(Clone, Copy)]
struct LeakScanner;

impl std::io::Write for LeakScanner {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let line = String::from_utf8_lossy(buf);
        if let Some(v) = shown_secret(&line) {
            LEAKED
                .lock()
                .unwrap()
                .push(format!("a log line shows the registered value {v}"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LeakScanner {
    type Writer = LeakScanner;

    fn make_writer(&'a self) -> Self::Writer {
        *self
    }
}

/// The test binary's logging, once: warnings and errors to each test's output (shown when it
/// fails, `RUST_LOG` for more), and everything the product logs at debug through [`LeakScanner`].
fn init_logs() {
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    use tracing_subscriber::{EnvFilter, Layer as _};
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let shown = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
        let scanned = EnvFilter::new(
            "info,console_core=debug,console_app=debug,console_server=debug,wxopen=debug,\
             wechat_sandbox=off",
        );
        let _ = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_test_writer()
                    .with_target(false)
                    .with_filter(shown),
            )
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(LeakScanner)
                    .with_ansi(false)
                    .with_filter(scanned),
            )
            .try_init();
    });
}

/// Fails the test when a log line so far, or `body` (an answer of `endpoint`), showed a
/// registered value, or when `body` shows internal text.
fn assert_nothing_shown(endpoint: &str, body: &str) {
    let leaked = std::mem::take(&mut *LEAKED.lock().unwrap());
    assert!(leaked.is_empty(), "{leaked:?}");
    if let Some(v) = shown_secret(body) {
        panic!("{endpoint} answered with the registered value {v}");
    }
    for marker in INTERNAL_TEXT {
        assert!(
            !body.contains(marker),
            "{endpoint} answered with internal text {marker:?}: {body}"
        );
    }
}

/// A server function's answer: its JSON value, or the status and the error. Every answer is
/// checked for secrets and internal text (see [`assert_nothing_shown`]).
#[allow(clippy::unwrap_used)]
async fn answer<T: DeserializeOwned>(endpoint: &str, req: reqwest::RequestBuilder) -> FnResult<T> {
    let res = req.send().await.unwrap();
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_nothing_shown(endpoint, &body);
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
