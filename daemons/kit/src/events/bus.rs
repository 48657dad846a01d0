//! The Observer interface: a [`Bus`] carries [`Envelope`]s to the [`Handler`]s subscribed to a
//! queue. Two implementations: RabbitMQ (`rabbit`) and in-process (`memory`).
//!
//! Delivery is at least once. A handler makes its effect exactly once by recording the event id
//! in the inbox inside the transaction holding the effect (see `inbox`).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::envelope::Envelope;
use super::topology::Topology;
use crate::db::DbError;

/// Why the bus could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    /// The broker cannot be reached (or was lost); the caller retries later.
    #[error("event broker unavailable: {0}")]
    Unavailable(String),
    /// The broker refused or failed an operation (declaring, publishing, consuming).
    #[error("event broker: {0}")]
    Broker(String),
    /// The broker did not confirm the message (nack or no answer in time): it may be lost.
    #[error("event {id} ({event_type}) not confirmed by the broker: {reason}")]
    NotConfirmed {
        id: uuid::Uuid,
        event_type: String,
        reason: String,
    },
    /// The topology says someone consumes this type, but the message reached no queue (or, on
    /// the in-process bus, a queue bound to it has no consumer yet). The outbox keeps it and
    /// retries.
    #[error("event {id} ({event_type}) was not routed: {reason}")]
    Unroutable {
        id: uuid::Uuid,
        event_type: String,
        reason: String,
    },
    /// The queue is not part of the topology.
    #[error("unknown queue {0:?}: not in the event topology")]
    UnknownQueue(String),
    /// The in-process bus takes one consumer per queue.
    #[error("queue {0:?} already has a consumer in this process")]
    AlreadySubscribed(String),
}

/// Why a handler did not apply an event.
///
/// Transient errors (a database hiccup) are retried with backoff; permanent ones (a payload
/// that can never be applied) go to the dead-letter queue at once. Either way the message is
/// parked, not lost, once retries are exhausted.
#[derive(Debug)]
pub struct HandlerError {
    permanent: bool,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl HandlerError {
    /// A failure worth retrying.
    pub fn transient(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> HandlerError {
        HandlerError {
            permanent: false,
            source: error.into(),
        }
    }

    /// A failure retrying cannot fix: straight to the dead-letter queue.
    pub fn permanent(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> HandlerError {
        HandlerError {
            permanent: true,
            source: error.into(),
        }
    }

    /// Whether retrying is pointless.
    pub fn is_permanent(&self) -> bool {
        self.permanent
    }
}

impl std::fmt::Display for HandlerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for HandlerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl From<DbError> for HandlerError {
    fn from(e: DbError) -> Self {
        HandlerError::transient(e)
    }
}

impl From<diesel::result::Error> for HandlerError {
    fn from(e: diesel::result::Error) -> Self {
        HandlerError::transient(e)
    }
}

impl From<anyhow::Error> for HandlerError {
    fn from(e: anyhow::Error) -> Self {
        HandlerError::transient(e)
    }
}

/// A payload that does not decode never will: permanent.
impl From<serde_json::Error> for HandlerError {
    fn from(e: serde_json::Error) -> Self {
        HandlerError::permanent(e)
    }
}

/// An event consumer (the Observer). Called once per delivery, possibly more than once per
/// event: commit the effect and the inbox row in one transaction, then return `Ok`; the bus
/// acknowledges only after that.
#[async_trait]
pub trait Handler: Send + Sync {
    /// Applies `envelope`. An error is retried per the bus's [`RetryPolicy`], then parked in
    /// the queue's dead-letter queue.
    async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError>;

    /// Told when the bus gave up on `envelope` after `error` and parked it in the dead-letter
    /// queue (for metrics; nothing is expected of it).
    fn parked(&self, envelope: &Envelope, error: &HandlerError) {
        let _ = (envelope, error);
    }
}

/// A [`Handler`] from a closure; the closure gets its own copy of the envelope so the future
/// it returns can be `'static`.
pub fn handler_fn<F, Fut>(f: F) -> Arc<dyn Handler>
where
    F: Fn(Envelope) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), HandlerError>> + Send + 'static,
{
    Arc::new(FnHandler(f))
}

struct FnHandler<F>(F);

#[async_trait]
impl<F, Fut> Handler for FnHandler<F>
where
    F: Fn(Envelope) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), HandlerError>> + Send + 'static,
{
    async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError> {
        (self.0)(envelope.clone()).await
    }
}

/// A message parked in a dead-letter queue, for an admin to look at and replay.
#[derive(Debug, Clone, Serialize)]
pub struct DeadLetter {
    /// The logical queue whose consumer gave up on it.
    pub queue: String,
    /// The event, when the body decodes.
    pub envelope: Option<Envelope>,
    /// The raw body as text (lossy UTF-8): what to look at when it does not decode.
    pub body: String,
    /// Why it was parked, as far as the bus knows.
    pub reason: Option<String>,
    /// When it was (last) parked.
    pub dead_lettered_at: Option<DateTime<Utc>>,
    /// How many times it has been parked.
    pub deaths: u64,
}

/// How many messages a queue holds: what a metrics gauge reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueDepth {
    /// Messages waiting for the consumer (not counting those it holds unacknowledged).
    pub ready: u64,
    /// Messages parked in the queue's dead-letter queue.
    pub dead_letters: u64,
}

