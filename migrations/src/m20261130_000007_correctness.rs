//! Ordering revocations by WeChat's clock: an authorizer keeps the `CreateTime` of the push that
//! announced its current authorization, so that an `unauthorized` push that is older (delivered
//! late, or queued while the merchant authorized again) never touches the newer authorization.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Authorizers {
    Table,
    /// WeChat's `CreateTime` (Unix ms) of the current authorization's `authorized` push; null
    /// while only the redirect page has seen it.
    WechatAuthorizedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Authorizers::Table)
                .add_column(big_integer_null(Authorizers::WechatAuthorizedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Authorizers::Table)
                .drop_column(Authorizers::WechatAuthorizedAt)
                .to_owned(),
        )
        .await
    }
}
