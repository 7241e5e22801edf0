//! Keeping the database bounded, and rotating the master key safely.
//!
//! - `maintenance_runs`: one row per periodic job (the nightly retention cleanup), claimed with a
//!   compare-and-set on `started_at`, so that of several instances one runs it each night.
//! - `console_instances`: every running instance says which master keys it seals and opens with
//!   (fingerprints, never the keys), so `rotate-master-key` can tell whether it is safe to
//!   re-seal under the new key and, afterwards, to drop the old one.
//! - Indexes on the instants the retention cleanup deletes by, so that it never scans a table.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_integer_null, string_len, string_len_null};

use crate::m20261121_000001_accounts::create_indexes;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MaintenanceRuns {
    Table,
    Job,
    StartedAt,
    StartedBy,
    FinishedAt,
}

#[derive(DeriveIden)]
enum ConsoleInstances {
    Table,
    InstanceId,
    CurrentKey,
    PreviousKey,
    StartedAt,
    SeenAt,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum LinkAttempts {
    Table,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuthCodeExchanges {
    Table,
    ClaimedAt,
}

/// The retention indexes: (table, index name, column).
fn retention_indexes() -> Vec<(DynIden, &'static str, DynIden)> {
    vec![
        (
            Events::Table.into_iden(),
            "ix_events_received",
            Events::ReceivedAt.into_iden(),
        ),
        (
            Messages::Table.into_iden(),
            "ix_messages_received",
            Messages::ReceivedAt.into_iden(),
        ),
        (
            LinkAttempts::Table.into_iden(),
            "ix_link_attempts_created",
            LinkAttempts::CreatedAt.into_iden(),
        ),
        (
            AuthCodeExchanges::Table.into_iden(),
            "ix_auth_code_exchanges_claimed",
            AuthCodeExchanges::ClaimedAt.into_iden(),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MaintenanceRuns::Table)
                .col(
                    string_len(MaintenanceRuns::Job, 32)
                        .primary_key()
                        .to_owned(),
                )
                .col(big_integer(MaintenanceRuns::StartedAt))
                .col(string_len(MaintenanceRuns::StartedBy, 64))
                .col(big_integer_null(MaintenanceRuns::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ConsoleInstances::Table)
                .col(
                    string_len(ConsoleInstances::InstanceId, 64)
                        .primary_key()
                        .to_owned(),
                )
                .col(string_len(ConsoleInstances::CurrentKey, 16))
                .col(string_len_null(ConsoleInstances::PreviousKey, 16))
                .col(big_integer(ConsoleInstances::StartedAt))
                .col(big_integer(ConsoleInstances::SeenAt))
                .to_owned(),
        )
        .await?;
        for (table, name, col) in retention_indexes() {
            create_indexes(m, table, vec![(name, vec![col], false)]).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, name, _) in retention_indexes() {
            m.drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(ConsoleInstances::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(MaintenanceRuns::Table).to_owned())
            .await
    }
}
