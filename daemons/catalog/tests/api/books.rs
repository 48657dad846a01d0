//! `/api/v1/books*`: the happy paths, who may do what, optimistic concurrency, and stock.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::backends;
use serde_json::json;

use crate::support::{CatalogAnswer, TestApp, Who, new_book, unique};

/// Redactions for a book body: ids and times vary between runs.
macro_rules! assert_book_snapshot {
    ($name:expr, $body:expr) => {
        insta::assert_json_snapshot!($name, $body, {
            ".id" => "[id]",
            ".authors[].id" => "[id]",
            ".genres[].id" => "[id]",
            ".created_at" => "[time]",
            ".updated_at" => "[time]",
        })
    };
}

#[tokio::test(flavor = "multi_thread")]
async fn a_book_is_created_read_changed_and_deleted() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.genre("Fantasy", "fantasy").await;
        app.genre("Classics", "classics").await;
        let created = app
            .post(
                "/api/v1/books",
                Who::Admin,
                json!({
                    "isbn": "978-0-261-10357-3",
                    "title": "  The Hobbit ",
                    "subtitle": "There and Back Again",
                    "description": "A hobbit is swept into a quest for a dragon's gold.",
                    "authors": ["J. R. R. Tolkien"],
                    "genres": ["fantasy", "classics"],
                    "language": "EN",
                    "pages": 310,
                    "published_on": "1937-09-21",
                    "publisher": "George Allen & Unwin",
                    "price": {"amount": 1299, "currency": "eur"},
                    "stock": 7,
                }),
            )
            .await;
        assert_eq!(created.status, 201, "{}: {:?}", app.label, created.body);
        let book = created.book();
        assert_eq!(
            created.header("location"),
            Some(format!("/api/v1/books/{}", book.id))
        );
        assert_eq!(created.header("etag").as_deref(), Some("\"1\""));
        assert_book_snapshot!("created_book", created.body);

        let read = app.get(&format!("/api/v1/books/{}", book.id)).await;
        assert_eq!(read.status, 200);
        assert_eq!(read.header("etag").as_deref(), Some("\"1\""));
        assert_eq!(
            read.book(),
            book,
            "{}: what was created is what is read",
            app.label
        );

        let path = format!("/api/v1/books/{}", book.id);
        let changed = app
            .patch(
                &path,
                Some("\"1\""),
                json!({"title": "The Hobbit, or There and Back Again", "subtitle": null,
                       "authors": ["J.R.R. Tolkien", "Christopher Tolkien"], "genres": ["fantasy"],
                       "price": {"amount": 1499, "currency": "EUR"}}),
            )
            .await;
        assert_eq!(changed.status, 200, "{}: {:?}", app.label, changed.body);
        let after = changed.book();
        assert_eq!(after.version, 2);
        assert_eq!(changed.header("etag").as_deref(), Some("\"2\""));
        assert_eq!(after.subtitle, None, "null clears");
        assert_eq!(after.description, book.description, "absent keeps");
        assert_eq!(
            after
                .authors
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["J.R.R. Tolkien", "Christopher Tolkien"]
        );
        assert_eq!(after.genres.len(), 1);
        assert_eq!(after.price.amount, 1499);
        assert_eq!(after.stock, 7, "a PATCH leaves the stock alone");

        let deleted = app.delete(&path, Some("\"2\"")).await;
        assert_eq!(deleted.status, 204, "{}: {:?}", app.label, deleted.body);
        let gone = app.get(&path).await;
        assert_eq!((gone.status, gone.slug()), (404, "not-found"));
        assert_eq!(app.count("book_authors").await, 0, "{}", app.label);
        assert_eq!(app.count("book_genres").await, 0, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn stale_or_missing_if_match_changes_nothing() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let book = app.book(new_book(unique(), "Dune")).await;
        let path = format!("/api/v1/books/{}", book.id);

        let missing = app
            .patch(&path, None, json!({"title": "Dune Messiah"}))
            .await;
        assert_eq!(
            (missing.status, missing.slug()),
            (428, "precondition-required"),
            "{}: {:?}",
            app.label,
            missing.body
        );
        let first = app
            .patch(&path, Some("\"1\""), json!({"title": "Dune I"}))
            .await;
        assert_eq!(first.status, 200, "{:?}", first.body);
        let stale = app
            .patch(&path, Some("\"1\""), json!({"title": "Dune II"}))
            .await;
        assert_eq!((stale.status, stale.slug()), (412, "version-mismatch"));
        assert!(stale.body["detail"].as_str().unwrap().contains("now 2"));
        let malformed = app
            .patch(&path, Some("W/\"2\""), json!({"title": "x"}))
            .await;
        assert_eq!(
            (malformed.status, malformed.fields()),
            (400, vec!["If-Match".to_owned()])
        );
        assert_eq!(app.fetch(book.id).await.title, "Dune I");

        assert_eq!(app.delete(&path, None).await.status, 428);
        assert_eq!(app.delete(&path, Some("\"1\"")).await.status, 412);
        let any = app.patch(&path, Some("*"), json!({"pages": 412})).await;
        assert_eq!((any.status, any.book().version), (200, 3), "{}", app.label);
        assert_eq!(app.delete(&path, Some("\"3\"")).await.status, 204);
        let missing_book = app.patch(&path, Some("\"3\""), json!({"pages": 1})).await;
        assert_eq!(missing_book.status, 404);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_are_public_and_changes_need_an_admin() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let book = app.book(new_book(unique(), "Emma")).await;
        let path = format!("/api/v1/books/{}", book.id);
        let body = new_book(unique(), "Persuasion");

        for (who, status) in [(Who::Nobody, 401), (Who::Customer, 403)] {
            let create = app.post("/api/v1/books", who, body.clone()).await;
            assert_eq!(create.status, status, "{}: create as {who:?}", app.label);
            let patch = app
                .request(
                    reqwest::Method::PATCH,
                    &path,
                    who,
                    Some(json!({"title": "x"})),
                    &[("if-match", "\"1\"")],
                )
                .await;
            assert_eq!(patch.status, status, "patch as {who:?}");
            let delete = app
                .request(
                    reqwest::Method::DELETE,
                    &path,
                    who,
                    None,
                    &[("if-match", "*")],
                )
                .await;
            assert_eq!(delete.status, status, "delete as {who:?}");
            let stock = app
                .request(
                    reqwest::Method::PUT,
                    &format!("{path}/stock"),
                    who,
                    Some(json!({"set": 1})),
                    &[],
                )
                .await;
            assert_eq!(stock.status, status, "stock as {who:?}");
        }
        let unauthorised = app.post("/api/v1/books", Who::Nobody, body).await;
        assert_eq!(
            unauthorised.header("www-authenticate").as_deref(),
            Some("Bearer")
        );

        // Reads need no token, and a customer's is fine, but a bad one is refused.
        assert_eq!(app.get(&path).await.status, 200);
        assert_eq!(app.get("/api/v1/books").await.status, 200);
        let customer = app
            .request(reqwest::Method::GET, &path, Who::Customer, None, &[])
            .await;
        assert_eq!(customer.status, 200);
        for read in [
            path.as_str(),
            "/api/v1/books",
            "/api/v1/authors",
            "/api/v1/genres",
        ] {
            let forged = app
                .request(
                    reqwest::Method::GET,
                    read,
                    Who::Nobody,
                    None,
                    &[("authorization", "Bearer not.a.token")],
                )
                .await;
            assert_eq!(forged.status, 401, "{}: {read}", app.label);
        }
        assert_eq!(app.fetch(book.id).await.title, "Emma", "nothing changed");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn stock_is_set_and_adjusted_but_never_below_zero() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let book = app.book(new_book(unique(), "Middlemarch")).await;
        let id = book.id.to_string();

        let set = app.put_stock(&id, json!({"set": 12})).await;
        assert_eq!((set.status, set.book().stock), (200, 12), "{:?}", set.body);
        assert_eq!(set.book().version, 1, "stock does not change the version");
        let down = app.put_stock(&id, json!({"adjust": -5})).await;
        assert_eq!(down.book().stock, 7);
        let up = app.put_stock(&id, json!({"adjust": 3})).await;
        assert_eq!(up.book().stock, 10);

        let below = app.put_stock(&id, json!({"adjust": -11})).await;
        assert_eq!(
            (below.status, below.slug()),
            (409, "insufficient-stock"),
            "{}: {:?}",
            app.label,
            below.body
        );
        assert!(
            below.body["detail"]
                .as_str()
                .unwrap()
                .contains("10 available")
        );
        let negative = app.put_stock(&id, json!({"set": -1})).await;
        assert_eq!(
            (negative.status, negative.fields()),
            (400, vec!["set".to_owned()])
        );
        let both = app.put_stock(&id, json!({"set": 1, "adjust": 1})).await;
        assert_eq!(both.status, 400);
        assert_eq!(app.fetch(&id).await.stock, 10, "{}", app.label);

        let nobody = uuid::Uuid::now_v7().to_string();
        assert_eq!(
            app.put_stock(&nobody, json!({"adjust": 1})).await.status,
            404
        );
        assert_eq!(app.put_stock(&nobody, json!({"set": 1})).await.status, 404);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_isbn_is_unique_in_either_form() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.book(json!({"isbn": "9780261103573", "title": "The Hobbit",
                        "price": {"amount": 1, "currency": "GBP"}}))
            .await;
        // The same ISBN as an ISBN-10 with hyphens.
        let again = app
            .post(
                "/api/v1/books",
                Who::Admin,
                json!({"isbn": "0-261-10357-1", "title": "Another Hobbit",
                       "authors": ["Someone New"], "price": {"amount": 1, "currency": "GBP"}}),
            )
            .await;
        assert_eq!(
            (again.status, again.slug(), again.fields()),
            (409, "isbn-taken", vec!["isbn".to_owned()]),
            "{}",
            app.label
        );
        assert_eq!(app.count("books").await, 1);
        assert_eq!(
            app.count("authors").await,
            0,
            "{}: nothing half-written",
            app.label
        );

        let other = app.book(new_book(unique(), "Other")).await;
        let clash = app
            .patch(
                &format!("/api/v1/books/{}", other.id),
                Some("\"1\""),
                json!({"isbn": "978-0261103573"}),
            )
            .await;
        assert_eq!(clash.status, 409, "{}: {:?}", app.label, clash.body);
        assert_eq!(app.fetch(other.id).await.version, 1);
    }
}
