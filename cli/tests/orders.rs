//! `bookstore cart|orders|payments` against a stand-in gateway with a small order saga in
//! memory: usage errors before anything is sent, the cart by id and ISBN, placing and waiting
//! (confirmed, declined, out of stock), watching, cancelling, payments.

#![expect(clippy::unwrap_used)]

#[allow(dead_code, reason = "the support module is shared with cli.rs")]
mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use support::{Gateway, Request, Response, Run, bookstore, problem, respond, run};

const BOOK: &str = "0193a6f0-0000-7000-8000-00000000b001";
const ISBN: &str = "9780441013593";
const USER: &str = "0193a6f0-0000-7000-8000-000000000001";
const OK_CARD: &str = "4242 4242 4242 4242";
const DECLINED: &str = "4000000000000002";

fn problem_json(status: u16, body: &Value) -> Response {
    (
        status,
        vec![("content-type", "application/problem+json".to_owned())],
        body.to_string(),
    )
}

fn order_id(n: usize) -> String {
    format!("0193a6f0-0000-7000-8000-00000000d{n:03}")
}

const AT: &str = "2026-11-26T10:00:00Z";

/// The store behind the stand-in gateway: one book, a cart, orders that settle after a few
/// reads according to their card, and their payments.
struct Store {
    stock: i64,
    cart: i64,
    orders: Vec<Value>,
    /// Reads of each order so far; an order settles on its third read.
    reads: HashMap<String, usize>,
    keys: HashMap<String, String>,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            stock: 5,
            cart: 0,
            orders: Vec::new(),
            reads: HashMap::new(),
            keys: HashMap::new(),
        }
    }
}

fn book() -> Value {
    json!({
        "id": BOOK, "isbn": ISBN, "title": "Dune", "authors": [], "genres": [],
        "price": {"amount": 1299, "currency": "EUR"}, "stock": 5, "version": 1,
        "created_at": AT, "updated_at": AT,
    })
}

fn change(status: &str, reason: Option<&str>, second: u32) -> Value {
    json!({"status": status, "reason": reason, "at": format!("2026-11-26T10:00:{second:02}Z")})
}

impl Store {
    fn cart_json(&self) -> Value {
        if self.cart == 0 {
            return json!({"items": [], "totals": [], "updated_at": null});
        }
        let total = json!({"amount": 1299 * self.cart, "currency": "EUR"});
        json!({
            "items": [{
                "book_id": BOOK, "quantity": self.cart, "title": "Dune",
                "unit_price": {"amount": 1299, "currency": "EUR"}, "line_total": total,
                "in_stock": self.stock, "available": self.cart <= self.stock, "added_at": AT,
            }],
            "totals": [total],
            "updated_at": AT,
        })
    }

    fn new_order(&mut self, r: &Request) -> Response {
        let new: Value = serde_json::from_str(&r.body).unwrap();
        let key = r.header("idempotency-key").unwrap().to_owned();
        if let Some(id) = self.keys.get(&key) {
            let order = self.orders.iter().find(|o| o["id"] == id.as_str()).unwrap();
            return respond(202, order);
        }
        let quantity = if new["from_cart"] == true {
            self.cart
        } else {
            new["items"][0]["quantity"].as_i64().unwrap()
        };
        let id = order_id(self.orders.len() + 1);
        self.keys.insert(key, id.clone());
        let token = new["payment"]["token"].as_str().unwrap();
        let total = json!({"amount": 1299 * quantity, "currency": "EUR"});
        let rejected = quantity > self.stock;
        let mut order = json!({
            "id": id, "user_id": USER,
            "status": if rejected { "rejected" } else { "pending_payment" },
            "status_reason": if rejected { Some("not enough stock") } else { None },
            "items": [{"book_id": BOOK, "title": "Dune", "quantity": quantity,
                       "unit_price": {"amount": 1299, "currency": "EUR"}, "line_total": total}],
            "total": total,
            "payment": {"provider": new["payment"]["provider"], "last4": &token[token.len() - 4..]},
            "shipping_address": new["shipping_address"],
            "payment_due_at": null, "refunded": false,
            "history": [change("pending_payment", None, 0)],
            "created_at": AT, "updated_at": AT,
            // Not on the wire: how the stand-in settles it.
            "token": token,
        });
        if rejected {
            order["history"] = json!([change("rejected", Some("not enough stock"), 0)]);
            self.orders.push(order);
            return problem_json(
                409,
                &json!({
                    "type": "urn:bookstore:problem:out-of-stock", "title": "Not enough stock",
                    "status": 409, "detail": "not enough stock", "order_id": id,
                    "unavailable": [{"book_id": BOOK, "requested": quantity, "available": self.stock}],
                }),
            );
        }
        self.orders.push(order.clone());
        respond(202, &public(&order))
    }

