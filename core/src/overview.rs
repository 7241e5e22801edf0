//! The numbers on a tenant's overview page, counted in the database: a few `COUNT` queries,
//! whatever the number of platforms or authorizers.

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

use crate::AuthorizerStatus;
use crate::TenantId;
use crate::accounts::entity::membership;
use crate::authorizers::entity::authorizer;
use crate::db::Db;
use crate::error::CoreResult;
use crate::events::entity as event;
use crate::platforms::{NO_TICKET_ALARM_MS, entity as component};
use crate::tokens::entity as access_token;

/// A day in milliseconds.
const DAY_MS: i64 = 24 * 3600 * 1000;

/// Counts for one tenant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OverviewCounts {
    pub members: u64,
    pub platforms: u64,
    /// Authorizers whose authorization is current.
    pub authorizers: u64,
    /// Authorizers whose refresh token is gone (the merchant must authorize again).
    pub needs_reauth: u64,
    /// Authorizers that revoked the authorization.
    pub revoked: u64,
    /// Pushes received in the 24 hours before `now_ms`.
    pub events_24h: u64,
    /// Platform alarms, by the rules of [`crate::platforms::Alarm`]: one per platform without a
    /// ticket for 30 minutes, one per platform whose component token keeps failing, one per
    /// platform with authorizers needing re-authorization.
    pub alarms: u64,
}

/// Counts everything the overview shows for `tenant_id`, as of `now_ms`.
pub async fn counts(db: &Db, tenant_id: TenantId, now_ms: i64) -> CoreResult<OverviewCounts> {
    let conn = db.conn();
    let members = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant_id))
        .count(conn)
        .await?;
    let platforms = component::Entity::find()
        .filter(component::Column::TenantId.eq(tenant_id))
        .count(conn)
        .await?;
    let by_status = |status: AuthorizerStatus| {
        authorizer::Entity::find()
            .filter(authorizer::Column::TenantId.eq(tenant_id))
            .filter(authorizer::Column::Status.eq(status))
    };
    let authorizers = by_status(AuthorizerStatus::Authorized).count(conn).await?;
    let needs_reauth = by_status(AuthorizerStatus::NeedsReauth).count(conn).await?;
    let revoked = by_status(AuthorizerStatus::Revoked).count(conn).await?;
    let events_24h = event::Entity::find()
        .filter(event::Column::TenantId.eq(tenant_id))
        .filter(event::Column::ReceivedAt.gte(now_ms - DAY_MS))
        .count(conn)
        .await?;

    // The same rules as `platforms::Alarm`, as counts.
    let stale = now_ms - NO_TICKET_ALARM_MS;
    let no_ticket = component::Entity::find()
        .filter(component::Column::TenantId.eq(tenant_id))
        .filter(component::Column::Enabled.eq(true))
        .filter(
            Condition::any()
                .add(component::Column::TicketReceivedAt.lt(stale))
                .add(
                    Condition::all()
                        .add(component::Column::TicketReceivedAt.is_null())
                        .add(component::Column::CreatedAt.lt(stale)),
                ),
        )
        .count(conn)
        .await?;
    let token_failing = access_token::Entity::find()
        .filter(access_token::Column::AuthorizerAppid.eq(""))
        .filter(access_token::Column::Failures.gt(0))
        .filter(
            Condition::any()
                .add(access_token::Column::TokenEnc.is_null())
                .add(access_token::Column::ExpiresAt.is_null())
                .add(access_token::Column::ExpiresAt.lte(now_ms)),
        )
        .filter(
            access_token::Column::ComponentId.in_subquery(
                Query::select()
                    .column(component::Column::Id)
                    .from(component::Entity)
                    .and_where(component::Column::TenantId.eq(tenant_id))
                    .and_where(component::Column::Enabled.eq(true))
                    .to_owned(),
            ),
        )
        .count(conn)
        .await?;
    let reauth_platforms = by_status(AuthorizerStatus::NeedsReauth)
        .select_only()
        .column(authorizer::Column::ComponentId)
        .distinct()
        .count(conn)
        .await?;
    Ok(OverviewCounts {
        members,
        platforms,
        authorizers,
        needs_reauth,
        revoked,
        events_24h,
        alarms: no_ticket + token_failing + reauth_platforms,
    })
}
