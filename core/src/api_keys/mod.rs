//! API keys: how a tenant's own services call the platform API (`/api/v1`). A key is 256 random
//! bits shown once when it is created and kept only as its SHA-256 (a key is not a password: it
//! cannot be guessed, so a fast hash is enough and every request can afford it). Each key is
//! limited to scopes and, optionally, to some of the tenant's platforms; revoking it refuses it
//! from the next request on in this process, and within a second on every other ([`cache`]).

pub mod cache;
pub mod entity;
mod principal;
mod service;

pub use principal::{ApiPrincipal, KeyRefusal, authenticate, refusal_message};
pub use service::{Creator, NewApiKey, create, list, revoke};

/// Every key starts with this, so that a leaked key is recognisable (secret scanners, logs).
pub const KEY_PREFIX: &str = "wxk_";
