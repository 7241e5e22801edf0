//! The platform API's one error type: every refusal is JSON with a stable `code` (what client code
//! branches on), a message in Chinese and English (what a developer reads), the field it is about
//! if any, and `Retry-After` where waiting helps.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use console_core::api_keys::{KeyRefusal, refusal_message};
use console_core::error::{log_reference, reference_message};
use console_core::platform_api::TokenRefusal;
use console_core::{ApiScope, Bi, CoreError};
use serde::Serialize;
use utoipa::ToSchema;

/// A message in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable: `unauthenticated`, `tenant_suspended`, `missing_scope`, `not_found`,
    /// `invalid_input`, `conflict`, `needs_reauthorization`, `rate_limited`, `upstream_error`,
    /// `upstream_unavailable`, `database_unavailable`, `payload_too_large`, `internal`.
    pub code: &'static str,
    pub message: Message,
    /// The input field the error is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A refused API request.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: Bi,
    retry_after: Option<Duration>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: Bi) -> Self {
        Self {
            status,
            code,
            message,
            retry_after: None,
        }
    }

    fn retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    /// A key that is missing, malformed, unknown, revoked, or of a suspended tenant.
    pub fn key(r: KeyRefusal) -> Self {
        match r {
            KeyRefusal::Unauthenticated => Self::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                refusal_message(r),
            ),
            KeyRefusal::TenantSuspended => Self::new(
                StatusCode::FORBIDDEN,
                "tenant_suspended",
                refusal_message(r),
            ),
        }
    }

    /// The key lacks `scope`.
    pub fn missing_scope(scope: ApiScope) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "missing_scope",
            Bi::new(
                format!(
                    "此 API 密钥没有 {scope} 权限范围：请在“设置 → API 密钥”中创建带该范围的密钥"
                ),
                format!(
                    "This API key lacks the {scope} scope: create a key with it under Settings → API keys"
                ),
            ),
        )
    }

    /// Too many requests with this key.
    pub fn rate_limited(wait: Duration) -> Self {
        let secs = wait.as_secs().max(1);
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            Bi::new(
                format!("此 API 密钥的请求过于频繁，请 {secs} 秒后重试"),
                format!("Too many requests with this API key; try again in {secs} s"),
            ),
        )
        .retry_after(Duration::from_secs(secs))
    }

    /// A request body above the proxy's limit.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            Bi::new(
                format!("请求体超过 {} MiB 上限", limit / (1024 * 1024)),
                format!(
                    "The request body exceeds the {} MiB limit",
                    limit / (1024 * 1024)
                ),
            ),
        )
    }

    /// Why an authorizer's token is not handed out.
    pub fn token(r: TokenRefusal) -> Self {
        match r {
            TokenRefusal::UnknownAuthorizer => CoreError::NotFound("authorizer").into(),
            TokenRefusal::NeedsReauthorization(status) => Self::new(
                StatusCode::CONFLICT,
                "needs_reauthorization",
                Bi::new(
                    format!(
                        "该账号的授权已失效（{status}）：只有商户重新授权才能恢复，请向商户发送授权链接"
                    ),
                    format!(
                        "This account's authorization is gone ({status}): only the merchant can restore it by authorizing again; send them an authorization link"
                    ),
                ),
            ),
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        let field = e.message().and_then(|m| m.field.clone());
        let mut out = match &e {
            CoreError::Invalid(m) => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", m.clone())
            }
            CoreError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m.clone()),
            CoreError::NotFound(_) => {
                Self::new(StatusCode::NOT_FOUND, "not_found", e.public_message())
            }
            CoreError::Forbidden | CoreError::InvalidCredentials => {
                Self::new(StatusCode::FORBIDDEN, "forbidden", e.public_message())
            }
            CoreError::Upstream(m) => {
                Self::new(StatusCode::BAD_GATEWAY, "upstream_error", m.clone())
            }
            CoreError::Unavailable(m) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "upstream_unavailable",
                m.clone(),
            )
            .retry_after(Duration::from_secs(5)),
            CoreError::Db(_) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                e.public_message(),
            )
            .retry_after(Duration::from_secs(5)),
            CoreError::Internal(_) => Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                reference_message(&log_reference(&e)),
            ),
        };
        if let Some(f) = field {
            out.message = out.message.on_field(f);
        }
        out
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            field: self.message.field.clone(),
            message: Message {
                zh: self.message.zh,
                en: self.message.en,
            },
        };
        let mut res = (self.status, Json(body)).into_response();
        if let Some(wait) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

/// A result of an API handler.
pub type ApiResult<T> = Result<T, ApiError>;
