//! Server functions (the console's browser-facing API) and the data they exchange, one module per
//! domain. Every function takes the tenant from the session, never from its arguments.

// Alerts (issue 14).
pub mod alerts;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod authorizers;
pub mod business;
pub mod charts;
pub mod events;
pub mod invitations;
pub mod links;
pub mod members;
pub mod messages;
pub mod overview;
pub mod platforms;
pub mod query;
pub mod quota;
pub mod registrations;
pub mod shared;
pub mod tenants;
pub mod web_oauth;

use crate::i18n::{Text, tr};

/// A member's role and its permission table: one definition with the server.
pub use console_types::{Permission, Role};

/// A role's name in the user's language.
pub fn role_label(role: Role) -> Text {
    match role {
        Role::Owner => tr::ROLE_OWNER,
        Role::Admin => tr::ROLE_ADMIN,
        Role::Operator => tr::ROLE_OPERATOR,
        Role::Viewer => tr::ROLE_VIEWER,
    }
}

/// Formats Unix milliseconds as China Standard Time (UTC+8), the time zone of WeChat and of the
/// console's users. Done on the server so that server and browser render identical text.
#[cfg(feature = "ssr")]
pub fn format_time(ms: i64) -> String {
    console_core::format_time_cst(ms)
}
