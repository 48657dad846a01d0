//! Cart, order and payment calls against a real HTTP server on a loopback port: paths and
//! methods, the `Idempotency-Key` of a placed order across retries, query strings, the
//! out-of-stock problem, waiting for an order to settle.

#![expect(clippy::unwrap_used)]

#[allow(dead_code, reason = "the support module is shared with client.rs")]
mod support;

use std::time::{Duration, Instant};

use bookstore_sdk::types::{
    Address, CancelOrder, NewOrder, OrderLine, OrderQuery, OrderStatus, PaymentMethod,
    PaymentQuery, PaymentStatus, RefundRequest,
};
use bookstore_sdk::{Client, RetryPolicy, StatusCode, Until, WaitOptions, WaitOutcome};
use futures_util::TryStreamExt;
use support::{Reply, Server, json, reply};
use uuid::Uuid;

const BOOK: &str = "0193a6f0-0000-7000-8000-00000000b001";
const ORDER: &str = "0193a6f0-0000-7000-8000-00000000d001";
const USER: &str = "0193a6f0-0000-7000-8000-000000000001";
const PAYMENT: &str = "0193a6f0-0000-7000-8000-00000000e001";

fn client(url: &str) -> Client {
    let mut policy = RetryPolicy::default();
    policy.base_delay = Duration::from_millis(5);
    Client::builder()
        .base_url(url)
        .retry_policy(policy)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn id(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

fn cart_json(quantity: i64) -> String {
    if quantity == 0 {
        return r#"{"items":[],"totals":[],"updated_at":null}"#.to_owned();
    }
    format!(
        r#"{{"items":[{{"book_id":"{BOOK}","quantity":{quantity},"title":"Dune",
        "unit_price":{{"amount":1299,"currency":"EUR"}},
        "line_total":{{"amount":{},"currency":"EUR"}},"in_stock":5,"available":true,
        "added_at":"2026-11-26T10:00:00Z"}}],"totals":[{{"amount":{},"currency":"EUR"}}],
        "updated_at":"2026-11-26T10:00:00Z"}}"#,
        1299 * quantity,
        1299 * quantity
    )
}

fn order_json(status: &str, history: &[(&str, &str)]) -> String {
    let history: Vec<String> = history
        .iter()
        .map(|(status, reason)| {
            format!(r#"{{"status":"{status}","reason":"{reason}","at":"2026-11-26T10:00:01Z"}}"#)
        })
        .collect();
    format!(
        r#"{{"id":"{ORDER}","user_id":"{USER}","status":"{status}","status_reason":null,
        "items":[{{"book_id":"{BOOK}","title":"Dune","quantity":2,
          "unit_price":{{"amount":1299,"currency":"EUR"}},"line_total":{{"amount":2598,"currency":"EUR"}}}}],
        "total":{{"amount":2598,"currency":"EUR"}},
        "payment":{{"provider":"sandbox","last4":"4242"}},
        "shipping_address":{{"name":"Ada","line1":"1 Main St","postal_code":"10115","city":"Berlin","country":"DE"}},
        "payment_due_at":null,"refunded":false,"history":[{}],
        "created_at":"2026-11-26T10:00:00Z","updated_at":"2026-11-26T10:00:01Z"}}"#,
        history.join(",")
    )
}

fn payment_json(status: &str) -> String {
    format!(
        r#"{{"id":"{PAYMENT}","order_id":"{ORDER}","user_id":"{USER}","provider":"sandbox",
        "status":"{status}","amount":{{"amount":2598,"currency":"EUR"}},"card_last4":"4242",
        "provider_reference":"sb_1","failure_reason":null,"failure_code":null,"refunded":null,
        "created_at":"2026-11-26T10:00:00Z","updated_at":"2026-11-26T10:00:01Z"}}"#
    )
}

fn problem(status: u16, body: &str) -> Reply {
    reply(
        status,
        &[("content-type", "application/problem+json")],
        body,
    )
}

fn unavailable() -> Reply {
    problem(
        503,
        r#"{"type":"about:blank","title":"Service Unavailable","status":503}"#,
    )
}

