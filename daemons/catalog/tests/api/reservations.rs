//! `/internal/reservations*`: all-or-nothing holds priced by the catalog, idempotent per order,
//! expiring, and never overselling under concurrency.

#![expect(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use bookstore_catalog::CatalogArgs;
use bookstore_kit::testing::backends;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{Answer, TestApp, Who, new_book, unique};

fn request(order_id: Uuid, items: &[(Uuid, i64)]) -> Value {
    json!({
        "order_id": order_id,
        "items": items.iter().map(|(b, q)| json!({"book_id": b, "quantity": q})).collect::<Vec<_>>(),
    })
}

async fn reserve(app: &TestApp, body: Value) -> Answer {
    app.post("/internal/reservations", Who::Service, body).await
}

async fn transition(app: &TestApp, order_id: Uuid, action: &str) -> Answer {
    app.request(
        reqwest::Method::POST,
        &format!("/internal/reservations/{order_id}/{action}"),
        Who::Service,
        None,
        &[],
    )
    .await
}

/// A book with `stock` copies at `amount` cents.
async fn stocked(app: &TestApp, title: &str, stock: i64, amount: i64) -> Uuid {
    let mut body = new_book(unique(), title);
    body["stock"] = json!(stock);
    body["price"] = json!({"amount": amount, "currency": "EUR"});
    app.book(body).await.id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reservation_takes_stock_at_catalog_prices_once_per_order() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let dune = stocked(&app, "Dune", 5, 1299).await;
        let emma = stocked(&app, "Emma", 2, 850).await;
        let order = Uuid::now_v7();

        let made = reserve(&app, request(order, &[(dune, 2), (emma, 1), (dune, 1)])).await;
        assert_eq!(made.status, 201, "{}: {:?}", app.label, made.body);
        assert_eq!(
            made.header("location"),
            Some(format!("/internal/reservations/{order}"))
        );
        insta::assert_json_snapshot!("reservation", made.body, {
            ".order_id" => "[order id]",
            ".items[].book_id" => "[book id]",
            ".expires_at" => "[time]",
        });
        assert_eq!(made.body["status"], "reserved");
        let items = made.body["items"].as_array().unwrap();
        let line = |id: Uuid| {
            items
                .iter()
                .find(|i| i["book_id"] == id.to_string())
                .unwrap()
        };
        assert_eq!(line(dune)["quantity"], 3, "repeated books are merged");
        assert_eq!(
            line(dune)["unit_price"],
            json!({"amount": 1299, "currency": "EUR"})
        );
        assert_eq!(line(emma)["title"], "Emma");
        assert_eq!(app.fetch(dune).await.stock, 2);
        assert_eq!(app.fetch(emma).await.stock, 1);
        let expires =
            chrono::DateTime::parse_from_rfc3339(made.body["expires_at"].as_str().unwrap())
                .unwrap();
        let ttl = expires
            .signed_duration_since(chrono::Utc::now())
            .num_seconds();
        assert!((800..=900).contains(&ttl), "15 minutes by default: {ttl}");

        // A later price change does not change the reservation.
        app.patch(
            &format!("/api/v1/books/{dune}"),
            Some("*"),
            json!({"price": {"amount": 9999, "currency": "EUR"}}),
        )
        .await;

        // The same order again, even asking for other things: the first reservation, no effect.
        let again = reserve(&app, request(order, &[(emma, 1)])).await;
        assert_eq!(again.status, 200, "{}: {:?}", app.label, again.body);
        assert_eq!(again.body, made.body);
        assert_eq!(app.fetch(dune).await.stock, 2);
        assert_eq!(app.fetch(emma).await.stock, 1);

        let read = app
            .request(
                reqwest::Method::GET,
                &format!("/internal/reservations/{order}"),
                Who::Service,
                None,
                &[],
            )
            .await;
        assert_eq!(read.body, made.body);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn not_enough_stock_reserves_nothing_and_says_which_items() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let plenty = stocked(&app, "Plenty", 10, 100).await;
        let scarce = stocked(&app, "Scarce", 1, 100).await;
        let missing = Uuid::now_v7();
        let order = Uuid::now_v7();
        let refused = reserve(
            &app,
            request(order, &[(plenty, 3), (scarce, 2), (missing, 1)]),
        )
        .await;
        assert_eq!(
            (refused.status, refused.slug()),
            (409, "out-of-stock"),
            "{}: {:?}",
            app.label,
            refused.body
        );
        assert_eq!(refused.content_type, "application/problem+json");
        assert_eq!(refused.fields(), ["items[1].quantity", "items[2].quantity"]);
        assert!(
            refused
                .message("items[1].quantity")
                .contains("2 requested, 1 available")
        );
        assert!(refused.message("items[2].quantity").contains("0 available"));
        assert_eq!(
            app.fetch(plenty).await.stock,
            10,
            "{}: all or nothing",
            app.label
        );
        assert_eq!(app.fetch(scarce).await.stock, 1);
        assert_eq!(app.count("reservations").await, 0, "{}", app.label);

        // The order may try again once there is stock.
        app.put_stock(&scarce.to_string(), json!({"set": 2})).await;
        let retried = reserve(&app, request(order, &[(plenty, 3), (scarce, 2)])).await;
        assert_eq!(retried.status, 201, "{:?}", retried.body);
    }
}

