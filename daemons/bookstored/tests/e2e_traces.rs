//! End to end, traces: `bookstored` exports its spans over OTLP to a receiver of the test's
//! own (`support::otlp`), an order is placed with the real CLI (`orders place --wait`), and
//! the order must be one trace: rooted at the gateway's `POST /api/v1/orders`, with spans from
//! the gateway, order, catalog, payment and notification services, every parent present.
//! The embedded store always; the split store (each service in its own process, the trace
//! crossing RabbitMQ) when `BOOKSTORE_TEST_DATABASE_URL` and `BOOKSTORE_TEST_AMQP_URL` are set.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use support::otlp::{Receiver, Span};
use support::split::{self, SERVICES, SplitStore};
use support::{Cli, bookstored, eventually};

const ADMIN_EMAIL: &str = "admin@example.com";
const ADMIN_PASSWORD: &str = "Admin-password-2026";
const PATIENCE: Duration = Duration::from_secs(60);
/// Export batches every 100 ms instead of every 5 s.
const SCHEDULE_DELAY: (&str, &str) = ("OTEL_BSP_SCHEDULE_DELAY", "100");

/// The services an order's trace must have spans from.
const ALONG_THE_ORDER: [&str; 5] = [
    "bookstore-gateway",
    "bookstore-order",
    "bookstore-catalog",
    "bookstore-payment",
    "bookstore-notification",
];

#[test]
#[expect(clippy::unwrap_used)]
fn an_order_is_one_trace_across_the_services_of_the_embedded_store() {
    let receiver = Receiver::start();
    let data = tempfile::tempdir().unwrap();
    let daemon = bookstored(data.path())
        .env("BOOKSTORE_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("BOOKSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("BOOKSTORE_OTLP_ENDPOINT", &receiver.endpoint)
        .env(SCHEDULE_DELAY.0, SCHEDULE_DELAY.1)
        .arg("--no-demo")
        .start();
    let order = shop(daemon.gateway(), ADMIN_EMAIL, ADMIN_PASSWORD);
    assert_one_trace(&receiver, &order);
}

#[test]
fn an_order_is_one_trace_across_processes_and_the_broker() {
    let Some((pg, amqp)) = split::servers() else {
        return;
    };
    let receiver = Receiver::start();
    let mut extra = Vec::new();
    for service in SERVICES {
        extra.push((
            service,
            "BOOKSTORE_OTLP_ENDPOINT",
            receiver.endpoint.as_str(),
        ));
        extra.push((service, SCHEDULE_DELAY.0, SCHEDULE_DELAY.1));
    }
    let store = SplitStore::start(&pg, &amqp, &extra);
    let order = shop(&store.gateway(), split::ADMIN_EMAIL, split::ADMIN_PASSWORD);
    assert_one_trace(&receiver, &order);
}

/// An admin adds a book, a customer registers and buys it; the confirmed order's id.
fn shop(gateway: &str, admin_email: &str, admin_password: &str) -> String {
    let admin = Cli::login(gateway, admin_email, admin_password);
    let book = admin.add_book("The Art of Computer Programming", "9780201896831", 5);
    let customer = Cli::register(gateway, "knuth@example.com", "Donald Knuth");
    customer.buy(&book)
}

/// Waits for the order's spans, then checks they are one whole trace.
fn assert_one_trace(receiver: &Receiver, order: &str) {
    let trace = eventually(
        "the order's trace, whole, from every service",
        PATIENCE,
        || {
            let spans = receiver.spans();
            let traces: BTreeSet<&str> = spans
                .iter()
                .filter(|s| s.attributes.get("correlation_id").map(String::as_str) == Some(order))
                .map(|s| s.trace_id.as_str())
                .collect();
            let [trace] = traces.iter().collect::<Vec<_>>()[..] else {
                return Err(format!(
                    "the order's events are in traces {traces:?} ({} spans received:{})",
                    spans.len(),
                    describe(&spans[..spans.len().min(20)])
                ));
            };
            let trace: Vec<Span> = spans
                .iter()
                .filter(|s| s.trace_id == **trace)
                .cloned()
                .collect();
            let services: BTreeSet<&str> = trace.iter().map(|s| s.service.as_str()).collect();
            let missing: Vec<&str> = ALONG_THE_ORDER
                .into_iter()
                .filter(|s| !services.contains(s))
                .collect();
            let ids: BTreeSet<&str> = trace.iter().map(|s| s.span_id.as_str()).collect();
            let orphans: Vec<&str> = trace
                .iter()
                .filter(|s| {
                    !s.parent_span_id.is_empty() && !ids.contains(s.parent_span_id.as_str())
                })
                .map(|s| s.name.as_str())
                .collect();
            let roots = trace.iter().filter(|s| s.parent_span_id.is_empty()).count();
            if missing.is_empty() && orphans.is_empty() && roots == 1 {
                Ok(trace)
            } else {
                Err(format!(
                    "missing {missing:?}, spans whose parent is not there {orphans:?}, {roots} roots: {}",
                    describe(&trace)
                ))
            }
        },
    );
    let root = trace
        .iter()
        .find(|s| s.parent_span_id.is_empty())
        .expect("one root");
    assert_eq!(root.service, "bookstore-gateway", "{}", describe(&trace));
    assert_eq!(root.name, "POST /api/v1/orders", "{}", describe(&trace));
    assert_eq!(
        root.attributes
            .get("http.response.status_code")
            .map(String::as_str),
        Some("202")
    );
    // The saga's steps are in it: each event published and consumed once.
    let names: BTreeMap<&str, usize> = trace.iter().fold(BTreeMap::new(), |mut seen, s| {
        *seen.entry(s.name.as_str()).or_default() += 1;
        seen
    });
    for step in [
        "POST /internal/reservations",
        "order.created publish",
        "order.created process",
        "payment.succeeded publish",
        "payment.succeeded process",
        "order.confirmed publish",
        "order.confirmed process",
    ] {
        assert!(
            names.contains_key(step),
            "no `{step}` in {}",
            describe(&trace)
        );
    }
}

/// The trace as `service: name` lines, for failure messages.
fn describe(trace: &[Span]) -> String {
    let mut lines: Vec<String> = trace
        .iter()
        .map(|s| {
            format!(
                "\n  {} {}: {} (parent {}) {:?}",
                s.span_id, s.service, s.name, s.parent_span_id, s.attributes
            )
        })
        .collect();
    lines.sort();
    lines.concat()
}
