//! The outbox relay: claims due rows, publishes them, marks them; backs off per row on failure.
//!
//! Several relays (in one process or many) may run over one outbox: each claims rows under a
//! lease, so they rarely publish the same row twice, and when one dies between publishing and
//! marking, the row's lease runs out and another publishes it again. Delivery is therefore at
//! least once; consumers' inboxes make the effect exactly once.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::StreamExt as _;
use tracing::Instrument as _;

use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::{Claimed, claim, mark_all_published, mark_failed, purge_published, renew};
use crate::db::{Db, DbError};
use crate::events::bus::{Bus, exponential};
use crate::events::envelope::Envelope;
use crate::events::metrics::OutboxMetrics;
use crate::http::Metrics;
use crate::telemetry;

/// Pokes a relay to publish now instead of at its next poll. Service code calls
/// [`OutboxWaker::wake`] after committing a transaction that enqueued events. Cloning shares it.
#[derive(Clone, Default)]
pub struct OutboxWaker(Arc<Notify>);

impl std::fmt::Debug for OutboxWaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutboxWaker")
    }
}

impl OutboxWaker {
    /// A waker no relay listens to yet.
    pub fn new() -> OutboxWaker {
        OutboxWaker::default()
    }

    /// Wakes the relay; a wake-up while it is busy is kept for when it next waits.
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// How a relay paces itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayOptions {
    /// Rows claimed per round.
    pub batch_size: i64,
    /// How long a claim keeps other relays off a row unless renewed: what a crashed relay's
    /// rows wait before another publishes them. A relay renews its claims every third of
    /// this while it publishes them, so a slow broker causes no second publication.
    pub lease: Duration,
    /// How often to look for due rows when nobody wakes the relay.
    pub poll_interval: Duration,
    /// Wait before retrying a row that failed once; doubled per further failure.
    pub initial_backoff: Duration,
    /// The longest wait between attempts at one row.
    pub max_backoff: Duration,
    /// Published rows older than this are deleted (`None` keeps them).
    pub retention: Option<Duration>,
    /// The service's inbox rows (events its consumers applied) older than this are deleted
    /// (`None` keeps them). A redelivery of an event older than this would apply it again, so
    /// it must outlast every redelivery: the outbox's backoff and replays from a dead-letter
    /// queue.
    pub inbox_retention: Option<Duration>,
    /// How often the retentions are applied.
    pub purge_every: Duration,
}

impl Default for RelayOptions {
    fn default() -> RelayOptions {
        RelayOptions {
            batch_size: 50,
            lease: Duration::from_secs(5),
            poll_interval: Duration::from_secs(1),
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(300),
            retention: Some(Duration::from_secs(7 * DAY)),
            inbox_retention: Some(Duration::from_secs(30 * DAY)),
            purge_every: Duration::from_secs(600),
        }
    }
}

/// What one round of the relay did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Rows claimed.
    pub claimed: usize,
    /// Rows published and marked.
    pub published: usize,
    /// Rows that failed and were rescheduled.
    pub failed: usize,
}

/// Publishes a service's outbox through a [`Bus`].
///
/// ```ignore
/// let relay = Relay::new(db.clone(), bus.clone());
/// let waker = relay.waker(); // into the service state; `waker.wake()` after commits
/// let task = relay.spawn(shutdown.clone());
/// ```
pub struct Relay {
    db: Db,
    bus: Arc<dyn Bus>,
    waker: OutboxWaker,
    options: RelayOptions,
    metrics: Option<OutboxMetrics>,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay")
            .field("db", &self.db)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Orders whose events are published at the same time in one round.
const PUBLISHING_AT_ONCE: usize = 16;

const DAY: u64 = 24 * 3600;

impl Relay {
    /// A relay over `db`'s outbox with default options and a fresh waker.
    pub fn new(db: Db, bus: Arc<dyn Bus>) -> Relay {
        Relay {
            db,
            bus,
            waker: OutboxWaker::new(),
            options: RelayOptions::default(),
            metrics: None,
        }
    }

