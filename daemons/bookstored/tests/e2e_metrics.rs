//! End to end, metrics: the `/metrics` of every service of an embedded store is scraped before
//! and after a customer registers and places two orders with the real CLI (one confirmed, one
//! declined), and the domain metrics must have moved by exactly what happened: orders by
//! state, saga steps, payments by provider and outcome, the outbox, the consumers, the
//! notifications per channel. With `BOOKSTORE_TEST_PROMTOOL` naming promtool, every scrape
//! must also pass `promtool check metrics`.

mod support;

use std::time::Duration;

use support::load::DECLINED_CARD;
use support::metrics::Scrape;
use support::{Cli, bookstored, eventually};

const ADMIN_EMAIL: &str = "admin@example.com";
const ADMIN_PASSWORD: &str = "Admin-password-2026";
const SERVICES: [&str; 6] = [
    "gateway",
    "user",
    "catalog",
    "order",
    "payment",
    "notification",
];
const PATIENCE: Duration = Duration::from_secs(30);

#[test]
#[expect(clippy::unwrap_used)]
fn the_domain_metrics_of_every_service_move_when_orders_are_placed() {
    let data = tempfile::tempdir().unwrap();
    let daemon = bookstored(data.path())
        .env("BOOKSTORE_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("BOOKSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .arg("--no-demo")
        .start();
    let gateway = daemon.gateway();
    let admin = Cli::login(gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
    let book = admin.add_book("Structure and Interpretation", "9780262510875", 5);
    let scrape = |service: &str| Scrape::of(&daemon.service_url(service));
    let before: Vec<Scrape> = SERVICES.iter().map(|s| scrape(s)).collect();

    let customer = Cli::register(gateway, "hal@example.com", "Hal Abelson");
    customer.buy(&book);
    let declined = customer.place(&book, DECLINED_CARD);
    assert_eq!(declined.code, 1, "{declined:?}");

    // Emails go out from their own loop, a moment after the order settles.
    let after = eventually("the emails counted", PATIENCE, || {
        let after: Vec<Scrape> = SERVICES.iter().map(|s| scrape(s)).collect();
        let emails = after[5].sum(
            "bookstore_notifications_total",
            &[("channel", "email"), ("outcome", "sent")],
        );
        if emails >= 3.0 {
            Ok(after)
        } else {
            Err(format!("{emails} emails sent"))
        }
    });
    let moved = |service: usize, name: &str, with: &[(&str, &str)]| {
        after[service].sum(name, with) - before[service].sum(name, with)
    };
    let [gateway, user, catalog, order, payment, notification] = [0, 1, 2, 3, 4, 5];

    // RED for every service: the requests it served, per route.
    assert!(
        moved(
            gateway,
            "bookstore_http_requests_total",
            &[("route", "/api/v1/orders"), ("method", "POST")]
        ) >= 2.0
    );
    assert_eq!(
        moved(
            user,
            "bookstore_http_requests_total",
            &[("route", "/api/v1/auth/register"), ("status", "201")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            catalog,
            "bookstore_http_requests_total",
            &[("route", "/internal/reservations"), ("method", "POST")]
        ),
        2.0
    );
    assert!(
        moved(
            order,
            "bookstore_http_request_duration_seconds_count",
            &[("route", "/api/v1/orders")]
        ) >= 2.0
    );
    // The scrapes themselves are requests too.
    assert!(
        moved(
            payment,
            "bookstore_http_requests_total",
            &[("route", "/metrics")]
        ) >= 1.0
    );

    // Orders by state, and the saga's steps.
    assert_eq!(
        moved(
            order,
            "bookstore_orders_total",
            &[("status", "pending_payment")]
        ),
        2.0
    );
    assert_eq!(
        moved(order, "bookstore_orders_total", &[("status", "confirmed")]),
        1.0
    );
    assert_eq!(
        moved(
            order,
            "bookstore_orders_total",
            &[("status", "cancelled"), ("cause", "payment_failed")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            order,
            "bookstore_saga_duration_seconds_count",
            &[("outcome", "confirmed")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            order,
            "bookstore_saga_duration_seconds_count",
            &[("outcome", "cancelled")]
        ),
        1.0
    );
    for (step, times) in [
        ("reserve_stock", 2.0),
        ("await_payment", 2.0),
        ("commit_stock", 1.0),
        ("release_stock", 1.0),
    ] {
        assert_eq!(
            moved(
                order,
                "bookstore_saga_step_duration_seconds_count",
                &[("step", step)]
            ),
            times,
            "{step}"
        );
    }

    // Payments by provider and outcome.
    assert_eq!(
        moved(
            payment,
            "bookstore_payments_total",
            &[("provider", "sandbox"), ("outcome", "succeeded")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            payment,
            "bookstore_payments_total",
            &[("provider", "sandbox"), ("outcome", "failed")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            payment,
            "bookstore_payment_failures_total",
            &[("provider", "sandbox"), ("code", "card_declined")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            payment,
            "bookstore_payment_provider_duration_seconds_count",
            &[("operation", "charge")]
        ),
        2.0
    );

    // The outbox published every event, and nothing waits.
    assert_eq!(
        moved(
            user,
            "bookstore_outbox_published_total",
            &[("event_type", "user.registered")]
        ),
        1.0
    );
    assert_eq!(
        moved(
            order,
            "bookstore_outbox_published_total",
            &[("event_type", "order.created")]
        ),
        2.0
    );
    assert_eq!(
        moved(
            payment,
            "bookstore_outbox_published_total",
            &[("event_type", "payment.failed")]
        ),
        1.0
    );
    for service in [user, order, payment, notification] {
        assert_eq!(
            after[service].sum("bookstore_outbox_pending_events", &[]),
            0.0
        );
        assert!(after[service].has("bookstore_outbox_oldest_pending_age_seconds"));
    }

    // The consumers applied each event once, with its lag; nothing was parked.
    assert_eq!(
        moved(
            payment,
            "bookstore_events_handled_total",
            &[("queue", "payment.events"), ("event_type", "order.created")]
        ),
        2.0
    );
    assert_eq!(
        moved(
            order,
            "bookstore_events_handled_total",
            &[
                ("queue", "order.events"),
                ("event_type", "payment.succeeded")
            ]
        ),
        1.0
    );
    assert_eq!(
        moved(
            order,
            "bookstore_event_lag_seconds_count",
            &[("queue", "order.events")]
        ),
        2.0
    );
    assert_eq!(
        moved(
            notification,
            "bookstore_events_handled_total",
            &[("event_type", "order.confirmed")]
        ),
        1.0
    );
    for service in [order, payment, notification] {
        assert_eq!(
            after[service].sum("bookstore_events_dead_lettered_total", &[]),
            0.0
        );
        assert_eq!(after[service].sum("bookstore_event_dead_letters", &[]), 0.0);
        assert!(after[service].has("bookstore_event_queue_messages"));
    }

    // Notifications per channel: the welcome, the confirmation and the cancellation.
    assert_eq!(
        moved(
            notification,
            "bookstore_notifications_total",
            &[("channel", "in_app"), ("outcome", "sent")]
        ),
        3.0
    );
    assert_eq!(
        moved(
            notification,
            "bookstore_notifications_total",
            &[("channel", "email"), ("outcome", "sent")]
        ),
        3.0
    );
    assert_eq!(
        moved(
            notification,
            "bookstore_notifications_total",
            &[("outcome", "failed")]
        ),
        0.0
    );
    assert!(
        moved(
            notification,
            "bookstore_notification_send_duration_seconds_count",
            &[("channel", "email")]
        ) >= 3.0
    );

    for (service, scrape) in SERVICES.iter().zip(&after) {
        if let Some(complaints) = scrape.lint() {
            panic!("promtool check metrics on the {service} service:\n{complaints}");
        }
    }
}
