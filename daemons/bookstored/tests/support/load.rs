//! Many orders at once through the SDK, as a busy storefront would send them, and the checks
//! that none was lost or paid twice.

use std::time::{Duration, Instant};

use bookstore_sdk::Client;
use bookstore_sdk::types::{
    Address, LoginRequest, Money, NewBook, NewOrder, Order, OrderLine, OrderStatus, PaymentMethod,
    RegisterRequest,
};
use uuid::Uuid;

pub const GOOD_CARD: &str = "4242424242424242";
pub const DECLINED_CARD: &str = "4000000000000002";

/// A client of `gateway` signed in as `email` (registered first when `register`).
pub async fn client(gateway: &str, email: &str, password: &str, register: bool) -> Client {
    let client = Client::builder()
        .base_url(gateway)
        .build()
        .expect("SDK client");
    let signed_in = if register {
        client
            .auth()
            .register(&RegisterRequest {
                email: email.into(),
                name: "Load Test".into(),
                password: password.into(),
            })
            .await
    } else {
        client
            .auth()
            .login(&LoginRequest {
                email: email.into(),
                password: password.into(),
            })
            .await
    };
    let tokens = signed_in.unwrap_or_else(|e| panic!("signing in {email}: {e}"));
    client.set_token(Some(tokens.access_token));
    client
}

/// Adds a book with `stock` copies; its id.
pub async fn book(admin: &Client, isbn: &str, stock: i64) -> Uuid {
    admin
        .books()
        .create(&NewBook {
            isbn: isbn.into(),
            title: format!("Load test {isbn}"),
            subtitle: None,
            description: None,
            authors: vec!["Test Author".into()],
            genres: Vec::new(),
            language: None,
            pages: None,
            published_on: None,
            publisher: None,
            price: Money::new(1000, "EUR"),
            stock,
        })
        .await
        .unwrap_or_else(|e| panic!("adding a book: {e}"))
        .id
}

fn address() -> Address {
    Address {
        name: "Ada Lovelace".into(),
        line1: "12 St James's Square".into(),
        line2: None,
        postal_code: "SW1Y 4JH".into(),
        city: "London".into(),
        country: "GB".into(),
    }
}

/// One order of `quantity` copies of `book`; the card decides the payment.
pub fn new_order(book: Uuid, quantity: i64, card: &str) -> NewOrder {
    NewOrder {
        items: vec![OrderLine {
            book_id: book,
            quantity,
        }],
        from_cart: false,
        payment: PaymentMethod {
            provider: "sandbox".into(),
            token: card.into(),
        },
        shipping_address: address(),
    }
}

/// Places `order` with `key`, repeating the same request until it gets an answer that is not
/// a failure of the store to answer (a client's duty when a service is down): the key makes
/// the repetitions one order. `Err` is the service's refusal (out of stock, say).
pub async fn place_until_answered(
    client: &Client,
    order: &NewOrder,
    key: &str,
    patience: Duration,
) -> Result<Order, bookstore_sdk::Error> {
    let deadline = Instant::now() + patience;
    loop {
        match client.orders().place_with_key(order, key).await {
            Ok(order) => return Ok(order),
            Err(e) if e.out_of_stock().is_some() => return Err(e),
            Err(e) => {
                let status = e.status().map(|s| s.as_u16());
                let retry = status.is_none_or(|s| s >= 500 || s == 429);
                if !retry || Instant::now() > deadline {
                    return Err(e);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// Waits until every order in `ids` leaves `pending_payment`; the final orders.
pub async fn settle(client: &Client, ids: &[Uuid], patience: Duration) -> Vec<Order> {
    let deadline = Instant::now() + patience;
    let mut done = Vec::with_capacity(ids.len());
    for id in ids {
        loop {
            match client.orders().get(*id).await {
                Ok(order) if order.status != OrderStatus::PendingPayment => {
                    done.push(order);
                    break;
                }
                Ok(order) => assert!(
                    Instant::now() < deadline,
                    "order {id} still {} after {patience:?}",
                    order.status
                ),
                Err(e) => assert!(
                    Instant::now() < deadline,
                    "order {id} unreadable after {patience:?}: {e}"
                ),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    done
}

/// How many of `orders` are in `status`, and how many copies they hold.
pub fn tally(orders: &[Order], status: OrderStatus) -> (usize, i64) {
    let of: Vec<&Order> = orders.iter().filter(|o| o.status == status).collect();
    let copies = of.iter().flat_map(|o| &o.items).map(|i| i.quantity).sum();
    (of.len(), copies)
}
