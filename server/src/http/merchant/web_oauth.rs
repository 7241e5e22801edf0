//! Web OAuth on behalf of an official account (issue 12, seed 000): the two public routes a
//! tenant's page sends its users through. `start` checks everything and sends the user to
//! WeChat; `callback` is where WeChat sends them back (the console's host, which must be the
//! platform's 公众号开发域名, reference B17). A refusal is a bilingual page, never a redirect to an
//! address that was not checked. The logic is `console_core::web_oauth`.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use console_app::ssr::AppState;
use console_core::web_oauth::{self, CallbackQuery, OAuthRefused, StartRequest};

use super::page::{Page, render};

/// The web OAuth routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/oauth/{component_appid}/{authorizer_appid}/start",
            get(start),
        )
        .route("/oauth/callback", get(callback))
}

/// A `302 Found` to an address the core checked (WeChat's page, or the allow-listed return).
fn found(url: &str) -> Response {
    match HeaderValue::from_str(url) {
        Ok(location) => {
            let mut res = StatusCode::FOUND.into_response();
            res.headers_mut().insert(header::LOCATION, location);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => refused(&OAuthRefused::Core(console_core::CoreError::Internal(
            format!("web OAuth redirect is not a header value: {e}"),
        ))),
    }
}

/// The page for a refusal, with the status that fits it.
fn refused(e: &OAuthRefused) -> Response {
    let status = match e {
        OAuthRefused::UnknownAccount => StatusCode::NOT_FOUND,
        OAuthRefused::BadScope | OAuthRefused::BadTenantState | OAuthRefused::StateInvalid => {
            StatusCode::BAD_REQUEST
        }
        OAuthRefused::ReturnNotAllowed | OAuthRefused::NotEligible(_) => StatusCode::FORBIDDEN,
        OAuthRefused::StateUsed | OAuthRefused::StateExpired => StatusCode::GONE,
        OAuthRefused::Core(e) => {
            let reference = console_app::ssr::log_reference(format!("web OAuth: {e}"));
            return render(
                StatusCode::SERVICE_UNAVAILABLE,
                Page::error_bi(
                    "服务暂时不可用",
                    "The service is temporarily unavailable",
                    &format!("请稍后再试（参考编号 {reference}）。"),
                    &format!("Try again in a moment (reference {reference})."),
                ),
            );
        }
    };
    let why = e.message();
    render(
        status,
        Page::error_bi(
            "无法完成微信授权",
            "WeChat sign-in cannot continue",
            &why.zh,
            &why.en,
        ),
    )
}

/// `GET /oauth/{component_appid}/{authorizer_appid}/start?scope=…&return_to=…[&state=…]`.
async fn start(
    State(state): State<AppState>,
    Path((component_appid, authorizer_appid)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let req = StartRequest {
        component_appid,
        authorizer_appid,
        scope: get("scope"),
        return_to: get("return_to"),
        state: q.get("state").cloned(),
    };
    match web_oauth::start(&state.services, &req).await {
        Ok(url) => found(&url),
        Err(e) => refused(&e),
    }
}

/// `GET /oauth/callback?code=…&state=…&appid=…` (no `code`: the user refused).
async fn callback(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let cb = CallbackQuery {
        code: q.get("code").cloned(),
        state: q.get("state").cloned(),
        appid: q.get("appid").cloned(),
    };
    match web_oauth::callback(&state.services, &cb).await {
        Ok(url) => found(&url),
        Err(e) => refused(&e),
    }
}
