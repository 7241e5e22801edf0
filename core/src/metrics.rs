//! The console's Prometheus series, named in one place: counters recorded where things happen
//! (pushes, refreshes; WeChat calls in `wxopen` itself), gauges read from the database when
//! `/metrics` is scraped (queue depth, processing lag, the earliest token expiry per platform,
//! the connection pool). Through the `metrics` facade: a no-op until the server installs its
//! recorder. Labels stay bounded: kinds, reasons, outcomes, platforms — never an authorizer.

use sea_orm::{ConnectionTrait, Statement};

use crate::db::Pool;
use crate::error::CoreResult;
use crate::services::Services;

/// Which URL a push came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushKind {
    /// The authorization-event URL.
    Event,
    /// The message URL.
    Message,
}

impl PushKind {
    fn label(self) -> &'static str {
        match self {
            PushKind::Event => "event",
            PushKind::Message => "message",
        }
    }
}

/// A push was accepted (stored, or recognised as one stored before).
pub fn push_received(kind: PushKind) {
    metrics::counter!("wxopen_pushes_received_total", "kind" => kind.label()).increment(1);
}

/// A push was refused, for `reason` (the refused-push counter's bucket).
pub fn push_refused(kind: PushKind, reason: &'static str) {
    metrics::counter!("wxopen_pushes_refused_total", "kind" => kind.label(), "reason" => reason)
        .increment(1);
}

/// A token refresh ended (`component` or `authorizer`).
pub fn token_refreshed(component: bool, ok: bool) {
    metrics::counter!(
        "wxopen_token_refreshes_total",
        "kind" => if component { "component" } else { "authorizer" },
        "outcome" => if ok { "ok" } else { "failed" }
    )
    .increment(1);
}

/// Reads the gauges from the database (at each scrape).
pub async fn update_gauges(svc: &Services) -> CoreResult<()> {
    let now = svc.now();
    let conn = svc.db.conn();
    let backend = conn.get_database_backend();
    for (table, kind) in [("events", "event"), ("messages", "message")] {
        let row = conn
            .query_one(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT COUNT(*) AS n, MIN(received_at) AS oldest FROM {table} \
                     WHERE status IN ('pending', 'processing')"
                ),
                [],
            ))
            .await?;
        let (n, oldest): (i64, Option<i64>) = match row {
            Some(r) => (r.try_get("", "n")?, r.try_get("", "oldest")?),
            None => (0, None),
        };
        metrics::gauge!("wxopen_queue_depth", "kind" => kind).set(n as f64);
        metrics::gauge!("wxopen_processing_lag_seconds", "kind" => kind)
            .set(oldest.map_or(0.0, |o| (now - o).max(0) as f64 / 1000.0));
    }
    let rows = conn
        .query_all(Statement::from_sql_and_values(
            backend,
            "SELECT c.appid AS appid, MIN(t.expires_at) AS earliest FROM access_tokens t \
             JOIN components c ON c.id = t.component_id \
             WHERE c.enabled = TRUE AND t.expires_at IS NOT NULL GROUP BY c.appid",
            [],
        ))
        .await?;
    for r in rows {
        let appid: String = r.try_get("", "appid")?;
        let earliest: Option<i64> = r.try_get("", "earliest")?;
        if let Some(e) = earliest {
            metrics::gauge!("wxopen_token_earliest_expiry_seconds", "platform" => appid)
                .set((e - now) as f64 / 1000.0);
        }
    }
    let (size, idle) = match svc.db.pool() {
        Pool::Sqlite(p) => (p.size(), p.num_idle()),
        Pool::Postgres(p) => (p.size(), p.num_idle()),
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    metrics::gauge!("wxopen_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("wxopen_db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    Ok(())
}
