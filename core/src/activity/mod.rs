//! Hourly activity counters per tenant and platform, behind the charts of the overview and of a
//! platform's page (`activity_hourly`, migration 000013).
//!
//! Each counter is one upsert-increment (`INSERT … ON CONFLICT DO UPDATE SET count = count + 1`)
//! where the thing happens:
//! - a push refused at the authorization-event URL for a known platform (in the same moment as
//!   the `push_rejections` counter, concurrently, so the refusal waits for one round trip, not
//!   two; pushes to unknown appids have no tenant and are not counted here);
//! - an authorization (an account becoming authorized, in the transaction that records it) and a
//!   revocation (an account becoming revoked, in its transaction);
//! - a token refresh that succeeded or failed (after the refresh).
//!
//! Pushes **stored** are not counted here: they are counted from `events.received_at` when read
//! (index `(tenant_id, received_at)`), so the push acknowledgement, the console's hot path, gets
//! no extra write at all. That count only covers what the retention job keeps (90 days by
//! default; a shorter `WXOPEN_RETENTION_DAYS` than 30 thins the 30-day chart's oldest days).
//!
//! Hours are Unix-ms hour starts: China time is a whole 8 hours ahead of UTC, so an hour is the
//! same instant in both; days are China days (00:00 UTC+8), summed from the hours when read.
//! Rows older than [`KEEP_DAYS`] are pruned by the nightly retention job.

mod chart;
pub mod entity;
mod health;

pub use chart::{Bucket, Chart, Span, chart};
pub use health::{EXPIRING_SOON_MS, TokenHealth, token_health};

use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use self::entity as activity;
use crate::error::CoreResult;
use crate::platforms::entity as component;
use crate::{PlatformId, TenantId};

/// An hour in milliseconds.
pub const HOUR_MS: i64 = 3_600_000;
/// A day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;
/// China Standard Time is UTC+8, all year.
pub const CST_OFFSET_MS: i64 = 8 * HOUR_MS;
/// How long the counters are kept (the charts show at most 30 days).
pub const KEEP_DAYS: i64 = 35;

/// What a counter counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// A push refused at the authorization-event URL of a known platform.
    PushRefused,
    /// An account became authorized (new, or again after a revocation or a lost refresh token).
    Authorized,
    /// An account revoked its authorization.
    Revoked,
    /// A token refresh (component or authorizer) succeeded.
    RefreshOk,
    /// A token refresh failed.
    RefreshFailed,
}

impl Metric {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::PushRefused => "push_refused",
            Metric::Authorized => "authorized",
            Metric::Revoked => "revoked",
            Metric::RefreshOk => "refresh_ok",
            Metric::RefreshFailed => "refresh_failed",
        }
    }
}

/// The start of the hour `ms` falls in.
pub fn hour_of(ms: i64) -> i64 {
    ms.div_euclid(HOUR_MS) * HOUR_MS
}

/// The start (00:00 China time, as Unix ms) of the China day `ms` falls in.
pub fn cst_day_of(ms: i64) -> i64 {
    (ms + CST_OFFSET_MS).div_euclid(DAY_MS) * DAY_MS - CST_OFFSET_MS
}

/// The upsert-increment of one counter, by the time of `at_ms`.
fn increment(
    tenant_id: TenantId,
    component_id: PlatformId,
    metric: Metric,
    at_ms: i64,
) -> sea_orm::Insert<activity::ActiveModel> {
    activity::Entity::insert(activity::ActiveModel {
        component_id: Set(component_id),
        hour_ms: Set(hour_of(at_ms)),
        metric: Set(metric.as_str().into()),
        tenant_id: Set(tenant_id),
        count: Set(1),
    })
    .on_conflict(add_one())
}

/// `ON CONFLICT (component_id, hour_ms, metric) DO UPDATE SET count = count + 1`.
fn add_one() -> OnConflict {
    OnConflict::columns([
        activity::Column::ComponentId,
        activity::Column::HourMs,
        activity::Column::Metric,
    ])
    .value(
        activity::Column::Count,
        Expr::col((activity::Entity, activity::Column::Count)).add(1),
    )
    .to_owned()
}

/// Adds one to `metric` of platform `component_id` for the hour of `at_ms`, on `conn` (a
/// transaction, when the counted change is in one).
pub(crate) async fn count<C: ConnectionTrait>(
    conn: &C,
    tenant_id: TenantId,
    component_id: PlatformId,
    metric: Metric,
    at_ms: i64,
) -> CoreResult<()> {
    increment(tenant_id, component_id, metric, at_ms)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Adds one to `metric` of the platform whose appid is `appid`, for the hour of `at_ms`, in one
/// statement (`INSERT … SELECT … FROM components WHERE appid = ?`): the refusal path knows only
/// the appid, and a lookup first would be a second round trip. No platform, no row.
pub(crate) async fn count_by_appid<C: ConnectionTrait>(
    conn: &C,
    appid: &str,
    metric: Metric,
    at_ms: i64,
) -> CoreResult<()> {
    let select = Query::select()
        .column(component::Column::Id)
        .expr(Expr::value(hour_of(at_ms)))
        .expr(Expr::value(metric.as_str()))
        .column(component::Column::TenantId)
        .expr(Expr::value(1i64))
        .from(component::Entity)
        .and_where(Expr::col(component::Column::Appid).eq(appid))
        .to_owned();
    let mut insert = Query::insert();
    insert
        .into_table(activity::Entity)
        .columns([
            activity::Column::ComponentId,
            activity::Column::HourMs,
            activity::Column::Metric,
            activity::Column::TenantId,
            activity::Column::Count,
        ])
        .select_from(select)
        .map_err(|e| crate::error::CoreError::Internal(format!("activity insert: {e}")))?
        .on_conflict(add_one());
    conn.execute(conn.get_database_backend().build(&insert))
        .await?;
    Ok(())
}

/// Deletes the counters older than [`KEEP_DAYS`] before `now_ms` (the retention job's step).
pub(crate) async fn prune<C: ConnectionTrait>(conn: &C, now_ms: i64) -> CoreResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let res = activity::Entity::delete_many()
        .filter(activity::Column::HourMs.lt(now_ms - KEEP_DAYS * DAY_MS))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::QueryTrait;

    #[test]
    fn days_start_at_midnight_in_china() {
        // 2026-11-30 00:00 CST = 2026-11-29 16:00 UTC.
        let midnight = 1_795_968_000_000;
        assert_eq!(cst_day_of(midnight), midnight);
        assert_eq!(cst_day_of(midnight - 1), midnight - DAY_MS);
        assert_eq!(cst_day_of(midnight + DAY_MS - 1), midnight);
        assert_eq!(hour_of(midnight + HOUR_MS + 5), midnight + HOUR_MS);
    }

    #[test]
    fn the_upsert_adds_one_on_conflict() {
        let sql = increment(TenantId(1), PlatformId(2), Metric::Revoked, 5)
            .build(sea_orm::DbBackend::Postgres)
            .to_string();
        assert!(sql.contains("ON CONFLICT"), "{sql}");
        assert!(sql.contains("\"count\" + 1"), "{sql}");
    }
}
