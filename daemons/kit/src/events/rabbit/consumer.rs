//! One subscription: consume a queue, run the handler (in lanes by order, see `consume`),
//! acknowledge after it committed; survive lost connections by consuming again once the
//! connector has reconnected.

use std::sync::Arc;

use futures_util::StreamExt;
use lapin::message::Delivery;
use lapin::options::{BasicAckOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions};
use lapin::types::FieldTable;
use lapin::{Channel, Consumer};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::connection::{Connector, short, unavailable};
use crate::events::bus::{BusError, Handler, RetryPolicy, exponential};
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
    let broker_queue = connector.topology.queue_name(queue);
    let consumer = super::connection::within(
        super::connection::CONNECT_TIMEOUT,
        &connector.endpoint(),
        async {
            channel
                .basic_qos(connector.options.prefetch, BasicQosOptions::default())
                .await
                .map_err(unavailable)?;
            channel
                .basic_consume(
                    short(&broker_queue)?,
                    "".into(),                      // the broker names the consumer
                    BasicConsumeOptions::default(), // manual acknowledgement
                    FieldTable::default(),
                )
                .await
                .map_err(|e| BusError::Broker(format!("consuming {broker_queue}: {e}")))
        },
    )
    .await?;
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
        match consume(&connector, &queue, handler.clone(), consuming, &shutdown).await {
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

/// Handles deliveries in lanes: events about one order (one correlation id) go to one lane and
/// are applied one after another in the order they arrive, while different orders proceed side
/// by side, up to the prefetch. Each delivery is acknowledged only after its handler returned.
async fn consume(
    connector: &Connector,
    queue: &str,
    handler: Arc<dyn Handler>,
    mut consuming: Consuming,
    shutdown: &CancellationToken,
) -> End {
    let width = lanes(connector.options.prefetch);
    // The first lane to lose the channel (or see the shutdown) says so here.
    let (ended, mut end) = mpsc::channel::<End>(width);
    let mut senders = Vec::with_capacity(width);
    let mut workers = JoinSet::new();
    for _ in 0..width {
        let (tx, rx) =
            mpsc::channel::<(Delivery, Envelope)>(usize::from(connector.options.prefetch).max(1));
        senders.push(tx);
        workers.spawn(lane(
            rx,
            handler.clone(),
            queue.to_owned(),
            connector.options.retry,
            shutdown.clone(),
            ended.clone(),
        ));
    }
    drop(ended);
    let outcome = loop {
        let next = tokio::select! {
            _ = shutdown.cancelled() => break End::Shutdown,
            Some(lane_end) = end.recv() => break lane_end,
            next = consuming.consumer.next() => next,
        };
        let delivery = match next {
            None => break End::Lost("the broker cancelled the consumer".to_owned()),
            Some(Err(e)) => break End::Lost(e.to_string()),
            Some(Ok(delivery)) => delivery,
        };
        let envelope = match Envelope::from_json(&delivery.data) {
            Ok(envelope) => envelope,
            Err(e) => {
                tracing::error!(queue, message_id = ?delivery.properties.message_id(), error = %e,
                    "undecodable event; sent to the dead-letter queue");
                match settled(delivery.acker.nack(dead_letter()).await) {
                    Ok(()) => continue,
                    Err(reason) => break End::Lost(reason),
                }
            }
        };
        let index = lane_of(&envelope, width);
        if senders[index].send((delivery, envelope)).await.is_err() {
            break End::Lost("an event lane stopped".to_owned());
        }
    };
    // Lanes finish the deliveries they hold (a shutdown interrupts their retries), then stop.
    drop(senders);
    while workers.join_next().await.is_some() {}
    outcome
}

/// How many lanes a consumer runs: as many as deliveries the broker may push ahead, so none
/// waits behind another order's retries while there is room.
fn lanes(prefetch: u16) -> usize {
    usize::from(prefetch).clamp(1, 32)
}

/// The lane of an event: by its correlation id (the order), else by its own id.
fn lane_of(envelope: &Envelope, width: usize) -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    match &envelope.correlation_id {
        Some(correlation) => correlation.hash(&mut hasher),
        None => envelope.id.hash(&mut hasher),
    }
    (hasher.finish() % width as u64) as usize
}

/// One lane: applies its deliveries in order and settles each with the broker.
async fn lane(
    mut deliveries: mpsc::Receiver<(Delivery, Envelope)>,
    handler: Arc<dyn Handler>,
    queue: String,
    retry: RetryPolicy,
    shutdown: CancellationToken,
    ended: mpsc::Sender<End>,
) {
    while let Some((delivery, envelope)) = deliveries.recv().await {
        let outcome = deliver(handler.as_ref(), &envelope, &queue, retry, Some(&shutdown)).await;
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
                handler.parked(&envelope, &error);
                delivery.acker.nack(dead_letter()).await
            }
            // Left unacknowledged: the broker redelivers it to the next consumer.
            Outcome::Interrupted => {
                let _ = ended.try_send(End::Shutdown);
                return;
            }
        };
        if let Err(reason) = settled(result) {
            // The effect is committed (or parked) but the broker never heard: it redelivers
            // and the inbox drops the duplicate.
            tracing::warn!(queue, event.id = %envelope.id, reason,
                "could not settle the delivery; the broker will redeliver it");
            let _ = ended.try_send(End::Lost(reason));
            return;
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
