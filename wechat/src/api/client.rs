//! The HTTP client: one generic POST and one generic GET that every API method goes through.

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::{ApiError, Endpoint, WxError};
use crate::secret::Secret;

/// Base URLs of WeChat's hosts, configurable so that a simulator can stand in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The API host, `https://api.weixin.qq.com`.
    pub api: Url,
    /// The admin host of the PC authorization page, `https://mp.weixin.qq.com`.
    pub mp: Url,
    /// The host of the H5 authorization page and OAuth, `https://open.weixin.qq.com`.
    pub open: Url,
}

impl Endpoints {
    /// The real WeChat hosts.
    #[allow(clippy::expect_used, reason = "constant, well-formed URLs")]
    pub fn wechat() -> Self {
        let url = |s: &str| Url::parse(s).expect("constant URL");
        Self {
            api: url("https://api.weixin.qq.com"),
            mp: url("https://mp.weixin.qq.com"),
            open: url("https://open.weixin.qq.com"),
        }
    }

    /// Every host at one base URL (a simulator serving all three), e.g. `http://127.0.0.1:8080`.
    pub fn all_at(base: Url) -> Self {
        Self {
            api: base.clone(),
            mp: base.clone(),
            open: base,
        }
    }
}

impl Default for Endpoints {
    fn default() -> Self {
        Self::wechat()
    }
}

/// Joins a base URL (which may carry a path prefix) and an endpoint path with its fixed query.
fn join(base: &Url, path_and_query: &str) -> Result<Url, url::ParseError> {
    Url::parse(&format!(
        "{}{}",
        base.as_str().trim_end_matches('/'),
        path_and_query
    ))
}

/// The HTTP client could not be built (TLS backend initialisation).
#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client: {0}")]
pub struct ClientBuildError(String);

/// A typed client for the Open Platform APIs.
///
/// It holds no tokens and never retries: every method takes the token it needs and returns
/// WeChat's error as a typed [`ApiError`], so that the caller's token manager applies policy.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoints: Endpoints,
}

/// The `errcode`/`errmsg` every WeChat response may carry.
#[derive(serde::Deserialize)]
struct Status {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

impl Client {
    /// A client with rustls, the given overall timeout per call, and a connect timeout of at most
    /// 10 seconds.
    pub fn new(endpoints: Endpoints, timeout: Duration) -> Result<Self, ClientBuildError> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("wxopen/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientBuildError(e.to_string()))?;
        Ok(Self { http, endpoints })
    }

    /// A client on a caller-configured `reqwest::Client` (proxy, custom roots, …).
    pub fn with_http_client(http: reqwest::Client, endpoints: Endpoints) -> Self {
        Self { http, endpoints }
    }

    /// The hosts this client talks to.
    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    fn url(
        &self,
        endpoint: Endpoint,
        token: Option<&Secret>,
        params: &[(&str, &str)],
    ) -> Result<Url, ApiError> {
        let mut url =
            join(&self.endpoints.api, endpoint.path()).map_err(|e| ApiError::Transport {
                endpoint,
                message: format!("bad base URL: {e}"),
            })?;
        {
            let mut query = url.query_pairs_mut();
            for (name, value) in params {
                query.append_pair(name, value);
            }
            if let (Some(name), Some(token)) = (endpoint.token_param(), token) {
                query.append_pair(name, token.expose());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        Ok(url)
    }

    /// POSTs `body` as JSON to `endpoint`, with `token` in the endpoint's token parameter.
    pub(crate) async fn post_json<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        token: Option<&Secret>,
        body: &impl Serialize,
    ) -> Result<T, ApiError> {
        let url = self.url(endpoint, token, &[])?;
        let request = self.http.post(url).json(body);
        self.send(endpoint, request).await
    }

    /// POSTs to an endpoint whose success answer is only `{"errcode":0,"errmsg":"ok"}`.
    pub(crate) async fn post_unit(
        &self,
        endpoint: Endpoint,
        token: Option<&Secret>,
        body: &impl Serialize,
    ) -> Result<(), ApiError> {
        let Empty {} = self.post_json(endpoint, token, body).await?;
        Ok(())
    }

    /// GETs `endpoint` with `params` (and the token) in the query.
    pub(crate) async fn get_query<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        token: Option<&Secret>,
        params: &[(&str, &str)],
    ) -> Result<T, ApiError> {
        let url = self.url(endpoint, token, params)?;
        let request = self.http.get(url);
        self.send(endpoint, request).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ApiError> {
        #[cfg(feature = "metrics")]
        let started = std::time::Instant::now();
        let result = self.send_once(endpoint, request).await;
        #[cfg(feature = "metrics")]
        record_call(endpoint, &result, started.elapsed());
        result
    }

    async fn send_once<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ApiError> {
        let response = request.send().await.map_err(|e| transport(endpoint, e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(ApiError::Http {
                endpoint,
                status: status.as_u16(),
            });
        }
        let body = response.bytes().await.map_err(|e| transport(endpoint, e))?;
        decode(endpoint, &body)
    }
}

/// Counts one call by endpoint and outcome (WeChat's errcode, `0` for success, or `timeout`,
/// `http_<status>`, `transport`, `decode`) and times it. Labels stay bounded: the endpoint
/// catalogue and WeChat's errcodes, never an appid.
#[cfg(feature = "metrics")]
fn record_call<T>(endpoint: Endpoint, result: &Result<T, ApiError>, took: std::time::Duration) {
    let path = endpoint.path();
    let path = path.split('?').next().unwrap_or(path);
    let outcome = match result {
        Ok(_) => "0".to_string(),
        Err(ApiError::WeChat(w)) => w.errcode.to_string(),
        Err(ApiError::Timeout { .. }) => "timeout".into(),
        Err(ApiError::Http { status, .. }) => format!("http_{status}"),
        Err(ApiError::Decode { .. }) => "decode".into(),
        Err(_) => "transport".into(),
    };
    metrics::counter!("wxopen_wechat_calls_total", "endpoint" => path, "errcode" => outcome)
        .increment(1);
    metrics::histogram!("wxopen_wechat_call_duration_seconds", "endpoint" => path)
        .record(took.as_secs_f64());
}

/// Maps WeChat's JSON: a non-zero `errcode` is an error whatever else the body holds.
pub(crate) fn decode<T: DeserializeOwned>(endpoint: Endpoint, body: &[u8]) -> Result<T, ApiError> {
    let decode_error = |e: serde_json::Error| ApiError::Decode {
        endpoint,
        message: e.to_string(),
    };
    let status: Status = serde_json::from_slice(body).map_err(decode_error)?;
    if status.errcode != 0 {
        return Err(WxError::new(endpoint, status.errcode, status.errmsg).into());
    }
    serde_json::from_slice(body).map_err(decode_error)
}

/// Classifies a reqwest failure without its URL, which carries the access token.
fn transport(endpoint: Endpoint, error: reqwest::Error) -> ApiError {
    if error.is_timeout() {
        return ApiError::Timeout { endpoint };
    }
    let error = error.without_url();
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    ApiError::Transport { endpoint, message }
}

/// The empty success answer (`{"errcode":0,"errmsg":"ok"}`) of endpoints that return nothing.
#[derive(serde::Deserialize)]
struct Empty {}