fn new_order() -> NewOrder {
    NewOrder {
        items: vec![OrderLine {
            book_id: id(BOOK),
            quantity: 2,
        }],
        from_cart: false,
        payment: PaymentMethod {
            provider: "sandbox".into(),
            token: "4242424242424242".into(),
        },
        shipping_address: Address {
            name: "Ada".into(),
            line1: "1 Main St".into(),
            line2: None,
            postal_code: "10115".into(),
            city: "Berlin".into(),
            country: "DE".into(),
        },
    }
}

#[tokio::test]
async fn cart_calls_use_their_paths_and_bodies() {
    let server = Server::start(vec![
        json(200, &cart_json(0)),
        json(200, &cart_json(3)),
        // `add_item` reads the cart, then sets the sum.
        json(200, &cart_json(3)),
        json(200, &cart_json(5)),
        // A change answered with 204 is followed by a read.
        reply(204, &[], ""),
        json(200, &cart_json(0)),
        reply(204, &[], ""),
    ])
    .await;
    let client = client(&server.url);
    let cart = client.cart();
    assert!(cart.get().await.unwrap().items.is_empty());
    let three = cart.set_item(id(BOOK), 3).await.unwrap();
    assert_eq!(three.items[0].quantity, 3);
    assert_eq!(three.totals[0].to_string(), "38.97 EUR");
    let five = cart.add_item(id(BOOK), 2).await.unwrap();
    assert_eq!(five.items[0].quantity, 5);
    assert!(cart.remove_item(id(BOOK)).await.unwrap().items.is_empty());
    cart.clear().await.unwrap();

    let seen: Vec<(String, String, String)> = server
        .requests()
        .into_iter()
        .map(|r| (r.method, r.target, r.body))
        .collect();
    let item = format!("/api/v1/cart/items/{BOOK}");
    let expected = [
        ("GET", "/api/v1/cart", ""),
        ("PUT", item.as_str(), r#"{"quantity":3}"#),
        ("GET", "/api/v1/cart", ""),
        ("PUT", item.as_str(), r#"{"quantity":5}"#),
        ("DELETE", item.as_str(), ""),
        ("GET", "/api/v1/cart", ""),
        ("DELETE", "/api/v1/cart", ""),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(m, t, b)| ((*m).to_owned(), (*t).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn a_placed_order_keeps_its_idempotency_key_across_retries() {
    let server = Server::start(vec![
        unavailable(),
        reply(502, &[], ""),
        json(
            202,
            &order_json("pending_payment", &[("pending_payment", "placed")]),
        ),
        json(202, &order_json("pending_payment", &[])),
    ])
    .await;
    let client = client(&server.url);
    let order = client.orders().place(&new_order()).await.unwrap();
    assert_eq!(order.id, id(ORDER));
    assert_eq!(order.status, OrderStatus::PendingPayment);
    assert_eq!(order.total.to_string(), "25.98 EUR");
    // A second logical call gets a key of its own.
    client.orders().place(&new_order()).await.unwrap();

    let seen = server.requests();
    assert_eq!(seen.len(), 4);
    let keys: Vec<&str> = seen
        .iter()
        .map(|r| r.header("idempotency-key").unwrap())
        .collect();
    assert_eq!(keys[0], keys[1]);
    assert_eq!(keys[1], keys[2]);
    assert_ne!(keys[2], keys[3]);
    assert_eq!(Uuid::parse_str(keys[0]).unwrap().get_version_num(), 4);
    for r in &seen {
        assert_eq!(
            (r.method.as_str(), r.target.as_str()),
            ("POST", "/api/v1/orders")
        );
    }
    let body: serde_json::Value = serde_json::from_str(&seen[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "items": [{"book_id": BOOK, "quantity": 2}],
            "payment": {"provider": "sandbox", "token": "4242424242424242"},
            "shipping_address": {"name": "Ada", "line1": "1 Main St", "postal_code": "10115",
                                 "city": "Berlin", "country": "DE"},
        })
    );
}

#[tokio::test]
async fn a_given_key_is_sent_as_is_and_from_cart_leaves_items_out() {
    let server = Server::start(vec![json(200, &order_json("confirmed", &[]))]).await;
    let order = NewOrder {
        items: vec![],
        from_cart: true,
        ..new_order()
    };
    client(&server.url)
        .orders()
        .place_with_key(&order, "order-2026-11-26-1")
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(
        seen[0].header("idempotency-key"),
        Some("order-2026-11-26-1")
    );
    let body: serde_json::Value = serde_json::from_str(&seen[0].body).unwrap();
    assert_eq!(body["from_cart"], true);
    assert!(body.get("items").is_none(), "{body}");
}

#[tokio::test]
async fn out_of_stock_is_a_409_with_the_unavailable_books_and_is_not_retried() {
    let body = format!(
        r#"{{"type":"urn:bookstore:problem:out-of-stock","title":"Not enough stock","status":409,
        "detail":"not enough stock for 1 book","order_id":"{ORDER}",
        "errors":[{{"field":"items[0].quantity","message":"2 requested, 1 available"}}],
        "unavailable":[{{"book_id":"{BOOK}","requested":2,"available":1}}]}}"#
    );
    let server = Server::start(vec![problem(409, &body)]).await;
    let err = client(&server.url)
        .orders()
        .place(&new_order())
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    let out = err.out_of_stock().unwrap();
    assert_eq!(out.order_id, Some(id(ORDER)));
    assert_eq!(out.unavailable.len(), 1);
    assert_eq!(out.unavailable[0].book_id, id(BOOK));
    assert_eq!(
        (out.unavailable[0].requested, out.unavailable[0].available),
        (2, 1)
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn order_queries_paging_and_actions() {
    let page = |next: &str| {
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":{next}}}"#,
                order_json("confirmed", &[])
            ),
        )
    };
    let server = Server::start(vec![
        page(r#""c2""#),
        page(r#""c2""#),
        page("null"),
        json(
            200,
            &order_json(
                "confirmed",
                &[("pending_payment", "placed"), ("confirmed", "paid")],
            ),
        ),
        json(200, &order_json("cancelled", &[])),
        unavailable(),
        json(200, &order_json("shipped", &[])),
    ])
    .await;
    let client = client(&server.url);
    let orders = client.orders();
    let query = OrderQuery {
        status: Some(OrderStatus::PendingPayment),
        user_id: Some(id(USER)),
        limit: Some(10),
        cursor: Some("c1".into()),
    };
    let first = orders.list(&query).await.unwrap();
    assert_eq!(first.next_cursor.as_deref(), Some("c2"));
    let all: Vec<_> = orders
        .list_all(OrderQuery {
            cursor: None,
            limit: Some(1),
            ..OrderQuery::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let order = orders.get(id(ORDER)).await.unwrap();
    assert_eq!(order.history.len(), 2);
    assert_eq!(order.history[1].reason.as_deref(), Some("paid"));
    let cancel = CancelOrder {
        reason: Some("changed my mind".into()),
    };
    assert_eq!(
        orders.cancel(id(ORDER), &cancel).await.unwrap().status,
        OrderStatus::Cancelled
    );
    // A POST without a key is not retried.
    let err = orders.ship(id(ORDER)).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(
        orders.ship(id(ORDER)).await.unwrap().status,
        OrderStatus::Shipped
    );

    let seen = server.requests();
    let targets: Vec<(&str, &str)> = seen
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str()))
        .collect();
    let one = format!("/api/v1/orders/{ORDER}");
    let cancel_path = format!("{one}/cancel");
    let ship = format!("{one}/ship");
    let q = format!("/api/v1/orders?status=pending_payment&user_id={USER}&limit=10&cursor=c1");
    assert_eq!(
        targets,
        [
            ("GET", q.as_str()),
            ("GET", "/api/v1/orders?limit=1"),
            ("GET", "/api/v1/orders?limit=1&cursor=c2"),
            ("GET", one.as_str()),
            ("POST", cancel_path.as_str()),
            ("POST", ship.as_str()),
            ("POST", ship.as_str()),
        ]
    );
    assert_eq!(seen[4].body, r#"{"reason":"changed my mind"}"#);
    assert_eq!(seen[4].header("idempotency-key"), None);
}

#[tokio::test]
async fn wait_polls_until_the_order_settles() {
    let pending = || {
        json(
            200,
            &order_json("pending_payment", &[("pending_payment", "placed")]),
        )
    };
    let server = Server::start(vec![
        pending(),
        pending(),
        unavailable(),
        json(
            200,
            &order_json(
                "cancelled",
                &[
                    ("pending_payment", "placed"),
                    ("cancelled", "payment declined: card declined"),
                ],
            ),
        ),
        // `until confirmed`: the cancelled order will never get there.
        json(200, &order_json("cancelled", &[])),
        // And a timeout.
        pending(),
        pending(),
        pending(),
        pending(),
        pending(),
        pending(),
        pending(),
        pending(),
    ])
    .await;
    let mut policy = RetryPolicy::default();
    policy.max_attempts = 1;
    let client = Client::builder()
        .base_url(&server.url)
        .retry_policy(policy)
        .build()
        .unwrap();
    let options = WaitOptions::within(Duration::from_secs(10))
        .poll(Duration::from_millis(10), Duration::from_millis(20));
    let mut changes = Vec::new();
    let outcome = client
        .orders()
        .wait_with(id(ORDER), Until::Settled, options, |o| {
            changes.push(o.status)
        })
        .await
        .unwrap();
    let WaitOutcome::Reached(order) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(order.status, OrderStatus::Cancelled);
    assert_eq!(
        changes,
        [OrderStatus::PendingPayment, OrderStatus::Cancelled]
    );

    let outcome = client
        .orders()
        .wait(id(ORDER), OrderStatus::Confirmed, options)
        .await
        .unwrap();
    assert!(matches!(outcome, WaitOutcome::Ended(_)), "{outcome:?}");

    let started = Instant::now();
    let short = WaitOptions::within(Duration::from_millis(150))
        .poll(Duration::from_millis(20), Duration::from_millis(40));
    let outcome = client
        .orders()
        .wait(id(ORDER), Until::Settled, short)
        .await
        .unwrap();
    assert!(matches!(outcome, WaitOutcome::TimedOut(_)), "{outcome:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    let seen = server.requests();
    assert!(
        seen.iter()
            .all(|r| r.method == "GET" && r.target == format!("/api/v1/orders/{ORDER}"))
    );
}

#[tokio::test]
async fn payment_queries_providers_and_refunds() {
    let server = Server::start(vec![
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":null}}"#,
                payment_json("succeeded")
            ),
        ),
        json(200, &payment_json("succeeded")),
        json(
            200,
            r#"[{"name":"sandbox","display_name":"Sandbox","test_mode":true,
                "token_hint":"a test card number"}]"#,
        ),
        json(
            200,
            r#"{"items":[{"name":"stripe","display_name":"Stripe","test_mode":false,
                "token_hint":"a PaymentMethod id (pm_...)"}],"next_cursor":null}"#,
        ),
        json(200, &payment_json("refunded")),
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":null}}"#,
                payment_json("refunded")
            ),
        ),
    ])
    .await;
    let client = client(&server.url);
    let payments = client.payments();
    let query = PaymentQuery {
        order_id: Some(id(ORDER)),
        status: Some(PaymentStatus::Succeeded),
        limit: Some(5),
        cursor: None,
    };
    let page = payments.list(&query).await.unwrap();
    assert_eq!(page.items[0].amount.to_string(), "25.98 EUR");
    assert_eq!(
        payments
            .get(id(PAYMENT))
            .await
            .unwrap()
            .card_last4
            .as_deref(),
        Some("4242")
    );
    assert_eq!(payments.providers().await.unwrap()[0].name, "sandbox");
    assert_eq!(payments.providers().await.unwrap()[0].name, "stripe");
    let refund = RefundRequest {
        reason: Some("damaged".into()),
    };
    assert_eq!(
        payments.refund(id(PAYMENT), &refund).await.unwrap().status,
        PaymentStatus::Refunded
    );
    assert_eq!(payments.for_order(id(ORDER)).await.unwrap().len(), 1);

    let seen = server.requests();
    let targets: Vec<(&str, &str)> = seen
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str()))
        .collect();
    let list = format!("/api/v1/payments?order_id={ORDER}&status=succeeded&limit=5");
    let one = format!("/api/v1/payments/{PAYMENT}");
    let refund_path = format!("{one}/refund");
    let for_order = format!("/api/v1/payments?order_id={ORDER}");
    assert_eq!(
        targets,
        [
            ("GET", list.as_str()),
            ("GET", one.as_str()),
            ("GET", "/api/v1/payments/providers"),
            ("GET", "/api/v1/payments/providers"),
            ("POST", refund_path.as_str()),
            ("GET", for_order.as_str()),
        ]
    );
    assert_eq!(seen[4].body, r#"{"reason":"damaged"}"#);
}