    fn read_order(&mut self, id: &str) -> Response {
        let Some(order) = self.orders.iter_mut().find(|o| o["id"] == id) else {
            return problem(404, "no such order");
        };
        let reads = self.reads.entry(id.to_owned()).or_default();
        *reads += 1;
        if *reads == 3 && order["status"] == "pending_payment" {
            let (status, reason) = if order["token"] == DECLINED {
                ("cancelled", "payment declined: card declined")
            } else {
                ("confirmed", "paid")
            };
            order["status"] = json!(status);
            order["status_reason"] = json!(reason);
            order["history"]
                .as_array_mut()
                .unwrap()
                .push(change(status, Some(reason), 1));
        }
        respond(200, &public(order))
    }

    fn route(&mut self, r: &Request) -> Response {
        let path = r.target.split('?').next().unwrap_or_default();
        let anonymous = r.method == "GET" && path.starts_with("/api/v1/books");
        if !anonymous && r.authorization.as_deref() != Some("Bearer ada-token") {
            return problem(401, "missing token");
        }
        let segments: Vec<&str> = path.trim_start_matches("/api/v1/").split('/').collect();
        match (r.method.as_str(), segments.as_slice()) {
            ("GET", ["books"]) => {
                let items = if r.target.contains(ISBN) {
                    vec![book()]
                } else {
                    vec![]
                };
                respond(200, &json!({"items": items, "next_cursor": null}))
            }
            ("GET", ["books", id]) if *id == BOOK => respond(200, &book()),
            ("GET", ["cart"]) => respond(200, &self.cart_json()),
            ("PUT", ["cart", "items", id]) if *id == BOOK => {
                let body: Value = serde_json::from_str(&r.body).unwrap();
                self.cart = body["quantity"].as_i64().unwrap();
                respond(200, &self.cart_json())
            }
            ("DELETE", ["cart", "items", _]) | ("DELETE", ["cart"]) => {
                self.cart = 0;
                (204, vec![], String::new())
            }
            ("POST", ["orders"]) => self.new_order(r),
            ("GET", ["orders"]) => {
                let items: Vec<Value> = self
                    .orders
                    .iter()
                    .map(|o| {
                        let mut o = public(o);
                        o["history"] = json!([]);
                        o
                    })
                    .collect();
                respond(200, &json!({"items": items, "next_cursor": null}))
            }
            ("GET", ["orders", id]) => self.read_order(id),
            ("POST", ["orders", id, "cancel"]) => {
                let Some(order) = self.orders.iter_mut().find(|o| o["id"] == *id) else {
                    return problem(404, "no such order");
                };
                if order["status"] == "cancelled" || order["status"] == "shipped" {
                    return problem(
                        409,
                        &format!("the order is already {}", order["status"].as_str().unwrap()),
                    );
                }
                let body: Value = serde_json::from_str(&r.body).unwrap();
                order["status"] = json!("cancelled");
                order["refunded"] = json!(true);
                order["status_reason"] = body["reason"].clone();
                respond(200, &public(order))
            }
            ("GET", ["payments", "providers"]) => respond(
                200,
                &json!([{"name": "sandbox", "display_name": "Sandbox", "test_mode": true,
                         "token_hint": "a test card number"}]),
            ),
            ("GET", ["payments"]) => respond(
                200,
                &json!({"items": [payment("succeeded")], "next_cursor": null}),
            ),
            ("POST", ["payments", _, "refund"]) => respond(200, &payment("refunded")),
            _ => problem(404, "no route"),
        }
    }
}

