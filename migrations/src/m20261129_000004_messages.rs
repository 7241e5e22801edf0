//! Messages and events of authorizers (the message URL), each stored once, and the tenant's
//! webhook that receives them: a URL and a signing secret per platform. A message row is also its
//! job (forwarding to the webhook, or the release test's API answer), claimed with a lease like
//! the events queue.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, integer, integer_null, string_len, string_len_null, text,
    text_null,
};

use crate::m20261121_000001_accounts::{create_indexes, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Components {
    Table,
    Id,
    WebhookUrl,
    WebhookSecretEnc,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    TenantId,
    ComponentId,
    AuthorizerAppid,
    DedupeKey,
    MsgType,
    Event,
    FromUser,
    CreateTime,
    ReceivedAt,
    PayloadEnc,
    ReplyEnc,
    ReleaseTest,
    Job,
    Status,
    Attempts,
    NextAttemptAt,
    LockedBy,
    LockedUntil,
    HttpStatus,
    LastError,
    LastAttemptAt,
    DoneAt,
}

async fn add_column(m: &SchemaManager<'_>, col: ColumnDef) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(Components::Table)
            .add_column(col)
            .to_owned(),
    )
    .await
}

async fn drop_column(m: &SchemaManager<'_>, col: Components) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(Components::Table)
            .drop_column(col)
            .to_owned(),
    )
    .await
}

async fn messages_table(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Messages::Table)
            .col(id(Messages::Id))
            .col(big_integer(Messages::TenantId))
            .col(big_integer(Messages::ComponentId))
            .col(string_len(Messages::AuthorizerAppid, 32))
            .col(string_len(Messages::DedupeKey, 64))
            .col(string_len(Messages::MsgType, 32))
            .col(string_len_null(Messages::Event, 64))
            .col(string_len(Messages::FromUser, 64))
            .col(big_integer(Messages::CreateTime))
            .col(big_integer(Messages::ReceivedAt))
            .col(text(Messages::PayloadEnc))
            .col(text_null(Messages::ReplyEnc))
            .col(string_len_null(Messages::ReleaseTest, 32))
            .col(string_len(Messages::Job, 16))
            .col(string_len(Messages::Status, 16))
            .col(integer(Messages::Attempts).default(0).to_owned())
            .col(big_integer_null(Messages::NextAttemptAt))
            .col(string_len_null(Messages::LockedBy, 64))
            .col(big_integer_null(Messages::LockedUntil))
            .col(integer_null(Messages::HttpStatus))
            .col(text_null(Messages::LastError))
            .col(big_integer_null(Messages::LastAttemptAt))
            .col(big_integer_null(Messages::DoneAt))
            .foreign_key(
                ForeignKey::create()
                    .from(Messages::Table, Messages::ComponentId)
                    .to(Components::Table, Components::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        Messages::Table,
        vec![
            ("ux_messages_dedupe", vec![Messages::DedupeKey], true),
            (
                "ix_messages_tenant",
                vec![Messages::TenantId, Messages::ReceivedAt],
                false,
            ),
            (
                "ix_messages_authorizer",
                vec![
                    Messages::ComponentId,
                    Messages::AuthorizerAppid,
                    Messages::ReceivedAt,
                ],
                false,
            ),
            (
                "ix_messages_due",
                vec![Messages::Status, Messages::NextAttemptAt],
                false,
            ),
        ],
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_column(m, text_null(Components::WebhookUrl)).await?;
        add_column(m, text_null(Components::WebhookSecretEnc)).await?;
        messages_table(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Messages::Table).to_owned())
            .await?;
        drop_column(m, Components::WebhookSecretEnc).await?;
        drop_column(m, Components::WebhookUrl).await
    }
}
