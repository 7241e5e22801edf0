//! The merchant-facing pages of `mp.weixin.qq.com` and `open.weixin.qq.com`.

mod assets;
mod authorize;
mod html;
mod oauth;
mod register;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub(crate) use authorize::confirm;
pub(crate) use register::decide;

use crate::Sandbox;

/// The `Referer` header, if any.
pub(crate) fn referer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
}

/// WeChat's in-app browser announces itself with `MicroMessenger` in its user agent.
pub(crate) fn in_wechat(headers: &HeaderMap) -> bool {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ua| ua.contains("MicroMessenger"))
}

/// A `302 Found` to `url`.
pub(crate) fn found(url: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, url.to_owned())]).into_response()
}

/// Every page route.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            "/cgi-bin/componentloginpage",
            get(authorize::pc_page).post(authorize::pc_submit),
        )
        .route(
            "/wxaopen/safe/bindcomponent",
            get(authorize::h5_page).post(authorize::h5_submit),
        )
        .route(
            "/safe/bindcomponent",
            get(authorize::h5_page).post(authorize::h5_submit),
        )
        .route(
            "/cgi-bin/fastregister/authorize",
            get(register::task_page).post(register::task_submit),
        )
        .route(
            "/cgi-bin/fastregisterauth",
            get(register::reuse_page).post(register::reuse_submit),
        )
        .route(
            "/connect/oauth2/authorize",
            get(oauth::oauth_page).post(oauth::oauth_submit),
        )
        .route("/_sandbox/avatars/{file}", get(assets::avatar))
        .route("/_sandbox/qrcodes/{file}", get(assets::qrcode))
}
