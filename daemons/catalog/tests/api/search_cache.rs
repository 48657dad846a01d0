//! The search cache of `GET /books`: the same bytes and headers as without it, every write of
//! catalog content visible at once, stock taken by orders within the TTL, one query for many
//! concurrent requests of a new page, a bounded size, and `0` turning it off.

#![expect(clippy::unwrap_used)]

use std::time::Duration;

use axum::extract::Query;
use bookstore_catalog::CatalogArgs;
use bookstore_catalog::listing::RawBookQuery;
use bookstore_kit::testing::backends;
use serde_json::json;
use uuid::Uuid;

use crate::support::{CatalogAnswer, TestApp, Who, new_book, unique};

/// The cache's lookups so far with `outcome` (`hit`, `shared`, `miss`), from `/metrics`; `None`
/// when the metric is not there at all (the cache is off).
async fn lookups(app: &TestApp, outcome: &str) -> Option<u64> {
    let text = metrics(app).await;
    // The size gauges are there whenever the cache is on; a counter only once counted.
    if !text.contains("bookstore_catalog_search_cache_bytes") {
        return None;
    }
    Some(
        metric(
            &text,
            "bookstore_catalog_search_cache_lookups_total",
            outcome,
        )
        .unwrap_or(0),
    )
}

async fn metrics(app: &TestApp) -> String {
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    response.text().await.unwrap()
}

/// The value of the sample of `name` whose labels contain `label` (any when empty).
fn metric(text: &str, name: &str, label: &str) -> Option<u64> {
    text.lines()
        .filter(|l| l.starts_with(name) && l[name.len()..].starts_with(['{', ' ']))
        .find(|l| label.is_empty() || l.contains(&format!("\"{label}\"")))
        .and_then(|l| l.rsplit(' ').next())
        .map(|v| v.parse::<f64>().unwrap() as u64)
}

/// The titles a list of `query` shows.
async fn titles(app: &TestApp, query: &str) -> Vec<String> {
    let page = app.get(&format!("/api/v1/books?{query}")).await;
    assert_eq!(page.status, 200, "{}: {:?}", app.label, page.body);
    page.titles()
}

/// A book's `stock` as a list of `query` shows it.
async fn listed_stock(app: &TestApp, query: &str, id: Uuid) -> i64 {
    let page = app.get(&format!("/api/v1/books?{query}")).await;
    assert_eq!(page.status, 200, "{}: {:?}", app.label, page.body);
    page.items()
        .iter()
        .find(|b| b["id"] == id.to_string())
        .map(|b| b["stock"].as_i64().unwrap())
        .unwrap_or_else(|| panic!("{}: {id} not listed by {query}", app.label))
}

