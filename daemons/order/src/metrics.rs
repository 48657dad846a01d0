//! The order service's own metrics, registered in the kit's registry beside the HTTP, outbox
//! and consumer metrics: orders entering each state, and how long each step of the saga took.
//! Recorded where the step happens, after its transaction committed.

use std::time::Duration;

use bookstore_kit::http::Metrics;
use bookstore_sdk::types::OrderStatus;
use chrono::NaiveDateTime;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

use crate::events::Cause;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: &'static str,
    /// Why a cancelled order was cancelled (`payment_failed`, `customer`, ...); empty otherwise.
    cause: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StepLabels {
    step: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

/// A step of the saga, timed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The catalog holding the stock (`POST /internal/reservations`).
    ReserveStock,
    /// From the order being stored to its payment's outcome reaching the order service: the
    /// payment service's charge plus the broker's hops both ways.
    AwaitPayment,
    /// The catalog selling the held copies once paid.
    CommitStock,
    /// The catalog taking the copies back after a cancellation.
    ReleaseStock,
}

impl Step {
    fn label(self) -> &'static str {
        match self {
            Step::ReserveStock => "reserve_stock",
            Step::AwaitPayment => "await_payment",
            Step::CommitStock => "commit_stock",
            Step::ReleaseStock => "release_stock",
        }
    }
}

type Seconds<L> = Family<L, Histogram, fn() -> Histogram>;

/// Handles to the order metrics; cheap to clone.
#[derive(Clone)]
pub struct OrderMetrics {
    orders: Family<StatusLabels, Counter>,
    steps: Seconds<StepLabels>,
    saga: Seconds<OutcomeLabels>,
}

impl std::fmt::Debug for OrderMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OrderMetrics")
    }
}

impl OrderMetrics {
    /// Creates the metrics and registers them in `registry`.
    pub fn new(registry: &Metrics) -> OrderMetrics {
        // From 1 ms (a reservation on loopback) to about a minute (a slow provider).
        let buckets: fn() -> Histogram = || Histogram::new(exponential_buckets(0.001, 2.0, 17));
        let metrics = OrderMetrics {
            orders: Family::default(),
            steps: Family::new_with_constructor(buckets),
            saga: Family::new_with_constructor(buckets),
        };
        registry.register(
            "orders",
            "Orders that entered a state (pending_payment, rejected, confirmed, cancelled by cause, shipped)",
            metrics.orders.clone(),
        );
        registry.register(
            "saga_step_duration_seconds",
            "Time one step of the order saga took: reserve_stock, await_payment, commit_stock, release_stock",
            metrics.steps.clone(),
        );
        registry.register(
            "saga_duration_seconds",
            "From an order being placed to the saga settling it, by outcome (confirmed or cancelled)",
            metrics.saga.clone(),
        );
        metrics
    }

    /// An order entered `status` (`cause` for a cancellation).
    pub fn entered(&self, status: OrderStatus, cause: Option<Cause>) {
        self.orders
            .get_or_create(&StatusLabels {
                status: status.as_str(),
                cause: cause.map_or("", Cause::as_str),
            })
            .inc();
    }

    /// A step took `elapsed`.
    pub fn step(&self, step: Step, elapsed: Duration) {
        self.steps
            .get_or_create(&StepLabels { step: step.label() })
            .observe(elapsed.as_secs_f64());
    }

    /// The saga settled an order created at `created_at` as `status`: the whole saga's time,
    /// and the payment step's (which ends as the saga settles it).
    pub fn settled(&self, created_at: NaiveDateTime, status: OrderStatus) {
        let elapsed = (crate::store::now() - created_at)
            .to_std()
            .unwrap_or(Duration::ZERO);
        self.saga
            .get_or_create(&OutcomeLabels {
                outcome: status.as_str(),
            })
            .observe(elapsed.as_secs_f64());
    }
}
