//! The schema migrates up, down and up again on SQLite and (when configured) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use console_core::testing::TestDb;
use migration::{Migrator, MigratorTrait, SchemaManager};

const TABLES: &[&str] = &[
    "tenants",
    "users",
    "memberships",
    "components",
    "access_tokens",
    "authorizers",
    "authorizer_permissions",
    "events",
    "auth_links",
    "auth_code_exchanges",
    "push_rejections",
    "sync_jobs",
];

async fn has_tables(t: &TestDb) -> Vec<bool> {
    let manager = SchemaManager::new(t.db.conn());
    let mut v = Vec::new();
    for table in TABLES {
        v.push(manager.has_table(*table).await.unwrap());
    }
    v
}

async fn up_down_up(t: TestDb) {
    assert_eq!(
        has_tables(&t).await,
        vec![false; TABLES.len()],
        "{:?}",
        t.backend
    );
    Migrator::up(t.db.conn(), None).await.unwrap();
    assert_eq!(
        has_tables(&t).await,
        vec![true; TABLES.len()],
        "{:?}",
        t.backend
    );
    assert!(
        Migrator::get_pending_migrations(t.db.conn())
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::down(t.db.conn(), None).await.unwrap();
    assert_eq!(
        has_tables(&t).await,
        vec![false; TABLES.len()],
        "{:?}",
        t.backend
    );
    assert_eq!(
        Migrator::get_pending_migrations(t.db.conn())
            .await
            .unwrap()
            .len(),
        Migrator::migrations().len()
    );

    Migrator::up(t.db.conn(), None).await.unwrap();
    assert_eq!(
        has_tables(&t).await,
        vec![true; TABLES.len()],
        "{:?}",
        t.backend
    );
}

#[tokio::test]
async fn migrations_up_down_up_on_sqlite() {
    up_down_up(TestDb::sqlite_empty().await).await;
}

#[tokio::test]
async fn migrations_up_down_up_on_postgres() {
    let Some(t) = TestDb::postgres_empty().await else {
        eprintln!("PostgreSQL not configured (TEST_DATABASE_URL unset): skipped");
        return;
    };
    up_down_up(t).await;
}
