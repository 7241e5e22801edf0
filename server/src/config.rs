//! Typed configuration, from flags or the environment (flags win).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use crate::keys::{KeySource, MasterKeyArgs};

/// The default embedded database.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./data/wxopen.db";

/// Where the database is; shared by every subcommand.
#[derive(Args, Clone, Debug)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://path/to/file.db` or `postgres://user@host:port/db`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
}

/// Settings of `serve`.
#[derive(Args, Clone, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// The URL at which browsers and WeChat reach this console (for links, redirect URIs and the
    /// URLs to paste into WeChat's settings). Defaults to http://<listen>.
    #[arg(long, env = "PUBLIC_BASE_URL")]
    pub public_base_url: Option<String>,
    /// Whether the session cookie is `Secure` (HTTPS only). Defaults to true when
    /// PUBLIC_BASE_URL starts with https://.
    #[arg(long, env = "WXOPEN_COOKIE_SECURE")]
    pub cookie_secure: Option<bool>,
    /// Demo mode: seeds a demo tenant, staff account and platform, runs the WeChat sandbox.
    #[arg(long)]
    pub demo: bool,
    /// The master key for secrets at rest (32 random bytes in standard base64, from
    /// `wxopen-console gen-master-key`) comes from WXOPEN_MASTER_KEY or this file; required
    /// unless --demo.
    #[command(flatten)]
    pub keys: MasterKeyArgs,
    /// Folder for the demo's generated master key.
    #[arg(long, env = "WXOPEN_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Where WeChat's APIs and pages answer (default: api/mp/open.weixin.qq.com). Point it at a
    /// standalone sandbox (`wxopen-console sandbox`) to rehearse without WeChat.
    #[arg(long, env = "WXOPEN_WECHAT_BASE_URL")]
    pub wechat_base_url: Option<String>,
    /// Demo: where the embedded WeChat sandbox listens.
    #[arg(long, env = "WXOPEN_SANDBOX_ADDR", default_value = "127.0.0.1:3100")]
    pub sandbox_listen: SocketAddr,
    #[command(flatten)]
    pub access: crate::access::AccessArgs,
    /// Days to keep finished events, messages, link presses, code claims and sync runs; a
    /// nightly cleanup (03:00 China Standard Time, one instance) deletes older ones. Nothing
    /// pending, no authorizer, token, registration task or audit entry is ever deleted.
    #[arg(long, env = "WXOPEN_RETENTION_DAYS", default_value_t = console_core::retention::DEFAULT_RETENTION_DAYS, value_parser = clap::value_parser!(u32).range(1..))]
    pub retention_days: u32,
    /// Rate limits of the platform API.
    #[command(flatten)]
    pub api: crate::http::api::ApiLimits,
}

/// Everything `serve` needs.
#[derive(Clone)]
pub struct ServerConfig {
    pub database_url: String,
    pub listen: SocketAddr,
    pub public_base_url: Option<String>,
    pub cookie_secure: Option<bool>,
    pub demo: bool,
    /// The key that seals secrets.
    pub master_key: Option<KeySource>,
    /// During a master-key rotation, the key being replaced (it still opens, never seals).
    pub previous_master_key: Option<KeySource>,
    pub data_dir: PathBuf,
    pub wechat_base_url: Option<String>,
    pub sandbox_listen: SocketAddr,
    /// Session lifetime and the client-address header (staff access).
    pub access: crate::access::AccessArgs,
    /// How long finished rows are kept (the nightly cleanup).
    pub retention: console_core::retention::Retention,
    /// Requests per API key (`/api/v1`).
    pub api: crate::http::api::ApiLimits,
    /// Turns `/metrics` on, for `Authorization: Bearer <it>` (`WXOPEN_METRICS_TOKEN`; only from
    /// the environment, like the master key: a command line is readable by every user).
    pub metrics_token: Option<String>,
}

/// The master key never reaches logs.
impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("listen", &self.listen)
            .field("public_base_url", &self.public_base_url)
            .field("demo", &self.demo)
            .field("master_key", &self.master_key)
            .field("previous_master_key", &self.previous_master_key)
            .field("wechat_base_url", &self.wechat_base_url)
            .finish_non_exhaustive()
    }
}

impl ServerConfig {
    /// Collects the settings of `serve` (and the master keys' sources from the environment).
    pub fn from_args(db: &DatabaseArgs, serve: &ServeArgs) -> anyhow::Result<Self> {
        let (master_key, previous_master_key) = serve.keys.sources()?;
        Ok(Self {
            database_url: db.database_url.clone(),
            listen: serve.listen,
            public_base_url: serve.public_base_url.clone(),
            cookie_secure: serve.cookie_secure,
            demo: serve.demo,
            master_key,
            previous_master_key,
            data_dir: serve.data_dir.clone(),
            wechat_base_url: serve.wechat_base_url.clone(),
            sandbox_listen: serve.sandbox_listen,
            access: serve.access.clone(),
            retention: console_core::retention::Retention {
                days: serve.retention_days,
            },
            api: serve.api,
            metrics_token: std::env::var(crate::http::metrics::TOKEN_ENV)
                .ok()
                .filter(|t| !t.trim().is_empty()),
        })
    }

    /// The public base URL (without trailing slash) once the real listen address is known
    /// (port 0 in tests).
    pub fn resolved_public_base_url(&self, bound: SocketAddr) -> String {
        self.public_base_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
            .trim_end_matches('/')
            .to_string()
    }

    /// Whether cookies are `Secure`: as configured, else when the public URL is HTTPS.
    pub fn resolved_cookie_secure(&self, public_base_url: &str) -> bool {
        self.cookie_secure
            .unwrap_or_else(|| public_base_url.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn serve(public: Option<&str>) -> ServeArgs {
        ServeArgs {
            listen: "127.0.0.1:3000".parse().unwrap(),
            public_base_url: public.map(str::to_string),
            cookie_secure: None,
            demo: false,
            keys: MasterKeyArgs::default(),
            data_dir: "./data".into(),
            wechat_base_url: None,
            sandbox_listen: "127.0.0.1:3100".parse().unwrap(),
            access: crate::access::AccessArgs::default(),
            retention_days: console_core::retention::DEFAULT_RETENTION_DAYS,
            api: crate::http::api::ApiLimits::default(),
        }
    }

    #[test]
    fn public_url_defaults_to_the_bound_address_and_drives_cookie_security() {
        let db = DatabaseArgs {
            database_url: DEFAULT_DATABASE_URL.into(),
        };
        let bound = "127.0.0.1:4567".parse().unwrap();
        let c = ServerConfig::from_args(&db, &serve(None)).unwrap();
        let url = c.resolved_public_base_url(bound);
        assert_eq!(url, "http://127.0.0.1:4567");
        assert!(!c.resolved_cookie_secure(&url));
        let c = ServerConfig::from_args(&db, &serve(Some("https://console.example.com/"))).unwrap();
        let url = c.resolved_public_base_url(bound);
        assert_eq!(url, "https://console.example.com");
        assert!(c.resolved_cookie_secure(&url));
    }
}
