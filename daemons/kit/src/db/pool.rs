//! The pooled connection to one service's database, on either backend.

use std::time::Duration;

use diesel::sqlite::SqliteConnection;
use diesel_async::pooled_connection::deadpool::{Pool, PoolError};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use futures_util::FutureExt;

/// A PostgreSQL connection.
pub type PgConn = AsyncPgConnection;
/// A SQLite connection, run on a blocking thread behind an async interface.
pub type SqliteConn = SyncConnectionWrapper<SqliteConnection>;

/// Which database server a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A pool of connections to one service's database. Cloning shares the pool.
#[derive(Clone)]
pub enum Db {
    Postgres(Pool<PgConn>),
    Sqlite(Pool<SqliteConn>),
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Db({:?})", self.backend())
    }
}

/// Why a database operation failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database connection pool: {0}")]
    Pool(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("database connection: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("migrations: {0}")]
    Migration(String),
    #[error("{0}")]
    Provision(String),
}

impl From<PoolError> for DbError {
    fn from(e: PoolError) -> Self {
        DbError::Pool(e.to_string())
    }
}

// Connections are not pinged on checkout (`RecyclingMethod::Fast`): a ping per query doubles
// the round trips, and a broken connection is dropped by the pool when its query fails.

/// How long a SQLite writer waits for another to finish before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 10_000;

impl Db {
    /// Opens a pool for `url`: `postgres://...` or a SQLite file path (optionally `sqlite://`).
    /// Does not create the PostgreSQL database; see [`crate::db::DatabaseTarget::provision`].
    pub async fn connect(url: &str, max_size: usize) -> Result<Db, DbError> {
        let db = if is_postgres_url(url) {
            let mut config = ManagerConfig::<PgConn>::default();
            config.recycling_method = RecyclingMethod::Fast;
            let manager = AsyncDieselConnectionManager::<PgConn>::new_with_config(url, config);
            let pool = Pool::builder(manager)
                .max_size(max_size)
                .wait_timeout(Some(Duration::from_secs(10)))
                .create_timeout(Some(Duration::from_secs(10)))
                .runtime(deadpool_runtime())
                .build()
                .map_err(|e| DbError::Pool(e.to_string()))?;
            Db::Postgres(pool)
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url).to_owned();
            let mut config = ManagerConfig::<SqliteConn>::default();
            config.recycling_method = RecyclingMethod::Fast;
            config.custom_setup = Box::new(|url| {
                let url = url.to_owned();
                async move {
                    let mut conn = SqliteConn::establish(&url).await?;
                    // The busy timeout comes first so that switching to WAL waits for a writer instead of
                    // failing; WAL lets readers run beside the one writer; foreign keys are off by
                    // default in SQLite.
                    conn.batch_execute(&format!(
                        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; \
                         PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                    ))
                    .await
                    .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                    Ok(conn)
                }
                .boxed()
            });
            let manager = AsyncDieselConnectionManager::<SqliteConn>::new_with_config(path, config);
            let pool = Pool::builder(manager)
                .max_size(max_size)
                .wait_timeout(Some(Duration::from_secs(30)))
                .runtime(deadpool_runtime())
                .build()
                .map_err(|e| DbError::Pool(e.to_string()))?;
            Db::Sqlite(pool)
        };
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Postgres(_) => Backend::Postgres,
            Db::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Checks that the database answers; what `/readyz` reports.
    pub async fn ping(&self) -> Result<(), DbError> {
        crate::with_conn!(self, |conn| {
            diesel::sql_query("SELECT 1").execute(conn).await?;
            Ok(())
        })
    }

    /// Open connections and the most the pool will hold.
    pub fn pool_status(&self) -> (usize, usize) {
        let status = match self {
            Db::Postgres(p) => p.status(),
            Db::Sqlite(p) => p.status(),
        };
        (status.size, status.max_size)
    }
}

fn deadpool_runtime() -> deadpool::Runtime {
    deadpool::Runtime::Tokio1
}

pub(crate) fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}
