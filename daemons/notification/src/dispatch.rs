//! The senders: one loop per channel (email, SMS) that claims due deliveries, renders and
//! sends them side by side, and records each attempt. A failed attempt is tried again with
//! exponential backoff up to the configured number of attempts, then marked failed for an
//! admin to see (and retry). Each channel has its own loop, so a broken SMTP server delays
//! email only: the inbox was written when the message was, and SMS go on.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bookstore_kit::db::Db;
use bookstore_sdk::types::{Channel, NotificationKind};
use futures_util::StreamExt as _;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::channels::{Content, Outgoing, SendError, Sender};
use crate::error::NotificationError;
use crate::messages::Messages;
use crate::metrics::{NotificationMetrics, Outcome};
use crate::store::deliveries::{self, AttemptRow, DeliveryRow};
use crate::store::{self, notifications, recipients};
use crate::unsubscribe::Links;
use crate::{on_conn, unit_of_work};

/// How a channel's loop paces itself.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// Deliveries claimed at once.
    pub batch: i64,
    /// Sends in flight at once.
    pub concurrency: usize,
    /// The longest one send may take; a send that takes longer counts as failed.
    pub timeout: Duration,
}

impl Pace {
    /// Files are written in microseconds; an SMTP server or an SMS provider answers in
    /// milliseconds to seconds and limits connections. The claim's lease follows from these
    /// (see [`Pace::lease`]) and is how long a crashed process's claims wait for another: for
    /// files a write that takes a second is broken anyway, which keeps that wait under 20 s.
    /// More than a few writers at once only queue on the mail folder's lock.
    pub fn of(channel: Channel, sender: &dyn Sender) -> Pace {
        if channel == Channel::Email && sender.describe().starts_with("files") {
            Pace {
                batch: 128,
                concurrency: 16,
                timeout: Duration::from_secs(1),
            }
        } else {
            Pace {
                batch: 16,
                concurrency: 8,
                timeout: Duration::from_secs(30),
            }
        }
    }

    /// The claim's lease: long enough for every round of the batch to time out.
    fn lease(&self) -> Duration {
        let rounds = u32::try_from((self.batch as usize).div_ceil(self.concurrency.max(1)))
            .unwrap_or(u32::MAX);
        self.timeout.saturating_mul(rounds) + Duration::from_secs(10)
    }
}

/// Retrying.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub max_attempts: i32,
    pub backoff: Duration,
    pub backoff_max: Duration,
}

impl Retry {
    /// The wait after failed attempt number `attempt` (1-based), or `None` to give up.
    pub fn after(&self, attempt: i32) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let doublings = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(0)
            .min(30);
        Some(
            self.backoff
                .saturating_mul(2u32.saturating_pow(doublings))
                .min(self.backoff_max),
        )
    }
}

/// One channel's sending loop.
#[derive(Clone)]
pub struct Dispatcher {
    pub db: Db,
    pub channel: Channel,
    pub sender: Arc<dyn Sender>,
    pub messages: Messages,
    pub links: Links,
    pub pace: Pace,
    pub retry: Retry,
    pub waker: Arc<Notify>,
    pub metrics: NotificationMetrics,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("channel", &self.channel)
            .field("sender", &self.sender.describe())
            .finish()
    }
}

