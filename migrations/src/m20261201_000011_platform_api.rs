//! The platform API (issue 12): tenants' API keys (stored only as a hash, limited to scopes and
//! platforms), the count of WeChat calls made through the proxy per authorizer, path and day,
//! web OAuth on behalf of official accounts (a one-time `state` per start, its result sealed and
//! read once by the tenant's server), and each platform's allow-list of return addresses.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, string_len, string_len_null, text, text_null,
};

use crate::m20261121_000001_accounts::{create_indexes, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    TenantId,
    Name,
    Prefix,
    SecretHash,
    Scopes,
    PlatformIds,
    CreatedBy,
    CreatedByName,
    CreatedAt,
    RevokedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum ApiCalls {
    Table,
    Id,
    ComponentId,
    AuthorizerAppid,
    Path,
    Day,
    Calls,
    Failures,
    LastErrcode,
    LastAt,
}

#[derive(DeriveIden)]
enum OauthStates {
    Table,
    Id,
    TenantId,
    ComponentId,
    AuthorizerAppid,
    StateHash,
    Scope,
    ReturnTo,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    ResultHash,
    ResultEnc,
    ResultExpiresAt,
    ResultReadAt,
}

#[derive(DeriveIden)]
enum Components {
    Table,
    OauthReturnHosts,
}

async fn api_keys(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ApiKeys as K;
    m.create_table(
        Table::create()
            .table(K::Table)
            .col(id(K::Id))
            .col(big_integer(K::TenantId))
            .col(string_len(K::Name, 64))
            .col(string_len(K::Prefix, 16))
            .col(string_len(K::SecretHash, 64))
            .col(string_len(K::Scopes, 128))
            .col(text(K::PlatformIds))
            .col(big_integer_null(K::CreatedBy))
            .col(string_len(K::CreatedByName, 64))
            .col(big_integer(K::CreatedAt))
            .col(big_integer_null(K::RevokedAt))
            .col(big_integer_null(K::LastUsedAt))
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        K::Table,
        vec![
            ("ux_api_keys_hash", vec![K::SecretHash], true),
            ("ix_api_keys_tenant", vec![K::TenantId, K::CreatedAt], false),
        ],
    )
    .await
}

async fn api_calls(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ApiCalls as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .col(id(C::Id))
            .col(big_integer(C::ComponentId))
            .col(string_len(C::AuthorizerAppid, 32))
            .col(string_len(C::Path, 128))
            .col(big_integer(C::Day))
            .col(big_integer(C::Calls).default(0))
            .col(big_integer(C::Failures).default(0))
            .col(big_integer_null(C::LastErrcode))
            .col(big_integer(C::LastAt))
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        C::Table,
        vec![(
            "ux_api_calls_key",
            vec![C::ComponentId, C::AuthorizerAppid, C::Day, C::Path],
            true,
        )],
    )
    .await
}

async fn oauth_states(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use OauthStates as O;
    m.create_table(
        Table::create()
            .table(O::Table)
            .col(id(O::Id))
            .col(big_integer(O::TenantId))
            .col(big_integer(O::ComponentId))
            .col(string_len(O::AuthorizerAppid, 32))
            .col(string_len(O::StateHash, 64))
            .col(string_len(O::Scope, 16))
            .col(text(O::ReturnTo))
            .col(big_integer(O::CreatedAt))
            .col(big_integer(O::ExpiresAt))
            .col(big_integer_null(O::UsedAt))
            .col(string_len_null(O::ResultHash, 64))
            .col(text_null(O::ResultEnc))
            .col(big_integer_null(O::ResultExpiresAt))
            .col(big_integer_null(O::ResultReadAt))
            .to_owned(),
    )
    .await?;
    create_indexes(
        m,
        O::Table,
        vec![
            ("ux_oauth_states_state", vec![O::StateHash], true),
            ("ux_oauth_states_result", vec![O::ResultHash], true),
            ("ix_oauth_states_created", vec![O::CreatedAt], false),
        ],
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        api_keys(m).await?;
        api_calls(m).await?;
        oauth_states(m).await?;
        m.alter_table(
            Table::alter()
                .table(Components::Table)
                .add_column(text(Components::OauthReturnHosts).default(""))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Components::Table)
                .drop_column(Components::OauthReturnHosts)
                .to_owned(),
        )
        .await?;
        for table in [
            OauthStates::Table.into_iden(),
            ApiCalls::Table.into_iden(),
            ApiKeys::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
