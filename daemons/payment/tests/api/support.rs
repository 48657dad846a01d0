//! `TestApp`: a started payment service on a fresh database and bus, served on a loopback
//! port, beside a stand-in user service publishing the key test tokens are signed with; plus
//! helpers to publish order events, to call the API and to look into the database.

#![expect(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bookstore_kit::auth::{Claims, KeyPair, ServiceToken, Signer};
use bookstore_kit::db::{Backend, Db};
use bookstore_kit::events::payloads::{
    OrderCreated, OrderStatusChanged, OrderedItem, PaymentMethodRef,
};
use bookstore_kit::events::{
    Bus, Envelope, PAYMENT_EVENTS, QueueSpec, RetryPolicy, Topology, event_types, handler_fn,
};
use bookstore_kit::http::ServerOptions;
use bookstore_kit::service::{Context, ServiceName, ServiceUrls};
use bookstore_kit::testing::http::{answer, serve_service};
use bookstore_kit::testing::{BusKind, TestDb, sql};
use bookstore_payment::PaymentArgs;
use bookstore_sdk::types::{Money, Payment, Role};
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// The queue the tests' recorder consumes: everything this service publishes.
pub const PUBLISHED: &str = "test.published";

pub use bookstore_kit::testing::http::Answer;

/// How long a test waits for what the service does on its own (consumers, the relay).
pub const SOON: Duration = Duration::from_secs(15);

/// What this suite reads out of an [`Answer`].
pub trait AnswerExt {
    fn payment(&self) -> Payment;
}

impl AnswerExt for Answer {
    fn payment(&self) -> Payment {
        self.parse()
    }
}

/// A started service. Dropping it stops the server, the relay and the consumer.
pub struct TestApp {
    pub label: String,
    pub base: String,
    pub client: reqwest::Client,
    pub test_db: TestDb,
    pub shutdown: CancellationToken,
    pub bus: Arc<dyn Bus>,
    /// What the service published, as the recorder received it.
    pub published: Arc<Mutex<Vec<Envelope>>>,
    signer: Signer,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Fast consumer retries, so failure paths take milliseconds.
const RETRY: RetryPolicy = RetryPolicy {
    attempts: 6,
    initial_backoff: Duration::from_millis(10),
    max_backoff: Duration::from_millis(40),
};

impl TestApp {
    /// A service with default arguments on `backend` and the in-process bus.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, &BusKind::Memory, PaymentArgs::default()).await
    }

    pub async fn spawn_with(backend: Backend, kind: &BusKind, args: PaymentArgs) -> TestApp {
        let test_db = TestDb::new(
            backend,
            &[
                bookstore_kit::events::MIGRATIONS,
                bookstore_payment::MIGRATIONS,
            ],
        )
        .await;
        let shutdown = CancellationToken::new();
        let key = KeyPair::generate().unwrap();
        let users = bookstore_kit::testing::serve_jwks(&key, shutdown.clone()).await;
        let topology = Topology::bookstore()
            .only(&[PAYMENT_EVENTS])
            .with_queue(QueueSpec::new(PUBLISHED, &["payment.*"]));
        let bus = kind.connect(topology, RETRY).await;
        let published = Arc::new(Mutex::new(Vec::new()));
        let sink = published.clone();
        bus.subscribe(
            PUBLISHED,
            handler_fn(move |envelope| {
                let sink = sink.clone();
                async move {
                    sink.lock().unwrap().push(envelope);
                    Ok(())
                }
            }),
            shutdown.clone(),
        )
        .await
        .unwrap();
        let ctx = Context {
            service_token: ServiceToken::generate(),
            http: reqwest::Client::new(),
            bus: bus.clone(),
            urls: ServiceUrls::new([(ServiceName::User, users)]),
            shutdown: shutdown.clone(),
            server: ServerOptions::default(),
        };
        let router = bookstore_payment::start(test_db.db.clone(), &args, &ctx)
            .await
            .unwrap();
        let base = serve_service(router, &ctx).await;
        TestApp {
            label: format!("{:?}/{}", test_db.db.backend(), kind.name()),
            base,
            client: reqwest::Client::new(),
            test_db,
            shutdown,
            bus,
            published,
            signer: Signer::new(&key),
        }
    }

