//! The externally sourced WXBizMsgCrypt vectors, round trips for every pad length, and tampering.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;
use serde::Deserialize;
use wxopen::crypto::{KeySlot, msg_signature, signature};
use wxopen::{CryptoError, EncodingAesKey, MsgCrypt};

#[derive(Debug, Deserialize)]
struct Vector {
    id: String,
    kind: String,
    source: String,
    token: String,
    encoding_aes_key: String,
    appid: String,
    timestamp: String,
    nonce: String,
    encrypt: String,
    msg_signature: String,
    plaintext: String,
    random_prefix_hex: String,
}

#[allow(clippy::unwrap_used)]
fn vectors() -> Vec<Vector> {
    let raw = include_str!("data/wxbizmsgcrypt-vectors.json");
    serde_json::from_str(raw).unwrap()
}

#[allow(clippy::unwrap_used)]
fn crypt_for(v: &Vector) -> MsgCrypt {
    MsgCrypt::new(
        v.token.clone(),
        EncodingAesKey::parse(&v.encoding_aes_key).unwrap(),
        v.appid.clone(),
    )
}

#[allow(clippy::unwrap_used)]
fn prefix_of(v: &Vector) -> [u8; 16] {
    hex::decode(&v.random_prefix_hex)
        .unwrap()
        .try_into()
        .unwrap()
}

#[test]
fn every_vector_verifies_decrypts_and_re_encrypts_byte_exact() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 9);
    for v in &vectors {
        assert!(
            matches!(v.kind.as_str(), "decrypt" | "encrypt_fixed_random"),
            "{}",
            v.id
        );
        assert!(!v.source.is_empty());
        let crypt = crypt_for(v);
        assert_eq!(
            msg_signature(&v.token, &v.timestamp, &v.nonce, &v.encrypt),
            v.msg_signature,
            "{}: signature",
            v.id
        );
        let dec = crypt
            .verify_and_decrypt(&v.msg_signature, &v.timestamp, &v.nonce, &v.encrypt)
            .unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert_eq!(dec.plaintext, v.plaintext, "{}: plaintext", v.id);
        assert_eq!(dec.key_slot, KeySlot::Current);
        let enc = crypt.encrypt_with_prefix(&v.plaintext, &v.timestamp, &v.nonce, prefix_of(v));
        assert_eq!(enc.encrypt, v.encrypt, "{}: re-encryption", v.id);
        assert_eq!(enc.msg_signature, v.msg_signature, "{}: re-signature", v.id);
    }
}

#[test]
fn timestamp_and_nonce_are_interchangeable_in_the_signature() {
    // Quirk Q5: EasyWeChat passes them the other way round and still verifies.
    for v in vectors() {
        crypt_for(&v)
            .verify_and_decrypt(&v.msg_signature, &v.nonce, &v.timestamp, &v.encrypt)
            .unwrap();
    }
}

#[test]
fn plain_signature_is_not_accepted_as_msg_signature() {
    // wechatpy #158: passing the URL `signature` instead of `msg_signature`.
    let v = &vectors()[6];
    assert_eq!(v.id, "senparc-open-ticket");
    let url_signature = signature(&v.token, &v.timestamp, &v.nonce);
    assert_eq!(url_signature, "60d1ddec039f51cc8c7ee4ea9ae9a479dd7c7d01");
    assert_eq!(
        crypt_for(v).verify_and_decrypt(&url_signature, &v.timestamp, &v.nonce, &v.encrypt),
        Err(CryptoError::BadSignature)
    );
    crypt_for(v)
        .verify_url_signature(&url_signature, &v.timestamp, &v.nonce)
        .unwrap();
}

#[allow(clippy::unwrap_used)]
fn test_crypt() -> MsgCrypt {
    MsgCrypt::new(
        "token",
        EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").unwrap(),
        "wx134c8103faa5a59e",
    )
}

/// Decodes, lets `f` change the ciphertext bytes as an attacker with the key could, re-encrypts raw
/// (no padding added) and re-signs, so only the targeted check can fail.
#[allow(clippy::unwrap_used)]
fn forge(crypt_key: &str, plain: &[u8]) -> String {
    use aes::Aes256;
    use cbc::cipher::block_padding::NoPadding;
    use cbc::cipher::{BlockEncryptMut, KeyIvInit};
    let key = {
        let mut k = crypt_key.to_owned();
        k.push('=');
        base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
        )
        .decode(k)
        .unwrap()
    };
    let mut buf = plain.to_vec();
    let len = buf.len();
    cbc::Encryptor::<Aes256>::new(key[..].into(), key[..16].into())
        .encrypt_padded_mut::<NoPadding>(&mut buf, len)
        .unwrap();
    STANDARD.encode(buf)
}

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

