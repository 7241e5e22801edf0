//! Third-party platforms (components), their tokens, authorizers, received pushes, authorization
//! links, and the bookkeeping that keeps every process in step (leases, exchange claims, sync jobs).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, integer, integer_null, string_len, string_len_null,
    text, text_null,
};

use crate::m20261121_000001_accounts::{Tenants, Users, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Components {
    Table,
    Id,
    TenantId,
    Appid,
    Name,
    SecretEnc,
    TokenEnc,
    AesKeyEnc,
    PrevAesKeyEnc,
    Enabled,
    TicketEnc,
    TicketCreatedAt,
    TicketReceivedAt,
    EgressIp,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AccessTokens {
    Table,
    Id,
    ComponentId,
    AuthorizerAppid,
    TokenEnc,
    ExpiresAt,
    RefreshDueAt,
    Version,
    LeaseOwner,
    LeaseUntil,
    Failures,
    NextAttemptAt,
    LastError,
    LastErrorAt,
    RefreshedAt,
}

#[derive(DeriveIden)]
enum Authorizers {
    Table,
    Id,
    TenantId,
    ComponentId,
    Appid,
    Kind,
    NickName,
    HeadImg,
    UserName,
    PrincipalName,
    Alias,
    QrcodeUrl,
    Signature,
    ServiceType,
    VerifyType,
    AccountStatus,
    Status,
    RefreshTokenEnc,
    SearchText,
    AuthorizedAt,
    UpdatedAt,
    RevokedAt,
    InfoSyncedAt,
}

#[derive(DeriveIden)]
enum AuthorizerPermissions {
    Table,
    AuthorizerId,
    FuncId,
    NeedConfirm,
    AlreadyConfirm,
    CanConfirm,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    TenantId,
    ComponentId,
    DedupeKey,
    InfoType,
    AuthorizerAppid,
    CreateTime,
    ReceivedAt,
    PayloadEnc,
    Status,
    Attempts,
    NextAttemptAt,
    LockedBy,
    LockedUntil,
    ResultZh,
    ResultEn,
    ProcessedAt,
}

#[derive(DeriveIden)]
enum AuthLinks {
    Table,
    Id,
    TenantId,
    ComponentId,
    CreatedBy,
    Kind,
    AuthType,
    BizAppid,
    CategoryIds,
    PreAuthCodeHash,
    UrlEnc,
    Status,
    AuthorizerAppid,
    Outcome,
    CreatedAt,
    ExpiresAt,
    AuthorizedAt,
}

#[derive(DeriveIden)]
enum AuthCodeExchanges {
    Table,
    Id,
    ComponentId,
    CodeHash,
    ClaimedBy,
    ClaimedAt,
    Status,
    AuthorizerAppid,
    Outcome,
    ErrorZh,
    ErrorEn,
    FinishedAt,
}

#[derive(DeriveIden)]
enum PushRejections {
    Table,
    ComponentAppid,
    Reason,
    Count,
    LastAt,
}

#[derive(DeriveIden)]
enum SyncJobs {
    Table,
    Id,
    TenantId,
    ComponentId,
    StartedBy,
    Status,
    Total,
    Processed,
    Created,
    Updated,
    ErrorZh,
    ErrorEn,
    StartedAt,
    HeartbeatAt,
    FinishedAt,
}

/// A foreign key from `from` to `to` whose rows go with the row they point to.
fn fk(
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// Creates the index `name` on `cols` (in this order) of `table`.
async fn index<T: IntoIden + 'static>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: impl IntoIterator<Item = T>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create().name(name).table(table).to_owned();
    for c in cols {
        idx.col(c);
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx).await
}

async fn components(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Components::Table)
            .col(id(Components::Id))
            .col(big_integer(Components::TenantId))
            .col(string_len(Components::Appid, 32).unique_key().to_owned())
            .col(string_len(Components::Name, 64))
            .col(text(Components::SecretEnc))
            .col(text(Components::TokenEnc))
            .col(text(Components::AesKeyEnc))
            .col(text_null(Components::PrevAesKeyEnc))
            .col(boolean(Components::Enabled).default(true).to_owned())
            .col(text_null(Components::TicketEnc))
            .col(big_integer_null(Components::TicketCreatedAt))
            .col(big_integer_null(Components::TicketReceivedAt))
            .col(string_len_null(Components::EgressIp, 64))
            .col(big_integer(Components::CreatedAt))
            .col(big_integer(Components::UpdatedAt))
            .foreign_key(&mut fk(
                (Components::Table, Components::TenantId),
                (Tenants::Table, Tenants::Id),
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_components_tenant",
        Components::Table,
        [Components::TenantId],
        false,
    )
    .await
}

async fn access_tokens(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(AccessTokens::Table)
            .col(id(AccessTokens::Id))
            .col(big_integer(AccessTokens::ComponentId))
            .col(string_len(AccessTokens::AuthorizerAppid, 32))
            .col(text_null(AccessTokens::TokenEnc))
            .col(big_integer_null(AccessTokens::ExpiresAt))
            .col(big_integer_null(AccessTokens::RefreshDueAt))
            .col(big_integer(AccessTokens::Version).default(0).to_owned())
            .col(string_len_null(AccessTokens::LeaseOwner, 64))
            .col(big_integer_null(AccessTokens::LeaseUntil))
            .col(integer(AccessTokens::Failures).default(0).to_owned())
            .col(big_integer_null(AccessTokens::NextAttemptAt))
            .col(text_null(AccessTokens::LastError))
            .col(big_integer_null(AccessTokens::LastErrorAt))
            .col(big_integer_null(AccessTokens::RefreshedAt))
            .foreign_key(&mut fk(
                (AccessTokens::Table, AccessTokens::ComponentId),
                (Components::Table, Components::Id),
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_access_tokens_key",
        AccessTokens::Table,
        [AccessTokens::ComponentId, AccessTokens::AuthorizerAppid],
        true,
    )
    .await?;
    index(
        m,
        "ix_access_tokens_due",
        AccessTokens::Table,
        [AccessTokens::RefreshDueAt],
        false,
    )
    .await
}

async fn authorizers(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Authorizers::Table)
            .col(id(Authorizers::Id))
            .col(big_integer(Authorizers::TenantId))
            .col(big_integer(Authorizers::ComponentId))
            .col(string_len(Authorizers::Appid, 32))
            .col(string_len(Authorizers::Kind, 16))
            .col(string_len(Authorizers::NickName, 128))
            .col(text_null(Authorizers::HeadImg))
            .col(string_len(Authorizers::UserName, 64))
            .col(string_len_null(Authorizers::PrincipalName, 128))
            .col(string_len_null(Authorizers::Alias, 64))
            .col(text_null(Authorizers::QrcodeUrl))
            .col(text_null(Authorizers::Signature))
            .col(integer_null(Authorizers::ServiceType))
            .col(integer_null(Authorizers::VerifyType))
            .col(integer_null(Authorizers::AccountStatus))
            .col(string_len(Authorizers::Status, 16))
            .col(text_null(Authorizers::RefreshTokenEnc))
            .col(text(Authorizers::SearchText))
            .col(big_integer(Authorizers::AuthorizedAt))
            .col(big_integer(Authorizers::UpdatedAt))
            .col(big_integer_null(Authorizers::RevokedAt))
            .col(big_integer_null(Authorizers::InfoSyncedAt))
            .foreign_key(&mut fk(
                (Authorizers::Table, Authorizers::TenantId),
                (Tenants::Table, Tenants::Id),
            ))
            .foreign_key(&mut fk(
                (Authorizers::Table, Authorizers::ComponentId),
                (Components::Table, Components::Id),
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_authorizers_component_appid",
        Authorizers::Table,
        [Authorizers::ComponentId, Authorizers::Appid],
        true,
    )
    .await?;
    index(
        m,
        "ix_authorizers_tenant_time",
        Authorizers::Table,
        [Authorizers::TenantId, Authorizers::AuthorizedAt],
        false,
    )
    .await?;
    index(
        m,
        "ix_authorizers_tenant_status",
        Authorizers::Table,
        [
            Authorizers::TenantId,
            Authorizers::Status,
            Authorizers::AuthorizedAt,
        ],
        false,
    )
    .await?;
    // Exact appid lookups within a tenant (an appid typed in the search box).
    index(
        m,
        "ix_authorizers_tenant_appid",
        Authorizers::Table,
        [Authorizers::TenantId, Authorizers::Appid],
        false,
    )
    .await?;
    // Substring search scans this narrow covering index instead of the table.
    index(
        m,
        "ix_authorizers_tenant_search",
        Authorizers::Table,
        [Authorizers::TenantId, Authorizers::SearchText],
        false,
    )
    .await
}

async fn authorizer_permissions(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(AuthorizerPermissions::Table)
            .col(big_integer(AuthorizerPermissions::AuthorizerId))
            .col(integer(AuthorizerPermissions::FuncId))
            .col(integer_null(AuthorizerPermissions::NeedConfirm))
            .col(integer_null(AuthorizerPermissions::AlreadyConfirm))
            .col(integer_null(AuthorizerPermissions::CanConfirm))
            .primary_key(
                Index::create()
                    .col(AuthorizerPermissions::AuthorizerId)
                    .col(AuthorizerPermissions::FuncId),
            )
            .foreign_key(&mut fk(
                (
                    AuthorizerPermissions::Table,
                    AuthorizerPermissions::AuthorizerId,
                ),
                (Authorizers::Table, Authorizers::Id),
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_authorizer_permissions_func",
        AuthorizerPermissions::Table,
        [
            AuthorizerPermissions::FuncId,
            AuthorizerPermissions::AuthorizerId,
        ],
        false,
    )
    .await
}

async fn events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Events::Table)
            .col(id(Events::Id))
            .col(big_integer(Events::TenantId))
            .col(big_integer(Events::ComponentId))
            .col(string_len(Events::DedupeKey, 64).unique_key().to_owned())
            .col(string_len(Events::InfoType, 64))
            .col(string_len_null(Events::AuthorizerAppid, 32))
            .col(big_integer(Events::CreateTime))
            .col(big_integer(Events::ReceivedAt))
            .col(text(Events::PayloadEnc))
            .col(string_len(Events::Status, 16))
            .col(integer(Events::Attempts).default(0).to_owned())
            .col(big_integer(Events::NextAttemptAt))
            .col(string_len_null(Events::LockedBy, 64))
            .col(big_integer_null(Events::LockedUntil))
            .col(text_null(Events::ResultZh))
            .col(text_null(Events::ResultEn))
            .col(big_integer_null(Events::ProcessedAt))
            .foreign_key(&mut fk(
                (Events::Table, Events::ComponentId),
                (Components::Table, Components::Id),
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_events_queue",
        Events::Table,
        [Events::Status, Events::NextAttemptAt],
        false,
    )
    .await?;
    index(
        m,
        "ix_events_tenant_time",
        Events::Table,
        [Events::TenantId, Events::ReceivedAt],
        false,
    )
    .await?;
    index(
        m,
        "ix_events_authorizer",
        Events::Table,
        [
            Events::TenantId,
            Events::AuthorizerAppid,
            Events::ReceivedAt,
        ],
        false,
    )
    .await
}

async fn auth_links(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(AuthLinks::Table)
            .col(id(AuthLinks::Id))
            .col(big_integer(AuthLinks::TenantId))
            .col(big_integer(AuthLinks::ComponentId))
            .col(big_integer_null(AuthLinks::CreatedBy))
            .col(string_len(AuthLinks::Kind, 8))
            .col(integer_null(AuthLinks::AuthType))
            .col(string_len_null(AuthLinks::BizAppid, 32))
            .col(string_len(AuthLinks::CategoryIds, 255))
            .col(string_len(AuthLinks::PreAuthCodeHash, 64))
            .col(text(AuthLinks::UrlEnc))
            .col(string_len(AuthLinks::Status, 16))
            .col(string_len_null(AuthLinks::AuthorizerAppid, 32))
            .col(string_len_null(AuthLinks::Outcome, 32))
            .col(big_integer(AuthLinks::CreatedAt))
            .col(big_integer(AuthLinks::ExpiresAt))
            .col(big_integer_null(AuthLinks::AuthorizedAt))
            .foreign_key(&mut fk(
                (AuthLinks::Table, AuthLinks::ComponentId),
                (Components::Table, Components::Id),
            ))
            .foreign_key(
                &mut ForeignKey::create()
                    .from(AuthLinks::Table, AuthLinks::CreatedBy)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::SetNull)
                    .to_owned(),
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_auth_links_code",
        AuthLinks::Table,
        [AuthLinks::PreAuthCodeHash],
        false,
    )
    .await?;
    index(
        m,
        "ix_auth_links_tenant",
        AuthLinks::Table,
        [AuthLinks::TenantId, AuthLinks::CreatedAt],
        false,
    )
    .await
}

async fn auth_code_exchanges(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(AuthCodeExchanges::Table)
            .col(id(AuthCodeExchanges::Id))
            .col(big_integer(AuthCodeExchanges::ComponentId))
            .col(string_len(AuthCodeExchanges::CodeHash, 64))
            .col(string_len(AuthCodeExchanges::ClaimedBy, 64))
            .col(big_integer(AuthCodeExchanges::ClaimedAt))
            .col(string_len(AuthCodeExchanges::Status, 16))
            .col(string_len_null(AuthCodeExchanges::AuthorizerAppid, 32))
            .col(string_len_null(AuthCodeExchanges::Outcome, 16))
            .col(text_null(AuthCodeExchanges::ErrorZh))
            .col(text_null(AuthCodeExchanges::ErrorEn))
            .col(big_integer_null(AuthCodeExchanges::FinishedAt))
            .foreign_key(&mut fk(
                (AuthCodeExchanges::Table, AuthCodeExchanges::ComponentId),
                (Components::Table, Components::Id),
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_auth_code_exchanges",
        AuthCodeExchanges::Table,
        [AuthCodeExchanges::ComponentId, AuthCodeExchanges::CodeHash],
        true,
    )
    .await
}

async fn push_rejections(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(PushRejections::Table)
            .col(string_len(PushRejections::ComponentAppid, 40))
            .col(string_len(PushRejections::Reason, 32))
            .col(big_integer(PushRejections::Count))
            .col(big_integer(PushRejections::LastAt))
            .primary_key(
                Index::create()
                    .col(PushRejections::ComponentAppid)
                    .col(PushRejections::Reason),
            )
            .to_owned(),
    )
    .await
}

async fn sync_jobs(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(SyncJobs::Table)
            .col(id(SyncJobs::Id))
            .col(big_integer(SyncJobs::TenantId))
            .col(big_integer(SyncJobs::ComponentId))
            .col(big_integer_null(SyncJobs::StartedBy))
            .col(string_len(SyncJobs::Status, 16))
            .col(big_integer(SyncJobs::Total).default(0).to_owned())
            .col(big_integer(SyncJobs::Processed).default(0).to_owned())
            .col(big_integer(SyncJobs::Created).default(0).to_owned())
            .col(big_integer(SyncJobs::Updated).default(0).to_owned())
            .col(text_null(SyncJobs::ErrorZh))
            .col(text_null(SyncJobs::ErrorEn))
            .col(big_integer(SyncJobs::StartedAt))
            .col(big_integer(SyncJobs::HeartbeatAt))
            .col(big_integer_null(SyncJobs::FinishedAt))
            .foreign_key(&mut fk(
                (SyncJobs::Table, SyncJobs::ComponentId),
                (Components::Table, Components::Id),
            ))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_sync_jobs_component",
        SyncJobs::Table,
        [SyncJobs::ComponentId, SyncJobs::StartedAt],
        false,
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One table at a time, each with its indexes; later tables refer to earlier ones.
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        components(m).await?;
        access_tokens(m).await?;
        authorizers(m).await?;
        authorizer_permissions(m).await?;
        events(m).await?;
        auth_links(m).await?;
        auth_code_exchanges(m).await?;
        push_rejections(m).await?;
        sync_jobs(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SyncJobs::Table.into_iden(),
            PushRejections::Table.into_iden(),
            AuthCodeExchanges::Table.into_iden(),
            AuthLinks::Table.into_iden(),
            Events::Table.into_iden(),
            AuthorizerPermissions::Table.into_iden(),
            Authorizers::Table.into_iden(),
            AccessTokens::Table.into_iden(),
            Components::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
