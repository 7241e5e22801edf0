//! What the server and the browser both speak, in one definition: typed ids (a `TenantId` is
//! never passed where a `UserId` goes), the roles with their permission table, the statuses the
//! console stores and shows, and bilingual text. Browser-safe: nothing here needs the server; the
//! `sea-orm` feature maps the types to database columns for `console-core`.
//!
//! Glossary (one word per concept, in code, UI and docs): a **platform** is a WeChat
//! third-party platform (WeChat calls it a *component*); an **authorizer** is an official account
//! or mini program that authorized a platform; a **link** is an authorization link (a page on the
//! console); a **task** is a fast-registration attempt.

mod api_key;
mod ids;
mod link;
mod page;
mod role;
mod status;
mod task;
mod text;

pub use api_key::{ApiKeyView, KeyPlatform};
pub use ids::{
    AlertChannelId, ApiKeyId, AuthorizerId, EventId, IncidentId, InvitationId, LinkId, MessageId,
    PlatformId, SyncJobId, TaskId, TenantId, UserId,
};
pub use link::{AccountTypes, LinkTarget};
pub use page::{ListPage, PageInfo};
pub use role::{Permission, Role};
pub use status::{
    AccountKind, AlertKind, ApiScope, AuditAction, AuthorizerStatus, ChannelKind, DeliveryEvent,
    DeliveryState, EventStatus, TaskKind, TaskState, TaskStep, UnknownValue, VerifyState,
};
pub use task::TaskForm;
pub use text::{Bi, Locale, Text};
