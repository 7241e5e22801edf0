//! Server functions answer every failure to decode their arguments with status 500 (Leptos'
//! fixed choice); for a caller that is bad input, not a server fault. This layer gives such
//! answers, already explained as `AppError::Invalid`, the status 422 the other validation errors
//! have.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use console_app::error::AppError;

/// An error answer is a small JSON document; anything larger is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Turns a server function's 500 whose body is `AppError::Invalid` into a 422.
pub async fn invalid_arguments(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api
        || res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if matches!(
        serde_json::from_slice::<AppError>(&bytes),
        Ok(AppError::Invalid(_))
    ) {
        parts.status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Response::from_parts(parts, Body::from(bytes))
}
