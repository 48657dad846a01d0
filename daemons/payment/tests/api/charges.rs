//! The consumer: `order.created` charges once, whatever the delivery pattern; cancellation
//! voids or refunds.

#![expect(clippy::unwrap_used)]

use bookstore_kit::events::event_types::{PAYMENT_FAILED, PAYMENT_REFUNDED, PAYMENT_SUCCEEDED};
use bookstore_kit::testing::{BusKind, backends, buses, eventually};
use bookstore_payment::PaymentArgs;
use bookstore_sdk::types::PaymentStatus;

use crate::support::{SOON, TestApp, order_cancelled, order_created};

#[tokio::test(flavor = "multi_thread")]
async fn test_cards_succeed_decline_and_run_short() {
    for backend in backends() {
        for bus in buses() {
            let app = TestApp::spawn_with(backend, &bus, PaymentArgs::default()).await;
            let cases = [
                ("tok_sandbox_ok_4242", PaymentStatus::Succeeded, None),
                (
                    "tok_sandbox_card_declined_0002",
                    PaymentStatus::Failed,
                    Some("card_declined"),
                ),
                (
                    "tok_sandbox_insufficient_funds_9995",
                    PaymentStatus::Failed,
                    Some("insufficient_funds"),
                ),
                (
                    "tok_sandbox_expired_card_0069",
                    PaymentStatus::Failed,
                    Some("expired_card"),
                ),
            ];
            for (token, status, code) in cases {
                let (event, order) = order_created("sandbox", token, 1299);
                app.deliver(&event).await;
                let payment = app.settled(order.order_id).await;
                assert_eq!(payment.status, status, "{}: {token}", app.label);
                assert_eq!(
                    payment.failure_code.as_deref(),
                    code,
                    "{}: {token}",
                    app.label
                );
                assert_eq!(payment.amount.amount, 1299);
                assert_eq!(payment.user_id, order.user_id);
                assert_eq!(payment.provider, "sandbox");
                assert_eq!(
                    payment.card_last4.as_deref(),
                    Some(&token[token.len() - 4..])
                );
                let kind = if status == PaymentStatus::Succeeded {
                    PAYMENT_SUCCEEDED
                } else {
                    PAYMENT_FAILED
                };
                eventually(
                    &format!("{}: {kind} for {token}", app.label),
                    SOON,
                    || async { app.published(kind, order.order_id).len() == 1 },
                )
                .await;
                let published = &app.published(kind, order.order_id)[0];
                assert_eq!(published.source, "payment");
                assert_eq!(published.data["payment_id"], payment.id.to_string());
                if let Some(code) = code {
                    assert_eq!(published.data["code"], code);
                    assert!(published.data["reason"].as_str().unwrap().len() > 3);
                } else {
                    assert_eq!(published.data["amount"]["amount"], 1299);
                    assert_eq!(published.data["provider"], "sandbox");
                }
            }
            assert_eq!(app.ledger_charges().await, 4, "{}", app.label);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn one_order_is_charged_once_however_often_it_arrives() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        // The same event five times in a row, then five times at once.
        let (event, order) = order_created("sandbox", "tok_sandbox_ok_4242", 2500);
        for _ in 0..5 {
            app.deliver(&event).await;
        }
        let (again, second) = order_created("sandbox", "tok_sandbox_ok_4242", 700);
        let deliveries: Vec<_> = (0..5).map(|_| app.deliver(&again)).collect();
        futures_util::future::join_all(deliveries).await;
        // A second event for the same order (another id), as a republishing order service
        // would send: still no second charge.
        let mut copy = event.clone();
        copy.id = uuid::Uuid::now_v7();
        app.deliver(&copy).await;

        for order_id in [order.order_id, second.order_id] {
            assert_eq!(app.settled(order_id).await.status, PaymentStatus::Succeeded);
            assert_eq!(
                app.outbox(PAYMENT_SUCCEEDED)
                    .await
                    .iter()
                    .filter(|e| e.correlation_id == Some(order_id.to_string()))
                    .count(),
                1,
                "{}",
                app.label
            );
            assert_eq!(
                app.published(PAYMENT_SUCCEEDED, order_id).len(),
                1,
                "{}",
                app.label
            );
        }
        assert_eq!(app.ledger_charges().await, 2, "{}", app.label);
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM payments").await, 2);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancellation_before_the_charge_voids_it_for_good() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (created, order) = order_created("sandbox", "tok_sandbox_ok_4242", 999);
        app.deliver(&order_cancelled(&order, false)).await;
        app.deliver(&created).await;
        let payment = app.settled(order.order_id).await;
        assert_eq!(payment.status, PaymentStatus::Voided, "{}", app.label);
        assert_eq!(app.ledger_charges().await, 0, "{}", app.label);
        assert!(app.outbox(PAYMENT_SUCCEEDED).await.is_empty());
        assert!(app.outbox(PAYMENT_FAILED).await.is_empty());
        // The customer sees it among their payments.
        let mine = app
            .get(
                "/api/v1/payments",
                &app.token(order.user_id, bookstore_sdk::types::Role::Customer),
            )
            .await;
        assert_eq!(mine.body["items"][0]["status"], "voided");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancellation_after_the_charge_refunds_it_once() {
    for backend in backends() {
        for bus in buses() {
            let app = TestApp::spawn_with(backend, &bus, PaymentArgs::default()).await;
            let (created, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1500);
            app.deliver(&created).await;
            assert_eq!(
                app.settled(order.order_id).await.status,
                PaymentStatus::Succeeded
            );
            let cancelled = order_cancelled(&order, true);
            app.deliver(&cancelled).await;
            app.deliver(&cancelled).await;
            let mut copy = cancelled.clone();
            copy.id = uuid::Uuid::now_v7();
            app.deliver(&copy).await;
            eventually(
                &format!("{}: payment.refunded", app.label),
                SOON,
                || async { !app.published(PAYMENT_REFUNDED, order.order_id).is_empty() },
            )
            .await;
            let payment = app.payment_of(order.order_id).await.unwrap();
            assert_eq!(payment.status, PaymentStatus::Refunded, "{}", app.label);
            assert_eq!(payment.refunded.unwrap().amount, 1500);
            if matches!(bus, BusKind::Rabbit(_)) {
                // Give redeliveries a moment to show a second effect, if there were one.
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            }
            assert_eq!(
                app.published(PAYMENT_REFUNDED, order.order_id).len(),
                1,
                "{}",
                app.label
            );
            assert_eq!(app.outbox(PAYMENT_REFUNDED).await.len(), 1, "{}", app.label);
            assert_eq!(app.ledger_refunds().await, 1, "{}", app.label);
            assert_eq!(app.count("SELECT COUNT(*) AS n FROM refunds").await, 1);
            let refunded = &app.published(PAYMENT_REFUNDED, order.order_id)[0];
            assert_eq!(refunded.data["amount"]["amount"], 1500);
            assert_eq!(refunded.data["reason"], "cancelled by the customer");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_that_keeps_failing_fails_the_payment() {
    for backend in backends() {
        let args = PaymentArgs {
            sandbox_failure_rate: 1.0,
            payment_max_attempts: 3,
            ..PaymentArgs::default()
        };
        let app = TestApp::spawn_with(backend, &BusKind::Memory, args).await;
        let (created, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1500);
        app.deliver(&created).await;
        let payment = app.settled(order.order_id).await;
        assert_eq!(payment.status, PaymentStatus::Failed, "{}", app.label);
        assert_eq!(
            payment.failure_code.as_deref(),
            Some("provider_unavailable")
        );
        assert_eq!(app.ledger_charges().await, 0);
        eventually("payment.failed is published", SOON, || async {
            app.published(PAYMENT_FAILED, order.order_id).len() == 1
        })
        .await;
        // Every attempt is in the log.
        assert_eq!(app.count("SELECT COUNT(*) AS n FROM payment_log").await, 3);

        // The processing-error card fails the same way, with its own code.
        let args = PaymentArgs {
            payment_max_attempts: 3,
            ..PaymentArgs::default()
        };
        let app = TestApp::spawn_with(backend, &BusKind::Memory, args).await;
        let (created, order) = order_created("sandbox", "tok_sandbox_processing_error_0119", 100);
        app.deliver(&created).await;
        let payment = app.settled(order.order_id).await;
        assert_eq!(payment.failure_code.as_deref(), Some("processing_error"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_for_a_provider_not_enabled_fails_at_once() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        for provider in ["stripe", "bitcoin"] {
            let (created, order) = order_created(provider, "pm_card_visa", 1500);
            app.deliver(&created).await;
            let payment = app.settled(order.order_id).await;
            assert_eq!(payment.status, PaymentStatus::Failed, "{}", app.label);
            assert_eq!(
                payment.failure_code.as_deref(),
                Some("provider_not_enabled")
            );
            eventually("payment.failed is published", SOON, || async {
                app.published(PAYMENT_FAILED, order.order_id).len() == 1
            })
            .await;
            let failed = app.published(PAYMENT_FAILED, order.order_id);
            assert_eq!(failed[0].data["code"], "provider_not_enabled");
        }
    }
}
