//! W3C trace context (`traceparent`) in and out of spans: taken from an incoming request's
//! headers or an event's envelope, given to outgoing requests and to the events a span writes
//! to the outbox, so one trace follows an order across services and the broker.
//!
//! Everything here does nothing unless spans are exported (`BOOKSTORE_OTLP_ENDPOINT`), so the
//! hot path of a store without a tracing backend pays one atomic load.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use http::{HeaderMap, HeaderName, HeaderValue};
use opentelemetry::propagation::TextMapPropagator as _;
use opentelemetry::trace::TraceContextExt as _;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

/// The header (and AMQP header, and envelope field) carrying the trace context.
pub const TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");

/// Whether the process exports spans: set once by [`super::init`]. Process-wide like the
/// `tracing` subscriber it describes.
static EXPORTING: AtomicBool = AtomicBool::new(false);

pub(super) fn set_exporting(on: bool) {
    EXPORTING.store(on, Ordering::Relaxed);
}

/// Whether spans are exported in this process.
pub fn exporting() -> bool {
    EXPORTING.load(Ordering::Relaxed)
}

/// Makes `span` (not yet entered) the child of the remote span `traceparent` names; a missing
/// or malformed value leaves it the root of a new trace.
pub fn set_parent(span: &tracing::Span, traceparent: Option<&str>) {
    if !exporting() {
        return;
    }
    let Some(traceparent) = traceparent else {
        return;
    };
    let carrier = HashMap::from([(TRACEPARENT.as_str().to_owned(), traceparent.to_owned())]);
    let parent = TraceContextPropagator::new().extract(&carrier);
    if parent.span().span_context().is_valid() {
        // Fails only when the span is not exported, which `exporting` ruled out.
        let _ = span.set_parent(parent);
    }
}

/// [`set_parent`] from an incoming request's `traceparent` header.
pub fn set_parent_from(span: &tracing::Span, headers: &HeaderMap) {
    if exporting() {
        set_parent(span, headers.get(TRACEPARENT).and_then(|v| v.to_str().ok()));
    }
}

/// Renames the current span in the trace (its `otel.name` field cannot, once the span started):
/// a server span learns its route only after routing.
pub fn rename_current(name: String) {
    if exporting() {
        tracing::Span::current().context().span().update_name(name);
    }
}

/// Records `span`'s trace id in its `trace_id` field (declared `Empty`), so every log line
/// inside the span carries it.
pub fn record_trace_id(span: &tracing::Span) {
    if !exporting() {
        return;
    }
    let context = span.context();
    let trace = context.span().span_context().trace_id();
    if trace != opentelemetry::trace::TraceId::INVALID {
        span.record("trace_id", tracing::field::display(trace));
    }
}

/// The `traceparent` of the current span, when spans are exported.
pub fn traceparent() -> Option<String> {
    if !exporting() {
        return None;
    }
    let context = tracing::Span::current().context();
    if !context.span().span_context().is_valid() {
        return None;
    }
    let mut carrier = HashMap::new();
    TraceContextPropagator::new().inject_context(&context, &mut carrier);
    carrier.remove(TRACEPARENT.as_str())
}

/// Sets the `traceparent` header of an outgoing request to the current span, so the service
/// called continues the trace; leaves the headers alone when spans are not exported.
pub fn inject(headers: &mut HeaderMap) {
    if let Some(value) = traceparent().and_then(|t| HeaderValue::from_str(&t).ok()) {
        headers.insert(TRACEPARENT, value);
    }
}

/// Headers carrying the current span to a service called: `.headers(trace_headers())` on an
/// outgoing request. Empty when spans are not exported.
pub fn trace_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    inject(&mut headers);
    headers
}