fn open_forged(plain: &[u8]) -> Result<wxopen::crypto::Decrypted, CryptoError> {
    let encrypt = forge(KEY, plain);
    let sig = msg_signature("token", "1", "2", &encrypt);
    test_crypt().verify_and_decrypt(&sig, "1", "2", &encrypt)
}

/// `prefix || len || msg || appid` padded with `pad` bytes of value `pad_value`.
fn layout(declared: u32, msg: &[u8], appid: &[u8], pad: usize, pad_value: u8) -> Vec<u8> {
    let mut v = b"0123456789abcdef".to_vec();
    v.extend_from_slice(&declared.to_be_bytes());
    v.extend_from_slice(msg);
    v.extend_from_slice(appid);
    v.extend(std::iter::repeat_n(pad_value, pad));
    v
}

#[test]
fn forged_layout_is_accepted_when_well_formed() {
    // Sanity for the helpers below: 20 + 3 + 18 = 41, pad 23 to 64.
    let ok = open_forged(&layout(3, b"abc", b"wx134c8103faa5a59e", 23, 23)).unwrap();
    assert_eq!(ok.plaintext, "abc");
}

#[test]
fn pad_byte_zero_and_33_are_bad_padding() {
    // 20 + 3 + 18 = 41; 41 + 23 = 64.
    assert_eq!(
        open_forged(&layout(3, b"abc", b"wx134c8103faa5a59e", 23, 0)),
        Err(CryptoError::BadPadding { pad: 0 })
    );
    // 20 + 13 + 18 = 51; 51 + 13 = 64, but the last byte says 33.
    let mut p = layout(13, b"abcdefghijklm", b"wx134c8103faa5a59e", 13, 13);
    *p.last_mut().unwrap() = 33;
    assert_eq!(open_forged(&p), Err(CryptoError::BadPadding { pad: 33 }));
    // Inconsistent pad bytes.
    let mut p = layout(3, b"abc", b"wx134c8103faa5a59e", 23, 23);
    p[50] = 22;
    assert_eq!(open_forged(&p), Err(CryptoError::BadPadding { pad: 23 }));
}

#[test]
fn pad_of_32_spaces_is_stripped_not_trimmed() {
    // 20 + 26 + 18 = 64: a whole extra block of 0x20, and the message itself ends in spaces.
    let msg = b"ends with two spaces:     ";
    assert_eq!(msg.len(), 26);
    let dec = open_forged(&layout(26, msg, b"wx134c8103faa5a59e", 32, 32)).unwrap();
    assert_eq!(dec.plaintext.as_bytes(), msg);
}

#[test]
fn length_field_too_big_is_bad_length() {
    assert_eq!(
        open_forged(&layout(1000, b"abc", b"wx134c8103faa5a59e", 23, 23)),
        Err(CryptoError::BadLength {
            declared: 1000,
            available: 21
        })
    );
    assert_eq!(
        open_forged(&layout(u32::MAX, b"abc", b"wx134c8103faa5a59e", 23, 23)),
        Err(CryptoError::BadLength {
            declared: u32::MAX as usize,
            available: 21
        })
    );
}

#[test]
fn plaintext_shorter_than_header_is_too_short() {
    let mut p = b"0123456789ab".to_vec();
    p.extend(std::iter::repeat_n(20u8, 20));
    assert_eq!(open_forged(&p), Err(CryptoError::TooShort { len: 12 }));
}

#[test]
fn invalid_utf8_message_is_bad_utf8() {
    assert_eq!(
        open_forged(&layout(3, b"a\xffc", b"wx134c8103faa5a59e", 23, 23)),
        Err(CryptoError::BadUtf8)
    );
}

#[test]
fn wrong_appid_is_appid_mismatch() {
    // The authorizer's appid instead of the component's: easy-swoole/wechat #121.
    let other = MsgCrypt::new(
        "token",
        EncodingAesKey::parse(KEY).unwrap(),
        "wxba5fad812f8e6fb9",
    );
    let enc = other.encrypt("<xml/>", "1", "2");
    assert_eq!(
        test_crypt().verify_and_decrypt(&enc.msg_signature, "1", "2", &enc.encrypt),
        Err(CryptoError::AppIdMismatch {
            expected: "wx134c8103faa5a59e".into(),
            found: "wxba5fad812f8e6fb9".into()
        })
    );
}

