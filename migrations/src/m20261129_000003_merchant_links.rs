//! Authorization links become pages on the console's own host (reference B16): a link is a
//! long-lived, revocable token for `/authorize/{token}`, and every click on it obtains a fresh
//! pre_auth_code, recorded as a `link_attempts` row (which is what the `authorized` event and the
//! redirect mark). The per-link pre_auth_code columns move to the attempts; links created before
//! this migration keep their history as one attempt each.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, string_len, string_len_null,
};

use crate::m20261121_000001_accounts::{create_indexes, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuthLinks {
    Table,
    Id,
    Kind,
    PreAuthCodeHash,
    Status,
    AuthorizerAppid,
    Outcome,
    AuthorizedAt,
    TokenHash,
    SingleUse,
    RevokedAt,
    RevokedBy,
}

#[derive(DeriveIden)]
enum LinkAttempts {
    Table,
    Id,
    LinkId,
    ComponentId,
    Kind,
    PreAuthCodeHash,
    ReturnHash,
    Status,
    AuthorizerAppid,
    Outcome,
    GrantedIds,
    CreatedAt,
    ExpiresAt,
    AuthorizedAt,
}

async fn drop_column(m: &SchemaManager<'_>, col: AuthLinks) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(AuthLinks::Table)
            .drop_column(col)
            .to_owned(),
    )
    .await
}

async fn add_column(m: &SchemaManager<'_>, col: ColumnDef) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(AuthLinks::Table)
            .add_column(col)
            .to_owned(),
    )
    .await
}

async fn attempts_table(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(LinkAttempts::Table)
            .col(id(LinkAttempts::Id))
            .col(big_integer(LinkAttempts::LinkId))
            .col(big_integer(LinkAttempts::ComponentId))
            .col(string_len(LinkAttempts::Kind, 8))
            .col(string_len(LinkAttempts::PreAuthCodeHash, 64))
            .col(string_len_null(LinkAttempts::ReturnHash, 64))
            .col(string_len(LinkAttempts::Status, 16))
            .col(string_len_null(LinkAttempts::AuthorizerAppid, 32))
            .col(string_len_null(LinkAttempts::Outcome, 32))
            .col(string_len_null(LinkAttempts::GrantedIds, 512))
            .col(big_integer(LinkAttempts::CreatedAt))
            .col(big_integer(LinkAttempts::ExpiresAt))
            .col(big_integer_null(LinkAttempts::AuthorizedAt))
            .foreign_key(
                ForeignKey::create()
                    .from(LinkAttempts::Table, LinkAttempts::LinkId)
                    .to(AuthLinks::Table, AuthLinks::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        LinkAttempts::Table,
        vec![
            (
                "ix_link_attempts_code",
                vec![LinkAttempts::ComponentId, LinkAttempts::PreAuthCodeHash],
                false,
            ),
            (
                "ux_link_attempts_return",
                vec![LinkAttempts::ReturnHash],
                true,
            ),
            (
                "ix_link_attempts_link",
                vec![LinkAttempts::LinkId, LinkAttempts::CreatedAt],
                false,
            ),
        ],
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        attempts_table(m).await?;
        // Each old link was one pre_auth_code: it becomes that link's only attempt.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO link_attempts (link_id, component_id, kind, pre_auth_code_hash, \
                 status, authorizer_appid, outcome, created_at, expires_at, authorized_at) \
                 SELECT id, component_id, kind, pre_auth_code_hash, status, authorizer_appid, \
                 outcome, created_at, expires_at, authorized_at FROM auth_links",
            )
            .await?;
        // Their URLs were WeChat's own pages, useless now that the code is spent.
        m.get_connection()
            .execute_unprepared("UPDATE auth_links SET url_enc = ''")
            .await?;
        m.drop_index(
            Index::drop()
                .name("ix_auth_links_code")
                .table(AuthLinks::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            AuthLinks::PreAuthCodeHash,
            AuthLinks::Status,
            AuthLinks::AuthorizerAppid,
            AuthLinks::Outcome,
            AuthLinks::AuthorizedAt,
            AuthLinks::Kind,
        ] {
            drop_column(m, col).await?;
        }
        add_column(m, string_len_null(AuthLinks::TokenHash, 64)).await?;
        add_column(m, boolean(AuthLinks::SingleUse).default(false).to_owned()).await?;
        add_column(m, big_integer_null(AuthLinks::RevokedAt)).await?;
        add_column(m, big_integer_null(AuthLinks::RevokedBy)).await?;
        m.create_index(
            Index::create()
                .name("ux_auth_links_token")
                .table(AuthLinks::Table)
                .col(AuthLinks::TokenHash)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ux_auth_links_token")
                .table(AuthLinks::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            AuthLinks::TokenHash,
            AuthLinks::SingleUse,
            AuthLinks::RevokedAt,
            AuthLinks::RevokedBy,
        ] {
            drop_column(m, col).await?;
        }
        add_column(m, string_len(AuthLinks::Kind, 8).default("pc").to_owned()).await?;
        add_column(
            m,
            string_len(AuthLinks::PreAuthCodeHash, 64)
                .default("")
                .to_owned(),
        )
        .await?;
        add_column(
            m,
            string_len(AuthLinks::Status, 16)
                .default("pending")
                .to_owned(),
        )
        .await?;
        add_column(m, string_len_null(AuthLinks::AuthorizerAppid, 32)).await?;
        add_column(m, string_len_null(AuthLinks::Outcome, 32)).await?;
        add_column(m, big_integer_null(AuthLinks::AuthorizedAt)).await?;
        m.create_index(
            Index::create()
                .name("ix_auth_links_code")
                .table(AuthLinks::Table)
                .col(AuthLinks::PreAuthCodeHash)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(LinkAttempts::Table).to_owned())
            .await
    }
}
