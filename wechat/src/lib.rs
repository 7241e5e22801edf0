//! WeChat Open Platform third-party platform (第三方平台, "component") protocol layer.
//!
//! * [`crypto`]: WXBizMsgCrypt, exactly as WeChat does it ([`MsgCrypt`]).
//! * [`push`]: the encrypted POST envelope, authorization events and authorizer messages.
//! * [`api`]: a typed async client for every component API, with per-endpoint error meanings.
//! * [`links`]: PC and H5 authorization links, the fast-registration link, and QR codes.
//!
//! No database, no web framework, no token cache: callers own storage and retry policy.
//!
//! ```
//! use wxopen::{EncodingAesKey, MsgCrypt};
//! use wxopen::push::{ComponentEvent, ComponentPush, Envelope, Addressee};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let key = EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")?;
//! let crypt = MsgCrypt::new("token", key, "wx134c8103faa5a59e");
//!
//! // What WeChat would POST to the authorization-event URL:
//! let ticket = "<xml><AppId><![CDATA[wx134c8103faa5a59e]]></AppId><CreateTime>1700000000</CreateTime>\
//!               <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
//!               <ComponentVerifyTicket><![CDATA[ticket@@@x]]></ComponentVerifyTicket></xml>";
//! let sealed = crypt.encrypt(ticket, "1700000000", "nonce");
//! let body = Envelope { encrypt: sealed.encrypt, addressee: Some(Addressee::Component("wx134c8103faa5a59e".into())) }.to_xml();
//!
//! // What the receiving handler does with the query's msg_signature, timestamp and nonce:
//! let opened = crypt.decrypt_body(&sealed.msg_signature, "1700000000", "nonce", body.as_bytes())?;
//! let push = ComponentPush::parse(&opened.decrypted.plaintext)?;
//! match push.event {
//!     ComponentEvent::VerifyTicket { ticket } => assert_eq!(ticket.expose(), "ticket@@@x"),
//!     _ => unreachable!(),
//! }
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod api;
pub mod appid;
#[cfg(feature = "cli")]
pub mod cli;
pub mod crypto;
pub mod funcscope;
#[doc(hidden)]
pub mod fuzzing;
pub mod links;
pub mod push;
pub mod registration;
mod secret;

pub use api::{ApiError, Client, Endpoints};
pub use appid::{AppId, AppIdError};
pub use crypto::{CryptoError, EncodingAesKey, MsgCrypt};
pub use secret::Secret;

/// Compiles the README's examples as doctests, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
