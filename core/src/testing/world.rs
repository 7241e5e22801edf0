//! A world to test the console in: a database, the console's services, optionally the WeChat
//! sandbox and a platform registered on both sides with its first ticket.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::{Value, json};
use wechat_sandbox::{AccountSpec, AccountType, ComponentSpec, Sandbox, SandboxConfig};
use wxopen::api::Endpoints;

use super::{TestDb, TestSandbox, eventually};
use crate::accounts::{self, TenantName};
use crate::platforms::{self, PlatformInput, entity as component};
use crate::secrets::{MasterKey, SecretBox};
use crate::tokens::TokenConfig;
use crate::{
    Clock, Db, DbOptions, ManualClock, Services, ServicesConfig, SystemClock, TenantId, events,
    messages,
};

/// What a console gets to start on.
pub struct ConsoleContext {
    /// The test database's pool, when the world made the database.
    pub db: Option<Db>,
    pub db_url: String,
    /// The master key the console seals secrets with.
    pub key: MasterKey,
    /// The world's clock (the built-in console's services run on it).
    pub clock: ManualClock,
    /// Where WeChat answers: the world's sandbox or the builder's [`wechat`](TestWorldBuilder::wechat)
    /// URL; `None` is WeChat itself.
    pub wechat_base_url: Option<String>,
}

/// A console the world started.
pub struct StartedConsole {
    pub services: Services,
    /// Where it is reached: WeChat pushes to `{base_url}/wechat/{appid}/events`.
    pub base_url: String,
    /// Whether it processes pushes on its own (the server's workers). The built-in console does
    /// not: the world processes them while it waits for a ticket, tests process them explicitly.
    pub workers: bool,
    /// The sandbox it runs itself (the server's demo mode), if any.
    pub sandbox: Option<TestSandbox>,
}

type StartConsole =
    Box<dyn FnOnce(ConsoleContext) -> Pin<Box<dyn Future<Output = StartedConsole>>>>;

enum Database {
    Sqlite,
    Postgres,
    Given(TestDb),
    Url(String),
}

/// A platform to register: in the console and, when the world has a sandbox, in the sandbox
/// too (published, its pushes going to the console).
#[derive(Clone, Debug)]
pub struct PlatformSpec {
    /// Its tenant, found by name or created.
    pub tenant: String,
    pub name: String,
    /// `wx` and 16 random hex digits unless given.
    pub appid: Option<String>,
    /// Random unless given.
    pub secret: Option<String>,
    pub token: String,
}

impl Default for PlatformSpec {
    fn default() -> Self {
        Self {
            tenant: "Lifecycle".into(),
            name: "测试平台".into(),
            appid: None,
            secret: None,
            token: "tok123456".into(),
        }
    }
}

/// A registered platform.
#[derive(Clone, Debug)]
pub struct TestPlatform {
    pub tenant_id: TenantId,
    /// Its row, read once its first ticket arrived (when the world has a sandbox).
    pub component: component::Model,
}

/// Builds a [`TestWorld`]: SQLite, no sandbox, no platform, the built-in console unless told.
#[must_use]
pub struct TestWorldBuilder {
    database: Database,
    sandbox: Option<SandboxConfig>,
    wechat: Option<String>,
    platform: Option<PlatformSpec>,
    clock: Option<ManualClock>,
    key: Option<MasterKey>,
    console: Option<StartConsole>,
}

impl TestWorldBuilder {
    /// A fresh SQLite database (the default).
    pub fn sqlite(self) -> Self {
        Self {
            database: Database::Sqlite,
            ..self
        }
    }

    /// A fresh PostgreSQL database ([`try_build`](Self::try_build) gives `None` when no server is
    /// configured).
    pub fn postgres(self) -> Self {
        Self {
            database: Database::Postgres,
            ..self
        }
    }

    /// This database (kept alive as long as the world).
    pub fn db(self, t: TestDb) -> Self {
        Self {
            database: Database::Given(t),
            ..self
        }
    }

    /// An existing database (a second instance, a restart); not migrated here.
    pub fn url(self, url: &str) -> Self {
        Self {
            database: Database::Url(url.to_string()),
            ..self
        }
    }

    /// The WeChat sandbox on a free port, as WeChat configures it.
    pub fn sandbox(self) -> Self {
        self.sandbox_with(SandboxConfig::default())
    }

    /// The WeChat sandbox configured as given (its `public_url` is set here).
    pub fn sandbox_with(self, config: SandboxConfig) -> Self {
        Self {
            sandbox: Some(config),
            ..self
        }
    }

