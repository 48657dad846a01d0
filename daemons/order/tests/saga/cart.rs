//! The server-side cart.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::backends;
use bookstore_sdk::types::{Cart, Money, OrderStatus, Role};
use reqwest::Method;
use serde_json::json;

use crate::support::*;

async fn cart(store: &Store, user: &User) -> Cart {
    let answer = store.orders(Method::GET, "/api/v1/cart", user, None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    serde_json::from_value(answer.body).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cart_holds_priced_lines_and_orders_from_itself() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let a = store.book("A", 1000, 5).await;
        let b = store.book("B", 250, 1).await;
        let user = store.user(Role::Customer);
        for (book, quantity) in [(a, 2), (b, 3)] {
            let answer = store
                .orders(
                    Method::PUT,
                    &format!("/api/v1/cart/items/{book}"),
                    &user,
                    Some(json!({"quantity": quantity})),
                )
                .await;
            assert_eq!(answer.status, 200, "{}", answer.body);
        }
        let shown = cart(&store, &user).await;
        assert_eq!(shown.items.len(), 2);
        assert_eq!(shown.items[0].line_total, Some(Money::new(2000, "EUR")));
        // Three copies of B wanted, one in stock: shown, not counted.
        assert!(!shown.items[1].available);
        assert_eq!(shown.totals, [Money::new(2000, "EUR")]);
        // Another user's cart is theirs.
        assert!(
            cart(&store, &store.user(Role::Customer))
                .await
                .items
                .is_empty()
        );

        let set = store
            .orders(
                Method::PUT,
                &format!("/api/v1/cart/items/{b}"),
                &user,
                Some(json!({"quantity": 1})),
            )
            .await;
        assert_eq!(set.status, 200);
        let body = json!({"from_cart": true, "payment": {"provider": "sandbox", "token": GOOD_CARD},
                          "shipping_address": address()});
        let placed = store.place(&user, "from-cart", body).await;
        assert_eq!(placed.status, 202, "{}", placed.body);
        let order = placed.order();
        assert_eq!(order.total, Money::new(2250, "EUR"));
        assert!(
            cart(&store, &user).await.items.is_empty(),
            "ordered lines leave the cart"
        );
        assert_eq!(
            store.settled(&user, order.id).await.status,
            OrderStatus::Confirmed
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cart_changes_are_checked() {
    for backend in backends() {
        let store = Store::spawn(backend).await;
        let book = store.book("C", 100, 5).await;
        let user = store.user(Role::Customer);
        let path = format!("/api/v1/cart/items/{book}");
        let negative = store
            .orders(Method::PUT, &path, &user, Some(json!({"quantity": -1})))
            .await;
        assert_eq!(negative.status, 400);
        let unknown = store
            .orders(
                Method::PUT,
                &format!("/api/v1/cart/items/{}", uuid::Uuid::now_v7()),
                &user,
                Some(json!({"quantity": 1})),
            )
            .await;
        assert_eq!(unknown.status, 404);
        store
            .orders(Method::PUT, &path, &user, Some(json!({"quantity": 2})))
            .await;
        let removed = store.orders(Method::DELETE, &path, &user, None).await;
        assert_eq!(removed.status, 204);
        assert_eq!(
            store
                .orders(Method::DELETE, &path, &user, None)
                .await
                .status,
            204
        );
        store
            .orders(Method::PUT, &path, &user, Some(json!({"quantity": 2})))
            .await;
        let cleared = store
            .orders(Method::DELETE, "/api/v1/cart", &user, None)
            .await;
        assert_eq!(cleared.status, 204);
        assert!(cart(&store, &user).await.items.is_empty());
    }
}
