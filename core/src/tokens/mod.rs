//! Component and authorizer access tokens that never lapse.
//!
//! The rules (docs/architecture.md, "Tokens"): the database is the source of truth; one refresher
//! per token across every process (a lease row, taken with a conditional UPDATE) and inside the
//! process (single-flight); refresh ahead of expiry with jitter; readers never wait while the
//! current token is still usable; on 40001/40014/42001 expire the token only if it is still the
//! stored version; persist every refresh token WeChat returns, in the same transaction as the new
//! access token; on 61023 recover from `api_get_authorizer_list`, else "needs re-authorization";
//! back off on transient failures.

pub mod entity;
mod errors;
mod lease;
mod recover;
mod refresh;
mod scheduler;
mod state;

use crate::PlatformId;
use wxopen::Secret;

pub use errors::{CallError, api_error_to_core, decode_message, permission_error, required_set};
pub use refresh::{
    authorizer_token, component_token, expire_if_current, refresh_now, with_authorizer_token,
    with_component_token,
};
pub use scheduler::{SweepReport, run_scheduler, sweep_once};
pub use state::{TokenConfig, TokenState};

/// Which token: a platform's own (`authorizer_appid` empty) or one authorizer's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TokenKey {
    pub component_id: PlatformId,
    pub authorizer_appid: String,
}

impl TokenKey {
    /// The platform's own token.
    pub fn component(component_id: PlatformId) -> Self {
        Self {
            component_id,
            authorizer_appid: String::new(),
        }
    }

    /// An authorizer's token under a platform.
    pub fn authorizer(component_id: PlatformId, authorizer_appid: impl Into<String>) -> Self {
        Self {
            component_id,
            authorizer_appid: authorizer_appid.into(),
        }
    }

    /// Whether this is the platform's own token.
    pub fn is_component(&self) -> bool {
        self.authorizer_appid.is_empty()
    }
}

/// A usable access token.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub token: Secret,
    /// Unix ms.
    pub expires_at: i64,
    /// The stored version; pass it back to [`expire_if_current`] when WeChat rejects the token.
    pub version: i64,
}
