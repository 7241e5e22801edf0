//! The authorization flow: links (pages on the console's host whose every click takes a fresh
//! pre_auth_code), and the exchange of an authorization code, which the redirect page and the
//! `authorized` event both attempt, done exactly once.

use crate::PlatformId;

pub mod entity;
mod exchange;
mod links;
mod merchant;

pub use crate::{AccountTypes, LinkTarget};
pub use exchange::{Exchanged, MAX_CODE_LEN, exchange_code, malformed_code, plausible_code};
pub use links::{
    LinkAuthorization, LinkKind, LinkLifetime, LinkRequest, LinkState, LinkView, create_link, link,
    recent_links, revoke_link,
};
pub use merchant::{
    LinkUnavailable, MAX_ATTEMPTS_PER_HOUR, MerchantLink, mark_attempt_by_code, open_link,
    start_attempt,
};

/// Hex SHA-256 of a code under its platform: codes are never stored, only their hashes.
pub(crate) fn code_hash(component_id: PlatformId, code: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(component_id.get().to_be_bytes());
    h.update(code.as_bytes());
    hex::encode(h.finalize())
}
