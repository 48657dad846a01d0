//! Bad input gets a precise problem+json answer with the right status, never a 500, and a
//! failed write leaves nothing behind.

#![expect(clippy::unwrap_used)]

use bookstore_kit::db::Backend;
use bookstore_kit::testing::backends;
use serde_json::json;

use crate::support::{TestApp, Who, new_book, unique};

/// The parts of a problem that do not vary between runs.
macro_rules! assert_problem_snapshot {
    ($name:expr, $answer:expr) => {
        insta::assert_json_snapshot!($name, $answer.body, {
            ".request_id" => "[request id]",
        })
    };
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_book_names_every_bad_field() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let bad = app
            .post(
                "/api/v1/books",
                Who::Admin,
                json!({
                    "isbn": "978-0-261-10357-4",
                    "title": "   ",
                    "authors": ["Ada", " "],
                    "genres": ["Not A Slug"],
                    "language": "english",
                    "pages": 0,
                    "price": {"amount": -1, "currency": "XXX"},
                    "stock": -2,
                }),
            )
            .await;
        assert_eq!(bad.status, 400, "{}", app.label);
        assert_eq!(bad.content_type, "application/problem+json");
        assert_eq!(
            bad.fields(),
            [
                "isbn",
                "title",
                "language",
                "pages",
                "price.amount",
                "price.currency",
                "stock",
                "authors[1]",
                "genres[0]"
            ]
        );
        assert!(
            bad.message("isbn").contains("check digit"),
            "{:?}",
            bad.body
        );
        assert_problem_snapshot!("invalid_book", bad);
        assert_eq!(app.count("books").await, 0);
        assert_eq!(app.count("authors").await, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_bad_book_field_alone_is_a_400_naming_it() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        for (patch, field) in [
            (json!({"isbn": "9780261103574"}), "isbn"),
            (json!({"isbn": "12345"}), "isbn"),
            (json!({"title": ""}), "title"),
            (
                json!({"price": {"amount": -1, "currency": "EUR"}}),
                "price.amount",
            ),
            (
                json!({"price": {"amount": 1, "currency": "DOGE"}}),
                "price.currency",
            ),
            (json!({"stock": -1}), "stock"),
            (json!({"pages": -3}), "pages"),
            (json!({"language": "e1"}), "language"),
        ] {
            let mut body = new_book(unique(), "Fine");
            for (k, v) in patch.as_object().unwrap() {
                body[k] = v.clone();
            }
            let answer = app.post("/api/v1/books", Who::Admin, body).await;
            assert_eq!(
                (answer.status, answer.fields()),
                (400, vec![field.to_owned()]),
                "{}: {patch}",
                app.label
            );
        }
        let unknown = app
            .post(
                "/api/v1/books",
                Who::Admin,
                json!({"title": "x", "isbn": "9780261103573", "price": {"amount": 1, "currency": "EUR"}, "colour": "red"}),
            )
            .await;
        assert_eq!(unknown.status, 400, "unknown fields are refused");
        let wrong_type = app
            .post(
                "/api/v1/books",
                Who::Admin,
                json!({"title": "x", "isbn": "9780261103573", "price": {"amount": "1", "currency": "EUR"}}),
            )
            .await;
        assert_eq!(wrong_type.status, 400);
        assert_eq!(app.count("books").await, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_genre_writes_nothing() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.genre("Fantasy", "fantasy").await;
        let mut body = new_book(unique(), "Orphan");
        body["authors"] = json!(["Brand New Author"]);
        body["genres"] = json!(["fantasy", "no-such-genre"]);
        let answer = app.post("/api/v1/books", Who::Admin, body).await;
        assert_eq!(
            (answer.status, answer.fields()),
            (400, vec!["genres[1]".to_owned()]),
            "{}: {:?}",
            app.label,
            answer.body
        );
        assert!(answer.message("genres[1]").contains("no-such-genre"));
        assert_eq!(app.count("books").await, 0);
        assert_eq!(app.count("authors").await, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_late_in_a_write_rolls_all_of_it_back_and_hides_the_cause() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.genre("Fantasy", "fantasy").await;
        // Linking genres is the last write of a new book: make it fail.
        app.execute(match backend {
            Backend::Sqlite => {
                "CREATE TRIGGER refuse BEFORE INSERT ON book_genres \
                 BEGIN SELECT RAISE(ABORT, 'injected fault'); END;"
            }
            Backend::Postgres => {
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$; \
                 CREATE TRIGGER refuse BEFORE INSERT ON book_genres \
                 FOR EACH ROW EXECUTE FUNCTION refuse();"
            }
        })
        .await;
        let mut body = new_book(unique(), "Doomed");
        body["authors"] = json!(["Nobody Yet"]);
        body["genres"] = json!(["fantasy"]);
        let failed = app.post("/api/v1/books", Who::Admin, body.clone()).await;
        assert_eq!(
            (failed.status, failed.slug()),
            (500, "internal"),
            "{}",
            app.label
        );
        assert!(
            !failed.body.to_string().contains("injected"),
            "the cause leaked"
        );
        assert_eq!(app.count("books").await, 0, "{}", app.label);
        assert_eq!(app.count("authors").await, 0, "{}", app.label);
        assert_eq!(app.count("book_authors").await, 0, "{}", app.label);
        assert_eq!(app.get("/api/v1/books?q=doomed").await.items().len(), 0);

        app.execute(match backend {
            Backend::Sqlite => "DROP TRIGGER refuse",
            Backend::Postgres => "DROP TRIGGER refuse ON book_genres",
        })
        .await;
        app.book(body).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_list_parameters_are_precise_400s() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.book(new_book(unique(), "Anything")).await;
        for (query, field, needle) in [
            ("limit=101", "limit", "between 1 and 100"),
            ("limit=0", "limit", "between 1 and 100"),
            ("limit=ten", "limit", "between 1 and 100"),
            ("cursor=bm9wZQ", "cursor", "not a cursor"),
            ("cursor=%%%", "cursor", "not a cursor"),
            (
                "sort=cheapest",
                "sort",
                "relevance, title, -title, price, -price, newest, oldest",
            ),
            ("genre=no-such-genre", "genre", "no-such-genre"),
            ("author=not-a-uuid", "author", "UUID"),
            ("min_price=-5", "min_price", "0 or more"),
            ("min_price=500&max_price=100", "max_price", "min_price"),
            ("in_stock=perhaps", "in_stock", "true or false"),
            ("language=eng", "language", "ISO 639-1"),
        ] {
            let answer = app.get(&format!("/api/v1/books?{query}")).await;
            assert_eq!(
                (answer.status, answer.slug(), answer.fields()),
                (400, "validation", vec![field.to_owned()]),
                "{}: {query}: {:?}",
                app.label,
                answer.body
            );
            assert!(
                answer.message(field).contains(needle),
                "{query}: {}",
                answer.message(field)
            );
        }
        let sort = app.get("/api/v1/books?sort=cheapest").await;
        assert_problem_snapshot!("unknown_sort_key", sort);
        let author = uuid::Uuid::now_v7();
        let unknown_author = app.get(&format!("/api/v1/books?author={author}")).await;
        assert_eq!(unknown_author.fields(), ["author"]);

        // A cursor of one order is refused in another.
        let first = app.get("/api/v1/books?sort=title&limit=1").await;
        app.book(new_book(unique(), "Second")).await;
        let page = app.get("/api/v1/books?sort=title&limit=1").await;
        let cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
        assert_eq!(first.status, 200);
        let wrong = app
            .get(&format!("/api/v1/books?sort=price&limit=1&cursor={cursor}"))
            .await;
        assert_eq!(wrong.fields(), ["cursor"], "{:?}", wrong.body);

        let all = app
            .get("/api/v1/books?limit=500&sort=worst&cursor=x&min_price=-1")
            .await;
        assert_eq!(all.fields(), ["min_price", "sort", "limit", "cursor"]);

        let not_uuid = app.get("/api/v1/books/not-a-uuid").await;
        assert_eq!((not_uuid.status, not_uuid.slug()), (400, "invalid-path"));
    }
}
