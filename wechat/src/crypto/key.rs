//! The EncodingAESKey.

use std::fmt;

use base64::Engine as _;
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::CryptoError;

/// Decodes 43 characters without caring about the 2 unused low bits of the last one (quirk Q2):
/// many real keys, including the official samples', have them set.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// A 32-byte AES key decoded from the 43-character EncodingAESKey.
///
/// `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq)]
pub struct EncodingAesKey {
    bytes: [u8; 32],
}

impl EncodingAesKey {
    /// Decodes an EncodingAESKey as configured on the Open Platform: 43 characters from
    /// `[A-Za-z0-9]`, base64 of 32 bytes with the trailing bits ignored.
    pub fn parse(s: &str) -> Result<Self, CryptoError> {
        if s.len() != 43 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CryptoError::BadKey);
        }
        let mut bytes = [0u8; 32];
        match LENIENT.decode_slice(s, &mut bytes) {
            Ok(32) => Ok(Self { bytes }),
            _ => Err(CryptoError::BadKey),
        }
    }

    /// Wraps raw key bytes (for tests and simulators that pick their own key).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self { bytes }
    }

    /// A fresh random key whose encoded form is, like the Open Platform's, only letters and digits.
    pub fn generate() -> Self {
        use rand::Rng as _;
        let encoded: String = rand::thread_rng()
            .sample_iter(rand::distributions::Alphanumeric)
            .take(43)
            .map(char::from)
            .collect();
        let mut bytes = [0u8; 32];
        // 43 alphanumerics always decode to 32 bytes; the fallback only satisfies the types.
        if LENIENT.decode_slice(&encoded, &mut bytes).is_err() {
            bytes = rand::random();
        }
        Self { bytes }
    }

    /// The canonical 43-character base64 form of this key. For a key that came from
    /// [`parse`](Self::parse) or [`generate`](Self::generate) it is letters and digits only.
    pub fn to_encoded(&self) -> String {
        LENIENT.encode(self.bytes)
    }

    /// The AES-256 key.
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// The CBC IV, which WeChat defines as the first 16 key bytes.
    pub(crate) fn iv(&self) -> [u8; 16] {
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&self.bytes[..16]);
        iv
    }
}

impl fmt::Debug for EncodingAesKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EncodingAesKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_canonical_trailing_bits_are_accepted() {
        // Re-encodes as "...EFE": the last character's low bits are set (quirk Q2).
        let key = EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").unwrap();
        assert_eq!(
            key.to_encoded(),
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFE"
        );
        assert_eq!(
            EncodingAesKey::parse(&key.to_encoded()).unwrap(),
            key,
            "the canonical form decodes to the same bytes"
        );
    }

    #[test]
    fn malformed_keys_are_bad_key() {
        for k in [
            "",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF=",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDE+/",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF中",
        ] {
            assert_eq!(EncodingAesKey::parse(k), Err(CryptoError::BadKey), "{k}");
        }
    }

    #[test]
    fn debug_does_not_print_the_key() {
        let key = EncodingAesKey::parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").unwrap();
        assert_eq!(format!("{key:?}"), "EncodingAesKey(<redacted>)");
    }

    #[test]
    fn generated_keys_round_trip() {
        let key = EncodingAesKey::generate();
        let s = key.to_encoded();
        assert_eq!(s.len(), 43);
        assert_eq!(EncodingAesKey::parse(&s).unwrap(), key);
    }
}
