//! `GET /healthz`: 200 when the database answers, 503 otherwise. `GET /readyz`: 200 when the
//! database answers and every migration of this build is applied (for an orchestrator that sends
//! traffic only to ready instances, and a rolling upgrade that waits for the migration).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use console_app::ssr::AppState;
use serde_json::{Value, json};

/// Liveness and readiness in one: this server is useless without its database.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if state.db.ping().await {
        (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": "ok"})),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": "unreachable"})),
        )
    }
}

/// Ready for traffic: the database answers and has every migration of this build.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if !state.db.ping().await {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": "unreachable"})),
        );
    }
    match state.db.pending_migrations().await {
        Ok(0) => (
            StatusCode::OK,
            Json(json!({"status": "ready", "database": "ok", "migrations": "applied"})),
        ),
        Ok(n) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": "ok", "pending_migrations": n})),
        ),
        Err(e) => {
            tracing::warn!("reading the applied migrations failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": "unreadable"})),
            )
        }
    }
}
