//! The error every server function returns; it crosses the wire as JSON and is shown in the
//! user's language.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, tr};
use console_types::Bi;

/// Why a server function failed, as the browser sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the user must sign in (again).
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but the role does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// Not found in the caller's tenant (other tenants' data looks the same as missing data).
    #[error("not found")]
    NotFound,
    /// Wrong username or password; deliberately says nothing about which.
    #[error("wrong username or password")]
    InvalidCredentials,
    /// The user belongs to no tenant.
    #[error("no tenant")]
    NoTenant,
    /// The user's only tenants are suspended by the platform administrator (the password was
    /// right: this reveals nothing to a guesser).
    #[error("tenant suspended")]
    TenantSuspended,
    /// Bad input or a conflict, explained in both languages (with the form field it is about,
    /// when it is about one).
    #[error("{0}")]
    Invalid(Bi),
    /// WeChat refused or could not be reached; what it means and what to do, in both languages.
    #[error("{0}")]
    Upstream(Bi),
    /// Too many attempts (sign-in throttling, or every password check busy): when to try again,
    /// in both languages. HTTP 429.
    #[error("{0}")]
    Throttled(Bi),
    /// A server-side failure; details are in the server log under `reference`.
    #[error("internal error (reference {reference})")]
    Internal { reference: String },
    /// The call itself failed (network, encoding).
    #[error("{0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Arguments that do not decode are the caller's mistake (a hand-made API call: the pages
    /// only send typed values), explained like any other invalid input.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(detail) | ServerFnErrorErr::Deserialization(detail) => {
                AppError::Invalid(Bi::new(
                    format!("请求参数无效：{detail}"),
                    format!("Invalid request arguments: {detail}"),
                ))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

impl AppError {
    /// A bilingual validation message.
    pub fn invalid(zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Invalid(Bi::new(zh, en))
    }

    /// The form field a validation message is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid(m) => m.field.as_deref(),
            _ => None,
        }
    }

    /// The message to show, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            AppError::Unauthorized => tr::ERR_UNAUTHORIZED.get(locale).to_string(),
            AppError::Forbidden => tr::ERR_FORBIDDEN.get(locale).to_string(),
            AppError::NotFound => tr::ERR_NOT_FOUND.get(locale).to_string(),
            AppError::InvalidCredentials => tr::ERR_INVALID_CREDENTIALS.get(locale).to_string(),
            AppError::NoTenant => tr::ERR_NO_TENANT.get(locale).to_string(),
            AppError::TenantSuspended => tr::ERR_TENANT_SUSPENDED.get(locale).to_string(),
            AppError::Invalid(m) | AppError::Upstream(m) | AppError::Throttled(m) => {
                m.get(locale).to_string()
            }
            AppError::Internal { reference } => {
                format!("{}{reference}", tr::ERR_INTERNAL.get(locale))
            }
            AppError::Transport(detail) => format!("{}{detail}", tr::ERR_NETWORK.get(locale)),
        }
    }
}
