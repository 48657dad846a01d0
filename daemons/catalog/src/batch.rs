//! `POST /books/batch`: many books created or updated by ISBN in one request, what
//! `bookstore books import` sends.
//!
//! Every row is checked with the rules of a single book ([`books::check_update`], the parsers
//! `PATCH /books/{id}` uses, and the same genre lookup); a bad row is answered on its own and
//! never stops the others. The good rows are then written in one unit of work whose number of
//! statements does not grow with the rows, except for the books that change: one lookup of the
//! genres, one locking lookup of the ISBNs, one each for the current links of those books, three
//! for the authors (found, created, found again), one multi-row insert per 500 new books and as
//! many for their links, then one `UPDATE` per changed book. On PostgreSQL the new authors are
//! created just before, in a short unit of work of their own (`create_authors` says why).
//!
//! A book is `updated` when a detail, its authors or its genres change (its version goes up) or
//! when the row sets another stock (which, as with `PUT /books/{id}/stock`, leaves the version
//! alone); else `unchanged`.
//!
//! Two batches creating the same ISBN at once: on PostgreSQL the second waits at the unique
//! index for the first to commit and then fails with a unique violation, so the whole batch is
//! tried again from a fresh read, where the book exists and the row becomes an update. New books
//! are inserted in ISBN order and new authors in name order, and existing books are locked in
//! id order (as reservations lock them), so two writers meet at their first common row instead
//! of deadlocking. On SQLite a write transaction is alone anyway.

use std::collections::{BTreeSet, HashMap};

use bookstore_kit::db::{Backend, Db};
use bookstore_sdk::types::{
    BOOK_BATCH_MAX, BookBatchItem, BookBatchOutcome, BookBatchResult, BookUpdate, BookUpsert,
    Problem,
};
use uuid::Uuid;

use crate::books::{self, Checked};
use crate::domain::{AuthorName, parse_stock};
use crate::error::{CatalogError, Fields};
use crate::store::books::{
    self as repo, AuthorLinkRow, BookChanges, BookRow, GenreLinkRow, NewBookRow, join_names,
};
use crate::store::{Conn, authors, genres};
use crate::{store, unit_of_work};

/// How many times a batch is written when other requests keep creating its ISBNs meanwhile.
const ATTEMPTS: u32 = 3;

/// A 400 unless the batch has between 1 and [`BOOK_BATCH_MAX`] rows.
pub fn check_size(rows: usize) -> Result<(), CatalogError> {
    match rows {
        0 => Err(CatalogError::field("books", "must not be empty")),
        n if n > BOOK_BATCH_MAX => Err(CatalogError::field(
            "books",
            format!("at most {BOOK_BATCH_MAX} books in one batch, not {n}"),
        )),
        _ => Ok(()),
    }
}

/// `POST /books/batch`. `rows` are the batch's rows as read; a row that could not be read
/// arrives as its problem and is answered with it.
pub async fn upsert(
    db: &Db,
    rows: Vec<Result<BookUpsert, Box<Problem>>>,
) -> Result<BookBatchResult, CatalogError> {
    check_size(rows.len())?;
    let mut items: Vec<Option<BookBatchItem>> = vec![None; rows.len()];
    let mut good = Vec::with_capacity(rows.len());
    let mut first: HashMap<String, usize> = HashMap::new();
    for (index, row) in rows.into_iter().enumerate() {
        let checked = match row {
            Err(problem) => Err(problem),
            Ok(row) => check(index, row).map_err(|e| Box::new(e.problem().0)),
        };
        match checked {
            Ok(row) => match first.get(&row.isbn) {
                // Two rows for one book would race each other: the first one counts.
                Some(earlier) => {
                    let error = CatalogError::field(
                        "isbn",
                        format!("is also in row {earlier} of the batch"),
                    );
                    items[index] = Some(failed(index, &error));
                }
                None => {
                    first.insert(row.isbn.clone(), index);
                    good.push(row);
                }
            },
            Err(problem) => items[index] = Some(failed_with(index, *problem)),
        }
    }
    if !good.is_empty() {
        for item in write(db, &good).await? {
            let index = item.index;
            items[index] = Some(item);
        }
    }
    let items: Vec<BookBatchItem> = items.into_iter().flatten().collect();
    Ok(BookBatchResult { items })
}

