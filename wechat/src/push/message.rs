//! Messages and events of authorizers, pushed to the message URL (消息与事件接收URL).

use super::xml::{Document, XmlError};
use crate::secret::Secret;

/// The accounts WeChat's full-network release test (全网发布) sends from.
pub const RELEASE_TEST_APPIDS: [&str; 2] = ["wx570bc396a51b8ff8", "wxd101a85aa106f53e"];

/// The text message of the release test.
pub const RELEASE_TEST_TEXT: &str = "TESTCOMPONENT_MSG_TYPE_TEXT";

/// The prefix of the release test's API message, followed by an authorization code.
pub const RELEASE_TEST_QUERY_AUTH_PREFIX: &str = "QUERY_AUTH_CODE:";

/// A decrypted message or event received on behalf of an authorizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizerMessage {
    /// `<ToUserName>`: the authorizer's original id (`gh_…`).
    pub to_user_name: String,
    /// `<FromUserName>`: the user's openid (or the sender of a system event).
    pub from_user_name: String,
    /// `<CreateTime>`, unix seconds.
    pub create_time: i64,
    /// `<MsgType>` as sent.
    pub msg_type: String,
    /// `<MsgId>` (absent on events).
    pub msg_id: Option<String>,
    /// The typed content.
    pub kind: MessageKind,
    fields: Vec<(String, String)>,
}

/// What an [`AuthorizerMessage`] is, by `MsgType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    /// `text`.
    Text {
        /// `<Content>`.
        content: String,
    },
    /// `event`.
    Event {
        /// `<Event>`, e.g. `subscribe`, `weapp_audit_success`.
        event: String,
        /// `<EventKey>`, when present.
        event_key: Option<String>,
    },
    /// Any other type (image, voice, video, location, link, …); see [`AuthorizerMessage::field`].
    Other,
}

/// A message of WeChat's full-network release test, and what it expects back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseTest {
    /// Text `TESTCOMPONENT_MSG_TYPE_TEXT`: reply `TESTCOMPONENT_MSG_TYPE_TEXT_callback`.
    Text,
    /// Text `QUERY_AUTH_CODE:<code>`: reply empty, exchange the code with `api_query_auth`, then
    /// send the customer-service text `<code>_from_api` with the new token.
    QueryAuthCode(Secret),
    /// An event from a test account: reply the text `<Event>from_callback`.
    Event(String),
}

impl ReleaseTest {
    /// The content of the passive text reply; `None` means answer with an empty body.
    pub fn passive_reply(&self) -> Option<String> {
        match self {
            Self::Text => Some(format!("{RELEASE_TEST_TEXT}_callback")),
            Self::QueryAuthCode(_) => None,
            Self::Event(event) => Some(format!("{event}from_callback")),
        }
    }

    /// The customer-service text to send through the API after replying, if any.
    pub fn customer_service_text(&self) -> Option<String> {
        match self {
            Self::QueryAuthCode(code) => Some(format!("{}_from_api", code.expose())),
            _ => None,
        }
    }
}

impl AuthorizerMessage {
    /// Parses a decrypted message document.
    pub fn parse(plaintext: &str) -> Result<Self, XmlError> {
        let doc = Document::parse(plaintext)?;
        let msg_type = doc.require("MsgType")?.to_owned();
        let kind = match msg_type.as_str() {
            "text" => MessageKind::Text {
                content: doc.require("Content")?.to_owned(),
            },
            "event" => MessageKind::Event {
                event: doc.require("Event")?.to_owned(),
                event_key: doc.string("EventKey"),
            },
            _ => MessageKind::Other,
        };
        Ok(Self {
            to_user_name: doc.require("ToUserName")?.to_owned(),
            from_user_name: doc.require("FromUserName")?.to_owned(),
            create_time: doc.require_int("CreateTime")?,
            msg_type,
            msg_id: doc.string("MsgId"),
            kind,
            fields: doc.elements.into_iter().map(|e| (e.name, e.text)).collect(),
        })
    }

    /// The text of any top-level element by exact name (`debug_str`, `Reason`, `PicUrl`, …).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The content of a text message.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            MessageKind::Text { content } => Some(content),
            _ => None,
        }
    }

    /// Recognises the full-network release test. Texts are recognised by their fixed content;
    /// events only when `authorizer_appid` is one of [`RELEASE_TEST_APPIDS`], since ordinary
    /// accounts send events too.
    pub fn release_test(&self, authorizer_appid: &str) -> Option<ReleaseTest> {
        match &self.kind {
            MessageKind::Text { content } if content == RELEASE_TEST_TEXT => {
                Some(ReleaseTest::Text)
            }
            MessageKind::Text { content } => content
                .strip_prefix(RELEASE_TEST_QUERY_AUTH_PREFIX)
                .filter(|code| !code.is_empty())
                .map(|code| ReleaseTest::QueryAuthCode(Secret::new(code))),
            MessageKind::Event { event, .. } if RELEASE_TEST_APPIDS.contains(&authorizer_appid) => {
                Some(ReleaseTest::Event(event.clone()))
            }
            _ => None,
        }
    }
}
