//! What WeChat calls: the authorization-event URL, the message URL, and the merchant's redirect
//! after authorizing.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use std::time::Duration;

use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use console_app::ssr::AppState;
use console_core::events::{self, MAX_BODY_BYTES, PushQuery, Rejection};
use console_core::{CoreError, authorization, messages, platforms};
use serde::Deserialize;
use wxopen::Secret;

use super::merchant::{self as merchant_page, Page};

/// The WeChat-facing routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/wechat/{appid}/events",
            post(receive_push).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route(
            "/wechat/{appid}/messages/{authorizer_appid}",
            post(receive_message).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route("/wechat/{appid}/authorized", get(authorized))
}

fn refused(r: &Rejection) -> Response {
    let status = match r {
        Rejection::UnknownComponent => StatusCode::NOT_FOUND,
        Rejection::Disabled => StatusCode::FORBIDDEN,
        Rejection::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Rejection::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        Rejection::MissingParams
        | Rejection::Crypto(_)
        | Rejection::BadXml(_)
        | Rejection::BadAuthorizer => StatusCode::BAD_REQUEST,
    };
    (status, r.reason()).into_response()
}

/// `POST /wechat/{component_appid}/events`: `success` as soon as the push is stored (WeChat
/// wants an answer within 5 seconds); processing happens in the worker.
async fn receive_push(
    State(state): State<AppState>,
    Path(appid): Path<String>,
    Query(q): Query<PushQuery>,
    body: Bytes,
) -> Response {
    match events::receive(&state.services, &appid, &q, &body).await {
        Ok(_) => (StatusCode::OK, "success").into_response(),
        Err(r) => refused(&r),
    }
}

/// `POST /wechat/{component_appid}/messages/{authorizer_appid}` (WeChat's `$APPID$`): messages
/// and events of authorizers, answered within WeChat's 5 seconds with the release test's reply,
/// the tenant's webhook reply, or `success`.
async fn receive_message(
    State(state): State<AppState>,
    Path((appid, authorizer_appid)): Path<(String, String)>,
    Query(q): Query<PushQuery>,
    body: Bytes,
) -> Response {
    match messages::receive(&state.services, &appid, &authorizer_appid, &q, &body).await {
        Ok(answer) => {
            let content_type = match answer {
                messages::Answer::Reply(_) => "application/xml; charset=utf-8",
                _ => "text/plain; charset=utf-8",
            };
            (
                StatusCode::OK,
                [(axum::http::header::CONTENT_TYPE, content_type)],
                answer.body().to_string(),
            )
                .into_response()
        }
        Err(r) => refused(&r),
    }
}

#[derive(Deserialize)]
struct AuthorizedQuery {
    auth_code: Option<String>,
}

/// `GET /wechat/{component_appid}/authorized?auth_code=...&expires_in=...`: where WeChat sends the
/// merchant after authorizing. Exchanges the code (once, whichever of this page and the
/// `authorized` event comes first) and tells the merchant, in Chinese, how it went.
///
/// Anyone can call it, and a code costs a claim row and a WeChat call: requests are limited per
/// client address, and a value that cannot be a WeChat code is refused before the database.
/// It marks no link attempt: only the `authorized` push says which pre_auth_code (so which
/// press of which link) a code came from (issue 11, finding 9).
async fn authorized(
    State(state): State<AppState>,
    Path(appid): Path<String>,
    Query(q): Query<AuthorizedQuery>,
    parts: Parts,
) -> Response {
    if let Err(wait) = state
        .access
        .redirects
        .check(state.access.client_addr.client_ip(&parts))
    {
        return too_many_requests(wait);
    }
    let Some(code) = q
        .auth_code
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
    else {
        return merchant_page::render(
            StatusCode::BAD_REQUEST,
            Page::error(
                "链接缺少授权码",
                "The link has no authorization code.",
                "请重新打开服务商提供的授权链接并完成授权。",
            ),
        );
    };
    if !authorization::plausible_code(&code) {
        return merchant_page::render(
            StatusCode::BAD_REQUEST,
            Page::error_bi(
                "授权码无效",
                "The authorization code is invalid.",
                "此链接中的授权码格式不正确。请重新打开服务商提供的授权链接并完成授权。",
                "The code in this address is malformed. Open the link from your service provider again and authorize.",
            ),
        );
    }
    let svc = &state.services;
    let component = match platforms::by_appid(svc, &appid).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            return merchant_page::render(
                StatusCode::NOT_FOUND,
                Page::error(
                    "未找到该第三方平台",
                    "This platform is not known to this console.",
                    "请确认授权链接来自服务商，或联系为您提供服务的服务商。",
                ),
            );
        }
        Err(e) => return internal(e),
    };
    let code = Secret::new(code);
    let mut result = authorization::exchange_code(svc, &component, &code).await;
    if matches!(&result, Err(e) if e.is_retryable()) {
        result = authorization::exchange_code(svc, &component, &code).await;
    }
    match result {
        Ok(ex) => merchant_page::render(
            StatusCode::OK,
            Page::success(&component.name, &ex.authorizer),
        ),
        Err(e) => match e.message() {
            Some(m) => merchant_page::render(
                StatusCode::BAD_REQUEST,
                Page::error(
                    "授权未能完成",
                    "The authorization could not be completed.",
                    &format!(
                        "{}（{}）请重新打开服务商提供的授权链接再试一次。",
                        m.zh, m.en
                    ),
                ),
            ),
            None => internal(e),
        },
    }
}

/// 429 with `Retry-After` and a page saying when to try again.
fn too_many_requests(wait: Duration) -> Response {
    let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    let mut res = merchant_page::render(
        StatusCode::TOO_MANY_REQUESTS,
        Page::error_bi(
            "请求过于频繁",
            "Too many requests",
            &format!("来自您网络的请求过多，请在 {secs} 秒后刷新本页面。"),
            &format!(
                "Too many requests came from your network; reload this page in {secs} seconds."
            ),
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

fn internal(e: CoreError) -> Response {
    tracing::error!("authorization redirect: {e}");
    merchant_page::render(
        StatusCode::INTERNAL_SERVER_ERROR,
        Page::error(
            "服务暂时不可用",
            "The service is temporarily unavailable.",
            "请稍后刷新本页面；如仍无法完成，请联系为您提供服务的服务商。",
        ),
    )
}
