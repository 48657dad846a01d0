//! `order.cancelled` racing a charge: it is recorded and acknowledged at once, never waiting
//! for the charge, and a charge that then succeeds is refunded at once, whoever settles it.

#![expect(clippy::unwrap_used)]

use std::time::Duration;

use bookstore_kit::events::event_types::{PAYMENT_FAILED, PAYMENT_REFUNDED, PAYMENT_SUCCEEDED};
use bookstore_kit::events::payloads::OrderCreated;
use bookstore_kit::events::{Envelope, PAYMENT_EVENTS, inbox};
use bookstore_kit::testing::{BusKind, backends, buses, eventually};
use bookstore_payment::PaymentArgs;
use bookstore_payment::providers::{refund_key, stripe};
use bookstore_sdk::types::{Payment, PaymentStatus};
use serde_json::json;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::fakes;
use crate::providers::stripe_args;
use crate::support::{SOON, TestApp, order_cancelled, order_created};

/// A sandbox whose every request takes this long: time to cancel during a charge.
const LATENCY: Duration = Duration::from_millis(1500);

fn slow_sandbox() -> PaymentArgs {
    PaymentArgs {
        sandbox_latency: LATENCY,
        ..PaymentArgs::default()
    }
}

/// Publishes `created` in the background and waits until its charge is in flight: the
/// payment has counted its provider call and is still pending.
async fn charging(app: &TestApp, created: &Envelope, order: Uuid) -> JoinHandle<()> {
    let bus = app.bus.clone();
    let event = created.clone();
    let delivery = tokio::spawn(async move { bus.publish(&event).await.unwrap() });
    let sql = format!(
        "SELECT COUNT(*) AS n FROM payments \
         WHERE order_id = '{order}' AND status = 'pending' AND attempts = 1"
    );
    eventually(
        &format!("{}: the charge is in flight", app.label),
        SOON,
        || async { app.count(&sql).await == 1 },
    )
    .await;
    delivery
}

/// Waits until the order's payment is `status`.
async fn reaches(app: &TestApp, order: Uuid, status: PaymentStatus) -> Payment {
    eventually(
        &format!("{}: the payment is {status:?}", app.label),
        SOON,
        || async {
            app.payment_of(order)
                .await
                .is_some_and(|p| p.status == status)
        },
    )
    .await;
    app.payment_of(order).await.unwrap()
}

/// Provider calls the sandbox made for `payment`: `charge` or `refund`.
async fn ledger(app: &TestApp, payment: Uuid, operation: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) AS n FROM sandbox_ledger \
         WHERE operation = '{operation}' AND idempotency_key LIKE 'payment-{payment}-%'"
    ))
    .await
}

/// On the in-process bus, the cancellation was handled (recorded in the inbox, not parked)
/// while the charge still slept.
async fn handled_during_the_charge(app: &TestApp, cancelled: &Envelope, order: Uuid) {
    assert!(
        inbox::contains(app.db(), "payment", cancelled.id)
            .await
            .unwrap(),
        "{}: order.cancelled was not applied",
        app.label
    );
    assert!(
        app.bus
            .dead_letters(PAYMENT_EVENTS, 10)
            .await
            .unwrap()
            .is_empty(),
        "{}: order.cancelled was parked",
        app.label
    );
    assert_eq!(
        app.payment_of(order).await.unwrap().status,
        PaymentStatus::Pending,
        "{}: the charge was over before the cancellation came",
        app.label
    );
}

