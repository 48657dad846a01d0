//! `POST /api/v1/books/batch`: rows checked one by one with the single-book rules, upserts by
//! ISBN (created, updated, unchanged), who may send one, its size bounds, search over what it
//! stored, and concurrent batches on the same ISBNs.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::backends;
use serde_json::{Value, json};

use crate::support::{Answer, CatalogAnswer, TestApp, Who, isbn, unique};

const BATCH: &str = "/api/v1/books/batch";

/// A row with the fields that must be there.
fn row(isbn: &str, title: &str) -> Value {
    json!({"isbn": isbn, "title": title, "price": {"amount": 999, "currency": "EUR"}})
}

/// Sends `rows` as an admin; panics unless 200.
async fn send(app: &TestApp, rows: &[Value]) -> Answer {
    let answer = app.post(BATCH, Who::Admin, json!({ "books": rows })).await;
    assert_eq!(answer.status, 200, "{}: {:?}", app.label, answer.body);
    answer
}

/// Each item's outcome, in order.
fn outcomes(answer: &Answer) -> Vec<String> {
    answer
        .items()
        .iter()
        .map(|i| i["outcome"].as_str().unwrap().to_owned())
        .collect()
}

/// The fields the problem of item `i` names.
fn fields(answer: &Answer, i: usize) -> Vec<String> {
    answer.items()[i]["problem"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

fn book_id(answer: &Answer, i: usize) -> String {
    answer.items()[i]["book_id"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn good_rows_are_stored_and_bad_ones_named_by_index() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.genre("Fantasy", "fantasy").await;
        app.genre("Classics", "classics").await;
        let hobbit = isbn(unique());
        let mut full = row(&hobbit, " The Hobbit ");
        full["subtitle"] = json!("There and Back Again");
        full["authors"] = json!(["J. R. R. Tolkien", "Christopher  Tolkien"]);
        full["genres"] = json!(["fantasy", "classics"]);
        full["language"] = json!("EN");
        full["pages"] = json!(310);
        full["published_on"] = json!("1937-09-21");
        full["stock"] = json!(4);
        let mut bad_fields = row("978-0-261-10357-4", "  ");
        bad_fields["price"] = json!({"amount": -1, "currency": "XXX"});
        bad_fields["stock"] = json!(-2);
        let mut unknown_genre = row(&isbn(unique()), "Unshelved");
        unknown_genre["genres"] = json!(["fantasy", "no-such-genre"]);
        let mut mistyped = row(&isbn(unique()), "Mistyped");
        mistyped["pages"] = json!("many");
        let mut unknown_field = row(&isbn(unique()), "Colourful");
        unknown_field["colour"] = json!("red");
        let plain = isbn(unique());
        let rows = [
            full,
            bad_fields,
            row(&plain, "Plain"),
            unknown_genre,
            // The Hobbit again, its ISBN hyphenated.
            row(&format!("{}-{}", &hobbit[..3], &hobbit[3..]), "Again"),
            mistyped,
            unknown_field,
        ];
        let answer = send(&app, &rows).await;
        assert_eq!(
            outcomes(&answer),
            [
                "created", "failed", "created", "failed", "failed", "failed", "failed"
            ],
            "{}: {:?}",
            app.label,
            answer.body
        );
        let items = answer.items();
        for (i, item) in items.iter().enumerate() {
            assert_eq!(item["index"], i);
        }
        assert_eq!(
            fields(&answer, 1),
            ["isbn", "title", "price.amount", "price.currency", "stock"]
        );
        let problem = &items[1]["problem"];
        assert_eq!(
            (&problem["status"], &problem["type"]),
            (&json!(400), &json!("urn:bookstore:problem:validation"))
        );
        assert_eq!(fields(&answer, 3), ["genres[1]"], "{}", app.label);
        assert!(
            items[3]["problem"]["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("no-such-genre")
        );
        assert_eq!(fields(&answer, 4), ["isbn"]);
        assert!(
            items[4]["problem"]["detail"]
                .as_str()
                .unwrap()
                .contains("row 0")
        );
        assert_eq!(fields(&answer, 5), ["pages"], "{:?}", items[5]);
        assert!(
            items[6]["problem"]["detail"]
                .as_str()
                .unwrap()
                .contains("unknown field `colour`"),
            "{:?}",
            items[6]
        );
        assert!(items[1].get("book_id").is_none());
        assert_eq!(items[0]["version"], 1);

        // What was stored is what a single create would have stored.
        let book = app.fetch(book_id(&answer, 0)).await;
        assert_eq!(book.isbn, hobbit);
        assert_eq!(book.title, "The Hobbit");
        assert_eq!(book.subtitle.as_deref(), Some("There and Back Again"));
        assert_eq!(
            book.authors
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["J. R. R. Tolkien", "Christopher Tolkien"]
        );
        let mut genres: Vec<&str> = book.genres.iter().map(|g| g.slug.as_str()).collect();
        genres.sort_unstable();
        assert_eq!(genres, ["classics", "fantasy"]);
        assert_eq!(book.language.as_deref(), Some("en"));
        assert_eq!(book.pages, Some(310));
        assert_eq!((book.stock, book.version), (4, 1));
        let plain_book = app.fetch(book_id(&answer, 2)).await;
        assert_eq!((plain_book.stock, plain_book.authors.len()), (0, 0));
        assert_eq!(app.count("books").await, 2, "{}", app.label);
        assert_eq!(app.count("authors").await, 2, "{}", app.label);
        assert_eq!(app.count("book_genres").await, 2, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_sent_again_is_unchanged_and_a_changed_row_updates_its_book() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.genre("Poetry", "poetry").await;
        app.genre("Drama", "drama").await;
        let isbns: Vec<String> = (0..4).map(|_| isbn(unique())).collect();
        let mut rows: Vec<Value> = isbns
            .iter()
            .enumerate()
            .map(|(i, isbn)| {
                let mut r = row(isbn, &format!("Book {i}"));
                r["subtitle"] = json!("A subtitle");
                r["description"] = json!("Long ago.");
                r["authors"] = json!(["Ann Author", "Bo Writer"]);
                r["genres"] = json!(["poetry", "drama"]);
                r["stock"] = json!(2);
                r
            })
            .collect();
        let created = send(&app, &rows).await;
        assert_eq!(outcomes(&created), ["created"; 4], "{}", app.label);

        // The same again, genres in another order and names in another case: nothing to do.
        for r in &mut rows {
            r["genres"] = json!(["drama", "poetry"]);
            r["authors"] = json!(["ann author", "Bo  Writer"]);
        }
        let again = send(&app, &rows).await;
        assert_eq!(outcomes(&again), ["unchanged"; 4], "{}", app.label);
        for i in 0..4 {
            assert_eq!(book_id(&again, i), book_id(&created, i));
            assert_eq!(again.items()[i]["version"], 1);
        }

        // 0: a new title. 1: only the stock. 2: the subtitle cleared, the description left out
        // (kept). 3: new authors and genres.
        rows[0]["title"] = json!("Book Zero");
        rows[1]["stock"] = json!(9);
        rows[2]["subtitle"] = Value::Null;
        rows[2].as_object_mut().unwrap().remove("description");
        rows[3]["authors"] = json!(["Cy Newcomer"]);
        rows[3]["genres"] = json!(["poetry"]);
        let changed = send(&app, &rows).await;
        assert_eq!(outcomes(&changed), ["updated"; 4], "{}", app.label);
        let versions: Vec<i64> = changed
            .items()
            .iter()
            .map(|i| i["version"].as_i64().unwrap())
            .collect();
        assert_eq!(versions, [2, 1, 2, 2], "stock does not change the version");

        let zero = app.fetch(book_id(&changed, 0)).await;
        assert_eq!((zero.title.as_str(), zero.version), ("Book Zero", 2));
        let one = app.fetch(book_id(&changed, 1)).await;
        assert_eq!((one.stock, one.version), (9, 1));
        let two = app.fetch(book_id(&changed, 2)).await;
        assert_eq!(two.subtitle, None, "null clears");
        assert_eq!(
            two.description.as_deref(),
            Some("Long ago."),
            "absent keeps"
        );
        assert_eq!(two.stock, 2);
        let three = app.fetch(book_id(&changed, 3)).await;
        assert_eq!(three.authors.len(), 1);
        assert_eq!(three.authors[0].name, "Cy Newcomer");
        assert_eq!(three.genres.len(), 1);
        assert_eq!(app.count("book_authors").await, 7, "{}", app.label);
        assert_eq!(app.count("book_genres").await, 7, "{}", app.label);
        // The new byline is what search reads.
        let found = app.get("/api/v1/books?q=newcomer").await;
        assert_eq!(found.titles(), ["Book 3"], "{}", app.label);
        let gone = app.get("/api/v1/books?q=ann").await;
        assert_eq!(gone.items().len(), 3, "{}: {:?}", app.label, gone.titles());

        // A row that changes nothing after a failed one in the same batch.
        let mut bad = rows[1].clone();
        bad["isbn"] = json!(isbn(unique()));
        bad["price"] = json!({"amount": 1, "currency": "ZZZ"});
        let mixed = send(&app, &[bad, rows[0].clone()]).await;
        assert_eq!(outcomes(&mixed), ["failed", "unchanged"]);
        assert_eq!(app.count("books").await, 4);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn batch_inserted_books_are_found_by_search() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let lantern = isbn(unique());
        let mut first = row(&lantern, "The Brass Lantern");
        first["authors"] = json!(["Imogen Quillfeather"]);
        let mut second = row(&isbn(unique()), "Harbour Lights");
        second["description"] = json!("A lighthouse keeper and a lantern that never goes out.");
        let third = row(&isbn(unique()), "Unrelated");
        send(&app, &[first, second, third]).await;

        let title = app.get("/api/v1/books?q=lantern").await;
        assert_eq!(
            title.titles(),
            ["The Brass Lantern", "Harbour Lights"],
            "{}: a title match ranks first",
            app.label
        );
        let author = app.get("/api/v1/books?q=quillfeather").await;
        assert_eq!(author.titles(), ["The Brass Lantern"], "{}", app.label);
        let prefix = app.get("/api/v1/books?q=harbo").await;
        assert_eq!(prefix.titles(), ["Harbour Lights"], "{}", app.label);
        let by_isbn = app.get(&format!("/api/v1/books?q={lantern}")).await;
        assert_eq!(by_isbn.titles(), ["The Brass Lantern"], "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_needs_an_admin_and_one_to_a_thousand_rows() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let body = json!({"books": [row(&isbn(unique()), "Emma")]});
        for (who, status) in [(Who::Nobody, 401), (Who::Customer, 403)] {
            let answer = app.post(BATCH, who, body.clone()).await;
            assert_eq!(answer.status, status, "{}: as {who:?}", app.label);
        }

        let empty = app.post(BATCH, Who::Admin, json!({"books": []})).await;
        assert_eq!(
            (empty.status, empty.fields()),
            (400, vec!["books".to_owned()]),
            "{}: {:?}",
            app.label,
            empty.body
        );
        let rows: Vec<Value> = (0..1001)
            .map(|_| row(&isbn(unique()), "Too many"))
            .collect();
        let too_many = app.post(BATCH, Who::Admin, json!({ "books": rows })).await;
        assert_eq!(
            (too_many.status, too_many.fields()),
            (400, vec!["books".to_owned()])
        );
        assert!(
            too_many.message("books").contains("at most 1000"),
            "{:?}",
            too_many.body
        );
        let not_a_batch = app
            .post(BATCH, Who::Admin, json!([row(&isbn(unique()), "Bare")]))
            .await;
        assert_eq!(not_a_batch.status, 400, "{:?}", not_a_batch.body);
        assert_eq!(app.count("books").await, 0, "{}", app.label);

        // A full batch goes through.
        let rows: Vec<Value> = (0..1000)
            .map(|i| row(&isbn(unique()), &format!("Volume {i}")))
            .collect();
        let full = send(&app, &rows).await;
        assert_eq!(outcomes(&full), ["created"; 1000]);
        assert_eq!(app.count("books").await, 1000, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_batches_on_the_same_isbns_each_store_every_row_once() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.open_connections(4).await;
        let isbns: Vec<String> = (0..200).map(|_| isbn(unique())).collect();
        let batch = |reverse: bool| {
            let mut rows: Vec<Value> = isbns
                .iter()
                .map(|i| {
                    let mut r = row(i, &format!("Race {i}"));
                    r["authors"] = json!([format!("Author {}", &i[9..])]);
                    r
                })
                .collect();
            if reverse {
                rows.reverse();
            }
            json!({ "books": rows })
        };
        let sends = (0..4).map(|n| app.post(BATCH, Who::Admin, batch(n % 2 == 1)));
        let answers = futures_util::future::join_all(sends).await;
        let mut created = 0;
        for answer in &answers {
            assert_eq!(answer.status, 200, "{}: {:?}", app.label, answer.body);
            for outcome in outcomes(answer) {
                match outcome.as_str() {
                    "created" => created += 1,
                    "unchanged" => {}
                    other => panic!("{}: {other}", app.label),
                }
            }
        }
        assert_eq!(created, 200, "{}: each book created once", app.label);
        assert_eq!(app.count("books").await, 200);
        assert_eq!(app.count("book_authors").await, 200);
    }
}
