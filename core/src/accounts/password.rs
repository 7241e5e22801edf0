//! Argon2id password hashes. Hashing runs on the blocking pool: it is deliberately slow.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::{CoreError, CoreResult};

/// Hashes a password into a PHC string.
pub(crate) async fn hash(password: String) -> CoreResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

fn hash_blocking(password: &str) -> CoreResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Internal(format!("password hashing failed: {e}")))
}

/// Checks a password against a stored hash. With `None` (no such user) it verifies against a fixed
/// dummy hash, so that an unknown username costs the same time as a wrong password.
pub(crate) async fn verify(password: String, stored: Option<String>) -> CoreResult<bool> {
    tokio::task::spawn_blocking(move || {
        let (phc, real) = match stored {
            Some(s) => (s, true),
            None => (dummy_hash()?.to_string(), false),
        };
        let parsed = PasswordHash::new(&phc)
            .map_err(|e| CoreError::Internal(format!("stored password hash is invalid: {e}")))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && real)
    })
    .await?
}

fn dummy_hash() -> CoreResult<&'static str> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h);
    }
    let h = hash_blocking("wxopen-console dummy password for timing")?;
    Ok(DUMMY.get_or_init(|| h))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn right_password_verifies_and_wrong_does_not() {
        let h = hash("s3cret-pass".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("s3cret-pass".into(), Some(h.clone())).await.unwrap());
        assert!(!verify("wrong-pass".into(), Some(h)).await.unwrap());
    }

    #[tokio::test]
    async fn unknown_user_never_verifies() {
        assert!(
            !verify("wxopen-console dummy password for timing".into(), None)
                .await
                .unwrap()
        );
    }
}
