//! Who is calling: the API key of `Authorization: Bearer …`, then its per-key rate limit. Keys are
//! checked on every request (revoking one takes effect at the next request, on every instance).

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use console_core::api_keys::{self, ApiPrincipal, KeyRefusal};
use console_core::{ApiKeyId, ApiScope, Services};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::error::ApiError;

/// Requests per key: a sustained rate and a burst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::Args)]
pub struct ApiLimits {
    /// Requests per second per API key, sustained (`/api/v1`).
    #[arg(long = "api-rate", env = "WXOPEN_API_RATE", default_value_t = 200)]
    pub per_second: u32,
    /// Requests per API key allowed at once above that rate.
    #[arg(long = "api-burst", env = "WXOPEN_API_BURST", default_value_t = 1000)]
    pub burst: u32,
}

impl Default for ApiLimits {
    fn default() -> Self {
        Self {
            per_second: 200,
            burst: 1000,
        }
    }
}

/// The per-key limiter.
pub struct KeyLimiter {
    limiter: DefaultKeyedRateLimiter<ApiKeyId>,
    requests: AtomicU64,
}

impl KeyLimiter {
    pub fn new(limits: ApiLimits) -> Self {
        let rate = NonZeroU32::new(limits.per_second).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(limits.burst.max(limits.per_second)).unwrap_or(rate);
        Self {
            limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
            requests: AtomicU64::new(0),
        }
    }

    /// Whether `key` may make a request now; else how long to wait.
    fn check(&self, key: ApiKeyId) -> Result<(), Duration> {
        // Forget idle keys now and then: memory stays bounded by the keys in use.
        if self.requests.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&key).map_err(|not_until| {
            use governor::clock::Clock;
            not_until.wait_time_from(self.limiter.clock().now())
        })
    }
}

/// The API's state.
#[derive(Clone)]
pub struct ApiState {
    pub services: Services,
    pub limiter: Arc<KeyLimiter>,
}

/// An authenticated caller within its rate limit.
pub struct Caller(pub ApiPrincipal);

impl Caller {
    /// The caller, if its key has `scope`.
    pub fn require(&self, scope: ApiScope) -> Result<&ApiPrincipal, ApiError> {
        if self.0.has(scope) {
            Ok(&self.0)
        } else {
            Err(ApiError::missing_scope(scope))
        }
    }
}

/// The credential of `Authorization: Bearer <credential>` (the scheme in any case), also the
/// `/metrics` token's.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(key.trim())
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let key = bearer(&parts.headers).ok_or(ApiError::key(KeyRefusal::Unauthenticated))?;
        let principal = api_keys::authenticate(&state.services, key)
            .await?
            .map_err(ApiError::key)?;
        state
            .limiter
            .check(principal.key_id)
            .map_err(ApiError::rate_limited)?;
        Ok(Caller(principal))
    }
}
