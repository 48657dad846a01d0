//! The process's one broker connection: opened on demand, re-opened with backoff when lost, and
//! the topology declared on every (re)connection so the broker always has it.

use std::sync::Arc;
use std::time::Duration;

use lapin::options::{ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable, ShortString};
use lapin::{Channel, Connection, ConnectionProperties, ExchangeKind};
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::events::bus::{BusError, BusOptions, exponential};
use crate::events::topology::Topology;

/// How long to wait for the broker to accept a connection.
pub(super) const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Owns the connection; publishers and consumers ask it for channels.
pub(super) struct Connector {
    url: String,
    pub(super) topology: Topology,
    pub(super) options: BusOptions,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    conn: Option<Arc<Connection>>,
    /// Failed attempts in a row; sets the wait before the next one.
    failures: u32,
    /// No new attempt before this: callers get an error at once instead of hammering the broker.
    retry_at: Option<Instant>,
    /// Whether a connection was ever open, to tell a reconnection from the first connection.
    connected_before: bool,
}

impl Connector {
    pub(super) fn new(url: &str, topology: Topology, options: BusOptions) -> Connector {
        Connector {
            url: url.to_owned(),
            topology,
            options,
            state: Mutex::new(State::default()),
        }
    }

    /// Where the broker is, without credentials: safe to log.
    pub(super) fn endpoint(&self) -> String {
        redact(&self.url)
    }

    /// The open connection, reconnecting when it was lost and the backoff allows.
    pub(super) async fn connection(&self) -> Result<Arc<Connection>, BusError> {
        let mut state = self.state.lock().await;
        if let Some(conn) = &state.conn {
            if conn.status().connected() {
                return Ok(conn.clone());
            }
            tracing::warn!(broker = %self.endpoint(),
                "lost the connection to the event broker; reconnecting");
            state.conn = None;
        }
        if let Some(at) = state.retry_at {
            let now = Instant::now();
            if now < at {
                return Err(BusError::Unavailable(format!(
                    "{} unreachable; next attempt in {} ms",
                    self.endpoint(),
                    (at - now).as_millis()
                )));
            }
        }
        match self.open().await {
            Ok(conn) => {
                if state.connected_before {
                    tracing::info!(broker = %self.endpoint(), "reconnected to the event broker");
                } else {
                    tracing::info!(broker = %self.endpoint(), "connected to the event broker");
                }
                let conn = Arc::new(conn);
                *state = State {
                    conn: Some(conn.clone()),
                    failures: 0,
                    retry_at: None,
                    connected_before: true,
                };
                Ok(conn)
            }
            Err(e) => {
                state.failures += 1;
                let wait = exponential(
                    self.options.reconnect_initial,
                    self.options.reconnect_max,
                    state.failures,
                );
                state.retry_at = Some(Instant::now() + wait);
                tracing::error!(broker = %self.endpoint(), error = %e, attempt = state.failures,
                    retry_in_ms = wait.as_millis() as u64, "cannot connect to the event broker");
                Err(e)
            }
        }
    }

    /// A new channel on the connection.
    pub(super) async fn channel(&self) -> Result<Channel, BusError> {
        let conn = self.connection().await?;
        within(CONNECT_TIMEOUT, &self.endpoint(), async {
            conn.create_channel().await.map_err(unavailable)
        })
        .await
    }

    /// Closes the connection now, as a network failure would: publishers and consumers
    /// reconnect. Unacknowledged deliveries go back to their queues.
    pub(super) async fn disconnect(&self) {
        let conn = self.state.lock().await.conn.take();
        if let Some(conn) = conn {
            tracing::warn!(broker = %self.endpoint(), "closing the event broker connection");
            if let Err(e) = conn.close(200, "closed by bookstore".into()).await {
                tracing::debug!(error = %e, "closing the broker connection");
            }
        }
    }

    async fn open(&self) -> Result<Connection, BusError> {
        let properties = ConnectionProperties::default()
            .with_connection_name(format!("bookstored pid {}", std::process::id()).into());
        // The declarations too: a broker that is still starting can accept the connection and
        // then not answer, and this runs under the lock every publisher and consumer waits on.
        within(CONNECT_TIMEOUT, &self.endpoint(), async {
            let conn = Connection::connect(&self.url, properties)
                .await
                .map_err(|e| BusError::Unavailable(format!("{}: {e}", self.endpoint())))?;
            declare(&conn, &self.topology).await?;
            Ok(conn)
        })
        .await
    }
}