    /// WeChat answers at `base_url` (a sandbox the test does not control); without a sandbox or
    /// this, the console talks to WeChat itself.
    pub fn wechat(self, base_url: &str) -> Self {
        Self {
            wechat: Some(base_url.to_string()),
            ..self
        }
    }

    /// A platform as [`PlatformSpec::default`] describes it.
    pub fn platform(self) -> Self {
        self.platform_with(PlatformSpec::default())
    }

    /// A platform registered as `spec` says; with a sandbox, `build` returns once its first
    /// ticket is stored.
    pub fn platform_with(self, spec: PlatformSpec) -> Self {
        Self {
            platform: Some(spec),
            ..self
        }
    }

    /// The clock the built-in console's services run on (default: standing at now).
    pub fn clock(self, clock: ManualClock) -> Self {
        Self {
            clock: Some(clock),
            ..self
        }
    }

    /// The master key (default: a new one).
    pub fn key(self, key: MasterKey) -> Self {
        Self {
            key: Some(key),
            ..self
        }
    }

    /// Starts this console instead of the built-in one (the server's tests start the server).
    pub fn console<F, Fut>(self, start: F) -> Self
    where
        F: FnOnce(ConsoleContext) -> Fut + 'static,
        Fut: Future<Output = StartedConsole> + 'static,
    {
        Self {
            console: Some(Box::new(move |ctx| Box::pin(start(ctx)))),
            ..self
        }
    }

    /// The world, or `None` when PostgreSQL was asked for and no server is configured.
    pub async fn try_build(self) -> Option<TestWorld> {
        let (test_db, db_url) = match self.database {
            Database::Sqlite => {
                let t = TestDb::sqlite().await;
                let url = t.url.clone();
                (Some(t), url)
            }
            Database::Postgres => {
                let t = TestDb::postgres().await?;
                let url = t.url.clone();
                (Some(t), url)
            }
            Database::Given(t) => {
                let url = t.url.clone();
                (Some(t), url)
            }
            Database::Url(url) => (None, url),
        };
        let sandbox = match self.sandbox {
            Some(config) => Some(TestSandbox::start(config).await),
            None => None,
        };
        let wechat_base_url = sandbox.as_ref().map(|s| s.url.clone()).or(self.wechat);
        let clock = self
            .clock
            .unwrap_or_else(|| ManualClock::at(SystemClock.now_ms()));
        let key = self.key.unwrap_or_else(MasterKey::generate);
        let ctx = ConsoleContext {
            db: test_db.as_ref().map(|t| t.db.clone()),
            db_url: db_url.clone(),
            key: key.clone(),
            clock: clock.clone(),
            wechat_base_url: wechat_base_url.clone(),
        };
        let started = match self.console {
            Some(start) => start(ctx).await,
            None => start_receiver(ctx).await,
        };
        let mut world = TestWorld {
            svc: started.services,
            db_url,
            clock,
            key,
            base_url: started.base_url,
            sandbox: sandbox.or(started.sandbox),
            platform: None,
            wechat_base_url,
            workers: started.workers,
            _db: test_db,
        };
        if let Some(spec) = self.platform {
            world.platform = Some(world.add_platform(&spec).await);
        }
        Some(world)
    }

    /// The world.
    ///
    /// # Panics
    /// When PostgreSQL was asked for and no server is configured (use
    /// [`try_build`](Self::try_build) to skip instead).
    pub async fn build(self) -> TestWorld {
        self.try_build()
            .await
            .expect("PostgreSQL is not configured (TEST_DATABASE_URL)")
    }
}

/// A console and what it talks to. See [`TestWorld::builder`].
pub struct TestWorld {
    /// The console's services; `svc.db` is its database.
    pub svc: Services,
    pub db_url: String,
    /// The built-in console's clock: moves only when the test moves it.
    pub clock: ManualClock,
    pub key: MasterKey,
    /// Where the console is reached (WeChat's pushes, redirect URIs).
    pub base_url: String,
    sandbox: Option<TestSandbox>,
    platform: Option<TestPlatform>,
    wechat_base_url: Option<String>,
    workers: bool,
    _db: Option<TestDb>,
}

