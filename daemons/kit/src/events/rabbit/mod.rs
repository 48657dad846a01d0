//! The RabbitMQ bus: one connection per process, a confirming publisher channel, and one
//! channel per subscribed queue.
//!
//! Publishing waits for the broker's confirm and checks that the message was routed
//! (`mandatory`, watching for `312 NO_ROUTE`). Consumers acknowledge after the handler
//! returned `Ok`, retry a failing handler in process, then reject the message into the queue's
//! dead-letter queue (`<queue>.dlq`, through the dead-letter exchange).

mod connection;
mod consumer;
mod message;

use std::sync::Arc;

use async_trait::async_trait;
use lapin::options::{
    BasicGetOptions, BasicNackOptions, BasicPublishOptions, ConfirmSelectOptions,
    QueueDeclareOptions,
};
use lapin::types::FieldTable;
use lapin::{Channel, Confirmation};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use self::connection::{Connector, short, unavailable};
use super::bus::{Bus, BusError, BusOptions, DeadLetter, Handler, QueueDepth};
use super::envelope::Envelope;
use super::topology::Topology;

/// The RabbitMQ [`Bus`]. Cloning shares the connection; make one per process and pass it
/// around in state.
#[derive(Clone)]
pub struct RabbitBus {
    connector: Arc<Connector>,
    /// The confirming channel for publishing; publishes take turns on it so each confirm and
    /// returned message belongs to the publish that awaits it.
    publisher: Arc<Mutex<Option<Channel>>>,
}

impl std::fmt::Debug for RabbitBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RabbitBus")
            .field("broker", &self.connector.endpoint())
            .finish_non_exhaustive()
    }
}

impl RabbitBus {
    /// Connects to the broker at `url` and declares `topology`. Fails when the broker cannot
    /// be reached now; once connected, a lost connection is re-opened with backoff.
    pub async fn connect(
        url: &str,
        topology: Topology,
        options: BusOptions,
    ) -> Result<RabbitBus, BusError> {
        let connector = Arc::new(Connector::new(url, topology, options));
        connector.connection().await?;
        Ok(RabbitBus {
            connector,
            publisher: Arc::new(Mutex::new(None)),
        })
    }

    /// Closes the broker connection now, as a network failure would: consumers and the
    /// publisher reconnect, unacknowledged deliveries are redelivered. For tests and for
    /// forcing a fresh connection.
    pub async fn disconnect(&self) {
        self.publisher.lock().await.take();
        self.connector.disconnect().await;
    }

    /// The publisher channel, opening one in confirm mode when there is none (or it died).
    async fn publisher_channel(&self, slot: &mut Option<Channel>) -> Result<Channel, BusError> {
        if let Some(channel) = slot.as_ref().filter(|c| c.status().connected()) {
            return Ok(channel.clone());
        }
        let channel = self.connector.channel().await?;
        connection::within(
            connection::CONNECT_TIMEOUT,
            &self.connector.endpoint(),
            async {
                channel
                    .confirm_select(ConfirmSelectOptions::default())
                    .await
                    .map_err(unavailable)
            },
        )
        .await?;
        *slot = Some(channel.clone());
        Ok(channel)
    }

    /// Forgets `channel` as the publisher channel, unless another publish already replaced it.
    async fn discard(&self, channel: &Channel) {
        let mut slot = self.publisher.lock().await;
        if slot.as_ref().is_some_and(|c| c.id() == channel.id()) {
            slot.take();
        }
    }

    fn known_queue(&self, queue: &str) -> Result<(), BusError> {
        match self.connector.topology.queue(queue) {
            Some(_) => Ok(()),
            None => Err(BusError::UnknownQueue(queue.to_owned())),
        }
    }
}

#[async_trait]
impl Bus for RabbitBus {
    async fn publish(&self, envelope: &Envelope) -> Result<(), BusError> {
        let topology = &self.connector.topology;
        let payload = envelope.to_json().into_bytes();
        let exchange = short(&topology.exchange())?;
        let routing_key = short(&envelope.event_type)?;
        let not_confirmed = |reason: String| BusError::NotConfirmed {
            id: envelope.id,
            event_type: envelope.event_type.clone(),
            reason,
        };
        // The lock guards only the choice of channel: publishes on one channel are confirmed
        // by delivery tag, so many may wait for their confirms at once.
        let channel = {
            let mut slot = self.publisher.lock().await;
            self.publisher_channel(&mut slot).await?
        };
        let options = BasicPublishOptions {
            mandatory: true,
            ..BasicPublishOptions::default()
        };
        let confirmed = tokio::time::timeout(self.connector.options.confirm_timeout, async {
            channel
                .basic_publish(
                    exchange,
                    routing_key,
                    options,
                    &payload,
                    message::properties(envelope),
                )
                .await?
                .await
        })
        .await;
        let confirmation = match confirmed {
            Ok(Ok(confirmation)) => confirmation,
            Ok(Err(e)) => {
                // A failed channel is closed; the next publish opens a new one.
                self.discard(&channel).await;
                return Err(not_confirmed(e.to_string()));
            }
            Err(_) => {
                // A confirm that never comes (a blocked broker): start over on a fresh channel.
                self.discard(&channel).await;
                return Err(not_confirmed(format!(
                    "no confirm within {:?}",
                    self.connector.options.confirm_timeout
                )));
            }
        };
        match confirmation {
            Confirmation::Ack(None) => Ok(()),
            Confirmation::Ack(Some(returned)) => {
                if topology.is_consumed(&envelope.event_type) {
                    Err(BusError::Unroutable {
                        id: envelope.id,
                        event_type: envelope.event_type.clone(),
                        reason: format!("{} {}", returned.reply_code, returned.reply_text),
                    })
                } else {
                    tracing::debug!(event.id = %envelope.id, event.r#type = %envelope.event_type,
                        "no queue receives this event type; dropped by the broker");
                    Ok(())
                }
            }
            Confirmation::Nack(_) => Err(not_confirmed("the broker nacked it".to_owned())),
            Confirmation::NotRequested => {
                Err(not_confirmed("confirms are off on the channel".to_owned()))
            }
        }
    }

