//! Fixtures for the events tests: for each database backend and each bus (in-process always,
//! RabbitMQ when `BOOKSTORE_TEST_AMQP_URL` is set) a fresh database, a bus on a topology of the
//! test's own (unique prefix), a tiny effect table, and a handler that records what it did.
#![expect(clippy::unwrap_used)]
#![allow(
    dead_code,
    reason = "each test binary uses its own part of these helpers"
)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bookstore_kit::db::{Backend, Db, DbError};
use bookstore_kit::events::{
    Bus, BusOptions, Envelope, Handler, HandlerError, MemoryBus, PAYMENT_EVENTS, RabbitBus,
    RelayOptions, RetryPolicy, Topology, event_types, outbox,
};
use bookstore_kit::testing::{self, TestDb, backends, buses};
// The scenarios name these through this module, beside its own helpers.
pub use bookstore_kit::testing::{BusKind, eventually};
use diesel::prelude::*;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
use tokio_util::sync::CancellationToken;

diesel::table! {
    /// What a consumer did: one row per applied event (no unique key, so a second effect shows).
    effects (event_id) {
        event_id -> Text,
        consumer -> Text,
    }
}

diesel::table! {
    /// The publishing side's state change.
    orders (id) {
        id -> Text,
    }
}

/// The consumer name the test handler records in the inbox.
pub const CONSUMER: &str = "payment";
/// The queue the test handler consumes and the event type routed to it.
pub const QUEUE: &str = PAYMENT_EVENTS;
pub const EVENT_TYPE: &str = event_types::ORDER_CREATED;

/// Every (database, bus) combination to run a scenario on.
pub fn matrix() -> Vec<(Backend, BusKind)> {
    let mut all = Vec::new();
    for backend in backends() {
        for bus in buses() {
            all.push((backend, bus));
        }
    }
    all
}

/// Fast retries so failure paths finish in milliseconds.
pub fn bus_options() -> BusOptions {
    BusOptions {
        confirm_timeout: Duration::from_secs(5),
        ..testing::bus::bus_options(RetryPolicy {
            attempts: 3,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
        })
    }
}

/// A quick relay: polls often, backs off briefly.
pub fn relay_options() -> RelayOptions {
    RelayOptions {
        batch_size: 50,
        lease: Duration::from_secs(30),
        poll_interval: Duration::from_millis(50),
        initial_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(200),
        retention: None,
        inbox_retention: None,
        purge_every: Duration::from_secs(600),
    }
}

/// One scenario run: database, bus, and a token that stops everything when dropped.
pub struct Fixture {
    pub label: String,
    pub test_db: TestDb,
    pub db: Db,
    pub bus: Arc<dyn Bus>,
    /// The same bus when it is RabbitMQ, for broker-side tricks.
    pub rabbit: Option<RabbitBus>,
    pub amqp_url: Option<String>,
    pub topology: Topology,
    pub shutdown: CancellationToken,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

impl Fixture {
    pub async fn new(backend: Backend, kind: &BusKind) -> Fixture {
        init_logs();
        let test_db = TestDb::new(backend, &[bookstore_kit::events::MIGRATIONS]).await;
        let db = test_db.db.clone();
        let created: Result<(), DbError> = async {
            bookstore_kit::with_conn!(&db, |conn| {
                conn.batch_execute(
                    "CREATE TABLE effects (event_id TEXT NOT NULL, consumer TEXT NOT NULL);
                     CREATE TABLE orders (id TEXT PRIMARY KEY);",
                )
                .await?;
            });
            Ok(())
        }
        .await;
        created.unwrap();
        let prefix = format!("test.{}.", uuid::Uuid::new_v4().simple());
        let topology = Topology::bookstore()
            .with_prefix(prefix)
            .with_expiry(Duration::from_secs(60));
        let (bus, rabbit, amqp_url): (Arc<dyn Bus>, _, _) = match kind {
            BusKind::Memory => (
                Arc::new(MemoryBus::new(topology.clone(), bus_options())),
                None,
                None,
            ),
            BusKind::Rabbit(url) => {
                let rabbit = RabbitBus::connect(url, topology.clone(), bus_options())
                    .await
                    .unwrap_or_else(|e| panic!("BOOKSTORE_TEST_AMQP_URL is set but: {e}"));
                (Arc::new(rabbit.clone()), Some(rabbit), Some(url.clone()))
            }
        };
        Fixture {
            label: format!("{backend:?}/{}", kind.name()),
            test_db,
            db,
            bus,
            rabbit,
            amqp_url,
            topology,
            shutdown: CancellationToken::new(),
        }
    }

    pub fn is_rabbit(&self) -> bool {
        self.rabbit.is_some()
    }

    /// Commits an order and its `order.created` event in one transaction.
    pub async fn commit_order(&self) -> Envelope {
        let id = uuid::Uuid::now_v7().to_string();
        let envelope = Envelope::new(EVENT_TYPE, "order", serde_json::json!({ "order_id": id }))
            .with_correlation_id(id.clone())
            .with_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        let result: Result<(), HandlerError> = async {
            bookstore_kit::transaction!(&self.db, |conn| {
                diesel::insert_into(orders::table)
                    .values(orders::id.eq(&id))
                    .execute(conn)
                    .await?;
                outbox::enqueue(conn, &envelope).await?;
                Ok::<(), HandlerError>(())
            })
        }
        .await;
        result.unwrap();
        envelope
    }

