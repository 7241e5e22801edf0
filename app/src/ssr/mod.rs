//! Server-only glue between the server functions and console-core: shared state, the signed-in
//! caller, and turning domain errors into [`AppError`](crate::error::AppError)s.

mod auth;
mod errors;
mod state;

pub use auth::{AuthCtx, SESSION_TENANT, SESSION_USER, require, session, signed_in_user};
pub use errors::{internal, log_reference, respond};
pub use state::{AppState, PublicConfig};
