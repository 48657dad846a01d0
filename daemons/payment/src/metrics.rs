//! The payment service's own metrics, registered in the kit's registry beside the HTTP,
//! outbox and consumer metrics: payments by provider and outcome, failures by code, and how
//! long the providers take to answer. Recorded where a payment is settled or refunded, after
//! the transaction that records it.

use std::time::Duration;

use bookstore_kit::http::Metrics;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    provider: String,
    /// `succeeded`, `failed` or `refunded`.
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FailureLabels {
    provider: String,
    /// The `code` of `payment.failed` (`card_declined`, `provider_unavailable`, ...).
    code: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    provider: String,
    /// `charge` or `refund`.
    operation: &'static str,
    /// `ok`, `declined` (the provider said no) or `error` (no usable answer).
    outcome: &'static str,
}

/// How a provider call ended, for [`PaymentMetrics::provider_call`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    Ok,
    Declined,
    Error,
}

/// Handles to the payment metrics; cheap to clone. The default is registered nowhere, for
/// tests that build [`crate::payments::Payments`] without a registry.
#[derive(Clone)]
pub struct PaymentMetrics {
    payments: Family<OutcomeLabels, Counter>,
    failures: Family<FailureLabels, Counter>,
    calls: Family<CallLabels, Histogram, fn() -> Histogram>,
}

impl std::fmt::Debug for PaymentMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaymentMetrics")
    }
}

impl Default for PaymentMetrics {
    fn default() -> Self {
        // From 1 ms (the sandbox) to about a minute (a provider timing out).
        PaymentMetrics {
            payments: Family::default(),
            failures: Family::default(),
            calls: Family::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.001, 2.0, 17))
            }),
        }
    }
}

impl PaymentMetrics {
    /// Creates the metrics and registers them in `registry`.
    pub fn new(registry: &Metrics) -> PaymentMetrics {
        let metrics = PaymentMetrics::default();
        registry.register(
            "payments",
            "Payments settled or refunded, by provider and outcome (succeeded, failed, refunded)",
            metrics.payments.clone(),
        );
        registry.register(
            "payment_failures",
            "Failed payments by provider and code (card_declined, provider_unavailable, ...)",
            metrics.failures.clone(),
        );
        registry.register(
            "payment_provider_duration_seconds",
            "Time a payment provider took to answer, by provider, operation and outcome",
            metrics.calls.clone(),
        );
        metrics
    }

    /// A payment succeeded.
    pub fn succeeded(&self, provider: &str) {
        self.count(provider, "succeeded");
    }

    /// A payment failed with `code`.
    pub fn failed(&self, provider: &str, code: &str) {
        self.count(provider, "failed");
        self.failures
            .get_or_create(&FailureLabels {
                provider: provider.to_owned(),
                code: code.to_owned(),
            })
            .inc();
    }

    /// A payment was refunded.
    pub fn refunded(&self, provider: &str) {
        self.count(provider, "refunded");
    }

    /// A call to a provider took `elapsed`.
    pub fn provider_call(
        &self,
        provider: &str,
        operation: &'static str,
        outcome: CallOutcome,
        elapsed: Duration,
    ) {
        let outcome = match outcome {
            CallOutcome::Ok => "ok",
            CallOutcome::Declined => "declined",
            CallOutcome::Error => "error",
        };
        self.calls
            .get_or_create(&CallLabels {
                provider: provider.to_owned(),
                operation,
                outcome,
            })
            .observe(elapsed.as_secs_f64());
    }

    fn count(&self, provider: &str, outcome: &'static str) {
        self.payments
            .get_or_create(&OutcomeLabels {
                provider: provider.to_owned(),
                outcome,
            })
            .inc();
    }
}
