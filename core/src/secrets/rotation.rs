//! Master-key rotation: every sealed value still under the previous key is opened and sealed
//! again under the current one, while the servers keep running.
//!
//! It is safe beside running instances because (1) it starts only when every running instance
//! opens values sealed with the new key ([`unready_instances`]), (2) each value is written with a
//! compare-and-set on the value read, so a value an instance replaced meanwhile (a refreshed
//! token, a new ticket) is left as that instance wrote it, and (3) it ends by counting, column by
//! column, what still needs the old key ([`remaining`]): the old key may go only when that is
//! nothing and no running instance still seals with it ([`may_drop_previous`]).

use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};

use super::columns::{self, SealedColumn};
use super::instances::{self, InstanceKeys};
use super::{KeyFingerprint, SecretBox};
use crate::db::Db;
use crate::error::CoreResult;

/// Rows read at a time.
const BATCH: i64 = 200;

/// How far the rotation of one column is.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ColumnProgress {
    /// `table.column`.
    pub column: String,
    /// Sealed values in the column when it was counted.
    pub total: u64,
    /// Values looked at so far.
    pub seen: u64,
    /// Values sealed again under the current key.
    pub resealed: u64,
    /// Values already under the current key.
    pub current: u64,
    /// Values replaced by a running instance between reading and writing (sealed by it, with
    /// its current key).
    pub replaced: u64,
    /// Values that open with neither key (altered, or sealed with a third key).
    pub unreadable: u64,
}

/// What a column still holds that the current key alone cannot open.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Remaining {
    /// `table.column`.
    pub column: String,
    /// Values that open only with the previous key.
    pub previous_only: u64,
    /// Values that open with neither key.
    pub unreadable: u64,
}

/// The running instances that could not open a value sealed with `key` (neither their current
/// nor their previous key): re-sealing now would lock them out of their own data.
pub async fn unready_instances(
    db: &Db,
    key: &KeyFingerprint,
    now: i64,
) -> CoreResult<Vec<InstanceKeys>> {
    Ok(instances::live(db, now)
        .await?
        .into_iter()
        .filter(|i| !i.opens(key))
        .collect())
}

/// Re-seals under `secrets`' current key every value of every sealed column that only its
/// previous key opens; `progress` hears of each batch.
pub async fn reseal_all(
    db: &Db,
    secrets: &SecretBox,
    progress: &mut dyn FnMut(&ColumnProgress),
) -> CoreResult<Vec<ColumnProgress>> {
    let mut done = Vec::new();
    for column in columns::discover(db).await? {
        done.push(reseal_column(db, secrets, &column, progress).await?);
    }
    Ok(done)
}

/// Per sealed column, what the current key of `secrets` does not open (columns with nothing
/// left are omitted).
pub async fn remaining(db: &Db, secrets: &SecretBox) -> CoreResult<Vec<Remaining>> {
    let mut out = Vec::new();
    for column in columns::discover(db).await? {
        let mut left = Remaining {
            column: column.name(),
            ..Remaining::default()
        };
        let mut cursor = Cursor::new(&column);
        while let Some(rows) = cursor.next(db).await? {
            for row in &rows {
                let ctx = column.context(&row.key);
                if secrets.open_current(&ctx, &row.sealed).is_err() {
                    match secrets.open(&ctx, &row.sealed) {
                        Ok(_) => left.previous_only += 1,
                        Err(_) => left.unreadable += 1,
                    }
                }
            }
        }
        if left.previous_only > 0 || left.unreadable > 0 {
            out.push(left);
        }
    }
    Ok(out)
}

/// Whether the previous key may be dropped: nothing needs it, and no running instance seals with
/// it. `Err` lists what still needs it.
pub fn may_drop_previous(
    remaining: &[Remaining],
    live: &[InstanceKeys],
    previous: &KeyFingerprint,
) -> Result<(), Vec<String>> {
    let mut reasons: Vec<String> = remaining
        .iter()
        .filter(|r| r.previous_only > 0)
        .map(|r| {
            format!(
                "{}: {} value(s) open only with the old key",
                r.column, r.previous_only
            )
        })
        .collect();
    reasons.extend(
        live.iter()
            .filter(|i| &i.current == previous)
            .map(|i| format!("instance {} still seals with the old key", i.instance_id)),
    );
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(reasons)
    }
}

/// One sealed value and where it is.
struct SealedRow {
    id: i64,
    key: Vec<String>,
    sealed: String,
}

