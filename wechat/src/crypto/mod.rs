//! WXBizMsgCrypt: the message encryption of WeChat pushes and passive replies.
//!
//! Exactly the algorithm of the official samples, without their traps: the key is decoded
//! leniently, padding is PKCS#7 with 32-byte blocks, the receive_id is always checked, signatures
//! are compared in constant time, and nothing is ever trimmed.

pub(crate) mod cipher;
mod error;
mod key;
mod msg_crypt;
mod signature;

pub use error::CryptoError;
pub use key::EncodingAesKey;
pub use msg_crypt::{Decrypted, Encrypted, KeySlot, MsgCrypt, Opened};
pub use signature::{msg_signature, signature, verify_msg_signature, verify_signature};
