//! Embedded migrations, one folder per backend with the same migration names.

use diesel::migration::MigrationSource;
use diesel_async::AsyncConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

use super::pool::{Db, DbError, PgConn, SqliteConn, is_postgres_url};

/// A service's migrations for both backends (`migrations/postgres`, `migrations/sqlite`).
#[derive(Clone, Copy)]
pub struct Migrations {
    pub postgres: &'static EmbeddedMigrations,
    pub sqlite: &'static EmbeddedMigrations,
}

impl std::fmt::Debug for Migrations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Migrations")
    }
}

/// Lends a `&'static EmbeddedMigrations` to the harness, which wants a value.
struct Source(&'static EmbeddedMigrations);

impl<DB: diesel::backend::Backend> MigrationSource<DB> for Source {
    fn migrations(
        &self,
    ) -> diesel::migration::Result<Vec<Box<dyn diesel::migration::Migration<DB>>>> {
        <EmbeddedMigrations as MigrationSource<DB>>::migrations(self.0)
    }
}

impl Migrations {
    /// Applies what is pending of each set in order, on a connection of its own, and returns the
    /// names of the migrations it applied.
    ///
    /// Needs a multi-threaded tokio runtime: the migration harness blocks in place.
    pub async fn run_all(url: &str, sets: &[Migrations]) -> Result<Vec<String>, DbError> {
        let sets = sets.to_vec();
        let url = url.to_owned();
        let applied = if is_postgres_url(&url) {
            let conn = PgConn::establish(&url).await?;
            tokio::task::spawn_blocking(move || {
                let mut harness: AsyncConnectionWrapper<PgConn> =
                    AsyncConnectionWrapper::from(conn);
                apply(&mut harness, sets.iter().map(|m| m.postgres))
            })
            .await
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(&url).to_owned();
            let conn = SqliteConn::establish(&path).await?;
            tokio::task::spawn_blocking(move || {
                let mut harness: AsyncConnectionWrapper<SqliteConn> =
                    AsyncConnectionWrapper::from(conn);
                apply(&mut harness, sets.iter().map(|m| m.sqlite))
            })
            .await
        };
        applied.map_err(|e| DbError::Migration(e.to_string()))?
    }
}

fn apply<C, DB>(
    harness: &mut C,
    sets: impl Iterator<Item = &'static EmbeddedMigrations>,
) -> Result<Vec<String>, DbError>
where
    DB: diesel::backend::Backend,
    C: MigrationHarness<DB>,
{
    let mut names = Vec::new();
    for set in sets {
        let done = harness
            .run_pending_migrations(Source(set))
            .map_err(|e| DbError::Migration(e.to_string()))?;
        names.extend(done.into_iter().map(|v| v.to_string()));
    }
    Ok(names)
}

impl Db {
    /// The backend-specific half of [`Migrations::run_all`] for an open pool, used by tests.
    pub fn migrations_for(&self, m: &Migrations) -> &'static EmbeddedMigrations {
        match self {
            Db::Postgres(_) => m.postgres,
            Db::Sqlite(_) => m.sqlite,
        }
    }
}
