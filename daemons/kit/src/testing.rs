//! Test support: a fresh database per test, on SQLite by default and on PostgreSQL when
//! `BOOKSTORE_TEST_DATABASE_URL` is set (then an unreachable server fails the test, never skips it);
//! [`bus`], the buses a test runs on; [`http`], serving and calling over HTTP; [`sql`], looking
//! into a database directly; and [`smtp`], a real SMTP server for the tests of email.

pub mod bus;
pub mod http;
pub mod smtp;
pub mod sql;

pub use bus::{BusKind, buses};

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use crate::db::{DatabaseTarget, Db, Migrations};

/// The PostgreSQL server tests use, when configured.
pub fn postgres_server() -> Option<String> {
    std::env::var("BOOKSTORE_TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

/// The RabbitMQ server tests use, when configured.
pub fn amqp_server() -> Option<String> {
    std::env::var("BOOKSTORE_TEST_AMQP_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

/// A database of its own for one test: a temporary SQLite file (removed on drop), or a new
/// PostgreSQL database `bookstore_test_<uuid>` on the test server.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL database to drop when the test is done.
    postgres: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot block on async work: use a thread
        // with a runtime of its own. WITH (FORCE) ends the pool's connections still open.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                use diesel_async::{AsyncConnection, SimpleAsyncConnection};
                if let Ok(mut conn) = crate::db::PgConn::establish(&server).await {
                    let _ = conn
                        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await;
                }
            });
        })
        .join();
    }
}

impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TestDb({})", self.url)
    }
}

/// Which backends a test should run on: SQLite always, PostgreSQL too when configured.
pub fn backends() -> Vec<crate::db::Backend> {
    let mut all = vec![crate::db::Backend::Sqlite];
    if postgres_server().is_some() {
        all.push(crate::db::Backend::Postgres);
    }
    all
}

impl TestDb {
    /// A migrated database on `backend`. Panics when it cannot be made: a test without its
    /// database must fail.
    #[expect(clippy::unwrap_used, clippy::expect_used)]
    pub async fn new(backend: crate::db::Backend, migrations: &[Migrations]) -> TestDb {
        let mut postgres = None;
        let (target, dir) = match backend {
            crate::db::Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let path: PathBuf = dir.path().join("test.db");
                (DatabaseTarget::Sqlite { path }, Some(dir))
            }
            crate::db::Backend::Postgres => {
                let server = postgres_server()
                    .expect("BOOKSTORE_TEST_DATABASE_URL must be set for a PostgreSQL test");
                let name = format!("bookstore_test_{}", uuid::Uuid::new_v4().simple());
                let mut url =
                    url::Url::parse(&server).expect("BOOKSTORE_TEST_DATABASE_URL is not a URL");
                url.set_path(&name);
                let mut admin = url.clone();
                admin.set_path("postgres");
                postgres = Some((admin.to_string(), name.clone()));
                (
                    DatabaseTarget::Postgres {
                        url: url.to_string(),
                        database: name,
                    },
                    None,
                )
            }
        };
        target
            .provision()
            .await
            .unwrap_or_else(|e| panic!("cannot create test database ({}): {e}", target.describe()));
        let url = target.url();
        Migrations::run_all(&url, migrations)
            .await
            .unwrap_or_else(|e| panic!("migrating the test database failed: {e}"));
        let db = Db::connect(&url, 8).await.unwrap();
        TestDb {
            db,
            url,
            _dir: dir,
            postgres,
        }
    }
}

/// A stand-in user service for a test: only `/.well-known/jwks.json`, publishing `key`, on a
/// loopback port until `shutdown`. Returns its base URL.
pub async fn serve_jwks(
    key: &crate::auth::KeyPair,
    shutdown: tokio_util::sync::CancellationToken,
) -> String {
    let set = crate::auth::JwkSet {
        keys: vec![key.jwk()],
    };
    let router = axum::Router::new().route(
        "/.well-known/jwks.json",
        axum::routing::get(move || {
            let set = set.clone();
            async move { axum::Json(set) }
        }),
    );
    http::serve_stand_in(router, shutdown).await
}

/// Polls `check` every 20 ms until it holds; panics with `what` after `within`.
pub async fn eventually<F, Fut>(what: &str, within: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + within;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out after {within:?} waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A valid ISBN-13 made from `n`: `978`, nine digits of `n`, and the check digit.
pub fn isbn(n: u64) -> String {
    let body = format!("978{:09}", n % 1_000_000_000);
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, digit)| u32::from(digit - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

#[cfg(test)]
mod tests {
    #[test]
    fn isbns_have_their_check_digit() {
        // 978-0-306-40615-7 is the usual worked example.
        assert_eq!(super::isbn(30_640_615), "9780306406157");
        assert_eq!(super::isbn(1_000_000_001), super::isbn(1));
    }
}
