//! `Store`: catalog, order and (optionally) payment services on fresh databases, served on
//! loopback ports beside a stand-in user service, sharing one in-process bus; plus helpers to
//! place orders, wait for them and look into the databases.

#![expect(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use bookstore_kit::auth::{Claims, KeyPair, ServiceToken, Signer};
use bookstore_kit::db::{Backend, Db};
use bookstore_kit::events::{
    Bus, BusOptions, MemoryBus, ORDER_EVENTS, PAYMENT_EVENTS, RetryPolicy, Topology,
};
use bookstore_kit::http::ServerOptions;
use bookstore_kit::service::{Context, ServiceName, ServiceUrls};
use bookstore_kit::testing::TestDb;
use bookstore_order::OrderArgs;
use bookstore_payment::PaymentArgs;
use bookstore_sdk::types::{Order, OrderStatus, Role};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

pub use bookstore_kit::testing::http::Answer;

/// What an order service answer holds.
pub trait OrderAnswer {
    /// The body as an order.
    fn order(&self) -> Order;
}

impl OrderAnswer for Answer {
    fn order(&self) -> Order {
        self.parse()
    }
}

/// A signed-in user of the test store.
#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub token: String,
}

/// How a test store is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// Run the payment service (without it, orders wait for a payment that never comes).
    pub payment: bool,
    pub order: OrderArgs,
    pub payment_args: PaymentArgs,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            payment: true,
            order: OrderArgs {
                payment_timeout: Duration::from_secs(120),
                order_sweep_interval: Duration::from_millis(200),
            },
            payment_args: PaymentArgs::default(),
        }
    }
}

/// A running store. Dropping it stops every service.
pub struct Store {
    pub label: String,
    pub catalog: String,
    pub order: String,
    /// Held so the catalog's database lives as long as the store.
    _catalog_db: TestDb,
    pub order_db: TestDb,
    pub payment_db: Option<TestDb>,
    pub bus: Arc<dyn Bus>,
    pub client: reqwest::Client,
    pub shutdown: CancellationToken,
    signer: Signer,
}

impl Drop for Store {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

impl Store {
    pub async fn spawn(backend: Backend) -> Store {
        Self::spawn_with(backend, Options::default()).await
    }

    /// A store whose orders wait for a payment that never comes (no payment service).
    pub async fn without_payment(backend: Backend) -> Store {
        Self::spawn_with(
            backend,
            Options {
                payment: false,
                ..Options::default()
            },
        )
        .await
    }

    pub async fn spawn_with(backend: Backend, options: Options) -> Store {
        let shutdown = CancellationToken::new();
        let key = KeyPair::generate().unwrap();
        let users = bookstore_kit::testing::serve_jwks(&key, shutdown.clone()).await;
        let catalog_db = TestDb::new(backend, &[bookstore_catalog::MIGRATIONS]).await;
        let order_db = TestDb::new(
            backend,
            &[
                bookstore_kit::events::MIGRATIONS,
                bookstore_order::MIGRATIONS,
            ],
        )
        .await;
        let payment_db = if options.payment {
            Some(
                TestDb::new(
                    backend,
                    &[
                        bookstore_kit::events::MIGRATIONS,
                        bookstore_payment::MIGRATIONS,
                    ],
                )
                .await,
            )
        } else {
            None
        };
        let queues: &[&str] = if options.payment {
            &[ORDER_EVENTS, PAYMENT_EVENTS]
        } else {
            &[ORDER_EVENTS]
        };
        let bus: Arc<dyn Bus> = Arc::new(MemoryBus::new(
            Topology::bookstore().only(queues),
            BusOptions {
                retry: RetryPolicy {
                    attempts: 8,
                    initial_backoff: Duration::from_millis(50),
                    max_backoff: Duration::from_millis(500),
                },
                ..BusOptions::default()
            },
        ));

        let catalog_listener = listener().await;
        let order_listener = listener().await;
        let payment_listener = listener().await;
        let catalog = base(&catalog_listener);
        let order = base(&order_listener);
        let payment = base(&payment_listener);
        let ctx = Context {
            service_token: ServiceToken::generate(),
            http: reqwest::Client::new(),
            bus: bus.clone(),
            urls: ServiceUrls::new([
                (ServiceName::User, users),
                (ServiceName::Catalog, catalog.clone()),
                (ServiceName::Order, order.clone()),
                (ServiceName::Payment, payment.clone()),
            ]),
            shutdown: shutdown.clone(),
            server: ServerOptions::default(),
        };
        let catalog_router = bookstore_catalog::start(
            catalog_db.db.clone(),
            &bookstore_catalog::CatalogArgs::default(),
            &ctx,
        )
        .await
        .unwrap();
        serve(catalog_listener, catalog_router, &ctx);
        let order_router = bookstore_order::start(order_db.db.clone(), &options.order, &ctx)
            .await
            .unwrap();
        serve(order_listener, order_router, &ctx);
        if let Some(db) = &payment_db {
            let router = bookstore_payment::start(db.db.clone(), &options.payment_args, &ctx)
                .await
                .unwrap();
            serve(payment_listener, router, &ctx);
        }
        Store {
            label: format!("{backend:?}"),
            catalog,
            order,
            _catalog_db: catalog_db,
            order_db,
            payment_db,
            bus,
            client: reqwest::Client::new(),
            shutdown,
            signer: Signer::new(&key),
        }
    }

    pub fn order_db(&self) -> &Db {
        &self.order_db.db
    }

