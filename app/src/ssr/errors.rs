//! Domain errors become browser-facing errors here, with the matching HTTP status.

use console_core::CoreError;
use http::StatusCode;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::error::AppError;

/// Logs an unexpected failure under a short reference and returns the reference, which is all a
/// page or a merchant may see of it.
pub fn log_reference(detail: impl std::fmt::Display) -> String {
    console_core::error::log_reference(detail)
}

/// Logs an unexpected failure under a short reference and returns an error that shows only the
/// reference (no internals reach the browser).
pub fn internal(detail: impl std::fmt::Display) -> AppError {
    AppError::Internal {
        reference: log_reference(detail),
    }
}

/// Sets the HTTP status for `err` on the current server-function response (JSON callers; a plain
/// HTML form post keeps leptos' redirect back to the form) and returns it.
pub fn respond(err: AppError) -> AppError {
    let status = match &err {
        AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
        AppError::Forbidden | AppError::NoTenant | AppError::TenantSuspended => {
            StatusCode::FORBIDDEN
        }
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Upstream(_) => StatusCode::BAD_GATEWAY,
        AppError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal { .. } | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let plain_form_post = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false);
    if !plain_form_post && let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(status);
    }
    err
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        let err = match e {
            CoreError::Invalid(m) | CoreError::Conflict(m) => AppError::Invalid(m),
            CoreError::Upstream(m) | CoreError::Unavailable(m) => AppError::Upstream(m),
            CoreError::NotFound(_) => AppError::NotFound,
            CoreError::InvalidCredentials => AppError::InvalidCredentials,
            CoreError::Forbidden => AppError::Forbidden,
            CoreError::Db(e) => internal(format!("database: {e}")),
            CoreError::Internal(e) => internal(e),
        };
        respond(err)
    }
}
