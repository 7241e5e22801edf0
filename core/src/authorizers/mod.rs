//! Authorizers: the official accounts and mini programs that authorized a tenant's platforms,
//! their permission sets, refresh tokens (sealed), status, and the list the console shows.

pub mod entity;
mod query;
pub mod store;
mod sync;
mod web_oauth;

pub(crate) use query::model;
pub use query::{
    AuthorizerDetail, AuthorizerFilter, AuthorizerRow, Permission, get, list, recent_events,
};
pub(crate) use sync::fetch_info as fetch_info_pub;
pub use sync::{SyncJobView, start_sync_all, sync_job, sync_one};
pub use web_oauth::{WEB_SERVICE_SET, web_oauth};

pub use crate::{AccountKind, AuthorizerStatus};
