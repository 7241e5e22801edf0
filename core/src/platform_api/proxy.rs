//! The WeChat API proxy: any call of an authorizer's, forwarded to WeChat's API host with the
//! authorizer's token injected (the caller never holds it). WeChat's answer goes back as it came:
//! JSON answers are read (at most [`MAX_JSON`]) to see WeChat's errcode, anything else (a media
//! file) streams through without being held in memory. On 40001/40014/42001 the token is expired
//! if it is still the stored one (compare-and-expire), refreshed, and the call sent once more,
//! when its body could be kept for that (bodies up to [`MAX_RETRY_BODY`]); a larger upload is
//! streamed once, and its caller retries after the refresh.

use bytes::Bytes;
use futures::StreamExt;
use reqwest::Method;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use wxopen::Secret;

use super::calls;
use super::path::WechatPath;
use super::tokens::{TokenRefusal, authorizer_token};
use crate::error::{CoreError, CoreResult};
use crate::message::Bi;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::tokens::{self, TokenKey};

/// The largest JSON answer read whole (WeChat's largest lists stay far below it).
pub const MAX_JSON: usize = 16 * 1024 * 1024;

/// Request bodies up to this size are kept, so that the call can be sent again after a refresh.
pub const MAX_RETRY_BODY: usize = 1024 * 1024;

/// A request body.
pub enum ProxyBody {
    Empty,
    /// Kept whole: the call can be retried.
    Buffered(Bytes),
    /// Streamed once (a large upload): `length` is sent as `Content-Length` when known.
    Streaming {
        body: reqwest::Body,
        length: Option<u64>,
    },
}

/// A call to forward.
pub struct ProxyRequest {
    /// GET or POST (WeChat's APIs use nothing else).
    pub method: Method,
    pub path: WechatPath,
    /// The caller's query parameters; an `access_token` among them is dropped (ours is used).
    pub query: Vec<(String, String)>,
    pub content_type: Option<String>,
    pub body: ProxyBody,
}

/// WeChat's answer body.
pub enum ProxyResponseBody {
    /// A JSON (or text) answer, read whole.
    Buffered(Bytes),
    /// Anything else, streamed as it arrives.
    Streaming(reqwest::Response),
}

impl ProxyResponseBody {
    /// The body as a stream of chunks, whichever form it has.
    pub fn into_stream(self) -> futures::stream::BoxStream<'static, Result<Bytes, std::io::Error>> {
        match self {
            ProxyResponseBody::Buffered(b) => futures::stream::once(async move { Ok(b) }).boxed(),
            ProxyResponseBody::Streaming(r) => r
                .bytes_stream()
                .map(|c| c.map_err(|e| std::io::Error::other(e.without_url())))
                .boxed(),
        }
    }
}

/// WeChat's answer.
pub struct ProxyResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub content_disposition: Option<String>,
    pub content_length: Option<u64>,
    /// WeChat's errcode when the answer was a JSON error (0 is not an error).
    pub errcode: Option<i64>,
    /// Whether the call was sent twice (the first token was refused).
    pub retried: bool,
    pub body: ProxyResponseBody,
}

