//! Catalog calls against a real HTTP server on a loopback port: conditional updates, query
//! strings, paging streams, stock changes, escaping.

#![expect(clippy::unwrap_used)]

#[allow(dead_code, reason = "the support module is shared with client.rs")]
mod support;

use std::time::Duration;

use bookstore_sdk::types::{
    AuthorQuery, BookBatch, BookBatchOutcome, BookQuery, BookSort, BookUpdate, BookUpsert, Money,
    NewAuthor, NewBook, NewGenre, PageQuery,
};
use bookstore_sdk::{Client, RetryPolicy, StatusCode};
use futures_util::TryStreamExt;
use support::{Server, json, reply};
use uuid::Uuid;

const BOOK_ID: &str = "0193a6f0-0000-7000-8000-00000000b001";
const AUTHOR_ID: &str = "0193a6f0-0000-7000-8000-00000000a001";

fn book_json(isbn: &str, version: i64) -> String {
    format!(
        r#"{{"id":"{BOOK_ID}","isbn":"{isbn}","title":"Dune","authors":[{{"id":"{AUTHOR_ID}","name":"Frank Herbert"}}],
        "genres":[{{"id":"0193a6f0-0000-7000-8000-00000000c001","slug":"science-fiction","name":"Science fiction"}}],
        "language":"en","price":{{"amount":1299,"currency":"EUR"}},"stock":4,"version":{version},
        "created_at":"2026-11-26T10:00:00Z","updated_at":"2026-11-26T10:00:00Z"}}"#
    )
}

fn author_json(name: &str) -> String {
    format!(
        r#"{{"id":"{AUTHOR_ID}","name":"{name}","book_count":2,
        "created_at":"2026-11-26T10:00:00Z","updated_at":"2026-11-26T10:00:00Z"}}"#
    )
}

fn problem(status: u16, detail: &str) -> support::Reply {
    reply(
        status,
        &[("content-type", "application/problem+json")],
        &format!(
            r#"{{"type":"urn:bookstore:problem:x","title":"Title","status":{status},"detail":"{detail}"}}"#
        ),
    )
}

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

fn book_id() -> Uuid {
    Uuid::parse_str(BOOK_ID).unwrap()
}

