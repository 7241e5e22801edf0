//! `/api/v1/proxy/{component_appid}/{authorizer_appid}/{wechat path}`: any WeChat API call of an
//! authorizer, with its token injected. Small request bodies are kept (the call can be retried
//! after a refresh), large uploads and every download stream through.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, to_bytes};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use console_core::ApiScope;
use console_core::platform_api::{
    self, ProxyBody, ProxyRequest, WechatPath, proxy::MAX_RETRY_BODY,
};
use futures::StreamExt;

use super::auth::{ApiState, Caller};
use super::error::{ApiError, ApiResult};

/// The largest request body the proxy forwards (WeChat's own upload limits are lower).
pub const MAX_PROXY_BODY: usize = 32 * 1024 * 1024;

/// Forwards one WeChat call.
#[utoipa::path(method(get, post), path = "/api/v1/proxy/{component_appid}/{authorizer_appid}/{wechat_path}", tag = "proxy",
    params(("component_appid" = String, Path), ("authorizer_appid" = String, Path),
        ("wechat_path" = String, Path, description = "WeChat's API path, e.g. cgi-bin/message/custom/send (GET works too)")),
    request_body(content = String, description = "Passed to WeChat as it is (JSON, multipart upload)"),
    responses((status = 200, description = "WeChat's answer as it came (JSON or a file); header X-Wxopen-Retried: 1 when the call was repeated after a token refresh"),
        (status = 409, body = super::error::ErrorBody), (status = 413, body = super::error::ErrorBody),
        (status = 503, body = super::error::ErrorBody)),
    security(("api_key" = [])))]
pub async fn forward(
    State(state): State<ApiState>,
    caller: Caller,
    Path((component_appid, authorizer_appid, wechat_path)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    req: Request,
) -> ApiResult<Response> {
    let p = caller.require(ApiScope::Proxy)?;
    let c = p.platform(&state.services, &component_appid).await?;
    let path = WechatPath::parse(&wechat_path)?;
    let query = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let method = if req.method() == Method::GET {
        reqwest::Method::GET
    } else {
        reqwest::Method::POST
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if length.is_some_and(|l| l > MAX_PROXY_BODY as u64) {
        return Err(ApiError::too_large(MAX_PROXY_BODY));
    }
    // A body without a length is streamed only when the client says it sends one (chunked);
    // GET never carries one.
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    let body = if method == reqwest::Method::GET || (length.is_none() && !chunked) {
        ProxyBody::Empty
    } else {
        request_body(req.into_body(), length).await?
    };
    let answer = platform_api::forward(
        &state.services,
        &c,
        &authorizer_appid,
        ProxyRequest {
            method,
            path,
            query,
            content_type,
            body,
        },
    )
    .await?
    .map_err(ApiError::token)?;
    let mut res = Response::new(Body::from_stream(answer.body.into_stream()));
    *res.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let headers = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, answer.content_type),
        (header::CONTENT_DISPOSITION, answer.content_disposition),
        (
            header::CONTENT_LENGTH,
            answer.content_length.map(|l| l.to_string()),
        ),
    ] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, v);
        }
    }
    if answer.retried {
        headers.insert("x-wxopen-retried", HeaderValue::from_static("1"));
    }
    Ok(res.into_response())
}

/// The request body: kept whole when small enough to send twice, else streamed (and cut off
/// above [`MAX_PROXY_BODY`]).
async fn request_body(body: Body, length: Option<u64>) -> ApiResult<ProxyBody> {
    match length {
        Some(0) => Ok(ProxyBody::Empty),
        Some(l) if l <= MAX_RETRY_BODY as u64 => {
            let bytes = to_bytes(body, MAX_RETRY_BODY)
                .await
                .map_err(|_| ApiError::too_large(MAX_RETRY_BODY))?;
            Ok(if bytes.is_empty() {
                ProxyBody::Empty
            } else {
                ProxyBody::Buffered(bytes)
            })
        }
        _ => {
            let seen = Arc::new(AtomicUsize::new(0));
            let stream = body.into_data_stream().map(move |chunk| {
                let chunk = chunk.map_err(std::io::Error::other)?;
                if seen.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len() > MAX_PROXY_BODY {
                    return Err(std::io::Error::other(
                        "request body above the proxy's limit",
                    ));
                }
                Ok::<_, std::io::Error>(chunk)
            });
            Ok(ProxyBody::Streaming {
                body: reqwest::Body::wrap_stream(stream),
                length,
            })
        }
    }
}
