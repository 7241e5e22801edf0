//! The audit log: who did what in a tenant, when and from where. Rows are only ever inserted.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_integer_null, string_len, string_len_null, text};

use crate::m20261121_000001_accounts::{create_indexes, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    TenantId,
    At,
    ActorId,
    ActorName,
    Action,
    Target,
    Detail,
    ClientIp,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(id(AuditLog::Id))
                .col(big_integer_null(AuditLog::TenantId))
                .col(big_integer(AuditLog::At))
                .col(big_integer_null(AuditLog::ActorId))
                .col(string_len(AuditLog::ActorName, 64))
                .col(string_len(AuditLog::Action, 32))
                .col(text(AuditLog::Target))
                .col(text(AuditLog::Detail))
                .col(string_len_null(AuditLog::ClientIp, 64))
                .to_owned(),
        )
        .await?;
        create_indexes(
            m,
            AuditLog::Table,
            vec![
                (
                    "ix_audit_tenant",
                    vec![AuditLog::TenantId, AuditLog::At],
                    false,
                ),
                (
                    "ix_audit_action",
                    vec![AuditLog::TenantId, AuditLog::Action, AuditLog::At],
                    false,
                ),
            ],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}
