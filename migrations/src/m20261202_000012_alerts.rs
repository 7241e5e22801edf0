//! Alerts per tenant (issue 14): where to send them (channels: a generic webhook or a WeCom,
//! DingTalk or Feishu group robot, whose URL holds its secret and is sealed), the incidents they
//! report, every delivery of an alert, a resolution or a test message, and the refused-push
//! window behind the "refused in bulk" rule.
//!
//! At most one open incident per tenant, kind and subject, also with several instances: an open
//! incident carries `open_key` (`{tenant}:{kind}:{subject}`, unique), cleared when it is
//! resolved. A unique index on a nullable column (several NULLs allowed) behaves the same on
//! SQLite and PostgreSQL, unlike a partial index, which sea-query does not write for both.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean_null, integer, string_len, string_len_null, text,
    text_null,
};

use crate::m20261121_000001_accounts::{create_indexes, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AlertChannels {
    Table,
    Id,
    TenantId,
    Kind,
    Name,
    UrlEnc,
    UrlMasked,
    CreatedBy,
    CreatedAt,
    LastDeliveryAt,
    LastDeliveryOk,
    LastDeliveryError,
}

#[derive(DeriveIden)]
enum AlertIncidents {
    Table,
    Id,
    TenantId,
    Kind,
    Subject,
    OpenKey,
    ComponentId,
    TaskId,
    Label,
    Detail,
    OpenedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum AlertDeliveries {
    Table,
    Id,
    TenantId,
    ChannelId,
    IncidentId,
    Event,
    State,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum AlertRefusalWindows {
    Table,
    ComponentId,
    StartedAt,
    TotalAtStart,
}

async fn channels(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AlertChannels as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .col(id(C::Id))
            .col(big_integer(C::TenantId))
            .col(string_len(C::Kind, 16))
            .col(string_len(C::Name, 64))
            .col(text(C::UrlEnc))
            .col(string_len(C::UrlMasked, 128))
            .col(big_integer_null(C::CreatedBy))
            .col(big_integer(C::CreatedAt))
            .col(big_integer_null(C::LastDeliveryAt))
            .col(boolean_null(C::LastDeliveryOk))
            .col(text_null(C::LastDeliveryError))
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        C::Table,
        vec![("ix_alert_channels_tenant", vec![C::TenantId], false)],
    )
    .await
}

async fn incidents(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AlertIncidents as I;
    m.create_table(
        Table::create()
            .table(I::Table)
            .col(id(I::Id))
            .col(big_integer(I::TenantId))
            .col(string_len(I::Kind, 16))
            .col(string_len(I::Subject, 64))
            .col(string_len_null(I::OpenKey, 128))
            .col(big_integer_null(I::ComponentId))
            .col(big_integer_null(I::TaskId))
            .col(string_len(I::Label, 128))
            .col(text(I::Detail))
            .col(big_integer(I::OpenedAt))
            .col(big_integer_null(I::ResolvedAt))
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        I::Table,
        vec![
            ("ux_alert_incidents_open", vec![I::OpenKey], true),
            (
                "ix_alert_incidents_tenant",
                vec![I::TenantId, I::OpenedAt],
                false,
            ),
        ],
    )
    .await
}

async fn deliveries(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AlertDeliveries as D;
    m.create_table(
        Table::create()
            .table(D::Table)
            .col(id(D::Id))
            .col(big_integer(D::TenantId))
            .col(big_integer(D::ChannelId))
            .col(big_integer_null(D::IncidentId))
            .col(string_len(D::Event, 16))
            .col(string_len(D::State, 16))
            .col(integer(D::Attempts).default(0))
            .col(big_integer_null(D::NextAttemptAt))
            .col(string_len_null(D::LeaseOwner, 64))
            .col(big_integer_null(D::LeaseUntil))
            .col(text_null(D::LastError))
            .col(big_integer(D::CreatedAt))
            .col(big_integer_null(D::SentAt))
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        D::Table,
        vec![
            (
                "ix_alert_deliveries_due",
                vec![D::State, D::NextAttemptAt],
                false,
            ),
            ("ix_alert_deliveries_incident", vec![D::IncidentId], false),
            ("ix_alert_deliveries_channel", vec![D::ChannelId], false),
        ],
    )
    .await
}

async fn refusal_windows(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AlertRefusalWindows as W;
    m.create_table(
        Table::create()
            .table(W::Table)
            .col(
                ColumnDef::new(W::ComponentId)
                    .big_integer()
                    .not_null()
                    .primary_key(),
            )
            .col(big_integer(W::StartedAt))
            .col(big_integer(W::TotalAtStart))
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        channels(m).await?;
        incidents(m).await?;
        deliveries(m).await?;
        refusal_windows(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AlertRefusalWindows::Table.into_iden(),
            AlertDeliveries::Table.into_iden(),
            AlertIncidents::Table.into_iden(),
            AlertChannels::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
