//! `GET /authorizers/{id}/media/{media_id}`: staff download a temporary media file of an
//! authorizer (seed 001) from its page. The file comes from WeChat's `cgi-bin/media/get` through
//! the platform API's proxy and streams on with WeChat's content type and file name, never held
//! whole in memory. Checked like a server function: a signed-in member with Operate, and the
//! authorizer in the member's tenant. A refusal or WeChat's error is a bilingual page, not JSON.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use console_app::error::AppError;
use console_app::ssr::{AppState, current_member};
use console_core::AuthorizerId;
use console_core::Locale;
use console_core::accounts::Permission;
use tower_sessions::Session;

use super::merchant::{Page, render};

/// The download route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/authorizers/{id}/media/{media_id}", get(download))
}

async fn download(
    State(state): State<AppState>,
    Path((id, media_id)): Path<(String, String)>,
    req: Request,
) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return refused(&AppError::Unauthorized);
    };
    let ctx = match current_member(&state, &session).await {
        Ok(ctx) => ctx,
        Err(e) => return refused(&e),
    };
    if !ctx.role.allows(Permission::Operate) {
        return refused(&AppError::Forbidden);
    }
    let Ok(id) = id.parse::<i64>().map(AuthorizerId) else {
        return refused(&AppError::NotFound);
    };
    let file =
        match console_core::business::media(&state.services, ctx.tenant_id, id, &media_id).await {
            Ok(f) => f,
            Err(e) => return refused(&AppError::from(e)),
        };
    let mut res = Response::new(Body::from_stream(file.body.into_stream()));
    let headers = res.headers_mut();
    let ct = file
        .content_type
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, ct);
    // Always a download: a file from WeChat is never rendered as one of the console's pages.
    let disposition = file
        .content_disposition
        .as_deref()
        .filter(|d| {
            d.trim_start()
                .to_ascii_lowercase()
                .starts_with("attachment")
        })
        .and_then(|d| HeaderValue::from_str(d).ok())
        .unwrap_or(HeaderValue::from_static("attachment"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    if let Some(len) = file.content_length {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// A refusal or a failure as a bilingual page.
fn refused(e: &AppError) -> Response {
    let status = match e {
        AppError::Unauthorized | AppError::NoTenant | AppError::TenantSuspended => {
            StatusCode::UNAUTHORIZED
        }
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        AppError::Upstream(_) => StatusCode::BAD_GATEWAY,
        AppError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    };
    let mut res = render(
        status,
        Page::error_bi(
            "无法下载素材",
            "The media file could not be downloaded",
            &e.message(Locale::Zh),
            &e.message(Locale::En),
        ),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.into_response()
}
