//! The two SHA-1 signatures WeChat puts on push URLs.

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

use super::CryptoError;

/// SHA-1 over the byte-sorted, concatenated parts: the scheme behind both signatures.
fn sorted_sha1<const N: usize>(mut parts: [&str; N]) -> [u8; 20] {
    parts.sort_unstable();
    let mut hasher = Sha1::new();
    for part in parts {
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

/// The plain `signature` query parameter: `sha1(sort(token, timestamp, nonce))`, lower-case hex.
///
/// It does not cover the body, so it only proves the sender knows the token. Use it for GET URL
/// checks; for an encrypted POST verify [`msg_signature`] instead.
pub fn signature(token: &str, timestamp: &str, nonce: &str) -> String {
    hex::encode(sorted_sha1([token, timestamp, nonce]))
}

/// `msg_signature`: `sha1(sort(token, timestamp, nonce, encrypt))`, lower-case hex.
pub fn msg_signature(token: &str, timestamp: &str, nonce: &str, encrypt: &str) -> String {
    hex::encode(sorted_sha1([token, timestamp, nonce, encrypt]))
}

/// Compares a received hex signature (either case) with a digest in constant time.
fn verify_hex(received: &str, expected: &[u8; 20]) -> Result<(), CryptoError> {
    let mut got = [0u8; 20];
    if hex::decode_to_slice(received, &mut got).is_err() {
        return Err(CryptoError::BadSignature);
    }
    if bool::from(got.ct_eq(expected)) {
        Ok(())
    } else {
        Err(CryptoError::BadSignature)
    }
}

/// Checks the plain `signature` of a URL verification request.
pub fn verify_signature(
    received: &str,
    token: &str,
    timestamp: &str,
    nonce: &str,
) -> Result<(), CryptoError> {
    verify_hex(received, &sorted_sha1([token, timestamp, nonce]))
}

/// Checks `msg_signature` against the token, timestamp, nonce and the `Encrypt` value.
pub fn verify_msg_signature(
    received: &str,
    token: &str,
    timestamp: &str,
    nonce: &str,
    encrypt: &str,
) -> Result<(), CryptoError> {
    verify_hex(received, &sorted_sha1([token, timestamp, nonce, encrypt]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn senparc_ticket_url_signature() {
        // From the vector notes: the URL `signature` of the senparc-open-ticket push.
        let s = signature("senparc", "1436881222", "296318614");
        assert_eq!(s, "60d1ddec039f51cc8c7ee4ea9ae9a479dd7c7d01");
        verify_signature(&s, "senparc", "1436881222", "296318614").unwrap();
        verify_signature(&s.to_uppercase(), "senparc", "1436881222", "296318614").unwrap();
        assert_eq!(
            verify_signature(&s, "senparc2", "1436881222", "296318614"),
            Err(CryptoError::BadSignature)
        );
    }

    #[test]
    fn sort_is_by_bytes() {
        // '+' < digits < upper case < lower case: the doc's worked example order.
        let a = msg_signature("AAAAA", "1714112445", "415670741", "+qdx");
        let b = {
            let mut h = Sha1::new();
            h.update(b"+qdx171411244541567074");
            h.update(b"1AAAAA");
            hex::encode(h.finalize())
        };
        assert_eq!(a, b);
    }

    #[test]
    fn malformed_signatures_are_rejected_without_panic() {
        for bad in ["", "zz", "60d1ddec039f51cc8c7ee4ea9ae9a479dd7c7d0", "é"] {
            assert_eq!(
                verify_signature(bad, "senparc", "1436881222", "296318614"),
                Err(CryptoError::BadSignature)
            );
        }
    }
}
