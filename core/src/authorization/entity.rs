//! `auth_links`, `link_attempts` and `auth_code_exchanges`.

/// `auth_links`: every authorization link handed out: a revocable page on the console's host
/// (`/authorize/{token}`; only the token's hash is kept, the page URL is sealed).
pub mod auth_link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "auth_links")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::LinkId,
        pub tenant_id: crate::TenantId,
        pub component_id: crate::PlatformId,
        pub created_by: Option<crate::UserId>,
        pub auth_type: Option<i32>,
        pub biz_appid: Option<String>,
        /// Permission-set ids joined with `|`, empty for all.
        pub category_ids: String,
        /// The sealed page URL (empty for links made before merchant pages existed).
        pub url_enc: String,
        pub created_at: i64,
        pub expires_at: i64,
        /// SHA-256 of the page token (absent on links made before merchant pages existed).
        pub token_hash: Option<String>,
        /// Used up by its first authorization.
        pub single_use: bool,
        pub revoked_at: Option<i64>,
        pub revoked_by: Option<crate::UserId>,
    }

    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("AuthLink")
                .field("id", &self.id)
                .field("component_id", &self.component_id)
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `link_attempts`: one per click on a link's page, each with its own fresh pre_auth_code; the
/// `authorized` event marks it by that pre_auth_code.
pub mod link_attempt {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "link_attempts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub link_id: crate::LinkId,
        pub component_id: crate::PlatformId,
        /// `pc` or `h5`: which of WeChat's pages the click went to.
        pub kind: String,
        pub pre_auth_code_hash: String,
        /// Hash of the return nonce older attempts put in their redirect URI; no longer set or
        /// read (a nonce does not bind the code that comes back, issue 11 finding 9).
        pub return_hash: Option<String>,
        /// `pending` or `authorized`.
        pub status: String,
        pub authorizer_appid: Option<String>,
        /// `authorized` or `updateauthorized`.
        pub outcome: Option<String>,
        /// The permission-set ids the account granted, joined with `|`.
        pub granted_ids: Option<String>,
        pub created_at: i64,
        /// When its pre_auth_code expires.
        pub expires_at: i64,
        pub authorized_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `auth_code_exchanges`: who exchanges which authorization code, so the redirect and the
/// `authorized` event never both call `api_query_auth` with it.
pub mod exchange {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "auth_code_exchanges")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub component_id: crate::PlatformId,
        pub code_hash: String,
        pub claimed_by: String,
        pub claimed_at: i64,
        /// `running`, `done` or `failed`.
        pub status: String,
        pub authorizer_appid: Option<String>,
        /// `authorized` (first authorization) or `updateauthorized` (the account was already
        /// authorized: permissions changed).
        pub outcome: Option<String>,
        pub error_zh: Option<String>,
        pub error_en: Option<String>,
        pub finished_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