    async fn subscribe(
        &self,
        queue: &str,
        handler: Arc<dyn Handler>,
        shutdown: CancellationToken,
    ) -> Result<JoinHandle<()>, BusError> {
        self.known_queue(queue)?;
        let first = consumer::start(&self.connector, queue).await?;
        tracing::info!(queue, broker = %self.connector.endpoint(), "consuming events");
        Ok(tokio::spawn(consumer::run(
            self.connector.clone(),
            queue.to_owned(),
            handler,
            shutdown,
            first,
        )))
    }

    async fn ping(&self) -> Result<(), BusError> {
        self.connector.connection().await.map(|_| ())
    }

    async fn dead_letters(&self, queue: &str, limit: usize) -> Result<Vec<DeadLetter>, BusError> {
        self.known_queue(queue)?;
        let dlq = self.connector.topology.dead_letter_queue_name(queue);
        let channel = self.connector.channel().await?;
        let mut letters = Vec::new();
        let mut last_tag = None;
        while letters.len() < limit {
            let got = channel
                .basic_get(short(&dlq)?, BasicGetOptions { no_ack: false })
                .await
                .map_err(|e| BusError::Broker(format!("reading {dlq}: {e}")))?;
            let Some(message) = got else { break };
            last_tag = Some(message.delivery.delivery_tag);
            letters.push(message::dead_letter(queue, &message.delivery));
        }
        // Looked at, not taken: everything goes back in place.
        if let Some(tag) = last_tag {
            let requeue = BasicNackOptions {
                multiple: true,
                requeue: true,
            };
            channel
                .basic_nack(tag, requeue)
                .await
                .map_err(unavailable)?;
        }
        let _ = channel.close(200, "OK".into()).await;
        Ok(letters)
    }

    async fn replay_dead_letters(&self, queue: &str) -> Result<usize, BusError> {
        self.known_queue(queue)?;
        let topology = &self.connector.topology;
        let dlq = topology.dead_letter_queue_name(queue);
        let target = topology.queue_name(queue);
        let channel = self.connector.channel().await?;
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .map_err(unavailable)?;
        // Only what is parked now: a message that fails again comes back to the DLQ while we
        // are still replaying and must not be replayed in a loop.
        let parked = channel
            .queue_declare(
                short(&dlq)?,
                QueueDeclareOptions {
                    passive: true,
                    ..QueueDeclareOptions::default()
                },
                FieldTable::default(),
            )
            .await
            .map_err(|e| BusError::Broker(format!("looking up {dlq}: {e}")))?
            .message_count();
        let mut replayed = 0;
        for _ in 0..parked {
            let got = channel
                .basic_get(short(&dlq)?, BasicGetOptions { no_ack: false })
                .await
                .map_err(|e| BusError::Broker(format!("reading {dlq}: {e}")))?;
            let Some(message) = got else { break };
            let delivery = message.delivery;
            // Through the default exchange straight to the one queue that gave up on it; the
            // other queues bound to its type already have it.
            let sent = channel
                .basic_publish(
                    "".into(),
                    short(&target)?,
                    BasicPublishOptions {
                        mandatory: true,
                        ..BasicPublishOptions::default()
                    },
                    &delivery.data,
                    delivery.properties.clone(),
                )
                .await
                .map_err(unavailable)?
                .await
                .map_err(unavailable)?;
            if !matches!(sent, Confirmation::Ack(None)) {
                // Leave it parked; the publish did not take.
                let _ = delivery
                    .acker
                    .nack(BasicNackOptions {
                        multiple: false,
                        requeue: true,
                    })
                    .await;
                let _ = channel.close(200, "OK".into()).await;
                return Err(BusError::Broker(format!(
                    "replaying to {target} was not confirmed"
                )));
            }
            delivery
                .acker
                .ack(lapin::options::BasicAckOptions::default())
                .await
                .map_err(unavailable)?;
            replayed += 1;
        }
        let _ = channel.close(200, "OK".into()).await;
        tracing::info!(queue, count = replayed, "replayed dead letters");
        Ok(replayed)
    }

    async fn depth(&self, queue: &str) -> Result<QueueDepth, BusError> {
        self.known_queue(queue)?;
        let topology = &self.connector.topology;
        let channel = self.connector.channel().await?;
        let mut counts = [0_u64; 2];
        for (count, name) in counts.iter_mut().zip([
            topology.queue_name(queue),
            topology.dead_letter_queue_name(queue),
        ]) {
            // Passive: only looks the queue up (and fails if it is missing).
            let declared = channel
                .queue_declare(
                    short(&name)?,
                    QueueDeclareOptions {
                        passive: true,
                        ..QueueDeclareOptions::default()
                    },
                    FieldTable::default(),
                )
                .await
                .map_err(|e| BusError::Broker(format!("looking up {name}: {e}")));
            match declared {
                Ok(q) => *count = u64::from(q.message_count()),
                Err(e) => {
                    // A failed passive declare closes the channel; nothing to close.
                    return Err(e);
                }
            }
        }
        let _ = channel.close(200, "OK".into()).await;
        Ok(QueueDepth {
            ready: counts[0],
            dead_letters: counts[1],
        })
    }

    fn topology(&self) -> &Topology {
        &self.connector.topology
    }
}
