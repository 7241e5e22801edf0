//! Server-only glue between the server functions and console-core: shared state, the signed-in
//! caller, the sign-in gate, and turning domain errors into [`AppError`](crate::error::AppError)s.

mod access;
mod audit;
mod auth;
mod client;
mod errors;
mod login_gate;
mod state;
pub mod svg_chart;

pub use access::{AccessPolicy, DEFAULT_SESSION_LIFETIME};
pub use audit::{audit_as, audit_failed_sign_in};
pub use auth::{
    AdminCtx, AuthCtx, SESSION_EPOCH, SESSION_SIGNED_IN_AT, SESSION_TENANT, SESSION_USER,
    current_member, keep_session, require, require_platform_admin, session, session_user,
    signed_in_user, start_platform_admin_session, start_session,
};
pub use client::{ClientAddrSource, client_ip};
pub use errors::{internal, log_reference, respond};
pub use login_gate::{CheckSlot, FailureQuota, LoginGate, LoginLimits, Refusal};
pub use state::{AppState, PublicConfig};
pub use svg_chart::escape as escape_html;
