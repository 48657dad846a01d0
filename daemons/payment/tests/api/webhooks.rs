//! `/api/v1/payments/webhooks/{provider}`: signed callbacks settle pending payments once;
//! unsigned or wrongly signed ones change nothing.

#![expect(clippy::unwrap_used)]

use bookstore_kit::events::event_types::{PAYMENT_FAILED, PAYMENT_SUCCEEDED};
use bookstore_kit::testing::{BusKind, backends};
use bookstore_payment::providers::stripe;
use bookstore_sdk::types::PaymentStatus;
use serde_json::json;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::fakes;
use crate::providers::{paypal_args, stripe_args};
use crate::support::TestApp;

/// A pending payment of `provider`, as a charge in flight leaves it.
async fn pending(app: &TestApp, provider: &str) -> (Uuid, Uuid) {
    let (id, order) = (Uuid::now_v7(), Uuid::now_v7());
    app.execute(&format!(
        "INSERT INTO payments (id, order_id, user_id, provider, status, amount, currency, attempts, created_at, updated_at)
         VALUES ('{id}', '{order}', '{}', '{provider}', 'pending', 1299, 'EUR', 1, '2026-11-28 10:00:00', '2026-11-28 10:00:00')",
        Uuid::now_v7()
    ))
    .await;
    (id, order)
}

fn stripe_event(kind: &str, payment: Uuid, order: Uuid) -> String {
    json!({
        "id": format!("evt_{}", Uuid::now_v7().simple()),
        "object": "event",
        "type": kind,
        "data": {"object": {
            "id": "pi_hook1", "object": "payment_intent",
            "metadata": {"payment_id": payment.to_string(), "order_id": order.to_string()},
            "last_payment_error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds", "message": "Your card has insufficient funds."},
        }},
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn stripe_callbacks_are_verified_and_settle_once() {
    for backend in backends() {
        let shutdown = CancellationToken::new();
        let fake = fakes::stripe(shutdown.clone()).await;
        let app = TestApp::spawn_with(backend, &BusKind::Memory, stripe_args(&fake.base)).await;
        let path = "/api/v1/payments/webhooks/stripe";
        let (payment, order) = pending(&app, "stripe").await;
        let body = stripe_event("payment_intent.succeeded", payment, order);
        let now = chrono::Utc::now().timestamp();
        let signed = stripe::sign(b"whsec_test_secret", body.as_bytes(), now);

        let forged = stripe::sign(b"whsec_wrong", body.as_bytes(), now);
        let refused = app
            .post_raw(path, &[("stripe-signature", forged)], &body)
            .await;
        assert_eq!(refused.status, 401, "{}: {:?}", app.label, refused.body);
        assert_eq!(refused.slug(), "bad-signature");
        assert!(refused.content_type.starts_with("application/problem+json"));
        let stale = stripe::sign(b"whsec_test_secret", body.as_bytes(), now - 3600);
        assert_eq!(
            app.post_raw(path, &[("stripe-signature", stale)], &body)
                .await
                .status,
            401
        );
        assert_eq!(app.post_raw(path, &[], &body).await.status, 401);
        assert_eq!(
            app.payment_of(order).await.unwrap().status,
            PaymentStatus::Pending
        );

        for _ in 0..2 {
            let accepted = app
                .post_raw(path, &[("stripe-signature", signed.clone())], &body)
                .await;
            assert_eq!(accepted.status, 200, "{}: {:?}", app.label, accepted.body);
        }
        let settled = app.payment_of(order).await.unwrap();
        assert_eq!(settled.status, PaymentStatus::Succeeded);
        assert_eq!(settled.provider_reference.as_deref(), Some("pi_hook1"));
        assert_eq!(
            app.outbox(PAYMENT_SUCCEEDED).await.len(),
            1,
            "{}",
            app.label
        );

        let (payment, order) = pending(&app, "stripe").await;
        let body = stripe_event("payment_intent.payment_failed", payment, order);
        let signed = stripe::sign(b"whsec_test_secret", body.as_bytes(), now);
        assert_eq!(
            app.post_raw(path, &[("stripe-signature", signed)], &body)
                .await
                .status,
            200
        );
        let failed = app.payment_of(order).await.unwrap();
        assert_eq!(failed.status, PaymentStatus::Failed);
        assert_eq!(failed.failure_code.as_deref(), Some("insufficient_funds"));
        assert_eq!(app.outbox(PAYMENT_FAILED).await.len(), 1);

        // Providers that take no callbacks here, or do not exist.
        for other in ["sandbox", "paypal", "bitcoin"] {
            let answer = app
                .post_raw(&format!("/api/v1/payments/webhooks/{other}"), &[], "{}")
                .await;
            assert_eq!(answer.status, 404, "{other}");
        }
        shutdown.cancel();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn paypal_callbacks_are_verified_by_paypal() {
    for backend in backends() {
        let shutdown = CancellationToken::new();
        let fake = fakes::paypal(shutdown.clone()).await;
        let app = TestApp::spawn_with(backend, &BusKind::Memory, paypal_args(&fake.base)).await;
        let path = "/api/v1/payments/webhooks/paypal";
        let (payment, order) = pending(&app, "paypal").await;
        let body = json!({
            "id": "WH-EVENT-1",
            "event_type": "PAYMENT.CAPTURE.COMPLETED",
            "resource": {
                "id": "CAPTURE-9", "status": "COMPLETED", "custom_id": payment.to_string(),
                "supplementary_data": {"related_ids": {"order_id": "ORDER-9"}},
            },
        })
        .to_string();
        let headers = |sig: &str| {
            vec![
                ("paypal-auth-algo", "SHA256withRSA".to_owned()),
                (
                    "paypal-cert-url",
                    "https://api.paypal.com/v1/notifications/certs/CERT".to_owned(),
                ),
                ("paypal-transmission-id", "T-1".to_owned()),
                ("paypal-transmission-sig", sig.to_owned()),
                (
                    "paypal-transmission-time",
                    "2026-11-28T10:00:00Z".to_owned(),
                ),
            ]
        };
        let refused = app.post_raw(path, &headers("forged"), &body).await;
        assert_eq!(refused.status, 401, "{}: {:?}", app.label, refused.body);
        assert_eq!(app.post_raw(path, &[], &body).await.status, 401);
        let accepted = app.post_raw(path, &headers("good-signature"), &body).await;
        assert_eq!(accepted.status, 200, "{}: {:?}", app.label, accepted.body);
        let verify = &fake.to("/v1/notifications/verify-webhook-signature")[1];
        let sent = verify.json();
        assert_eq!(sent["webhook_id"], "WH-1");
        assert_eq!(sent["webhook_event"]["id"], "WH-EVENT-1");
        let settled = app.payment_of(order).await.unwrap();
        assert_eq!(settled.status, PaymentStatus::Succeeded);
        assert_eq!(settled.provider_reference.as_deref(), Some("ORDER-9"));
        assert_eq!(app.outbox(PAYMENT_SUCCEEDED).await.len(), 1);
        shutdown.cancel();
    }
}