    pub fn db(&self) -> &Db {
        &self.test_db.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// An access token for `user` with `role`.
    pub fn token(&self, user: Uuid, role: Role) -> String {
        let claims = Claims::new(user, role, "someone@example.com", 900);
        self.signer.sign(&claims).unwrap()
    }

    pub fn admin(&self) -> String {
        self.token(Uuid::now_v7(), Role::Admin)
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        let response = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        answer(response).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Option<Value>) -> Answer {
        let mut request = self.client.post(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        answer(request.send().await.unwrap()).await
    }

    /// Posts raw `body` with `headers`, as a provider's callback comes.
    pub async fn post_raw(&self, path: &str, headers: &[(&str, String)], body: &str) -> Answer {
        let mut request = self.client.post(self.url(path)).body(body.to_owned());
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        answer(request.send().await.unwrap()).await
    }

    /// Publishes `envelope` as the order service would. On the in-process bus the consumer
    /// has handled it (with its retries) when this returns; on RabbitMQ, wait with
    /// [`eventually`](bookstore_kit::testing::eventually).
    pub async fn deliver(&self, envelope: &Envelope) {
        self.bus.publish(envelope).await.unwrap();
    }

    /// The order's payment, read as an admin.
    pub async fn payment_of(&self, order_id: Uuid) -> Option<Payment> {
        let answer = self
            .get(
                &format!("/api/v1/payments?order_id={order_id}"),
                &self.admin(),
            )
            .await;
        assert_eq!(answer.status, 200, "{}: {:?}", self.label, answer.body);
        answer.body["items"]
            .as_array()
            .unwrap()
            .first()
            .map(|p| serde_json::from_value(p.clone()).unwrap())
    }

    /// Waits until the order's payment exists and is no longer pending.
    pub async fn settled(&self, order_id: Uuid) -> Payment {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(payment) = self.payment_of(order_id).await
                && payment.status.as_str() != "pending"
            {
                return payment;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{}: payment of {order_id} never settled",
                self.label
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The outbox's envelopes of `event_type`, oldest first.
    pub async fn outbox(&self, event_type: &str) -> Vec<Envelope> {
        sql::outbox(self.db(), event_type).await
    }

    /// What the recorder received of `event_type` for `order_id`.
    pub fn published(&self, event_type: &str, order_id: Uuid) -> Vec<Envelope> {
        self.published
            .lock()
            .unwrap()
            .iter()
            .filter(|e| {
                e.event_type == event_type
                    && e.correlation_id.as_deref() == Some(order_id.to_string().as_str())
            })
            .cloned()
            .collect()
    }

    /// A count from the database: `sql` selects it as `n`.
    pub async fn count(&self, sql: &str) -> i64 {
        sql::count(self.db(), sql).await
    }

    /// Charges in the sandbox's own ledger.
    pub async fn ledger_charges(&self) -> i64 {
        self.count("SELECT COUNT(*) AS n FROM sandbox_ledger WHERE operation = 'charge'")
            .await
    }

    pub async fn ledger_refunds(&self) -> i64 {
        self.count("SELECT COUNT(*) AS n FROM sandbox_ledger WHERE operation = 'refund'")
            .await
    }

    /// Runs SQL statements directly on the service's database.
    pub async fn execute(&self, sql: &str) {
        sql::execute(self.db(), sql).await;
    }

    /// Every text of the payment log, requests and answers.
    pub async fn log_texts(&self) -> Vec<String> {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            text: String,
        }
        let rows: Result<Vec<Row>, bookstore_kit::db::DbError> = async {
            Ok(bookstore_kit::with_conn!(self.db(), |conn| {
                diesel::sql_query("SELECT request || ' ' || response AS text FROM payment_log")
                    .load::<Row>(conn)
                    .await?
            }))
        }
        .await;
        rows.unwrap().into_iter().map(|r| r.text).collect()
    }
}

/// An `order.created` for a new order of a new customer, paid by `token` with `provider`.
pub fn order_created(provider: &str, token: &str, amount: i64) -> (Envelope, OrderCreated) {
    let order = OrderCreated {
        order_id: Uuid::now_v7(),
        user_id: Uuid::now_v7(),
        items: vec![OrderedItem {
            book_id: Uuid::now_v7(),
            title: "Dune".into(),
            quantity: 1,
            unit_price: Money::new(amount, "EUR"),
        }],
        total: Money::new(amount, "EUR"),
        payment_method: PaymentMethodRef {
            provider: provider.into(),
            token: token.into(),
            last4: token
                .rsplit('_')
                .next()
                .map(str::to_owned)
                .filter(|l| l.len() == 4),
        },
    };
    let envelope = Envelope::from_payload(event_types::ORDER_CREATED, "order", &order)
        .unwrap()
        .with_correlation_id(order.order_id.to_string());
    (envelope, order)
}

/// `order.cancelled` of `order`.
pub fn order_cancelled(order: &OrderCreated, was_paid: bool) -> Envelope {
    let change = OrderStatusChanged {
        order_id: order.order_id,
        user_id: order.user_id,
        status: "cancelled".into(),
        reason: Some("cancelled by the customer".into()),
        cause: Some("customer".into()),
        total: order.total.clone(),
        was_paid,
    };
    Envelope::from_payload(event_types::ORDER_CANCELLED, "order", &change)
        .unwrap()
        .with_correlation_id(order.order_id.to_string())
}