/// Forwards `req` for authorizer `appid` of `platform` and counts it.
pub async fn forward(
    svc: &Services,
    platform: &component::Model,
    appid: &str,
    req: ProxyRequest,
) -> CoreResult<Result<ProxyResponse, TokenRefusal>> {
    if req.method != Method::GET && req.method != Method::POST {
        return Err(CoreError::Invalid(Bi::new(
            "微信接口只接受 GET 或 POST",
            "WeChat's APIs take only GET or POST",
        )));
    }
    let token = match authorizer_token(svc, platform, appid).await? {
        Ok(t) => t,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let retry_body = match &req.body {
        ProxyBody::Streaming { .. } => None,
        ProxyBody::Empty => Some(None),
        ProxyBody::Buffered(b) => Some(Some(b.clone())),
    };
    let ProxyRequest {
        method,
        path,
        query,
        content_type,
        body,
    } = req;
    let first = send(
        svc,
        &method,
        &path,
        &query,
        content_type.as_deref(),
        body,
        &token.token,
    )
    .await?;
    let first = read_answer(first).await?;
    let key = TokenKey::authorizer(platform.id, appid);
    let answer = match (first.errcode, retry_body) {
        (Some(40001 | 40014 | 42001), retry) => {
            tokens::expire_if_current(svc, &key, token.version).await?;
            match retry {
                Some(body) => {
                    let token = match authorizer_token(svc, platform, appid).await? {
                        Ok(t) => t,
                        Err(refusal) => return Ok(Err(refusal)),
                    };
                    let body = body.map_or(ProxyBody::Empty, ProxyBody::Buffered);
                    let again = send(
                        svc,
                        &method,
                        &path,
                        &query,
                        content_type.as_deref(),
                        body,
                        &token.token,
                    )
                    .await?;
                    let mut again = read_answer(again).await?;
                    again.retried = true;
                    again
                }
                None => first,
            }
        }
        _ => first,
    };
    if let Err(e) = calls::record(svc, platform.id, appid, path.as_str(), answer.errcode).await {
        // A lost count must not lose WeChat's answer.
        tracing::warn!("counting a proxied call failed: {e}");
    }
    Ok(Ok(answer))
}

/// Sends one attempt.
async fn send(
    svc: &Services,
    method: &Method,
    path: &WechatPath,
    query: &[(String, String)],
    content_type: Option<&str>,
    body: ProxyBody,
    token: &Secret,
) -> CoreResult<reqwest::Response> {
    let mut url = svc.endpoints.api.clone();
    url.set_path(&format!(
        "{}/{}",
        url.path().trim_end_matches('/'),
        path.as_str()
    ));
    {
        let mut pairs = url.query_pairs_mut();
        for (k, v) in query.iter().filter(|(k, _)| k != "access_token") {
            pairs.append_pair(k, v);
        }
        pairs.append_pair("access_token", token.expose());
    }
    let mut request = svc.proxy.request(method.clone(), url);
    if let Some(ct) = content_type {
        request = request.header(CONTENT_TYPE, ct);
    }
    request = match body {
        ProxyBody::Empty => request,
        ProxyBody::Buffered(b) => request.body(b),
        ProxyBody::Streaming { body, length } => {
            let request = match length {
                Some(len) => request.header(CONTENT_LENGTH, len),
                None => request,
            };
            request.body(body)
        }
    };
    request.send().await.map_err(|e| unreachable(path, &e))
}

/// WeChat could not be reached: the path and the kind of failure, never the URL (it carries the
/// token).
fn unreachable(path: &WechatPath, e: &reqwest::Error) -> CoreError {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else {
        "transport"
    };
    tracing::warn!(%path, kind, "proxied WeChat call failed");
    CoreError::Unavailable(Bi::new(
        format!("无法调用微信接口 {path}（{kind}），请稍后重试"),
        format!("Could not call WeChat {path} ({kind}); try again later"),
    ))
}

/// Reads a JSON answer whole (to see its errcode); leaves anything else streaming.
async fn read_answer(resp: reqwest::Response) -> CoreResult<ProxyResponse> {
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let status = resp.status().as_u16();
    let content_type = header(CONTENT_TYPE);
    let content_disposition = header(CONTENT_DISPOSITION);
    let content_length = resp.content_length();
    let textual = content_type
        .as_deref()
        .is_none_or(|ct| ct.contains("json") || ct.starts_with("text/"));
    if !textual || content_disposition.is_some() {
        return Ok(ProxyResponse {
            status,
            content_type,
            content_disposition,
            content_length,
            errcode: None,
            retried: false,
            body: ProxyResponseBody::Streaming(resp),
        });
    }
    let mut body = Vec::with_capacity(usize::try_from(content_length.unwrap_or(0)).unwrap_or(0));
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            let e = e.without_url();
            CoreError::Unavailable(Bi::new(
                format!("读取微信的应答失败：{e}"),
                format!("Reading WeChat's answer failed: {e}"),
            ))
        })?;
        if body.len() + chunk.len() > MAX_JSON {
            return Err(CoreError::Unavailable(Bi::new(
                "微信的应答超过 16 MiB，代理不转发",
                "WeChat's answer exceeds 16 MiB; the proxy does not forward it",
            )));
        }
        body.extend_from_slice(&chunk);
    }
    let errcode = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("errcode").and_then(serde_json::Value::as_i64));
    Ok(ProxyResponse {
        status,
        content_type,
        content_disposition,
        content_length: Some(body.len() as u64),
        errcode,
        retried: false,
        body: ProxyResponseBody::Buffered(Bytes::from(body)),
    })
}
