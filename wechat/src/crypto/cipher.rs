//! AES-256-CBC with WeChat's 32-byte PKCS#7 and plaintext layout.

use aes::Aes256;
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};

use super::{CryptoError, EncodingAesKey};

/// WeChat pads to 32 bytes, not the AES block size (quirk Q1): pad values 17..=32 are normal.
const PAD_BLOCK: usize = 32;
/// 16 random bytes, then the big-endian u32 message length.
const HEADER: usize = 20;

/// Encrypts `prefix || len(msg) || msg || receive_id`, padded with PKCS#7 (k = 32).
pub(crate) fn encrypt(
    key: &EncodingAesKey,
    prefix: &[u8; 16],
    msg: &[u8],
    receive_id: &[u8],
) -> Vec<u8> {
    let unpadded = HEADER + msg.len() + receive_id.len();
    let pad = PAD_BLOCK - unpadded % PAD_BLOCK;
    let mut buf = Vec::with_capacity(unpadded + pad);
    buf.extend_from_slice(prefix);
    // A push body is capped far below 4 GiB; saturating keeps this total without a panic path.
    buf.extend_from_slice(&u32::try_from(msg.len()).unwrap_or(u32::MAX).to_be_bytes());
    buf.extend_from_slice(msg);
    buf.extend_from_slice(receive_id);
    // pad is 1..=32, so the cast is lossless.
    buf.resize(unpadded + pad, pad as u8);
    let len = buf.len();
    let encryptor = cbc::Encryptor::<Aes256>::new(key.bytes().into(), &key.iv().into());
    // The buffer is a multiple of 32 bytes, so NoPadding cannot fail; ignore the unreachable error.
    let _ = encryptor.encrypt_padded_mut::<NoPadding>(&mut buf, len);
    buf
}

/// A decrypted and unpadded plaintext, split into its parts.
pub(crate) struct Plain {
    /// The whole unpadded buffer: `prefix || len || msg || receive_id`.
    buf: Vec<u8>,
    msg_len: usize,
}

impl Plain {
    pub(crate) fn receive_id(&self) -> &[u8] {
        &self.buf[HEADER + self.msg_len..]
    }

    /// The message bytes, reusing the buffer.
    pub(crate) fn into_msg(mut self) -> Vec<u8> {
        self.buf.truncate(HEADER + self.msg_len);
        self.buf.drain(..HEADER);
        self.buf
    }
}

/// Decrypts and strips the padding and header. Never trims: pad 32 is 32 spaces (quirk Q1).
pub(crate) fn decrypt(key: &EncodingAesKey, mut buf: Vec<u8>) -> Result<Plain, CryptoError> {
    if buf.is_empty() || !buf.len().is_multiple_of(PAD_BLOCK) {
        return Err(CryptoError::BadCiphertextLength { len: buf.len() });
    }
    let decryptor = cbc::Decryptor::<Aes256>::new(key.bytes().into(), &key.iv().into());
    if decryptor.decrypt_padded_mut::<NoPadding>(&mut buf).is_err() {
        return Err(CryptoError::BadCiphertextLength { len: buf.len() });
    }
    let pad = buf.last().copied().unwrap_or(0);
    let pad_len = usize::from(pad);
    if !(1..=PAD_BLOCK).contains(&pad_len) || buf[buf.len() - pad_len..].iter().any(|&b| b != pad) {
        return Err(CryptoError::BadPadding { pad });
    }
    buf.truncate(buf.len() - pad_len);
    if buf.len() < HEADER {
        return Err(CryptoError::TooShort { len: buf.len() });
    }
    let declared = u32::from_be_bytes([buf[16], buf[17], buf[18], buf[19]]) as usize;
    let available = buf.len() - HEADER;
    if declared > available {
        return Err(CryptoError::BadLength {
            declared,
            available,
        });
    }
    Ok(Plain {
        buf,
        msg_len: declared,
    })
}
