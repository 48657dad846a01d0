//! Logging and tracing: a filter from `BOOKSTORE_LOG`, log lines pretty on a terminal and JSON
//! otherwise (or as `BOOKSTORE_LOG_FORMAT` says), and, when `BOOKSTORE_OTLP_ENDPOINT` is set,
//! spans exported over OTLP with W3C trace context carried across HTTP calls and events.
//!
//! - [`otlp`]: the exporter, which files each span under the service that made it.
//! - [`context`]: reading and writing `traceparent` (HTTP headers, event envelopes).

pub mod context;
pub mod otlp;

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

pub use context::{exporting, inject, record_trace_id, set_parent, trace_headers, traceparent};
pub use otlp::{Otlp, OtlpError};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Keeps the trace exporter alive; [`Telemetry::shutdown`] sends the spans still buffered.
#[derive(Debug, Default)]
#[must_use = "dropping it early stops trace export"]
pub struct Telemetry {
    provider: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

impl Telemetry {
    /// Flushes and stops the trace exporter (blocks for at most a few seconds). Call it
    /// outside the async runtime, after the services stopped.
    pub fn shutdown(self) {
        if let Some(provider) = self.provider
            && let Err(e) = provider.shutdown()
        {
            eprintln!("bookstored: flushing traces failed: {e}");
        }
    }
}

/// Installs the process's subscriber. `filter` uses `tracing` directive syntax (`info`,
/// `bookstore_user=debug,info`). Logs go to stderr so stdout stays for what the daemon prints for
/// people and scripts. With `otlp`, spans are also exported, and every span the services open
/// records its `trace_id`, which log lines inside it carry.
///
/// Call it outside the async runtime: the exporter's HTTP client runs on a thread of its own.
pub fn init(
    filter: &str,
    format: Option<LogFormat>,
    otlp: Option<Otlp>,
) -> Result<Telemetry, OtlpError> {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|e| {
        eprintln!("bookstored: invalid BOOKSTORE_LOG filter `{filter}` ({e}); using `info`");
        EnvFilter::new("info")
    });
    let format = format.unwrap_or(if std::io::stderr().is_terminal() {
        LogFormat::Pretty
    } else {
        LogFormat::Json
    });
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let fmt = match format {
        LogFormat::Pretty => fmt.compact().boxed(),
        LogFormat::Json => fmt
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .boxed(),
    };
    let provider = otlp.map(Otlp::provider).transpose()?;
    let spans = provider.as_ref().map(|provider| {
        use opentelemetry::trace::TracerProvider as _;
        tracing_opentelemetry::layer()
            .with_tracer(provider.tracer("bookstore"))
            // Thread ids and names say nothing useful on a work-stealing runtime.
            .with_threads(false)
            // Traces do not depend on how much is logged: the store's own spans, and its
            // warnings and errors as events on them, whatever `BOOKSTORE_LOG` says.
            .with_filter(tracing_subscriber::filter::filter_fn(|meta| {
                meta.target().starts_with("bookstore")
                    && if meta.is_span() {
                        *meta.level() <= tracing::Level::INFO
                    } else {
                        *meta.level() <= tracing::Level::WARN
                    }
            }))
    });
    let installed = tracing_subscriber::registry()
        .with(fmt.with_filter(filter))
        .with(spans)
        .try_init();
    match installed {
        Ok(()) => {
            context::set_exporting(provider.is_some());
            Ok(Telemetry { provider })
        }
        // A second init (tests starting several services) keeps the first subscriber.
        Err(_) => Ok(Telemetry::default()),
    }
}
