//! Every way a push can fail to open, as its own variant.

/// A message-crypto failure. Each variant is one class of fault an operator can act on.
///
/// [`CryptoError::code`] is a stable machine name, [`CryptoError::wechat_code`] the number the
/// official samples use (−40001…−40011), and [`CryptoError::zh`] a Chinese description for the
/// console. None of them ever contain key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// `msg_signature` (or `signature`) does not match the token, timestamp, nonce (and Encrypt).
    #[error("signature mismatch: check the token, and that msg_signature (not signature) was used")]
    BadSignature,
    /// The `Encrypt` value is not standard base64.
    #[error("Encrypt is not valid base64")]
    BadBase64,
    /// The EncodingAESKey is not 43 characters from `[A-Za-z0-9]`.
    #[error("EncodingAESKey must be 43 characters from [A-Za-z0-9]")]
    BadKey,
    /// The ciphertext is empty or not a whole number of 32-byte blocks.
    #[error("ciphertext length {len} is not a positive multiple of 32")]
    BadCiphertextLength {
        /// Length of the decoded ciphertext in bytes.
        len: usize,
    },
    /// The PKCS#7 (block 32) padding is malformed: usually the wrong EncodingAESKey.
    #[error("bad PKCS#7 padding (last byte {pad}): wrong EncodingAESKey?")]
    BadPadding {
        /// The last decrypted byte, which should be the pad length 1..=32.
        pad: u8,
    },
    /// The unpadded plaintext is shorter than its 20-byte header (random prefix and length).
    #[error("decrypted plaintext of {len} bytes is shorter than the 20-byte header")]
    TooShort {
        /// Length of the unpadded plaintext.
        len: usize,
    },
    /// The length field points past the end of the plaintext.
    #[error("message length field {declared} exceeds the {available} bytes available")]
    BadLength {
        /// The big-endian length read from bytes 16..20.
        declared: usize,
        /// Bytes left after the 20-byte header.
        available: usize,
    },
    /// The receive_id at the end of the plaintext is not the expected (component) appid.
    #[error("appid mismatch: expected {expected}, found {found}")]
    AppIdMismatch {
        /// The receive_id this `MsgCrypt` was built for.
        expected: String,
        /// What the plaintext carries (lossy UTF-8, at most 64 characters).
        found: String,
    },
    /// The decrypted message is not UTF-8.
    #[error("decrypted message is not valid UTF-8")]
    BadUtf8,
    /// The POST body is not the expected `<xml>…<Encrypt>…</Encrypt></xml>` envelope.
    #[error("bad push body: {0}")]
    BadXml(#[from] crate::push::XmlError),
}

impl CryptoError {
    /// A stable snake_case name for logs, metrics and the CLI.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadSignature => "bad_signature",
            Self::BadBase64 => "bad_base64",
            Self::BadKey => "bad_key",
            Self::BadCiphertextLength { .. } => "bad_ciphertext_length",
            Self::BadPadding { .. } => "bad_padding",
            Self::TooShort { .. } => "too_short",
            Self::BadLength { .. } => "bad_length",
            Self::AppIdMismatch { .. } => "appid_mismatch",
            Self::BadUtf8 => "bad_utf8",
            Self::BadXml(_) => "bad_xml",
        }
    }

    /// The error number the official WXBizMsgCrypt samples return for this class.
    pub fn wechat_code(&self) -> i32 {
        match self {
            Self::BadSignature => -40001,
            Self::BadXml(_) => -40002,
            Self::BadKey => -40004,
            Self::AppIdMismatch { .. } => -40005,
            Self::BadCiphertextLength { .. } | Self::BadPadding { .. } => -40007,
            Self::TooShort { .. } | Self::BadLength { .. } | Self::BadUtf8 => -40008,
            Self::BadBase64 => -40010,
        }
    }

    /// A Chinese description for the console.
    pub fn zh(&self) -> &'static str {
        match self {
            Self::BadSignature => {
                "签名校验失败：请检查 Token，并确认使用的是 msg_signature 而不是 signature"
            }
            Self::BadBase64 => "Encrypt 不是合法的 Base64",
            Self::BadKey => "EncodingAESKey 不合法：应为 43 位字母或数字",
            Self::BadCiphertextLength { .. } => "密文长度不是 32 字节的整数倍",
            Self::BadPadding { .. } => "PKCS#7 填充错误：EncodingAESKey 可能不正确",
            Self::TooShort { .. } => "解密后的明文过短，缺少 20 字节的头部",
            Self::BadLength { .. } => "明文中的消息长度字段越界",
            Self::AppIdMismatch { .. } => {
                "AppID 校验失败：明文末尾应为第三方平台（component）的 AppID"
            }
            Self::BadUtf8 => "解密后的消息不是合法的 UTF-8",
            Self::BadXml(_) => "推送报文不是合法的 XML 或缺少 Encrypt 字段",
        }
    }
}
