//! The database layer under concurrency.

use console_core::testing::TestDb;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// Two transactions that read, then write, at the same time: on SQLite a deferred transaction
/// cannot upgrade to a write once another connection wrote ("database is locked", no busy wait);
/// `begin_write` takes the write lock first, so the second waits and both succeed. This lost an
/// authorization code once: the exchange with WeChat succeeded, storing its result did not.
#[tokio::test]
async fn concurrent_read_then_write_transactions_both_commit() {
    for t in TestDb::all().await {
        let backend = t.db.backend();
        let create = "CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)";
        t.db.conn()
            .execute(Statement::from_string(backend, create))
            .await
            .unwrap();
        t.db.conn()
            .execute(Statement::from_string(
                backend,
                "INSERT INTO counters (id, n) VALUES (1, 0)",
            ))
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let db = t.db.clone();
            tasks.push(tokio::spawn(async move {
                let txn = db.begin_write().await?;
                let row = txn
                    .query_one(Statement::from_string(
                        backend,
                        "SELECT n FROM counters WHERE id = 1",
                    ))
                    .await?
                    .expect("the row");
                let n: i64 = row.try_get("", "n")?;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                let sql = match backend {
                    DbBackend::Postgres => "UPDATE counters SET n = $1 WHERE id = 1",
                    _ => "UPDATE counters SET n = ? WHERE id = 1",
                };
                txn.execute(Statement::from_sql_and_values(
                    backend,
                    sql,
                    [(n + 1).into()],
                ))
                .await?;
                txn.commit().await
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let row =
            t.db.conn()
                .query_one(Statement::from_string(
                    backend,
                    "SELECT n FROM counters WHERE id = 1",
                ))
                .await
                .unwrap()
                .unwrap();
        let n: i64 = row.try_get("", "n").unwrap();
        // SQLite serializes the writers completely; PostgreSQL (read committed) may lose
        // increments, which is not what this test is about: every transaction committed.
        if backend == DbBackend::Sqlite {
            assert_eq!(n, 8);
        }
    }
}
