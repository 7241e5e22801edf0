//! One error type for the domain; the web layer turns it into a response.

use crate::message::BiMsg;

/// Result of a domain operation.
pub type CoreResult<T> = Result<T, CoreError>;

/// What can go wrong in a domain operation.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The input was rejected; the message says why, in both languages.
    #[error("invalid input: {0}")]
    Invalid(BiMsg),
    /// The thing already exists (unique name, duplicate membership, ...).
    #[error("conflict: {0}")]
    Conflict(BiMsg),
    /// The thing does not exist, or is not visible to the caller's tenant.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// Username or password wrong; deliberately says nothing about which.
    #[error("wrong username or password")]
    InvalidCredentials,
    /// The caller's role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// A database failure; details are logged, never shown to users.
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// Anything else unexpected (a failed background task, a broken invariant).
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for CoreError {
    fn from(e: sqlx::Error) -> Self {
        CoreError::Db(sea_orm::DbErr::Custom(e.to_string()))
    }
}

impl From<tokio::task::JoinError> for CoreError {
    fn from(e: tokio::task::JoinError) -> Self {
        CoreError::Internal(format!("background task failed: {e}"))
    }
}
