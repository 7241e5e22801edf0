//! Staff access that can be withdrawn: a per-user session epoch (raising it ends every session
//! signed in before), a membership that can be disabled without deleting it, and one-time
//! invitations that replace adding members by username.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_integer_null, string_len};

use crate::m20261121_000001_accounts::{Memberships, Tenants, Users, create_indexes, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new columns of `users` and `memberships`.
#[derive(DeriveIden)]
enum Access {
    SessionEpoch,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    TenantId,
    Role,
    Note,
    TokenHash,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    AcceptedBy,
    RevokedAt,
}

/// One `ALTER TABLE` (SQLite takes one change per statement).
async fn alter(
    m: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    mut change: TableAlterStatement,
) -> Result<(), DbErr> {
    m.alter_table(change.table(table).to_owned()).await
}

async fn invitations(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Invitations as I;
    m.create_table(
        Table::create()
            .table(I::Table)
            .col(id(I::Id))
            .col(big_integer(I::TenantId))
            .col(string_len(I::Role, 16))
            .col(string_len(I::Note, 64).default(""))
            .col(string_len(I::TokenHash, 64))
            .col(big_integer_null(I::CreatedBy))
            .col(big_integer(I::CreatedAt))
            .col(big_integer(I::ExpiresAt))
            .col(big_integer_null(I::AcceptedAt))
            .col(big_integer_null(I::AcceptedBy))
            .col(big_integer_null(I::RevokedAt))
            .foreign_key(
                ForeignKey::create()
                    .from(I::Table, I::TenantId)
                    .to(Tenants::Table, Tenants::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(I::Table, I::CreatedBy)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::SetNull),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(I::Table, I::AcceptedBy)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::SetNull),
            )
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        I::Table,
        vec![
            ("ux_invitations_token", vec![I::TokenHash], true),
            (
                "ix_invitations_tenant",
                vec![I::TenantId, I::CreatedAt],
                false,
            ),
        ],
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        alter(
            m,
            Users::Table,
            Table::alter()
                .add_column(big_integer(Access::SessionEpoch).default(0))
                .to_owned(),
        )
        .await?;
        alter(
            m,
            Memberships::Table,
            Table::alter()
                .add_column(big_integer_null(Access::DisabledAt))
                .to_owned(),
        )
        .await?;
        invitations(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Invitations::Table).to_owned())
            .await?;
        alter(
            m,
            Memberships::Table,
            Table::alter().drop_column(Access::DisabledAt).to_owned(),
        )
        .await?;
        alter(
            m,
            Users::Table,
            Table::alter().drop_column(Access::SessionEpoch).to_owned(),
        )
        .await
    }
}
