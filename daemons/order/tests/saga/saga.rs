//! The saga from placement to a final state, with the real payment service.

#![expect(clippy::unwrap_used)]

use std::time::Duration;

use bookstore_kit::events::payloads::PaymentSucceeded;
use bookstore_kit::events::{Envelope, event_types};
use bookstore_kit::testing::backends;
use bookstore_sdk::types::{Money, OrderStatus, Role};
use reqwest::Method;

use crate::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_good_card_confirms_the_order_and_sells_the_copies() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let book = store.book("Dune", 1299, 5).await;
        let user = store.user(Role::Customer);
        let placed = store.order_book(&user, book, 2, GOOD_CARD).await;
        assert_eq!(placed.status, OrderStatus::PendingPayment);
        assert_eq!(placed.total, Money::new(2598, "EUR"));
        assert_eq!(placed.payment.last4.as_deref(), Some("4242"));
        let order = store.settled(&user, placed.id).await;
        assert_eq!(order.status, OrderStatus::Confirmed, "{}", store.label);
        let statuses: Vec<OrderStatus> = order.history.iter().map(|h| h.status).collect();
        assert_eq!(
            statuses,
            [OrderStatus::PendingPayment, OrderStatus::Confirmed]
        );
        assert_eq!(store.stock(book).await, 3);
        assert_eq!(store.published(event_types::ORDER_CONFIRMED).await, 1);
        // Nothing in the order service's store holds the card number.
        let leaked = Store::count(
            store.order_db(),
            "SELECT COUNT(*) AS n FROM orders WHERE payment LIKE '%4242424242424242%' OR payment LIKE '%4242 4242%'",
        )
        .await;
        assert_eq!(leaked, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_card_cancels_the_order_and_gives_the_copies_back() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let book = store.book("Emma", 899, 4).await;
        let user = store.user(Role::Customer);
        for (card, reason) in [
            (DECLINED_CARD, "payment failed: the card was declined"),
            (
                NO_FUNDS_CARD,
                "payment failed: the card has insufficient funds",
            ),
        ] {
            let placed = store.order_book(&user, book, 3, card).await;
            let order = store.settled(&user, placed.id).await;
            assert_eq!(order.status, OrderStatus::Cancelled, "{}", store.label);
            assert_eq!(order.status_reason.as_deref(), Some(reason));
            let stock = store.wait_for(&user, placed.id, |_| true).await;
            assert_eq!(stock.status, OrderStatus::Cancelled);
        }
        wait_until(|| async { store.stock(book).await == 4 }).await;
        assert_eq!(store.published(event_types::ORDER_CANCELLED).await, 2);
        assert_eq!(store.published(event_types::ORDER_CONFIRMED).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_a_paid_order_refunds_it_and_returns_the_copies() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let book = store.book("Middlemarch", 1500, 2).await;
        let user = store.user(Role::Customer);
        let placed = store.order_book(&user, book, 2, GOOD_CARD).await;
        store.settled(&user, placed.id).await;
        assert_eq!(store.stock(book).await, 0);
        let cancelled = store
            .orders(
                Method::POST,
                &format!("/api/v1/orders/{}/cancel", placed.id),
                &user,
                Some(serde_json::json!({"reason": "changed my mind"})),
            )
            .await;
        assert_eq!(cancelled.status, 200, "{}", cancelled.body);
        assert_eq!(cancelled.order().status, OrderStatus::Cancelled);
        assert_eq!(
            cancelled.order().status_reason.as_deref(),
            Some("cancelled by the customer: changed my mind")
        );
        let order = store.wait_for(&user, placed.id, |o| o.refunded).await;
        assert!(
            order
                .history
                .iter()
                .any(|h| h.reason.as_deref() == Some("payment refunded (30.00 EUR)")),
            "{:?}",
            order.history
        );
        assert_eq!(store.stock(book).await, 2);
        // Once cancelled, always cancelled.
        let again = store
            .orders(
                Method::POST,
                &format!("/api/v1/orders/{}/cancel", placed.id),
                &user,
                None,
            )
            .await;
        assert_eq!(again.status, 409);
        assert_eq!(again.slug(), "order-cancelled");
        assert_eq!(again.body["order_status"], "cancelled");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_before_the_payment_charges_nothing() {
    for backend in backends() {
        // No payment service yet: the order waits.
        let store = Store::without_payment(backend).await;
        let book = store.book("Persuasion", 700, 3).await;
        let user = store.user(Role::Customer);
        let placed = store.order_book(&user, book, 1, GOOD_CARD).await;
        assert_eq!(store.stock(book).await, 2);
        let cancelled = store
            .orders(
                Method::POST,
                &format!("/api/v1/orders/{}/cancel", placed.id),
                &user,
                None,
            )
            .await;
        assert_eq!(cancelled.status, 200, "{}", cancelled.body);
        assert_eq!(store.stock(book).await, 3);
        let order = store.fetch(&user, placed.id).await;
        assert!(!order.refunded);
        assert_eq!(store.published(event_types::ORDER_CANCELLED).await, 1);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_whose_payment_never_comes_times_out() {
    for backend in backends() {
        let mut options = Options {
            payment: false,
            ..Options::default()
        };
        options.order.payment_timeout = Duration::from_millis(600);
        let store = Store::spawn_with(backend, options).await;
        let book = store.book("Ulysses", 1800, 1).await;
        let user = store.user(Role::Customer);
        let placed = store.order_book(&user, book, 1, GOOD_CARD).await;
        assert!(placed.payment_due_at.is_some());
        assert_eq!(store.stock(book).await, 0);
        let order = store.settled(&user, placed.id).await;
        assert_eq!(order.status, OrderStatus::Cancelled);
        assert_eq!(
            order.status_reason.as_deref(),
            Some("payment timed out: no payment within 600ms")
        );
        wait_until(|| async { store.stock(book).await == 1 }).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redelivered_payment_has_one_effect() {
    for backend in backends() {
        let store = Store::without_payment(backend).await;
        let book = store.book("Beloved", 1000, 3).await;
        let user = store.user(Role::Customer);
        let placed = store.order_book(&user, book, 1, GOOD_CARD).await;
        let paid = PaymentSucceeded {
            payment_id: uuid::Uuid::now_v7(),
            order_id: placed.id,
            user_id: user.id,
            amount: Money::new(1000, "EUR"),
            provider: "sandbox".into(),
        };
        let envelope =
            Envelope::from_payload(event_types::PAYMENT_SUCCEEDED, "payment", &paid).unwrap();
        // The same event three times, two of them at once.
        let (a, b) = tokio::join!(store.bus.publish(&envelope), store.bus.publish(&envelope));
        a.unwrap();
        b.unwrap();
        store.bus.publish(&envelope).await.unwrap();
        let order = store.settled(&user, placed.id).await;
        assert_eq!(order.status, OrderStatus::Confirmed);
        assert_eq!(
            order
                .history
                .iter()
                .filter(|h| h.status == OrderStatus::Confirmed)
                .count(),
            1
        );
        assert_eq!(store.published(event_types::ORDER_CONFIRMED).await, 1);
        assert_eq!(store.stock(book).await, 2);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hundred_orders_for_ten_copies_confirm_exactly_ten() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let book = store.book("The Last Copies", 500, 10).await;
        let users: Vec<User> = (0..100).map(|_| store.user(Role::Customer)).collect();
        let keys: Vec<String> = users
            .iter()
            .map(|_| uuid::Uuid::new_v4().to_string())
            .collect();
        let answers = futures_util::future::join_all(
            users
                .iter()
                .zip(&keys)
                .map(|(u, key)| store.place(u, key, order_body(&[(book, 1)], GOOD_CARD))),
        )
        .await;
        let placed: Vec<(usize, uuid::Uuid)> = answers
            .iter()
            .enumerate()
            .filter(|(_, a)| a.status == 202)
            .map(|(i, a)| (i, a.order().id))
            .collect();
        let rejected = answers.iter().filter(|a| a.status == 409).count();
        assert_eq!(placed.len(), 10, "{}", store.label);
        assert_eq!(rejected, 90, "{}", store.label);
        assert!(
            answers
                .iter()
                .all(|a| a.status == 202 || a.slug() == "out-of-stock")
        );
        for (i, id) in &placed {
            let order = store.settled(&users[*i], *id).await;
            assert_eq!(order.status, OrderStatus::Confirmed);
        }
        assert_eq!(store.stock(book).await, 0);
        let payments = Store::count(
            &store.payment_db.as_ref().unwrap().db,
            "SELECT COUNT(*) AS n FROM payments WHERE status = 'succeeded'",
        )
        .await;
        assert_eq!(payments, 10);
    }
}

/// Polls `check` until it holds (10 s at most).
pub async fn wait_until<F, Fut>(check: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition never held"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
