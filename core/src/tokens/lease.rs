//! The refresh lease of a token: taken with a conditional UPDATE that only one process can win,
//! and claimed for due tokens in bulk by the sweep with the job queues' lease claim.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entity as access_token;
use super::key::TokenKey;
use crate::error::CoreResult;
use crate::message::Bi;
use crate::queue::{self, Claim};
use crate::services::Services;

/// Takes the lease of `key`'s token for this process if it is free, expired, or already ours.
pub(crate) async fn acquire(svc: &Services, key: &TokenKey) -> CoreResult<bool> {
    let now = svc.now();
    let res = access_token::Entity::update_many()
        .col_expr(
            access_token::Column::LeaseOwner,
            Expr::value(svc.instance_id.clone()),
        )
        .col_expr(
            access_token::Column::LeaseUntil,
            Expr::value(now + svc.tokens.config.lease_ms),
        )
        .filter(access_token::by_key(key))
        .filter(
            access_token::Column::LeaseUntil
                .is_null()
                .or(access_token::Column::LeaseUntil.lt(now))
                .or(access_token::Column::LeaseOwner.eq(svc.instance_id.clone())),
        )
        .exec(svc.db.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Extends this process's lease of `key`'s token to the lease time from now, if it still holds
/// it; returns whether it does. The owner is compared in the UPDATE, so a lease that ran out and
/// was taken by another process is never taken back: that process refreshes now, and this one
/// must not write (a refresh can outlive its lease: the 61023 recovery pages through the whole
/// authorizer list, every call may wait for WeChat). On `conn`, so that a write can check the
/// lease in its own transaction.
pub(crate) async fn renew<C: ConnectionTrait>(
    svc: &Services,
    conn: &C,
    key: &TokenKey,
) -> CoreResult<bool> {
    let res = access_token::Entity::update_many()
        .col_expr(
            access_token::Column::LeaseUntil,
            Expr::value(svc.now() + svc.tokens.config.lease_ms),
        )
        .filter(access_token::by_key(key))
        .filter(access_token::Column::LeaseOwner.eq(svc.instance_id.clone()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Why a refresh stopped or left its result unwritten.
pub(crate) fn lost_message() -> Bi {
    Bi::new(
        "刷新耗时超过租约，另一个实例已接手刷新该令牌",
        "The refresh outlasted its lease; another instance has taken over this token",
    )
}

/// Gives the lease of `key`'s token back (only if it is still ours).
pub(crate) async fn release(svc: &Services, key: &TokenKey) -> CoreResult<()> {
    access_token::Entity::update_many()
        .col_expr(
            access_token::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            access_token::Column::LeaseUntil,
            Expr::value(Option::<i64>::None),
        )
        .filter(access_token::by_key(key))
        .filter(access_token::Column::LeaseOwner.eq(svc.instance_id.clone()))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// Tokens due for a refresh, on enabled platforms, not backing off and not leased, earliest due
/// first.
const DUE: Claim = Claim {
    table: "access_tokens",
    owner: "lease_owner",
    until: "lease_until",
    also_set: "",
    joins: "JOIN components c ON c.id = t.component_id",
    due: "c.enabled = TRUE AND t.refresh_due_at IS NOT NULL AND t.refresh_due_at <= $3 \
          AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= $3) \
          AND (t.lease_until IS NULL OR t.lease_until < $3)",
    order: "t.refresh_due_at",
    returning: "component_id, authorizer_appid",
};

/// Claims up to `limit` tokens that are due, with their leases, in one statement.
pub(crate) async fn claim_due(svc: &Services, limit: u64) -> CoreResult<Vec<TokenKey>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = queue::claim(svc, &DUE, limit, svc.tokens.config.lease_ms).await?;
    let mut keys = Vec::with_capacity(rows.len());
    for row in rows {
        keys.push(TokenKey {
            component_id: row.try_get("", "component_id")?,
            authorizer_appid: row.try_get("", "authorizer_appid")?,
        });
    }
    Ok(keys)
}