/// The 409 of an out-of-stock reservation names each short item in its `unavailable` member.
#[tokio::test(flavor = "multi_thread")]
async fn out_of_stock_problems_carry_an_unavailable_member() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let scarce = stocked(&app, "Scarce", 1, 100).await;
        let refused = reserve(&app, request(Uuid::now_v7(), &[(scarce, 2)])).await;
        assert_eq!(refused.status, 409);
        assert_eq!(
            refused.body["unavailable"],
            json!([{"book_id": scarce, "requested": 2, "available": 1}]),
            "{}: {:?}",
            app.label,
            refused.body
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn commit_and_release_are_idempotent_and_release_gives_copies_back() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let book = stocked(&app, "Ulysses", 4, 2000).await;

        // Reserved, committed (sold), then released (a cancelled paid order): copies return.
        let paid = Uuid::now_v7();
        let reserved = reserve(&app, request(paid, &[(book, 2)])).await;
        for _ in 0..2 {
            let committed = transition(&app, paid, "commit").await;
            assert_eq!(
                (committed.status, committed.body["status"].as_str()),
                (200, Some("committed")),
                "{}: {:?}",
                app.label,
                committed.body
            );
            // The first commit answers from its UPDATE, the repeat from a read: the same lines.
            assert_eq!(
                committed.body["items"], reserved.body["items"],
                "{}",
                app.label
            );
            assert_eq!(committed.body["expires_at"], reserved.body["expires_at"]);
        }
        assert_eq!(app.fetch(book).await.stock, 2, "committed copies are sold");
        for _ in 0..2 {
            let released = transition(&app, paid, "release").await;
            assert_eq!(released.body["status"], "released", "{:?}", released.body);
        }
        assert_eq!(
            app.fetch(book).await.stock,
            4,
            "{}: given back once",
            app.label
        );
        let late = transition(&app, paid, "commit").await;
        assert_eq!((late.status, late.slug()), (409, "reservation-closed"));

        // Reserved then released (a failed payment).
        let failed = Uuid::now_v7();
        reserve(&app, request(failed, &[(book, 3)])).await;
        assert_eq!(app.fetch(book).await.stock, 1);
        transition(&app, failed, "release").await;
        transition(&app, failed, "release").await;
        assert_eq!(app.fetch(book).await.stock, 4, "{}", app.label);

        let unknown = Uuid::now_v7();
        for action in ["commit", "release"] {
            assert_eq!(transition(&app, unknown, action).await.status, 404);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn internal_endpoints_need_the_service_token() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let book = stocked(&app, "Guarded", 3, 100).await;
        let body = request(Uuid::now_v7(), &[(book, 1)]);
        for (who, status) in [(Who::Nobody, 401), (Who::Customer, 403), (Who::Admin, 403)] {
            let answer = app.post("/internal/reservations", who, body.clone()).await;
            assert_eq!(answer.status, status, "{}: as {who:?}", app.label);
        }
        assert_eq!(app.fetch(book).await.stock, 3);

        let empty = reserve(&app, json!({"order_id": Uuid::now_v7(), "items": []})).await;
        assert_eq!(
            (empty.status, empty.fields()),
            (400, vec!["items".to_owned()])
        );
        let zero = reserve(&app, request(Uuid::now_v7(), &[(book, 0)])).await;
        assert_eq!(zero.fields(), ["items[0].quantity"]);
        let mut long = request(Uuid::now_v7(), &[(book, 1)]);
        long["ttl_secs"] = json!(0);
        assert_eq!(reserve(&app, long).await.fields(), ["ttl_secs"]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reserved_book_cannot_be_deleted() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let book = stocked(&app, "Held", 3, 100).await;
        let order = Uuid::now_v7();
        reserve(&app, request(order, &[(book, 1)])).await;
        let path = format!("/api/v1/books/{book}");
        let refused = app.delete(&path, Some("*")).await;
        assert_eq!(
            (refused.status, refused.slug()),
            (409, "reserved"),
            "{:?}",
            refused.body
        );
        transition(&app, order, "commit").await;
        assert_eq!(
            app.delete(&path, Some("*")).await.status,
            204,
            "{}",
            app.label
        );
        // The history keeps what was sold.
        let read = app
            .request(
                reqwest::Method::GET,
                &format!("/internal/reservations/{order}"),
                Who::Service,
                None,
                &[],
            )
            .await;
        assert_eq!(read.body["items"][0]["title"], "Held");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_concurrent_orders_never_oversell_ten_copies() {
    for backend in backends() {
        let app = Arc::new(TestApp::spawn(backend).await);
        let book = stocked(&app, "Bestseller", 10, 1999).await;
        let started = Instant::now();
        let tasks: Vec<_> = (0..200)
            .map(|_| {
                let app = app.clone();
                tokio::spawn(async move {
                    reserve(&app, request(Uuid::now_v7(), &[(book, 1)]))
                        .await
                        .status
                })
            })
            .collect();
        let statuses: Vec<u16> = futures_util::future::try_join_all(tasks).await.unwrap();
        let won = statuses.iter().filter(|s| **s == 201).count();
        let lost = statuses.iter().filter(|s| **s == 409).count();
        assert_eq!((won, lost), (10, 190), "{}: {statuses:?}", app.label);
        assert_eq!(app.fetch(book).await.stock, 0, "{}", app.label);
        assert_eq!(app.count("reservation_items").await, 10);
        eprintln!(
            "{}: 200 concurrent reservations in {} ms",
            app.label,
            started.elapsed().as_millis()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_order_reserved_concurrently_has_one_effect() {
    for backend in backends() {
        let app = Arc::new(TestApp::spawn(backend).await);
        let book = stocked(&app, "Once", 50, 100).await;
        let order = Uuid::now_v7();
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let app = app.clone();
                tokio::spawn(async move { reserve(&app, request(order, &[(book, 2)])).await })
            })
            .collect();
        let answers = futures_util::future::try_join_all(tasks).await.unwrap();
        let created = answers.iter().filter(|a| a.status == 201).count();
        let repeated = answers.iter().filter(|a| a.status == 200).count();
        assert_eq!(
            (created, repeated),
            (1, 19),
            "{}: {:?}",
            app.label,
            answers
                .iter()
                .map(|a| (a.status, a.body.clone()))
                .collect::<Vec<_>>()
        );
        assert!(
            answers
                .iter()
                .all(|a| a.body["items"] == answers[0].body["items"])
        );
        assert_eq!(app.fetch(book).await.stock, 48, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sweep_releases_expired_reservations() {
    for backend in backends() {
        let args = CatalogArgs {
            reservation_sweep_interval: Duration::from_millis(200),
            ..CatalogArgs::default()
        };
        let app = TestApp::spawn_with(backend, args).await;
        let book = stocked(&app, "Fleeting", 5, 100).await;
        let short = Uuid::now_v7();
        let mut body = request(short, &[(book, 2)]);
        body["ttl_secs"] = json!(1);
        assert_eq!(reserve(&app, body).await.status, 201);
        let long = Uuid::now_v7();
        reserve(&app, request(long, &[(book, 1)])).await;
        assert_eq!(app.fetch(book).await.stock, 2);

        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let read = app
                .request(
                    reqwest::Method::GET,
                    &format!("/internal/reservations/{short}"),
                    Who::Service,
                    None,
                    &[],
                )
                .await;
            if read.body["status"] == "released" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{}: never swept: {:?}",
                app.label,
                read.body
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(app.fetch(book).await.stock, 4, "{}: copies back", app.label);
        let late = transition(&app, short, "commit").await;
        assert_eq!(
            late.status, 409,
            "an expired reservation cannot be committed"
        );
        let kept = transition(&app, long, "commit").await;
        assert_eq!(
            kept.body["status"], "committed",
            "the unexpired one is untouched"
        );

        // A second sweep (another replica, say) finds nothing more to give back.
        let again =
            bookstore_catalog::reservations::sweep(app.db(), chrono::Utc::now().naive_utc())
                .await
                .unwrap();
        assert_eq!(again, 0);
        assert_eq!(app.fetch(book).await.stock, 4);
    }
}
