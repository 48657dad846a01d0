//! Subscribing a service's handler with its metrics and its span: each delivery is handled
//! inside a consumer span that continues the event's trace (its `traceparent`), and counted,
//! timed and its lag measured in the service's registry.
//!
//! ```ignore
//! events::subscribe(&ctx.bus, ORDER_EVENTS, Arc::new(saga), &metrics, ctx.shutdown.clone()).await?;
//! ```

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

use super::bus::{Bus, BusError, Handler, HandlerError};
use super::envelope::Envelope;
use super::metrics::ConsumerMetrics;
use crate::http::Metrics;
use crate::telemetry;

/// Subscribes `handler` to `queue` on `bus`, with the consumer metrics registered in `metrics`
/// (the consuming service's registry) and a span per delivery.
pub async fn subscribe(
    bus: &Arc<dyn Bus>,
    queue: &str,
    handler: Arc<dyn Handler>,
    metrics: &Metrics,
    shutdown: CancellationToken,
) -> Result<JoinHandle<()>, BusError> {
    let observed = Observed {
        inner: handler,
        queue: queue.to_owned(),
        service: metrics.service().to_owned(),
        metrics: ConsumerMetrics::register(metrics, bus.clone(), queue),
    };
    bus.subscribe(queue, Arc::new(observed), shutdown).await
}

/// A handler wrapped with its span and metrics.
struct Observed {
    inner: Arc<dyn Handler>,
    queue: String,
    service: String,
    metrics: ConsumerMetrics,
}

#[async_trait]
impl Handler for Observed {
    async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError> {
        let span = tracing::info_span!(
            "event",
            otel.name = tracing::field::Empty,
            otel.kind = "consumer",
            otel.status_code = tracing::field::Empty,
            service = %self.service,
            queue = %self.queue,
            event.id = %envelope.id,
            event.r#type = %envelope.event_type,
            correlation_id = envelope.correlation_id.as_deref().unwrap_or(""),
            trace_id = tracing::field::Empty,
        );
        if telemetry::exporting() {
            span.record(
                "otel.name",
                tracing::field::display(format_args!("{} process", envelope.event_type)),
            );
            telemetry::set_parent(&span, envelope.traceparent.as_deref());
            telemetry::record_trace_id(&span);
        }
        let labels = ConsumerMetrics::labels(&self.queue, &envelope.event_type);
        let started = Instant::now();
        let result = self.inner.handle(envelope).instrument(span.clone()).await;
        let seconds = started.elapsed().as_secs_f64();
        match &result {
            Ok(()) => {
                let lag = chrono::Utc::now() - envelope.occurred_at;
                let lag = lag.num_microseconds().unwrap_or(i64::MAX) as f64 / 1e6;
                self.metrics.handled(&labels, seconds, lag);
            }
            Err(_) => {
                span.record("otel.status_code", "ERROR");
                self.metrics.failed(&labels, seconds);
            }
        }
        result
    }

    fn parked(&self, envelope: &Envelope, error: &HandlerError) {
        self.metrics
            .dead_lettered(&ConsumerMetrics::labels(&self.queue, &envelope.event_type));
        self.inner.parked(envelope, error);
    }
}
