//! sea-orm entities of the account tables.

/// `tenants`: customer organizations.
pub mod tenant {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "tenants")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::TenantId,
        #[sea_orm(unique)]
        pub name: String,
        pub created_at: i64,
        /// Set while a platform administrator has suspended the tenant: its staff cannot sign
        /// in, while its pushes are still received and its tokens refreshed.
        pub suspended_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::membership::Entity")]
        Membership,
    }

    impl Related<super::membership::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Membership.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `users`: staff accounts (platform operators; merchants never log in).
pub mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::UserId,
        #[sea_orm(unique)]
        pub username: String,
        pub display_name: String,
        pub password_hash: String,
        pub disabled: bool,
        pub created_at: i64,
        pub last_login_at: Option<i64>,
        /// Raised to end every session signed in before (sign out everywhere, a new password):
        /// a session remembers the epoch it was signed in under.
        pub session_epoch: i64,
        /// A platform administrator: creates, suspends and resumes tenants (set only by the
        /// operator CLI, `create-user --superadmin`), and may belong to no tenant.
        pub superadmin: bool,
    }

    /// Leaves the password hash out of logs.
    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("User")
                .field("id", &self.id)
                .field("username", &self.username)
                .field("disabled", &self.disabled)
                .field("superadmin", &self.superadmin)
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::membership::Entity")]
        Membership,
    }

    impl Related<super::membership::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Membership.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `memberships`: which user belongs to which tenant, with which role.
pub mod membership {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "memberships")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub tenant_id: crate::TenantId,
        pub user_id: crate::UserId,
        pub role: crate::Role,
        pub created_at: i64,
        /// Set while an administrator has disabled the member's access to this tenant (the
        /// account itself and its other tenants are not the tenant's to disable).
        pub disabled_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::tenant::Entity",
            from = "Column::TenantId",
            to = "super::tenant::Column::Id"
        )]
        Tenant,
        #[sea_orm(
            belongs_to = "super::user::Entity",
            from = "Column::UserId",
            to = "super::user::Column::Id"
        )]
        User,
    }

    impl Related<super::tenant::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Tenant.def()
        }
    }

    impl Related<super::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `invitations`: one-time links to join a tenant with a role. Only the token's SHA-256 is kept.
pub mod invitation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "invitations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: console_types::InvitationId,
        pub tenant_id: crate::TenantId,
        pub role: crate::Role,
        /// Whom it is for, as the inviter noted it (usernames are not looked up).
        pub note: String,
        #[sea_orm(unique)]
        pub token_hash: String,
        pub created_by: Option<crate::UserId>,
        pub created_at: i64,
        pub expires_at: i64,
        pub accepted_at: Option<i64>,
        pub accepted_by: Option<crate::UserId>,
        pub revoked_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// Who made the invitation.
        #[sea_orm(
            belongs_to = "super::user::Entity",
            from = "Column::CreatedBy",
            to = "super::user::Column::Id"
        )]
        Inviter,
    }

    impl Related<super::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Inviter.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}
