//! Server functions (the console's browser-facing API) and the data they exchange, one module per
//! domain. Every function takes the tenant from the session, never from its arguments.

pub mod auth;
pub mod authorizers;
pub mod events;
pub mod links;
pub mod members;
pub mod messages;
pub mod overview;
pub mod platforms;
pub mod registrations;
pub mod shared;

use serde::{Deserialize, Serialize};

use crate::i18n::{Text, tr};

/// A member's role, as the browser sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoleName {
    Owner,
    Admin,
    Operator,
    Viewer,
}

impl RoleName {
    /// Every role, most powerful first.
    pub const ALL: [RoleName; 4] = [
        RoleName::Owner,
        RoleName::Admin,
        RoleName::Operator,
        RoleName::Viewer,
    ];

    /// The label in both languages.
    pub fn label(self) -> Text {
        match self {
            RoleName::Owner => tr::ROLE_OWNER,
            RoleName::Admin => tr::ROLE_ADMIN,
            RoleName::Operator => tr::ROLE_OPERATOR,
            RoleName::Viewer => tr::ROLE_VIEWER,
        }
    }

    /// Operators and above act on WeChat: links, token refresh, sync, ticket push.
    pub fn can_operate(self) -> bool {
        matches!(self, RoleName::Owner | RoleName::Admin | RoleName::Operator)
    }

    /// Admins and owners add, edit and disable platforms.
    pub fn can_manage_platforms(self) -> bool {
        matches!(self, RoleName::Owner | RoleName::Admin)
    }

    /// The stored form (also used as form values).
    pub fn code(self) -> &'static str {
        match self {
            RoleName::Owner => "owner",
            RoleName::Admin => "admin",
            RoleName::Operator => "operator",
            RoleName::Viewer => "viewer",
        }
    }
}

#[cfg(feature = "ssr")]
impl From<console_core::accounts::Role> for RoleName {
    fn from(r: console_core::accounts::Role) -> Self {
        use console_core::accounts::Role;
        match r {
            Role::Owner => RoleName::Owner,
            Role::Admin => RoleName::Admin,
            Role::Operator => RoleName::Operator,
            Role::Viewer => RoleName::Viewer,
        }
    }
}

/// Formats Unix milliseconds as China Standard Time (UTC+8), the time zone of WeChat and of the
/// console's users. Done on the server so that server and browser render identical text.
#[cfg(feature = "ssr")]
pub fn format_time(ms: i64) -> String {
    console_core::format_time_cst(ms)
}