    /// A new account with `role`.
    pub fn user(&self, role: Role) -> User {
        let id = Uuid::now_v7();
        let claims = Claims::new(id, role, &format!("{id}@example.com"), 900);
        User {
            id,
            token: self.signer.sign(&claims).unwrap(),
        }
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        url: String,
        user: Option<&User>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = self.client.request(method, url);
        if let Some(user) = user {
            request = request.bearer_auth(&user.token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        bookstore_kit::testing::http::answer(request.send().await.unwrap()).await
    }

    /// A request to the order service.
    pub async fn orders(
        &self,
        method: reqwest::Method,
        path: &str,
        user: &User,
        body: Option<Value>,
    ) -> Answer {
        self.call(
            method,
            format!("{}{path}", self.order),
            Some(user),
            body,
            &[],
        )
        .await
    }

    /// Adds a book with `stock` copies at `price` cents (EUR); its id.
    pub async fn book(&self, title: &str, price: i64, stock: i64) -> Uuid {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let admin = self.user(Role::Admin);
        let answer = self
            .call(
                reqwest::Method::POST,
                format!("{}/api/v1/books", self.catalog),
                Some(&admin),
                Some(json!({
                    "isbn": isbn(n),
                    "title": title,
                    "price": {"amount": price, "currency": "EUR"},
                    "stock": stock,
                })),
                &[],
            )
            .await;
        assert_eq!(answer.status, 201, "{}: {}", self.label, answer.body);
        answer.body["id"].as_str().unwrap().parse().unwrap()
    }

    /// The copies of a book in stock now.
    pub async fn stock(&self, book: Uuid) -> i64 {
        let answer = self
            .call(
                reqwest::Method::GET,
                format!("{}/api/v1/books/{book}", self.catalog),
                None,
                None,
                &[],
            )
            .await;
        answer.body["stock"].as_i64().unwrap()
    }

    /// `POST /orders` with `key`.
    pub async fn place(&self, user: &User, key: &str, body: Value) -> Answer {
        self.call(
            reqwest::Method::POST,
            format!("{}/api/v1/orders", self.order),
            Some(user),
            Some(body),
            &[("idempotency-key", key)],
        )
        .await
    }

    /// Places an order of `quantity` copies of `book` paid with `card`; panics unless 202.
    pub async fn order_book(&self, user: &User, book: Uuid, quantity: i64, card: &str) -> Order {
        let answer = self
            .place(
                user,
                &Uuid::new_v4().to_string(),
                order_body(&[(book, quantity)], card),
            )
            .await;
        assert_eq!(answer.status, 202, "{}: {}", self.label, answer.body);
        answer.order()
    }

    /// The order as its owner sees it.
    pub async fn fetch(&self, user: &User, id: Uuid) -> Order {
        let answer = self
            .orders(
                reqwest::Method::GET,
                &format!("/api/v1/orders/{id}"),
                user,
                None,
            )
            .await;
        assert_eq!(answer.status, 200, "{}: {}", self.label, answer.body);
        answer.order()
    }

    /// Waits until `done` holds for the order (20 s at most).
    pub async fn wait_for(&self, user: &User, id: Uuid, done: impl Fn(&Order) -> bool) -> Order {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let order = self.fetch(user, id).await;
            if done(&order) {
                return order;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{}: order {id} stuck at {:?}",
                self.label,
                order
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the order leaves `pending_payment`.
    pub async fn settled(&self, user: &User, id: Uuid) -> Order {
        self.wait_for(user, id, |o| o.status != OrderStatus::PendingPayment)
            .await
    }

    /// A count from one of the databases.
    pub async fn count(db: &Db, sql: &str) -> i64 {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let row: Result<Row, bookstore_kit::db::DbError> = async {
            Ok(bookstore_kit::with_conn!(db, |conn| {
                diesel::sql_query(sql).get_result::<Row>(conn).await?
            }))
        }
        .await;
        row.unwrap().n
    }

    /// Rows of the order service's outbox of `event_type`.
    pub async fn published(&self, event_type: &str) -> i64 {
        Self::count(
            self.order_db(),
            &format!("SELECT COUNT(*) AS n FROM outbox WHERE event_type = '{event_type}'"),
        )
        .await
    }
}

/// A shipping address that passes every check.
pub fn address() -> Value {
    json!({"name": "Ada Lovelace", "line1": "12 St James's Square", "postal_code": "SW1Y 4JH",
           "city": "London", "country": "GB"})
}

/// An order body for `lines` paid with the sandbox `card`.
pub fn order_body(lines: &[(Uuid, i64)], card: &str) -> Value {
    json!({
        "items": lines.iter().map(|(b, q)| json!({"book_id": b, "quantity": q})).collect::<Vec<_>>(),
        "payment": {"provider": "sandbox", "token": card},
        "shipping_address": address(),
    })
}

pub const GOOD_CARD: &str = "4242 4242 4242 4242";
pub const DECLINED_CARD: &str = "4000 0000 0000 0002";
pub const NO_FUNDS_CARD: &str = "4000 0000 0000 9995";

/// A valid ISBN-13 (`979` + nine digits of `n` + its check digit).
fn isbn(n: u64) -> String {
    let body = format!("979{:09}", n % 1_000_000_000);
    let sum: u32 = body
        .chars()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).unwrap() * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

async fn listener() -> tokio::net::TcpListener {
    tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap()
}

fn base(listener: &tokio::net::TcpListener) -> String {
    format!("http://{}", listener.local_addr().unwrap())
}

fn serve(listener: tokio::net::TcpListener, router: axum::Router, ctx: &Context) {
    let stop = ctx.shutdown.clone();
    let drain = ctx.server.drain_timeout;
    tokio::spawn(async move {
        bookstore_kit::http::serve(listener, router, stop, drain)
            .await
            .unwrap();
    });
}
