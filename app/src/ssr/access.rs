//! The staff-access settings of one server process: how long a session may last, the sign-in
//! gate, and where a client's address comes from. Built by the server from its configuration.

use std::time::Duration;

use super::client::ClientAddrSource;
use super::login_gate::{LoginGate, LoginLimits};

/// How long a session lasts after signing in unless configured: 12 hours, however active.
pub const DEFAULT_SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// Staff-access settings and state.
#[derive(Debug)]
pub struct AccessPolicy {
    /// The absolute lifetime of a session, counted from signing in (the session store's own
    /// expiry only slides with activity, so a busy session would otherwise live forever).
    pub session_lifetime: Duration,
    /// Sign-in throttling and password-check slots.
    pub login: LoginGate,
    /// Where a client's address comes from.
    pub client_addr: ClientAddrSource,
}

impl AccessPolicy {
    /// The policy with these settings and the default sign-in limits.
    pub fn new(session_lifetime: Duration, client_addr: ClientAddrSource) -> Self {
        Self {
            session_lifetime,
            login: LoginGate::new(LoginLimits::default()),
            client_addr,
        }
    }
}

impl Default for AccessPolicy {
    fn default() -> Self {
        Self::new(DEFAULT_SESSION_LIFETIME, ClientAddrSource::default())
    }
}
