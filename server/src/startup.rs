//! Building and running the server: bind first (port 0 works, for tests), then serve until
//! Ctrl-C or SIGTERM. The background workers (push processing, token refresh) run beside it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use console_app::ssr::{AppState, PublicConfig};
use console_app::{App, shell};
use console_core::retention::Retention;
use console_core::{Db, DbOptions, Services, ServicesConfig, clock, db::redact_url};
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use wechat_sandbox::{Sandbox, SandboxConfig};
use wxopen::api::Endpoints;

use crate::config::ServerConfig;
use crate::demo::{self, DemoSeed};
use crate::http::{
    api, api_errors, guards, health, merchant, metrics, security_headers, trace, wechat,
};
use crate::keys;
use crate::sessions::{DbSessionStore, delete_expired_forever};

/// Name of the staff session cookie.
pub const SESSION_COOKIE: &str = "wxopen_session";

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    demo: Option<DemoSeed>,
    sandbox: Option<(Sandbox, SocketAddr)>,
    shutdown: watch::Sender<bool>,
    /// The background workers, awaited on shutdown so that their current batch finishes and
    /// gives its leases back.
    workers: Vec<tokio::task::JoinHandle<()>>,
}

/// Leptos settings from the workspace manifest (compiled in), overridable by `LEPTOS_*` variables;
/// so the binary runs the same with or without cargo-leptos.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let mut options = leptos::config::get_config_from_str(include_str!("../../Cargo.toml"))
        .context("reading the [[workspace.metadata.leptos]] settings")?;
    // Hashed file names only when cargo-leptos wrote the hash file beside this binary: a binary
    // built by plain cargo (the tests) would otherwise panic in Leptos reading it.
    options.hash_files = options.hash_files && crate::http::assets::hash_file_present(&options);
    Ok(options)
}

fn endpoints_at(url: &str) -> anyhow::Result<Endpoints> {
    let base = url::Url::parse(url).with_context(|| format!("WXOPEN_WECHAT_BASE_URL {url:?}"))?;
    Ok(Endpoints::all_at(base))
}

impl Application {
    /// Connects to the database, migrates it, seeds the demo if asked, and binds the listener.
    pub async fn build(config: ServerConfig) -> anyhow::Result<Self> {
        let db = Db::connect(&DbOptions::new(config.database_url.clone()))
            .await
            .with_context(|| format!("opening {}", redact_url(&config.database_url)))?;
        db.migrate().await.context("applying database migrations")?;
        Self::build_with_db(config, db).await
    }

    /// Like [`build`](Self::build) on an already connected and migrated database.
    pub async fn build_with_db(config: ServerConfig, db: Db) -> anyhow::Result<Self> {
        // The key check comes first: a server that cannot read its secrets must not start.
        let master_keys = keys::master_keys(&config)?;
        let clock = clock::system();
        let demo = if config.demo {
            Some(demo::seed(&db, &*clock).await.context("seeding the demo")?)
        } else {
            None
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("binding {}", config.listen))?;
        let addr = listener.local_addr()?;
        let public_base_url = config.resolved_public_base_url(addr);
        let cookie_secure = config.resolved_cookie_secure(&public_base_url);

        // Demo: the WeChat sandbox on its own port, standing in for every WeChat host.
        let sandbox = if demo.is_some() {
            let sb_listener = TcpListener::bind(config.sandbox_listen)
                .await
                .with_context(|| {
                    format!("binding the demo sandbox at {}", config.sandbox_listen)
                })?;
            let sb_addr = sb_listener.local_addr()?;
            let sb_url = url::Url::parse(&format!("http://{sb_addr}"))?;
            let sb = Sandbox::new(SandboxConfig {
                public_url: Some(sb_url),
                ..SandboxConfig::default()
            });
            let serving = sb.clone();
            tokio::spawn(async move {
                if let Err(e) = serving.serve(sb_listener).await {
                    tracing::error!("the demo sandbox stopped: {e}");
                }
            });
            Some((sb, sb_addr))
        } else {
            None
        };
        let endpoints = match (&sandbox, &config.wechat_base_url) {
            (Some((_, sb_addr)), _) => endpoints_at(&format!("http://{sb_addr}"))?,
            (None, Some(url)) => endpoints_at(url)?,
            (None, None) => Endpoints::wechat(),
        };
        let services = Services::new(
            db.clone(),
            master_keys.secret_box(),
            clock,
            ServicesConfig::new(endpoints, public_base_url.clone()),
        )?;
        if let (Some(seed), Some((sb, _))) = (&demo, &sandbox) {
            let appid = demo::seed_platform(&services, sb, seed.tenant_id)
                .await
                .context("registering the demo platform with the sandbox")?;
            tracing::info!(%appid, "demo platform ready");
        }

        let mut leptos_options = leptos_options()?;
        leptos_options.site_addr = addr;
        let state = AppState {
            leptos_options,
            db: db.clone(),
            services: services.clone(),
            config: Arc::new(PublicConfig {
                public_base_url,
                demo: demo.is_some(),
                demo_account: demo
                    .as_ref()
                    .map(|d| (d.username.clone(), d.password.clone())),
                sandbox_url: sandbox.as_ref().map(|(_, a)| format!("http://{a}")),
            }),
            access: Arc::new(config.access.policy()),
        };

        let (shutdown, _) = watch::channel(false);
        let workers = spawn_workers(&services, config.retention, &shutdown);

        let store = DbSessionStore::new(&db)
            .await
            .context("preparing the session table")?;
        tokio::spawn(delete_expired_forever(
            store.clone(),
            Duration::from_secs(600),
        ));
        let sessions = SessionManagerLayer::new(store)
            .with_name(SESSION_COOKIE)
            .with_secure(cookie_secure)
            .with_same_site(SameSite::Lax)
            .with_http_only(true)
            .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));

        let router = router(state.clone(), config.api, config.metrics_token.clone())
            .layer(sessions)
            .layer(from_fn(security_headers::add))
            .layer(trace::layer());
        Ok(Self {
            listener,
            router,
            state,
            demo,
            sandbox,
            shutdown,
            workers,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// The shared state (tests reach the database and services through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// What demo mode seeded, if it ran.
    pub fn demo(&self) -> Option<&DemoSeed> {
        self.demo.as_ref()
    }

    /// The embedded sandbox and its address (demo mode).
    pub fn sandbox(&self) -> Option<&(Sandbox, SocketAddr)> {
        self.sandbox.as_ref()
    }

    /// Serves until `shutdown` resolves, then stops the workers.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // The peer address reaches handlers (sign-in throttling per client address).
        let app = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving HTTP");
        let _ = self.shutdown.send(true);
        // In-flight requests are answered (graceful shutdown above); now the workers finish the
        // refreshes and pushes they hold, so that no lease waits out its time for another
        // instance. Bounded: a stuck WeChat call must not keep the process alive.
        let workers = futures::future::join_all(self.workers);
        if tokio::time::timeout(WORKER_GRACE, workers).await.is_err() {
            tracing::warn!("background work still running after {WORKER_GRACE:?}; stopping anyway");
        }
        served
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }
}