    /// Counts what the relay publishes, and reports the outbox's backlog, in `metrics` (the
    /// publishing service's registry).
    #[must_use]
    pub fn with_metrics(mut self, metrics: &Metrics) -> Relay {
        self.metrics = Some(OutboxMetrics::register(metrics, &self.db));
        self
    }

    /// Replaces the options.
    #[must_use]
    pub fn with_options(mut self, options: RelayOptions) -> Relay {
        self.options = options;
        self
    }

    /// Listens to `waker` (one the service state already holds) instead of its own.
    #[must_use]
    pub fn with_waker(mut self, waker: OutboxWaker) -> Relay {
        self.waker = waker;
        self
    }

    /// The waker that makes this relay publish at once.
    pub fn waker(&self) -> OutboxWaker {
        self.waker.clone()
    }

    /// Runs until `shutdown` is cancelled, finishing the round in hand.
    pub fn spawn(self, shutdown: CancellationToken) -> JoinHandle<()> {
        tokio::spawn(async move { self.run(shutdown).await })
    }

    /// Applies the retentions: published outbox rows and applied inbox rows past theirs go.
    async fn purge(&self) {
        if let Some(retention) = self.options.retention {
            match purge_published(&self.db, retention).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "purged published outbox rows"),
                Err(e) => tracing::warn!(error = %e, "purging the outbox failed"),
            }
        }
        if let Some(retention) = self.options.inbox_retention {
            match crate::events::inbox::purge(&self.db, retention).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "purged applied inbox rows"),
                Err(e) => tracing::warn!(error = %e, "purging the inbox failed"),
            }
        }
    }

    async fn run(self, shutdown: CancellationToken) {
        tracing::info!(exchange = %self.bus.topology().exchange(), "outbox relay started");
        let mut next_purge = Instant::now() + self.options.purge_every;
        while !shutdown.is_cancelled() {
            // Never cancelled midway: a round publishes, then marks; cutting it between the
            // two would only cause a duplicate, but there is no reason to.
            let full = match self.run_once().await {
                Ok(report) => report.claimed as i64 >= self.options.batch_size,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox relay cannot read the outbox; retrying");
                    false
                }
            };
            if Instant::now() >= next_purge {
                next_purge = Instant::now() + self.options.purge_every;
                self.purge().await;
            }
            if full {
                continue; // more is due: no wait
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = self.waker.0.notified() => {}
                _ = tokio::time::sleep(self.options.poll_interval) => {}
            }
        }
        tracing::info!("outbox relay stopped");
    }

    /// One round: claims a batch of due rows and publishes them. Rows about one order (one
    /// correlation id) go out one after another, oldest first, so consumers see them in that
    /// order; different orders go out side by side. A row that fails is rescheduled with
    /// backoff and does not hold back the others.
    pub async fn run_once(&self) -> Result<RoundReport, DbError> {
        let batch = claim(&self.db, self.options.batch_size, self.options.lease).await?;
        let mut report = RoundReport {
            claimed: batch.len(),
            ..RoundReport::default()
        };
        let mut groups: Vec<(String, Vec<Claimed>)> = Vec::new();
        for row in batch {
            let key = row
                .envelope
                .as_ref()
                .ok()
                .and_then(|e| e.correlation_id.clone())
                .unwrap_or_else(|| row.id.clone());
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, rows)) => rows.push(row),
                None => groups.push((key, vec![row])),
            }
        }
        let claimed: Vec<String> = groups
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|r| r.id.clone()))
            .collect();
        let finished: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
        let publishing = futures_util::stream::iter(groups)
            .map(|(_, rows)| {
                let finished = &finished;
                async move {
                    let mut published = Vec::with_capacity(rows.len());
                    for row in rows {
                        let id = row.id.clone();
                        let ok = self.publish(row).await;
                        finished
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .insert(id.clone());
                        published.push((id, ok));
                    }
                    futures_util::stream::iter(published)
                }
            })
            .buffer_unordered(PUBLISHING_AT_ONCE)
            .flatten()
            .collect::<Vec<(String, bool)>>();
        // Renewing runs beside publishing, never instead of it: with the in-process bus a
        // publication runs the consumers' transactions, which a paused publication would hold
        // open while the renewal waits for the same database. A renewal under way is finished,
        // not dropped, when publishing ends.
        let every = (self.options.lease / 3).max(Duration::from_millis(10));
        let done = Notify::new();
        let renewing = async {
            let mut renewal = tokio::time::interval_at(Instant::now() + every, every);
            loop {
                tokio::select! {
                    _ = renewal.tick() => {}
                    () = done.notified() => break,
                }
                let open: Vec<String> = {
                    let finished = finished.lock().unwrap_or_else(PoisonError::into_inner);
                    claimed
                        .iter()
                        .filter(|id| !finished.contains(*id))
                        .cloned()
                        .collect()
                };
                if open.is_empty() {
                    continue;
                }
                if let Err(e) = renew(&self.db, &open, self.options.lease).await {
                    tracing::warn!(error = %e, "cannot renew the outbox claims; another relay may publish them too");
                }
            }
        };
        let publishing = async {
            let outcomes = publishing.await;
            done.notify_one();
            outcomes
        };
        let (outcomes, ()) = tokio::join!(publishing, renewing);
        let published: Vec<String> = outcomes
            .into_iter()
            .filter_map(|(id, ok)| ok.then_some(id))
            .collect();
        report.published = published.len();
        report.failed = report.claimed - report.published;
        // One statement for the round's rows. Until it commits they stay claimed; if it fails,
        // their leases run out and they are published again: a duplicate, not a loss.
        if let Err(e) = mark_all_published(&self.db, &published).await {
            tracing::error!(events = published.len(), error = %e,
                "events published but not marked; they will be published again");
        }
        Ok(report)
    }

    /// Publishes `envelope` inside a producer span that continues the trace of the request or
    /// event that wrote it; the message carries the producer span's context onwards.
    async fn send(&self, envelope: &Envelope) -> Result<(), crate::events::BusError> {
        if !telemetry::exporting() {
            return self.bus.publish(envelope).await;
        }
        let span = tracing::info_span!(
            "publish",
            otel.name = %format_args!("{} publish", envelope.event_type),
            otel.kind = "producer",
            otel.status_code = tracing::field::Empty,
            service = %envelope.source,
            event.id = %envelope.id,
            event.r#type = %envelope.event_type,
            correlation_id = envelope.correlation_id.as_deref().unwrap_or(""),
            trace_id = tracing::field::Empty,
        );
        telemetry::set_parent(&span, envelope.traceparent.as_deref());
        telemetry::record_trace_id(&span);
        let mut sent = envelope.clone();
        sent.traceparent = span.in_scope(telemetry::traceparent).or(sent.traceparent);
        let result = self.bus.publish(&sent).instrument(span.clone()).await;
        if result.is_err() {
            span.record("otel.status_code", "ERROR");
        }
        result
    }

    /// Publishes one claimed row; `true` when published (the round marks it), else records the
    /// failure and schedules the next attempt.
    async fn publish(&self, row: Claimed) -> bool {
        let attempts = u32::try_from(row.attempts).unwrap_or(1);
        let result = match &row.envelope {
            Ok(envelope) => self.send(envelope).await.map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        };
        let event_type = row
            .envelope
            .as_ref()
            .map(|e| e.event_type.as_str())
            .unwrap_or("?");
        if let Some(metrics) = &self.metrics {
            match &result {
                Ok(()) => metrics.published(event_type),
                Err(_) => metrics.failed(event_type),
            }
        }
        match result {
            // Marked with the round's other published rows.
            Ok(()) => true,
            Err(error) => {
                let retry_in = exponential(
                    self.options.initial_backoff,
                    self.options.max_backoff,
                    attempts,
                );
                tracing::warn!(
                    event.id = %row.id,
                    event.r#type = event_type,
                    attempts,
                    retry_in_ms = retry_in.as_millis() as u64,
                    error = %error,
                    "publishing an outbox event failed; will retry"
                );
                if let Err(e) = mark_failed(&self.db, &row.id, &error, retry_in).await {
                    tracing::error!(event.id = %row.id, error = %e, "recording a failed publish failed");
                }
                false
            }
        }
    }
}