impl Dispatcher {
    /// Runs until `shutdown`, finishing the batch in hand.
    pub fn spawn(self, shutdown: CancellationToken) {
        tokio::spawn(async move {
            tracing::info!(channel = %self.channel, to = %self.sender.describe(), "sender started");
            loop {
                let wait = match self.run_once().await {
                    Ok(0) => self.idle_wait().await,
                    Ok(_) => Duration::ZERO,
                    Err(e) => {
                        tracing::warn!(channel = %self.channel, error = %e, "sending failed; retrying");
                        Duration::from_secs(1)
                    }
                };
                if shutdown.is_cancelled() {
                    break;
                }
                if wait.is_zero() {
                    tokio::task::yield_now().await;
                    continue;
                }
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    () = self.waker.notified() => {}
                    () = tokio::time::sleep(wait) => {}
                }
            }
        });
    }

    /// How long to sleep with nothing due: until the next retry falls due, at most a second
    /// (another process may have stored new deliveries).
    async fn idle_wait(&self) -> Duration {
        const MAX: Duration = Duration::from_secs(1);
        let next: Result<_, NotificationError> = async {
            on_conn!(&self.db, |conn| {
                deliveries::next_due(conn, self.channel.as_str()).await
            })
        }
        .await;
        match next {
            Ok(Some(at)) => (at - store::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(Duration::from_millis(10), MAX),
            _ => MAX,
        }
    }

    /// Claims one batch, sends it and records the outcome; returns how many were claimed.
    pub async fn run_once(&self) -> Result<usize, NotificationError> {
        let claimed = on_conn!(&self.db, |conn| {
            deliveries::claim(
                conn,
                self.channel.as_str(),
                self.pace.batch,
                self.pace.lease(),
            )
            .await
        })?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let count = claimed.len();
        let outgoing = self.prepare(&claimed).await?;
        let timeout = self.pace.timeout;
        let results: Vec<(DeliveryRow, Result<(), SendError>, Duration)> =
            futures_util::stream::iter(claimed.into_iter().zip(outgoing))
                .map(|(delivery, outgoing)| async move {
                    let started = Instant::now();
                    let result = match outgoing {
                        Ok(outgoing) => {
                            match tokio::time::timeout(timeout, self.sender.send(&outgoing)).await {
                                Ok(result) => result,
                                Err(_) => Err(SendError::Transient(format!(
                                    "no answer within {} s",
                                    timeout.as_secs()
                                ))),
                            }
                        }
                        Err(e) => Err(e),
                    };
                    (delivery, result, started.elapsed())
                })
                .buffer_unordered(self.pace.concurrency)
                .collect()
                .await;
        self.record(results).await?;
        Ok(count)
    }

    /// What to send for each claimed delivery, rendered from its stored message.
    async fn prepare(
        &self,
        claimed: &[DeliveryRow],
    ) -> Result<Vec<Result<Outgoing, SendError>>, NotificationError> {
        let mut ids: Vec<String> = claimed.iter().map(|d| d.notification_id.clone()).collect();
        ids.sort();
        ids.dedup();
        let mut readers: Vec<String> = claimed
            .iter()
            .filter(|d| d.user_id.parse::<Uuid>().is_ok())
            .map(|d| d.user_id.clone())
            .collect();
        readers.sort();
        readers.dedup();
        let (messages, names) = on_conn!(&self.db, |conn| {
            let messages = notifications::by_ids(conn, &ids).await?;
            let names: HashMap<String, String> = recipients::names(conn, &readers)
                .await?
                .into_iter()
                .collect();
            Ok((messages, names))
        })?;
        let by_id: HashMap<&str, _> = messages.iter().map(|m| (m.id.as_str(), m)).collect();
        Ok(claimed
            .iter()
            .map(|delivery| {
                let message = by_id
                    .get(delivery.notification_id.as_str())
                    .ok_or_else(|| SendError::Permanent("its message no longer exists".into()))?;
                let kind: NotificationKind = message
                    .kind
                    .parse()
                    .map_err(|e: String| SendError::Permanent(e))?;
                let delivery_id: Uuid = delivery
                    .id
                    .parse()
                    .map_err(|_| SendError::Permanent("corrupt delivery id".into()))?;
                let user_id: Uuid = delivery
                    .user_id
                    .parse()
                    .map_err(|_| SendError::Permanent("corrupt reader id".into()))?;
                let unsubscribe_url = self.links.url(user_id, kind.topic(), self.channel);
                let content = match self.channel {
                    Channel::Email => {
                        let data: serde_json::Value =
                            serde_json::from_str(&message.data).unwrap_or_default();
                        let email = self
                            .messages
                            .email(
                                kind,
                                &message.subject,
                                &message.body,
                                &data,
                                &unsubscribe_url,
                            )
                            .map_err(|e| SendError::Permanent(format!("rendering: {e:#}")))?;
                        Content::Email {
                            email,
                            unsubscribe_url,
                        }
                    }
                    _ => Content::Sms(
                        self.messages
                            .sms(kind, &message.subject, &unsubscribe_url)
                            .map_err(|e| SendError::Permanent(format!("rendering: {e:#}")))?,
                    ),
                };
                Ok(Outgoing {
                    delivery_id,
                    address: delivery.address.clone(),
                    name: names.get(&delivery.user_id).cloned().unwrap_or_default(),
                    content,
                })
            })
            .collect())
    }

    /// Marks what was sent, schedules or gives up what failed, and keeps every attempt.
    async fn record(
        &self,
        results: Vec<(DeliveryRow, Result<(), SendError>, Duration)>,
    ) -> Result<(), NotificationError> {
        let now = store::now();
        let mut sent = Vec::new();
        let mut failed = Vec::new();
        let mut attempts = Vec::with_capacity(results.len());
        for (delivery, result, took) in results {
            let duration_ms = i64::try_from(took.as_millis()).unwrap_or(i64::MAX);
            self.metrics.send(self.channel, took);
            match result {
                Ok(()) => {
                    self.metrics.messages(self.channel, Outcome::Sent, 1);
                    attempts.push(attempt(&delivery.id, now, None, duration_ms));
                    sent.push(delivery.id);
                }
                Err(e) => {
                    let error = e.to_string();
                    let retry_at = match e {
                        SendError::Permanent(_) => None,
                        SendError::Transient(_) => self
                            .retry
                            .after(delivery.attempts)
                            .map(|wait| store::after(now, wait)),
                    };
                    let outcome = match retry_at {
                        Some(_) => Outcome::Retried,
                        None => Outcome::Failed,
                    };
                    self.metrics.messages(self.channel, outcome, 1);
                    match retry_at {
                        Some(_) => tracing::info!(
                            delivery.id = %delivery.id, channel = %self.channel,
                            attempt = delivery.attempts, error, "sending failed; will retry"
                        ),
                        None => tracing::warn!(
                            delivery.id = %delivery.id, channel = %self.channel,
                            attempt = delivery.attempts, error, "sending failed for good"
                        ),
                    }
                    attempts.push(attempt(&delivery.id, now, Some(error.clone()), duration_ms));
                    failed.push((delivery.id, error, retry_at));
                }
            }
        }
        unit_of_work!(&self.db, |conn| {
            if !sent.is_empty() {
                deliveries::mark_sent(conn, &sent, now).await?;
            }
            for (id, error, retry_at) in &failed {
                deliveries::mark_failed(conn, id, error, *retry_at, now).await?;
            }
            deliveries::record_attempts(conn, attempts).await
        })
    }
}

