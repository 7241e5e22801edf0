//! The platform administrator: a `superadmin` flag on users (set only by the operator CLI), who
//! creates tenants and suspends them; `tenants.suspended_at` is set while a tenant is suspended
//! (its staff cannot sign in; its pushes are still received and its tokens refreshed).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer_null, boolean};

use crate::m20261121_000001_accounts::{Tenants, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new columns of `users` and `tenants`.
#[derive(DeriveIden)]
enum PlatformAdmin {
    Superadmin,
    SuspendedAt,
}

/// One `ALTER TABLE` (SQLite takes one change per statement).
async fn alter(
    m: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    mut change: TableAlterStatement,
) -> Result<(), DbErr> {
    m.alter_table(change.table(table).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        alter(
            m,
            Users::Table,
            Table::alter()
                .add_column(boolean(PlatformAdmin::Superadmin).default(false))
                .to_owned(),
        )
        .await?;
        alter(
            m,
            Tenants::Table,
            Table::alter()
                .add_column(big_integer_null(PlatformAdmin::SuspendedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        alter(
            m,
            Tenants::Table,
            Table::alter()
                .drop_column(PlatformAdmin::SuspendedAt)
                .to_owned(),
        )
        .await?;
        alter(
            m,
            Users::Table,
            Table::alter()
                .drop_column(PlatformAdmin::Superadmin)
                .to_owned(),
        )
        .await
    }
}
