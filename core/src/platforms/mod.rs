//! Third-party platforms (components): their credentials, sealed at rest; the latest ticket; and
//! what the platform page shows (URLs, ticket age, token health, alarms).

mod aes_keys;
pub mod entity;
mod input;
mod push_keys;
mod service;
mod webhook;

pub use aes_keys::retire_previous_key;
pub use input::PlatformInput;
pub(crate) use push_keys::PushKeys;
pub use service::{
    Alarm, PlatformSecrets, PlatformView, by_appid, create, credentials, crypt_for, get, get_model,
    list, record_egress_ip, secrets_of, set_enabled, start_push_ticket, store_ticket, ticket,
    update, upsert_by_appid,
};
pub use webhook::{WebhookSaved, WebhookUrl, rotate_webhook_secret, set_webhook, webhook_of};

/// No ticket for this long raises the "no ticket" alarm (WeChat pushes every 10 minutes).
pub const NO_TICKET_ALARM_MS: i64 = 30 * 60 * 1000;
/// A ticket is valid this long after WeChat sent it.
pub const TICKET_VALID_MS: i64 = 12 * 3600 * 1000;
