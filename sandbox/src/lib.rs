//! `wechat-sandbox`: a faithful simulator of WeChat's Open Platform (第三方平台) for the offline
//! demo and for integration tests. It answers on the paths of `api.weixin.qq.com`,
//! `mp.weixin.qq.com` and `open.weixin.qq.com` at one origin, pushes encrypted tickets and events
//! to the console, keeps WeChat's expiries, single-use codes, quotas and errcodes, and has a
//! control API under `/_sandbox/`. See the crate README.

mod api;
mod clock;
mod control;
mod domain;
mod endpoint;
mod error;
mod events;
mod faults;
mod ids;
mod model;
mod pages;
mod push;
mod state;
mod timer;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::http::HeaderMap;
use tokio::sync::Notify;

pub use clock::SandboxClock;
pub use model::{
    Account, AccountSpec, AccountType, Component, ComponentPatch, ComponentSpec, SimUser,
};

use state::{PushJob, World};

/// Sandbox settings.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Default interval of component_verify_ticket pushes (WeChat: 10 minutes).
    pub ticket_interval: Duration,
    /// How long a push to the console may take (WeChat: 5 s).
    pub push_timeout: Duration,
    /// How many times in all a push without a good answer is sent (WeChat: 3; 0 counts as 1).
    pub push_attempts: u32,
    /// How long the release test waits for the customer-service message `…_from_api`.
    pub release_test_timeout: Duration,
    /// The origin the sandbox is reached at, for the URLs it hands out (`authorize_url`,
    /// `head_img`). Default: the request's `Host`, else the address `serve` listens on.
    pub public_url: Option<url::Url>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            ticket_interval: Duration::from_secs(600),
            push_timeout: Duration::from_secs(5),
            push_attempts: 3,
            release_test_timeout: Duration::from_secs(10),
            public_url: None,
        }
    }
}

/// The simulator. Cheap to clone: every clone shares one state.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    config: SandboxConfig,
    clock: SandboxClock,
    world: Mutex<World>,
    http: reqwest::Client,
    /// Wakes the ticket timer when components change.
    wake: Notify,
    /// Signals a new customer-service message (the release test waits on it).
    custom_sent: Notify,
    /// Where `serve` listens.
    bound: Mutex<Option<SocketAddr>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// A sandbox with no components and no accounts.
    pub fn new(config: SandboxConfig) -> Sandbox {
        let http = reqwest::Client::builder()
            .timeout(config.push_timeout)
            .connect_timeout(config.push_timeout)
            .user_agent("Mozilla/4.0 (WeChat sandbox)")
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Sandbox {
            inner: Arc::new(Inner {
                config,
                clock: SandboxClock::new(),
                world: Mutex::new(World::default()),
                http,
                wake: Notify::new(),
                custom_sent: Notify::new(),
                bound: Mutex::new(None),
            }),
        }
    }

    /// Every route: the WeChat APIs, the merchant-facing pages and `/_sandbox/*`.
    pub fn router(&self) -> Router {
        Router::new()
            .merge(api::routes())
            .merge(pages::routes())
            .merge(control::routes())
            .with_state(self.clone())
    }

    /// Serves [`router`](Self::router) on `listener` with the peer address (for the IP
    /// whitelist) and runs the ticket timer, until the future is dropped.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        if let Ok(addr) = listener.local_addr() {
            *self
                .inner
                .bound
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(addr);
        }
        let app = self
            .router()
            .into_make_service_with_connect_info::<SocketAddr>();
        tokio::select! {
            served = axum::serve(listener, app) => served,
            () = self.run_ticket_timer() => Ok(()),
        }
    }

    /// Pushes component_verify_tickets when they are due, forever. [`serve`](Self::serve) runs
    /// it; call it yourself when you serve [`router`](Self::router) another way.
    pub async fn run_ticket_timer(&self) {
        timer::run(self).await;
    }

    /// Creates a component, as `POST /_sandbox/components` does. Optional values that are
    /// invalid are replaced by generated ones; an existing appid is replaced. Like at WeChat it
    /// is unpublished unless `published` says otherwise (only its `test_accounts` can authorize
    /// it), and its `auth_domain` is the authority of `event_url` unless given.
    pub fn create_component(&self, spec: ComponentSpec) -> Component {
        let now = self.inner.clock.now_millis();
        let interval = self.default_interval_ms();
        let c = self.world().insert_component(spec, interval, now);
        self.inner.wake.notify_one();
        c
    }

    /// Creates an account, as `POST /_sandbox/accounts` does.
    pub fn create_account(&self, spec: AccountSpec) -> Account {
        let now = self.inner.clock.now_millis();
        self.world().insert_account(spec, now)
    }

    /// Three official accounts and two mini programs with realistic names, principals and
    /// types (idempotent).
    pub fn seed_demo_accounts(&self) -> Vec<Account> {
        let now = self.inner.clock.now_millis();
        self.world().seed_demo(now)
    }

    /// The clock every expiry reads.
    pub fn clock(&self) -> SandboxClock {
        self.inner.clock.clone()
    }

    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.inner
            .world
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn config(&self) -> &SandboxConfig {
        &self.inner.config
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.inner.clock.now_millis()
    }

    pub(crate) fn default_interval_ms(&self) -> i64 {
        self.inner.config.ticket_interval.as_millis() as i64
    }

    /// The origin for URLs handed out in answers to a request with these headers.
    pub(crate) fn base_url(&self, headers: &HeaderMap) -> String {
        if let Some(url) = &self.inner.config.public_url {
            return url.as_str().trim_end_matches('/').to_owned();
        }
        if let Some(host) = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
        {
            return format!("http://{host}");
        }
        match *self
            .inner
            .bound
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Some(addr) => format!("http://{addr}"),
            None => "http://127.0.0.1".to_owned(),
        }
    }

    /// Sends pushes in order, in the background.
    pub(crate) fn spawn_pushes(&self, jobs: Vec<PushJob>) {
        if jobs.is_empty() {
            return;
        }
        let sb = self.clone();
        tokio::spawn(async move {
            for job in jobs {
                push::push_event(&sb, job).await;
            }
        });
    }

    /// Sends pushes in order and waits for each answer.
    pub(crate) async fn send_pushes(&self, jobs: Vec<PushJob>) -> Vec<state::PushRecord> {
        let mut records = Vec::with_capacity(jobs.len());
        for job in jobs {
            records.push(push::push_event(self, job).await);
        }
        records
    }
}
