//! Messages and events of authorizers, pushed to the message URL (消息与事件接收URL).

use super::xml::{Document, XmlError};
use crate::secret::Secret;

use crate::funcscope::AccountKind;

/// One of WeChat's dedicated release-test accounts (全网发布专用测试号).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseTestAccount {
    /// Which of WeChat's five groups it belongs to (1-5).
    pub group: u8,
    /// Official account or mini program.
    pub kind: AccountKind,
    /// Its appid.
    pub appid: &'static str,
    /// Its original id (`gh_…`), the `ToUserName` of its messages.
    pub user_name: &'static str,
}

const fn test_account(
    group: u8,
    kind: AccountKind,
    appid: &'static str,
    user_name: &'static str,
) -> ReleaseTestAccount {
    ReleaseTestAccount {
        group,
        kind,
        appid,
        user_name,
    }
}

/// WeChat's five groups of release-test accounts, an official account and a mini program each.
/// WeChat draws one group at random for every release test and answers "暂没有测试资源" to a
/// platform that handles only some, so every group must be recognised (reference B18; source:
/// the official 「全网发布检测说明」 page, `…/operation/thirdparty/releases_instructions.html`).
pub const RELEASE_TEST_ACCOUNTS: [ReleaseTestAccount; 10] = [
    test_account(
        1,
        AccountKind::OfficialAccount,
        "wx570bc396a51b8ff8",
        "gh_3c884a361561",
    ),
    test_account(
        1,
        AccountKind::MiniProgram,
        "wxd101a85aa106f53e",
        "gh_8dad206e9538",
    ),
    test_account(
        2,
        AccountKind::OfficialAccount,
        "wx9252c5e0bb1836fc",
        "gh_c0f28a78b318",
    ),
    test_account(
        2,
        AccountKind::MiniProgram,
        "wxc39235c15087f6f3",
        "gh_905ae9d01059",
    ),
    test_account(
        3,
        AccountKind::OfficialAccount,
        "wx8e1097c5bc82cde9",
        "gh_3f222ed8d140",
    ),
    test_account(
        3,
        AccountKind::MiniProgram,
        "wx7720d01d4b2a4500",
        "gh_393666f1fdf4",
    ),
    test_account(
        4,
        AccountKind::OfficialAccount,
        "wx14550af28c71a144",
        "gh_26128078e9ab",
    ),
    test_account(
        4,
        AccountKind::MiniProgram,
        "wx05d483572dcd5d8b",
        "gh_39abb5d4e1b7",
    ),
    test_account(
        5,
        AccountKind::OfficialAccount,
        "wxa35b9c23cfe664eb",
        "gh_2b3713f184a6",
    ),
    test_account(
        5,
        AccountKind::MiniProgram,
        "wx5910277cae6fd970",
        "gh_7818dcb60240",
    ),
];

/// The release-test account with this appid, if it is one.
pub fn release_test_account(appid: &str) -> Option<&'static ReleaseTestAccount> {
    RELEASE_TEST_ACCOUNTS.iter().find(|a| a.appid == appid)
}

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
    /// Text `TESTCOMPONENT_MSG_TYPE_TEXT` to an official account: reply
    /// `TESTCOMPONENT_MSG_TYPE_TEXT_callback` passively.
    Text,
    /// The same text to a test mini program, whose customer-service messages take no passive
    /// reply: answer empty, then send `TESTCOMPONENT_MSG_TYPE_TEXT_callback` through the API.
    MiniProgramText,
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
            Self::MiniProgramText | Self::QueryAuthCode(_) => None,
            Self::Event(event) => Some(format!("{event}from_callback")),
        }
    }

    /// The customer-service text to send through the API after replying, if any.
    pub fn customer_service_text(&self) -> Option<String> {
        match self {
            Self::QueryAuthCode(code) => Some(format!("{}_from_api", code.expose())),
            Self::MiniProgramText => Some(format!("{RELEASE_TEST_TEXT}_callback")),
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

    /// Every top-level element in document order, as (name, text).
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The content of a text message.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            MessageKind::Text { content } => Some(content),
            _ => None,
        }
    }

    /// Recognises the full-network release test. Texts are recognised by their fixed content
    /// (to a test mini program, the text case answers through the API); events only when
    /// `authorizer_appid` is one of [`RELEASE_TEST_ACCOUNTS`], since ordinary accounts send
    /// events too.
    pub fn release_test(&self, authorizer_appid: &str) -> Option<ReleaseTest> {
        let test_account = release_test_account(authorizer_appid);
        match &self.kind {
            MessageKind::Text { content } if content == RELEASE_TEST_TEXT => {
                match test_account.map(|a| a.kind) {
                    Some(AccountKind::MiniProgram) => Some(ReleaseTest::MiniProgramText),
                    _ => Some(ReleaseTest::Text),
                }
            }
            MessageKind::Text { content } => content
                .strip_prefix(RELEASE_TEST_QUERY_AUTH_PREFIX)
                .filter(|code| !code.is_empty())
                .map(|code| ReleaseTest::QueryAuthCode(Secret::new(code))),
            MessageKind::Event { event, .. } if test_account.is_some() => {
                Some(ReleaseTest::Event(event.clone()))
            }
            _ => None,
        }
    }
}
