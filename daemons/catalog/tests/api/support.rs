//! `TestApp`: a started catalog service on a fresh database, served on a loopback port, beside
//! a stand-in user service that publishes the key test tokens are signed with; plus helpers to
//! call it, to make fixtures and to look into its database.

#![expect(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bookstore_catalog::CatalogArgs;
use bookstore_kit::auth::{Claims, KeyPair, ServiceToken, Signer};
use bookstore_kit::db::{Backend, Db};
use bookstore_kit::events::{BusOptions, MemoryBus, Topology};
use bookstore_kit::http::ServerOptions;
use bookstore_kit::service::{Context, ServiceName, ServiceUrls};
use bookstore_kit::testing::TestDb;
use bookstore_sdk::types::{Book, Role};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

pub use bookstore_kit::testing::http::Answer;
use bookstore_kit::testing::http::{answer, serve_service};

/// What a catalog answer holds.
pub trait CatalogAnswer {
    /// The body as a book.
    fn book(&self) -> Book;
    /// The titles of a page's items, in order.
    fn titles(&self) -> Vec<String>;
}

impl CatalogAnswer for Answer {
    fn book(&self) -> Book {
        self.parse()
    }

    fn titles(&self) -> Vec<String> {
        self.items()
            .iter()
            .map(|b| b["title"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// A started service. Dropping it stops the servers and the expiry sweep.
pub struct TestApp {
    pub label: String,
    pub base: String,
    pub client: reqwest::Client,
    pub test_db: TestDb,
    pub shutdown: CancellationToken,
    pub service_token: ServiceToken,
    signer: Signer,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Where a request's `Authorization` comes from.
#[derive(Debug, Clone, Copy)]
pub enum Who {
    Nobody,
    Customer,
    Admin,
    /// The service token, for `/internal/`.
    Service,
}

impl TestApp {
    /// A service on a fresh database of `backend`, with default arguments.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, CatalogArgs::default()).await
    }

    pub async fn spawn_with(backend: Backend, args: CatalogArgs) -> TestApp {
        let test_db = TestDb::new(backend, &[bookstore_catalog::MIGRATIONS]).await;
        let shutdown = CancellationToken::new();
        let key = KeyPair::generate().unwrap();
        let users = bookstore_kit::testing::serve_jwks(&key, shutdown.clone()).await;
        let ctx = Context {
            service_token: ServiceToken::generate(),
            http: reqwest::Client::new(),
            bus: Arc::new(MemoryBus::new(
                Topology::bookstore().only(&[]),
                BusOptions::default(),
            )),
            urls: ServiceUrls::new([(ServiceName::User, users)]),
            shutdown: shutdown.clone(),
            server: ServerOptions::default(),
        };
        let router = bookstore_catalog::start(test_db.db.clone(), &args, &ctx)
            .await
            .unwrap();
        let base = serve_service(router, &ctx).await;
        TestApp {
            label: format!("{:?}", test_db.db.backend()),
            base,
            client: reqwest::Client::new(),
            test_db,
            shutdown,
            service_token: ctx.service_token.clone(),
            signer: Signer::new(&key),
        }
    }

    pub fn db(&self) -> &Db {
        &self.test_db.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// An access token for a fresh account with `role`.
    pub fn token(&self, role: Role) -> String {
        let claims = Claims::new(uuid::Uuid::now_v7(), role, "someone@example.com", 900);
        self.signer.sign(&claims).unwrap()
    }

    fn authorization(&self, who: Who) -> Option<String> {
        match who {
            Who::Nobody => None,
            Who::Customer => Some(format!("Bearer {}", self.token(Role::Customer))),
            Who::Admin => Some(format!("Bearer {}", self.token(Role::Admin))),
            Who::Service => Some(self.service_token.bearer()),
        }
    }

    /// Sends `body` as JSON with `headers`, as `who`.
    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        who: Who,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = self.client.request(method, self.url(path));
        if let Some(auth) = self.authorization(who) {
            request = request.header("authorization", auth);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        answer(request.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.request(reqwest::Method::GET, path, Who::Nobody, None, &[])
            .await
    }

    pub async fn post(&self, path: &str, who: Who, body: Value) -> Answer {
        self.request(reqwest::Method::POST, path, who, Some(body), &[])
            .await
    }

    /// `PATCH` as an admin with `If-Match` when given.
    pub async fn patch(&self, path: &str, if_match: Option<&str>, body: Value) -> Answer {
        let headers: Vec<(&str, &str)> = if_match.map(|v| ("if-match", v)).into_iter().collect();
        self.request(
            reqwest::Method::PATCH,
            path,
            Who::Admin,
            Some(body),
            &headers,
        )
        .await
    }

    /// `DELETE` as an admin with `If-Match` when given.
    pub async fn delete(&self, path: &str, if_match: Option<&str>) -> Answer {
        let headers: Vec<(&str, &str)> = if_match.map(|v| ("if-match", v)).into_iter().collect();
        self.request(reqwest::Method::DELETE, path, Who::Admin, None, &headers)
            .await
    }

    pub async fn put_stock(&self, id: &str, change: Value) -> Answer {
        self.request(
            reqwest::Method::PUT,
            &format!("/api/v1/books/{id}/stock"),
            Who::Admin,
            Some(change),
            &[],
        )
        .await
    }

    /// Adds a genre; panics unless 201.
    pub async fn genre(&self, name: &str, slug: &str) -> Value {
        let answer = self
            .post(
                "/api/v1/genres",
                Who::Admin,
                json!({"name": name, "slug": slug}),
            )
            .await;
        assert_eq!(answer.status, 201, "{}: {:?}", self.label, answer.body);
        answer.body
    }

    /// Adds a book; panics unless 201.
    pub async fn book(&self, body: Value) -> Book {
        let answer = self.post("/api/v1/books", Who::Admin, body).await;
        assert_eq!(answer.status, 201, "{}: {:?}", self.label, answer.body);
        answer.book()
    }

    /// The book as it is now.
    pub async fn fetch(&self, id: impl std::fmt::Display) -> Book {
        let answer = self.get(&format!("/api/v1/books/{id}")).await;
        assert_eq!(answer.status, 200, "{}: {:?}", self.label, answer.body);
        answer.book()
    }

    /// Makes the pool open `n` connections now, one after another. A SQLite connection that
    /// opens while another one writes (or opens) fails at once with "database is locked"
    /// (`bookstore_kit::db` sets the busy timeout only after switching to WAL), so tests of
    /// concurrent writes open theirs first.
    pub async fn open_connections(&self, n: usize) {
        match self.db() {
            Db::Sqlite(pool) => {
                let mut held = Vec::new();
                for _ in 0..n {
                    held.push(pool.get().await.unwrap());
                }
            }
            Db::Postgres(pool) => {
                let mut held = Vec::new();
                for _ in 0..n {
                    held.push(pool.get().await.unwrap());
                }
            }
        }
    }

    /// Runs SQL statements directly on the service's database.
    pub async fn execute(&self, sql: &str) {
        bookstore_kit::testing::sql::execute(self.db(), sql).await;
    }

    /// A count from the database.
    pub async fn count(&self, table: &str) -> i64 {
        bookstore_kit::testing::sql::count(self.db(), &format!("SELECT COUNT(*) AS n FROM {table}"))
            .await
    }
}

/// A book body with the fields that must be there; `n` makes the ISBN unique.
pub fn new_book(n: u64, title: &str) -> Value {
    json!({
        "isbn": isbn(n),
        "title": title,
        "price": {"amount": 1000 + n as i64, "currency": "EUR"},
        "stock": 5,
    })
}

pub use bookstore_kit::testing::isbn;

/// A number no other call in this test binary gets, for ISBNs.
pub fn unique() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
