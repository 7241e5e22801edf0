//! `registration_tasks` (one row per fast-registration attempt) and `task_steps` (its timeline).

/// A fast-registration task.
pub mod task {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "registration_tasks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::TaskId,
        pub tenant_id: crate::TenantId,
        pub component_id: crate::PlatformId,
        pub kind: crate::TaskKind,
        pub state: crate::TaskState,
        /// WeChat's latest task or notification status.
        pub wechat_status: Option<i64>,
        /// The enterprise's or trial mini program's name; the official account's for a reuse.
        pub name: Option<String>,
        /// SHA-256 of the flow and its subject (credit code, WeChat ID, openid or official
        /// account): a second running task for the same subject is refused (WeChat's 89249).
        pub subject_hash: Option<String>,
        /// The subject as staff may see it (personal data masked).
        pub subject_masked: Option<String>,
        /// The inputs as JSON (phone numbers, WeChat IDs, openids), sealed.
        pub inputs_enc: String,
        /// `taskid` of the enterprise and personal flows.
        pub taskid: Option<String>,
        /// `unique_id` of the trial flow.
        pub unique_id: Option<String>,
        /// WeChat's page to confirm on (24 hours); empty for a reuse, whose page is the console's.
        pub authorize_url: Option<String>,
        /// The official account whose qualification a reuse copies.
        pub oa_authorizer_id: Option<crate::AuthorizerId>,
        /// SHA-256 of the token of a reuse's console page.
        pub page_token_hash: Option<String>,
        /// The ticket WeChat sent back for a reuse, sealed, while `account/fastregister` is due.
        pub ticket_enc: Option<String>,
        pub attempts: i32,
        /// When a reuse's `account/fastregister` is tried again (WeChat wants 5 s between tries).
        pub next_attempt_at: Option<i64>,
        /// 24 hours after the start (or after a verification was asked for).
        pub deadline_at: i64,
        /// The new mini program's appid.
        pub result_appid: Option<String>,
        pub authorizer_id: Option<crate::AuthorizerId>,
        /// A trial mini program's verification.
        pub beta_step: Option<crate::VerifyState>,
        /// Why it failed, in both languages (JSON).
        pub error: Option<String>,
        pub created_by: Option<crate::UserId>,
        pub created_at: i64,
        pub updated_at: i64,
        pub finished_at: Option<i64>,
        /// When the poller last asked WeChat (`action=query`).
        pub polled_at: Option<i64>,
    }

    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Task")
                .field("id", &self.id)
                .field("kind", &self.kind)
                .field("state", &self.state)
                .field("wechat_status", &self.wechat_status)
                .field("result_appid", &self.result_appid)
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One entry of a task's timeline.
pub mod step {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "task_steps")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub task_id: crate::TaskId,
        pub at: i64,
        pub step: crate::TaskStep,
        pub wechat_status: Option<i64>,
        /// What happened, in both languages (JSON).
        pub note: String,
        /// The push that caused it (its raw XML is kept in `events`).
        pub event_id: Option<crate::EventId>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
