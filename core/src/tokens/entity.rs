//! `access_tokens`: the component token (authorizer_appid = "") and every authorizer token, with
//! the lease that lets exactly one process refresh each.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub component_id: crate::PlatformId,
    /// Empty for the component's own token.
    pub authorizer_appid: String,
    pub token_enc: Option<String>,
    pub expires_at: Option<i64>,
    pub refresh_due_at: Option<i64>,
    /// Bumped on every refresh and forced expiry; compare-and-expire compares it.
    pub version: i64,
    pub lease_owner: Option<String>,
    pub lease_until: Option<i64>,
    pub failures: i32,
    pub next_attempt_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub refreshed_at: Option<i64>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken")
            .field("component_id", &self.component_id)
            .field("authorizer_appid", &self.authorizer_appid)
            .field("expires_at", &self.expires_at)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Clears the token itself and stops its refreshes (revocation, lost refresh token).
pub(crate) fn cleared(update: sea_orm::UpdateMany<Entity>) -> sea_orm::UpdateMany<Entity> {
    use sea_orm::sea_query::Expr;
    update
        .col_expr(Column::TokenEnc, Expr::value(Option::<String>::None))
        .col_expr(Column::ExpiresAt, Expr::value(Option::<i64>::None))
        .col_expr(Column::RefreshDueAt, Expr::value(Option::<i64>::None))
}

/// The row of `key`.
pub(crate) fn by_key(key: &super::key::TokenKey) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(Column::ComponentId.eq(key.component_id))
        .add(Column::AuthorizerAppid.eq(key.authorizer_appid.clone()))
}