/// How a consumer retries a failing handler before parking the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Handler calls in all, the first included (at least 1).
    pub attempts: u32,
    /// Wait before the second call; doubled before each further call.
    pub initial_backoff: Duration,
    /// The longest wait between calls.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            attempts: 5,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed call number `failed` (1-based): exponential, capped.
    pub fn backoff(&self, failed: u32) -> Duration {
        exponential(self.initial_backoff, self.max_backoff, failed)
    }
}

/// `initial * 2^(n-1)`, capped at `max`.
pub(crate) fn exponential(initial: Duration, max: Duration, n: u32) -> Duration {
    let factor = 2u32.saturating_pow(n.saturating_sub(1));
    initial.saturating_mul(factor).min(max)
}

/// Tuning shared by both buses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusOptions {
    /// Handler retries before a message is dead-lettered.
    pub retry: RetryPolicy,
    /// Unacknowledged messages the broker may push to one consumer ahead of time.
    pub prefetch: u16,
    /// First wait before reconnecting to the broker; doubled per failure.
    pub reconnect_initial: Duration,
    /// The longest wait between reconnection attempts.
    pub reconnect_max: Duration,
    /// How long to wait for the broker to confirm one publish.
    pub confirm_timeout: Duration,
}

impl Default for BusOptions {
    fn default() -> BusOptions {
        BusOptions {
            retry: RetryPolicy::default(),
            prefetch: 16,
            reconnect_initial: Duration::from_millis(500),
            reconnect_max: Duration::from_secs(30),
            confirm_timeout: Duration::from_secs(15),
        }
    }
}

/// Publishes events and feeds queues to handlers.
#[async_trait]
pub trait Bus: Send + Sync {
    /// Publishes `envelope` with routing key `envelope.event_type`.
    ///
    /// Returns `Ok` only once the event is safe: confirmed by the broker and routed to a
    /// queue (RabbitMQ), or handled (or parked) by every consumer (in-process). An event type
    /// that no queue of the topology receives is dropped without error, since nobody misses
    /// it; one that should reach a queue but does not is [`BusError::Unroutable`], so the
    /// outbox keeps it and retries.
    async fn publish(&self, envelope: &Envelope) -> Result<(), BusError>;

    /// Feeds the logical queue `queue` to `handler` until `shutdown` is cancelled; the task
    /// finishes the message in hand, then ends. Returns once the consumer is registered.
    async fn subscribe(
        &self,
        queue: &str,
        handler: Arc<dyn Handler>,
        shutdown: CancellationToken,
    ) -> Result<JoinHandle<()>, BusError>;

    /// Checks that the bus can carry events now: what `/readyz` reports.
    async fn ping(&self) -> Result<(), BusError>;

    /// Up to `limit` messages parked in `queue`'s dead-letter queue, oldest first, left in place.
    async fn dead_letters(&self, queue: &str, limit: usize) -> Result<Vec<DeadLetter>, BusError>;

    /// Sends the messages parked in `queue`'s dead-letter queue back to `queue` (only: other
    /// queues that received the event are not bothered again). Returns how many were sent; one
    /// that fails again is parked again.
    async fn replay_dead_letters(&self, queue: &str) -> Result<usize, BusError>;

    /// How many messages `queue` and its dead-letter queue hold now.
    async fn depth(&self, queue: &str) -> Result<QueueDepth, BusError>;

    /// The routing contract this bus follows.
    fn topology(&self) -> &Topology;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let policy = RetryPolicy {
            attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
        };
        let waits: Vec<u128> = (1..=5).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
        assert_eq!(policy.backoff(200), Duration::from_millis(500));
    }
}
