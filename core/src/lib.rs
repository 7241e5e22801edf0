//! The domain of wxopen-console: tenants and staff, third-party platforms, authorizers, pushes and
//! the tokens that must never lapse. No HTTP server lives here; the server and the Leptos server
//! functions call these services.

pub mod accounts;
// Alerts (issue 14).
pub mod activity;
pub mod alerts;
pub mod api_keys;
pub mod audit;
pub mod authorization;
pub mod authorizers;
pub mod business;
pub mod clock;
pub mod db;
pub mod error;
pub mod events;
mod expiring;
pub mod message;
pub mod messages;
pub mod metrics;
pub mod overview;
mod page_token;
pub mod platform_api;
pub mod platforms;
mod queue;
pub mod quota;
pub mod registrations;
pub mod retention;
pub mod secrets;
pub mod services;
#[cfg(feature = "test-util")]
pub mod testing;
pub mod tokens;
pub mod web_oauth;

// Alerts (issue 14).
pub use clock::{Clock, ManualClock, SystemClock, format_time_cst};
pub use console_types::{
    AccountKind, AccountTypes, ApiKeyId, ApiKeyView, ApiScope, AuditAction, AuthorizerId,
    AuthorizerStatus, Bi, EventId, EventStatus, KeyPlatform, LinkId, LinkTarget, ListPage, Locale,
    MessageId, PageInfo, Permission, PlatformId, Role, SyncJobId, TaskForm, TaskId, TaskKind,
    TaskState, TaskStep, TenantId, Text, UserId, VerifyState,
};
pub use console_types::{
    AlertChannelId, AlertKind, ChannelKind, DeliveryEvent, DeliveryState, IncidentId,
};
pub use db::{Db, DbOptions, Pool};
pub use error::{CoreError, CoreResult};
pub use services::{Services, ServicesConfig};
