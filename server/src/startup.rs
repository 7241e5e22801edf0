//! Building and running the server: bind first (port 0 works, for tests), then serve until
//! Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use console_app::ssr::{AppState, PublicConfig};
use console_app::{App, shell};
use console_core::{Db, DbOptions, db::redact_url};
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::config::ServerConfig;
use crate::demo::{self, DemoSeed};
use crate::http::{guards, health, trace};
use crate::sessions::DbSessionStore;

/// Name of the staff session cookie.
pub const SESSION_COOKIE: &str = "wxopen_session";

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    demo: Option<DemoSeed>,
}

/// Leptos settings from the workspace manifest (compiled in), overridable by `LEPTOS_*` variables;
/// so the binary runs the same with or without cargo-leptos.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    leptos::config::get_config_from_str(include_str!("../../Cargo.toml"))
        .context("reading the [[workspace.metadata.leptos]] settings")
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
        let demo = if config.demo {
            Some(demo::seed(&db).await.context("seeding the demo")?)
        } else {
            None
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("binding {}", config.listen))?;
        let addr = listener.local_addr()?;
        let public_base_url = config.resolved_public_base_url(addr);
        let cookie_secure = config.resolved_cookie_secure(&public_base_url);

        let mut leptos_options = leptos_options()?;
        leptos_options.site_addr = addr;
        let state = AppState {
            leptos_options,
            db: db.clone(),
            config: Arc::new(PublicConfig {
                public_base_url,
                demo: demo.is_some(),
                demo_account: demo
                    .as_ref()
                    .map(|d| (d.username.clone(), d.password.clone())),
            }),
        };

        let store = DbSessionStore::new(&db)
            .await
            .context("preparing the session table")?;
        tokio::spawn(
            store
                .clone()
                .delete_expired_forever(Duration::from_secs(600)),
        );
        let sessions = SessionManagerLayer::new(store)
            .with_name(SESSION_COOKIE)
            .with_secure(cookie_secure)
            .with_same_site(SameSite::Lax)
            .with_http_only(true)
            .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));

        let router = router(state.clone()).layer(sessions).layer(trace::layer());
        Ok(Self {
            listener,
            router,
            state,
            demo,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// The shared state (tests reach the database through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// What demo mode seeded, if it ran.
    pub fn demo(&self) -> Option<&DemoSeed> {
        self.demo.as_ref()
    }

    /// Serves until `shutdown` resolves.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving HTTP")
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }
}

/// Every route: health, the Leptos pages and server functions, static files; with the login and
/// same-origin guards.
fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
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
