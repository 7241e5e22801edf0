//! The schema migrates up, down and up again on SQLite and (when configured) PostgreSQL.

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
    "link_attempts",
    "messages",
    "activity_hourly",
];

#[allow(clippy::unwrap_used)]
async fn has_tables(t: &TestDb) -> Vec<bool> {
    let manager = SchemaManager::new(t.db.conn());
    let mut v = Vec::new();
    for table in TABLES {
        v.push(manager.has_table(*table).await.unwrap());
    }
    v
}

#[allow(clippy::unwrap_used)]
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

/// Links from before merchant pages (one pre_auth_code each) keep their history as one attempt.
#[allow(clippy::expect_used, clippy::unwrap_used)]
async fn old_links_become_attempts(t: TestDb) {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = t.db.conn();
    let backend = t.db.backend();
    Migrator::up(conn, Some(2)).await.unwrap();
    for sql in [
        "INSERT INTO tenants (id, name, created_at) VALUES (1, 'Acme', 0)",
        "INSERT INTO components (id, tenant_id, appid, name, secret_enc, token_enc, aes_key_enc, enabled, created_at, updated_at) VALUES (1, 1, 'wx0123456789abcdef', 'P', 's', 't', 'k', TRUE, 0, 0)",
        "INSERT INTO auth_links (id, tenant_id, component_id, kind, category_ids, pre_auth_code_hash, url_enc, status, authorizer_appid, outcome, created_at, expires_at, authorized_at) VALUES (7, 1, 1, 'pc', '1|2', 'abc', 'sealed', 'authorized', 'wx1111111111111111', 'authorized', 10, 20, 15)",
    ] {
        conn.execute(Statement::from_string(backend, sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    Migrator::up(conn, None).await.unwrap();
    let row = conn
        .query_one(Statement::from_string(
            backend,
            "SELECT link_id, pre_auth_code_hash, status, authorizer_appid, outcome, authorized_at FROM link_attempts",
        ))
        .await
        .unwrap()
        .expect("the old link's attempt");
    assert_eq!(row.try_get::<i64>("", "link_id").unwrap(), 7);
    assert_eq!(
        row.try_get::<String>("", "pre_auth_code_hash").unwrap(),
        "abc"
    );
    assert_eq!(row.try_get::<String>("", "status").unwrap(), "authorized");
    assert_eq!(
        row.try_get::<String>("", "authorizer_appid").unwrap(),
        "wx1111111111111111"
    );
    assert_eq!(row.try_get::<i64>("", "authorized_at").unwrap(), 15);
    let link = conn
        .query_one(Statement::from_string(
            backend,
            "SELECT url_enc, token_hash, single_use FROM auth_links WHERE id = 7",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(link.try_get::<String>("", "url_enc").unwrap(), "");
    assert_eq!(
        link.try_get::<Option<String>>("", "token_hash").unwrap(),
        None
    );
    assert!(!link.try_get::<bool>("", "single_use").unwrap());
}

#[tokio::test]
async fn old_links_become_attempts_on_sqlite() {
    old_links_become_attempts(TestDb::sqlite_empty().await).await;
}

#[tokio::test]
async fn old_links_become_attempts_on_postgres() {
    let Some(t) = TestDb::postgres_empty().await else {
        eprintln!("PostgreSQL not configured (TEST_DATABASE_URL unset): skipped");
        return;
    };
    old_links_become_attempts(t).await;
}
