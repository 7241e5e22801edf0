//! The control API under `/_sandbox/` (JSON), for tests and the demo: create components and
//! accounts, act as administrators and legal persons, send messages, inject faults, read counts.

mod accounts;
mod authorizations;
mod components;
mod messages;
mod misc;
mod registrations;
mod release;

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use crate::Sandbox;

/// A control API error: an HTTP status and `{"error": "..."}`; where WeChat's own (Chinese)
/// words are the error, `"error_en"` carries an English line.
#[derive(Debug)]
pub(crate) struct CtlErr {
    status: StatusCode,
    error: String,
    error_en: Option<String>,
}

impl CtlErr {
    fn new(status: StatusCode, msg: impl Into<String>) -> Self {
        CtlErr {
            status,
            error: msg.into(),
            error_en: None,
        }
    }
    pub fn bad(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, msg)
    }
    pub fn not_found(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, msg)
    }
    pub fn conflict(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, msg)
    }
    /// 409 with WeChat's Chinese text and an English line.
    pub fn refused(zh: impl Into<String>, en: impl Into<String>) -> Self {
        CtlErr {
            status: StatusCode::CONFLICT,
            error: zh.into(),
            error_en: Some(en.into()),
        }
    }
}

impl IntoResponse for CtlErr {
    fn into_response(self) -> Response {
        let body = match self.error_en {
            Some(en) => json!({"error": self.error, "error_en": en}),
            None => json!({"error": self.error}),
        };
        (self.status, Json(body)).into_response()
    }
}

/// A JSON body that answers 400 with the serde message when it does not parse.
pub(crate) struct Body<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = CtlErr;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| CtlErr::bad(e.to_string()))?;
        let text = if bytes.iter().all(u8::is_ascii_whitespace) {
            &b"{}"[..]
        } else {
            &bytes[..]
        };
        serde_json::from_slice(text)
            .map(Body)
            .map_err(|e| CtlErr::bad(format!("invalid JSON body: {e}")))
    }
}

pub(crate) type CtlResult = Result<Response, CtlErr>;

/// `Json(value)` as a response.
pub(crate) fn reply(value: impl serde::Serialize) -> CtlResult {
    Ok(Json(value).into_response())
}

/// Every control route.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/_sandbox", get(misc::index))
        .route("/_sandbox/", get(misc::index))
        .route(
            "/_sandbox/components",
            get(components::list).post(components::create),
        )
        .route(
            "/_sandbox/components/{appid}",
            get(components::show).patch(components::patch),
        )
        .route(
            "/_sandbox/components/{appid}/push_ticket",
            post(components::push_ticket),
        )
        .route(
            "/_sandbox/components/{appid}/stop_tickets",
            post(components::stop_tickets),
        )
        .route(
            "/_sandbox/accounts",
            get(accounts::list).post(accounts::create),
        )
        .route("/_sandbox/accounts/{appid}", get(accounts::show))
        .route("/_sandbox/authorizations", get(authorizations::list))
        .route(
            "/_sandbox/authorizations/pending",
            get(authorizations::pending),
        )
        .route(
            "/_sandbox/authorizations/confirm",
            post(authorizations::confirm),
        )
        .route(
            "/_sandbox/authorizations/revoke",
            post(authorizations::revoke),
        )
        .route("/_sandbox/registrations", get(registrations::list))
        .route(
            "/_sandbox/registrations/{id}/confirm",
            post(registrations::confirm),
        )
        .route(
            "/_sandbox/registrations/{id}/reject",
            post(registrations::reject),
        )
        .route(
            "/_sandbox/registrations/{id}/fail_bare",
            post(registrations::fail_bare),
        )
        .route("/_sandbox/messages", post(messages::send))
        .route("/_sandbox/custom_messages", get(messages::custom_messages))
        .route("/_sandbox/release_test", post(release::run))
        .route(
            "/_sandbox/faults",
            get(misc::faults)
                .post(misc::add_fault)
                .delete(misc::clear_faults),
        )
        .route(
            "/_sandbox/calls",
            get(misc::calls).delete(misc::clear_calls),
        )
        .route("/_sandbox/quotas", post(misc::set_quota))
        .route("/_sandbox/clock", get(misc::clock).post(misc::set_clock))
        .route("/_sandbox/pushes", get(misc::pushes))
        .route("/_sandbox/pushes/lose_answers", post(misc::lose_answers))
        .route("/_sandbox/pushes/drop", post(misc::drop_pushes))
        .route("/_sandbox/reset", post(misc::reset))
}
