//! `TestApp`: a started notification service on a fresh database and bus, served on a loopback
//! port, beside a stand-in user service (token keys, account lookups); plus helpers to publish
//! the events other services publish, to call the API and to read what was sent.

#![expect(clippy::unwrap_used)]

pub mod sms;
pub mod users;

pub use bookstore_kit::testing::smtp;

use std::sync::Arc;
use std::time::Duration;

use bookstore_kit::auth::{Claims, KeyPair, ServiceToken, Signer};
use bookstore_kit::db::{Backend, Db};
use bookstore_kit::events::payloads::{
    OrderStatusChanged, PaymentRefunded, UserRegistered, UserUpdated,
};
use bookstore_kit::events::{
    Bus, Envelope, NOTIFICATION_EVENTS, RetryPolicy, Topology, event_types,
};
use bookstore_kit::http::ServerOptions;
use bookstore_kit::service::{Context, ServiceName, ServiceUrls};
use bookstore_kit::testing::http::{Answer, answer, serve_service};
use bookstore_kit::testing::{BusKind, TestDb, eventually};
use bookstore_notification::NotificationArgs;
use bookstore_sdk::types::{Delivery, Money, Notification, Role};
use secrecy::SecretString;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

pub use users::Accounts;

/// The service token the stand-in user service expects.
pub const SERVICE_TOKEN: &str = "notification-test-service-token";

/// How long a test waits for what the service does on its own (consumers, senders,
/// retries).
pub const SOON: Duration = Duration::from_secs(20);

/// A reader the stand-in user service knows, with a token of theirs.
#[derive(Debug, Clone)]
pub struct Reader {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub token: String,
}

/// A started service. Dropping it stops the server, the consumer and the senders.
pub struct TestApp {
    pub label: String,
    pub base: String,
    pub client: reqwest::Client,
    pub test_db: TestDb,
    pub shutdown: CancellationToken,
    pub bus: Arc<dyn Bus>,
    pub accounts: Accounts,
    /// The data directory: emails are written to `mail/` in it unless SMTP is configured.
    pub data: tempfile::TempDir,
    signer: Signer,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Arguments with quick retries, so failure paths take moments.
pub fn args() -> NotificationArgs {
    NotificationArgs {
        delivery_backoff: Duration::from_millis(100),
        delivery_backoff_max: Duration::from_millis(400),
        stream_heartbeat: Duration::from_millis(300),
        public_url: Some("https://books.example".into()),
        ..NotificationArgs::default()
    }
}

/// Fast consumer retries: an event about an unknown reader is retried for a few seconds.
const RETRY: RetryPolicy = RetryPolicy {
    attempts: 20,
    initial_backoff: Duration::from_millis(20),
    max_backoff: Duration::from_millis(300),
};

impl TestApp {
    /// A service with [`args`] on `backend` and the in-process bus.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, &BusKind::Memory, args()).await
    }

