//! One error type for the domain; the web layer turns it into a response.

use crate::message::Bi;

/// Result of a domain operation.
pub type CoreResult<T> = Result<T, CoreError>;

/// What can go wrong in a domain operation.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The input was rejected; the message says why, in both languages.
    #[error("invalid input: {0}")]
    Invalid(Bi),
    /// The thing already exists (unique name, duplicate membership, ...).
    #[error("conflict: {0}")]
    Conflict(Bi),
    /// The thing does not exist, or is not visible to the caller's tenant.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// Username or password wrong; deliberately says nothing about which.
    #[error("wrong username or password")]
    InvalidCredentials,
    /// The caller's role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// WeChat refused; the message says what it means and what to do. Retrying will not help.
    #[error("WeChat: {0}")]
    Upstream(Bi),
    /// WeChat is busy or unreachable (timeout, 5xx, -1, quota): worth retrying later.
    #[error("WeChat unavailable: {0}")]
    Unavailable(Bi),
    /// A database failure; details are logged, never shown to users.
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// Anything else unexpected (a failed background task, a broken invariant).
    #[error("internal error: {0}")]
    Internal(String),
}

impl CoreError {
    /// Whether trying again later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, CoreError::Unavailable(_) | CoreError::Db(_))
    }

    /// What a page, a merchant or a stored result may show of this error: its own bilingual
    /// message (refused input, WeChat's explained answers), a fixed text for the plain cases, and
    /// for database and internal failures only a reference to the log line that holds the
    /// details (they can name tables, hosts, files or keys).
    pub fn public_message(&self) -> Bi {
        match self {
            CoreError::Invalid(m)
            | CoreError::Conflict(m)
            | CoreError::Upstream(m)
            | CoreError::Unavailable(m) => m.clone(),
            CoreError::NotFound(what) => {
                Bi::new(format!("未找到：{what}"), format!("Not found: {what}"))
            }
            CoreError::InvalidCredentials => {
                Bi::new("用户名或密码错误", "Wrong username or password")
            }
            CoreError::Forbidden => Bi::new("没有权限", "Not allowed"),
            CoreError::Db(_) | CoreError::Internal(_) => reference_message(&log_reference(self)),
        }
    }

    /// The user-facing message of errors that have one.
    pub fn message(&self) -> Option<&Bi> {
        match self {
            CoreError::Invalid(m)
            | CoreError::Conflict(m)
            | CoreError::Upstream(m)
            | CoreError::Unavailable(m) => Some(m),
            _ => None,
        }
    }
}

/// Logs an unexpected failure under a short random reference and returns the reference, which is
/// all that may be shown or stored of it: operators find the details in the log by it.
pub fn log_reference(detail: impl std::fmt::Display) -> String {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    tracing::error!(reference = %reference, "internal error: {detail}");
    reference
}

/// What is shown (and stored) in place of an unexpected failure: its reference.
pub fn reference_message(reference: &str) -> Bi {
    Bi::new(
        format!("内部错误（参考编号 {reference}），详情已记录在服务器日志中"),
        format!("Internal error (reference {reference}); the details are in the server log"),
    )
}

impl From<sqlx::Error> for CoreError {
    fn from(e: sqlx::Error) -> Self {
        CoreError::Db(sea_orm::DbErr::Custom(e.to_string()))
    }
}

impl From<crate::secrets::SecretsError> for CoreError {
    fn from(e: crate::secrets::SecretsError) -> Self {
        CoreError::Internal(e.to_string())
    }
}

impl From<tokio::task::JoinError> for CoreError {
    fn from(e: tokio::task::JoinError) -> Self {
        CoreError::Internal(format!("background task failed: {e}"))
    }
}