async fn reseal_column(
    db: &Db,
    secrets: &SecretBox,
    column: &SealedColumn,
    progress: &mut dyn FnMut(&ColumnProgress),
) -> CoreResult<ColumnProgress> {
    let mut p = ColumnProgress {
        column: column.name(),
        total: count(db, column).await?,
        ..ColumnProgress::default()
    };
    progress(&p);
    let mut cursor = Cursor::new(column);
    while let Some(rows) = cursor.next(db).await? {
        for row in &rows {
            p.seen += 1;
            let ctx = column.context(&row.key);
            if secrets.open_current(&ctx, &row.sealed).is_ok() {
                p.current += 1;
                continue;
            }
            let Ok(plain) = secrets.open(&ctx, &row.sealed) else {
                p.unreadable += 1;
                continue;
            };
            let resealed = secrets.seal(&ctx, plain.expose())?;
            if replace(db, column, row, resealed).await? {
                p.resealed += 1;
            } else {
                p.replaced += 1;
            }
        }
        progress(&p);
    }
    Ok(p)
}

/// Walks the set values of a column by id, [`BATCH`] rows at a time.
struct Cursor<'a> {
    column: &'a SealedColumn,
    after: i64,
    done: bool,
}

impl<'a> Cursor<'a> {
    fn new(column: &'a SealedColumn) -> Self {
        Self {
            column,
            after: 0,
            done: false,
        }
    }

    /// The next batch, or `None` after the last.
    async fn next(&mut self, db: &Db) -> CoreResult<Option<Vec<SealedRow>>> {
        if self.done {
            return Ok(None);
        }
        let rows = read_batch(db, self.column, self.after).await?;
        self.done = (rows.len() as i64) < BATCH;
        match rows.last() {
            Some(last) => {
                self.after = last.id;
                Ok(Some(rows))
            }
            None => Ok(None),
        }
    }
}

/// The values of `column` that are set (not NULL, not empty).
fn set_values(column: &SealedColumn) -> String {
    let c = &column.column;
    format!("{c} IS NOT NULL AND {c} <> ''")
}

async fn count(db: &Db, column: &SealedColumn) -> CoreResult<u64> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {} WHERE {}",
        column.table.table,
        set_values(column)
    );
    let row = db
        .conn()
        .query_one(Statement::from_string(db.backend(), sql))
        .await?;
    let n: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The next [`BATCH`] set values of `column` after row `after`, by id.
async fn read_batch(db: &Db, column: &SealedColumn, after: i64) -> CoreResult<Vec<SealedRow>> {
    let keys: Vec<String> = column
        .table
        .row_key
        .iter()
        .enumerate()
        .map(|(i, k)| format!("CAST({k} AS TEXT) AS k{i}"))
        .collect();
    let sql = format!(
        "SELECT id, {keys}, {col} AS sealed FROM {table} WHERE id > $1 AND {set} \
         ORDER BY id LIMIT $2",
        keys = keys.join(", "),
        col = column.column,
        table = column.table.table,
        set = set_values(column),
    );
    let rows = db
        .conn()
        .query_all(Statement::from_sql_and_values(
            db.backend(),
            sql,
            [after.into(), BATCH.into()],
        ))
        .await?;
    rows.iter().map(|r| sealed_row(column, r)).collect()
}

fn sealed_row(column: &SealedColumn, r: &QueryResult) -> CoreResult<SealedRow> {
    let key = (0..column.table.row_key.len())
        .map(|i| r.try_get::<Option<String>>("", &format!("k{i}")))
        .map(|v| v.map(Option::unwrap_or_default))
        .collect::<Result<_, _>>()?;
    Ok(SealedRow {
        id: r.try_get("", "id")?,
        key,
        sealed: r.try_get("", "sealed")?,
    })
}

/// Writes `resealed` in place of the value read, unless the row changed meanwhile.
async fn replace(
    db: &Db,
    column: &SealedColumn,
    row: &SealedRow,
    resealed: String,
) -> CoreResult<bool> {
    let sql = format!(
        "UPDATE {table} SET {col} = $1 WHERE id = $2 AND {col} = $3",
        table = column.table.table,
        col = column.column,
    );
    let values: [Value; 3] = [resealed.into(), row.id.into(), row.sealed.clone().into()];
    let backend: DbBackend = db.backend();
    let res = db
        .conn()
        .execute(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(res.rows_affected() == 1)
}
