//! The notification service's own metrics, registered in the kit's registry beside the HTTP,
//! outbox and consumer metrics: messages sent and failed per channel, and how long a send
//! takes. Recorded where the outcome is known: an in-app message once its transaction
//! committed, an email or SMS once its attempt is recorded.

use std::time::Duration;

use bookstore_kit::http::Metrics;
use bookstore_sdk::types::Channel;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    channel: &'static str,
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChannelLabels {
    channel: &'static str,
}

/// What became of one message on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered: written to the inbox, accepted by the SMTP server or the SMS provider.
    Sent,
    /// An attempt failed and another is scheduled.
    Retried,
    /// Given up: the delivery is marked failed for an admin.
    Failed,
}

/// Handles to the notification metrics; cheap to clone. The default is registered nowhere.
#[derive(Clone)]
pub struct NotificationMetrics {
    messages: Family<OutcomeLabels, Counter>,
    sends: Family<ChannelLabels, Histogram, fn() -> Histogram>,
}

impl std::fmt::Debug for NotificationMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NotificationMetrics")
    }
}

impl Default for NotificationMetrics {
    fn default() -> Self {
        NotificationMetrics {
            messages: Family::default(),
            // From 0.5 ms (an .eml file) to about 30 s (the send timeout).
            sends: Family::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.0005, 2.0, 17))
            }),
        }
    }
}

impl NotificationMetrics {
    /// Creates the metrics and registers them in `registry`.
    pub fn new(registry: &Metrics) -> NotificationMetrics {
        let metrics = NotificationMetrics::default();
        registry.register(
            "notifications",
            "Messages by channel (email, sms, in_app) and outcome (sent, retried, failed)",
            metrics.messages.clone(),
        );
        registry.register(
            "notification_send_duration_seconds",
            "Time one email or SMS took to send (or to fail), by channel",
            metrics.sends.clone(),
        );
        metrics
    }

    /// `count` messages on `channel` came to `outcome`.
    pub fn messages(&self, channel: Channel, outcome: Outcome, count: usize) {
        let outcome = match outcome {
            Outcome::Sent => "sent",
            Outcome::Retried => "retried",
            Outcome::Failed => "failed",
        };
        self.messages
            .get_or_create(&OutcomeLabels {
                channel: channel.as_str(),
                outcome,
            })
            .inc_by(count as u64);
    }

    /// One send attempt on `channel` took `elapsed`.
    pub fn send(&self, channel: Channel, elapsed: Duration) {
        self.sends
            .get_or_create(&ChannelLabels {
                channel: channel.as_str(),
            })
            .observe(elapsed.as_secs_f64());
    }
}