async fn reserve(app: &TestApp, book: Uuid, quantity: i64) {
    let answer = app
        .post(
            "/internal/reservations",
            Who::Service,
            json!({"order_id": Uuid::now_v7(), "items": [{"book_id": book, "quantity": quantity}]}),
        )
        .await;
    assert_eq!(answer.status, 201, "{}: {:?}", app.label, answer.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_write_of_the_catalog_shows_at_once() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.genre("Fantasy", "fantasy").await;
        let mut body = new_book(unique(), "The Lantern Keeper");
        body["authors"] = json!(["Ada Quillfeather"]);
        let book = app.book(body).await;
        let id = book.id;
        assert_eq!(titles(&app, "q=lantern").await, ["The Lantern Keeper"]);
        let hits = lookups(&app, "hit").await.unwrap();
        assert_eq!(titles(&app, "q=lantern").await, ["The Lantern Keeper"]);
        assert_eq!(lookups(&app, "hit").await, Some(hits + 1), "{}", app.label);

        // Changed.
        let changed = app
            .patch(
                &format!("/api/v1/books/{id}"),
                Some("*"),
                json!({"title": "The Lantern Bearer", "genres": ["fantasy"]}),
            )
            .await;
        assert_eq!(changed.status, 200, "{:?}", changed.body);
        assert_eq!(titles(&app, "q=lantern").await, ["The Lantern Bearer"]);
        assert_eq!(titles(&app, "genre=fantasy").await, ["The Lantern Bearer"]);

        // Stock set and adjusted by an admin.
        assert_eq!(listed_stock(&app, "q=lantern", id).await, 5);
        assert_eq!(
            app.put_stock(&id.to_string(), json!({"set": 9}))
                .await
                .status,
            200
        );
        assert_eq!(listed_stock(&app, "q=lantern", id).await, 9);
        assert_eq!(
            app.put_stock(&id.to_string(), json!({"adjust": -2}))
                .await
                .status,
            200
        );
        assert_eq!(listed_stock(&app, "q=lantern", id).await, 7);

        // Upserted by a batch.
        let batch = app
            .post(
                "/api/v1/books/batch",
                Who::Admin,
                json!({"books": [
                    {"isbn": book.isbn, "title": "The Lantern Bearer", "price": {"amount": 4321, "currency": "EUR"}},
                    {"isbn": crate::support::isbn(unique()), "title": "Lantern Songs", "price": {"amount": 999, "currency": "EUR"}},
                ]}),
            )
            .await;
        assert_eq!(batch.status, 200, "{:?}", batch.body);
        let page = app.get("/api/v1/books?q=lantern&sort=title").await;
        assert_eq!(page.titles(), ["Lantern Songs", "The Lantern Bearer"]);
        assert_eq!(page.items()[1]["price"]["amount"], 4321);

        // An author renamed.
        let author = book.authors[0].id;
        assert_eq!(titles(&app, "q=quillfeather").await, ["The Lantern Bearer"]);
        let renamed = app
            .request(
                reqwest::Method::PATCH,
                &format!("/api/v1/authors/{author}"),
                Who::Admin,
                Some(json!({"name": "Ada Brightwater"})),
                &[],
            )
            .await;
        assert_eq!(renamed.status, 200, "{:?}", renamed.body);
        assert!(titles(&app, "q=quillfeather").await.is_empty());
        assert_eq!(titles(&app, "q=brightwater").await, ["The Lantern Bearer"]);

        // A genre added: a filter by it was a 400, and is a page now.
        assert_eq!(app.get("/api/v1/books?genre=poetry").await.status, 400);
        app.genre("Poetry", "poetry").await;
        assert_eq!(app.get("/api/v1/books?genre=poetry").await.status, 200);

        // Deleted, and created.
        assert_eq!(
            app.delete(&format!("/api/v1/books/{id}"), Some("*"))
                .await
                .status,
            204
        );
        assert_eq!(titles(&app, "q=lantern").await, ["Lantern Songs"]);
        assert!(titles(&app, "genre=fantasy").await.is_empty());
        app.book(new_book(unique(), "Lantern Nights")).await;
        assert_eq!(
            titles(&app, "q=lantern&sort=title").await,
            ["Lantern Nights", "Lantern Songs"]
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_are_the_bytes_and_headers_they_were_and_never_another_querys() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let fantasy = app.genre("Fantasy", "fantasy").await;
        for (i, title) in [
            "Dune",
            "Dune Messiah",
            "Children of Dune",
            "Emma",
            "Dunes of Mars",
        ]
        .into_iter()
        .enumerate()
        {
            let mut body = new_book(unique(), title);
            body["price"] = json!({"amount": 500 + 100 * i, "currency": "EUR"});
            body["stock"] = json!(i);
            body["authors"] = json!([if i % 2 == 0 {
                "Frank Herbert"
            } else {
                "Jane Austen"
            }]);
            body["language"] = json!(if i == 3 { "en" } else { "fr" });
            if i < 2 {
                body["genres"] = json!(["fantasy"]);
            }
            app.book(body).await;
        }
        let first = app.get("/api/v1/books?sort=price&limit=2").await;
        let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
        let relevance = app.get("/api/v1/books?q=dune&limit=1").await;
        let rank_cursor = relevance.body["next_cursor"].as_str().unwrap().to_owned();
        let author = first.items()[0]["authors"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let queries: Vec<String> = [
            "",
            "q=dune",
            "q=DUNE%20",
            "q=dun",
            "q=dune+messiah",
            "q=dune&sort=title",
            "q=dune&sort=-title",
            "q=dune&sort=price",
            "q=dune&sort=-price",
            "q=dune&sort=oldest",
            "q=dune&limit=1",
            "q=dune&limit=2",
            "q=dune&in_stock=true",
            "q=dune&min_price=600",
            "q=dune&max_price=600",
            "q=dune&language=fr",
            "q=dune&genre=fantasy",
            "sort=newest",
            "sort=oldest",
            "sort=price",
            "sort=price&limit=2",
            "genre=fantasy",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([
            format!("genre={}", fantasy["id"].as_str().unwrap()),
            format!("author={author}"),
            format!("sort=price&limit=2&cursor={cursor}"),
            format!("q=dune&limit=1&cursor={rank_cursor}"),
        ])
        .collect();

        // Each query asked twice, the second time from memory, and each answer what the
        // catalog computes for it without a cache, serialized as `Json` does.
        for round in 0..2 {
            for query in &queries {
                let response = app
                    .client
                    .get(app.url(&format!("/api/v1/books?{query}")))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200, "{}: {query}", app.label);
                let headers = response.headers().clone();
                let bytes = response.bytes().await.unwrap();
                let uri: axum::http::Uri = format!("/api/v1/books?{query}").parse().unwrap();
                let Query(raw) = Query::<RawBookQuery>::try_from_uri(&uri).unwrap();
                let page = bookstore_catalog::books::list(app.db(), &raw)
                    .await
                    .unwrap();
                let expected = serde_json::to_vec(&page).unwrap();
                assert_eq!(
                    String::from_utf8_lossy(&bytes),
                    String::from_utf8_lossy(&expected),
                    "{}: {query}, round {round}",
                    app.label
                );
                assert_eq!(headers["content-type"], "application/json");
                assert_eq!(
                    headers["content-length"],
                    expected.len().to_string().as_str()
                );
                for absent in ["etag", "cache-control", "last-modified", "age", "vary"] {
                    assert!(headers.get(absent).is_none(), "{absent} on {query}");
                }
            }
        }
        // One page per query, less two that are another's: `q=DUNE%20` is `q=dune`, and no
        // sort is `sort=newest`. (The two pages asked for the cursors are in the list.)
        assert_eq!(
            lookups(&app, "miss").await,
            Some(queries.len() as u64 - 2),
            "{}",
            app.label
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn stock_taken_by_orders_shows_in_lists_within_the_ttl() {
    for backend in backends() {
        let args = CatalogArgs {
            search_cache_ttl: Duration::from_millis(1500),
            ..CatalogArgs::default()
        };
        let app = TestApp::spawn_with(backend, args).await;
        let id = app.book(new_book(unique(), "Ledger")).await.id;
        assert_eq!(listed_stock(&app, "q=ledger", id).await, 5);
        reserve(&app, id, 2).await;
        // The book itself is live; its list entry is as old as the page.
        assert_eq!(app.fetch(id).await.stock, 3);
        assert_eq!(listed_stock(&app, "q=ledger", id).await, 5, "{}", app.label);
        tokio::time::sleep(Duration::from_millis(1600)).await;
        assert_eq!(listed_stock(&app, "q=ledger", id).await, 3, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn zero_turns_the_cache_off() {
    for backend in backends() {
        for args in [
            CatalogArgs {
                search_cache_ttl: Duration::ZERO,
                ..CatalogArgs::default()
            },
            CatalogArgs {
                search_cache_size: 0,
                ..CatalogArgs::default()
            },
        ] {
            let app = TestApp::spawn_with(backend, args).await;
            let id = app.book(new_book(unique(), "Ledger")).await.id;
            assert_eq!(listed_stock(&app, "q=ledger", id).await, 5);
            reserve(&app, id, 2).await;
            assert_eq!(listed_stock(&app, "q=ledger", id).await, 3, "{}", app.label);
            assert_eq!(lookups(&app, "miss").await, None);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_requests_for_a_new_page_run_one_query() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        for n in 0..30 {
            app.book(new_book(unique(), &format!("Harbour Tales {n}")))
                .await;
        }
        let before = lookups(&app, "miss").await.unwrap();
        let requests = (0..24).map(|_| app.get("/api/v1/books?q=harbour&limit=25"));
        let pages = futures_util::future::join_all(requests).await;
        assert!(
            pages
                .iter()
                .all(|p| p.status == 200 && p.items().len() == 25)
        );
        assert!(pages.iter().all(|p| p.body == pages[0].body));
        assert_eq!(
            lookups(&app, "miss").await,
            Some(before + 1),
            "{}",
            app.label
        );
        let served = lookups(&app, "hit").await.unwrap() + lookups(&app, "shared").await.unwrap();
        assert_eq!(served, 23, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cache_stays_within_its_budget() {
    for backend in backends() {
        let budget = 48 * 1024;
        let args = CatalogArgs {
            search_cache_size: budget,
            ..CatalogArgs::default()
        };
        let app = TestApp::spawn_with(backend, args).await;
        for n in 0..40 {
            let mut body = new_book(unique(), &format!("Atlas {n}"));
            body["description"] = json!("A long description of many islands. ".repeat(20));
            app.book(body).await;
        }
        // Pages of about 8 KiB each, far more of them than the budget holds.
        for min_price in 0..60 {
            let page = app
                .get(&format!(
                    "/api/v1/books?q=atlas&limit=10&min_price={min_price}"
                ))
                .await;
            assert_eq!(page.status, 200);
        }
        let text = metrics(&app).await;
        let bytes = metric(&text, "bookstore_catalog_search_cache_bytes", "").unwrap();
        let entries = metric(&text, "bookstore_catalog_search_cache_entries", "").unwrap();
        assert!(bytes <= budget, "{}: {bytes} bytes", app.label);
        assert!(bytes > budget / 4, "{}: {bytes} bytes", app.label);
        assert!((1..60).contains(&entries), "{}: {entries} pages", app.label);
    }
}
