//! Third-party platforms (components), their tokens, authorizers, received pushes, authorization
//! links, and the bookkeeping that keeps every process in step (leases, exchange claims, sync jobs).

use sea_orm_migration::prelude::*;

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

fn big(c: impl IntoIden + 'static) -> ColumnDef {
    ColumnDef::new(c).big_integer().not_null().to_owned()
}
fn big_null(c: impl IntoIden + 'static) -> ColumnDef {
    ColumnDef::new(c).big_integer().null().to_owned()
}
fn int_null(c: impl IntoIden + 'static) -> ColumnDef {
    ColumnDef::new(c).integer().null().to_owned()
}
fn text_null(c: impl IntoIden + 'static) -> ColumnDef {
    ColumnDef::new(c).text().null().to_owned()
}
fn text(c: impl IntoIden + 'static) -> ColumnDef {
    ColumnDef::new(c).text().not_null().to_owned()
}
fn string(c: impl IntoIden + 'static, len: u32) -> ColumnDef {
    ColumnDef::new(c).string_len(len).not_null().to_owned()
}
fn string_null(c: impl IntoIden + 'static, len: u32) -> ColumnDef {
    ColumnDef::new(c).string_len(len).null().to_owned()
}
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

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: DynIden,
    cols: Vec<DynIden>,
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

