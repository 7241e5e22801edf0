//! `authorizers`, `authorizer_permissions` and `sync_jobs`.

/// `authorizers`: official accounts and mini programs that authorized one of a tenant's platforms.
pub mod authorizer {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "authorizers")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::AuthorizerId,
        pub tenant_id: crate::TenantId,
        pub component_id: crate::PlatformId,
        pub appid: String,
        pub kind: crate::AccountKind,
        pub nick_name: String,
        pub head_img: Option<String>,
        pub user_name: String,
        pub principal_name: Option<String>,
        pub alias: Option<String>,
        pub qrcode_url: Option<String>,
        pub signature: Option<String>,
        pub service_type: Option<i32>,
        pub verify_type: Option<i32>,
        pub account_status: Option<i32>,
        pub status: crate::AuthorizerStatus,
        pub refresh_token_enc: Option<String>,
        /// Lower-cased name, appid, principal and user name, for search.
        pub search_text: String,
        pub authorized_at: i64,
        /// WeChat's `CreateTime` (Unix ms) of the `authorized` push of the current authorization;
        /// `None` while only the redirect page has seen it. Revocations are ordered by it.
        pub wechat_authorized_at: Option<i64>,
        pub updated_at: i64,
        pub revoked_at: Option<i64>,
        pub info_synced_at: Option<i64>,
    }

    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Authorizer")
                .field("id", &self.id)
                .field("appid", &self.appid)
                .field("status", &self.status)
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::permission::Entity")]
        Permission,
    }

    impl Related<super::permission::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Permission.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `authorizer_permissions`: one row per granted permission set (func_info).
pub mod permission {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "authorizer_permissions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub authorizer_id: crate::AuthorizerId,
        #[sea_orm(primary_key, auto_increment = false)]
        pub func_id: i32,
        pub need_confirm: Option<i32>,
        pub already_confirm: Option<i32>,
        pub can_confirm: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::authorizer::Entity",
            from = "Column::AuthorizerId",
            to = "super::authorizer::Column::Id"
        )]
        Authorizer,
    }

    impl Related<super::authorizer::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Authorizer.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `sync_jobs`: "sync all from WeChat" runs with their progress.
pub mod sync_job {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sync_jobs")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::SyncJobId,
        pub tenant_id: crate::TenantId,
        pub component_id: crate::PlatformId,
        pub started_by: Option<crate::UserId>,
        /// `running`, `done` or `failed`.
        pub status: String,
        pub total: i64,
        pub processed: i64,
        pub created: i64,
        pub updated: i64,
        pub error_zh: Option<String>,
        pub error_en: Option<String>,
        pub started_at: i64,
        pub heartbeat_at: i64,
        pub finished_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