/// A row whose fields are valid.
#[derive(Debug)]
struct Row {
    index: usize,
    /// Digits only.
    isbn: String,
    /// Everything the row gives; the ISBN, title and price always.
    changes: BookChanges,
    authors: Option<Vec<AuthorName>>,
    /// Slugs; whether they exist is checked in the write.
    genres: Option<Vec<String>>,
    stock: Option<i64>,
}

/// Checks one row with the rules of `PATCH /books/{id}`, plus its stock.
fn check(index: usize, row: BookUpsert) -> Result<Row, CatalogError> {
    let BookUpsert {
        isbn,
        title,
        subtitle,
        description,
        authors,
        genres,
        language,
        pages,
        published_on,
        publisher,
        price,
        stock,
    } = row;
    let update = BookUpdate {
        isbn: Some(isbn),
        title: Some(title),
        subtitle,
        description,
        authors,
        genres,
        language,
        pages,
        published_on,
        publisher,
        price: Some(price),
    };
    let mut fields = Fields::default();
    let Checked {
        changes,
        authors,
        genres,
    } = books::check_update(&mut fields, &update);
    let stock = stock.and_then(|s| fields.check("stock", parse_stock(s)));
    fields.finish()?;
    let isbn = changes.isbn.clone().ok_or_else(missing)?;
    Ok(Row {
        index,
        isbn,
        changes,
        authors,
        genres,
        stock,
    })
}

fn missing() -> CatalogError {
    CatalogError::Internal(anyhow::anyhow!("validated fields went missing"))
}

fn failed(index: usize, error: &CatalogError) -> BookBatchItem {
    failed_with(index, error.problem().0)
}

fn failed_with(index: usize, problem: Problem) -> BookBatchItem {
    BookBatchItem {
        index,
        outcome: BookBatchOutcome::Failed,
        book_id: None,
        version: None,
        problem: Some(problem),
    }
}

fn done(index: usize, outcome: BookBatchOutcome, id: Uuid, version: i64) -> BookBatchItem {
    BookBatchItem {
        index,
        outcome,
        book_id: Some(id),
        version: Some(version),
        problem: None,
    }
}

/// Writes the good rows in one unit of work, again from the start when another request created
/// one of their ISBNs meanwhile.
async fn write(db: &Db, rows: &[Row]) -> Result<Vec<BookBatchItem>, CatalogError> {
    let mut attempt = 1;
    loop {
        if db.backend() == Backend::Postgres {
            unit_of_work!(db, |conn| create_authors(conn, rows).await)?;
        }
        match unit_of_work!(db, |conn| apply(conn, rows).await) {
            Err(CatalogError::IsbnTaken) if attempt < ATTEMPTS => {
                tracing::info!(
                    attempt,
                    "a batch's ISBN was created meanwhile; trying again"
                );
                attempt += 1;
            }
            Err(CatalogError::IsbnTaken) => return Err(CatalogError::BatchContended(attempt)),
            other => return other,
        }
    }
}

/// Each row with its genres' ids, `Err` naming the unknown ones, `None` when the row gives no
/// genres; with one lookup for the whole batch.
async fn with_genres<'r>(
    conn: &mut Conn<'_>,
    rows: &'r [Row],
) -> Result<Vec<(&'r Row, Option<Result<Vec<String>, CatalogError>>)>, CatalogError> {
    let slugs: BTreeSet<&String> = rows
        .iter()
        .flat_map(|r| r.genres.iter().flatten())
        .collect();
    let slugs: Vec<String> = slugs.into_iter().cloned().collect();
    let known = if slugs.is_empty() {
        Vec::new()
    } else {
        genres::find_by_slugs(conn, &slugs).await?
    };
    Ok(rows
        .iter()
        .map(|row| {
            let ids = row.genres.as_deref().map(|s| books::genre_ids(&known, s));
            (row, ids)
        })
        .collect())
}

