//! Component and authorizer access tokens that never lapse.
//!
//! The rules (docs/architecture.md, "Tokens"): the database is the source of truth; one refresher
//! per token across every process (a lease row, taken with a conditional UPDATE) and inside the
//! process (single-flight); refresh ahead of expiry with jitter; readers never wait while the
//! current token is still usable; on 40001/40014/42001 expire the token only if it is still the
//! stored version; persist every refresh token WeChat returns, in the same transaction as the new
//! access token; on 61023 recover from `api_get_authorizer_list`, else "needs re-authorization";
//! back off on transient failures.
//!
//! Where each job lives: `read` gets a usable token (this process's cache, then the database) and
//! decides whether its refresh is due; `refresh` refreshes (single flight, the lease, asking WeChat,
//! recording failures) and holds the entry points that hand a token out or call WeChat with one;
//! `store` is the one write of a new token, used by refreshes and authorizations alike; `lease` and
//! `scheduler` sweep the due tokens. `key` and `state` are leaves, so that `Services` can hold the
//! token state without depending on the machinery that uses it.

pub mod entity;
pub(crate) mod errors;
pub(crate) mod key;
mod lease;
mod read;
mod refresh;
mod scheduler;
pub(crate) mod state;
pub(crate) mod store;

pub use errors::{CallError, api_error_to_core, decode_message, permission_error, required_set};
pub use key::TokenKey;
pub use read::{AccessToken, stored_token};
pub use refresh::{
    authorizer_token, component_token, refresh_now, with_authorizer_token, with_component_token,
};
pub use scheduler::{SweepReport, run_scheduler, sweep_once};
pub use state::{TokenConfig, TokenState};
pub use store::expire_if_current;
