//! Staff sessions stored in the database (they survive restarts), on SQLite or PostgreSQL,
//! sharing the application's sqlx pool.

use async_trait::async_trait;
use console_core::{Db, Pool};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session store of whichever backend the database uses.
#[derive(Clone, Debug)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// A store on `db`'s pool, with its table created if missing.
    pub async fn new(db: &Db) -> Result<Self, sqlx::Error> {
        let store = match db.pool() {
            Pool::Sqlite(p) => DbSessionStore::Sqlite(SqliteStore::new(p.clone())),
            Pool::Postgres(p) => DbSessionStore::Postgres(PostgresStore::new(p.clone())),
        };
        // Two instances starting together may race on CREATE SCHEMA/TABLE IF NOT EXISTS; the
        // second attempt sees the finished schema.
        if store.migrate().await.is_err() {
            store.migrate().await?;
        }
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), sqlx::Error> {
        match self {
            DbSessionStore::Sqlite(s) => s.migrate().await,
            DbSessionStore::Postgres(s) => s.migrate().await,
        }
    }
}

/// Deletes expired sessions every `period`, forever. A failed round (the database restarting, a
/// lock timeout) is logged and the next round runs as planned: tower-sessions' own
/// `continuously_delete_expired` returns at the first error, after which expired sessions would
/// pile up until the next restart.
pub async fn delete_expired_forever<S: ExpiredDeletion>(store: S, period: std::time::Duration) {
    let mut every = tokio::time::interval(period);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = store.delete_expired().await {
            tracing::warn!("expired-session cleanup failed, trying again in {period:?}: {e}");
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete_expired().await,
            DbSessionStore::Postgres(s) => s.delete_expired().await,
        }
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.create(record).await,
            DbSessionStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.save(record).await,
            DbSessionStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(s) => s.load(id).await,
            DbSessionStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete(id).await,
            DbSessionStore::Postgres(s) => s.delete(id).await,
        }
    }
}