impl TestWorld {
    /// ```no_run
    /// # async fn example() {
    /// use console_core::testing::{PlatformSpec, TestWorld};
    /// let Some(w) = TestWorld::builder()
    ///     .postgres()
    ///     .sandbox()
    ///     .platform_with(PlatformSpec { tenant: "Acme".into(), ..PlatformSpec::default() })
    ///     .try_build()
    ///     .await
    /// else {
    ///     return; // PostgreSQL not configured
    /// };
    /// # }
    /// ```
    pub fn builder() -> TestWorldBuilder {
        TestWorldBuilder {
            database: Database::Sqlite,
            sandbox: None,
            wechat: None,
            platform: None,
            clock: None,
            key: None,
            console: None,
        }
    }

    fn test_sandbox(&self) -> &TestSandbox {
        self.sandbox
            .as_ref()
            .expect("this world has no sandbox: ask its builder for .sandbox()")
    }

    /// The sandbox standing in for WeChat.
    pub fn sandbox(&self) -> &Sandbox {
        &self.test_sandbox().sandbox
    }

    /// The sandbox's origin.
    pub fn sandbox_url(&self) -> &str {
        &self.test_sandbox().url
    }

    /// The platform the builder registered.
    pub fn platform(&self) -> &TestPlatform {
        self.platform
            .as_ref()
            .expect("this world has no platform: ask its builder for .platform()")
    }

    /// The registered platform's row.
    pub fn component(&self) -> &component::Model {
        &self.platform().component
    }

    /// The registered platform's tenant.
    pub fn tenant_id(&self) -> TenantId {
        self.platform().tenant_id
    }

    /// A control-API call to the sandbox; see [`TestSandbox::control`].
    pub async fn control(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        self.test_sandbox().control(method, path, body).await
    }

    /// How often the console called a WeChat API (every appid together).
    pub async fn calls(&self, endpoint: &str) -> u64 {
        self.test_sandbox().calls(endpoint).await
    }

    /// The follower `openid` writes to authorizer `appid` of the world's platform: WeChat's
    /// 48-hour customer-service window opens (the sandbox refuses `message/custom/send` with
    /// 45015 otherwise).
    pub async fn user_writes(&self, appid: &str, openid: &str) {
        self.control(
            reqwest::Method::POST,
            "messages",
            serde_json::json!({"component_appid": self.component().appid, "authorizer_appid": appid,
                               "openid": openid, "msg_type": "text", "content": "在吗"}),
        )
        .await;
    }

    /// A new official account in the sandbox; returns its appid.
    pub fn account(&self, nickname: &str) -> String {
        self.sandbox()
            .create_account(AccountSpec {
                account_type: Some(AccountType::OfficialAccount),
                nickname: Some(nickname.into()),
                ..Default::default()
            })
            .appid
    }

    /// A second console process of the built-in kind: the same database, key, clock and WeChat,
    /// its own instance id, cache and locks.
    pub fn services(&self, instance: &str) -> Services {
        self.services_with(instance, SecretBox::new(&self.key))
    }

    /// [`services`](Self::services) with other master keys (a master-key rotation).
    pub fn services_with(&self, instance: &str, secrets: SecretBox) -> Services {
        console_services(
            self.svc.db.clone(),
            secrets,
            &self.clock,
            self.wechat_base_url.as_deref(),
            &self.base_url,
            instance,
        )
    }

    /// Registers a platform (see [`PlatformSpec`]); with a sandbox, returns once its first ticket
    /// is stored.
    pub async fn add_platform(&self, spec: &PlatformSpec) -> TestPlatform {
        let db = &self.svc.db;
        let tenant = match accounts::find_tenant_by_name(db, &spec.tenant)
            .await
            .unwrap()
        {
            Some(t) => t,
            None => {
                let name = TenantName::parse(&spec.tenant).unwrap();
                accounts::create_tenant(db, &*self.svc.clock, &name)
                    .await
                    .unwrap()
            }
        };
        let input = PlatformInput {
            name: spec.name.clone(),
            appid: spec
                .appid
                .clone()
                .unwrap_or_else(|| format!("wx{:016x}", rand::random::<u64>())),
            secret: Some(
                spec.secret
                    .clone()
                    .unwrap_or_else(|| format!("{:032x}", rand::random::<u128>())),
            ),
            token: Some(spec.token.clone()),
            aes_key: Some(wxopen::EncodingAesKey::generate().to_encoded()),
            previous_aes_key: None,
        };
        let id = platforms::create(&self.svc, tenant.id, &input)
            .await
            .expect("add the platform")
            .id;
        let Some(sandbox) = &self.sandbox else {
            let component = platforms::get_model(&self.svc, tenant.id, id)
                .await
                .unwrap();
            return TestPlatform {
                tenant_id: tenant.id,
                component,
            };
        };
        let appid = &input.appid;
        sandbox.sandbox.create_component(ComponentSpec {
            appid: Some(appid.clone()),
            name: Some(input.name.clone()),
            secret: input.secret.clone(),
            token: input.token.clone(),
            encoding_aes_key: input.aes_key.clone(),
            event_url: format!("{}/wechat/{appid}/events", self.base_url),
            message_url: format!("{}/wechat/{appid}/messages/$APPID$", self.base_url),
            published: Some(true),
            ..Default::default()
        });
        // The sandbox pushes the first ticket at once.
        let component = eventually("the platform's first ticket", || async {
            if !self.workers {
                events::process_pending(&self.svc).await.unwrap();
            }
            let m = platforms::get_model(&self.svc, tenant.id, id)
                .await
                .unwrap();
            m.ticket_received_at.is_some().then_some(m)
        })
        .await;
        TestPlatform {
            tenant_id: tenant.id,
            component,
        }
    }

