//! `MsgCrypt`: verify, decrypt and encrypt pushes for one receive_id.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;

use super::{CryptoError, EncodingAesKey, cipher, signature};
use crate::push::{Addressee, Envelope};
use crate::secret::Secret;

/// Which configured key opened a message. Reply with the same one (the key-rotation advice, Q12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeySlot {
    /// The current EncodingAESKey.
    Current,
    /// The previous EncodingAESKey, kept during a rotation.
    Previous,
}

/// A verified, decrypted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    /// The message exactly as WeChat encrypted it (usually XML); never trimmed.
    pub plaintext: String,
    /// The key that worked.
    pub key_slot: KeySlot,
}

/// A decrypted POST body together with its outer envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// Who the outer `<xml>` said the push is for.
    pub addressee: Option<Addressee>,
    /// The verified plaintext.
    pub decrypted: Decrypted,
}

/// An encrypted message and its signature, as WeChat expects them in a passive reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Encrypted {
    /// Base64 of the ciphertext.
    pub encrypt: String,
    /// `sha1(sort(token, timestamp, nonce, encrypt))`.
    pub msg_signature: String,
}

impl Encrypted {
    /// The encrypted passive-reply envelope. TimeStamp is a bare number, as in the official
    /// PHP/Java/Python samples (Q11).
    pub fn reply_xml(&self, timestamp: &str, nonce: &str) -> String {
        let mut xml = String::with_capacity(self.encrypt.len() + 200);
        xml.push_str("<xml><Encrypt><![CDATA[");
        xml.push_str(&self.encrypt);
        xml.push_str("]]></Encrypt><MsgSignature><![CDATA[");
        xml.push_str(&self.msg_signature);
        xml.push_str("]]></MsgSignature><TimeStamp>");
        crate::push::push_escaped_text(&mut xml, timestamp);
        xml.push_str("</TimeStamp><Nonce>");
        crate::push::push_cdata(&mut xml, nonce);
        xml.push_str("</Nonce></xml>");
        xml
    }
}

/// WXBizMsgCrypt for one receiver: a token, the current EncodingAESKey, optionally the previous
/// one, and the receive_id that must end every plaintext.
///
/// For a third-party platform the receive_id is the **component** appid, for authorization
/// events and for the messages of every authorizer alike.
#[derive(Clone)]
pub struct MsgCrypt {
    token: Secret,
    key: EncodingAesKey,
    previous_key: Option<EncodingAesKey>,
    receive_id: String,
}

impl fmt::Debug for MsgCrypt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MsgCrypt")
            .field("receive_id", &self.receive_id)
            .field("has_previous_key", &self.previous_key.is_some())
            .finish_non_exhaustive()
    }
}

impl MsgCrypt {
    /// A crypt for `receive_id` (the component appid) with the message-check token and key.
    pub fn new(
        token: impl Into<String>,
        key: EncodingAesKey,
        receive_id: impl Into<String>,
    ) -> Self {
        Self {
            token: Secret::new(token),
            key,
            previous_key: None,
            receive_id: receive_id.into(),
        }
    }

    /// Also accepts messages encrypted with the key in use before a rotation.
    pub fn with_previous_key(mut self, previous: EncodingAesKey) -> Self {
        self.previous_key = Some(previous);
        self
    }

    /// The receive_id every plaintext must end with.
    pub fn receive_id(&self) -> &str {
        &self.receive_id
    }

    /// Checks the plain `signature` of a GET URL verification.
    pub fn verify_url_signature(
        &self,
        signature: &str,
        timestamp: &str,
        nonce: &str,
    ) -> Result<(), CryptoError> {
        signature::verify_signature(signature, self.token.expose(), timestamp, nonce)
    }

