//! The alert tables: `alert_channels`, `alert_incidents`, `alert_deliveries` and
//! `alert_refusal_windows` (migration 000012).

/// Where a tenant's alerts go. The URL is sealed (a robot's URL is its credential).
pub mod channel {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "alert_channels")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: console_types::AlertChannelId,
        pub tenant_id: crate::TenantId,
        pub kind: console_types::ChannelKind,
        pub name: String,
        /// The URL, sealed for `alert_channels.url:{id}`.
        pub url_enc: String,
        /// What pages show of the URL: its host and the last characters.
        pub url_masked: String,
        pub created_by: Option<crate::UserId>,
        pub created_at: i64,
        pub last_delivery_at: Option<i64>,
        pub last_delivery_ok: Option<bool>,
        /// Why the last delivery failed, bilingual (`Bi::to_stored`); never the URL.
        pub last_delivery_error: Option<String>,
    }

    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("AlertChannel")
                .field("id", &self.id)
                .field("kind", &self.kind)
                .field("url_masked", &self.url_masked)
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One incident: opened once, resolved once.
pub mod incident {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "alert_incidents")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: console_types::IncidentId,
        pub tenant_id: crate::TenantId,
        pub kind: console_types::AlertKind,
        /// `platform:{id}` or `task:{id}`.
        pub subject: String,
        /// `{tenant}:{kind}:{subject}` while open (unique), `NULL` once resolved.
        pub open_key: Option<String>,
        pub component_id: Option<crate::PlatformId>,
        pub task_id: Option<crate::TaskId>,
        /// The platform's or task's name when it opened.
        pub label: String,
        /// What was seen when it opened, bilingual (`Bi::to_stored`).
        pub detail: String,
        pub opened_at: i64,
        pub resolved_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One message to one channel.
pub mod delivery {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "alert_deliveries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub tenant_id: crate::TenantId,
        pub channel_id: console_types::AlertChannelId,
        /// `None` for a test message.
        pub incident_id: Option<console_types::IncidentId>,
        pub event: console_types::DeliveryEvent,
        pub state: console_types::DeliveryState,
        pub attempts: i32,
        pub next_attempt_at: Option<i64>,
        pub lease_owner: Option<String>,
        pub lease_until: Option<i64>,
        /// Why the last try failed, bilingual (`Bi::to_stored`).
        pub last_error: Option<String>,
        pub created_at: i64,
        pub sent_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The refused-push total of a platform when its current 10-minute window began.
pub mod refusal_window {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "alert_refusal_windows")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub component_id: crate::PlatformId,
        pub started_at: i64,
        pub total_at_start: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
