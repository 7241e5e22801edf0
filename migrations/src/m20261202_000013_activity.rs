//! Hourly activity counters per tenant and platform behind the overview's and platform pages'
//! charts: `activity_hourly`, one row per (platform, hour, metric) with a count that is
//! upsert-incremented where the thing happens (a push stored or refused, an authorization, a
//! revocation, a token refresh succeeded or failed). Hours are Unix-ms hour starts (the same
//! instants in UTC and in China time, which is a whole number of hours ahead); days are summed
//! from them when read. Kept 35 days by the retention job.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string_len};

use crate::m20261121_000001_accounts::create_indexes;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityHourly {
    Table,
    ComponentId,
    HourMs,
    Metric,
    TenantId,
    Count,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ActivityHourly::Table)
                .col(big_integer(ActivityHourly::ComponentId))
                .col(big_integer(ActivityHourly::HourMs))
                .col(string_len(ActivityHourly::Metric, 24))
                .col(big_integer(ActivityHourly::TenantId))
                .col(big_integer(ActivityHourly::Count))
                // The upsert's conflict target, and the platform page's range scan.
                .primary_key(
                    Index::create()
                        .col(ActivityHourly::ComponentId)
                        .col(ActivityHourly::HourMs)
                        .col(ActivityHourly::Metric),
                )
                .to_owned(),
        )
        .await?;
        create_indexes(
            m,
            ActivityHourly::Table,
            vec![
                // The overview's range scan.
                (
                    "ix_activity_tenant_hour",
                    vec![ActivityHourly::TenantId, ActivityHourly::HourMs],
                    false,
                ),
                // The retention cleanup's.
                ("ix_activity_hour", vec![ActivityHourly::HourMs], false),
            ],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ActivityHourly::Table).to_owned())
            .await
    }
}