/// Creates the authors the rows name that do not exist yet (of the rows that will be written),
/// in a unit of work of its own before the books', on PostgreSQL.
///
/// There a new author's name is held by the transaction that inserted it until that
/// commits, and another transaction inserting the same name waits for it. Imports name the same
/// authors in many batches, so inside the batch's transaction concurrent batches would queue
/// behind each other's whole write; here they wait for a few milliseconds at most. The
/// batch's own transaction looks the authors up again (creating any deleted meanwhile). Should
/// it then fail, the authors created here remain, without books.
async fn create_authors(conn: &mut Conn<'_>, rows: &[Row]) -> Result<(), CatalogError> {
    let names: Vec<AuthorName> = with_genres(conn, rows)
        .await?
        .into_iter()
        .filter(|(_, genre_ids)| !matches!(genre_ids, Some(Err(_))))
        .flat_map(|(row, _)| row.authors.iter().flatten())
        .cloned()
        .collect();
    authors::find_or_create_many(conn, &names).await?;
    Ok(())
}

/// A new book, with its links.
struct Create<'a> {
    row: &'a Row,
    genre_ids: Vec<String>,
}

/// An existing book and what the row changes in it.
struct Change<'a> {
    row: &'a Row,
    have: &'a BookRow,
    changes: BookChanges,
    authors: Option<&'a [AuthorName]>,
    genre_ids: Option<Vec<String>>,
    stock: Option<i64>,
}

impl Change<'_> {
    /// Whether the book gets a new version.
    fn bumps(&self) -> bool {
        !self.changes.is_empty() || self.authors.is_some() || self.genre_ids.is_some()
    }
}

