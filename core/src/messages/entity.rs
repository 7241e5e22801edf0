//! `messages`: every message or event of an authorizer received on the message URL, stored once;
//! the row is also its job (forwarding to the tenant's webhook, or the release test's answer
//! through the API).

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::MessageId,
    pub tenant_id: crate::TenantId,
    pub component_id: crate::PlatformId,
    pub authorizer_appid: String,
    /// SHA-256 of the platform, the authorizer and `MsgId` (or sender, `CreateTime` and event):
    /// WeChat's retries of one message are one row (reference B22).
    #[sea_orm(unique)]
    pub dedupe_key: String,
    pub msg_type: String,
    pub event: Option<String>,
    /// The user's openid (`FromUserName`).
    pub from_user: String,
    /// WeChat's `CreateTime`, Unix ms.
    pub create_time: i64,
    pub received_at: i64,
    /// The decrypted XML, sealed.
    pub payload_enc: String,
    /// The passive reply's XML (before encryption), sealed: a retry of the message gets the same.
    pub reply_enc: Option<String>,
    /// Which case of WeChat's release test this message was, if any.
    pub release_test: Option<String>,
    /// `none`, `forward` (to the webhook) or `release_test` (the API answer).
    pub job: String,
    /// `none` (no job), `pending`, `processing`, `done` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<i64>,
    pub locked_by: Option<String>,
    pub locked_until: Option<i64>,
    /// The webhook's HTTP status on the last attempt.
    pub http_status: Option<i32>,
    /// What went wrong on the last attempt, in both languages (JSON).
    pub last_error: Option<String>,
    pub last_attempt_at: Option<i64>,
    pub done_at: Option<i64>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message")
            .field("id", &self.id)
            .field("msg_type", &self.msg_type)
            .field("job", &self.job)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
