//! Test support: a fresh database per test, on SQLite by default and on PostgreSQL when
//! `BOOKSTORE_TEST_DATABASE_URL` is set (then an unreachable server fails the test, never skips it);
//! and [`smtp`], a real SMTP server for the tests of email.

pub mod smtp;

use std::path::PathBuf;

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
/// loopback port until `shutdown`. Returns its base URL. Panics when it cannot listen: a test
/// without it must fail.
#[expect(clippy::expect_used)]
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port for the stand-in user service");
    let base = format!(
        "http://{}",
        listener.local_addr().expect("the listener's address")
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await;
    });
    base
}
