//! What WeChat calls: the authorization-event URL, the message URL, and the merchant's redirect
//! after authorizing.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
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
    /// The nonce of the link attempt the merchant started (only their browser has it).
    attempt: Option<String>,
}

/// `GET /wechat/{component_appid}/authorized?auth_code=...&expires_in=...`: where WeChat sends the
/// merchant after authorizing. Exchanges the code (once, whichever of this page and the
/// `authorized` event comes first) and tells the merchant, in Chinese, how it went.
async fn authorized(
    State(state): State<AppState>,
    Path(appid): Path<String>,
    Query(q): Query<AuthorizedQuery>,
) -> Response {
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
    let Some(code) = q.auth_code.filter(|c| !c.trim().is_empty()) else {
        return merchant_page::render(
            StatusCode::BAD_REQUEST,
            Page::error(
                "链接缺少授权码",
                "The link has no authorization code.",
                "请重新打开服务商提供的授权链接并完成授权。",
            ),
        );
    };
    let code = Secret::new(code.trim());
    let mut result = authorization::exchange_code(svc, &component, &code).await;
    if matches!(&result, Err(e) if e.is_retryable()) {
        result = authorization::exchange_code(svc, &component, &code).await;
    }
    match result {
        Ok(ex) => {
            if let Some(nonce) = q.attempt.as_deref().filter(|n| !n.is_empty())
                && let Err(e) = authorization::mark_attempt_by_return(
                    svc,
                    component.id,
                    nonce,
                    &ex.authorizer.appid,
                    ex.outcome(),
                )
                .await
            {
                tracing::warn!("marking the link attempt authorized failed: {e}");
            }
            merchant_page::render(
                StatusCode::OK,
                Page::success(&component.name, &ex.authorizer),
            )
        }
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
