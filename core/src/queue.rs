//! Rows that are their own jobs (stored pushes, authorizer messages): claimed with a lease so that
//! one instance works on each, and another takes it over once the lease ends (a crash, a kill -9).
//!
//! A job table has `id`, `status` (`pending` or `processing` while claimed), `next_attempt_at`,
//! `locked_by`, `locked_until` and `attempts`.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::error::CoreResult;
use crate::services::Services;

/// A table whose rows are jobs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum JobTable {
    Events,
    Messages,
}

impl JobTable {
    fn name(self) -> &'static str {
        match self {
            JobTable::Events => "events",
            JobTable::Messages => "messages",
        }
    }
}

/// Claims up to `limit` due jobs of `table` for `lease_ms`, counting an attempt on each: pending
/// ones whose time has come, and claimed ones whose lease ran out. Returns their ids, oldest first.
pub(crate) async fn claim_due(
    svc: &Services,
    table: JobTable,
    limit: i64,
    lease_ms: i64,
) -> CoreResult<Vec<i64>> {
    let now = svc.now();
    let backend = svc.db.backend();
    let t = table.name();
    let (sql, values): (String, Vec<Value>) = match backend {
        DbBackend::Postgres => (
            format!(
                "UPDATE {t} SET status = 'processing', locked_by = $1, locked_until = $2, attempts = attempts + 1 \
                 WHERE id IN (SELECT id FROM {t} WHERE (status = 'pending' AND next_attempt_at <= $3) \
                 OR (status = 'processing' AND locked_until < $3) ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) \
                 RETURNING id"
            ),
            vec![
                svc.instance_id.clone().into(),
                (now + lease_ms).into(),
                now.into(),
                limit.into(),
            ],
        ),
        // SQLite has one writer: the UPDATE is atomic on its own.
        _ => (
            format!(
                "UPDATE {t} SET status = 'processing', locked_by = ?, locked_until = ?, attempts = attempts + 1 \
                 WHERE id IN (SELECT id FROM {t} WHERE (status = 'pending' AND next_attempt_at <= ?) \
                 OR (status = 'processing' AND locked_until < ?) ORDER BY id LIMIT ?) \
                 RETURNING id"
            ),
            vec![
                svc.instance_id.clone().into(),
                (now + lease_ms).into(),
                now.into(),
                now.into(),
                limit.into(),
            ],
        ),
    };
    let rows = svc
        .db
        .conn()
        .query_all(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        ids.push(r.try_get::<i64>("", "id")?);
    }
    ids.sort_unstable();
    Ok(ids)
}

/// Exponential backoff with jitter: `base_ms` doubled per attempt, at most `max_ms`, plus up to a
/// quarter more at random so that retries of many jobs spread out.
pub(crate) fn backoff_ms(attempts: i32, base_ms: i64, max_ms: i64) -> i64 {
    use rand::Rng;
    let exp = attempts.clamp(0, 20).saturating_sub(1);
    let delay = base_ms.saturating_mul(1i64 << exp).min(max_ms);
    delay + rand::thread_rng().gen_range(0..=delay / 4)
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_and_is_capped() {
        for (attempts, low) in [(1, 10_000), (2, 20_000), (3, 40_000), (30, 3_600_000)] {
            let d = backoff_ms(attempts, 10_000, 3_600_000);
            assert!(d >= low && d <= low + low / 4, "{attempts}: {d}");
        }
    }
}
