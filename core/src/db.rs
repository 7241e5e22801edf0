//! Connecting to SQLite or PostgreSQL with one sqlx pool that sea-orm and the session store share.

use std::str::FromStr;
use std::time::Duration;

use migration::MigratorTrait;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, SqlxPostgresConnector, SqlxSqliteConnector,
    Statement,
};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// How to connect.
#[derive(Clone, Debug)]
pub struct DbOptions {
    /// `sqlite://path/to/file.db` or `postgres://user@host:port/db`.
    pub url: String,
    /// Pool size; `None` picks 8 for SQLite and 16 for PostgreSQL.
    pub max_connections: Option<u32>,
}

impl DbOptions {
    /// Options with the default pool size.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: None,
        }
    }
}

/// The underlying sqlx pool, for components that need sqlx itself (the session store).
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// A connected database: sea-orm for the domain, the same pool underneath for everything else.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    pool: Pool,
}

/// Why a connection could not be made; phrased for an operator.
#[derive(Debug, thiserror::Error)]
pub enum DbConnectError {
    #[error(
        "unsupported DATABASE_URL scheme in {0:?}: use sqlite://path/to/file.db or postgres://user@host:port/database"
    )]
    UnsupportedScheme(String),
    #[error("invalid DATABASE_URL: {0}")]
    InvalidUrl(String),
    #[error("cannot create the folder {path} for the SQLite database: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
}

/// Whether a write failed on a unique index (the same on SQLite and PostgreSQL).
pub(crate) fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// A failed insert as a domain error: a unique-index violation becomes `Conflict` with `msg`
/// (both languages), anything else a database error.
pub(crate) fn conflict_or_db(
    e: sea_orm::DbErr,
    msg: impl FnOnce() -> crate::message::Bi,
) -> crate::error::CoreError {
    if is_unique_violation(&e) {
        crate::error::CoreError::Conflict(msg())
    } else {
        e.into()
    }
}

/// Redacts the password of a database URL so that it can be logged.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// How long a request waits for a database connection before it fails. WeChat gives up on a
/// push after five seconds and retries it: during an outage a push must be refused (5xx) before
/// that, rather than hang, and staff pages must say the database is unavailable at once.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

impl Db {
    /// Connects (creating the SQLite file and its folder if needed). Does not migrate.
    pub async fn connect(options: &DbOptions) -> Result<Self, DbConnectError> {
        let url = options.url.trim();
        if url.starts_with("sqlite:") {
            Self::connect_sqlite(url, options.max_connections.unwrap_or(8)).await
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::connect_postgres(url, options.max_connections.unwrap_or(16)).await
        } else {
            Err(DbConnectError::UnsupportedScheme(redact_url(url)))
        }
    }

    async fn connect_sqlite(url: &str, max: u32) -> Result<Self, DbConnectError> {
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(|e| DbConnectError::InvalidUrl(e.to_string()))?
            .create_if_missing(true)
            // WAL lets readers proceed while the single writer writes; the busy timeout makes
            // concurrent writers wait instead of failing with SQLITE_BUSY.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        if let Some(dir) = opts.get_filename().parent()
            && !dir.as_os_str().is_empty()
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(|source| DbConnectError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(opts)
            .await
            .map_err(DbConnectError::Connect)?;
        Ok(Self {
            conn: SqlxSqliteConnector::from_sqlx_sqlite_pool(pool.clone()),
            pool: Pool::Sqlite(pool),
        })
    }

    async fn connect_postgres(url: &str, max: u32) -> Result<Self, DbConnectError> {
        let opts = PgConnectOptions::from_str(url)
            .map_err(|e| DbConnectError::InvalidUrl(e.to_string()))?;
        let pool = PgPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(opts)
            .await
            .map_err(DbConnectError::Connect)?;
        Ok(Self {
            conn: SqlxPostgresConnector::from_sqlx_postgres_pool(pool.clone()),
            pool: Pool::Postgres(pool),
        })
    }

    /// The sea-orm connection.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// The sqlx pool underneath.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// SQLite or PostgreSQL.
    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// A transaction that will write. On SQLite it takes the write lock at once: a transaction
    /// that reads first and writes later would have to upgrade its lock, which SQLite refuses
    /// with "database is locked" (no busy wait) when another connection wrote in between; taken
    /// first, the lock waits up to the busy timeout like any write.
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
        use sea_orm::TransactionTrait;
        let txn = self.conn.begin().await?;
        if self.backend() == DbBackend::Sqlite {
            // Any write statement starts a write transaction, even one that changes no row.
            txn.execute(Statement::from_string(
                DbBackend::Sqlite,
                "UPDATE tenants SET id = id WHERE 0",
            ))
            .await?;
        }
        Ok(txn)
    }

    /// How many migrations this build knows that the database has not applied (an older
    /// instance's database, or a failed start): such a database is not ready for this build.
    pub async fn pending_migrations(&self) -> Result<usize, sea_orm::DbErr> {
        Ok(migration::Migrator::get_pending_migrations(&self.conn)
            .await?
            .len())
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), sea_orm::DbErr> {
        migration::Migrator::up(&self.conn, None).await
    }

    /// Whether the database answers a trivial query (for `/healthz`).
    pub async fn ping(&self) -> bool {
        let stmt = Statement::from_string(self.backend(), "SELECT 1");
        tokio::time::timeout(Duration::from_secs(3), self.conn.execute(stmt))
            .await
            .map(|r| r.is_ok())
            .unwrap_or(false)
    }

    /// Refreshes the query planner's statistics where that helps: SQLite's `PRAGMA optimize`
    /// (its recommended periodic maintenance); PostgreSQL's autovacuum already does this.
    pub async fn optimize(&self) -> Result<(), sea_orm::DbErr> {
        if self.backend() == DbBackend::Sqlite {
            let stmt = Statement::from_string(DbBackend::Sqlite, "PRAGMA optimize=0x10002");
            self.conn.execute(stmt).await?;
        }
        Ok(())
    }

    /// Closes the pool (waits for connections to be returned).
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}
