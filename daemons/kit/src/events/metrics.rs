//! The metrics of events, registered in the registry of the service that publishes or consumes
//! them: the outbox's publishing and backlog, and each consumer's handling, lag and parked
//! messages. Their names are a contract for dashboards and alerts (DESIGN.md, "Metrics").

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use async_trait::async_trait;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

use super::bus::Bus;
use super::outbox::backlog;
use crate::db::Db;
use crate::http::Metrics;
use crate::http::metrics::ScrapeHook;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct EventLabels {
    event_type: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct ConsumerLabels {
    queue: String,
    event_type: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QueueLabels {
    queue: String,
}

type SecondsFamily = Family<ConsumerLabels, Histogram, fn() -> Histogram>;

/// An outbox relay's counters, plus the backlog gauges read before each scrape.
#[derive(Clone, Default)]
pub struct OutboxMetrics {
    published: Family<EventLabels, Counter>,
    failures: Family<EventLabels, Counter>,
}

impl std::fmt::Debug for OutboxMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutboxMetrics")
    }
}

impl OutboxMetrics {
    /// Registers the outbox metrics of `db`'s outbox in `registry`.
    pub fn register(registry: &Metrics, db: &Db) -> OutboxMetrics {
        let metrics = OutboxMetrics::default();
        registry.register(
            "outbox_published",
            "Events the outbox relay published, by type",
            metrics.published.clone(),
        );
        registry.register(
            "outbox_publish_failures",
            "Attempts to publish an outbox event that failed (each is retried), by type",
            metrics.failures.clone(),
        );
        let backlog = Backlog {
            db: db.clone(),
            pending: Gauge::default(),
            oldest_age: Gauge::default(),
        };
        registry.register(
            "outbox_pending_events",
            "Events written to the outbox and not yet published",
            backlog.pending.clone(),
        );
        registry.register(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest event not yet published (0 when none waits)",
            backlog.oldest_age.clone(),
        );
        registry.on_scrape(Arc::new(backlog));
        metrics
    }

    pub(crate) fn published(&self, event_type: &str) {
        self.published.get_or_create(&event(event_type)).inc();
    }

    pub(crate) fn failed(&self, event_type: &str) {
        self.failures.get_or_create(&event(event_type)).inc();
    }
}

fn event(event_type: &str) -> EventLabels {
    EventLabels {
        event_type: event_type.to_owned(),
    }
}

/// The outbox backlog, read from the database at scrape time. Every replica of a service
/// reads the same outbox, so dashboards take the `max` over replicas, not the sum.
struct Backlog {
    db: Db,
    pending: Gauge,
    oldest_age: Gauge<f64, AtomicU64>,
}

#[async_trait]
impl ScrapeHook for Backlog {
    async fn refresh(&self) {
        match backlog(&self.db).await {
            Ok(backlog) => {
                self.pending.set(backlog.pending);
                self.oldest_age
                    .set(backlog.oldest_age.map_or(0.0, |age| age.as_secs_f64()));
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the outbox backlog for metrics"),
        }
    }
}

/// A consumer's handling of events: what it applied, what failed, how long after the event
/// happened it was applied (the lag), and what it parked in the dead-letter queue.
#[derive(Clone)]
pub struct ConsumerMetrics {
    handled: Family<ConsumerLabels, Counter>,
    failures: Family<ConsumerLabels, Counter>,
    dead_lettered: Family<ConsumerLabels, Counter>,
    duration: SecondsFamily,
    lag: SecondsFamily,
}

impl std::fmt::Debug for ConsumerMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConsumerMetrics")
    }
}

impl ConsumerMetrics {
    /// Registers the consumer metrics and, for `queue`, the broker-side gauges (messages
    /// waiting, messages parked) read from `bus` before each scrape.
    pub fn register(registry: &Metrics, bus: Arc<dyn Bus>, queue: &str) -> ConsumerMetrics {
        // From 1 ms: an in-process handler takes a few; a broker hop adds a few more.
        let seconds: fn() -> Histogram = || Histogram::new(exponential_buckets(0.001, 2.0, 16));
        let metrics = ConsumerMetrics {
            handled: Family::default(),
            failures: Family::default(),
            dead_lettered: Family::default(),
            duration: Family::new_with_constructor(seconds),
            lag: Family::new_with_constructor(seconds),
        };
        registry.register(
            "events_handled",
            "Events a consumer applied (a redelivered duplicate counts too), by queue and type",
            metrics.handled.clone(),
        );
        registry.register(
            "event_handler_failures",
            "Handler calls that failed (retried, or parked after the last), by queue and type",
            metrics.failures.clone(),
        );
        registry.register(
            "events_dead_lettered",
            "Events a consumer gave up on and parked in the dead-letter queue, by queue and type",
            metrics.dead_lettered.clone(),
        );
        registry.register(
            "event_handler_duration_seconds",
            "Time one handler call took, by queue and type",
            metrics.duration.clone(),
        );
        registry.register(
            "event_lag_seconds",
            "Consumer lag: from the event happening to its consumer applying it, by queue and type",
            metrics.lag.clone(),
        );
        let depth = Depth {
            bus,
            queue: queue.to_owned(),
            ready: Family::default(),
            dead: Family::default(),
        };
        registry.register(
            "event_queue_messages",
            "Messages waiting in a consumer's queue (0 on the in-process bus, which delivers at once)",
            depth.ready.clone(),
        );
        registry.register(
            "event_dead_letters",
            "Messages parked in a consumer's dead-letter queue, waiting for an admin",
            depth.dead.clone(),
        );
        registry.on_scrape(Arc::new(depth));
        metrics
    }

    pub(crate) fn labels(queue: &str, event_type: &str) -> ConsumerLabels {
        ConsumerLabels {
            queue: queue.to_owned(),
            event_type: event_type.to_owned(),
        }
    }

    pub(crate) fn handled(&self, labels: &ConsumerLabels, seconds: f64, lag: f64) {
        self.handled.get_or_create(labels).inc();
        self.duration.get_or_create(labels).observe(seconds);
        self.lag.get_or_create(labels).observe(lag.max(0.0));
    }

    pub(crate) fn failed(&self, labels: &ConsumerLabels, seconds: f64) {
        self.failures.get_or_create(labels).inc();
        self.duration.get_or_create(labels).observe(seconds);
    }

    pub(crate) fn dead_lettered(&self, labels: &ConsumerLabels) {
        self.dead_lettered.get_or_create(labels).inc();
    }
}

/// A queue's depth and its dead-letter queue's, asked of the bus at scrape time.
struct Depth {
    bus: Arc<dyn Bus>,
    queue: String,
    ready: Family<QueueLabels, Gauge>,
    dead: Family<QueueLabels, Gauge>,
}

#[async_trait]
impl ScrapeHook for Depth {
    async fn refresh(&self) {
        let labels = QueueLabels {
            queue: self.queue.clone(),
        };
        match self.bus.depth(&self.queue).await {
            Ok(depth) => {
                self.ready
                    .get_or_create(&labels)
                    .set(i64::try_from(depth.ready).unwrap_or(i64::MAX));
                self.dead
                    .get_or_create(&labels)
                    .set(i64::try_from(depth.dead_letters).unwrap_or(i64::MAX));
            }
            Err(e) => {
                tracing::warn!(queue = %self.queue, error = %e, "cannot read the queue depth for metrics");
            }
        }
    }
}
