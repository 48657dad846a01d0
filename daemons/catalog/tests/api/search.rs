//! `GET /books`: search and its ranking, filters, sort orders, and keyset pages that stay
//! correct while books are added.

#![expect(clippy::unwrap_used)]

use std::collections::HashSet;

use bookstore_kit::testing::backends;
use serde_json::{Value, json};

use crate::support::{CatalogAnswer, TestApp, new_book, unique};

fn book(title: &str, amount: i64) -> Value {
    let mut body = new_book(unique(), title);
    body["price"] = json!({"amount": amount, "currency": "EUR"});
    body
}

#[tokio::test(flavor = "multi_thread")]
async fn a_title_match_ranks_above_a_description_match() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let mut described = book("A Quiet Village", 900);
        described["description"] =
            json!("Nothing happens for a long while, and then a dragon lands in the square.");
        app.book(described).await;
        app.book(book("The Dragon Reborn", 900)).await;
        let mut by_author = book("Stories", 900);
        by_author["authors"] = json!(["Eleanor Dragonetti"]);
        app.book(by_author).await;
        app.book(book("Unrelated", 900)).await;

        let found = app.get("/api/v1/books?q=dragon").await;
        assert_eq!(found.status, 200, "{:?}", found.body);
        let titles = found.titles();
        assert_eq!(titles[0], "The Dragon Reborn", "{}: {titles:?}", app.label);
        assert_eq!(
            titles.last().map(String::as_str),
            Some("A Quiet Village"),
            "{}: {titles:?}",
            app.label
        );
        // Partial words match as prefixes, in any field.
        let partial = app.get("/api/v1/books?q=drag").await;
        assert_eq!(
            partial.items().len(),
            3,
            "{}: {:?}",
            app.label,
            partial.titles()
        );
        let author = app.get("/api/v1/books?q=DRAGONETTI").await;
        assert_eq!(author.titles(), ["Stories"]);
        let both_words = app.get("/api/v1/books?q=dragon%20reborn").await;
        assert_eq!(both_words.titles(), ["The Dragon Reborn"]);
        let nothing = app.get("/api/v1/books?q=zebra").await;
        assert!(nothing.items().is_empty());
        // Punctuation is not query syntax.
        let syntax = app.get("/api/v1/books?q=%22dragon%22%20%26%7C!%3A*").await;
        assert_eq!(syntax.status, 200, "{:?}", syntax.body);
        assert_eq!(syntax.items().len(), 3, "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn searching_by_isbn_finds_the_book_in_any_spelling() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.book(json!({"isbn": "9780261103573", "title": "The Hobbit",
                        "price": {"amount": 1, "currency": "EUR"}}))
            .await;
        app.book(book("Decoy", 1)).await;
        for q in ["9780261103573", "978-0-261-10357-3", "0261103571"] {
            let found = app.get(&format!("/api/v1/books?q={q}")).await;
            assert_eq!(found.titles(), ["The Hobbit"], "{}: {q}", app.label);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_combine() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.genre("Science Fiction", "science-fiction").await;
        app.genre("Horror", "horror").await;
        let mut dune = book("Dune", 1500);
        dune["genres"] = json!(["science-fiction"]);
        dune["authors"] = json!(["Frank Herbert"]);
        dune["language"] = json!("en");
        let dune = app.book(dune).await;
        let mut solaris = book("Solaris", 900);
        solaris["genres"] = json!(["science-fiction"]);
        solaris["language"] = json!("pl");
        solaris["stock"] = json!(0);
        app.book(solaris).await;
        let mut it = book("It", 2500);
        it["genres"] = json!(["horror"]);
        it["language"] = json!("en");
        app.book(it).await;

        let titles = |query: &'static str| {
            let app = &app;
            async move {
                let mut t = app.get(&format!("/api/v1/books?{query}")).await.titles();
                t.sort();
                t
            }
        };
        assert_eq!(titles("genre=science-fiction").await, ["Dune", "Solaris"]);
        let genre_id = app.get("/api/v1/genres/horror").await.body["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let by_id = app.get(&format!("/api/v1/books?genre={genre_id}")).await;
        assert_eq!(by_id.titles(), ["It"]);
        assert_eq!(titles("min_price=1000").await, ["Dune", "It"]);
        assert_eq!(titles("max_price=1500").await, ["Dune", "Solaris"]);
        assert_eq!(titles("min_price=1000&max_price=2000").await, ["Dune"]);
        assert_eq!(
            titles("in_stock=true&genre=science-fiction").await,
            ["Dune"]
        );
        assert_eq!(
            titles("in_stock=false&genre=science-fiction").await,
            ["Dune", "Solaris"]
        );
        assert_eq!(titles("language=EN").await, ["Dune", "It"]);
        let author = dune.authors[0].id;
        let by_author = app.get(&format!("/api/v1/books?author={author}")).await;
        assert_eq!(by_author.titles(), ["Dune"]);
        assert_eq!(titles("q=solaris&language=en").await, Vec::<String>::new());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_sort_order_sorts() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        for (title, amount) in [("banana", 300), ("Apple", 200), ("cherry", 100)] {
            app.book(book(title, amount)).await;
        }
        for (sort, expected) in [
            ("title", ["Apple", "banana", "cherry"]),
            ("-title", ["cherry", "banana", "Apple"]),
            ("price", ["cherry", "Apple", "banana"]),
            ("-price", ["banana", "Apple", "cherry"]),
            ("oldest", ["banana", "Apple", "cherry"]),
            ("newest", ["cherry", "Apple", "banana"]),
            // Relevance without words: newest first.
            ("relevance", ["cherry", "Apple", "banana"]),
        ] {
            let answer = app.get(&format!("/api/v1/books?sort={sort}")).await;
            assert_eq!(answer.titles(), expected, "{}: sort={sort}", app.label);
        }
        assert_eq!(
            app.get("/api/v1/books").await.titles(),
            ["cherry", "Apple", "banana"],
            "newest first by default"
        );
    }
}

