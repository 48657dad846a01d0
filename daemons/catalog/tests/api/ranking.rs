//! How many matches a relevance-ordered search ranks: every one on SQLite; on PostgreSQL at
//! most `RANKED_AT_MOST`, the newest, so that a search matching that many or fewer is ranked
//! exactly, and one matching more shows the best of its newest.

#![expect(clippy::unwrap_used)]

use bookstore_catalog::store::search::RANKED_AT_MOST;
use bookstore_kit::db::Backend;
use bookstore_kit::testing::backends;
use serde_json::{Value, json};

use crate::support::{CatalogAnswer, TestApp, Who, isbn, unique};

/// Adds `rows` through `POST /books/batch`, a thousand at a time, in order: later rows are
/// newer.
async fn add(app: &TestApp, rows: Vec<Value>) {
    for chunk in rows.chunks(1000) {
        let answer = app
            .post("/api/v1/books/batch", Who::Admin, json!({ "books": chunk }))
            .await;
        assert_eq!(answer.status, 200, "{}: {:?}", app.label, answer.body);
    }
}

fn row(title: &str, description: &str) -> Value {
    json!({
        "isbn": isbn(unique()),
        "title": title,
        "description": description,
        "price": {"amount": 999, "currency": "EUR"},
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_ranks_the_newest_matches_of_a_search_that_matches_too_many() {
    let bound = usize::try_from(RANKED_AT_MOST).unwrap();
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        // The oldest ten name the word in their titles and rank first; the rest only in their
        // descriptions. Exactly as many matches as are ranked.
        let keepers: Vec<Value> = (0..10)
            .map(|n| row(&format!("Lighthouse Keeper {n}"), "A life."))
            .collect();
        add(&app, keepers).await;
        let volumes = (0..bound - 10)
            .map(|n| row(&format!("Volume {n}"), "Notes from the lighthouse."))
            .collect();
        add(&app, volumes).await;
        let keepers_first = |page: &crate::support::Answer| {
            page.titles()
                .iter()
                .take_while(|t| t.starts_with("Lighthouse Keeper"))
                .count()
        };
        let page = app.get("/api/v1/books?q=lighthouse&limit=12").await;
        assert_eq!(
            keepers_first(&page),
            10,
            "{}: {:?}",
            app.label,
            page.titles()
        );

        // One more match: PostgreSQL leaves the oldest out of the ranking.
        add(&app, vec![row("Volume last", "Notes from the lighthouse.")]).await;
        let page = app.get("/api/v1/books?q=lighthouse&limit=12").await;
        match backend {
            Backend::Sqlite => assert_eq!(keepers_first(&page), 10, "{:?}", page.titles()),
            Backend::Postgres => {
                assert_eq!(keepers_first(&page), 9, "{:?}", page.titles());
                assert!(!page.titles().contains(&"Lighthouse Keeper 0".to_owned()));
            }
        }
        // A search matching few books is untouched.
        let few = app.get("/api/v1/books?q=keeper&sort=relevance").await;
        assert_eq!(few.items().len(), 10, "{}", app.label);

        if backend == Backend::Postgres {
            // The pages run through the ranked books, each once.
            let mut seen = std::collections::HashSet::new();
            let mut cursor: Option<String> = None;
            loop {
                let path = match &cursor {
                    Some(c) => format!("/api/v1/books?q=lighthouse&limit=100&cursor={c}"),
                    None => "/api/v1/books?q=lighthouse&limit=100".to_owned(),
                };
                let page = app.get(&path).await;
                assert_eq!(page.status, 200, "{:?}", page.body);
                for item in page.items() {
                    assert!(seen.insert(item["id"].as_str().unwrap().to_owned()));
                }
                match page.body["next_cursor"].as_str() {
                    Some(c) => cursor = Some(c.to_owned()),
                    None => break,
                }
            }
            assert_eq!(seen.len(), bound);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn relevance_pages_neither_skip_nor_repeat_while_books_are_added() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        // Twelve matches of one length, the word i times in each: a strict order whatever the
        // table's statistics. Fillers keep the word rare.
        let matches: Vec<Value> = (1..=12)
            .map(|i| {
                let words = vec!["harbour"; i]
                    .into_iter()
                    .chain(vec!["quay"; 12 - i])
                    .collect::<Vec<_>>()
                    .join(" ");
                row(&format!("Tide table {i:02}"), &words)
            })
            .collect();
        add(&app, matches).await;
        let filler = |n: usize| {
            (0..n)
                .map(|k| row(&format!("Almanac {k}"), "Moon phases and fishing."))
                .collect::<Vec<Value>>()
        };
        add(&app, filler(40)).await;

        let first = app
            .get("/api/v1/books?q=harbour&sort=relevance&limit=4")
            .await;
        assert_eq!(first.status, 200, "{}: {:?}", app.label, first.body);
        let mut seen = first.titles();
        assert_eq!(seen[0], "Tide table 12", "{}: {seen:?}", app.label);
        let mut cursor = first.body["next_cursor"].as_str().unwrap().to_owned();

        // Books added between pages change every bm25 score on SQLite.
        add(&app, filler(200)).await;
        add(
            &app,
            vec![row("Harbour lights", "harbour harbour harbour harbour")],
        )
        .await;
        loop {
            let page = app
                .get(&format!(
                    "/api/v1/books?q=harbour&sort=relevance&limit=4&cursor={cursor}"
                ))
                .await;
            assert_eq!(page.status, 200, "{}: {:?}", app.label, page.body);
            seen.extend(page.titles());
            match page.body["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        let expected: Vec<String> = (1..=12)
            .rev()
            .map(|i| format!("Tide table {i:02}"))
            .collect();
        assert_eq!(seen, expected, "{}: every book once, in order", app.label);
    }
}