#[test]
fn tampered_transport_fields_fail_with_their_own_error() {
    let crypt = test_crypt();
    let enc = crypt.encrypt("<xml><A>1</A></xml>", "1700000000", "n");

    // Wrong token.
    let other = MsgCrypt::new(
        "token2",
        EncodingAesKey::parse(KEY).unwrap(),
        "wx134c8103faa5a59e",
    );
    assert_eq!(
        other.verify_and_decrypt(&enc.msg_signature, "1700000000", "n", &enc.encrypt),
        Err(CryptoError::BadSignature)
    );

    // A flipped base64 character breaks the signature first.
    let mut flipped = enc.encrypt.clone().into_bytes();
    flipped[5] = if flipped[5] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    assert_eq!(
        crypt.verify_and_decrypt(&enc.msg_signature, "1700000000", "n", &flipped),
        Err(CryptoError::BadSignature)
    );
    // Re-signed ciphertext tampering. CBC has no integrity of its own: a flip in the first block
    // only garbles the random prefix (which nobody checks) and one message byte, so tamper where
    // it must be caught: the last byte of the second-to-last block flips the last padding byte,
    // and the padding, length or appid check fails whatever the random prefix was.
    let mut raw = STANDARD.decode(&enc.encrypt).unwrap();
    let at = raw.len() - 17;
    raw[at] ^= 0x01;
    let tampered = STANDARD.encode(&raw);
    let resigned = msg_signature("token", "1700000000", "n", &tampered);
    let err = crypt
        .verify_and_decrypt(&resigned, "1700000000", "n", &tampered)
        .unwrap_err();
    assert!(
        matches!(
            err,
            CryptoError::BadPadding { .. }
                | CryptoError::BadLength { .. }
                | CryptoError::AppIdMismatch { .. }
                | CryptoError::BadUtf8
        ),
        "{err:?}"
    );

    // Not base64 at all (signed, so the base64 check is what fails).
    let junk = "not*base64";
    let sig = msg_signature("token", "1", "2", junk);
    assert_eq!(
        crypt.verify_and_decrypt(&sig, "1", "2", junk),
        Err(CryptoError::BadBase64)
    );

    // Truncated to a non-multiple of 32 bytes, and to nothing.
    let raw = STANDARD.decode(&enc.encrypt).unwrap();
    for cut in [&raw[..raw.len() - 16], &raw[..0]] {
        let short = STANDARD.encode(cut);
        let sig = msg_signature("token", "1", "2", &short);
        assert_eq!(
            crypt.verify_and_decrypt(&sig, "1", "2", &short),
            Err(CryptoError::BadCiphertextLength { len: cut.len() })
        );
    }
    // Truncated by a whole 32-byte block: the padding no longer lines up.
    let short = STANDARD.encode(&raw[..raw.len() - 32]);
    let sig = msg_signature("token", "1", "2", &short);
    assert!(crypt.verify_and_decrypt(&sig, "1", "2", &short).is_err());
}

#[test]
fn key_rotation_uses_the_previous_key_and_replies_with_it() {
    let old = EncodingAesKey::parse(KEY).unwrap();
    let new = EncodingAesKey::parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").unwrap();
    let sender_old = MsgCrypt::new("token", old.clone(), "wx134c8103faa5a59e");
    let receiver =
        MsgCrypt::new("token", new.clone(), "wx134c8103faa5a59e").with_previous_key(old.clone());

    let enc = sender_old.encrypt("<xml>old</xml>", "1", "2");
    let dec = receiver
        .verify_and_decrypt(&enc.msg_signature, "1", "2", &enc.encrypt)
        .unwrap();
    assert_eq!(dec.plaintext, "<xml>old</xml>");
    assert_eq!(dec.key_slot, KeySlot::Previous);

    // The reply goes out under the key that worked, so the old-key sender can read it.
    let reply = receiver.encrypted_reply_xml("<xml>r</xml>", "3", "4", dec.key_slot);
    let opened = sender_old
        .decrypt_body(&reply_sig(&reply), "3", "4", reply.as_bytes())
        .unwrap();
    assert_eq!(opened.decrypted.plaintext, "<xml>r</xml>");

    // New-key messages use the current slot.
    let enc = receiver.encrypt("<xml>new</xml>", "1", "2");
    let dec = receiver
        .verify_and_decrypt(&enc.msg_signature, "1", "2", &enc.encrypt)
        .unwrap();
    assert_eq!(dec.key_slot, KeySlot::Current);

    // Without the previous key the old message fails, with the current key's error.
    let no_prev = MsgCrypt::new("token", new, "wx134c8103faa5a59e");
    let enc = sender_old.encrypt("<xml>old</xml>", "1", "2");
    let err = no_prev
        .verify_and_decrypt(&enc.msg_signature, "1", "2", &enc.encrypt)
        .unwrap_err();
    assert!(!matches!(err, CryptoError::BadSignature), "{err:?}");

    // A third, unknown key fails even with rotation configured.
    let stranger = MsgCrypt::new("token", EncodingAesKey::generate(), "wx134c8103faa5a59e");
    let enc = stranger.encrypt("<xml>x</xml>", "1", "2");
    assert!(
        receiver
            .verify_and_decrypt(&enc.msg_signature, "1", "2", &enc.encrypt)
            .is_err()
    );
}