/// An order as the API shows it.
fn public(order: &Value) -> Value {
    let mut order = order.clone();
    order.as_object_mut().unwrap().remove("token");
    order
}

fn payment(status: &str) -> Value {
    json!({
        "id": "0193a6f0-0000-7000-8000-00000000e001", "order_id": order_id(1), "user_id": USER,
        "provider": "sandbox", "status": status, "amount": {"amount": 2598, "currency": "EUR"},
        "card_last4": "4242", "provider_reference": "sb_1", "failure_reason": null,
        "failure_code": null,
        "refunded": if status == "refunded" { json!({"amount": 2598, "currency": "EUR"}) } else { Value::Null },
        "created_at": AT, "updated_at": AT,
    })
}

fn store() -> (Gateway, Arc<Mutex<Store>>) {
    let state = Arc::new(Mutex::new(Store::default()));
    let shared = Arc::clone(&state);
    let gateway = Gateway::start(move |r: &Request| shared.lock().unwrap().route(r));
    (gateway, state)
}

const ADDRESS: [&str; 10] = [
    "--name",
    "Ada Lovelace",
    "--line1",
    "1 Main St",
    "--postal-code",
    "10115",
    "--city",
    "Berlin",
    "--country",
    "de",
];

fn place(extra: &[&str]) -> Vec<String> {
    ["orders", "place"]
        .iter()
        .chain(extra)
        .map(|s| (*s).to_owned())
        .collect()
}