    /// How many effects `event` had.
    pub async fn effects_of(&self, event: &Envelope) -> i64 {
        let id = event.id.to_string();
        let n: Result<i64, DbError> = async {
            Ok(bookstore_kit::with_conn!(&self.db, |conn| {
                effects::table
                    .filter(effects::event_id.eq(&id))
                    .count()
                    .get_result(conn)
                    .await?
            }))
        }
        .await;
        n.unwrap()
    }

    /// All effects of all events.
    pub async fn all_effects(&self) -> i64 {
        let n: Result<i64, DbError> = async {
            Ok(bookstore_kit::with_conn!(&self.db, |conn| {
                effects::table.count().get_result(conn).await?
            }))
        }
        .await;
        n.unwrap()
    }

    pub async fn order_count(&self) -> i64 {
        let n: Result<i64, DbError> = async {
            Ok(bookstore_kit::with_conn!(&self.db, |conn| {
                orders::table.count().get_result(conn).await?
            }))
        }
        .await;
        n.unwrap()
    }

    pub async fn pending(&self) -> i64 {
        outbox::backlog(&self.db).await.unwrap().pending
    }

    /// Waits until `event` has had its one effect and nothing is left unpublished.
    pub async fn settled(&self, event: &Envelope) {
        eventually("the effect", SOON, || async {
            self.effects_of(event).await == 1
        })
        .await;
        eventually("the outbox to drain", SOON, || async {
            self.pending().await == 0
        })
        .await;
    }

    /// Subscribes `handler` to the test queue.
    pub async fn subscribe(&self, handler: Arc<EffectHandler>) -> tokio::task::JoinHandle<()> {
        self.bus
            .subscribe(QUEUE, handler, self.shutdown.clone())
            .await
            .unwrap()
    }

    /// A raw channel on the test broker, for what the bus API does not do.
    pub async fn raw_channel(&self) -> (lapin::Connection, lapin::Channel) {
        let url = self.amqp_url.as_deref().unwrap();
        let conn = lapin::Connection::connect(url, lapin::ConnectionProperties::default())
            .await
            .unwrap();
        let channel = conn.create_channel().await.unwrap();
        (conn, channel)
    }
}

/// How the test handler misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Applies the event.
    Apply,
    /// Fails every time (transient), so retries run out.
    Fail,
    /// Fails permanently: no retries.
    FailPermanently,
}

/// Applies events as one effect row plus the inbox row, in one transaction.
pub struct EffectHandler {
    db: Db,
    mode: Mutex<Mode>,
    pub calls: AtomicUsize,
    /// Event ids in the order the handler saw them.
    pub seen: Mutex<Vec<uuid::Uuid>>,
    /// "Die" once after committing, before the delivery is acknowledged.
    crash_after_commit: AtomicBool,
    /// RabbitMQ: how to die (drop the connection); in process the handler returns an error.
    rabbit: Option<RabbitBus>,
}

impl EffectHandler {
    pub fn new(fixture: &Fixture) -> Arc<EffectHandler> {
        Arc::new(EffectHandler {
            db: fixture.db.clone(),
            mode: Mutex::new(Mode::Apply),
            calls: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
            crash_after_commit: AtomicBool::new(false),
            rabbit: fixture.rabbit.clone(),
        })
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    pub fn crash_once_after_commit(&self) {
        self.crash_after_commit.store(true, Ordering::SeqCst);
    }

    pub fn calls(&self) -> usize {
        AtomicUsize::load(&self.calls, Ordering::SeqCst)
    }
}

#[async_trait]
impl Handler for EffectHandler {
    async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.seen.lock().unwrap().push(envelope.id);
        let mode = *self.mode.lock().unwrap();
        match mode {
            Mode::Apply => {}
            Mode::Fail => return Err(HandlerError::transient("the test handler fails")),
            Mode::FailPermanently => {
                return Err(HandlerError::permanent("the test handler rejects this"));
            }
        }
        let event_id = envelope.id.to_string();
        let applied: Result<Option<()>, HandlerError> =
            bookstore_kit::inbox_transaction!(&self.db, CONSUMER, envelope, |conn| {
                diesel::insert_into(effects::table)
                    .values((
                        effects::event_id.eq(&event_id),
                        effects::consumer.eq(CONSUMER),
                    ))
                    .execute(conn)
                    .await?;
                Ok(())
            });
        applied?;
        if self.crash_after_commit.swap(false, Ordering::SeqCst) {
            match &self.rabbit {
                // The connection goes away before the ack: the broker redelivers.
                Some(rabbit) => rabbit.disconnect().await,
                // In process the analogue is failing after the commit: the bus retries.
                None => return Err(HandlerError::transient("crashed after commit")),
            }
        }
        Ok(())
    }
}

/// Logs to the test output when `RUST_LOG` is set.
fn init_logs() {
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
}

/// The default deadline for something to happen.
pub const SOON: Duration = Duration::from_secs(15);
