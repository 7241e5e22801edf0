//! The platform API (`/api/v1`): what a tenant's own services call with an API key instead of
//! holding refresh tokens: tokens, the WeChat API proxy, fast registration, web OAuth results.
//! JSON in and out, stable error codes ([`error`]), one rate limit per key ([`auth`]), and an
//! OpenAPI document generated from these handlers ([`openapi`]).

pub mod auth;
pub mod error;
pub mod oauth;
pub mod openapi;
pub mod proxy;
pub mod registrations;
pub mod tokens;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use console_app::ssr::AppState;
use console_core::Services;

pub use auth::{ApiLimits, ApiState, KeyLimiter};

/// Every `/api/v1` route, with its own state.
pub fn routes(services: Services, limits: ApiLimits) -> Router<AppState> {
    let state = ApiState {
        services,
        limiter: Arc::new(KeyLimiter::new(limits)),
    };
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/oauth/results/{ticket}", get(oauth::result))
        .route("/api/v1/platforms", get(tokens::list_platforms))
        .route(
            "/api/v1/platforms/{component_appid}/component-token",
            get(tokens::component_token),
        )
        .route(
            "/api/v1/platforms/{component_appid}/component-token/invalid",
            post(tokens::component_token_invalid),
        )
        .route(
            "/api/v1/platforms/{component_appid}/authorizers",
            get(tokens::list_authorizers),
        )
        .route(
            "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/access-token",
            get(tokens::authorizer_token),
        )
        .route(
            "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/access-token/invalid",
            post(tokens::authorizer_token_invalid),
        )
        .route(
            "/api/v1/platforms/{component_appid}/authorizers/{authorizer_appid}/jsapi-ticket",
            get(tokens::jsapi_ticket),
        )
        .route(
            "/api/v1/platforms/{component_appid}/registrations",
            post(registrations::start),
        )
        .route(
            "/api/v1/platforms/{component_appid}/registrations/{task_id}",
            get(registrations::show),
        )
        .route(
            "/api/v1/platforms/{component_appid}/registrations/{task_id}/rename",
            post(registrations::rename),
        )
        .route(
            "/api/v1/platforms/{component_appid}/registrations/{task_id}/verify",
            post(registrations::verify),
        )
        .route(
            "/api/v1/proxy/{component_appid}/{authorizer_appid}/{*wechat_path}",
            get(proxy::forward)
                .post(proxy::forward)
                .layer(DefaultBodyLimit::max(proxy::MAX_PROXY_BODY)),
        )
        .with_state(state)
}