fn attempt(
    delivery_id: &str,
    at: chrono::NaiveDateTime,
    error: Option<String>,
    duration_ms: i64,
) -> AttemptRow {
    AttemptRow {
        id: Uuid::now_v7().to_string(),
        delivery_id: delivery_id.to_owned(),
        attempted_at: at,
        outcome: if error.is_some() { "failed" } else { "sent" }.to_owned(),
        error: error.map(|e| e.chars().take(2000).collect()),
        duration_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crashed_senders_claims_lapse_within_a_bounded_wait() {
        let files = Pace {
            batch: 128,
            concurrency: 16,
            timeout: Duration::from_secs(1),
        };
        assert_eq!(files.lease(), Duration::from_secs(18));
        let smtp = Pace {
            batch: 16,
            concurrency: 8,
            timeout: Duration::from_secs(30),
        };
        assert_eq!(smtp.lease(), Duration::from_secs(70));
    }

    #[test]
    fn retries_back_off_exponentially_up_to_the_cap_and_stop() {
        let retry = Retry {
            max_attempts: 5,
            backoff: Duration::from_secs(5),
            backoff_max: Duration::from_secs(30),
        };
        let waits: Vec<Option<u64>> = (1..=5)
            .map(|n| retry.after(n).map(|d| d.as_secs()))
            .collect();
        assert_eq!(waits, [Some(5), Some(10), Some(20), Some(30), None]);
    }
}
