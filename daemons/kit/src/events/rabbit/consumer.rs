//! One subscription: consume a queue, run the handler, acknowledge after it committed; survive
//! lost connections by consuming again once the connector has reconnected.

use std::sync::Arc;

use futures_util::StreamExt;
use lapin::options::{BasicAckOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions};
use lapin::types::FieldTable;
use lapin::{Channel, Consumer};
use tokio_util::sync::CancellationToken;

use super::connection::{Connector, short, unavailable};
use crate::events::bus::{BusError, Handler, exponential};
use crate::events::envelope::Envelope;
use crate::events::retry::{Outcome, deliver};

/// A queue being consumed: the channel and its delivery stream.
pub(super) struct Consuming {
    channel: Channel,
    consumer: Consumer,
}

/// Starts consuming the logical queue `queue` on a channel of its own with the prefetch set.
pub(super) async fn start(connector: &Connector, queue: &str) -> Result<Consuming, BusError> {
    let channel = connector.channel().await?;
    channel
        .basic_qos(connector.options.prefetch, BasicQosOptions::default())
        .await
        .map_err(unavailable)?;
    let broker_queue = connector.topology.queue_name(queue);
    let consumer = channel
        .basic_consume(
            short(&broker_queue)?,
            "".into(),                      // the broker names the consumer
            BasicConsumeOptions::default(), // manual acknowledgement
            FieldTable::default(),
        )
        .await
        .map_err(|e| BusError::Broker(format!("consuming {broker_queue}: {e}")))?;
    Ok(Consuming { channel, consumer })
}

/// Why consuming stopped.
enum End {
    Shutdown,
    Lost(String),
}

/// Consumes until `shutdown`, reconnecting with backoff whenever the channel is lost.
pub(super) async fn run(
    connector: Arc<Connector>,
    queue: String,
    handler: Arc<dyn Handler>,
    shutdown: CancellationToken,
    first: Consuming,
) {
    let mut current = Some(first);
    let mut failures: u32 = 0;
    loop {
        let consuming = match current.take() {
            Some(consuming) => consuming,
            None => match start(&connector, &queue).await {
                Ok(consuming) => {
                    tracing::info!(queue, "consuming events again");
                    failures = 0;
                    consuming
                }
                Err(e) => {
                    failures += 1;
                    let wait = exponential(
                        connector.options.reconnect_initial,
                        connector.options.reconnect_max,
                        failures,
                    );
                    tracing::warn!(queue, error = %e, retry_in_ms = wait.as_millis() as u64,
                        "cannot consume events; retrying");
                    tokio::select! {
                        _ = shutdown.cancelled() => break,
                        _ = tokio::time::sleep(wait) => continue,
                    }
                }
            },
        };
        let channel = consuming.channel.clone();
        match consume(&connector, &queue, handler.as_ref(), consuming, &shutdown).await {
            End::Shutdown => {
                // Closing returns prefetched, unacknowledged messages to the queue.
                let _ = channel.close(200, "shutting down".into()).await;
                break;
            }
            End::Lost(reason) => {
                tracing::warn!(queue, reason, "lost the event consumer; reconnecting");
                let _ = channel.close(200, "reconnecting".into()).await;
                let wait = connector.options.reconnect_initial;
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = tokio::time::sleep(wait) => {}
                }
            }
        }
    }
    tracing::info!(queue, "stopped consuming events");
}

/// Handles deliveries one at a time, so one queue's events are applied in the order they
/// arrive; acknowledges each only after its handler returned `Ok`.
async fn consume(
    connector: &Connector,
    queue: &str,
    handler: &dyn Handler,
    mut consuming: Consuming,
    shutdown: &CancellationToken,
) -> End {
    loop {
        let next = tokio::select! {
            _ = shutdown.cancelled() => return End::Shutdown,
            next = consuming.consumer.next() => next,
        };
        let delivery = match next {
            None => return End::Lost("the broker cancelled the consumer".to_owned()),
            Some(Err(e)) => return End::Lost(e.to_string()),
            Some(Ok(delivery)) => delivery,
        };
        let envelope = match Envelope::from_json(&delivery.data) {
            Ok(envelope) => envelope,
            Err(e) => {
                tracing::error!(queue, message_id = ?delivery.properties.message_id(), error = %e,
                    "undecodable event; sent to the dead-letter queue");
                match settled(delivery.acker.nack(dead_letter()).await) {
                    Ok(()) => continue,
                    Err(reason) => return End::Lost(reason),
                }
            }
        };
        let outcome = deliver(
            handler,
            &envelope,
            queue,
            connector.options.retry,
            Some(shutdown),
        )
        .await;
        let result = match outcome {
            Outcome::Handled => delivery.acker.ack(BasicAckOptions::default()).await,
            Outcome::Failed(error) => {
                tracing::error!(
                    queue,
                    event.id = %envelope.id,
                    event.r#type = %envelope.event_type,
                    error = %error,
                    "event handler gave up; event sent to the dead-letter queue"
                );
                delivery.acker.nack(dead_letter()).await
            }
            // Left unacknowledged: the broker redelivers it to the next consumer.
            Outcome::Interrupted => return End::Shutdown,
        };
        if let Err(reason) = settled(result) {
            // The effect is committed (or parked) but the broker never heard: it redelivers
            // and the inbox drops the duplicate.
            tracing::warn!(queue, event.id = %envelope.id, reason,
                "could not settle the delivery; the broker will redeliver it");
            return End::Lost(reason);
        }
    }
}

/// Reject without requeueing: the queue's dead-letter exchange moves it to its DLQ.
fn dead_letter() -> BasicNackOptions {
    BasicNackOptions {
        multiple: false,
        requeue: false,
    }
}

/// An ack or nack that did not reach the broker, as the reason why.
fn settled(result: lapin::Result<bool>) -> Result<(), String> {
    match result {
        Ok(true) => Ok(()),
        Ok(false) => Err("the channel closed before the delivery was settled".to_owned()),
        Err(e) => Err(e.to_string()),
    }
}
