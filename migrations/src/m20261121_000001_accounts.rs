//! Tenants, staff users and their memberships (with a role per tenant).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, string_len, string_len_uniq,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Tenants {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Disabled,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
pub(crate) enum Memberships {
    Table,
    Id,
    TenantId,
    UserId,
    Role,
    CreatedAt,
}

async fn tenants(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Tenants::Table)
            .col(id(Tenants::Id))
            .col(string_len_uniq(Tenants::Name, 64))
            .col(big_integer(Tenants::CreatedAt))
            .to_owned(),
    )
    .await
}

async fn users(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Users::Table)
            .col(id(Users::Id))
            .col(string_len_uniq(Users::Username, 64))
            .col(string_len(Users::DisplayName, 64))
            .col(string_len(Users::PasswordHash, 255))
            .col(boolean(Users::Disabled).default(false).to_owned())
            .col(big_integer(Users::CreatedAt))
            .col(big_integer_null(Users::LastLoginAt))
            .to_owned(),
    )
    .await
}

async fn memberships(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Memberships::Table)
            .col(id(Memberships::Id))
            .col(big_integer(Memberships::TenantId))
            .col(big_integer(Memberships::UserId))
            .col(string_len(Memberships::Role, 16))
            .col(big_integer(Memberships::CreatedAt))
            .foreign_key(
                ForeignKey::create()
                    .from(Memberships::Table, Memberships::TenantId)
                    .to(Tenants::Table, Tenants::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .from(Memberships::Table, Memberships::UserId)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("ux_memberships_tenant_user")
            .table(Memberships::Table)
            .col(Memberships::TenantId)
            .col(Memberships::UserId)
            .unique()
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("ix_memberships_user")
            .table(Memberships::Table)
            .col(Memberships::UserId)
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        tenants(manager).await?;
        users(manager).await?;
        memberships(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Memberships::Table.into_iden(),
            Users::Table.into_iden(),
            Tenants::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// A `BIGINT` auto-increment primary key (sea-query writes `integer` on SQLite so that
/// `AUTOINCREMENT` is legal there).
pub(crate) fn id<T: IntoIden>(name: T) -> ColumnDef {
    big_integer(name).auto_increment().primary_key().to_owned()
}

/// Creates the indexes of `table`: (name, columns, unique) each.
pub(crate) async fn create_indexes<C: IntoIden + 'static>(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    indexes: Vec<(&str, Vec<C>, bool)>,
) -> Result<(), DbErr> {
    let table = table.into_iden();
    for (name, cols, unique) in indexes {
        let mut idx = Index::create().name(name).table(table.clone()).to_owned();
        for c in cols {
            idx.col(c);
        }
        if unique {
            idx.unique();
        }
        m.create_index(idx).await?;
    }
    Ok(())
}
