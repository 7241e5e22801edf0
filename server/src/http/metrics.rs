//! `GET /metrics`: Prometheus text, off unless `WXOPEN_METRICS_TOKEN` is set, and then only for
//! `Authorization: Bearer <that token>` (the figures say how busy each platform is). The recorder
//! is installed once per process; gauges are read from the database at each scrape; HTTP latency
//! is recorded per matched route (never per path: bounded labels).

use std::sync::OnceLock;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use console_app::ssr::AppState;
use console_core::Services;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use subtle::ConstantTimeEq;

/// The name of the environment variable that turns `/metrics` on.
pub const TOKEN_ENV: &str = "WXOPEN_METRICS_TOKEN";

/// Latency buckets, seconds: from a cached token (sub-millisecond) to a slow WeChat call.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// This process's recorder (installed at the first call).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics stays empty");
        }
        handle
    })
}

/// Records each request's latency by method, matched route and status class.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = match res.status().as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    metrics::histogram!(
        "wxopen_http_request_duration_seconds",
        "method" => method, "route" => route, "status" => status
    )
    .record(started.elapsed().as_secs_f64());
    res
}

/// Whether `headers` carry `Authorization: Bearer <token>` (compared in constant time).
fn authorized(headers: &HeaderMap, token: &str) -> bool {
    super::api::auth::bearer(headers)
        .is_some_and(|given| bool::from(given.as_bytes().ct_eq(token.as_bytes())))
}

/// What `/metrics` needs: the services (for the gauges) and the token, if it is on.
#[derive(Clone)]
struct MetricsState {
    services: Services,
    token: Option<std::sync::Arc<str>>,
}

/// The `/metrics` route.
pub fn routes(services: Services, token: Option<String>) -> Router<AppState> {
    if token.is_some() {
        handle();
    }
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(MetricsState {
            services,
            token: token.map(Into::into),
        })
}

/// `GET /metrics`.
async fn scrape(State(state): State<MetricsState>, headers: HeaderMap) -> Response {
    let Some(token) = state.token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !authorized(&headers, token) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics need Authorization: Bearer <WXOPEN_METRICS_TOKEN>",
        )
            .into_response();
    }
    if let Err(e) = console_core::metrics::update_gauges(&state.services).await {
        tracing::warn!("reading the metrics gauges failed: {e}");
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle().render(),
    )
        .into_response()
}
