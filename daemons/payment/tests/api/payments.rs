//! `/api/v1/payments*`: who sees which payment, pages, providers, admin refunds and the log.

#![expect(clippy::unwrap_used)]

use bookstore_kit::events::event_types::PAYMENT_REFUNDED;
use bookstore_kit::testing::backends;
use bookstore_sdk::types::{PaymentStatus, Role};
use serde_json::json;
use uuid::Uuid;

use crate::support::{AnswerExt, TestApp, order_created};

#[tokio::test(flavor = "multi_thread")]
async fn customers_see_their_own_payments_only() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mine, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1000);
        let (theirs, other) = order_created("sandbox", "tok_sandbox_ok_4242", 2000);
        app.deliver(&mine).await;
        app.deliver(&theirs).await;
        let me = app.token(order.user_id, Role::Customer);
        let payment = app.settled(order.order_id).await;
        let their_payment = app.settled(other.order_id).await;

        let got = app
            .get(&format!("/api/v1/payments/{}", payment.id), &me)
            .await;
        assert_eq!(got.status, 200, "{}: {:?}", app.label, got.body);
        assert_eq!(got.payment(), payment);
        let hidden = app
            .get(&format!("/api/v1/payments/{}", their_payment.id), &me)
            .await;
        assert_eq!(hidden.status, 404, "{}", app.label);
        assert!(hidden.content_type.starts_with("application/problem+json"));
        assert_eq!(
            app.get(&format!("/api/v1/payments/{}", Uuid::now_v7()), &me)
                .await
                .status,
            404
        );

        let list = app.get("/api/v1/payments", &me).await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
        assert_eq!(list.body["items"][0]["id"], payment.id.to_string());
        let filtered = app
            .get(
                &format!("/api/v1/payments?order_id={}", other.order_id),
                &me,
            )
            .await;
        assert!(filtered.body["items"].as_array().unwrap().is_empty());

        let all = app.get("/api/v1/payments", &app.admin()).await;
        assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
        let nobody = app
            .client
            .get(app.url("/api/v1/payments"))
            .send()
            .await
            .unwrap();
        assert_eq!(nobody.status(), 401);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_run_newest_first_and_filters_name_bad_fields() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let mut orders = Vec::new();
        for n in 0..5 {
            let token = if n == 2 {
                "tok_sandbox_card_declined_0002"
            } else {
                "tok_sandbox_ok_4242"
            };
            let (event, order) = order_created("sandbox", token, 100 + n);
            app.deliver(&event).await;
            app.settled(order.order_id).await;
            orders.push(order.order_id);
        }
        let admin = app.admin();
        let mut seen = Vec::new();
        let mut path = "/api/v1/payments?limit=2".to_owned();
        loop {
            let page = app.get(&path, &admin).await;
            assert_eq!(page.status, 200, "{}: {:?}", app.label, page.body);
            for item in page.body["items"].as_array().unwrap() {
                seen.push(Uuid::parse_str(item["order_id"].as_str().unwrap()).unwrap());
            }
            match page.body["next_cursor"].as_str() {
                Some(cursor) => path = format!("/api/v1/payments?limit=2&cursor={cursor}"),
                None => break,
            }
        }
        orders.reverse();
        assert_eq!(seen, orders, "{}", app.label);

        let failed = app.get("/api/v1/payments?status=failed", &admin).await;
        assert_eq!(failed.body["items"].as_array().unwrap().len(), 1);
        assert_eq!(failed.body["items"][0]["failure_code"], "card_declined");

        let bad = app
            .get(
                "/api/v1/payments?status=paid&limit=500&order_id=x&cursor=zz",
                &admin,
            )
            .await;
        assert_eq!(bad.status, 400);
        assert_eq!(bad.slug(), "validation");
        assert_eq!(bad.fields(), ["order_id", "status", "limit", "cursor"]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn any_signed_in_user_lists_the_providers() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let answer = app
            .get(
                "/api/v1/payments/providers",
                &app.token(Uuid::now_v7(), Role::Customer),
            )
            .await;
        assert_eq!(answer.status, 200, "{}: {:?}", app.label, answer.body);
        let providers = answer.body.as_array().unwrap();
        assert_eq!(providers.len(), 1);
        assert_eq!(providers[0]["name"], "sandbox");
        assert_eq!(providers[0]["test_mode"], true);
        let nobody = app
            .client
            .get(app.url("/api/v1/payments/providers"))
            .send()
            .await
            .unwrap();
        assert_eq!(nobody.status(), 401);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_refunds_are_full_and_idempotent() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (event, order) = order_created("sandbox", "tok_sandbox_ok_4242", 4200);
        app.deliver(&event).await;
        let payment = app.settled(order.order_id).await;
        let path = format!("/api/v1/payments/{}/refund", payment.id);
        let customer = app.token(order.user_id, Role::Customer);
        assert_eq!(app.post(&path, Some(&customer), None).await.status, 403);
        assert_eq!(app.post(&path, None, None).await.status, 401);

        let admin = app.admin();
        let first = app
            .post(
                &path,
                Some(&admin),
                Some(json!({"reason": "damaged in transit"})),
            )
            .await;
        assert_eq!(first.status, 200, "{}: {:?}", app.label, first.body);
        let refunded = first.payment();
        assert_eq!(refunded.status, PaymentStatus::Refunded);
        assert_eq!(refunded.refunded.as_ref().unwrap().amount, 4200);
        let again = app.post(&path, Some(&admin), None).await;
        assert_eq!(again.status, 200);
        assert_eq!(again.payment(), refunded);
        assert_eq!(app.ledger_refunds().await, 1);
        let events = app.outbox(PAYMENT_REFUNDED).await;
        assert_eq!(events.len(), 1, "{}", app.label);
        assert_eq!(events[0].data["reason"], "damaged in transit");

        // Failed, voided and pending payments have nothing to give back.
        let (declined, declined_order) =
            order_created("sandbox", "tok_sandbox_card_declined_0002", 100);
        app.deliver(&declined).await;
        let failed = app.settled(declined_order.order_id).await;
        let conflict = app
            .post(
                &format!("/api/v1/payments/{}/refund", failed.id),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(conflict.status, 409, "{}: {:?}", app.label, conflict.body);
        assert_eq!(conflict.slug(), "not-refundable");
        let missing = app
            .post(
                &format!("/api/v1/payments/{}/refund", Uuid::now_v7()),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(missing.status, 404);
        let malformed = app
            .post(&path, Some(&admin), Some(json!({"reason": 5})))
            .await;
        assert_eq!(malformed.status, 400);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_payment_log_keeps_requests_without_card_numbers() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (event, order) = order_created("sandbox", "tok_sandbox_ok_4242", 1299);
        app.deliver(&event).await;
        let payment = app.settled(order.order_id).await;
        let admin = app.admin();
        app.post(
            &format!("/api/v1/payments/{}/refund", payment.id),
            Some(&admin),
            None,
        )
        .await;
        let log = app
            .get(&format!("/api/v1/payments/{}/log", payment.id), &admin)
            .await;
        assert_eq!(log.status, 200, "{}: {:?}", app.label, log.body);
        let entries = log.body.as_array().unwrap();
        let operations: Vec<&str> = entries
            .iter()
            .map(|e| e["operation"].as_str().unwrap())
            .collect();
        assert_eq!(operations, ["charge", "refund"]);
        assert_eq!(
            entries[0]["request"]["idempotency_key"],
            format!("payment-{}-charge", payment.id)
        );
        assert_eq!(entries[0]["response"]["outcome"], "succeeded");
        let customer = app.token(order.user_id, Role::Customer);
        assert_eq!(
            app.get(&format!("/api/v1/payments/{}/log", payment.id), &customer)
                .await
                .status,
            403
        );
        for text in app.log_texts().await {
            assert!(!text.contains("4242424242424242"), "{text}");
        }
    }
}