    /// The administrator of `appid` authorizes the platform with `func_ids` in the sandbox;
    /// returns the authorization code (the console has not exchanged it yet).
    pub async fn administrator_confirms(&self, appid: &str, func_ids: &[u32]) -> String {
        let component = self.component();
        let (component_appid, _) = platforms::credentials(&self.svc, component).unwrap();
        let pre = crate::tokens::with_component_token(&self.svc, component.id, |cat| {
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
                    "redirect_uri": format!("{}/wechat/{}/authorized", self.base_url, component.appid),
                }),
            )
            .await;
        r["auth_code"].as_str().unwrap().to_string()
    }

    /// Authorizes and exchanges: the account is an authorizer with tokens.
    pub async fn authorize(&self, appid: &str, func_ids: &[u32]) {
        let code = self.administrator_confirms(appid, func_ids).await;
        crate::authorization::exchange_code(
            &self.svc,
            self.component(),
            &wxopen::Secret::new(code),
        )
        .await
        .unwrap();
    }
}

/// The built-in console: the push endpoints (`events::receive`, `messages::receive`) on a free
/// port, without the web app and without workers.
async fn start_receiver(ctx: ConsoleContext) -> StartedConsole {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a port for the console");
    let base_url = format!("http://{}", listener.local_addr().expect("its address"));
    let db = match ctx.db {
        Some(db) => db,
        None => Db::connect(&DbOptions::new(ctx.db_url.clone()))
            .await
            .expect("connect to the database"),
    };
    let services = console_services(
        db,
        SecretBox::new(&ctx.key),
        &ctx.clock,
        ctx.wechat_base_url.as_deref(),
        &base_url,
        "instance-a",
    );
    let app = Router::new()
        .route("/wechat/{appid}/events", post(receive_event))
        .route(
            "/wechat/{appid}/messages/{authorizer}",
            post(receive_message),
        )
        .with_state(services.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    StartedConsole {
        services,
        base_url,
        workers: false,
        sandbox: None,
    }
}

fn console_services(
    db: Db,
    secrets: SecretBox,
    clock: &ManualClock,
    wechat_base_url: Option<&str>,
    base_url: &str,
    instance: &str,
) -> Services {
    let endpoints = wechat_base_url.map_or_else(Endpoints::wechat, |url| {
        Endpoints::all_at(url.parse().expect("WeChat's base URL"))
    });
    let mut cfg = ServicesConfig::new(endpoints, base_url);
    cfg.instance_id = instance.to_string();
    cfg.tokens = TokenConfig {
        sweep_interval: Duration::from_millis(50),
        ..TokenConfig::default()
    };
    cfg.http_timeout = Duration::from_secs(3);
    Services::new(db, secrets, Arc::new(clock.clone()), cfg).expect("build the services")
}

async fn receive_event(
    State(svc): State<Services>,
    Path(appid): Path<String>,
    Query(q): Query<events::PushQuery>,
    body: Bytes,
) -> (StatusCode, &'static str) {
    match events::receive(&svc, &appid, &q, &body).await {
        Ok(_) => (StatusCode::OK, "success"),
        Err(r) => (StatusCode::BAD_REQUEST, r.reason()),
    }
}

async fn receive_message(
    State(svc): State<Services>,
    Path((appid, authorizer)): Path<(String, String)>,
    Query(q): Query<events::PushQuery>,
    body: Bytes,
) -> (StatusCode, String) {
    match messages::receive(&svc, &appid, &authorizer, &q, &body).await {
        Ok(answer) => (StatusCode::OK, answer.body().to_string()),
        Err(r) => (StatusCode::BAD_REQUEST, r.reason().to_string()),
    }
}
