//! The refresh lease: a conditional UPDATE that only one process can win, on SQLite and PostgreSQL.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement, Value,
};

use super::TokenKey;
use super::entity as access_token;
use crate::error::CoreResult;
use crate::services::Services;

/// Takes the lease of row `id` for this process if it is free, expired, or already ours.
pub(crate) async fn acquire(svc: &Services, id: i64) -> CoreResult<bool> {
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
        .filter(access_token::Column::Id.eq(id))
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

/// Gives the lease back (only if it is still ours).
pub(crate) async fn release(svc: &Services, id: i64) -> CoreResult<()> {
    access_token::Entity::update_many()
        .col_expr(
            access_token::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            access_token::Column::LeaseUntil,
            Expr::value(Option::<i64>::None),
        )
        .filter(access_token::Column::Id.eq(id))
        .filter(access_token::Column::LeaseOwner.eq(svc.instance_id.clone()))
        .exec(svc.db.conn())
        .await?;
    Ok(())
}

/// Claims up to `limit` tokens that are due, with their leases, in one statement. On PostgreSQL
/// `FOR UPDATE SKIP LOCKED` lets several instances sweep at once without waiting on each other;
/// SQLite's single writer makes the same UPDATE atomic.
pub(crate) async fn claim_due(svc: &Services, limit: u64) -> CoreResult<Vec<(i64, TokenKey)>> {
    let now = svc.now();
    let lease_until = now + svc.tokens.config.lease_ms;
    let backend = svc.db.backend();
    let (sql, lock) = match backend {
        DbBackend::Postgres => (
            "UPDATE access_tokens SET lease_owner = $1, lease_until = $2 WHERE id IN (\
             SELECT t.id FROM access_tokens t JOIN components c ON c.id = t.component_id \
             WHERE c.enabled = TRUE AND t.refresh_due_at IS NOT NULL AND t.refresh_due_at <= $3 \
             AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= $3) \
             AND (t.lease_until IS NULL OR t.lease_until < $3) \
             ORDER BY t.refresh_due_at LIMIT $4 FOR UPDATE OF t SKIP LOCKED) \
             RETURNING id, component_id, authorizer_appid",
            true,
        ),
        _ => (
            "UPDATE access_tokens SET lease_owner = ?, lease_until = ? WHERE id IN (\
             SELECT t.id FROM access_tokens t JOIN components c ON c.id = t.component_id \
             WHERE c.enabled = TRUE AND t.refresh_due_at IS NOT NULL AND t.refresh_due_at <= ? \
             AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= ?) \
             AND (t.lease_until IS NULL OR t.lease_until < ?) \
             ORDER BY t.refresh_due_at LIMIT ?) \
             RETURNING id, component_id, authorizer_appid",
            false,
        ),
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let values: Vec<Value> = if lock {
        vec![
            svc.instance_id.clone().into(),
            lease_until.into(),
            now.into(),
            limit.into(),
        ]
    } else {
        vec![
            svc.instance_id.clone().into(),
            lease_until.into(),
            now.into(),
            now.into(),
            now.into(),
            limit.into(),
        ]
    };
    let rows = svc
        .db
        .conn()
        .query_all(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut keys = Vec::with_capacity(rows.len());
    for row in rows {
        keys.push((
            row.try_get("", "id")?,
            TokenKey {
                component_id: row.try_get("", "component_id")?,
                authorizer_appid: row.try_get("", "authorizer_appid")?,
            },
        ));
    }
    Ok(keys)
}
