//! Stores accepted pushes with group commit: every push waits until its row is committed before
//! WeChat is answered (nothing acknowledged is lost), but the pushes that arrive while one batch
//! is being written go into the database together as one multi-row `INSERT … ON CONFLICT DO
//! NOTHING RETURNING`, in one statement and one commit.
//!
//! Why: one row per statement made every push a commit of its own; on SQLite the connections
//! then queued on the single write lock through its busy handler (which sleeps in steps of
//! milliseconds), and on PostgreSQL each commit waited for its own WAL flush. The benchmark put
//! the stored-push rate at 5 % of the verify-and-decrypt ceiling (issue 13). A batch costs about
//! what one row costs, so under load the rate grows with the batch size, and without load a push
//! is written alone, at once (no timer: a batch is whatever queued during the previous write).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryTrait};
use tokio::sync::{mpsc, oneshot};

use super::entity as event;
use crate::EventId;
use crate::db::Db;

/// The most rows in one statement: 128 rows of 14 values stay far below SQLite's and
/// PostgreSQL's limits on bound parameters, and a batch this size commits in about a millisecond.
const MAX_BATCH: usize = 128;

/// How long a push waits for its batch (queued behind a slow one included) before it is refused.
const ANSWER_WITHIN: Duration = Duration::from_secs(4);

/// What became of one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stored {
    /// Inserted with this id.
    New(EventId),
    /// A row with the same dedupe key already exists (or came first in the same batch).
    Duplicate,
}

/// One row waiting for its batch.
struct Pending {
    row: event::ActiveModel,
    dedupe_key: String,
    reply: oneshot::Sender<Result<Stored, DbErr>>,
}

/// The queue in front of the writer task, which is started on first use (in the caller's Tokio
/// runtime) and again if that runtime went away.
#[derive(Debug, Default)]
pub(crate) struct PushStore {
    queue: Mutex<Option<mpsc::UnboundedSender<Pending>>>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

impl PushStore {
    /// Inserts `row` (whose dedupe key is `dedupe_key`) and returns once it is committed, or
    /// known to be a duplicate. `on_batch` runs after each committed batch (to wake the worker).
    pub(crate) async fn store(
        &self,
        db: &Db,
        row: event::ActiveModel,
        dedupe_key: String,
        on_batch: impl Fn() + Send + Sync + 'static,
    ) -> Result<Stored, DbErr> {
        let (reply, answer) = oneshot::channel();
        let pending = Pending {
            row,
            dedupe_key,
            reply,
        };
        {
            let mut queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
            let unsent = match queue.as_ref() {
                Some(tx) => tx.send(pending).err().map(|e| e.0),
                None => Some(pending),
            };
            // No writer yet, or its runtime went away: start one here.
            if let Some(pending) = unsent {
                let (tx, rx) = mpsc::unbounded_channel();
                tokio::spawn(write_batches(db.clone(), rx, on_batch));
                // The receiver was just created and is alive: this send cannot fail.
                let _ = tx.send(pending);
                *queue = Some(tx);
            }
        }
        // WeChat waits five seconds for an answer; past ANSWER_WITHIN the push is refused (5xx) so
        // that WeChat sends it again. Should the row still be committed, that retry is a duplicate
        // and answered `success`: either way the push is kept once.
        match tokio::time::timeout(ANSWER_WITHIN, answer).await {
            Ok(Ok(stored)) => stored,
            Ok(Err(_)) => Err(DbErr::Custom("the push writer stopped".into())),
            Err(_) => Err(DbErr::Custom(format!(
                "the push was not stored within {ANSWER_WITHIN:?}"
            ))),
        }
    }
}

/// The writer: takes whatever queued (up to [`MAX_BATCH`]), writes it, answers each push.
async fn write_batches(
    db: Db,
    mut rx: mpsc::UnboundedReceiver<Pending>,
    on_batch: impl Fn() + Send + Sync + 'static,
) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(p) => batch.push(p),
                Err(_) => break,
            }
        }
        match insert(&db, &batch).await {
            Ok(ids) => answer(batch, &ids),
            // The database is unreachable: every push of the batch is refused (5xx, WeChat
            // retries), without a slow row-by-row attempt.
            Err(e @ DbErr::ConnectionAcquire(_)) | Err(e @ DbErr::Conn(_)) => {
                for p in batch {
                    let _ = p.reply.send(Err(clone_err(&e)));
                }
            }
            // One bad row must not refuse the others: each is tried alone.
            Err(e) if batch.len() == 1 => {
                for p in batch {
                    let _ = p.reply.send(Err(clone_err(&e)));
                }
            }
            Err(_) => {
                for p in batch {
                    let one = std::slice::from_ref(&p);
                    match insert(&db, one).await {
                        Ok(ids) => answer(vec![p], &ids),
                        Err(e) => {
                            let _ = p.reply.send(Err(e));
                        }
                    }
                }
            }
        }
        on_batch();
    }
}

/// Inserts the rows, skipping those whose dedupe key exists; returns the new ids by dedupe key.
async fn insert(db: &Db, batch: &[Pending]) -> Result<HashMap<String, EventId>, DbErr> {
    let mut insert = event::Entity::insert_many(batch.iter().map(|p| p.row.clone())).on_conflict(
        OnConflict::column(event::Column::DedupeKey)
            .do_nothing()
            .to_owned(),
    );
    QueryTrait::query(&mut insert)
        .returning(Query::returning().columns([event::Column::Id, event::Column::DedupeKey]));
    let stmt = insert.build(db.backend());
    let rows = db.conn().query_all(stmt).await?;
    let mut ids = HashMap::with_capacity(rows.len());
    for row in rows {
        let id: EventId = row.try_get("", "id")?;
        let key: String = row.try_get("", "dedupe_key")?;
        ids.insert(key, id);
    }
    Ok(ids)
}

/// Answers each push: the first of a dedupe key that was inserted gets the id, any other a
/// duplicate.
fn answer(batch: Vec<Pending>, ids: &HashMap<String, EventId>) {
    let mut ids = ids.clone();
    for p in batch {
        let stored = match ids.remove(&p.dedupe_key) {
            Some(id) => Stored::New(id),
            None => Stored::Duplicate,
        };
        let _ = p.reply.send(Ok(stored));
    }
}

/// `DbErr` is not `Clone`; the copies keep the message.
fn clone_err(e: &DbErr) -> DbErr {
    match e {
        DbErr::ConnectionAcquire(a) => DbErr::Custom(format!("database unavailable: {a}")),
        other => DbErr::Custom(other.to_string()),
    }
}
