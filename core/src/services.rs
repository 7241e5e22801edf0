//! `Services`: everything the domain needs at run time, built once per process and shared.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use wxopen::api::{Client, Endpoints};

use crate::clock::Clock;
use crate::db::Db;
use crate::platform_api::ticket::TicketCache;
use crate::secrets::SecretBox;
use crate::tokens::state::{TokenConfig, TokenState};

/// How to build [`Services`].
#[derive(Clone, Debug)]
pub struct ServicesConfig {
    /// Where WeChat (or the sandbox) answers.
    pub endpoints: Endpoints,
    /// Timeout of every WeChat call.
    pub http_timeout: Duration,
    /// The console's public URL, for redirect URIs and the URLs shown to paste into WeChat.
    pub public_base_url: String,
    /// Token refresh policy.
    pub tokens: TokenConfig,
    /// This process's name in leases and claims (unique per running instance).
    pub instance_id: String,
    /// How long the message URL waits for the tenant's webhook to reply before answering WeChat
    /// `success` (WeChat gives up after 5 seconds; the rest of its budget is ours).
    pub message_reply_budget: Duration,
    /// Timeout of one webhook delivery (a slow webhook keeps its delivery running in the
    /// background after WeChat was answered).
    pub webhook_timeout: Duration,
    /// Timeout of one call through the WeChat API proxy, download included.
    pub proxy_timeout: Duration,
}

impl ServicesConfig {
    /// Defaults for talking to `endpoints`.
    pub fn new(endpoints: Endpoints, public_base_url: impl Into<String>) -> Self {
        Self {
            endpoints,
            http_timeout: Duration::from_secs(10),
            public_base_url: public_base_url.into(),
            tokens: TokenConfig::default(),
            message_reply_budget: Duration::from_millis(3_000),
            webhook_timeout: Duration::from_secs(15),
            proxy_timeout: Duration::from_secs(60),
            instance_id: format!(
                "{}-{}",
                std::process::id(),
                &uuid::Uuid::new_v4().simple().to_string()[..8]
            ),
        }
    }
}

/// Shared run-time services; cheap to clone.
#[derive(Clone, Debug)]
pub struct Services(Arc<ServicesInner>);

/// The parts of [`Services`].
#[derive(Debug)]
pub struct ServicesInner {
    pub db: Db,
    pub secrets: SecretBox,
    pub wechat: Client,
    pub endpoints: Endpoints,
    pub clock: Arc<dyn Clock>,
    pub instance_id: String,
    pub public_base_url: String,
    /// Wakes the event worker when a push was stored.
    pub event_notify: Arc<Notify>,
    /// Wakes the token scheduler (a ticket arrived, a token was forced to expire).
    pub token_notify: Notify,
    /// Wakes the message worker (a delivery is due sooner than its next poll).
    pub message_notify: Notify,
    /// The client that delivers messages to tenants' webhooks: no redirects followed.
    pub webhooks: reqwest::Client,
    pub message_reply_budget: Duration,
    pub(crate) tokens: TokenState,
    /// Accepted pushes waiting for their batch insert (group commit).
    pub(crate) push_store: crate::events::PushStore,
    /// Platforms and their message crypts, remembered for a second for the push endpoints.
    pub(crate) push_keys: crate::platforms::PushKeys,
    /// JS-SDK tickets this process holds.
    pub(crate) tickets: TicketCache,
    /// The client of the WeChat API proxy: no redirects, a longer timeout than the API client
    /// (downloads of media files stream through it).
    pub proxy: reqwest::Client,
}

/// Why [`Services`] could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build an HTTP client: {0}")]
pub struct ServicesError(String);

impl Services {
    /// Builds the services on a connected, migrated database.
    pub fn new(
        db: Db,
        secrets: SecretBox,
        clock: Arc<dyn Clock>,
        config: ServicesConfig,
    ) -> Result<Self, ServicesError> {
        let wechat = Client::new(config.endpoints.clone(), config.http_timeout)
            .map_err(|e| ServicesError(e.to_string()))?;
        let webhooks = reqwest::Client::builder()
            .timeout(config.webhook_timeout)
            .connect_timeout(config.webhook_timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("wxopen-console/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ServicesError(e.to_string()))?;
        let proxy = reqwest::Client::builder()
            .timeout(config.proxy_timeout)
            .connect_timeout(config.http_timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("wxopen-console/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ServicesError(e.to_string()))?;
        Ok(Self(Arc::new(ServicesInner {
            db,
            secrets,
            wechat,
            endpoints: config.endpoints,
            clock,
            instance_id: config.instance_id,
            public_base_url: config.public_base_url.trim_end_matches('/').to_string(),
            event_notify: Arc::new(Notify::new()),
            token_notify: Notify::new(),
            message_notify: Notify::new(),
            webhooks,
            message_reply_budget: config.message_reply_budget,
            tokens: TokenState::new(config.tokens),
            push_store: Default::default(),
            push_keys: Default::default(),
            tickets: TicketCache::default(),
            proxy,
        })))
    }

    /// The token refresh policy this process runs with.
    pub fn tokens_config(&self) -> &TokenConfig {
        &self.tokens.config
    }

    /// Now, by this process's clock (Unix ms).
    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }
}

impl Deref for Services {
    type Target = ServicesInner;

    fn deref(&self) -> &ServicesInner {
        &self.0
    }
}
