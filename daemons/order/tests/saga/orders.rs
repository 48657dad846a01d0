//! Placing, reading, listing and shipping orders: the request's rules.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::backends;
use bookstore_sdk::types::{Money, Order, OrderStatus, Page, Role};
use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_key_places_one_order_however_often_it_is_sent() {
    for backend in backends() {
        let store = Store::without_payment(backend).await;
        let book = store.book("Dracula", 650, 5).await;
        let user = store.user(Role::Customer);
        let body = order_body(&[(book, 2)], GOOD_CARD);
        let (a, b) = tokio::join!(
            store.place(&user, "same-key", body.clone()),
            store.place(&user, "same-key", body.clone())
        );
        let mut statuses = [a.status, b.status];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [200, 202],
            "{}: {} {}",
            store.label,
            a.body,
            b.body
        );
        assert_eq!(a.order().id, b.order().id);
        let again = store.place(&user, "same-key", body.clone()).await;
        assert_eq!(again.status, 200);
        assert_eq!(again.order().id, a.order().id);
        assert_eq!(store.stock(book).await, 3, "one reservation only");
        let other = store
            .place(&user, "same-key", order_body(&[(book, 1)], GOOD_CARD))
            .await;
        assert_eq!(other.status, 422);
        assert_eq!(other.slug(), "idempotency-key-reused");
        // Keys are per user.
        let someone = store.user(Role::Customer);
        assert_eq!(store.place(&someone, "same-key", body).await.status, 202);
        assert_eq!(store.stock(book).await, 1);
        let missing = store
            .call(
                Method::POST,
                format!("{}/api/v1/orders", store.order),
                Some(&user),
                Some(order_body(&[(book, 1)], GOOD_CARD)),
                &[],
            )
            .await;
        assert_eq!(missing.status, 400);
        assert_eq!(missing.body["errors"][0]["field"], "Idempotency-Key");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn prices_in_the_request_are_ignored() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let book = store.book("Frankenstein", 1234, 5).await;
        let user = store.user(Role::Customer);
        let mut body = order_body(&[(book, 2)], GOOD_CARD);
        body["items"][0]["unit_price"] = json!({"amount": 1, "currency": "EUR"});
        body["total"] = json!({"amount": 2, "currency": "EUR"});
        let answer = store.place(&user, "k", body).await;
        assert_eq!(answer.status, 202, "{}", answer.body);
        let order = answer.order();
        assert_eq!(order.total, Money::new(2468, "EUR"));
        assert_eq!(order.items[0].unit_price, Money::new(1234, "EUR"));
        assert_eq!(order.items[0].title, "Frankenstein");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn not_enough_stock_rejects_the_order_and_names_the_books() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let plenty = store.book("Plenty", 100, 10).await;
        let scarce = store.book("Scarce", 100, 1).await;
        let user = store.user(Role::Customer);
        let answer = store
            .place(
                &user,
                "k",
                order_body(&[(plenty, 2), (scarce, 3)], GOOD_CARD),
            )
            .await;
        assert_eq!(answer.status, 409, "{}", answer.body);
        assert_eq!(answer.slug(), "out-of-stock");
        let unavailable = answer.body["unavailable"].as_array().unwrap();
        assert_eq!(unavailable.len(), 1);
        assert_eq!(unavailable[0]["book_id"], scarce.to_string());
        assert_eq!(unavailable[0]["available"], 1);
        // Nothing was held, and the rejection is on record.
        assert_eq!(store.stock(plenty).await, 10);
        assert_eq!(store.stock(scarce).await, 1);
        let id: uuid::Uuid = answer.body["order_id"].as_str().unwrap().parse().unwrap();
        let order = store.fetch(&user, id).await;
        assert_eq!(order.status, OrderStatus::Rejected);
        assert!(order.status_reason.unwrap().starts_with("not enough stock"));
        assert_eq!(order.items.len(), 2);
        // The same key again gives the same answer.
        let again = store
            .place(
                &user,
                "k",
                order_body(&[(plenty, 2), (scarce, 3)], GOOD_CARD),
            )
            .await;
        assert_eq!(again.status, 409);
        assert_eq!(again.body["order_id"], answer.body["order_id"]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_requests_name_every_field_and_order_nothing() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let book = store.book("Odyssey", 100, 10).await;
        let user = store.user(Role::Customer);
        let cases = [
            (
                json!({"items": [], "payment": {"provider": "sandbox", "token": GOOD_CARD}, "shipping_address": address()}),
                "items",
            ),
            (
                json!({"items": [{"book_id": book, "quantity": 0}], "payment": {"provider": "sandbox", "token": GOOD_CARD}, "shipping_address": address()}),
                "items[0].quantity",
            ),
            (
                json!({"items": [{"book_id": book, "quantity": 1}], "payment": {"provider": "sandbox", "token": "4242 4242 4242 4241"}, "shipping_address": address()}),
                "payment.token",
            ),
            (
                json!({"items": [{"book_id": book, "quantity": 1}], "payment": {"provider": "cash", "token": "x"}, "shipping_address": address()}),
                "payment.provider",
            ),
            (
                json!({"items": [{"book_id": book, "quantity": 1}], "payment": {"provider": "stripe", "token": "4242424242424242"}, "shipping_address": address()}),
                "payment.token",
            ),
            (
                json!({"items": [{"book_id": book, "quantity": 1}], "payment": {"provider": "sandbox", "token": GOOD_CARD}, "shipping_address": {"name": "A", "line1": "B", "postal_code": "1", "city": "C", "country": "Narnia"}}),
                "shipping_address.country",
            ),
            (
                json!({"from_cart": true, "payment": {"provider": "sandbox", "token": GOOD_CARD}, "shipping_address": address()}),
                "from_cart",
            ),
        ];
        for (i, (body, field)) in cases.into_iter().enumerate() {
            let answer = store.place(&user, &format!("bad-{i}"), body).await;
            assert_eq!(
                answer.status, 400,
                "{}: case {i}: {}",
                store.label, answer.body
            );
            let fields: Vec<&str> = answer.body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap())
                .collect();
            assert!(fields.contains(&field), "case {i}: {fields:?}");
        }
        let wrong_type = store
            .place(&user, "wrong-type", json!({"items": "all of them"}))
            .await;
        assert_eq!(wrong_type.status, 400);
        assert_eq!(store.stock(book).await, 10);
        let orders = Store::count(store.order_db(), "SELECT COUNT(*) AS n FROM orders").await;
        assert_eq!(orders, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_sees_and_changes_only_their_own_orders() {
    for backend in backends() {
        let store = Store::without_payment(backend).await;
        let book = store.book("Hamlet", 300, 10).await;
        let owner = store.user(Role::Customer);
        let other = store.user(Role::Customer);
        let order = store.order_book(&owner, book, 1, GOOD_CARD).await;
        let path = format!("/api/v1/orders/{}", order.id);
        let seen = store.orders(Method::GET, &path, &other, None).await;
        assert_eq!(seen.status, 404, "hidden, not forbidden");
        let cancel = store
            .orders(Method::POST, &format!("{path}/cancel"), &other, None)
            .await;
        assert_eq!(cancel.status, 404);
        let list = store
            .orders(Method::GET, "/api/v1/orders", &other, None)
            .await;
        assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
        let sneaky = store
            .orders(
                Method::GET,
                &format!("/api/v1/orders?user_id={}", owner.id),
                &other,
                None,
            )
            .await;
        assert_eq!(sneaky.body["items"].as_array().unwrap().len(), 0);
        let ship = store
            .orders(Method::POST, &format!("{path}/ship"), &owner, None)
            .await;
        assert_eq!(ship.status, 403);
        assert_eq!(
            store.fetch(&owner, order.id).await.status,
            OrderStatus::PendingPayment
        );
        // An admin sees everyone's, and may filter by user.
        let admin = store.user(Role::Admin);
        let all = store
            .orders(
                Method::GET,
                &format!("/api/v1/orders?user_id={}", owner.id),
                &admin,
                None,
            )
            .await;
        assert_eq!(all.body["items"].as_array().unwrap().len(), 1);
        let unsigned = store
            .call(
                Method::GET,
                format!("{}{path}", store.order),
                None,
                None,
                &[],
            )
            .await;
        assert_eq!(unsigned.status, 401);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_ships_confirmed_orders_only() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let book = store.book("Walden", 900, 5).await;
        let user = store.user(Role::Customer);
        let admin = store.user(Role::Admin);
        let placed = store.order_book(&user, book, 1, GOOD_CARD).await;
        store.settled(&user, placed.id).await;
        let path = format!("/api/v1/orders/{}/ship", placed.id);
        let shipped = store.orders(Method::POST, &path, &admin, None).await;
        assert_eq!(shipped.status, 200, "{}", shipped.body);
        assert_eq!(shipped.order().status, OrderStatus::Shipped);
        let twice = store.orders(Method::POST, &path, &admin, None).await;
        assert_eq!(twice.status, 409);
        let cancel = store
            .orders(
                Method::POST,
                &format!("/api/v1/orders/{}/cancel", placed.id),
                &user,
                None,
            )
            .await;
        assert_eq!(cancel.status, 409);
        assert_eq!(cancel.slug(), "order-shipped");
        assert_eq!(
            store
                .published(bookstore_kit::events::event_types::ORDER_SHIPPED)
                .await,
            1
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_page_newest_first_and_filter_by_status() {
    for backend in backends() {
        let store = Store::without_payment(backend).await;
        let book = store.book("Iliad", 100, 50).await;
        let user = store.user(Role::Customer);
        let mut ids = Vec::new();
        for _ in 0..5 {
            ids.push(store.order_book(&user, book, 1, GOOD_CARD).await.id);
        }
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/orders?limit=2&cursor={c}"),
                None => "/api/v1/orders?limit=2".to_owned(),
            };
            let answer = store.orders(Method::GET, &path, &user, None).await;
            assert_eq!(answer.status, 200, "{}", answer.body);
            let page: Page<Order> = serde_json::from_value(answer.body).unwrap();
            assert!(page.items.len() <= 2);
            assert!(page.items.iter().all(|o| o.history.is_empty()));
            seen.extend(page.items.iter().map(|o| o.id));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        ids.reverse();
        assert_eq!(seen, ids);
        let pending = store
            .orders(Method::GET, "/api/v1/orders?status=confirmed", &user, None)
            .await;
        assert_eq!(pending.body["items"].as_array().unwrap().len(), 0);
        let bad = store
            .orders(Method::GET, "/api/v1/orders?cursor=nope", &user, None)
            .await;
        assert_eq!(bad.status, 400);
        let bad = store
            .orders(Method::GET, "/api/v1/orders?status=paid", &user, None)
            .await;
        assert_eq!(bad.status, 400);
    }
}
