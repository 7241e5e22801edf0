//! Push XML: the outer envelope, authorization events, authorizer messages, and replies.
//!
//! The flow for a POST from WeChat: [`MsgCrypt::decrypt_body`](crate::MsgCrypt::decrypt_body)
//! (which uses [`Envelope`]), then [`ComponentPush::parse`] on the event URL or
//! [`AuthorizerMessage::parse`] on the message URL.

mod component;
mod envelope;
mod message;
mod reply;
mod xml;

pub use component::{
    Authorization, ComponentEvent, ComponentPush, RegistrationInfo, RegistrationResult,
};
pub use envelope::{Addressee, Envelope};
pub use message::{
    AuthorizerMessage, MessageKind, RELEASE_TEST_ACCOUNTS, RELEASE_TEST_QUERY_AUTH_PREFIX,
    RELEASE_TEST_TEXT, ReleaseTest, ReleaseTestAccount, release_test_account,
};
pub use reply::{NewsArticle, PassiveReply, ReplyError, text_reply_xml};
pub(crate) use reply::{push_cdata, push_escaped_text};
pub use xml::{MAX_BODY_BYTES, XmlError};
