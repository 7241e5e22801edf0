//! Secrets at rest: AES-256-GCM under the master key (`WXOPEN_MASTER_KEY`, 32 random bytes in
//! standard base64). Each sealed value is bound to its context as associated data, so a
//! ciphertext copied into another row or column does not open. The context of a value in column
//! `x_enc` of table `t` is `t.x:{row key}` ([`columns`] lists each table's row key), which is what
//! lets [`rotation`] re-seal every column under a new key without knowing the domain.
//!
//! During a master-key rotation a box also holds the previous key: it seals with the current key
//! only and opens with either, so a value sealed before, during or after the rotation stays
//! readable while `rotate-master-key` re-seals the old ones.

pub mod columns;
pub mod instances;
pub mod rotation;

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

    /// A short name of the key (16 hex digits of a SHA-256 over a label and the key), so that
    /// instances can say which key they use without revealing it: finding a 256-bit key from
    /// 64 bits of its hash is as hard as guessing the key.
    pub fn fingerprint(&self) -> KeyFingerprint {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(b"wxopen-console master key fingerprint\0")
            .chain_update(self.0)
            .finalize();
        KeyFingerprint(hex::encode(&digest[..8]))
    }
}

/// Which master key, by [`MasterKey::fingerprint`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyFingerprint(String);

impl KeyFingerprint {
    /// A fingerprint as stored.
    pub fn from_stored(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

/// Seals and opens secrets with the master key (and, during a rotation, opens with the previous
/// one too).
#[derive(Clone)]
pub struct SecretBox {
    current: Arc<Aes256Gcm>,
    current_fp: KeyFingerprint,
    /// The key being rotated out: it opens, never seals.
    previous: Option<(Arc<Aes256Gcm>, KeyFingerprint)>,
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
            current: Arc::new(Aes256Gcm::new((&key.0).into())),
            current_fp: key.fingerprint(),
            previous: None,
        }
    }

    /// The same box, also opening values sealed with `previous` (during a master-key rotation).
    /// The same key twice is no previous key.
    pub fn with_previous(self, previous: &MasterKey) -> Self {
        let fp = previous.fingerprint();
        if fp == self.current_fp {
            return self;
        }
        Self {
            previous: Some((Arc::new(Aes256Gcm::new((&previous.0).into())), fp)),
            ..self
        }
    }

    /// The key this box seals with.
    pub fn current_key(&self) -> &KeyFingerprint {
        &self.current_fp
    }

    /// The key it also opens with, if any.
    pub fn previous_key(&self) -> Option<&KeyFingerprint> {
        self.previous.as_ref().map(|(_, fp)| fp)
    }

    /// Encrypts `plaintext` for storage, bound to `context` (e.g. `components.secret:wx…`).
    pub fn seal(&self, context: &str, plaintext: &str) -> Result<String, SecretsError> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = self
            .current
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

    /// Decrypts a value sealed for `context`, with the current key or else the previous one.
    pub fn open(&self, context: &str, sealed: &str) -> Result<Secret, SecretsError> {
        match self.open_current(context, sealed) {
            Err(e) => match &self.previous {
                Some((previous, _)) => open_with(previous, context, sealed).ok_or(e),
                None => Err(e),
            },
            ok => ok,
        }
    }

    /// Decrypts a value sealed for `context` with the current key only: whether a value still
    /// needs re-sealing during a rotation.
    pub fn open_current(&self, context: &str, sealed: &str) -> Result<Secret, SecretsError> {
        open_with(&self.current, context, sealed).ok_or_else(|| SecretsError::CannotOpen {
            context: context_kind(context),
        })
    }
}

fn open_with(cipher: &Aes256Gcm, context: &str, sealed: &str) -> Option<Secret> {
    let b64 = sealed.strip_prefix(VERSION)?;
    let raw = STANDARD.decode(b64).ok()?;
    if raw.len() < 12 + 16 {
        return None;
    }
    let (nonce, ciphertext) = raw.split_at(12);
    let plain = cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: context.as_bytes(),
            },
        )
        .ok()?;
    String::from_utf8(plain).ok().map(Secret::new)
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
    fn a_previous_key_opens_but_never_seals() {
        let (a, b) = (MasterKey::generate(), MasterKey::generate());
        let old = SecretBox::new(&a).seal("c.x:1", "old value").unwrap();
        let rotating = SecretBox::new(&b).with_previous(&a);
        assert_eq!(rotating.open("c.x:1", &old).unwrap().expose(), "old value");
        assert!(
            rotating.open_current("c.x:1", &old).is_err(),
            "not yet re-sealed"
        );
        let new = rotating.seal("c.x:1", "new value").unwrap();
        assert_eq!(
            SecretBox::new(&b).open("c.x:1", &new).unwrap().expose(),
            "new value",
            "sealed with the current key"
        );
        assert!(SecretBox::new(&b).open("c.x:1", &old).is_err());
        assert!(
            rotating.open("c.x:2", &old).is_err(),
            "the context still binds"
        );
        assert_eq!(rotating.previous_key(), Some(&a.fingerprint()));
        assert_eq!(rotating.current_key(), &b.fingerprint());
        assert_eq!(SecretBox::new(&a).with_previous(&a).previous_key(), None);
    }

    #[test]
    fn fingerprints_name_keys_without_showing_them() {
        let k = MasterKey::generate();
        let fp = k.fingerprint();
        assert_eq!(fp, MasterKey::parse(&k.to_base64()).unwrap().fingerprint());
        assert_ne!(fp, MasterKey::generate().fingerprint());
        assert_eq!(fp.as_str().len(), 16);
        assert!(!k.to_base64().contains(fp.as_str()));
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
