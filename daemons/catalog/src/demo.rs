//! The demo catalog: real, well-known books (classics and familiar modern titles) across
//! eighteen genres, with their authors, prices in EUR and stock, so a fresh store has something
//! to browse, search and order.
//!
//! The data lives in two JSON Lines files in `daemons/catalog/data/`, embedded in the binary:
//! `demo-genres.jsonl` (one [`NewGenre`] a line) and `demo-books.jsonl` (one [`NewBook`] a
//! line, naming its authors and its genres by slug). The titles, authors, publishers, page
//! counts and years are those of the real works; the ISBNs are made up (valid ISBN-13s with a
//! correct check digit, not the real editions'), and so are the day and month of publication,
//! the prices and the stock. A few books have no stock and a few only one or two copies, so
//! "out of stock" and "last copies" can be shown. See `data/README.md`.
//!
//! `bookstored` seeds this catalog on first start in the embedded default (`--demo`, on by
//! default; `--no-demo` turns it off), and only when the catalog has no books yet: a restart, or
//! a catalog an admin has filled, is never touched. Seeding goes through the catalog's own
//! store, so the demo books are validated, indexed and searchable like any other.

use std::collections::HashSet;

use anyhow::Context as _;
use bookstore_kit::db::Db;
use bookstore_sdk::types::{NewBook, NewGenre};
use serde::de::DeserializeOwned;

use crate::error::CatalogError;

/// `demo-genres.jsonl`: one [`NewGenre`] (name and slug) a line.
pub const GENRES_JSONL: &str = include_str!("../data/demo-genres.jsonl");

/// `demo-books.jsonl`: one [`NewBook`] a line, in the format `POST /books` takes (and
/// `bookstore books import` reads).
pub const BOOKS_JSONL: &str = include_str!("../data/demo-books.jsonl");

/// The demo genres, in file order. Every genre a demo book names is among them.
///
/// # Panics
/// Only if the embedded file does not parse, which the tests below rule out.
pub fn genres() -> Vec<NewGenre> {
    parse_embedded("demo-genres.jsonl", GENRES_JSONL)
}

/// The demo books, in file order (grouped roughly by genre).
///
/// # Panics
/// Only if the embedded file does not parse, which the tests below rule out.
pub fn books() -> Vec<NewBook> {
    parse_embedded("demo-books.jsonl", BOOKS_JSONL)
}

/// What [`seed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeedReport {
    /// The catalog already had books, so nothing was written.
    pub skipped: bool,
    /// Genres created (a demo genre whose slug was already taken is left as it is).
    pub genres: usize,
    /// Books created.
    pub books: usize,
    /// Distinct authors the created books name (created unless they already existed).
    pub authors: usize,
}

/// Seeds the demo catalog into `db` if it has no books: the genres first, then the books
/// (which create their authors), each through the same rules as `POST /genres` and
/// `POST /books`. A catalog with any book is left alone ([`SeedReport::skipped`]), so this is
/// safe to call on every start; `bookstored` is to call it after migrating, unless `--no-demo`.
///
/// Each genre and each book is its own unit of work (what [`crate::genres::create`] and
/// [`crate::books::create`] do), so a failure part-way leaves the books seeded so far, and the
/// next start, seeing books, does not finish the job: the error says so.
pub async fn seed(db: &Db) -> anyhow::Result<SeedReport> {
    if crate::books::has_books(db)
        .await
        .context("cannot tell whether the catalog is empty")?
    {
        tracing::debug!("the catalog has books: not seeding the demo catalog");
        return Ok(SeedReport {
            skipped: true,
            ..SeedReport::default()
        });
    }
    let mut report = SeedReport::default();
    for genre in genres() {
        match crate::genres::create(db, &genre).await {
            Ok(_) => report.genres += 1,
            Err(CatalogError::GenreSlugTaken) => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create demo genre {}", genre.name));
            }
        }
    }
    let mut authors = HashSet::new();
    for book in books() {
        crate::books::create(db, &book).await.with_context(|| {
            format!(
                "cannot create demo book {} ({}) after {} others; the demo catalog is incomplete",
                book.title, book.isbn, report.books
            )
        })?;
        report.books += 1;
        authors.extend(book.authors.iter().map(|a| a.to_lowercase()));
    }
    report.authors = authors.len();
    tracing::info!(
        books = report.books,
        authors = report.authors,
        genres = report.genres,
        "seeded the demo catalog"
    );
    Ok(report)
}

fn parse_embedded<T: DeserializeOwned>(file: &str, text: &str) -> Vec<T> {
    parse_lines(text).unwrap_or_else(|e| panic!("the embedded {file} is malformed: {e}"))
}

