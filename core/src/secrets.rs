//! Secrets at rest: AES-256-GCM under the master key (`WXOPEN_MASTER_KEY`, 32 random bytes in
//! standard base64). Each sealed value is bound to its context (table, column, row key) as
//! associated data, so a ciphertext copied into another row or column does not open.

use std::fmt;
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use wxopen::Secret;

/// Format tag of sealed values, so that a future format can coexist.
const VERSION: &str = "v1.";

/// Why a master key or a sealed value was rejected.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(
        "WXOPEN_MASTER_KEY must be 32 bytes in standard base64 (44 characters); generate one with `wxopen-console gen-master-key`"
    )]
    BadMasterKey,
    #[error("a secret ({context}) could not be encrypted")]
    CannotSeal { context: String },
    #[error(
        "a stored secret ({context}) cannot be decrypted: the master key differs from the one it was sealed with, or the value was altered"
    )]
    CannotOpen { context: String },
}

/// The 32-byte master key. Never printed.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl MasterKey {
    /// Parses standard base64 of exactly 32 bytes.
    pub fn parse(b64: &str) -> Result<Self, SecretsError> {
        let bytes = STANDARD
            .decode(b64.trim())
            .map_err(|_| SecretsError::BadMasterKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| SecretsError::BadMasterKey)?;
        Ok(Self(key))
    }

    /// A new random key.
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// The key in standard base64 (for `gen-master-key` and the demo's key file).
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

/// Seals and opens secrets with the master key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: Arc<Aes256Gcm>,
}

impl fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBox(***)")
    }
}

impl SecretBox {
    /// A box using `key`.
    pub fn new(key: &MasterKey) -> Self {
        Self {
            cipher: Arc::new(Aes256Gcm::new((&key.0).into())),
        }
    }

    /// Encrypts `plaintext` for storage, bound to `context` (e.g. `components.secret:wx…`).
    pub fn seal(&self, context: &str, plaintext: &str) -> Result<String, SecretsError> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| SecretsError::CannotSeal {
                context: context_kind(context),
            })?;
        let mut out = Vec::with_capacity(12 + ciphertext.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        Ok(format!("{VERSION}{}", STANDARD.encode(out)))
    }

    /// Decrypts a value sealed for `context`.
    pub fn open(&self, context: &str, sealed: &str) -> Result<Secret, SecretsError> {
        let fail = || SecretsError::CannotOpen {
            context: context_kind(context),
        };
        let b64 = sealed.strip_prefix(VERSION).ok_or_else(fail)?;
        let raw = STANDARD.decode(b64).map_err(|_| fail())?;
        if raw.len() < 12 + 16 {
            return Err(fail());
        }
        let (nonce, ciphertext) = raw.split_at(12);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| fail())?;
        String::from_utf8(plain)
            .map(Secret::new)
            .map_err(|_| fail())
    }
}

/// The column part of a context (`components.secret`), without the row key, for messages.
fn context_kind(context: &str) -> String {
    context.split(':').next().unwrap_or(context).to_string()
}

/// 256 random bits as 43 URL-safe characters: unguessable, and safe in a path or a header. Used
/// for link page tokens, return nonces and webhook signing secrets.
pub fn random_token() -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn seal_then_open_round_trips_and_never_repeats() {
        let b = SecretBox::new(&MasterKey::generate());
        let a = b.seal("components.secret:wx1", "appsecret-value").unwrap();
        let c = b.seal("components.secret:wx1", "appsecret-value").unwrap();
        assert_ne!(a, c, "fresh nonce per seal");
        assert!(!a.contains("appsecret"));
        assert_eq!(
            b.open("components.secret:wx1", &a).unwrap().expose(),
            "appsecret-value"
        );
    }

    #[test]
    fn wrong_context_key_or_tampering_fails() {
        let key = MasterKey::generate();
        let b = SecretBox::new(&key);
        let sealed = b.seal("components.secret:wx1", "s").unwrap();
        assert!(
            b.open("components.secret:wx2", &sealed).is_err(),
            "moved to another row"
        );
        assert!(
            SecretBox::new(&MasterKey::generate())
                .open("components.secret:wx1", &sealed)
                .is_err()
        );
        // Change one ciphertext character to a different one (GCM's tag must reject it).
        let mut tampered = sealed.clone().into_bytes();
        let i = tampered.len() / 2;
        tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_ne!(tampered, sealed);
        assert!(b.open("components.secret:wx1", &tampered).is_err());
        let err = b.open("components.secret:wx1", "garbage").unwrap_err();
        assert!(err.to_string().contains("components.secret"));
        assert!(!err.to_string().contains("wx1"), "row keys are not echoed");
    }

    #[test]
    fn master_key_parsing() {
        let k = MasterKey::generate();
        assert!(MasterKey::parse(&k.to_base64()).is_ok());
        assert!(MasterKey::parse("c2hvcnQ=").is_err());
        assert!(MasterKey::parse("not base64!").is_err());
        assert_eq!(format!("{k:?}"), "MasterKey(***)");
    }
}