/// The write: see the module's documentation.
async fn apply(conn: &mut Conn<'_>, rows: &[Row]) -> Result<Vec<BookBatchItem>, CatalogError> {
    let now = store::now();
    let mut items = Vec::with_capacity(rows.len());

    // Genres, looked up once; a row naming an unknown one fails alone.
    let mut good: Vec<(&Row, Option<Vec<String>>)> = Vec::with_capacity(rows.len());
    for (row, genre_ids) in with_genres(conn, rows).await? {
        match genre_ids {
            Some(Err(error)) => items.push(failed(row.index, &error)),
            Some(Ok(ids)) => good.push((row, Some(ids))),
            None => good.push((row, None)),
        }
    }

    // The books there already, locked, and the links of those whose rows name authors or
    // genres.
    let isbns: Vec<String> = good.iter().map(|(r, _)| r.isbn.clone()).collect();
    let existing: HashMap<String, BookRow> = repo::lock_by_isbns(conn, &isbns)
        .await?
        .into_iter()
        .map(|b| (b.isbn.clone(), b))
        .collect();
    let ids_where = |wanted: fn(&Row, &Option<Vec<String>>) -> bool| -> Vec<String> {
        good.iter()
            .filter(|(r, g)| wanted(r, g))
            .filter_map(|(r, _)| existing.get(&r.isbn))
            .map(|b| b.id.to_string())
            .collect()
    };
    let with_authors = ids_where(|r, _| r.authors.is_some());
    let with_genres = ids_where(|_, g| g.is_some());
    // Book id to its authors' folded names in byline order, and to its genre ids in order.
    let mut bylines: HashMap<String, Vec<String>> = HashMap::new();
    if !with_authors.is_empty() {
        for (book, author) in repo::authors_of(conn, &with_authors).await? {
            bylines
                .entry(book)
                .or_default()
                .push(author.name.to_lowercase());
        }
    }
    let mut shelves: HashMap<String, Vec<String>> = HashMap::new();
    if !with_genres.is_empty() {
        for (book, genre) in repo::genres_of(conn, &with_genres).await? {
            shelves.entry(book).or_default().push(genre.id.to_string());
        }
    }

    let mut creates = Vec::new();
    let mut changes = Vec::new();
    for (row, genre_ids) in good {
        let Some(have) = existing.get(&row.isbn) else {
            creates.push(Create {
                row,
                genre_ids: genre_ids.unwrap_or_default(),
            });
            continue;
        };
        let key = have.id.to_string();
        let authors = row.authors.as_deref().filter(|want| {
            let have = bylines.get(&key).map(Vec::as_slice).unwrap_or_default();
            !want.iter().map(AuthorName::folded).eq(have.iter().cloned())
        });
        let genre_ids = genre_ids.filter(|want| {
            let mut have = shelves.get(&key).cloned().unwrap_or_default();
            let mut want = want.clone();
            have.sort();
            want.sort();
            have != want
        });
        changes.push(Change {
            row,
            have,
            changes: differences(have, &row.changes),
            authors,
            genre_ids,
            stock: row.stock.filter(|s| *s != have.stock),
        });
    }

    // The authors of the new books and of the changed bylines, found or created at once.
    let names: Vec<AuthorName> = creates
        .iter()
        .flat_map(|c| c.row.authors.iter().flatten())
        .chain(changes.iter().flat_map(|c| c.authors.into_iter().flatten()))
        .cloned()
        .collect();
    let found = authors::find_or_create_many(conn, &names).await?;
    let byline = |names: &[AuthorName]| -> Result<Vec<(String, String)>, CatalogError> {
        names
            .iter()
            .map(|n| {
                found.get(&n.folded()).cloned().ok_or_else(|| {
                    CatalogError::Internal(anyhow::anyhow!("author {n:?} vanished while linking"))
                })
            })
            .collect()
    };

    // New books, in ISBN order (see the module's documentation), with their links.
    creates.sort_by(|a, b| a.row.isbn.cmp(&b.row.isbn));
    let mut new_rows = Vec::with_capacity(creates.len());
    let mut author_links = Vec::new();
    let mut genre_links = Vec::new();
    for create in &creates {
        let id = Uuid::now_v7();
        let book_id = id.to_string();
        let linked = byline(create.row.authors.as_deref().unwrap_or_default())?;
        new_rows.push(new_row(create.row, &book_id, &linked, now)?);
        author_links.extend(linked.into_iter().enumerate().map(|(i, (author_id, _))| {
            AuthorLinkRow {
                book_id: book_id.clone(),
                author_id,
                position: i32::try_from(i).unwrap_or(i32::MAX),
            }
        }));
        genre_links.extend(create.genre_ids.iter().map(|genre_id| GenreLinkRow {
            book_id: book_id.clone(),
            genre_id: genre_id.clone(),
        }));
        items.push(done(create.row.index, BookBatchOutcome::Created, id, 1));
    }
    repo::insert_many(conn, &new_rows).await?;

    // Changed books: their links replaced at once, then one UPDATE each (each sets other
    // values).
    let relinked: Vec<String> = changes
        .iter()
        .filter(|c| c.authors.is_some())
        .map(|c| c.have.id.to_string())
        .collect();
    let reshelved: Vec<String> = changes
        .iter()
        .filter(|c| c.genre_ids.is_some())
        .map(|c| c.have.id.to_string())
        .collect();
    if !relinked.is_empty() {
        repo::unlink_authors(conn, &relinked).await?;
    }
    if !reshelved.is_empty() {
        repo::unlink_genres(conn, &reshelved).await?;
    }
    let mut names_to_write = Vec::new();
    for change in &changes {
        let book_id = change.have.id.to_string();
        if let Some(names) = change.authors {
            let linked = byline(names)?;
            names_to_write.push((
                book_id.clone(),
                join_names(linked.iter().map(|(_, n)| n.as_str())),
            ));
            author_links.extend(linked.into_iter().enumerate().map(|(i, (author_id, _))| {
                AuthorLinkRow {
                    book_id: book_id.clone(),
                    author_id,
                    position: i32::try_from(i).unwrap_or(i32::MAX),
                }
            }));
        }
        if let Some(ids) = &change.genre_ids {
            genre_links.extend(ids.iter().map(|genre_id| GenreLinkRow {
                book_id: book_id.clone(),
                genre_id: genre_id.clone(),
            }));
        }
    }
    repo::link_authors(conn, author_links).await?;
    repo::link_genres(conn, genre_links).await?;
    for (book_id, names) in &names_to_write {
        repo::write_author_names(conn, book_id, names).await?;
    }
    for change in &changes {
        let id = change.have.id;
        let mut version = change.have.version;
        if change.bumps() {
            // The row is locked (PostgreSQL) or the writer alone (SQLite).
            if !repo::update(conn, id, version, &change.changes, now).await? {
                return Err(CatalogError::Internal(anyhow::anyhow!(
                    "book {id} changed under its lock"
                )));
            }
            version += 1;
        }
        if let Some(stock) = change.stock {
            repo::set_stock(conn, id, stock).await?;
        }
        let outcome = if change.bumps() || change.stock.is_some() {
            BookBatchOutcome::Updated
        } else {
            BookBatchOutcome::Unchanged
        };
        items.push(done(change.row.index, outcome, id, version));
    }
    Ok(items)
}

