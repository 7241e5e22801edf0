//! Tokens of the console's one-time pages (an invitation today): 256 random bits in URL-safe
//! base64, stored only as their SHA-256, and refused before the database when malformed.

use sha2::{Digest, Sha256};

/// A new token (43 URL-safe base64 characters).
pub(crate) fn new() -> String {
    crate::secrets::random_token()
}

/// The stored form of a token: its SHA-256 in hex.
pub(crate) fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `token` could be one of ours (a guess of the wrong shape never reaches the database).
pub(crate) fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_tokens_are_well_formed_and_hashes_hide_them() {
        let t = new();
        assert!(well_formed(&t));
        assert_eq!(hash(&t).len(), 64);
        assert!(!hash(&t).contains(&t));
        assert!(!well_formed("short"));
        assert!(!well_formed(&format!("{}/", &t[..42])));
    }
}