/// The push worker, the message worker, the token scheduler, the registration poller, planner
/// maintenance, the nightly retention cleanup, the record of this instance's master keys and the
/// alert evaluator, stopped by `shutdown`.
/// How long shutdown waits for the workers' current work.
const WORKER_GRACE: Duration = Duration::from_secs(20);

fn spawn_workers(
    services: &Services,
    retention: Retention,
    shutdown: &watch::Sender<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let stop = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let db = services.db.clone();
    let mut rx = shutdown.subscribe();
    let optimize = tokio::spawn(async move {
        // Fresh planner statistics keep the authorizer list fast as it grows (SQLite).
        loop {
            if let Err(e) = db.optimize().await {
                tracing::warn!("database optimize: {e}");
            }
            tokio::select! {
                _ = rx.wait_for(|stop| *stop) => return,
                () = tokio::time::sleep(Duration::from_secs(6 * 3600)) => {}
            }
        }
    });
    vec![
        optimize,
        tokio::spawn(console_core::events::run_worker(
            services.clone(),
            stop(shutdown.subscribe()),
        )),
        tokio::spawn(console_core::tokens::run_scheduler(
            services.clone(),
            stop(shutdown.subscribe()),
        )),
        tokio::spawn(console_core::messages::run_worker(
            services.clone(),
            stop(shutdown.subscribe()),
        )),
        tokio::spawn(console_core::registrations::run_poller(
            services.clone(),
            stop(shutdown.subscribe()),
        )),
        tokio::spawn(console_core::retention::run_worker(
            services.clone(),
            retention,
            stop(shutdown.subscribe()),
        )),
        tokio::spawn(console_core::secrets::instances::run_heartbeat(
            services.clone(),
            stop(shutdown.subscribe()),
        )),
        // Alerts (issue 14): every instance evaluates; the database makes each alert once.
        tokio::spawn(console_core::alerts::run_evaluator(
            services.clone(),
            stop(shutdown.subscribe()),
        )),
    ]
}

/// Every route: health, WeChat's endpoints, the Leptos pages and server functions, static files;
/// with the login and same-origin guards. Pages render with this response's CSP nonce.
fn router(state: AppState, api_limits: api::ApiLimits, metrics_token: Option<String>) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(api::routes(state.services.clone(), api_limits))
        .merge(metrics::routes(state.services.clone(), metrics_token))
        .merge(wechat::routes())
        .merge(merchant::authorize::routes())
        .merge(merchant::register::routes())
        .merge(merchant::web_oauth::routes())
        .merge(crate::http::media::routes())
        .merge(crate::http::assets::routes(&state.leptos_options))
        .leptos_routes_with_context(
            &state,
            routes,
            security_headers::nonce_for_leptos,
            move || shell(options.clone()),
        )
        .route_layer(from_fn(metrics::track))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(security_headers::nonce_for_leptos, shell))
        .layer(from_fn(api_errors::invalid_arguments))
        .layer(from_fn_with_state(state.clone(), guards::require_login))
        .layer(from_fn_with_state(state.clone(), guards::same_origin))
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