/// A cancellation during a slow, successful charge, delivered `times` times (and once more
/// under another event id, as a republishing order service would): one charge, one refund.
async fn cancelled_during_a_successful_charge(times: usize) {
    for backend in backends() {
        for bus in buses() {
            let app = TestApp::spawn_with(backend, &bus, slow_sandbox()).await;
            let (created, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1800);
            let delivery = charging(&app, &created, order.order_id).await;
            let cancelled = order_cancelled(&order, false);
            for _ in 0..times {
                app.deliver(&cancelled).await;
            }
            if matches!(bus, BusKind::Memory) {
                handled_during_the_charge(&app, &cancelled, order.order_id).await;
            }
            if times > 1 {
                let mut copy = cancelled.clone();
                copy.id = Uuid::now_v7();
                app.deliver(&copy).await;
            }
            delivery.await.unwrap();

            let payment = reaches(&app, order.order_id, PaymentStatus::Refunded).await;
            assert_eq!(payment.refunded.unwrap().amount, 1800, "{}", app.label);
            eventually(
                &format!("{}: both events published", app.label),
                SOON,
                || async {
                    !app.published(PAYMENT_SUCCEEDED, order.order_id).is_empty()
                        && !app.published(PAYMENT_REFUNDED, order.order_id).is_empty()
                },
            )
            .await;
            if matches!(bus, BusKind::Rabbit(_)) {
                // Give redeliveries a moment to show a second effect, if there were one.
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            assert_eq!(ledger(&app, payment.id, "charge").await, 1, "{}", app.label);
            assert_eq!(ledger(&app, payment.id, "refund").await, 1, "{}", app.label);
            assert_eq!(app.count("SELECT COUNT(*) AS n FROM refunds").await, 1);
            for kind in [PAYMENT_SUCCEEDED, PAYMENT_REFUNDED] {
                assert_eq!(
                    app.published(kind, order.order_id).len(),
                    1,
                    "{}: {kind}",
                    app.label
                );
            }
            assert!(app.published(PAYMENT_FAILED, order.order_id).is_empty());
            // The order service hears of the payment first, then of its refund.
            let outbox: Vec<String> = app
                .outbox(PAYMENT_SUCCEEDED)
                .await
                .into_iter()
                .chain(app.outbox(PAYMENT_REFUNDED).await)
                .map(|e| e.id.to_string())
                .collect();
            assert_eq!(outbox.len(), 2, "{}", app.label);
            assert!(outbox[0] < outbox[1], "{}: refunded before paid", app.label);
            let refunded = &app.published(PAYMENT_REFUNDED, order.order_id)[0];
            assert_eq!(refunded.data["reason"], "cancelled by the customer");
            assert_eq!(refunded.data["payment_id"], payment.id.to_string());
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancellation_during_a_slow_charge_refunds_it_at_once() {
    cancelled_during_a_successful_charge(1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancellation_delivered_twice_during_a_charge_refunds_once() {
    cancelled_during_a_successful_charge(2).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancellation_during_a_declined_charge_just_fails_it() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend, &BusKind::Memory, slow_sandbox()).await;
        let (created, order) = order_created("sandbox", "tok_sandbox_card_declined_0002", 900);
        let delivery = charging(&app, &created, order.order_id).await;
        let cancelled = order_cancelled(&order, false);
        app.deliver(&cancelled).await;
        handled_during_the_charge(&app, &cancelled, order.order_id).await;
        delivery.await.unwrap();

        let payment = app.settled(order.order_id).await;
        assert_eq!(payment.status, PaymentStatus::Failed, "{}", app.label);
        assert_eq!(payment.failure_code.as_deref(), Some("card_declined"));
        eventually("payment.failed is published", SOON, || async {
            app.published(PAYMENT_FAILED, order.order_id).len() == 1
        })
        .await;
        assert_eq!(ledger(&app, payment.id, "charge").await, 1);
        assert_eq!(app.ledger_refunds().await, 0, "{}", app.label);
        assert!(app.outbox(PAYMENT_SUCCEEDED).await.is_empty());
        assert!(app.outbox(PAYMENT_REFUNDED).await.is_empty());
    }
}

/// A payment as a delivery that crashed mid-way leaves it: pending, `attempts` provider
/// calls counted.
async fn crashed(app: &TestApp, order: &OrderCreated, attempts: i32) {
    app.execute(&format!(
        "INSERT INTO payments (id, order_id, user_id, provider, status, amount, currency, attempts, created_at, updated_at)
         VALUES ('{}', '{}', '{}', '{}', 'pending', {}, 'EUR', {attempts}, '2026-12-02 10:00:00', '2026-12-02 10:00:00')",
        Uuid::now_v7(),
        order.order_id,
        order.user_id,
        order.payment_method.provider,
        order.total.amount,
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pending_payment_no_provider_was_asked_about_is_voided() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (created, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1100);
        crashed(&app, &order, 0).await;
        app.deliver(&order_cancelled(&order, false)).await;
        assert_eq!(
            app.payment_of(order.order_id).await.unwrap().status,
            PaymentStatus::Voided,
            "{}",
            app.label
        );
        // The redelivered order.created finds nothing to charge.
        app.deliver(&created).await;
        assert_eq!(
            app.payment_of(order.order_id).await.unwrap().status,
            PaymentStatus::Voided
        );
        assert_eq!(app.ledger_charges().await, 0, "{}", app.label);
        assert!(app.outbox(PAYMENT_SUCCEEDED).await.is_empty());
        assert!(app.outbox(PAYMENT_FAILED).await.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_charge_retried_after_a_crash_is_refunded_when_the_order_was_cancelled() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (created, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1200);
        // The crashed delivery may have reached the provider: only asking again (with the
        // same key) can tell, so the cancellation is recorded and the payment left pending.
        crashed(&app, &order, 1).await;
        app.deliver(&order_cancelled(&order, false)).await;
        assert_eq!(
            app.payment_of(order.order_id).await.unwrap().status,
            PaymentStatus::Pending,
            "{}",
            app.label
        );
        assert!(
            app.bus
                .dead_letters(PAYMENT_EVENTS, 10)
                .await
                .unwrap()
                .is_empty()
        );
        app.deliver(&created).await;
        let payment = app.payment_of(order.order_id).await.unwrap();
        assert_eq!(payment.status, PaymentStatus::Refunded, "{}", app.label);
        assert_eq!(ledger(&app, payment.id, "charge").await, 1);
        assert_eq!(ledger(&app, payment.id, "refund").await, 1);
        eventually("payment.succeeded and payment.refunded", SOON, || async {
            app.published(PAYMENT_SUCCEEDED, order.order_id).len() == 1
                && app.published(PAYMENT_REFUNDED, order.order_id).len() == 1
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refund_left_undone_is_made_by_the_next_delivery() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (created, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1300);
        app.deliver(&created).await;
        let payment = app.settled(order.order_id).await;
        assert_eq!(payment.status, PaymentStatus::Succeeded);
        // As a refund that failed transiently after the charge settled leaves it: succeeded,
        // the cancellation recorded (and its event in the inbox), no refund.
        app.execute(&format!(
            "INSERT INTO payment_cancellations (payment_id, reason, requested_at)
             VALUES ('{}', 'cancelled by the customer', '2026-12-02 10:00:00')",
            payment.id
        ))
        .await;
        // A redelivery of order.created (the handler's retry) refunds it, once.
        app.deliver(&created).await;
        app.deliver(&created).await;
        let payment = app.payment_of(order.order_id).await.unwrap();
        assert_eq!(payment.status, PaymentStatus::Refunded, "{}", app.label);
        assert_eq!(app.ledger_charges().await, 1);
        assert_eq!(app.ledger_refunds().await, 1);
        eventually("payment.refunded", SOON, || async {
            app.published(PAYMENT_REFUNDED, order.order_id).len() == 1
        })
        .await;
        assert_eq!(app.outbox(PAYMENT_SUCCEEDED).await.len(), 1);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_callback_settling_a_cancelled_order_refunds_it() {
    for backend in backends() {
        let shutdown = CancellationToken::new();
        let fake = fakes::stripe(shutdown.clone()).await;
        let app = TestApp::spawn_with(backend, &BusKind::Memory, stripe_args(&fake.base)).await;
        let (_, order) = order_created("stripe", "pm_card_visa", 1299);
        crashed(&app, &order, 1).await;
        app.deliver(&order_cancelled(&order, false)).await;
        let payment = app.payment_of(order.order_id).await.unwrap();
        assert_eq!(payment.status, PaymentStatus::Pending, "{}", app.label);

        let body = json!({
            "id": format!("evt_{}", Uuid::now_v7().simple()),
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {"object": {
                "id": "pi_late1", "object": "payment_intent",
                "metadata": {"payment_id": payment.id.to_string(), "order_id": order.order_id.to_string()},
            }},
        })
        .to_string();
        let signed = stripe::sign(
            b"whsec_test_secret",
            body.as_bytes(),
            chrono::Utc::now().timestamp(),
        );
        for _ in 0..2 {
            let accepted = app
                .post_raw(
                    "/api/v1/payments/webhooks/stripe",
                    &[("stripe-signature", signed.clone())],
                    &body,
                )
                .await;
            assert_eq!(accepted.status, 200, "{}: {:?}", app.label, accepted.body);
        }
        let payment = app.payment_of(order.order_id).await.unwrap();
        assert_eq!(payment.status, PaymentStatus::Refunded, "{}", app.label);
        let refunds = fake.to("/v1/refunds");
        assert_eq!(refunds.len(), 1, "{}", app.label);
        assert_eq!(
            refunds[0].header("idempotency-key"),
            Some(refund_key(payment.id).as_str())
        );
        assert_eq!(refunds[0].form()["payment_intent"], "pi_late1");
        assert_eq!(app.outbox(PAYMENT_SUCCEEDED).await.len(), 1);
        assert_eq!(app.outbox(PAYMENT_REFUNDED).await.len(), 1);
        shutdown.cancel();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_refund_sweep_gives_back_what_no_delivery_will() {
    use bookstore_payment::PaymentArgs;
    use bookstore_payment::payments::Payments;
    use bookstore_payment::providers::Providers;
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (created, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1400);
        app.deliver(&created).await;
        let payment = app.settled(order.order_id).await;
        // Every retry used up: succeeded, the cancellation recorded, no refund, and no
        // delivery left to notice.
        app.execute(&format!(
            "INSERT INTO payment_cancellations (payment_id, reason, requested_at)
             VALUES ('{}', 'cancelled by the customer', '2026-12-02 10:00:00')",
            payment.id
        ))
        .await;
        let providers =
            Providers::from_args(&PaymentArgs::default(), &reqwest::Client::new(), app.db());
        let sweep = Payments::new(
            app.db().clone(),
            providers,
            bookstore_kit::events::OutboxWaker::new(),
            4,
        );
        assert_eq!(
            sweep.refund_cancelled_charges().await.unwrap(),
            1,
            "{}",
            app.label
        );
        assert_eq!(sweep.refund_cancelled_charges().await.unwrap(), 0);
        let payment = app.payment_of(order.order_id).await.unwrap();
        assert_eq!(payment.status, PaymentStatus::Refunded);
        assert_eq!(app.ledger_refunds().await, 1);
        assert_eq!(app.outbox(PAYMENT_REFUNDED).await.len(), 1);
    }
}
