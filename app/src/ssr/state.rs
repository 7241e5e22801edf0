//! What every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use console_core::{Db, Services};
use leptos::config::LeptosOptions;

/// Settings the pages need to know (never secrets).
#[derive(Clone, Debug)]
pub struct PublicConfig {
    /// The URL at which WeChat and browsers reach this console, without a trailing slash.
    pub public_base_url: String,
    /// Whether the server runs the demo (embedded sandbox, seeded accounts).
    pub demo: bool,
    /// The demo's staff login (username, password), shown on the login page in demo mode only.
    pub demo_account: Option<(String, String)>,
    /// The embedded sandbox's URL in demo mode (its control pages help a newcomer explore).
    pub sandbox_url: Option<String>,
}

/// Shared application state; axum's router state and a Leptos context at the same time.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub services: Services,
    pub config: Arc<PublicConfig>,
    /// Session lifetime, sign-in throttling, client addresses.
    pub access: Arc<super::AccessPolicy>,
}

impl AppState {
    /// The state from the Leptos context of the current request.
    pub fn current() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<AppState>()
            .ok_or_else(|| super::internal("AppState missing from the Leptos context"))
    }
}
