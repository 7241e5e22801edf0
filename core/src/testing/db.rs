//! Throw-away databases: a SQLite file in a temporary folder, and, when a PostgreSQL server is
//! configured, a fresh PostgreSQL database dropped afterwards.
//!
//! `TEST_DATABASE_URL` names a PostgreSQL database the tests may use to create others
//! (`cargo xtask test` sets it when 127.0.0.1:5432 answers). With `WXOPEN_REQUIRE_POSTGRES=1`
//! (CI) a missing server is an error instead of a skip.

use crate::db::{Db, DbOptions};

/// Which backend a test database runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that disappears when dropped.
pub struct TestDb {
    pub db: Db,
    pub backend: Backend,
    /// The URL, for a second process or a second pool on the same database.
    pub url: String,
    guard: Guard,
}

enum Guard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

/// The PostgreSQL admin URL from the environment, if tests should use PostgreSQL.
///
/// # Panics
/// When `WXOPEN_REQUIRE_POSTGRES=1` and `TEST_DATABASE_URL` is unset: CI must not skip silently.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            if std::env::var("WXOPEN_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("WXOPEN_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set");
            }
            None
        }
    }
}

impl TestDb {
    /// A migrated SQLite database.
    pub async fn sqlite() -> Self {
        let t = Self::sqlite_empty().await;
        migrate_or_panic(&t.db).await;
        t
    }

    /// An empty (unmigrated) SQLite database.
    pub async fn sqlite_empty() -> Self {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let db = Db::connect(&DbOptions::new(url.clone()))
            .await
            .expect("open a SQLite test database");
        Self {
            db,
            backend: Backend::Sqlite,
            url,
            guard: Guard::Sqlite(dir),
        }
    }

    /// A migrated PostgreSQL database, or `None` when no server is configured.
    pub async fn postgres() -> Option<Self> {
        let t = Self::postgres_empty().await?;
        migrate_or_panic(&t.db).await;
        Some(t)
    }

    /// An empty PostgreSQL database, or `None` when no server is configured.
    pub async fn postgres_empty() -> Option<Self> {
        let admin_url = postgres_admin_url()?;
        let name = format!("wxopen_t_{}", uuid::Uuid::new_v4().simple());
        {
            use sqlx::Connection;
            let mut admin = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to TEST_DATABASE_URL");
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&mut admin)
                .await
                .expect("create a PostgreSQL test database");
        }
        let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&name);
        let url = url.to_string();
        let db = Db::connect(&DbOptions::new(url.clone()))
            .await
            .expect("connect to the PostgreSQL test database");
        Some(Self {
            db,
            backend: Backend::Postgres,
            url,
            guard: Guard::Postgres { admin_url, name },
        })
    }

    /// A migrated database on every configured backend: SQLite always, PostgreSQL when available.
    pub async fn all() -> Vec<Self> {
        let mut v = vec![Self::sqlite().await];
        if let Some(pg) = Self::postgres().await {
            v.push(pg);
        }
        v
    }
}

async fn migrate_or_panic(db: &Db) {
    db.migrate().await.expect("migrate the test database");
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Guard::Postgres { admin_url, name } = &self.guard {
            // Dropping runs outside any async context we can rely on, so use a private runtime on
            // a private thread; FORCE ends the connections our pool still holds.
            let admin_url = admin_url.clone();
            let name = name.clone();
            let handle = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    use sqlx::Connection;
                    if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = sqlx::query(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .execute(&mut admin)
                        .await;
                    }
                });
            });
            let _ = handle.join();
        }
    }
}