/// Walks every page of `query`, adding a book (from `insert`) before each next page.
async fn walk(
    app: &TestApp,
    query: &str,
    mut insert: impl FnMut(usize) -> Option<Value>,
) -> Vec<String> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for page in 0.. {
        let url = match &cursor {
            Some(c) => format!("/api/v1/books?{query}&cursor={c}"),
            None => format!("/api/v1/books?{query}"),
        };
        let answer = app.get(&url).await;
        assert_eq!(answer.status, 200, "{url}: {:?}", answer.body);
        seen.extend(answer.titles());
        match answer.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        if let Some(body) = insert(page) {
            app.book(body).await;
        }
        assert!(page < 100, "runaway paging");
    }
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_stay_correct_while_books_are_added() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let mut originals = HashSet::new();
        for i in 0..23 {
            // Equal prices in pairs, so ties are broken by the id.
            let title = format!("Original {i:02}");
            app.book(book(&title, 100 * (i / 2))).await;
            originals.insert(title);
        }
        for (sort, inserts) in [
            (
                "title",
                [
                    "AAA before everything",
                    "Original 05b",
                    "zzz after everything",
                ],
            ),
            ("-price", ["Cheap new", "Pricey new", "Mid new"]),
            ("newest", ["Newer 1", "Newer 2", "Newer 3"]),
            ("oldest", ["Later 1", "Later 2", "Later 3"]),
        ] {
            let prices = [1, 1_000_000, 1100];
            let seen = walk(&app, &format!("sort={sort}&limit=5"), |page| {
                inserts
                    .get(page)
                    .map(|t| book(&format!("{t} {sort}"), prices[page]))
            })
            .await;
            let unique: HashSet<&String> = seen.iter().collect();
            assert_eq!(
                unique.len(),
                seen.len(),
                "{}: {sort}: a row repeated: {seen:?}",
                app.label
            );
            for title in &originals {
                assert!(
                    seen.contains(title),
                    "{}: {sort}: {title} skipped",
                    app.label
                );
            }
            let mut sorted = seen.clone();
            match sort {
                "title" => sorted.sort_by_key(|t| t.to_lowercase()),
                _ => sorted = seen.clone(),
            }
            assert_eq!(seen, sorted, "{}: {sort} in order", app.label);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn relevance_pages_cover_every_match_once() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        for i in 0..12 {
            let mut body = book(&format!("Ocean {i}"), 100);
            if i % 3 == 0 {
                body["description"] = json!("the ocean, the ocean, and more ocean");
            }
            app.book(body).await;
        }
        let mut body = book("Mountains", 100);
        body["description"] = json!("far from any ocean");
        app.book(body).await;
        app.book(book("Desert", 100)).await;
        let seen = walk(&app, "q=ocean&limit=4", |_| None).await;
        assert_eq!(seen.len(), 13, "{}: {seen:?}", app.label);
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 13);
        assert_eq!(
            seen.last().map(String::as_str),
            Some("Mountains"),
            "{}",
            app.label
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn renaming_an_author_renames_them_in_search() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let mut body = book("Collected Stories", 100);
        body["authors"] = json!(["Anon Ymous"]);
        let created = app.book(body).await;
        let author = created.authors[0].id;
        let renamed = app
            .request(
                reqwest::Method::PATCH,
                &format!("/api/v1/authors/{author}"),
                crate::support::Who::Admin,
                Some(json!({"name": "Zora Neale Hurston"})),
                &[],
            )
            .await;
        assert_eq!(renamed.status, 200, "{:?}", renamed.body);
        assert_eq!(
            app.get("/api/v1/books?q=hurston").await.titles(),
            ["Collected Stories"]
        );
        assert!(
            app.get("/api/v1/books?q=ymous").await.items().is_empty(),
            "{}",
            app.label
        );
        assert_eq!(
            app.fetch(created.id).await.authors[0].name,
            "Zora Neale Hurston"
        );
    }
}
