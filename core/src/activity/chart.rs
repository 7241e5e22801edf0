//! The series behind one chart: per hour (the last 24) or per China day (the last 30), two
//! counts per bucket.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Func, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};

use super::entity as activity;
use super::{DAY_MS, HOUR_MS, Metric, cst_day_of, hour_of};
use crate::error::CoreResult;
use crate::events::entity as event;
use crate::services::Services;
use crate::{PlatformId, TenantId};

/// The time range of a chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// The last 24 hours, hour by hour (the current hour last).
    Hours24,
    /// The last 30 China days, day by day (today last).
    Days30,
}

impl Span {
    /// The buckets' starts, oldest first, for the time `now_ms`.
    pub fn starts(self, now_ms: i64) -> Vec<i64> {
        match self {
            Span::Hours24 => {
                let last = hour_of(now_ms);
                (0..24).rev().map(|i| last - i * HOUR_MS).collect()
            }
            Span::Days30 => {
                let last = cst_day_of(now_ms);
                (0..30).rev().map(|i| last - i * DAY_MS).collect()
            }
        }
    }

    /// The length of one bucket.
    pub fn bucket_ms(self) -> i64 {
        match self {
            Span::Hours24 => HOUR_MS,
            Span::Days30 => DAY_MS,
        }
    }

    /// The bucket start that `hour_ms` (an hour start) belongs to.
    fn bucket_of(self, hour_ms: i64) -> i64 {
        match self {
            Span::Hours24 => hour_ms,
            Span::Days30 => cst_day_of(hour_ms),
        }
    }
}

/// What a chart shows: two series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    /// Pushes stored (from `events`) and refused.
    Pushes,
    /// Authorizations and revocations.
    Authorizations,
    /// Token refreshes that succeeded and that failed.
    Refreshes,
}

/// One bar group: its start and the two counts, in the order of the chart's series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bucket {
    pub start_ms: i64,
    pub counts: [i64; 2],
}

/// The buckets of `chart` over `span` as of `now_ms`, for a tenant or one of its platforms.
pub async fn chart(
    svc: &Services,
    tenant_id: TenantId,
    platform: Option<PlatformId>,
    chart: Chart,
    span: Span,
    now_ms: i64,
) -> CoreResult<Vec<Bucket>> {
    let starts = span.starts(now_ms);
    let from = starts.first().copied().unwrap_or(now_ms);
    let (first, second) = match chart {
        Chart::Pushes => (
            stored_pushes(svc, tenant_id, platform, from).await?,
            counters(svc, tenant_id, platform, Metric::PushRefused, from).await?,
        ),
        Chart::Authorizations => (
            counters(svc, tenant_id, platform, Metric::Authorized, from).await?,
            counters(svc, tenant_id, platform, Metric::Revoked, from).await?,
        ),
        Chart::Refreshes => (
            counters(svc, tenant_id, platform, Metric::RefreshOk, from).await?,
            counters(svc, tenant_id, platform, Metric::RefreshFailed, from).await?,
        ),
    };
    let mut sums: HashMap<i64, [i64; 2]> = HashMap::new();
    for (i, series) in [first, second].into_iter().enumerate() {
        for (hour, n) in series {
            if let Some(slot) = sums.entry(span.bucket_of(hour)).or_default().get_mut(i) {
                *slot += n;
            }
        }
    }
    Ok(starts
        .into_iter()
        .map(|start_ms| Bucket {
            start_ms,
            counts: sums.get(&start_ms).copied().unwrap_or_default(),
        })
        .collect())
}

/// `(hour start, count)` of one counter since `from` (an hour start).
async fn counters(
    svc: &Services,
    tenant_id: TenantId,
    platform: Option<PlatformId>,
    metric: Metric,
    from: i64,
) -> CoreResult<Vec<(i64, i64)>> {
    let mut cond = Condition::all()
        .add(activity::Column::TenantId.eq(tenant_id))
        .add(activity::Column::Metric.eq(metric.as_str()))
        .add(activity::Column::HourMs.gte(from));
    if let Some(p) = platform {
        cond = cond.add(activity::Column::ComponentId.eq(p));
    }
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back.
    let total: SimpleExpr = Func::cast_as(
        Func::sum(Expr::col(activity::Column::Count)),
        sea_orm::sea_query::Alias::new("BIGINT"),
    )
    .into();
    Ok(activity::Entity::find()
        .select_only()
        .column(activity::Column::HourMs)
        .column_as(total, "n")
        .filter(cond)
        .group_by(activity::Column::HourMs)
        .into_tuple::<(i64, i64)>()
        .all(svc.db.conn())
        .await?)
}

/// `(hour start, count)` of the pushes stored since `from`, counted from `events.received_at`
/// (index `(tenant_id, received_at)`).
async fn stored_pushes(
    svc: &Services,
    tenant_id: TenantId,
    platform: Option<PlatformId>,
    from: i64,
) -> CoreResult<Vec<(i64, i64)>> {
    let mut cond = Condition::all()
        .add(event::Column::TenantId.eq(tenant_id))
        .add(event::Column::ReceivedAt.gte(from));
    if let Some(p) = platform {
        cond = cond.add(event::Column::ComponentId.eq(p));
    }
    // Integer division on both databases (BIGINT / BIGINT). The divisor is written out, not
    // bound: PostgreSQL only matches the GROUP BY expression to the selected one if they are
    // the same text, and two bound parameters are not.
    let hour: SimpleExpr =
        Expr::col(event::Column::ReceivedAt).div(Expr::cust(HOUR_MS.to_string()));
    let rows: Vec<(i64, i64)> = event::Entity::find()
        .select_only()
        .column_as(hour.clone(), "h")
        .column_as(Expr::col(event::Column::Id).count(), "n")
        .filter(cond)
        .group_by(hour)
        .into_tuple()
        .all(svc.db.conn())
        .await?;
    Ok(rows.into_iter().map(|(h, n)| (h * HOUR_MS, n)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_end_with_the_current_bucket() {
        // 2026-11-30 00:30 CST.
        let now = 1_795_968_000_000 + 30 * 60_000;
        let hours = Span::Hours24.starts(now);
        assert_eq!(hours.len(), 24);
        assert_eq!(hours.last(), Some(&1_795_968_000_000));
        let days = Span::Days30.starts(now);
        assert_eq!(days.len(), 30);
        assert_eq!(days.last(), Some(&1_795_968_000_000));
        assert_eq!(days.first(), Some(&(1_795_968_000_000 - 29 * DAY_MS)));
    }
}
