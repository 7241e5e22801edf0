//! Bodies of the cargo-fuzz targets, public so that `tests/fuzz_corpus.rs` replays the committed
//! corpus through exactly the same code on stable Rust. Not part of the API.

use aes::Aes256;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockEncryptMut, KeyIvInit};

use crate::crypto::{EncodingAesKey, MsgCrypt, msg_signature, signature, verify_signature};
use crate::push::{AuthorizerMessage, ComponentPush, Envelope, text_reply_xml};

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const PREVIOUS_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const APPID: &str = "wx134c8103faa5a59e";

fn crypt() -> Option<MsgCrypt> {
    let key = EncodingAesKey::parse(KEY).ok()?;
    let previous = EncodingAesKey::parse(PREVIOUS_KEY).ok()?;
    Some(MsgCrypt::new("token", key, APPID).with_previous_key(previous))
}

/// Feeds arbitrary bytes to every decryption entry point. The first byte picks a mode:
/// 0: NUL-separated signature, timestamp, nonce, Encrypt;
/// 1: an Encrypt value with a valid signature (reaches base64 and AES), plus a round trip;
/// 2: a chosen plaintext layout, encrypted without padding (reaches unpadding, length and appid);
/// 3: an EncodingAESKey and signature strings.
pub fn decrypt_any(data: &[u8]) {
    let (Some((&mode, rest)), Some(crypt)) = (data.split_first(), crypt()) else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match mode % 4 {
        0 => {
            let mut parts = text.splitn(4, '\0');
            let sig = parts.next().unwrap_or_default();
            let ts = parts.next().unwrap_or_default();
            let nonce = parts.next().unwrap_or_default();
            let encrypt = parts.next().unwrap_or_default();
            let _ = crypt.verify_and_decrypt(sig, ts, nonce, encrypt);
            let _ = crypt.verify_url_signature(sig, ts, nonce);
            let _ = crypt.decrypt_body(sig, ts, nonce, encrypt.as_bytes());
        }
        1 => {
            let sig = msg_signature("token", "1", "2", &text);
            let _ = crypt.verify_and_decrypt(&sig, "1", "2", &text);
            let sealed = crypt.encrypt(&text, "1", "2");
            let opened = crypt.verify_and_decrypt(&sealed.msg_signature, "1", "2", &sealed.encrypt);
            assert_eq!(
                opened.map(|d| d.plaintext).as_deref(),
                Ok(&*text),
                "round trip"
            );
        }
        2 => {
            let Ok(key) = EncodingAesKey::parse(KEY) else {
                return;
            };
            let mut buf = rest.to_vec();
            buf.truncate(buf.len() - buf.len() % 32);
            let len = buf.len();
            let iv = &key.bytes()[..16];
            let encryptor = cbc::Encryptor::<Aes256>::new(key.bytes().into(), iv.into());
            if encryptor
                .encrypt_padded_mut::<NoPadding>(&mut buf, len)
                .is_err()
            {
                return;
            }
            let encrypt = STANDARD.encode(&buf);
            let sig = msg_signature("token", "1", "2", &encrypt);
            let _ = crypt.verify_and_decrypt(&sig, "1", "2", &encrypt);
        }
        _ => {
            if let Ok(key) = EncodingAesKey::parse(&text) {
                assert_eq!(EncodingAesKey::parse(&key.to_encoded()).ok(), Some(key));
            }
            let sig = signature("token", &text, "n");
            assert!(verify_signature(&sig, "token", &text, "n").is_ok());
            let _ = verify_signature(&text, "token", "1", "2");
        }
    }
}

/// Feeds arbitrary bytes to the envelope, authorization-event and message parsers, and checks
/// that what the crate writes it reads back unchanged.
pub fn parse_any(data: &[u8]) {
    if let Ok(envelope) = Envelope::parse(data) {
        let again = Envelope::parse(envelope.to_xml().as_bytes());
        assert_eq!(again.as_ref(), Ok(&envelope), "envelope round trip");
    }
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    let _ = ComponentPush::parse(xml);
    if let Ok(msg) = AuthorizerMessage::parse(xml) {
        let _ = msg.release_test(APPID);
        if let Some(content) = msg.text() {
            let reply = text_reply_xml(
                &msg.from_user_name,
                &msg.to_user_name,
                msg.create_time,
                content,
            );
            let parsed = AuthorizerMessage::parse(&reply);
            assert_eq!(
                parsed.as_ref().ok().and_then(|m| m.text()),
                Some(content),
                "reply round trip"
            );
        }
    }
}
