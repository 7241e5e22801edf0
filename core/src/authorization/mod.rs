//! The authorization flow: links with a fresh pre_auth_code each, and the exchange of an
//! authorization code, which the redirect page and the `authorized` event both attempt, done
//! exactly once.

pub mod entity;
mod exchange;
mod links;

pub use exchange::{Exchanged, exchange_code};
pub use links::{
    LinkKind, LinkRequest, LinkStatus, LinkTarget, LinkView, create_link, link, mark_link_by_code,
    mark_link_by_id, recent_links,
};

/// Hex SHA-256 of a code under its platform: codes are never stored, only their hashes.
pub(crate) fn code_hash(component_id: i64, code: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(component_id.to_be_bytes());
    h.update(code.as_bytes());
    hex::encode(h.finalize())
}