#[allow(clippy::unwrap_used)]
fn reply_sig(reply_xml: &str) -> String {
    let start = reply_xml.find("<MsgSignature><![CDATA[").unwrap() + 23;
    reply_xml[start..start + 40].to_owned()
}

#[test]
fn encrypted_reply_matches_the_official_component_example() {
    // official-doc-component-reply: the published reply (with the doc's own "[CDATA[" typo, Q9).
    let v = vectors()
        .into_iter()
        .find(|v| v.id == "official-doc-component-reply")
        .unwrap();
    let crypt = crypt_for(&v);
    let enc = crypt.encrypt_with_prefix(&v.plaintext, &v.timestamp, &v.nonce, prefix_of(&v));
    let xml = enc.reply_xml(&v.timestamp, &v.nonce);
    assert_eq!(
        xml,
        format!(
            "<xml><Encrypt><![CDATA[{}]]></Encrypt><MsgSignature><![CDATA[{}]]></MsgSignature>\
             <TimeStamp>{}</TimeStamp><Nonce><![CDATA[{}]]></Nonce></xml>",
            v.encrypt, v.msg_signature, v.timestamp, v.nonce
        )
    );
    // The reply envelope is itself readable by the push parser (as WeChat would read it).
    let opened = crypt
        .decrypt_body(&v.msg_signature, &v.timestamp, &v.nonce, xml.as_bytes())
        .unwrap();
    assert_eq!(opened.decrypted.plaintext, v.plaintext);
}

#[test]
fn random_prefixes_differ_and_look_like_wechats() {
    let crypt = test_crypt();
    let a = crypt.encrypt("same", "1", "2");
    let b = crypt.encrypt("same", "1", "2");
    assert_ne!(a.encrypt, b.encrypt);
}

/// Message lengths that give every pad value 1..=32 for the given receive_id length.
fn lengths_for_every_pad(id_len: usize) -> Vec<usize> {
    (1..=32)
        .map(|pad| {
            let fixed = 20 + id_len + pad;
            (32 * 4 - fixed) % 32 + 32
        })
        .collect()
}

#[test]
fn every_pad_value_round_trips() {
    let crypt = test_crypt();
    let mut pads = Vec::new();
    for len in lengths_for_every_pad(18) {
        let msg = "x".repeat(len);
        let enc = crypt.encrypt(&msg, "1", "2");
        let raw = STANDARD.decode(&enc.encrypt).unwrap();
        pads.push(32 - (20 + len + 18) % 32);
        assert_eq!(raw.len() % 32, 0);
        let dec = crypt
            .verify_and_decrypt(&enc.msg_signature, "1", "2", &enc.encrypt)
            .unwrap();
        assert_eq!(dec.plaintext, msg);
    }
    pads.sort_unstable();
    assert_eq!(pads, (1..=32).collect::<Vec<_>>());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_messages_and_appids_round_trip(
        msg in any::<String>(),
        appid in any::<String>(),
        pad in 1usize..=32,
        ts in "[0-9]{1,12}",
        nonce in "[A-Za-z0-9]{0,16}",
        prefix in any::<[u8; 16]>(),
    ) {
        // Extend the message with ASCII so that this case lands on the chosen pad value.
        let used = 20 + msg.len() + appid.len();
        let extra = (32 - (used + pad) % 32) % 32;
        let msg = format!("{msg}{}", "y".repeat(extra));
        prop_assert_eq!(32 - (20 + msg.len() + appid.len()) % 32, pad);

        let crypt = MsgCrypt::new("tok", EncodingAesKey::generate(), appid.clone());
        let enc = crypt.encrypt_with_prefix(&msg, &ts, &nonce, prefix);
        let dec = crypt.verify_and_decrypt(&enc.msg_signature, &ts, &nonce, &enc.encrypt).unwrap();
        prop_assert_eq!(dec.plaintext, msg);

        let raw = STANDARD.decode(&enc.encrypt).unwrap();
        prop_assert_eq!(raw.len() % 32, 0);
    }

    #[test]
    fn arbitrary_encrypt_strings_are_rejected_without_panic(s in any::<String>(), sig in "[0-9a-f]{0,41}") {
        let crypt = test_crypt();
        prop_assert!(crypt.verify_and_decrypt(&sig, "1", "2", &s).is_err());
        let sig = msg_signature("token", "1", "2", &s);
        prop_assert!(crypt.verify_and_decrypt(&sig, "1", "2", &s).is_err());
    }
}