macro_rules! cols {
    ($($c:expr),+) => { vec![$($c.into_iden()),+] };
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Components::Table)
                .col(id(Components::Id))
                .col(big(Components::TenantId))
                .col(string(Components::Appid, 32).unique_key().to_owned())
                .col(string(Components::Name, 64))
                .col(text(Components::SecretEnc))
                .col(text(Components::TokenEnc))
                .col(text(Components::AesKeyEnc))
                .col(text_null(Components::PrevAesKeyEnc))
                .col(
                    ColumnDef::new(Components::Enabled)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(text_null(Components::TicketEnc))
                .col(big_null(Components::TicketCreatedAt))
                .col(big_null(Components::TicketReceivedAt))
                .col(string_null(Components::EgressIp, 64))
                .col(big(Components::CreatedAt))
                .col(big(Components::UpdatedAt))
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
            Components::Table.into_iden(),
            cols!(Components::TenantId),
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AccessTokens::Table)
                .col(id(AccessTokens::Id))
                .col(big(AccessTokens::ComponentId))
                .col(string(AccessTokens::AuthorizerAppid, 32))
                .col(text_null(AccessTokens::TokenEnc))
                .col(big_null(AccessTokens::ExpiresAt))
                .col(big_null(AccessTokens::RefreshDueAt))
                .col(
                    ColumnDef::new(AccessTokens::Version)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(string_null(AccessTokens::LeaseOwner, 64))
                .col(big_null(AccessTokens::LeaseUntil))
                .col(
                    ColumnDef::new(AccessTokens::Failures)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(big_null(AccessTokens::NextAttemptAt))
                .col(text_null(AccessTokens::LastError))
                .col(big_null(AccessTokens::LastErrorAt))
                .col(big_null(AccessTokens::RefreshedAt))
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
            AccessTokens::Table.into_iden(),
            cols!(AccessTokens::ComponentId, AccessTokens::AuthorizerAppid),
            true,
        )
        .await?;
        index(
            m,
            "ix_access_tokens_due",
            AccessTokens::Table.into_iden(),
            cols!(AccessTokens::RefreshDueAt),
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Authorizers::Table)
                .col(id(Authorizers::Id))
                .col(big(Authorizers::TenantId))
                .col(big(Authorizers::ComponentId))
                .col(string(Authorizers::Appid, 32))
                .col(string(Authorizers::Kind, 16))
                .col(string(Authorizers::NickName, 128))
                .col(text_null(Authorizers::HeadImg))
                .col(string(Authorizers::UserName, 64))
                .col(string_null(Authorizers::PrincipalName, 128))
                .col(string_null(Authorizers::Alias, 64))
                .col(text_null(Authorizers::QrcodeUrl))
                .col(text_null(Authorizers::Signature))
                .col(int_null(Authorizers::ServiceType))
                .col(int_null(Authorizers::VerifyType))
                .col(int_null(Authorizers::AccountStatus))
                .col(string(Authorizers::Status, 16))
                .col(text_null(Authorizers::RefreshTokenEnc))
                .col(text(Authorizers::SearchText))
                .col(big(Authorizers::AuthorizedAt))
                .col(big(Authorizers::UpdatedAt))
                .col(big_null(Authorizers::RevokedAt))
                .col(big_null(Authorizers::InfoSyncedAt))
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
            Authorizers::Table.into_iden(),
            cols!(Authorizers::ComponentId, Authorizers::Appid),
            true,
        )
        .await?;
        index(
            m,
            "ix_authorizers_tenant_time",
            Authorizers::Table.into_iden(),
            cols!(Authorizers::TenantId, Authorizers::AuthorizedAt),
            false,
        )
        .await?;
        index(
            m,
            "ix_authorizers_tenant_status",
            Authorizers::Table.into_iden(),
            cols!(
                Authorizers::TenantId,
                Authorizers::Status,
                Authorizers::AuthorizedAt
            ),
            false,
        )
        .await?;
        // Exact appid lookups within a tenant (an appid typed in the search box).
        index(
            m,
            "ix_authorizers_tenant_appid",
            Authorizers::Table.into_iden(),
            cols!(Authorizers::TenantId, Authorizers::Appid),
            false,
        )
        .await?;
        // Substring search scans this narrow covering index instead of the table.
        index(
            m,
            "ix_authorizers_tenant_search",
            Authorizers::Table.into_iden(),
            cols!(Authorizers::TenantId, Authorizers::SearchText),
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuthorizerPermissions::Table)
                .col(big(AuthorizerPermissions::AuthorizerId))
                .col(
                    ColumnDef::new(AuthorizerPermissions::FuncId)
                        .integer()
                        .not_null(),
                )
                .col(int_null(AuthorizerPermissions::NeedConfirm))
                .col(int_null(AuthorizerPermissions::AlreadyConfirm))
                .col(int_null(AuthorizerPermissions::CanConfirm))
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
            AuthorizerPermissions::Table.into_iden(),
            cols!(
                AuthorizerPermissions::FuncId,
                AuthorizerPermissions::AuthorizerId
            ),
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(id(Events::Id))
                .col(big(Events::TenantId))
                .col(big(Events::ComponentId))
                .col(string(Events::DedupeKey, 64).unique_key().to_owned())
                .col(string(Events::InfoType, 64))
                .col(string_null(Events::AuthorizerAppid, 32))
                .col(big(Events::CreateTime))
                .col(big(Events::ReceivedAt))
                .col(text(Events::PayloadEnc))
                .col(string(Events::Status, 16))
                .col(
                    ColumnDef::new(Events::Attempts)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(big(Events::NextAttemptAt))
                .col(string_null(Events::LockedBy, 64))
                .col(big_null(Events::LockedUntil))
                .col(text_null(Events::ResultZh))
                .col(text_null(Events::ResultEn))
                .col(big_null(Events::ProcessedAt))
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
            Events::Table.into_iden(),
            cols!(Events::Status, Events::NextAttemptAt),
            false,
        )
        .await?;
        index(
            m,
            "ix_events_tenant_time",
            Events::Table.into_iden(),
            cols!(Events::TenantId, Events::ReceivedAt),
            false,
        )
        .await?;
        index(
            m,
            "ix_events_authorizer",
            Events::Table.into_iden(),
            cols!(
                Events::TenantId,
                Events::AuthorizerAppid,
                Events::ReceivedAt
            ),
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuthLinks::Table)
                .col(id(AuthLinks::Id))
                .col(big(AuthLinks::TenantId))
                .col(big(AuthLinks::ComponentId))
                .col(big_null(AuthLinks::CreatedBy))
                .col(string(AuthLinks::Kind, 8))
                .col(int_null(AuthLinks::AuthType))
                .col(string_null(AuthLinks::BizAppid, 32))
                .col(string(AuthLinks::CategoryIds, 255))
                .col(string(AuthLinks::PreAuthCodeHash, 64))
                .col(text(AuthLinks::UrlEnc))
                .col(string(AuthLinks::Status, 16))
                .col(string_null(AuthLinks::AuthorizerAppid, 32))
                .col(string_null(AuthLinks::Outcome, 32))
                .col(big(AuthLinks::CreatedAt))
                .col(big(AuthLinks::ExpiresAt))
                .col(big_null(AuthLinks::AuthorizedAt))
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
            AuthLinks::Table.into_iden(),
            cols!(AuthLinks::PreAuthCodeHash),
            false,
        )
        .await?;
        index(
            m,
            "ix_auth_links_tenant",
            AuthLinks::Table.into_iden(),
            cols!(AuthLinks::TenantId, AuthLinks::CreatedAt),
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuthCodeExchanges::Table)
                .col(id(AuthCodeExchanges::Id))
                .col(big(AuthCodeExchanges::ComponentId))
                .col(string(AuthCodeExchanges::CodeHash, 64))
                .col(string(AuthCodeExchanges::ClaimedBy, 64))
                .col(big(AuthCodeExchanges::ClaimedAt))
                .col(string(AuthCodeExchanges::Status, 16))
                .col(string_null(AuthCodeExchanges::AuthorizerAppid, 32))
                .col(string_null(AuthCodeExchanges::Outcome, 16))
                .col(text_null(AuthCodeExchanges::ErrorZh))
                .col(text_null(AuthCodeExchanges::ErrorEn))
                .col(big_null(AuthCodeExchanges::FinishedAt))
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
            AuthCodeExchanges::Table.into_iden(),
            cols!(AuthCodeExchanges::ComponentId, AuthCodeExchanges::CodeHash),
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PushRejections::Table)
                .col(string(PushRejections::ComponentAppid, 40))
                .col(string(PushRejections::Reason, 32))
                .col(big(PushRejections::Count))
                .col(big(PushRejections::LastAt))
                .primary_key(
                    Index::create()
                        .col(PushRejections::ComponentAppid)
                        .col(PushRejections::Reason),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SyncJobs::Table)
                .col(id(SyncJobs::Id))
                .col(big(SyncJobs::TenantId))
                .col(big(SyncJobs::ComponentId))
                .col(big_null(SyncJobs::StartedBy))
                .col(string(SyncJobs::Status, 16))
                .col(
                    ColumnDef::new(SyncJobs::Total)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(SyncJobs::Processed)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(SyncJobs::Created)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(SyncJobs::Updated)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(text_null(SyncJobs::ErrorZh))
                .col(text_null(SyncJobs::ErrorEn))
                .col(big(SyncJobs::StartedAt))
                .col(big(SyncJobs::HeartbeatAt))
                .col(big_null(SyncJobs::FinishedAt))
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
            SyncJobs::Table.into_iden(),
            cols!(SyncJobs::ComponentId, SyncJobs::StartedAt),
            false,
        )
        .await
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