    pub async fn spawn_with(backend: Backend, kind: &BusKind, args: NotificationArgs) -> TestApp {
        let test_db = TestDb::new(
            backend,
            &[
                bookstore_kit::events::MIGRATIONS,
                bookstore_notification::MIGRATIONS,
            ],
        )
        .await;
        let shutdown = CancellationToken::new();
        let key = KeyPair::generate().unwrap();
        let accounts = Accounts::default();
        let users = users::serve(&key, accounts.clone(), SERVICE_TOKEN, shutdown.clone()).await;
        let topology = Topology::bookstore().only(&[NOTIFICATION_EVENTS]);
        let bus = kind.connect(topology, RETRY).await;
        let ctx = Context {
            service_token: ServiceToken::new(SecretString::from(SERVICE_TOKEN)),
            http: reqwest::Client::new(),
            bus: bus.clone(),
            urls: ServiceUrls::new([(ServiceName::User, users)]),
            shutdown: shutdown.clone(),
            server: ServerOptions::default(),
        };
        let data = tempfile::tempdir().unwrap();
        let router = bookstore_notification::start(test_db.db.clone(), &args, &ctx, data.path())
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
            accounts,
            data,
            signer: Signer::new(&key),
        }
    }

    pub fn db(&self) -> &Db {
        &self.test_db.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// An access token for `user`.
    pub fn token(&self, user: Uuid, role: Role, email: &str) -> String {
        self.signer
            .sign(&Claims::new(user, role, email, 900))
            .unwrap()
    }

    /// An admin's token.
    pub fn admin(&self) -> String {
        self.token(Uuid::now_v7(), Role::Admin, "admin@example.com")
    }

    /// A reader the user service knows but this service has not heard of yet.
    pub fn new_reader(&self, name: &str) -> Reader {
        let id = Uuid::now_v7();
        let email = format!("{}-{}@example.com", name.to_lowercase(), id.simple());
        self.accounts.add(id, &email, name, Role::Customer);
        Reader {
            id,
            token: self.token(id, Role::Customer, &email),
            email,
            name: name.into(),
        }
    }

    /// A reader announced with `user.registered` and welcomed.
    pub async fn reader(&self, name: &str) -> Reader {
        let reader = self.new_reader(name);
        self.deliver(&registered(&reader, Role::Customer)).await;
        let label = format!("{}: {name} welcomed", self.label);
        eventually(&label, SOON, || async {
            self.inbox(&reader.token).await.len() == 1
        })
        .await;
        reader
    }

    /// Publishes `envelope` as another service would. On the in-process bus the consumer has
    /// handled it (with its retries) when this returns; on RabbitMQ, wait with [`eventually`].
    pub async fn deliver(&self, envelope: &Envelope) {
        self.bus.publish(envelope).await.unwrap();
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        answer(request.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.send(reqwest::Method::GET, path, Some(token), None)
            .await
    }

    pub async fn post(&self, path: &str, token: &str, body: Option<Value>) -> Answer {
        self.send(reqwest::Method::POST, path, Some(token), body)
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send(reqwest::Method::PUT, path, Some(token), Some(body))
            .await
    }

    /// The reader's whole inbox, newest first.
    pub async fn inbox(&self, token: &str) -> Vec<Notification> {
        let answer = self.get("/api/v1/notifications?limit=100", token).await;
        assert_eq!(answer.status, 200, "{}: {:?}", self.label, answer.body);
        serde_json::from_value(answer.body["items"].clone()).unwrap()
    }

    /// Deliveries matching the query string `query`, as an admin sees them.
    pub async fn deliveries(&self, query: &str) -> Vec<Delivery> {
        let answer = self
            .get(
                &format!("/api/v1/notifications/deliveries?limit=100&{query}"),
                &self.admin(),
            )
            .await;
        assert_eq!(answer.status, 200, "{}: {:?}", self.label, answer.body);
        serde_json::from_value(answer.body["items"].clone()).unwrap()
    }

    /// The emails written to the mail folder, as text.
    pub fn mails(&self) -> Vec<String> {
        smtp::read_dir_texts(&self.data.path().join("mail"))
    }

    /// The emails of the mail folder addressed to `email`.
    pub fn mails_to(&self, email: &str) -> Vec<String> {
        self.mails()
            .into_iter()
            .filter(|m| m.contains(&format!("<{email}>")))
            .collect()
    }

    /// Stores `preferences` for `reader`.
    pub async fn prefer(&self, reader: &Reader, preferences: Value) {
        let answer = self
            .put(
                "/api/v1/notifications/preferences",
                &reader.token,
                preferences,
            )
            .await;
        assert_eq!(answer.status, 200, "{}: {:?}", self.label, answer.body);
    }
}

/// `user.registered` for `reader`.
pub fn registered(reader: &Reader, role: Role) -> Envelope {
    Envelope::from_payload(
        event_types::USER_REGISTERED,
        "user",
        &UserRegistered {
            user_id: reader.id,
            email: reader.email.clone(),
            name: reader.name.clone(),
            role,
        },
    )
    .unwrap()
}

/// `user.updated` for `reader` with `email`, `name` and `disabled`.
pub fn updated(reader: &Reader, email: &str, name: &str, disabled: bool) -> Envelope {
    Envelope::from_payload(
        event_types::USER_UPDATED,
        "user",
        &UserUpdated {
            user_id: reader.id,
            email: email.into(),
            name: name.into(),
            role: Role::Customer,
            disabled,
        },
    )
    .unwrap()
}

pub fn eur(amount: i64) -> Money {
    Money {
        amount,
        currency: "EUR".into(),
    }
}

/// `order.<status>` for `reader`'s order `order_id`.
pub fn order_event(
    reader: &Reader,
    order_id: Uuid,
    status: &str,
    cause: Option<&str>,
    reason: Option<&str>,
    was_paid: bool,
) -> Envelope {
    let event_type = match status {
        "confirmed" => event_types::ORDER_CONFIRMED,
        "cancelled" => event_types::ORDER_CANCELLED,
        _ => event_types::ORDER_SHIPPED,
    };
    Envelope::from_payload(
        event_type,
        "order",
        &OrderStatusChanged {
            order_id,
            user_id: reader.id,
            status: status.into(),
            reason: reason.map(str::to_owned),
            cause: cause.map(str::to_owned),
            total: eur(2598),
            was_paid,
        },
    )
    .unwrap()
    .with_correlation_id(order_id.to_string())
}

/// `payment.refunded` for `reader`'s order `order_id`.
pub fn refunded(reader: &Reader, order_id: Uuid) -> Envelope {
    Envelope::from_payload(
        event_types::PAYMENT_REFUNDED,
        "payment",
        &PaymentRefunded {
            payment_id: Uuid::now_v7(),
            order_id,
            user_id: reader.id,
            amount: eur(2598),
            reason: Some("cancelled by the customer".into()),
        },
    )
    .unwrap()
    .with_correlation_id(order_id.to_string())
}
