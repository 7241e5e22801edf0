//! The token-health distribution: the current state of a tenant's (or a platform's) tokens,
//! counted by query.

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter};

use crate::authorizers::entity::authorizer;
use crate::error::CoreResult;
use crate::platforms::entity as component;
use crate::services::Services;
use crate::tokens::entity as access_token;
use crate::{AuthorizerStatus, PlatformId, TenantId};

/// A token that expires within this is "expiring soon" (WeChat's tokens live 2 hours and are
/// refreshed well before this; one still this close missed its refresh).
pub const EXPIRING_SOON_MS: i64 = 30 * 60_000;

/// How many tokens are in each state. Each token is in exactly one: failing (its last refresh
/// failed), else expired (or absent), else expiring soon, else fresh. The component tokens and
/// the tokens of authorized accounts count; `needs_reauth` counts the accounts whose refresh
/// token is gone (they have no token to refresh).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenHealth {
    pub fresh: u64,
    pub expiring: u64,
    pub expired: u64,
    pub failing: u64,
    pub needs_reauth: u64,
}

/// Counts the token states of `tenant_id`'s platforms (or of `platform` only) as of `now_ms`.
pub async fn token_health(
    svc: &Services,
    tenant_id: TenantId,
    platform: Option<PlatformId>,
    now_ms: i64,
) -> CoreResult<TokenHealth> {
    let conn = svc.db.conn();
    let mut platforms = Query::select()
        .column(component::Column::Id)
        .from(component::Entity)
        .and_where(component::Column::TenantId.eq(tenant_id))
        .to_owned();
    if let Some(p) = platform {
        platforms.and_where(component::Column::Id.eq(p));
    }
    let mut authorized = Query::select()
        .column(authorizer::Column::Appid)
        .from(authorizer::Entity)
        .and_where(authorizer::Column::TenantId.eq(tenant_id))
        .and_where(authorizer::Column::Status.eq(AuthorizerStatus::Authorized))
        .to_owned();
    if let Some(p) = platform {
        authorized.and_where(authorizer::Column::ComponentId.eq(p));
    }
    let counted = Condition::all()
        .add(access_token::Column::ComponentId.in_subquery(platforms))
        .add(
            Condition::any()
                .add(access_token::Column::AuthorizerAppid.eq(""))
                .add(access_token::Column::AuthorizerAppid.in_subquery(authorized)),
        );
    let expired = Condition::any()
        .add(access_token::Column::TokenEnc.is_null())
        .add(access_token::Column::ExpiresAt.is_null())
        .add(access_token::Column::ExpiresAt.lte(now_ms));
    let tokens = || access_token::Entity::find().filter(counted.clone());
    let failing = tokens()
        .filter(access_token::Column::Failures.gt(0))
        .count(conn)
        .await?;
    let healthy = || tokens().filter(access_token::Column::Failures.lte(0));
    let expired_n = healthy().filter(expired.clone()).count(conn).await?;
    let live = || healthy().filter(expired.clone().not());
    let expiring = live()
        .filter(access_token::Column::ExpiresAt.lte(now_ms + EXPIRING_SOON_MS))
        .count(conn)
        .await?;
    let fresh = live()
        .filter(access_token::Column::ExpiresAt.gt(now_ms + EXPIRING_SOON_MS))
        .count(conn)
        .await?;
    let mut reauth = authorizer::Entity::find()
        .filter(authorizer::Column::TenantId.eq(tenant_id))
        .filter(authorizer::Column::Status.eq(AuthorizerStatus::NeedsReauth));
    if let Some(p) = platform {
        reauth = reauth.filter(authorizer::Column::ComponentId.eq(p));
    }
    Ok(TokenHealth {
        fresh,
        expiring,
        expired: expired_n,
        failing,
        needs_reauth: reauth.count(conn).await?,
    })
}
