//! The in-process bus of the embedded default: every service in one process, no broker.
//!
//! `publish` runs each receiving queue's handler before it returns, so when the outbox relay
//! marks an event published, every consumer has committed its effect (or parked the event in
//! its dead-letter list). A crash before that leaves the outbox row unpublished: the relay
//! publishes it again after restart and the consumers' inboxes drop what they already applied.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::Utc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::bus::{Bus, BusError, BusOptions, DeadLetter, Handler, QueueDepth};
use super::envelope::Envelope;
use super::retry::{Outcome, deliver};
use super::topology::Topology;

/// The in-process [`Bus`]. Cloning shares the subscriptions.
#[derive(Clone)]
pub struct MemoryBus {
    inner: Arc<Inner>,
}

struct Inner {
    topology: Topology,
    options: BusOptions,
    /// One handler per queue, like one consuming service per queue.
    handlers: Mutex<HashMap<String, Arc<dyn Handler>>>,
    dead_letters: Mutex<HashMap<String, Vec<DeadLetter>>>,
}

impl std::fmt::Debug for MemoryBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryBus")
            .field("topology", &self.inner.topology)
            .finish_non_exhaustive()
    }
}

impl MemoryBus {
    /// A bus routing by `topology`: every queue in it must have a consumer in this process
    /// before events bound to it can be published (use [`Topology::only`] to narrow it).
    pub fn new(topology: Topology, options: BusOptions) -> MemoryBus {
        MemoryBus {
            inner: Arc::new(Inner {
                topology,
                options,
                handlers: Mutex::new(HashMap::new()),
                dead_letters: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Delivers to one queue's handler with retries; parks the event when that fails.
    /// `deaths` counts earlier parkings of the same event (when replaying).
    async fn deliver_to(
        &self,
        queue: &str,
        handler: &dyn Handler,
        envelope: &Envelope,
        deaths: u64,
    ) {
        match deliver(handler, envelope, queue, self.inner.options.retry, None).await {
            Outcome::Handled | Outcome::Interrupted => {}
            Outcome::Failed(error) => {
                tracing::error!(
                    queue,
                    event.id = %envelope.id,
                    event.r#type = %envelope.event_type,
                    error = %error,
                    "event handler gave up; event parked in the dead-letter list"
                );
                handler.parked(envelope, &error);
                let mut parked = lock(&self.inner.dead_letters);
                parked
                    .entry(queue.to_owned())
                    .or_default()
                    .push(DeadLetter {
                        queue: queue.to_owned(),
                        envelope: Some(envelope.clone()),
                        body: envelope.to_json(),
                        reason: Some(error.to_string()),
                        dead_lettered_at: Some(Utc::now()),
                        deaths: deaths + 1,
                    });
            }
        }
    }

    fn known_queue(&self, queue: &str) -> Result<(), BusError> {
        match self.inner.topology.queue(queue) {
            Some(_) => Ok(()),
            None => Err(BusError::UnknownQueue(queue.to_owned())),
        }
    }
}

/// A poisoned lock only means a panic elsewhere; the maps stay consistent, so carry on.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[async_trait]
impl Bus for MemoryBus {
    async fn publish(&self, envelope: &Envelope) -> Result<(), BusError> {
        let queues: Vec<String> = self
            .inner
            .topology
            .queues_for(&envelope.event_type)
            .map(|q| q.name.clone())
            .collect();
        if queues.is_empty() {
            tracing::debug!(
                event.id = %envelope.id,
                event.r#type = %envelope.event_type,
                "no queue receives this event type; dropped"
            );
            return Ok(());
        }
        // Check every queue before delivering to any, so an event is either delivered
        // everywhere or retried by the outbox as a whole.
        let targets = {
            let handlers = lock(&self.inner.handlers);
            let missing: Vec<&str> = queues
                .iter()
                .filter(|q| !handlers.contains_key(*q))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(BusError::Unroutable {
                    id: envelope.id,
                    event_type: envelope.event_type.clone(),
                    reason: format!("no consumer subscribed yet to {}", missing.join(", ")),
                });
            }
            queues
                .iter()
                .filter_map(|q| handlers.get(q).map(|h| (q.clone(), h.clone())))
                .collect::<Vec<_>>()
        };
        for (queue, handler) in targets {
            self.deliver_to(&queue, handler.as_ref(), envelope, 0).await;
        }
        Ok(())
    }

    async fn subscribe(
        &self,
        queue: &str,
        handler: Arc<dyn Handler>,
        shutdown: CancellationToken,
    ) -> Result<JoinHandle<()>, BusError> {
        self.known_queue(queue)?;
        {
            let mut handlers = lock(&self.inner.handlers);
            if handlers.contains_key(queue) {
                return Err(BusError::AlreadySubscribed(queue.to_owned()));
            }
            handlers.insert(queue.to_owned(), handler);
        }
        tracing::info!(queue, "consuming events in process");
        let inner = self.inner.clone();
        let queue = queue.to_owned();
        // Deliveries happen in the publisher's task; this task only ends the subscription.
        Ok(tokio::spawn(async move {
            shutdown.cancelled().await;
            lock(&inner.handlers).remove(&queue);
            tracing::info!(queue, "stopped consuming events");
        }))
    }

    async fn ping(&self) -> Result<(), BusError> {
        Ok(())
    }

    async fn dead_letters(&self, queue: &str, limit: usize) -> Result<Vec<DeadLetter>, BusError> {
        self.known_queue(queue)?;
        let parked = lock(&self.inner.dead_letters);
        Ok(parked
            .get(queue)
            .map(|list| list.iter().take(limit).cloned().collect())
            .unwrap_or_default())
    }

    async fn replay_dead_letters(&self, queue: &str) -> Result<usize, BusError> {
        self.known_queue(queue)?;
        let handler = lock(&self.inner.handlers).get(queue).cloned();
        let Some(handler) = handler else {
            return Err(BusError::Unavailable(format!(
                "no consumer of {queue} in this process to replay to"
            )));
        };
        let parked = lock(&self.inner.dead_letters)
            .remove(queue)
            .unwrap_or_default();
        let count = parked.len();
        for letter in parked {
            if let Some(envelope) = letter.envelope {
                self.deliver_to(queue, handler.as_ref(), &envelope, letter.deaths)
                    .await;
            }
        }
        tracing::info!(queue, count, "replayed dead letters");
        Ok(count)
    }

    async fn depth(&self, queue: &str) -> Result<QueueDepth, BusError> {
        self.known_queue(queue)?;
        // Nothing waits here: `publish` hands each event to its handler at once.
        let parked = lock(&self.inner.dead_letters)
            .get(queue)
            .map_or(0, Vec::len);
        Ok(QueueDepth {
            ready: 0,
            dead_letters: parked as u64,
        })
    }

    fn topology(&self) -> &Topology {
        &self.inner.topology
    }
}