/// `step`, or [`BusError::Unavailable`] when the broker at `endpoint` has not answered within
/// `limit`: no step of talking to the broker may wait for ever.
pub(super) async fn within<T>(
    limit: Duration,
    endpoint: &str,
    step: impl std::future::Future<Output = Result<T, BusError>>,
) -> Result<T, BusError> {
    tokio::time::timeout(limit, step).await.unwrap_or_else(|_| {
        Err(BusError::Unavailable(format!(
            "{endpoint}: no answer within {limit:?}"
        )))
    })
}

/// Declares exchanges, queues, dead-letter queues and bindings; idempotent. Bindings are only
/// ever added: one dropped from the topology must be removed on the broker by hand.
async fn declare(conn: &Connection, topology: &Topology) -> Result<(), BusError> {
    let channel = conn.create_channel().await.map_err(unavailable)?;
    let temporary = topology.expires.is_some();
    let exchange_options = ExchangeDeclareOptions {
        durable: true,
        auto_delete: temporary,
        ..ExchangeDeclareOptions::default()
    };
    let exchange = topology.exchange();
    let dlx = topology.dead_letter_exchange();
    let declare_error =
        |what: &str, e: lapin::Error| BusError::Broker(format!("declaring {what}: {e}"));
    channel
        .exchange_declare(
            short(&exchange)?,
            ExchangeKind::Topic,
            exchange_options,
            FieldTable::default(),
        )
        .await
        .map_err(|e| declare_error(&exchange, e))?;
    // Direct: each queue dead-letters with its own name as routing key (below), so a message
    // rejected by one consumer lands in that consumer's DLQ only.
    channel
        .exchange_declare(
            short(&dlx)?,
            ExchangeKind::Direct,
            exchange_options,
            FieldTable::default(),
        )
        .await
        .map_err(|e| declare_error(&dlx, e))?;
    let queue_options = QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    };
    for spec in &topology.queues {
        let queue = topology.queue_name(&spec.name);
        let dlq = topology.dead_letter_queue_name(&spec.name);
        channel
            .queue_declare(
                short(&dlq)?,
                queue_options,
                expiry(topology, FieldTable::default()),
            )
            .await
            .map_err(|e| declare_error(&dlq, e))?;
        channel
            .queue_bind(
                short(&dlq)?,
                short(&dlx)?,
                short(&queue)?,
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .map_err(|e| declare_error(&dlq, e))?;
        let mut arguments = FieldTable::default();
        arguments.insert(
            "x-dead-letter-exchange".into(),
            AMQPValue::LongString(dlx.clone().into()),
        );
        arguments.insert(
            "x-dead-letter-routing-key".into(),
            AMQPValue::LongString(queue.clone().into()),
        );
        channel
            .queue_declare(short(&queue)?, queue_options, expiry(topology, arguments))
            .await
            .map_err(|e| declare_error(&queue, e))?;
        for binding in &spec.bindings {
            channel
                .queue_bind(
                    short(&queue)?,
                    short(&exchange)?,
                    short(binding)?,
                    QueueBindOptions::default(),
                    FieldTable::default(),
                )
                .await
                .map_err(|e| declare_error(&queue, e))?;
        }
    }
    let _ = channel.close(200, "OK".into()).await;
    Ok(())
}

/// Adds `x-expires` for a temporary (test) topology.
fn expiry(topology: &Topology, mut arguments: FieldTable) -> FieldTable {
    if let Some(expires) = topology.expires {
        let ms = i32::try_from(expires.as_millis())
            .unwrap_or(i32::MAX)
            .max(1);
        arguments.insert("x-expires".into(), AMQPValue::LongInt(ms));
    }
    arguments
}

/// An AMQP short string (at most 255 bytes), as an error instead of lapin's panic.
pub(super) fn short(s: &str) -> Result<ShortString, BusError> {
    ShortString::try_new(s).map_err(|e| BusError::Broker(format!("{s:?}: {e}")))
}

pub(super) fn unavailable(e: lapin::Error) -> BusError {
    BusError::Unavailable(e.to_string())
}

/// The URL without user and password.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => "the configured AMQP URL".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_credentials() {
        assert_eq!(
            super::redact("amqp://guest:secret@broker:5672/%2f"),
            "amqp://broker:5672/%2f"
        );
    }
}
