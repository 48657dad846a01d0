//! Where each service's database lives, and creating it on a PostgreSQL server when missing.

use std::path::{Path, PathBuf};

use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, RunQueryDsl, SimpleAsyncConnection};

use super::pool::{DbError, PgConn, is_postgres_url};

/// The database of one service: a PostgreSQL URL or a SQLite file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Postgres { url: String, database: String },
    Sqlite { path: PathBuf },
}

/// The URL of `service`'s own database on the PostgreSQL server at `server_url`: the path is
/// replaced by `bookstore_<service>`, user, host, port and query are kept.
pub fn service_database_url(server_url: &str, service: &str) -> Result<String, DbError> {
    let mut url = url::Url::parse(server_url)
        .map_err(|e| DbError::Provision(format!("invalid PostgreSQL URL: {e}")))?;
    url.set_path(&format!("bookstore_{service}"));
    Ok(url.to_string())
}

impl DatabaseTarget {
    /// Resolves a service's database: an explicit per-service URL wins, then the shared
    /// PostgreSQL server URL, else a SQLite file `<service>.db` in the data directory.
    pub fn resolve(
        service: &str,
        service_url: Option<&str>,
        server_url: Option<&str>,
        data_dir: &Path,
    ) -> Result<DatabaseTarget, DbError> {
        if let Some(url) = service_url {
            return Ok(Self::from_url(url));
        }
        if let Some(server) = server_url {
            return Ok(Self::from_url(&service_database_url(server, service)?));
        }
        Ok(DatabaseTarget::Sqlite {
            path: data_dir.join(format!("{service}.db")),
        })
    }

    fn from_url(url: &str) -> DatabaseTarget {
        if is_postgres_url(url) {
            let database = url::Url::parse(url)
                .ok()
                .map(|u| u.path().trim_start_matches('/').to_owned())
                .unwrap_or_default();
            DatabaseTarget::Postgres {
                url: url.to_owned(),
                database,
            }
        } else {
            DatabaseTarget::Sqlite {
                path: PathBuf::from(url.strip_prefix("sqlite://").unwrap_or(url)),
            }
        }
    }

    /// The URL to hand to [`super::Db::connect`].
    pub fn url(&self) -> String {
        match self {
            DatabaseTarget::Postgres { url, .. } => url.clone(),
            DatabaseTarget::Sqlite { path } => path.display().to_string(),
        }
    }

    /// Makes sure the database exists: creates the SQLite file's folder, or the PostgreSQL
    /// database through the server's `postgres` database when it is missing.
    pub async fn provision(&self) -> Result<(), DbError> {
        match self {
            DatabaseTarget::Sqlite { path } => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        DbError::Provision(format!("cannot create {}: {e}", dir.display()))
                    })?;
                }
                Ok(())
            }
            DatabaseTarget::Postgres { url, database } => create_pg_database(url, database).await,
        }
    }

    /// A description without credentials, for logs and messages.
    pub fn describe(&self) -> String {
        match self {
            DatabaseTarget::Postgres { url, database } => {
                let host = url::Url::parse(url)
                    .ok()
                    .and_then(|u| {
                        u.host_str()
                            .map(|h| format!("{h}:{}", u.port().unwrap_or(5432)))
                    })
                    .unwrap_or_default();
                format!("PostgreSQL database {database} on {host}")
            }
            DatabaseTarget::Sqlite { path } => format!("SQLite file {}", path.display()),
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Exists {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    #[allow(dead_code)]
    one: i32,
}

async fn create_pg_database(url: &str, database: &str) -> Result<(), DbError> {
    if database.is_empty()
        || !database
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(DbError::Provision(format!(
            "invalid database name `{database}`: use letters, digits and underscores"
        )));
    }
    // Connecting to the database itself is the common case and needs no privileges.
    if PgConn::establish(url).await.is_ok() {
        return Ok(());
    }
    let mut admin_url = url::Url::parse(url)
        .map_err(|e| DbError::Provision(format!("invalid PostgreSQL URL: {e}")))?;
    admin_url.set_path("postgres");
    let mut conn = PgConn::establish(admin_url.as_str()).await.map_err(|e| {
        DbError::Provision(format!(
            "database {database} is not reachable and the server's `postgres` database cannot be \
             opened to create it: {e}"
        ))
    })?;
    let found: Vec<Exists> =
        diesel::sql_query("SELECT 1 AS one FROM pg_database WHERE datname = $1")
            .bind::<Text, _>(database)
            .load(&mut conn)
            .await?;
    if !found.is_empty() {
        return Ok(());
    }
    match conn
        .batch_execute(&format!("CREATE DATABASE \"{database}\""))
        .await
    {
        Ok(()) => {
            tracing::info!(database, "created database");
            Ok(())
        }
        // Another process created it between our check and our CREATE.
        Err(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("already exists") =>
        {
            Ok(())
        }
        Err(e) => Err(DbError::Provision(format!(
            "database {database} does not exist and could not be created (create it, or grant \
             CREATEDB): {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[expect(clippy::unwrap_used)]
    fn service_url_replaces_the_path_only() {
        let url = service_database_url(
            "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
            "user",
        )
        .unwrap();
        assert_eq!(
            url,
            "postgres://postgres@127.0.0.1:5432/bookstore_user?sslmode=disable"
        );
    }

    #[test]
    #[expect(clippy::unwrap_used)]
    fn resolution_prefers_the_service_url_then_the_server_then_sqlite() {
        let dir = Path::new("/data");
        let t = DatabaseTarget::resolve("user", Some("postgres://h/x"), Some("postgres://h/"), dir)
            .unwrap();
        assert_eq!(t.url(), "postgres://h/x");
        let t = DatabaseTarget::resolve("user", None, Some("postgres://h:5432/"), dir).unwrap();
        assert!(
            matches!(t, DatabaseTarget::Postgres { ref database, .. } if database == "bookstore_user")
        );
        let t = DatabaseTarget::resolve("user", None, None, dir).unwrap();
        assert_eq!(
            t,
            DatabaseTarget::Sqlite {
                path: "/data/user.db".into()
            }
        );
    }
}