#[test]
fn bad_input_is_a_usage_error_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let item = |qty: &str| format!("{BOOK}:{qty}");
    let with_address = |extra: &[&str]| -> Vec<String> {
        let mut args = place(extra);
        args.extend(ADDRESS.iter().map(|s| (*s).to_owned()));
        args
    };
    let (zero, minus, word) = (item("0"), item("-1"), item("two"));
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            with_address(&["--item", &zero, "--card", OK_CARD]),
            "`0` copies: give 1 to 1000",
        ),
        (
            with_address(&["--item", &minus, "--card", OK_CARD]),
            "`-1` copies",
        ),
        (
            with_address(&["--item", &word, "--card", OK_CARD]),
            "`two` is not a number of copies",
        ),
        (
            with_address(&["--item", "dune", "--card", OK_CARD]),
            "is not a book id (a UUID) or an ISBN",
        ),
        (with_address(&["--card", OK_CARD]), "required"),
        (with_address(&["--from-cart"]), "required"),
        (
            with_address(&["--from-cart", "--card", "4242 4242 4242 4241"]),
            "--card is not a valid card number (its check digit is wrong)",
        ),
        (
            with_address(&["--from-cart", "--card", OK_CARD, "--provider", "stripe"]),
            "--card is for the sandbox provider; give --token for stripe",
        ),
        (
            with_address(&["--from-cart", "--token", "pm_card_visa"]),
            "--token must be a test card number or a sandbox token",
        ),
        (
            place(&["--from-cart", "--card", OK_CARD]),
            "orders place needs a shipping address: --name, --line1, --postal-code, --city and --country",
        ),
        (
            place(&[
                "--from-cart",
                "--card",
                OK_CARD,
                "--name",
                "Ada",
                "--city",
                "Berlin",
            ]),
            "the shipping address also needs --line1, --postal-code, --country",
        ),
        (
            with_address(&["--from-cart", "--card", OK_CARD, "--timeout", "10s"]),
            "--wait",
        ),
        (
            with_address(&[
                "--from-cart",
                "--card",
                OK_CARD,
                "--wait",
                "--timeout",
                "soon",
            ]),
            "not a duration",
        ),
        (
            ["cart", "add", BOOK, "0"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            "`0` copies",
        ),
        (
            ["orders", "watch", BOOK, "--until", "paid"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            "paid",
        ),
    ];
    for (args, needle) in cases {
        let r = run(bookstore(dir.path(), "http://127.0.0.1:9", "ada-token").args(&args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("4242 4242 4242 4241"), "{}", r.stderr);
    }
}

#[test]
fn the_cart_by_id_and_isbn() {
    let (gateway, state) = store();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "ada-token");

    let r = run(cmd().args(["cart", "show"]));
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert!(r.stderr.contains("The cart is empty."));

    let r = run(cmd().args(["cart", "add", BOOK]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(cmd().args(["cart", "add", "0-441-01359-7", "2"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("Added 2 of Dune (3 in the cart)."),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stdout,
        format!(
            "BOOK                                  TITLE  QTY  PRICE      TOTAL      AVAILABLE\n\
             {BOOK}  Dune   3    12.99 EUR  38.97 EUR  yes\n\
             Total  38.97 EUR\n"
        )
    );
    assert_eq!(state.lock().unwrap().cart, 3);

    let r = run(cmd().args(["cart", "set", BOOK, "7", "-o", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cart: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(cart["items"][0]["quantity"], 7);
    assert_eq!(cart["items"][0]["available"], false);
    assert!(r.stderr.contains("cannot be ordered"), "{}", r.stderr);

    let r = run(cmd().args(["cart", "add", "978-0-306-40615-7"]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (4, "bookstore: no book with ISBN 9780306406157\n")
    );

    let r = run(cmd().args(["cart", "remove", BOOK]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(cmd().args(["cart", "clear"]));
    assert_eq!(r.code, 0, "{}", r.stderr);

    let seen: Vec<(String, String, String)> = gateway
        .requests()
        .into_iter()
        .map(|r| (r.method, r.target, r.body))
        .collect();
    let put = |q: i64| {
        (
            "PUT".to_owned(),
            format!("/api/v1/cart/items/{BOOK}"),
            format!(r#"{{"quantity":{q}}}"#),
        )
    };
    let get = ("GET".to_owned(), "/api/v1/cart".to_owned(), String::new());
    assert_eq!(seen[1], get);
    assert_eq!(seen[2], put(1));
    assert_eq!(seen[3].1, format!("/api/v1/books?q={ISBN}&limit=20"));
    assert_eq!(seen[4], get);
    assert_eq!(seen[5], put(3));
    assert_eq!(seen[6], put(7));
    assert_eq!(seen.last().unwrap().0, "DELETE");
    assert_eq!(seen.last().unwrap().1, "/api/v1/cart");
}

#[test]
fn a_confirmed_order_waits_and_exits_0() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let item = format!("{ISBN}:2");
    let mut args = place(&["--item", &item, "--card", OK_CARD, "--wait", "-o", "json"]);
    args.extend(ADDRESS.iter().map(|s| (*s).to_owned()));
    let r = run(bookstore(dir.path(), &gateway.url, "ada-token").args(&args));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let order: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(order["status"], "confirmed");
    assert_eq!(order["total"], json!({"amount": 2598, "currency": "EUR"}));
    assert_eq!(order["history"][1]["reason"], "paid");
    assert!(
        r.stderr
            .contains(&format!("Order {} is confirmed.", order_id(1))),
        "{}",
        r.stderr
    );

    let seen = gateway.requests();
    let post = seen.iter().find(|r| r.method == "POST").unwrap();
    assert!(uuid::Uuid::parse_str(post.header("idempotency-key").unwrap()).is_ok());
    let body: Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(
        body,
        json!({
            "items": [{"book_id": BOOK, "quantity": 2}],
            "payment": {"provider": "sandbox", "token": "4242424242424242"},
            "shipping_address": {"name": "Ada Lovelace", "line1": "1 Main St",
                                 "postal_code": "10115", "city": "Berlin", "country": "DE"},
        })
    );
    let polls = seen
        .iter()
        .filter(|r| r.target == format!("/api/v1/orders/{}", order_id(1)))
        .count();
    assert_eq!(polls, 3);
}

#[test]
fn a_declined_card_exits_1_with_the_reason_and_a_saved_address_is_used() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "ada-token");
    // The first order saves its address; the second one uses it.
    let mut args = place(&[
        "--item",
        BOOK,
        "--card",
        OK_CARD,
        "--save-address",
        "--line2",
        "Flat 2",
    ]);
    args.extend(ADDRESS.iter().map(|s| (*s).to_owned()));
    let r = run(cmd().args(&args));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("pending_payment"), "{}", r.stdout);
    assert!(r.stderr.contains("orders watch"), "{}", r.stderr);
    let config = std::fs::read_to_string(dir.path().join("config.json")).unwrap();
    assert!(config.contains("Flat 2"), "{config}");

    let r = run(cmd().args(place(&["--item", BOOK, "--card", DECLINED, "--wait", "-q"])));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            format!(
                "bookstore: order {} was cancelled: payment declined: card declined\n",
                order_id(2)
            )
            .as_str()
        )
    );
    assert!(
        r.stdout
            .starts_with(&format!("ID       {}\nStatus   cancelled\n", order_id(2))),
        "{}",
        r.stdout
    );
    let posts: Vec<Value> = gateway
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(posts[1]["shipping_address"]["line2"], "Flat 2");
    assert_eq!(posts[1]["payment"]["token"], DECLINED);
}

#[test]
fn out_of_stock_exits_5_naming_the_books() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let item = format!("{BOOK}:9");
    let mut args = place(&["--item", &item, "--card", OK_CARD, "--wait", "-o", "json"]);
    args.extend(ADDRESS.iter().map(|s| (*s).to_owned()));
    let r = run(bookstore(dir.path(), &gateway.url, "ada-token").args(&args));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            5,
            format!(
                "bookstore: out of stock: Dune ({BOOK}): 9 requested, 5 available (order {} was rejected)\n",
                order_id(1)
            )
            .as_str()
        )
    );
    let order: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(order["status"], "rejected");
}

#[test]
fn the_same_idempotency_key_places_one_order() {
    let (gateway, state) = store();
    let dir = tempfile::tempdir().unwrap();
    let mut args = place(&[
        "--from-cart",
        "--card",
        OK_CARD,
        "--idempotency-key",
        "k-1",
        "-o",
        "json",
    ]);
    args.extend(ADDRESS.iter().map(|s| (*s).to_owned()));
    state.lock().unwrap().cart = 1;
    let first = run(bookstore(dir.path(), &gateway.url, "ada-token").args(&args));
    let second = run(bookstore(dir.path(), &gateway.url, "ada-token").args(&args));
    assert_eq!((first.code, second.code), (0, 0), "{}", second.stderr);
    let id = |r: &Run| serde_json::from_str::<Value>(&r.stdout).unwrap()["id"].clone();
    assert_eq!(id(&first), id(&second));
    assert_eq!(state.lock().unwrap().orders.len(), 1);
    let posts: Vec<_> = gateway
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert!(
        posts
            .iter()
            .all(|r| r.header("idempotency-key") == Some("k-1"))
    );
    assert_eq!(
        serde_json::from_str::<Value>(&posts[0].body).unwrap()["from_cart"],
        true
    );
}

#[test]
fn watch_prints_each_change_and_exits_by_where_the_order_ends() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "ada-token");
    for card in [OK_CARD, DECLINED] {
        let mut args = place(&["--item", BOOK, "--card", card, "-q"]);
        args.extend(ADDRESS.iter().map(|s| (*s).to_owned()));
        assert_eq!(run(cmd().args(&args)).code, 0);
    }
    let r = run(cmd().args(["orders", "watch", &order_id(1), "-o", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            json!({"order_id": order_id(1), "status": "pending_payment", "reason": null,
                   "at": "2026-11-26T10:00:00Z"}),
            json!({"order_id": order_id(1), "status": "confirmed", "reason": "paid",
                   "at": "2026-11-26T10:00:01Z"}),
        ]
    );

    let r = run(cmd().args(["orders", "watch", &order_id(2), "--until", "shipped"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "2026-11-26 10:00:00 UTC  pending_payment\n\
         2026-11-26 10:00:01 UTC  cancelled        payment declined: card declined\n"
    );
    assert_eq!(
        r.stderr,
        format!(
            "bookstore: order {} was cancelled: payment declined: card declined\n",
            order_id(2)
        )
    );

    let r = run(cmd().args([
        "orders",
        "watch",
        &order_id(1),
        "--until",
        "shipped",
        "--timeout",
        "300ms",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "bookstore: order {} is confirmed, not shipped, after 300ms\n",
            order_id(1)
        )
    );

    let r = run(cmd().args(["orders", "watch", "0193a6f0-0000-7000-8000-0000000000ff"]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (4, "bookstore: no such order\n")
    );
}

#[test]
fn list_show_cancel_and_payments() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "ada-token");
    let mut args = place(&["--item", BOOK, "--card", OK_CARD, "-q"]);
    args.extend(ADDRESS.iter().map(|s| (*s).to_owned()));
    assert_eq!(run(cmd().args(&args)).code, 0);

    let r = run(cmd().args([
        "orders",
        "list",
        "--status",
        "pending_payment",
        "--limit",
        "5",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "ID                                    STATUS           COPIES  TOTAL      CREATED\n\
             {}  pending_payment  1       12.99 EUR  2026-11-26 10:00 UTC\n",
            order_id(1)
        )
    );
    let r = run(cmd().args(["orders", "show", &order_id(1)]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Ship to  Ada Lovelace, 1 Main St, 10115 Berlin, DE"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("TIME                     STATUS"),
        "{}",
        r.stdout
    );

    let r = run(cmd().args([
        "orders",
        "cancel",
        &order_id(1),
        "--reason",
        "changed my mind",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("the payment is refunded"), "{}", r.stderr);
    let r = run(cmd().args(["orders", "cancel", &order_id(1)]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (5, "bookstore: the order is already cancelled\n")
    );

    let r = run(cmd().args([
        "payments",
        "list",
        "--order",
        &order_id(1),
        "--status",
        "succeeded",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("succeeded  25.98 EUR  sandbox"),
        "{}",
        r.stdout
    );
    let r = run(cmd().args([
        "payments",
        "refund",
        "0193a6f0-0000-7000-8000-00000000e001",
        "-o",
        "yaml",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("status: refunded"), "{}", r.stdout);
    assert!(r.stderr.contains("Refunded 25.98 EUR"), "{}", r.stderr);
    let r = run(cmd().args(["payments", "providers"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "NAME     PROVIDER  TEST MODE  TOKEN\n\
         sandbox  Sandbox   yes        a test card number\n"
    );

    let targets: Vec<String> = gateway.requests().into_iter().map(|r| r.target).collect();
    assert!(targets.contains(&"/api/v1/orders?status=pending_payment&limit=5".to_owned()));
    assert!(targets.contains(&format!(
        "/api/v1/payments?order_id={}&status=succeeded",
        order_id(1)
    )));
    let cancel = gateway
        .requests()
        .into_iter()
        .find(|r| r.target.ends_with("/cancel"))
        .unwrap();
    assert_eq!(cancel.body, r#"{"reason":"changed my mind"}"#);
}

#[test]
fn without_a_login_orders_exit_3() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let r = run(bookstore(dir.path(), &gateway.url, "ada-token")
        .env_remove("BOOKSTORE_TOKEN")
        .args(["orders", "list"]));
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("bookstore auth login"), "{}", r.stderr);
}

#[test]
fn waiting_subscribes_to_the_live_stream_first_and_polls_without_it() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let mut args = place(&["--item", BOOK, "--card", OK_CARD, "--wait", "-q"]);
    args.extend(ADDRESS.iter().map(|s| (*s).to_owned()));
    let r = run(bookstore(dir.path(), &gateway.url, "ada-token").args(&args));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let seen: Vec<(String, String)> = gateway
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET")
        .map(|r| (r.target, r.authorization.unwrap_or_default()))
        .collect();
    // This stand-in has no notification service (404): the wait polls, as it always did.
    let stream = (
        "/api/v1/notifications/stream".to_owned(),
        "Bearer ada-token".to_owned(),
    );
    assert_eq!(seen[0], stream);
    assert_eq!(seen.iter().filter(|s| **s == stream).count(), 1);
    assert_eq!(seen.len(), 4, "{seen:?}");
}
