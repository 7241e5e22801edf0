//! The expired-session cleanup keeps running after a failed round (SQLite and PostgreSQL).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use console_core::Pool;
use console_core::testing::{TestDb, eventually};
use console_server::sessions::{DbSessionStore, delete_expired_forever};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

/// The real store, whose first `delete_expired` rounds fail as a database restart would.
#[derive(Clone, Debug)]
struct FlakyStore {
    inner: DbSessionStore,
    failures_left: Arc<AtomicU32>,
    rounds: Arc<AtomicU32>,
}

#[async_trait]
impl SessionStore for FlakyStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner.create(record).await
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.inner.save(record).await
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.inner.load(id).await
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.inner.delete(id).await
    }
}

#[async_trait]
impl ExpiredDeletion for FlakyStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        self.rounds.fetch_add(1, Ordering::SeqCst);
        let failing = self
            .failures_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if failing {
            return Err(session_store::Error::Backend(
                "connection refused (the database is restarting)".into(),
            ));
        }
        self.inner.delete_expired().await
    }
}

/// How many session rows the table holds, expired or not.
async fn session_rows(t: &TestDb) -> i64 {
    match t.db.pool() {
        Pool::Sqlite(p) => sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions")
            .fetch_one(p)
            .await
            .unwrap(),
        Pool::Postgres(p) => sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions.session")
            .fetch_one(p)
            .await
            .unwrap(),
    }
}

#[tokio::test]
async fn the_expired_session_cleanup_survives_a_database_error() {
    for t in TestDb::all().await {
        let inner = DbSessionStore::new(&t.db).await.unwrap();
        let store = FlakyStore {
            inner,
            failures_left: Arc::new(AtomicU32::new(1)),
            rounds: Arc::new(AtomicU32::new(0)),
        };
        let cleanup = tokio::spawn(delete_expired_forever(
            store.clone(),
            Duration::from_millis(50),
        ));
        eventually("the first (failing) cleanup round", || async {
            (store.rounds.load(Ordering::SeqCst) >= 1).then_some(())
        })
        .await;

        // A session that expired after the failure: a later round must remove it.
        let mut expired = Record {
            id: Id::default(),
            data: HashMap::new(),
            expiry_date: time::OffsetDateTime::now_utc() - time::Duration::hours(1),
        };
        store.create(&mut expired).await.unwrap();
        // (Not counted here: the next round may already have removed it.)
        eventually(
            "the expired session deleted after the failed round",
            || async { (session_rows(&t).await == 0).then_some(()) },
        )
        .await;
        assert!(
            store.rounds.load(Ordering::SeqCst) >= 2,
            "a round after the failure"
        );
        cleanup.abort();
    }
}
