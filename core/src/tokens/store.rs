//! Storing tokens. [`store_token`] is the one write of a new token, whoever got it from WeChat (a
//! refresh, an authorization's code exchange): sealed under its row's context (the only place that
//! names it), with its expiry and the time its refresh is due by one rule. The other writes of a
//! token's row live here too: creating the row, recording that there is no token, making it due,
//! expiring it.

use rand::Rng;
use sea_orm::sea_query::{Expr, OnConflict, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use wxopen::Secret;

use super::entity::{self as access_token, Column};
use super::key::TokenKey;
use super::state::TokenConfig;
use crate::error::CoreResult;
use crate::services::Services;

/// A token as WeChat issued it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Issued<'a> {
    pub token: &'a Secret,
    /// Its lifetime in seconds, as WeChat gives it.
    pub expires_in: u64,
}

/// When a token [`store_token`] wrote expires and when its refresh is due (Unix ms).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stored {
    pub expires_at: i64,
    pub refresh_due_at: i64,
}

/// The associated data a token is sealed with: its table, column and row key.
fn context(key: &TokenKey) -> String {
    format!(
        "access_tokens.token:{}:{}",
        key.component_id, key.authorizer_appid
    )
}

/// Opens the stored (sealed) token of `key`.
pub(crate) fn open(svc: &Services, key: &TokenKey, sealed: &str) -> CoreResult<Secret> {
    Ok(svc.secrets.open(&context(key), sealed)?)
}

/// WeChat's lifetime in seconds, in ms (7200 s if it makes no sense).
fn life_ms(expires_in: u64) -> i64 {
    i64::try_from(expires_in)
        .unwrap_or(7200)
        .saturating_mul(1000)
}

/// When to refresh a token issued at `now` that lives `life_ms`: at `refresh_ratio` of its life,
/// minus a random share of up to `jitter_ratio` so that tokens issued together are not refreshed
/// together, and not within its first second.
fn refresh_due(cfg: &TokenConfig, now: i64, life_ms: i64) -> i64 {
    let jitter_max = (life_ms as f64 * cfg.jitter_ratio) as i64;
    let jitter = if jitter_max > 0 {
        rand::thread_rng().gen_range(0..=jitter_max)
    } else {
        0
    };
    now + ((life_ms as f64 * cfg.refresh_ratio) as i64 - jitter).max(1000)
}

/// Stores `issued` as the token of `key`: sealed, with its expiry and the time its refresh is due.
/// Runs on `conn`, so that a refresh token WeChat returned with it is written in the same
/// transaction. The row must exist ([`create_row`]).
pub(crate) async fn store_token<C: ConnectionTrait>(
    svc: &Services,
    conn: &C,
    key: &TokenKey,
    issued: Issued<'_>,
) -> CoreResult<Stored> {
    let now = svc.now();
    let life = life_ms(issued.expires_in);
    let sealed = svc.secrets.seal(&context(key), issued.token.expose())?;
    let stored = Stored {
        expires_at: now + life,
        refresh_due_at: refresh_due(&svc.tokens.config, now, life),
    };
    write(
        conn,
        key,
        now,
        Some(sealed),
        Some(stored.expires_at),
        stored.refresh_due_at,
    )
    .await?;
    Ok(stored)
}

/// Records that WeChat handed no token over for `key` (an account found in the authorizer list):
/// none is kept, and its refresh is due at once.
pub(crate) async fn store_none<C: ConnectionTrait>(
    svc: &Services,
    conn: &C,
    key: &TokenKey,
) -> CoreResult<()> {
    let now = svc.now();
    write(conn, key, now, None, None, now).await
}

/// Writes a new token (or none) with its schedule, bumps the version (compare-and-expire compares
/// it) and forgets earlier failures.
async fn write<C: ConnectionTrait>(
    conn: &C,
    key: &TokenKey,
    now: i64,
    sealed: Option<String>,
    expires_at: Option<i64>,
    refresh_due_at: i64,
) -> CoreResult<()> {
    access_token::Entity::update_many()
        .col_expr(Column::TokenEnc, Expr::value(sealed))
        .col_expr(Column::ExpiresAt, Expr::value(expires_at))
        .col_expr(Column::RefreshDueAt, Expr::value(refresh_due_at))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::RefreshedAt, Expr::value(now))
        .col_expr(Column::Failures, Expr::value(0))
        .col_expr(Column::NextAttemptAt, Expr::value(Option::<i64>::None))
        .col_expr(Column::LastError, Expr::value(Option::<String>::None))
        .filter(access_token::by_key(key))
        .exec(conn)
        .await?;
    Ok(())
}

/// Creates the row of `key` unless it exists: no token and not due (a platform's token becomes due
/// with its first ticket; an authorization stores its token right after).
pub(crate) async fn create_row<C: ConnectionTrait>(conn: &C, key: &TokenKey) -> CoreResult<()> {
    access_token::Entity::insert(access_token::ActiveModel {
        component_id: Set(key.component_id),
        authorizer_appid: Set(key.authorizer_appid.clone()),
        token_enc: Set(None),
        expires_at: Set(None),
        refresh_due_at: Set(None),
        version: Set(0),
        failures: Set(0),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([Column::ComponentId, Column::AuthorizerAppid])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(conn)
    .await?;
    Ok(())
}

/// Makes the token of `key` due now, skipping any backoff, and wakes the sweep: its account's
/// refresh token changed, so a refresh may now succeed.
pub(crate) async fn make_due(svc: &Services, key: &TokenKey) -> CoreResult<()> {
    make_due_where(svc, key, svc.now(), None).await
}

/// [`make_due`], but only if the token is missing, expired or failing: a new ticket can fix those,
/// and a healthy token keeps its schedule.
pub(crate) async fn make_due_if_unusable(svc: &Services, key: &TokenKey) -> CoreResult<()> {
    let now = svc.now();
    let unusable = Column::TokenEnc
        .is_null()
        .or(Column::ExpiresAt.lte(now))
        .or(Column::Failures.gt(0));
    make_due_where(svc, key, now, Some(unusable)).await
}

async fn make_due_where(
    svc: &Services,
    key: &TokenKey,
    now: i64,
    only: Option<SimpleExpr>,
) -> CoreResult<()> {
    let mut update = access_token::Entity::update_many()
        .col_expr(Column::RefreshDueAt, Expr::value(now))
        .col_expr(Column::NextAttemptAt, Expr::value(Option::<i64>::None))
        .filter(access_token::by_key(key));
    if let Some(only) = only {
        update = update.filter(only);
    }
    update.exec(svc.db.conn()).await?;
    svc.token_notify.notify_one();
    Ok(())
}

/// Marks the token expired, but only if `version` is still the stored one: a token another
/// process just refreshed is left alone (WeChat's 40001 "not latest" storms come from expiring
/// blindly). Returns whether it was expired.
pub async fn expire_if_current(svc: &Services, key: &TokenKey, version: i64) -> CoreResult<bool> {
    let now = svc.now();
    let res = access_token::Entity::update_many()
        .col_expr(Column::ExpiresAt, Expr::value(now - 1))
        .col_expr(Column::RefreshDueAt, Expr::value(now))
        .col_expr(Column::NextAttemptAt, Expr::value(Option::<i64>::None))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(access_token::by_key(key))
        .filter(Column::Version.eq(version))
        .exec(svc.db.conn())
        .await?;
    svc.tokens.forget(key);
    if res.rows_affected > 0 {
        svc.token_notify.notify_one();
    }
    Ok(res.rows_affected > 0)
}
