//! PostgreSQL only: the hot list queries stay on indexes at scale. Loads 200,000 books with
//! `generate_series` (about what a benchmark would) and checks the `EXPLAIN` of each hot
//! query: no sequential scan of `books`.

#![expect(clippy::unwrap_used)]

use std::time::Instant;

use bookstore_catalog::error::CatalogError;
use bookstore_catalog::store::search::{After, ListSpec, Order, explain};
use bookstore_kit::db::Backend;
use bookstore_kit::testing::{TestDb, postgres_server};

const BOOKS: i64 = 200_000;

const LOAD: &str = r"
INSERT INTO genres (id, slug, name, created_at)
SELECT md5('genre' || g)::uuid::text, 'genre-' || g, 'Genre ' || g, now()
FROM generate_series(1, 12) g;

INSERT INTO books (id, isbn, title, title_sort, subtitle, description, author_names, language,
                   pages, price_amount, currency, stock, version, created_at, updated_at)
SELECT md5('book' || i)::uuid::text,
       lpad(i::text, 13, '0'),
       t.title, lower(t.title), NULL,
       'A ' || (ARRAY['quiet', 'bold', 'strange', 'gentle'])[1 + i % 4] || ' story number ' || i,
       'Author ' || (i % 20000),
       'en', 100 + i % 500, 100 + (i * 7919) % 10000, 'EUR', i % 7, 1,
       timestamp '2026-01-01' + i * interval '1 second',
       timestamp '2026-01-01' + i * interval '1 second'
FROM generate_series(1, $BOOKS) i,
     LATERAL (SELECT (ARRAY['Dragon', 'Castle', 'River', 'Night', 'Storm', 'Garden'])[1 + i % 6]
                     || ' of w' || (i % 5000) || ' volume ' || i AS title) t;

INSERT INTO book_genres (book_id, genre_id)
SELECT md5('book' || i)::uuid::text, md5('genre' || (1 + i % 12))::uuid::text
FROM generate_series(1, $BOOKS) i;

ANALYZE;
";

fn spec(order: Order) -> ListSpec {
    ListSpec {
        words: Vec::new(),
        isbn: None,
        genre_id: None,
        author_id: None,
        min_price: None,
        max_price: None,
        in_stock: false,
        language: None,
        order,
        after: None,
        limit: 21,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hot_queries_use_indexes_on_two_hundred_thousand_books() {
    if postgres_server().is_none() {
        eprintln!("skipped: BOOKSTORE_TEST_DATABASE_URL is not set");
        return;
    }
    let test_db = TestDb::new(Backend::Postgres, &[bookstore_catalog::MIGRATIONS]).await;
    let db = &test_db.db;
    let started = Instant::now();
    let load = LOAD.replace("$BOOKS", &BOOKS.to_string());
    let loaded: Result<(), bookstore_kit::db::DbError> = async {
        use diesel_async::SimpleAsyncConnection as _;
        bookstore_kit::with_conn!(db, |conn| conn.batch_execute(&load).await?);
        Ok(())
    }
    .await;
    loaded.unwrap();
    eprintln!(
        "loaded {BOOKS} books in {} ms",
        started.elapsed().as_millis()
    );

    let genre = "genre-3";
    let genre_id: String = {
        use bookstore_catalog::store::schema::genres;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let found: Result<String, bookstore_kit::db::DbError> = async {
            Ok(bookstore_kit::with_conn!(db, |conn| {
                genres::table
                    .filter(genres::slug.eq(genre))
                    .select(genres::id)
                    .first::<String>(conn)
                    .await?
            }))
        }
        .await;
        found.unwrap()
    };
    let last_id = "00000000-0000-0000-0000-000000000000".to_owned();
    let hot: Vec<(&str, ListSpec)> = vec![
        (
            "search",
            ListSpec {
                words: vec!["w1234".into()],
                ..spec(Order::Relevance)
            },
        ),
        (
            "search, next page",
            ListSpec {
                words: vec!["w1234".into()],
                after: Some(After::Relevance(0.5, last_id.clone())),
                ..spec(Order::Relevance)
            },
        ),
        (
            "search two words by price",
            ListSpec {
                words: vec!["dragon".into(), "w12".into()],
                ..spec(Order::Price { desc: false })
            },
        ),
        (
            "genre filter by price",
            ListSpec {
                genre_id: Some(genre_id.clone()),
                ..spec(Order::Price { desc: false })
            },
        ),
        (
            "genre filter by price, next page",
            ListSpec {
                genre_id: Some(genre_id),
                after: Some(After::Price(5000, last_id.clone())),
                ..spec(Order::Price { desc: false })
            },
        ),
        ("newest", spec(Order::Created { desc: true })),
        (
            "newest, next page",
            ListSpec {
                after: Some(After::Created(
                    chrono::NaiveDate::from_ymd_opt(2026, 1, 2)
                        .unwrap()
                        .and_hms_opt(0, 0, 0)
                        .unwrap(),
                    last_id.clone(),
                )),
                ..spec(Order::Created { desc: true })
            },
        ),
        ("title", spec(Order::Title { desc: false })),
        (
            "price, in stock",
            ListSpec {
                in_stock: true,
                ..spec(Order::Price { desc: true })
            },
        ),
    ];
    for (name, spec) in hot {
        let plan: Result<Vec<String>, CatalogError> = async {
            bookstore_kit::with_conn!(db, |conn| {
                let mut conn = bookstore_catalog::store::Conn::from(&mut *conn);
                explain(&mut conn, &spec).await
            })
        }
        .await;
        let plan = plan.unwrap();
        let text = plan.join("\n");
        assert!(
            !text.contains("Seq Scan on books"),
            "{name} scans books sequentially:\n{text}"
        );
        eprintln!("{name}:\n{text}\n");
    }
}
