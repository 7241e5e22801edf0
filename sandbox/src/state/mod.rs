//! Everything the sandbox remembers, behind one mutex. Methods here are synchronous and take the
//! current time as an argument; they never do I/O. Pushes they cause are returned as
//! [`PushJob`]s for the caller to send once the lock is released.

mod authz;
mod directory;
mod faults;
mod quota;
mod register;
mod tokens;

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde::Serialize;

pub use authz::{
    AUTH_CODE_TTL_SECS, AuthCode, Authorization, AuthzError, Confirmed, LinkRestrictions,
    NOT_IN_WECHAT_TEXT, PRE_AUTH_TTL_SECS, PreAuth, check_entry, check_redirect, redirect_with,
};
pub use directory::SpecError;
pub use quota::RidRecord;
pub use register::{NewTask, RegError, RegKind, RegOutcome, Registration, ReuseTicket};
pub use tokens::{TOKEN_TTL_SECS, Ticket, TokenOwner, TokenRecord};

use crate::faults::Fault;
use crate::model::{Account, Component};

/// A push the state wants sent to a component's event URL.
#[derive(Debug, Clone)]
pub struct PushJob {
    pub component_appid: String,
    /// `InfoType`.
    pub info_type: String,
    /// The authorizer the event is about, if any.
    pub authorizer_appid: Option<String>,
    /// The decrypted document.
    pub plaintext: String,
}

/// A component with its runtime state.
#[derive(Debug, Clone)]
pub struct ComponentState {
    pub info: Component,
    pub tickets: VecDeque<Ticket>,
    pub next_ticket_ms: i64,
    /// The ticket push service stopped (`/_sandbox/components/{appid}/stop_tickets`): the timer
    /// skips the component until `api_start_push_ticket` (reference B24).
    pub tickets_stopped: bool,
    pub token: tokens::TokenPair,
}

/// A temporary media file.
#[derive(Debug, Clone)]
pub struct Media {
    pub authorizer: String,
    pub content_type: String,
    pub filename: String,
    /// Shared, so that a download sends the stored file without copying it.
    pub bytes: axum::body::Bytes,
    pub created_at: i64,
}

/// A customer-service message received through `cgi-bin/message/custom/send`.
#[derive(Debug, Clone, Serialize)]
pub struct CustomMessage {
    pub component_appid: String,
    pub authorizer_appid: String,
    pub touser: String,
    pub msgtype: String,
    /// `text.content` for text messages.
    pub content: Option<String>,
    pub body: serde_json::Value,
    pub at: i64,
}

/// One delivery to a console URL, with its outcome.
#[derive(Debug, Clone, Serialize)]
pub struct PushRecord {
    pub id: u64,
    pub at: i64,
    pub component_appid: String,
    /// `event` (authorization-event URL) or `message` (message URL).
    pub target: String,
    /// `InfoType`, or `MsgType`/`Event` of a message.
    pub kind: String,
    pub authorizer_appid: Option<String>,
    pub url: String,
    pub plaintext: String,
    pub http_status: Option<u16>,
    pub response_body: String,
    /// `success`, `unexpected_reply`, `http_error`, `timeout` or `transport_error`.
    pub outcome: String,
    pub error: Option<String>,
    /// Which try this is (1-based): WeChat sends a push again when it got no good answer.
    pub attempt: u32,
    /// The id of the first attempt of the same push.
    pub push_group: u64,
}

/// The whole simulated WeChat.
#[derive(Debug, Default)]
pub struct World {
    pub components: BTreeMap<String, ComponentState>,
    pub accounts: BTreeMap<String, Account>,
    pub tokens: HashMap<String, TokenRecord>,
    pub pre_auth: HashMap<String, PreAuth>,
    pub auth_codes: HashMap<String, AuthCode>,
    /// Keyed by (component appid, authorizer appid).
    pub authorizations: BTreeMap<(String, String), Authorization>,
    pub registrations: BTreeMap<String, Registration>,
    pub reuse_tickets: HashMap<String, ReuseTicket>,
    pub media: HashMap<String, Media>,
    pub custom_messages: Vec<CustomMessage>,
    /// When each user last wrote to or acted on an account (Unix s), by (account appid, openid):
    /// customer-service messages are accepted only within 48 hours of it (45015).
    pub interactions: HashMap<(String, String), i64>,
    pub pushes: VecDeque<PushRecord>,
    pub next_push_id: u64,
    pub faults: Vec<Fault>,
    pub next_fault_id: u64,
    pub calls: BTreeMap<String, BTreeMap<String, u64>>,
    pub quota: quota::Quotas,
    pub rids: VecDeque<RidRecord>,
    pub oauth_codes: HashMap<String, OAuthCode>,
    pub oauth_refresh: HashMap<String, OAuthGrant>,
    /// A user's web OAuth access token -> its grant and expiry (ms), for `sns/userinfo`.
    pub oauth_tokens: HashMap<String, (OAuthGrant, i64)>,
    /// Official account appid -> (calendar month in UTC+8, successful reuse registrations).
    pub reuse_counts: HashMap<String, (i64, u32)>,
    /// How many more of the console's answers to pushes are lost (a test's network fault).
    pub lose_answers: u64,
    /// InfoType -> how many more event pushes of that type WeChat loses (never delivered).
    pub drop_pushes: HashMap<String, u64>,
}

/// A web OAuth code issued by `/connect/oauth2/authorize`.
#[derive(Debug, Clone)]
pub struct OAuthCode {
    pub component: String,
    pub appid: String,
    pub openid: String,
    pub scope: String,
    pub expires_ms: i64,
}

/// A web OAuth refresh token.
#[derive(Debug, Clone)]
pub struct OAuthGrant {
    pub component: String,
    pub appid: String,
    pub openid: String,
    pub scope: String,
}

/// How many pushes and rids are kept.
const PUSH_LOG: usize = 2_000;

impl World {
    /// Appends a push record, keeping the log bounded. A first attempt (`push_group` 0) starts
    /// its own group.
    pub fn record_push(&mut self, mut record: PushRecord) -> PushRecord {
        self.next_push_id += 1;
        record.id = self.next_push_id;
        if record.push_group == 0 {
            record.push_group = record.id;
        }
        if self.pushes.len() >= PUSH_LOG {
            self.pushes.pop_front();
        }
        self.pushes.push_back(record.clone());
        record
    }

    /// Counts one call of `endpoint` about `appid`.
    pub fn count_call(&mut self, endpoint: &str, appid: &str) {
        *self
            .calls
            .entry(endpoint.to_owned())
            .or_default()
            .entry(appid.to_owned())
            .or_default() += 1;
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        *self = World::default();
    }
}
