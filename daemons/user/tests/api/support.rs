//! `TestApp`: a started user service on a fresh database, served on a loopback port, plus
//! helpers to call it and to look into its database.

#![expect(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use bookstore_kit::db::{Backend, Db};
use bookstore_kit::events::{
    Bus, BusOptions, Envelope, MemoryBus, NOTIFICATION_EVENTS, Topology, handler_fn,
};
use bookstore_kit::http::ServerOptions;
use bookstore_kit::service::{Context, ServiceUrls};
use bookstore_kit::testing::TestDb;
use bookstore_sdk::types::TokenPair;
use bookstore_user::{AdminCreated, UserArgs};
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

pub const ADMIN_EMAIL: &str = "root@example.com";
pub const ADMIN_PASSWORD: &str = "root-password-42";
pub const PASSWORD: &str = "correct horse battery";
/// What the other services present to `/internal/` endpoints in these tests.
pub const SERVICE_TOKEN: &str = "test-service-token";

/// The migrations a user service database needs, in order.
pub fn migrations() -> [bookstore_kit::db::Migrations; 2] {
    [
        bookstore_kit::events::MIGRATIONS,
        bookstore_user::MIGRATIONS,
    ]
}

/// Arguments with the admin credentials tests log in with.
pub fn args() -> UserArgs {
    UserArgs {
        admin_email: Some(ADMIN_EMAIL.into()),
        admin_password: Some(SecretString::from(ADMIN_PASSWORD)),
        ..UserArgs::default()
    }
}

pub use bookstore_kit::testing::http::Answer;
use bookstore_kit::testing::http::{answer, serve_service};

/// What a user service answer holds.
pub trait UserAnswer {
    /// The body as the token pair of a login, registration or refresh.
    fn pair(&self) -> TokenPair;
}

impl UserAnswer for Answer {
    fn pair(&self) -> TokenPair {
        self.parse()
    }
}

/// A started service. Dropping it stops the server and the outbox relay.
pub struct TestApp {
    pub label: String,
    pub base: String,
    pub client: reqwest::Client,
    /// Shared so that a test can restart the service on the same database.
    pub test_db: Arc<TestDb>,
    pub shutdown: CancellationToken,
    pub admin: Option<AdminCreated>,
    /// Events the relay delivered to the notification queue.
    pub delivered: Arc<Mutex<Vec<Envelope>>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

impl TestApp {
    /// A service on a fresh database of `backend`, with [`args`].
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, args()).await
    }

    pub async fn spawn_with(backend: Backend, args: UserArgs) -> TestApp {
        let test_db = TestDb::new(backend, &migrations()).await;
        Self::serve(Arc::new(test_db), &args).await.unwrap()
    }

    /// Starts the service on an existing database; fails as `start` fails.
    pub async fn serve(test_db: Arc<TestDb>, args: &UserArgs) -> anyhow::Result<TestApp> {
        let shutdown = CancellationToken::new();
        let (ctx, delivered) = context(shutdown.clone()).await;
        let started = bookstore_user::start(test_db.db.clone(), args, &ctx).await?;
        let base = serve_service(started.router, &ctx).await;
        Ok(TestApp {
            label: format!("{:?}", test_db.db.backend()),
            base,
            client: reqwest::Client::new(),
            test_db,
            shutdown,
            admin: started.admin,
            delivered,
        })
    }

    pub fn db(&self) -> &Db {
        &self.test_db.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends `body` (JSON unless a string, which goes as is with a JSON content type).
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

    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.send(reqwest::Method::GET, path, token, None).await
    }

    /// The key ids `/.well-known/jwks.json` publishes, in its order.
    pub async fn published_kids(&self) -> Vec<String> {
        let jwks = self.get("/.well-known/jwks.json", None).await;
        assert_eq!(jwks.status, 200, "{:?}", jwks.body);
        jwks.body["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap().to_owned())
            .collect()
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(reqwest::Method::POST, path, None, Some(body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send(reqwest::Method::PATCH, path, Some(token), Some(body))
            .await
    }

    /// Sends raw bytes as `application/json`.
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> Answer {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        answer(response).await
    }

    /// Registers `email` with [`PASSWORD`]; panics unless it answers 201.
    pub async fn register(&self, email: &str, name: &str) -> TokenPair {
        let answer = self
            .post(
                "/api/v1/auth/register",
                json!({"email": email, "name": name, "password": PASSWORD}),
            )
            .await;
        assert_eq!(
            answer.status, 201,
            "{}: register {email}: {:?}",
            self.label, answer.body
        );
        answer.pair()
    }

    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/auth/login",
            json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Answer {
        self.post(
            "/api/v1/auth/refresh",
            json!({"refresh_token": refresh_token}),
        )
        .await
    }

    /// An access token of the configured admin.
    pub async fn admin_token(&self) -> String {
        let answer = self.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(
            answer.status, 200,
            "{}: admin login: {:?}",
            self.label, answer.body
        );
        answer.pair().access_token
    }

    /// Runs SQL statements directly on the service's database.
    pub async fn execute(&self, sql: &str) {
        bookstore_kit::testing::sql::execute(self.db(), sql).await;
    }

    /// The outbox's envelopes of `event_type`, oldest first.
    pub async fn outbox(&self, event_type: &str) -> Vec<Envelope> {
        bookstore_kit::testing::sql::outbox(self.db(), event_type).await
    }
}

/// A context with an in-process bus whose notification queue records what it receives.
async fn context(shutdown: CancellationToken) -> (Context, Arc<Mutex<Vec<Envelope>>>) {
    let bus = MemoryBus::new(
        Topology::bookstore().only(&[NOTIFICATION_EVENTS]),
        BusOptions::default(),
    );
    let delivered = Arc::new(Mutex::new(Vec::new()));
    let sink = delivered.clone();
    bus.subscribe(
        NOTIFICATION_EVENTS,
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
        service_token: bookstore_kit::auth::ServiceToken::new(SecretString::from(SERVICE_TOKEN)),
        http: reqwest::Client::new(),
        bus: Arc::new(bus),
        urls: ServiceUrls::new([]),
        shutdown,
        server: ServerOptions::default(),
    };
    (ctx, delivered)
}