#[tokio::test]
async fn get_then_conditional_update_and_delete_send_if_match() {
    let server = Server::start(vec![
        reply(
            200,
            &[("content-type", "application/json"), ("etag", "\"3\"")],
            &book_json("9780441013593", 3),
        ),
        json(200, &book_json("9780441013593", 4)),
        problem(412, "the book has changed since version 3"),
        reply(204, &[], ""),
    ])
    .await;
    let client = client(&server.url);
    let books = client.books();
    let book = books.get(book_id()).await.unwrap();
    assert_eq!(book.version, 3);
    assert_eq!(book.price, Money::new(1299, "EUR"));
    assert_eq!(book.authors[0].name, "Frank Herbert");

    let update = BookUpdate {
        title: Some("Dune Messiah".into()),
        subtitle: Some(None),
        ..BookUpdate::default()
    };
    let updated = books.update(book.id, book.version, &update).await.unwrap();
    assert_eq!(updated.version, 4);
    let err = books.update(book.id, 3, &update).await.unwrap_err();
    assert!(err.is_precondition_failed(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::PRECONDITION_FAILED));
    books.delete(book.id, 4).await.unwrap();

    let seen = server.requests();
    assert_eq!(seen.len(), 4, "a 412 is not retried");
    assert_eq!(seen[0].header("if-match"), None);
    assert_eq!(seen[1].method, "PATCH");
    assert_eq!(seen[1].target, format!("/api/v1/books/{BOOK_ID}"));
    assert_eq!(seen[1].header("if-match"), Some("\"3\""));
    assert_eq!(seen[1].body, r#"{"title":"Dune Messiah","subtitle":null}"#);
    assert_eq!(seen[2].header("if-match"), Some("\"3\""));
    assert_eq!(seen[3].method, "DELETE");
    assert_eq!(seen[3].header("if-match"), Some("\"4\""));
}

#[tokio::test]
async fn book_queries_are_encoded_in_the_query_string() {
    let empty = || json(200, r#"{"items":[],"next_cursor":null}"#);
    let server = Server::start(vec![empty(), empty()]).await;
    let client = client(&server.url);
    let query = BookQuery {
        q: Some("ada & lovelace".into()),
        genre: Some("science-fiction".into()),
        author: Some(Uuid::parse_str(AUTHOR_ID).unwrap()),
        min_price: Some(999),
        max_price: Some(2000),
        in_stock: Some(true),
        language: Some("en".into()),
        sort: Some(BookSort::PriceDesc),
        limit: Some(100),
        cursor: Some("abc/+=".into()),
    };
    let page = client.books().list(&query).await.unwrap();
    assert!(page.items.is_empty());
    client.books().list(&BookQuery::default()).await.unwrap();
    let seen = server.requests();
    assert_eq!(
        seen[0].target,
        format!(
            "/api/v1/books?q=ada+%26+lovelace&genre=science-fiction&author={AUTHOR_ID}\
             &min_price=999&max_price=2000&in_stock=true&language=en&sort=-price&limit=100\
             &cursor=abc%2F%2B%3D"
        )
    );
    assert_eq!(seen[1].target, "/api/v1/books");
}

#[tokio::test]
async fn list_all_streams_every_page_with_the_filters() {
    let page = |isbn: &str, next: &str| {
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":{next}}}"#,
                book_json(isbn, 1)
            ),
        )
    };
    let server = Server::start(vec![
        page("9780441013593", r#""c2""#),
        page("9780306406157", r#""c3""#),
        page("9780140449136", "null"),
    ])
    .await;
    let query = BookQuery {
        genre: Some("classics".into()),
        sort: Some(BookSort::Oldest),
        limit: Some(1),
        ..BookQuery::default()
    };
    let books: Vec<_> = client(&server.url)
        .books()
        .list_all(query)
        .try_collect()
        .await
        .unwrap();
    let isbns: Vec<&str> = books.iter().map(|b| b.isbn.as_str()).collect();
    assert_eq!(isbns, ["9780441013593", "9780306406157", "9780140449136"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/api/v1/books?genre=classics&sort=oldest&limit=1",
            "/api/v1/books?genre=classics&sort=oldest&limit=1&cursor=c2",
            "/api/v1/books?genre=classics&sort=oldest&limit=1&cursor=c3",
        ]
    );
}

#[tokio::test]
async fn find_by_isbn_wants_the_exact_digits() {
    let page = format!(
        r#"{{"items":[{},{}],"next_cursor":null}}"#,
        book_json("9780306406157", 1),
        book_json("9780441013593", 2)
    );
    let server = Server::start(vec![json(200, &page), json(200, &page)]).await;
    let client = client(&server.url);
    let found = client
        .books()
        .find_by_isbn("978-0-441-01359-3")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.version, 2);
    assert!(
        client
            .books()
            .find_by_isbn("9780000000002")
            .await
            .unwrap()
            .is_none()
    );
    let seen = server.requests();
    assert_eq!(seen[0].target, "/api/v1/books?q=9780441013593&limit=20");
}

#[tokio::test]
async fn a_stock_adjustment_is_never_retried_but_setting_it_is() {
    let unavailable = || problem(503, "catalog unavailable");
    let server = Server::start(vec![
        unavailable(),
        json(200, &book_json("9780441013593", 2)),
        unavailable(),
        problem(409, "only 2 copies in stock"),
    ])
    .await;
    let client = client(&server.url);
    let book = client.books().set_stock(book_id(), 12).await.unwrap();
    assert_eq!(book.stock, 4);
    let err = client
        .books()
        .adjust_stock(book_id(), -3)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let err = client
        .books()
        .adjust_stock(book_id(), -3)
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(err.to_string(), "only 2 copies in stock");

    let seen = server.requests();
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[0].method, "PUT");
    assert_eq!(seen[0].target, format!("/api/v1/books/{BOOK_ID}/stock"));
    assert_eq!(seen[0].body, r#"{"set":12}"#);
    assert_eq!(seen[1].body, r#"{"set":12}"#);
    assert_eq!(seen[2].body, r#"{"adjust":-3}"#);
}

#[tokio::test]
async fn create_book_posts_the_new_book_once() {
    let server = Server::start(vec![
        problem(409, "a book with ISBN 9780441013593 exists"),
        json(201, &book_json("9780441013593", 1)),
    ])
    .await;
    let client = client(&server.url);
    let new = NewBook {
        isbn: "9780441013593".into(),
        title: "Dune".into(),
        subtitle: None,
        description: None,
        authors: vec!["Frank Herbert".into()],
        genres: vec!["science-fiction".into()],
        language: Some("en".into()),
        pages: None,
        published_on: None,
        publisher: None,
        price: Money::new(1299, "EUR"),
        stock: 4,
    };
    let err = client.books().create(&new).await.unwrap_err();
    assert!(err.is_conflict());
    let book = client.books().create(&new).await.unwrap();
    assert_eq!(book.isbn, "9780441013593");
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].target, "/api/v1/books");
    let body: serde_json::Value = serde_json::from_str(&seen[0].body).unwrap();
    assert_eq!(body["price"]["amount"], 1299);
    assert_eq!(body["authors"][0], "Frank Herbert");
    assert_eq!(body["stock"], 4);
}

#[tokio::test]
async fn authors_and_genres() {
    let server = Server::start(vec![
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":"n2"}}"#,
                author_json("Ursula K. Le Guin")
            ),
        ),
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":null}}"#,
                author_json("Frank Herbert")
            ),
        ),
        json(201, &author_json("Iain M. Banks")),
        problem(409, "2 books name this author"),
        json(
            200,
            r#"{"items":[{"id":"0193a6f0-0000-7000-8000-00000000c001","slug":"science-fiction","name":"Science fiction","book_count":7}],"next_cursor":null}"#,
        ),
        json(
            201,
            r#"{"id":"0193a6f0-0000-7000-8000-00000000c002","slug":"space-opera","name":"Space opera","book_count":0}"#,
        ),
        json(
            200,
            r#"{"id":"0193a6f0-0000-7000-8000-00000000c002","slug":"space-opera","name":"Space opera","book_count":0}"#,
        ),
        reply(204, &[], ""),
    ])
    .await;
    let client = client(&server.url);
    let query = AuthorQuery {
        q: Some("le guin".into()),
        limit: Some(1),
        cursor: None,
    };
    let authors: Vec<_> = client
        .authors()
        .list_all(query)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(authors.len(), 2);
    let created = client
        .authors()
        .create(&NewAuthor {
            name: "Iain M. Banks".into(),
            bio: None,
        })
        .await
        .unwrap();
    assert_eq!(created.book_count, 2);
    let id = Uuid::parse_str(AUTHOR_ID).unwrap();
    assert!(client.authors().delete(id).await.unwrap_err().is_conflict());

    let genres = client.genres().list(&PageQuery::default()).await.unwrap();
    assert_eq!(genres.items[0].slug, "science-fiction");
    let genre = client
        .genres()
        .create(&NewGenre {
            name: "Space opera".into(),
            slug: None,
        })
        .await
        .unwrap();
    assert_eq!(genre.slug, "space-opera");
    let genre = client.genres().get("space-opera").await.unwrap();
    assert_eq!(genre.name, "Space opera");
    client.genres().delete("space opera/x").await.unwrap();

    let seen = server.requests();
    let targets: Vec<(&str, &str)> = seen
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            ("GET", "/api/v1/authors?q=le+guin&limit=1"),
            ("GET", "/api/v1/authors?q=le+guin&limit=1&cursor=n2"),
            ("POST", "/api/v1/authors"),
            ("DELETE", &*format!("/api/v1/authors/{AUTHOR_ID}")),
            ("GET", "/api/v1/genres"),
            ("POST", "/api/v1/genres"),
            ("GET", "/api/v1/genres/space-opera"),
            ("DELETE", "/api/v1/genres/space%20opera%2Fx"),
        ]
    );
    assert_eq!(seen[2].body, r#"{"name":"Iain M. Banks"}"#);
    assert_eq!(seen[5].body, r#"{"name":"Space opera"}"#);
}

#[tokio::test]
async fn a_batch_is_posted_and_retried_like_a_put() {
    let batch_json = format!(
        r#"{{"items":[{{"index":0,"outcome":"created","book_id":"{BOOK_ID}","version":1}},
        {{"index":1,"outcome":"failed","problem":{{"type":"urn:bookstore:problem:validation",
        "title":"Invalid request","status":400,"detail":"isbn: has a wrong check digit",
        "errors":[{{"field":"isbn","message":"has a wrong check digit"}}]}}}}]}}"#
    );
    let server = Server::start(vec![
        problem(503, "catalog unavailable"),
        json(200, &batch_json),
    ])
    .await;
    let client = client(&server.url);
    let row = |isbn: &str| BookUpsert {
        isbn: isbn.into(),
        title: "Dune".into(),
        subtitle: Some(None),
        description: None,
        authors: Some(vec!["Frank Herbert".into()]),
        genres: None,
        language: None,
        pages: None,
        published_on: None,
        publisher: None,
        price: Money::new(1299, "EUR"),
        stock: Some(4),
    };
    let batch = BookBatch {
        books: vec![row("9780441013593"), row("9780441013594")],
    };
    let result = client.books().batch(&batch).await.unwrap();
    assert_eq!(result.items.len(), 2);
    assert_eq!(result.items[0].outcome, BookBatchOutcome::Created);
    assert_eq!(result.items[0].book_id, Some(book_id()));
    let problem = result.items[1].problem.as_ref().unwrap();
    assert_eq!(problem.errors[0].field, "isbn");

    let seen = server.requests();
    assert_eq!(seen.len(), 2, "a 503 is retried: the batch is an upsert");
    assert_eq!(seen[1].method, "POST");
    assert_eq!(seen[1].target, "/api/v1/books/batch");
    assert_eq!(seen[0].body, seen[1].body);
    assert!(
        seen[1].body.starts_with(
            r#"{"books":[{"isbn":"9780441013593","title":"Dune","subtitle":null,"authors":["Frank Herbert"],"#
        ),
        "{}",
        seen[1].body
    );
}
