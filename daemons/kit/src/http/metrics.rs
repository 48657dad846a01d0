//! Prometheus metrics: one registry per service instance (held in its state, never global),
//! with request counts and latency histograms per route and status, and hooks that refresh
//! gauges read from elsewhere (a database, the broker) just before each scrape.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;

use axum::extract::{MatchedPath, State};
use axum::http::{HeaderValue, Method, Request, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    method: Cow<'static, str>,
    route: Cow<'static, str>,
    status: u16,
}

type HistogramFamily = Family<HttpLabels, Histogram, fn() -> Histogram>;

/// Something that brings gauges up to date before a scrape: an outbox's backlog read from
/// its database, a queue's depth asked of the broker. Reading at scrape time rather than on a
/// timer costs nothing while nobody scrapes, and what is scraped is current.
#[async_trait]
pub trait ScrapeHook: Send + Sync {
    /// Updates the hook's gauges; a failure leaves them as they were (and is the hook's to log).
    async fn refresh(&self);
}

/// How long a scrape waits for the hooks before answering with the values it has.
const HOOK_TIMEOUT: Duration = Duration::from_secs(3);

/// A service's metrics registry plus the HTTP metrics every service records.
#[derive(Clone)]
pub struct Metrics {
    service: Arc<str>,
    registry: Arc<Mutex<Registry>>,
    hooks: Arc<Mutex<Vec<Arc<dyn ScrapeHook>>>>,
    requests: Family<HttpLabels, Counter>,
    duration: HistogramFamily,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    /// A fresh registry whose metrics carry the label `service`.
    pub fn new(service: &str) -> Self {
        let mut registry = Registry::with_prefix_and_labels(
            "bookstore",
            [(
                std::borrow::Cow::Borrowed("service"),
                std::borrow::Cow::Owned(service.to_owned()),
            )]
            .into_iter(),
        );
        let requests = Family::<HttpLabels, Counter>::default();
        let duration: HistogramFamily =
            Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.0005, 2.0, 16)));
        registry.register(
            "http_requests",
            "HTTP requests handled, by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route and status",
            duration.clone(),
        );
        Metrics {
            service: Arc::from(service),
            registry: Arc::new(Mutex::new(registry)),
            hooks: Arc::new(Mutex::new(Vec::new())),
            requests,
            duration,
        }
    }

    /// The service whose registry this is (the `service` label of every metric).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Runs `hook` before every scrape.
    pub fn on_scrape(&self, hook: Arc<dyn ScrapeHook>) {
        if let Ok(mut hooks) = self.hooks.lock() {
            hooks.push(hook);
        }
    }

    /// Runs every scrape hook side by side, each bounded by a timeout.
    pub async fn refresh(&self) {
        let hooks: Vec<Arc<dyn ScrapeHook>> = match self.hooks.lock() {
            Ok(hooks) => hooks.clone(),
            Err(_) => return,
        };
        let runs = hooks.iter().map(|hook| async move {
            if tokio::time::timeout(HOOK_TIMEOUT, hook.refresh())
                .await
                .is_err()
            {
                tracing::warn!(
                    timeout_ms = HOOK_TIMEOUT.as_millis() as u64,
                    "a metrics hook did not finish in time; its gauges keep their last values"
                );
            }
        });
        futures_util::future::join_all(runs).await;
    }

    /// Registers a service's own metric (a counter, gauge or histogram family).
    pub fn register(
        &self,
        name: &str,
        help: &str,
        metric: impl prometheus_client::registry::Metric,
    ) {
        if let Ok(mut registry) = self.registry.lock() {
            registry.register(name, help, metric);
        }
    }

    /// The text exposition of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if let Ok(registry) = self.registry.lock() {
            // Writing into a String cannot fail.
            let _ = prometheus_client::encoding::text::encode(&mut out, &registry);
        }
        out
    }

    /// Counts and times one answered request under its route template (`/users/{id}`, not
    /// the path). What [`track`] records; the gateway's proxied path, which routes by itself,
    /// calls it directly with its templates, which are `'static`.
    pub fn record(
        &self,
        method: &Method,
        route: Cow<'static, str>,
        status: u16,
        elapsed: Duration,
    ) {
        let labels = HttpLabels {
            method: method_label(method),
            route,
            status,
        };
        self.requests.get_or_create(&labels).inc();
        self.duration
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }
}

/// A method as a label value; the standard methods without an allocation.
fn method_label(method: &Method) -> Cow<'static, str> {
    const STANDARD: [Method; 9] = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    const NAMES: [&str; 9] = [
        "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
    ];
    match STANDARD.iter().position(|m| m == method) {
        Some(i) => Cow::Borrowed(NAMES[i]),
        None => Cow::Owned(method.as_str().to_owned()),
    }
}

/// Gives the current request span its route and outcome, known only after routing (the span
/// opened before). Does nothing unless spans are exported.
pub fn annotate_server_span(method: &Method, route: &str, status: u16) {
    if !crate::telemetry::exporting() {
        return;
    }
    let span = tracing::Span::current();
    crate::telemetry::context::rename_current(format!("{method} {route}"));
    span.record("http.route", route);
    span.record("http.response.status_code", status);
    if status >= 500 {
        span.record("otel.status_code", "ERROR");
    }
}

/// Middleware: counts and times each request under its route template (`/users/{id}`), so that
/// ids do not explode the label set; unmatched paths count as `unmatched`.
pub async fn track(
    State(metrics): State<Metrics>,
    request: Request<axum::body::Body>,
    next: Next,
) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let route: Cow<'static, str> = match request.extensions().get::<MatchedPath>() {
        Some(path) => Cow::Owned(path.as_str().to_owned()),
        None => Cow::Borrowed("unmatched"),
    };
    let response = next.run(request).await;
    let status = response.status().as_u16();
    annotate_server_span(&method, &route, status);
    metrics.record(&method, route, status, start.elapsed());
    response
}

/// `GET /metrics`.
pub async fn handler(State(metrics): State<Metrics>) -> Response {
    metrics.refresh().await;
    let mut response = metrics.encode().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}