/// Each non-blank line of `text` as a `T`; the first bad line's number and reason otherwise.
fn parse_lines<T: DeserializeOwned>(text: &str) -> Result<Vec<T>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use bookstore_kit::testing::{TestDb, backends};

    use super::*;

    /// The ISBN-13 check: weights 1 and 3 alternately, the sum a multiple of ten.
    fn isbn13_ok(isbn: &str) -> bool {
        isbn.len() == 13
            && isbn.starts_with("978")
            && isbn.chars().all(|c| c.is_ascii_digit())
            && isbn
                .chars()
                .filter_map(|c| c.to_digit(10))
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { d } else { d * 3 })
                .sum::<u32>()
                % 10
                == 0
    }

    #[test]
    fn the_check_digit_test_knows_right_from_wrong() {
        assert!(isbn13_ok("9780261103573"));
        assert!(!isbn13_ok("9780261103574"));
        assert!(!isbn13_ok("978026110357"));
        assert!(!isbn13_ok("9790261103573x"));
    }

    #[test]
    fn every_line_parses() {
        // Bad lines must fail loudly rather than be skipped.
        assert!(parse_lines::<NewGenre>("{\"name\": \"A\"}\n{oops}\n").is_err());
        assert!(parse_lines::<NewBook>(BOOKS_JSONL).is_ok());
        assert!(parse_lines::<NewGenre>(GENRES_JSONL).is_ok());
    }

    #[test]
    fn there_are_enough_genres_each_with_a_unique_valid_slug() {
        let genres = genres();
        assert!(genres.len() >= 12, "only {} genres", genres.len());
        let mut slugs = HashSet::new();
        let mut names = HashSet::new();
        for g in &genres {
            let slug = g.slug.as_deref().unwrap_or_default();
            assert!(
                !slug.is_empty()
                    && slug.split('-').all(|w| {
                        !w.is_empty()
                            && w.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    }),
                "bad slug {slug:?}"
            );
            assert!(slugs.insert(slug.to_owned()), "slug {slug} twice");
            assert!(names.insert(g.name.clone()), "genre name {} twice", g.name);
        }
    }

    #[test]
    fn there_are_enough_books_and_every_one_is_well_formed() {
        let genres: HashSet<String> = genres().into_iter().filter_map(|g| g.slug).collect();
        let books = books();
        assert!(books.len() >= 200, "only {} books", books.len());

        let mut isbns = HashSet::new();
        let mut works = HashSet::new();
        let mut used = BTreeSet::new();
        for b in &books {
            let what = format!("{} ({})", b.title, b.isbn);
            assert!(isbn13_ok(&b.isbn), "{what}: not a valid ISBN-13");
            assert!(isbns.insert(b.isbn.clone()), "{what}: ISBN used twice");
            assert!(
                works.insert((b.title.to_lowercase(), b.authors.clone())),
                "{what}: title and authors twice"
            );
            assert!(!b.title.trim().is_empty(), "{what}: empty title");
            assert!(!b.authors.is_empty(), "{what}: no authors");
            assert!(
                b.authors.iter().all(|a| !a.trim().is_empty()),
                "{what}: blank author"
            );
            assert!(!b.genres.is_empty(), "{what}: no genres");
            for g in &b.genres {
                assert!(genres.contains(g), "{what}: unknown genre {g}");
                used.insert(g.clone());
            }
            assert!(
                b.description.as_deref().is_some_and(|d| d.len() >= 20),
                "{what}: no description"
            );
            assert!(
                b.language.as_deref().is_some_and(|l| l.len() == 2),
                "{what}: no language"
            );
            assert!(b.pages.is_some_and(|p| p > 0), "{what}: no pages");
            assert!(b.published_on.is_some(), "{what}: no publication date");
            assert!(b.publisher.is_some(), "{what}: no publisher");
            assert_eq!(b.price.currency, "EUR", "{what}");
            assert!((499..=5999).contains(&b.price.amount), "{what}: price");
            assert!((0..=40).contains(&b.stock), "{what}: stock");
        }
        assert_eq!(used.len(), genres.len(), "every genre has books");
        let sold_out = books.iter().filter(|b| b.stock == 0).count();
        let last_copies = books.iter().filter(|b| (1..=2).contains(&b.stock)).count();
        assert!(sold_out >= 3, "{sold_out} books out of stock");
        assert!(
            last_copies >= 3,
            "{last_copies} books with one or two copies"
        );
    }

    #[tokio::test]
    async fn seeding_fills_an_empty_catalog_once() {
        for backend in backends() {
            let test_db = TestDb::new(backend, &[crate::MIGRATIONS]).await;
            let report = seed(&test_db.db).await.unwrap_or_else(|e| panic!("{e:#}"));
            assert_eq!(
                report,
                SeedReport {
                    skipped: false,
                    genres: genres().len(),
                    books: books().len(),
                    authors: report.authors,
                }
            );
            assert!(report.authors >= 200, "{report:?}");

            let again = seed(&test_db.db).await.unwrap_or_else(|e| panic!("{e:#}"));
            assert_eq!(
                again,
                SeedReport {
                    skipped: true,
                    ..SeedReport::default()
                },
                "a second start seeds nothing"
            );
        }
    }
}