    /// Verifies `msg_signature` over `encrypt`, then decrypts it with the current key and, if that
    /// fails, the previous one. The error returned is the current key's.
    pub fn verify_and_decrypt(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        encrypt: &str,
    ) -> Result<Decrypted, CryptoError> {
        signature::verify_msg_signature(
            msg_signature,
            self.token.expose(),
            timestamp,
            nonce,
            encrypt,
        )?;
        let ciphertext = STANDARD
            .decode(encrypt)
            .map_err(|_| CryptoError::BadBase64)?;
        let Some(previous) = &self.previous_key else {
            return self.open_with(&self.key, ciphertext, KeySlot::Current);
        };
        match self.open_with(&self.key, ciphertext.clone(), KeySlot::Current) {
            Ok(found) => Ok(found),
            Err(current_err) => self
                .open_with(previous, ciphertext, KeySlot::Previous)
                .map_err(|_| current_err),
        }
    }

    /// Parses a raw POST body (`<xml><AppId|ToUserName/><Encrypt/></xml>`), then verifies and
    /// decrypts its `Encrypt`.
    pub fn decrypt_body(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        body: &[u8],
    ) -> Result<Opened, CryptoError> {
        let envelope = Envelope::parse(body)?;
        let decrypted =
            self.verify_and_decrypt(msg_signature, timestamp, nonce, &envelope.encrypt)?;
        Ok(Opened {
            addressee: envelope.addressee,
            decrypted,
        })
    }

    fn open_with(
        &self,
        key: &EncodingAesKey,
        ciphertext: Vec<u8>,
        key_slot: KeySlot,
    ) -> Result<Decrypted, CryptoError> {
        let plain = cipher::decrypt(key, ciphertext)?;
        let found = plain.receive_id();
        if found != self.receive_id.as_bytes() {
            return Err(CryptoError::AppIdMismatch {
                expected: self.receive_id.clone(),
                found: String::from_utf8_lossy(found).chars().take(64).collect(),
            });
        }
        let plaintext = String::from_utf8(plain.into_msg()).map_err(|_| CryptoError::BadUtf8)?;
        Ok(Decrypted {
            plaintext,
            key_slot,
        })
    }

    /// Encrypts with the current key and a fresh random prefix.
    pub fn encrypt(&self, plaintext: &str, timestamp: &str, nonce: &str) -> Encrypted {
        self.seal(&self.key, plaintext, timestamp, nonce, random_prefix())
    }

    /// Encrypts with the current key and a given prefix: deterministic, for tests and debugging.
    pub fn encrypt_with_prefix(
        &self,
        plaintext: &str,
        timestamp: &str,
        nonce: &str,
        prefix: [u8; 16],
    ) -> Encrypted {
        self.seal(&self.key, plaintext, timestamp, nonce, prefix)
    }

    /// The encrypted passive reply to a message that was opened with `key_slot`.
    pub fn encrypted_reply_xml(
        &self,
        plaintext: &str,
        timestamp: &str,
        nonce: &str,
        key_slot: KeySlot,
    ) -> String {
        let key = match (key_slot, &self.previous_key) {
            (KeySlot::Previous, Some(previous)) => previous,
            _ => &self.key,
        };
        self.seal(key, plaintext, timestamp, nonce, random_prefix())
            .reply_xml(timestamp, nonce)
    }

    fn seal(
        &self,
        key: &EncodingAesKey,
        plaintext: &str,
        timestamp: &str,
        nonce: &str,
        prefix: [u8; 16],
    ) -> Encrypted {
        let ciphertext = cipher::encrypt(
            key,
            &prefix,
            plaintext.as_bytes(),
            self.receive_id.as_bytes(),
        );
        let encrypt = STANDARD.encode(ciphertext);
        let msg_signature =
            signature::msg_signature(self.token.expose(), timestamp, nonce, &encrypt);
        Encrypted {
            encrypt,
            msg_signature,
        }
    }
}

/// 16 lower-case hex characters, the shape of every prefix WeChat's own servers produce.
fn random_prefix() -> [u8; 16] {
    let raw: [u8; 8] = rand::random();
    let mut prefix = [0u8; 16];
    // Cannot fail: 8 bytes encode to exactly 16 hex characters.
    let _ = hex::encode_to_slice(raw, &mut prefix);
    prefix
}