/// What in `want` (all that a row gives) differs from the book as stored.
fn differences(have: &BookRow, want: &BookChanges) -> BookChanges {
    fn changed<T: PartialEq + Clone>(want: &Option<T>, have: &T) -> Option<T> {
        want.as_ref().filter(|w| *w != have).cloned()
    }
    let title = changed(&want.title, &have.title);
    BookChanges {
        isbn: None,
        title_sort: title.as_ref().and(want.title_sort.clone()),
        title,
        subtitle: changed(&want.subtitle, &have.subtitle),
        description: changed(&want.description, &have.description),
        language: changed(&want.language, &have.language),
        pages: changed(&want.pages, &have.pages),
        published_on: changed(&want.published_on, &have.published_on),
        publisher: changed(&want.publisher, &have.publisher),
        price_amount: changed(&want.price_amount, &have.price_amount),
        currency: changed(&want.currency, &have.currency),
    }
}

/// A new book from a checked row; `linked` are its authors as stored, in byline order.
fn new_row(
    row: &Row,
    id: &str,
    linked: &[(String, String)],
    now: chrono::NaiveDateTime,
) -> Result<NewBookRow, CatalogError> {
    let c = &row.changes;
    let (Some(title), Some(title_sort), Some(price_amount), Some(currency)) = (
        c.title.clone(),
        c.title_sort.clone(),
        c.price_amount,
        c.currency.clone(),
    ) else {
        return Err(missing());
    };
    Ok(NewBookRow {
        id: id.to_owned(),
        isbn: row.isbn.clone(),
        title,
        title_sort,
        subtitle: c.subtitle.clone().flatten(),
        description: c.description.clone().flatten(),
        language: c.language.clone().flatten(),
        pages: c.pages.flatten(),
        published_on: c.published_on.flatten(),
        publisher: c.publisher.clone().flatten(),
        price_amount,
        currency,
        author_names: join_names(linked.iter().map(|(_, n)| n.as_str())),
        stock: row.stock.unwrap_or(0),
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use bookstore_sdk::types::Money;

    use super::*;

    fn upsert(isbn: &str) -> BookUpsert {
        BookUpsert {
            isbn: isbn.into(),
            title: " Dune ".into(),
            subtitle: Some(Some("  ".into())),
            description: None,
            authors: Some(vec!["Frank  Herbert".into(), "frank herbert".into()]),
            genres: None,
            language: Some(Some("EN".into())),
            pages: None,
            published_on: None,
            publisher: None,
            price: Money::new(1299, "eur"),
            stock: Some(3),
        }
    }

    #[test]
    fn rows_are_checked_like_a_patch() {
        let row = check(4, upsert("978-0-441-01359-3")).unwrap();
        assert_eq!(row.index, 4);
        assert_eq!(row.isbn, "9780441013593");
        assert_eq!(row.changes.title.as_deref(), Some("Dune"));
        assert_eq!(row.changes.subtitle, Some(None), "blank is no subtitle");
        assert_eq!(row.changes.description, None, "absent stays absent");
        assert_eq!(row.changes.language, Some(Some("en".into())));
        assert_eq!(row.changes.currency.as_deref(), Some("EUR"));
        assert_eq!(row.authors.unwrap().len(), 1, "repeats folded together");
        assert_eq!(row.stock, Some(3));

        let mut bad = upsert("9780441013594");
        bad.price = Money::new(-1, "XXX");
        bad.stock = Some(-1);
        bad.genres = Some(vec!["Sci Fi".into()]);
        let CatalogError::Validation(errors) = check(0, bad).unwrap_err() else {
            panic!()
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "isbn",
                "price.amount",
                "price.currency",
                "genres[0]",
                "stock"
            ]
        );
    }

    #[test]
    fn batches_hold_one_to_a_thousand_rows() {
        assert!(check_size(0).is_err());
        assert!(check_size(1).is_ok());
        assert!(check_size(BOOK_BATCH_MAX).is_ok());
        let Err(CatalogError::Validation(errors)) = check_size(BOOK_BATCH_MAX + 1) else {
            panic!()
        };
        assert_eq!(errors[0].field, "books");
    }
}
