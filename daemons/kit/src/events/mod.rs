//! Events: the envelope, the routing topology, the bus (RabbitMQ or in-process), and the
//! transactional outbox and inbox that make each event's effect happen exactly once.
//!
//! How an event travels:
//! 1. The publishing service writes the state change and [`outbox::enqueue`]s the event in one
//!    `transaction!` (Unit of Work), then pokes its [`OutboxWaker`].
//! 2. Its [`Relay`] claims the row, [`Bus::publish`]es it (broker-confirmed and routed) and
//!    marks it published; a failure is retried with backoff.
//! 3. The consuming service's [`Handler`] applies it inside [`inbox_transaction!`], which
//!    records the event id with the effect; the bus acknowledges afterwards. A redelivery finds
//!    the id and has no second effect. A handler that keeps failing has its message parked in
//!    the queue's dead-letter queue, where [`Bus::dead_letters`] lists it and
//!    [`Bus::replay_dead_letters`] sends it back.
//!
//! Services run [`MIGRATIONS`] (the outbox and inbox tables) before their own migrations.
//!
//! Wiring a service (one bus per process, shared through state):
//!
//! ```ignore
//! let bus = events::connect(config.amqp_url.as_deref(), Topology::default()).await?;
//! let relay = Relay::new(db.clone(), bus.clone()).with_metrics(&metrics);
//! let waker = relay.waker();               // into the state: `waker.wake()` after a commit
//! relay.spawn(shutdown.clone());
//! events::subscribe(&bus, events::ORDER_EVENTS, Arc::new(OrderEvents { db: db.clone() }),
//!     &metrics, shutdown.clone()).await?;
//! ```
//!
//! [`inbox_transaction!`]: crate::inbox_transaction

mod bus;
mod envelope;
mod memory;
mod metrics;
mod observe;
mod rabbit;
mod retry;
mod schema;
mod store;
mod topology;

pub mod inbox;
pub mod outbox;
pub mod payloads;

use std::sync::Arc;

use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub use bus::{
    Bus, BusError, BusOptions, DeadLetter, Handler, HandlerError, QueueDepth, RetryPolicy,
    handler_fn,
};
pub use envelope::{Envelope, event_types};
pub use memory::MemoryBus;
pub use metrics::{ConsumerMetrics, OutboxMetrics};
pub use observe::subscribe;
pub use outbox::{OutboxWaker, Relay, RelayOptions};
pub use rabbit::RabbitBus;
pub use store::EventsConn;
pub use topology::{
    DEAD_LETTER_EXCHANGE, EXCHANGE, NOTIFICATION_EVENTS, ORDER_EVENTS, PAYMENT_EVENTS, QueueSpec,
    Topology, topic_matches,
};

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// The outbox and inbox tables; every service runs these before its own migrations.
pub const MIGRATIONS: crate::db::Migrations = crate::db::Migrations {
    postgres: &POSTGRES_MIGRATIONS,
    sqlite: &SQLITE_MIGRATIONS,
};

/// The bus for this process: RabbitMQ when `amqp_url` is given (`BOOKSTORE_AMQP_URL`), else
/// the in-process bus, which only serves services running in this same process.
pub async fn connect(amqp_url: Option<&str>, topology: Topology) -> Result<Arc<dyn Bus>, BusError> {
    connect_with(amqp_url, topology, BusOptions::default()).await
}

/// [`connect`] with explicit retry, prefetch and reconnection settings.
/// The client keeps two buffers of 32 frames each: RabbitMQ's default 128 KiB frames make
/// that 8 MiB per process for events of a few hundred bytes. A URL that names `frame_max`
/// keeps its own.
fn with_small_frames(url: &str) -> String {
    const FRAME_MAX: u32 = 16 * 1024;
    if url.contains("frame_max=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}frame_max={FRAME_MAX}")
}

pub async fn connect_with(
    amqp_url: Option<&str>,
    topology: Topology,
    options: BusOptions,
) -> Result<Arc<dyn Bus>, BusError> {
    match amqp_url {
        Some(url) => Ok(Arc::new(
            RabbitBus::connect(&with_small_frames(url), topology, options).await?,
        )),
        None => {
            tracing::info!("no AMQP URL configured: events travel in process only");
            Ok(Arc::new(MemoryBus::new(topology, options)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_small_frames;

    #[test]
    fn small_frames_unless_the_url_says_otherwise() {
        assert_eq!(
            with_small_frames("amqp://h/%2f"),
            "amqp://h/%2f?frame_max=16384"
        );
        assert_eq!(
            with_small_frames("amqp://h/v?heartbeat=10"),
            "amqp://h/v?heartbeat=10&frame_max=16384"
        );
        assert_eq!(
            with_small_frames("amqp://h/v?frame_max=4096"),
            "amqp://h/v?frame_max=4096"
        );
    }
}
