//! Claiming rows with a lease, so that one instance works on each and another takes it over once
//! the lease ends (a crash, a kill -9): rows that are their own jobs (stored pushes, authorizer
//! messages) and tokens due for a refresh.
//!
//! The claim is one statement, written once for both databases: on PostgreSQL the due rows are
//! locked with `FOR UPDATE … SKIP LOCKED`, so that several instances claim at once without waiting
//! on each other; SQLite has one writer, which makes the same UPDATE atomic on its own.
//!
//! A job table has `id`, `status` (`pending` or `processing` while claimed), `next_attempt_at`,
//! `locked_by`, `locked_until` and `attempts`.

use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement};

use crate::error::CoreResult;
use crate::services::Services;

/// Which rows a claim takes and what claiming one writes. The SQL fragments name the claimed
/// table `t` and use `$3` for now.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Claim {
    /// The table claimed from.
    pub table: &'static str,
    /// The column naming the lease's owner.
    pub owner: &'static str,
    /// The column holding the lease's end (Unix ms).
    pub until: &'static str,
    /// More assignments made with the lease (`, column = …`), or nothing.
    pub also_set: &'static str,
    /// Tables joined to `t` for the condition, or nothing.
    pub joins: &'static str,
    /// Which rows are due.
    pub due: &'static str,
    /// Which due rows come first.
    pub order: &'static str,
    /// The columns returned of every claimed row.
    pub returning: &'static str,
}

/// Claims up to `limit` rows that `claim` finds due, for `lease_ms` from now, for this instance.
/// Returns the claimed rows' `returning` columns.
pub(crate) async fn claim(
    svc: &Services,
    claim: &Claim,
    limit: i64,
    lease_ms: i64,
) -> CoreResult<Vec<QueryResult>> {
    let backend = svc.db.backend();
    let lock = match backend {
        DbBackend::Postgres => " FOR UPDATE OF t SKIP LOCKED",
        _ => "",
    };
    let Claim {
        table,
        owner,
        until,
        also_set,
        joins,
        due,
        order,
        returning,
    } = claim;
    // `$n` placeholders: PostgreSQL's own, and numbered parameters on SQLite.
    let sql = format!(
        "UPDATE {table} SET {owner} = $1, {until} = $2{also_set} WHERE id IN (\
         SELECT t.id FROM {table} t {joins} WHERE {due} ORDER BY {order} LIMIT $4{lock}) \
         RETURNING {returning}"
    );
    let now = svc.now();
    let values = [
        svc.instance_id.clone().into(),
        (now + lease_ms).into(),
        now.into(),
        limit.into(),
    ];
    Ok(svc
        .db
        .conn()
        .query_all(Statement::from_sql_and_values(backend, sql, values))
        .await?)
}

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

    /// Pending jobs whose time has come, and claimed ones whose lease ran out, oldest first; a
    /// claim counts an attempt.
    fn claim(self) -> Claim {
        Claim {
            table: self.name(),
            owner: "locked_by",
            until: "locked_until",
            also_set: ", status = 'processing', attempts = attempts + 1",
            joins: "",
            due: "(t.status = 'pending' AND t.next_attempt_at <= $3) \
                  OR (t.status = 'processing' AND t.locked_until < $3)",
            order: "t.id",
            returning: "id",
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
    let rows = claim(svc, &table.claim(), limit, lease_ms).await?;
    let mut ids = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    Ok(ids)
}

/// Extends this instance's lease on its claimed jobs `ids` of `table` to `lease_ms` from now;
/// returns the ids it still holds, oldest first. The owner is compared in the UPDATE: a job
/// whose lease ran out may have been claimed by another instance, which keeps it. A worker
/// renews what is left of its batch between jobs, so a slow job does not let the rest go.
pub(crate) async fn renew(
    svc: &Services,
    table: JobTable,
    ids: &[i64],
    lease_ms: i64,
) -> CoreResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let backend = svc.db.backend();
    let placeholders = (3..3 + ids.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE {} SET locked_until = $1 WHERE locked_by = $2 AND status = 'processing' \
         AND id IN ({placeholders}) RETURNING id",
        table.name()
    );
    let mut values: Vec<sea_orm::Value> = vec![
        (svc.now() + lease_ms).into(),
        svc.instance_id.clone().into(),
    ];
    values.extend(ids.iter().map(|&id| id.into()));
    let rows = svc
        .db
        .conn()
        .query_all(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut held = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    held.sort_unstable();
    Ok(held)
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
