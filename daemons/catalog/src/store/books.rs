//! The `books` table and its links to authors and genres (`book_authors`, `book_genres`).

use bookstore_sdk::types::{AuthorRef, Book, GenreRef, Money};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::{authors, book_authors, book_genres, books, genres};
use super::{Conn, ROWS_PER_INSERT, UuidText, dispatch, is_unique_violation};
use crate::error::CatalogError;

/// A book as stored, without its links.
#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = books)]
pub struct BookRow {
    #[diesel(deserialize_as = UuidText)]
    pub id: Uuid,
    pub isbn: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub pages: Option<i32>,
    pub published_on: Option<NaiveDate>,
    pub publisher: Option<String>,
    pub price_amount: i64,
    pub currency: String,
    pub stock: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl BookRow {
    /// The wire form, with the book's authors and genres.
    pub fn into_book(self, authors: Vec<AuthorRef>, genres: Vec<GenreRef>) -> Book {
        Book {
            id: self.id,
            isbn: self.isbn,
            title: self.title,
            subtitle: self.subtitle,
            description: self.description,
            authors,
            genres,
            language: self.language,
            pages: self.pages,
            published_on: self.published_on,
            publisher: self.publisher,
            price: Money::new(self.price_amount, self.currency),
            stock: self.stock,
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }
}

/// A book to insert; the id is a UUID v7, so ids sort by creation time.
#[derive(Debug, Insertable)]
#[diesel(table_name = books)]
pub struct NewBookRow {
    pub id: String,
    pub isbn: String,
    pub title: String,
    pub title_sort: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub pages: Option<i32>,
    pub published_on: Option<NaiveDate>,
    pub publisher: Option<String>,
    pub price_amount: i64,
    pub currency: String,
    /// The authors' names as search reads them ([`join_names`]). Outside the diesel schema:
    /// [`insert`] leaves it to [`set_authors`], [`insert_many`] writes it with the row.
    #[diesel(skip_insertion)]
    pub author_names: String,
    pub stock: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The columns a change may set: `None` leaves a column alone, `Some(None)` clears it.
#[derive(Debug, Default, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = books)]
pub struct BookChanges {
    pub isbn: Option<String>,
    pub title: Option<String>,
    pub title_sort: Option<String>,
    pub subtitle: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub language: Option<Option<String>>,
    pub pages: Option<Option<i32>>,
    pub published_on: Option<Option<NaiveDate>>,
    pub publisher: Option<Option<String>>,
    pub price_amount: Option<i64>,
    pub currency: Option<String>,
}

impl BookChanges {
    /// Whether nothing would be set.
    pub fn is_empty(&self) -> bool {
        *self == BookChanges::default()
    }
}

/// The title's sort key: lower-cased by Rust, the same on both backends.
pub fn title_sort(title: &str) -> String {
    title.to_lowercase()
}

/// The one unique constraint besides the key: an ISBN taken means [`CatalogError::IsbnTaken`].
fn isbn_taken(e: diesel::result::Error) -> CatalogError {
    if is_unique_violation(&e, "books_isbn_key", "books.isbn") {
        CatalogError::IsbnTaken
    } else {
        e.into()
    }
}

pub async fn insert(conn: &mut Conn<'_>, row: &NewBookRow) -> Result<(), CatalogError> {
    dispatch!(conn, |c| {
        diesel::insert_into(books::table)
            .values(row)
            .execute(c)
            .await
            .map_err(isbn_taken)?
    });
    Ok(())
}

/// The columns [`insert_many`] writes, in the order of its values.
const INSERT_COLUMNS: [&str; 17] = [
    "id",
    "isbn",
    "title",
    "title_sort",
    "subtitle",
    "description",
    "author_names",
    "language",
    "pages",
    "published_on",
    "publisher",
    "price_amount",
    "currency",
    "stock",
    "version",
    "created_at",
    "updated_at",
];

/// Inserts many books, their authors' names included, with multi-row `INSERT`s of at most
/// [`ROWS_PER_INSERT`] rows; [`CatalogError::IsbnTaken`] when one of the ISBNs is (or has just
/// been) taken.
///
/// SQL by hand: with `author_names`, a row has 17 columns, one more than the diesel schema may
/// have without its `32-column-tables` feature. Placeholders are `$n` on PostgreSQL and `?` on
/// SQLite, which looks every named (`$n`) parameter up among the statement's others: thousands
/// of them would cost more than the insert.
pub async fn insert_many(conn: &mut Conn<'_>, rows: &[NewBookRow]) -> Result<(), CatalogError> {
    use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text, Timestamp};
    let numbered = matches!(conn, Conn::Postgres(_));
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = insert_many_sql(chunk.len(), numbered);
        dispatch!(conn, |c| {
            let mut query = diesel::sql_query(sql.as_str()).into_boxed();
            for row in chunk {
                query = query
                    .bind::<Text, _>(&row.id)
                    .bind::<Text, _>(&row.isbn)
                    .bind::<Text, _>(&row.title)
                    .bind::<Text, _>(&row.title_sort)
                    .bind::<Nullable<Text>, _>(row.subtitle.as_ref())
                    .bind::<Nullable<Text>, _>(row.description.as_ref())
                    .bind::<Text, _>(&row.author_names)
                    .bind::<Nullable<Text>, _>(row.language.as_ref())
                    .bind::<Nullable<Integer>, _>(row.pages)
                    .bind::<Nullable<Date>, _>(row.published_on)
                    .bind::<Nullable<Text>, _>(row.publisher.as_ref())
                    .bind::<BigInt, _>(row.price_amount)
                    .bind::<Text, _>(&row.currency)
                    .bind::<BigInt, _>(row.stock)
                    .bind::<BigInt, _>(row.version)
                    .bind::<Timestamp, _>(row.created_at)
                    .bind::<Timestamp, _>(row.updated_at);
            }
            query.execute(c).await.map_err(isbn_taken)?
        });
    }
    Ok(())
}

/// `INSERT INTO books (<columns>) VALUES ($1, ...), ...` for `rows` rows; `?` instead of `$n`
/// unless `numbered`.
fn insert_many_sql(rows: usize, numbered: bool) -> String {
    let width = INSERT_COLUMNS.len();
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let marks: Vec<String> = (1..=width)
                .map(|c| {
                    if numbered {
                        format!("${}", r * width + c)
                    } else {
                        "?".to_owned()
                    }
                })
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO books ({}) VALUES {}",
        INSERT_COLUMNS.join(", "),
        values.join(", ")
    )
}

/// Whether there is any book at all.
pub async fn any(conn: &mut Conn<'_>) -> Result<bool, CatalogError> {
    let one: Option<String> = dispatch!(conn, |c| {
        books::table.select(books::id).first(c).await.optional()?
    });
    Ok(one.is_some())
}

pub async fn find(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<BookRow>, CatalogError> {
    let id = id.to_string();
    Ok(dispatch!(conn, |c| {
        books::table
            .find(&id)
            .select(BookRow::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

/// Locks the book's row until the transaction ends and returns its version; `None` when there
/// is no such book. Deleting a book must not race a reservation taking its copies.
///
/// Backend-specific: `SELECT ... FOR UPDATE` on PostgreSQL; on SQLite a plain read, because
/// `transaction!` opens SQLite transactions with `BEGIN IMMEDIATE`, one writer at a time.
pub async fn lock(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<i64>, CatalogError> {
    let id = id.to_string();
    let query = books::table.find(id).select(books::version);
    Ok(match conn {
        Conn::Postgres(c) => query.for_update().first(&mut **c).await.optional()?,
        Conn::Sqlite(c) => query.first(&mut **c).await.optional()?,
    })
}

/// The books with these ISBNs (those that exist), locked until the transaction ends like
/// [`lock`], in id order so that two transactions locking overlapping sets queue instead of
/// deadlocking.
///
/// Backend-specific: `SELECT ... FOR UPDATE` on PostgreSQL, a plain read on SQLite.
pub async fn lock_by_isbns(
    conn: &mut Conn<'_>,
    isbns: &[String],
) -> Result<Vec<BookRow>, CatalogError> {
    let query = books::table
        .filter(books::isbn.eq_any(isbns))
        .order(books::id);
    Ok(match conn {
        Conn::Postgres(c) => {
            query
                .select(BookRow::as_select())
                .for_update()
                .load(&mut **c)
                .await?
        }
        Conn::Sqlite(c) => query.select(BookRow::as_select()).load(&mut **c).await?,
    })
}

/// Applies `changes` when the book is at version `expected`, bumping the version. `false` when
/// no row matched: the book is missing or at another version. The version is checked by the
/// UPDATE itself, so of two concurrent changes from the same version only one applies.
pub async fn update(
    conn: &mut Conn<'_>,
    id: Uuid,
    expected: i64,
    changes: &BookChanges,
    now: NaiveDateTime,
) -> Result<bool, CatalogError> {
    let id = id.to_string();
    let updated = dispatch!(conn, |c| {
        diesel::update(books::table.find(&id).filter(books::version.eq(expected)))
            .set((
                changes,
                books::version.eq(books::version + 1),
                books::updated_at.eq(now),
            ))
            .execute(c)
            .await
            .map_err(isbn_taken)?
    });
    Ok(updated == 1)
}

/// The version of a book, if it exists.
pub async fn version(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<i64>, CatalogError> {
    let id = id.to_string();
    Ok(dispatch!(conn, |c| {
        books::table
            .find(&id)
            .select(books::version)
            .first(c)
            .await
            .optional()?
    }))
}

pub async fn delete(conn: &mut Conn<'_>, id: Uuid) -> Result<bool, CatalogError> {
    let id = id.to_string();
    let deleted = dispatch!(conn, |c| {
        diesel::delete(books::table.find(&id)).execute(c).await?
    });
    Ok(deleted == 1)
}

/// Sets the stock; `false` when there is no such book.
pub async fn set_stock(conn: &mut Conn<'_>, id: Uuid, stock: i64) -> Result<bool, CatalogError> {
    let id = id.to_string();
    let updated = dispatch!(conn, |c| {
        diesel::update(books::table.find(&id))
            .set(books::stock.eq(stock))
            .execute(c)
            .await?
    });
    Ok(updated == 1)
}

/// Adds `delta` (maybe negative) to the stock unless that would go below zero; `false` when it
/// would, or when there is no such book. The condition is checked by the UPDATE itself, so
/// concurrent changes cannot together go below zero.
pub async fn adjust_stock(conn: &mut Conn<'_>, id: Uuid, delta: i64) -> Result<bool, CatalogError> {
    let id = id.to_string();
    let updated = dispatch!(conn, |c| {
        diesel::update(
            books::table
                .find(&id)
                .filter(books::stock.ge(delta.saturating_neg())),
        )
        .set(books::stock.eq(books::stock + delta))
        .execute(c)
        .await?
    });
    Ok(updated == 1)
}

/// What a reservation records about a book: its title and price when the copies were taken.
#[derive(Debug, Clone, Queryable)]
pub struct Priced {
    pub id: String,
    pub title: String,
    pub price_amount: i64,
    pub currency: String,
}

/// The titles and prices of the books `ids` that exist.
pub async fn priced(conn: &mut Conn<'_>, ids: &[&str]) -> Result<Vec<Priced>, CatalogError> {
    Ok(dispatch!(conn, |c| {
        books::table
            .filter(books::id.eq_any(ids))
            .select((
                books::id,
                books::title,
                books::price_amount,
                books::currency,
            ))
            .load::<Priced>(c)
            .await?
    }))
}

/// Takes `quantity` copies if that many are available: one conditional UPDATE, so two
/// concurrent reservations can never both take the last copy. `false` when not enough (or no
/// such book).
pub async fn take_stock(
    conn: &mut Conn<'_>,
    id: &str,
    quantity: i64,
) -> Result<bool, CatalogError> {
    let taken = dispatch!(conn, |c| {
        diesel::update(books::table.find(id).filter(books::stock.ge(quantity)))
            .set(books::stock.eq(books::stock - quantity))
            .execute(c)
            .await?
    });
    Ok(taken == 1)
}

/// Gives `quantity` copies back; a deleted book has nothing to give back to.
pub async fn give_back(conn: &mut Conn<'_>, id: &str, quantity: i64) -> Result<(), CatalogError> {
    dispatch!(conn, |c| {
        diesel::update(books::table.find(id))
            .set(books::stock.eq(books::stock + quantity))
            .execute(c)
            .await?
    });
    Ok(())
}

/// The copies available of a book, if it exists.
pub async fn stock_of(conn: &mut Conn<'_>, id: &str) -> Result<Option<i64>, CatalogError> {
    Ok(dispatch!(conn, |c| {
        books::table
            .find(id)
            .select(books::stock)
            .first(c)
            .await
            .optional()?
    }))
}

/// Replaces the book's authors (in byline order) and their names in the search text.
pub async fn set_authors(
    conn: &mut Conn<'_>,
    id: Uuid,
    authors: &[(String, String)],
) -> Result<(), CatalogError> {
    let book_id = id.to_string();
    let rows: Vec<_> = authors
        .iter()
        .enumerate()
        .map(|(i, (author_id, _))| {
            (
                book_authors::book_id.eq(book_id.clone()),
                book_authors::author_id.eq(author_id.clone()),
                book_authors::position.eq(i32::try_from(i).unwrap_or(i32::MAX)),
            )
        })
        .collect();
    let names = join_names(authors.iter().map(|(_, name)| name.as_str()));
    dispatch!(conn, |c| {
        diesel::delete(book_authors::table.filter(book_authors::book_id.eq(&book_id)))
            .execute(c)
            .await?;
        // One row at a time: the SQLite connection wrapper has no multi-row insert.
        for row in &rows {
            diesel::insert_into(book_authors::table)
                .values(row.clone())
                .execute(c)
                .await?;
        }
    });
    write_author_names(conn, &book_id, &names).await
}

/// Writes `books.author_names`, which is outside the diesel schema (see `schema.rs`). `$1`
/// and `$2` are positional on PostgreSQL and, appearing in order, on SQLite too.
pub(crate) async fn write_author_names(
    conn: &mut Conn<'_>,
    book_id: &str,
    names: &str,
) -> Result<(), CatalogError> {
    use diesel::sql_types::Text;
    let query = diesel::sql_query("UPDATE books SET author_names = $1 WHERE id = $2")
        .bind::<Text, _>(names)
        .bind::<Text, _>(book_id);
    dispatch!(conn, |c| query.clone().execute(c).await?);
    Ok(())
}

/// The authors' names as search indexes them.
pub fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

/// Replaces the book's genres.
pub async fn set_genres(
    conn: &mut Conn<'_>,
    id: Uuid,
    genre_ids: &[String],
) -> Result<(), CatalogError> {
    let book_id = id.to_string();
    let rows: Vec<_> = genre_ids
        .iter()
        .map(|g| {
            (
                book_genres::book_id.eq(book_id.clone()),
                book_genres::genre_id.eq(g.clone()),
            )
        })
        .collect();
    dispatch!(conn, |c| {
        diesel::delete(book_genres::table.filter(book_genres::book_id.eq(&book_id)))
            .execute(c)
            .await?;
        for row in &rows {
            diesel::insert_into(book_genres::table)
                .values(row.clone())
                .execute(c)
                .await?;
        }
    });
    Ok(())
}

/// A link from a book to one of its authors. (Like every row inserted many at a time, it is
/// declared `treat_none_as_default_value = false`, without which diesel's SQLite backend
/// inserts a batch row by row in a transaction of its own.)
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = book_authors, treat_none_as_default_value = false)]
pub struct AuthorLinkRow {
    pub book_id: String,
    pub author_id: String,
    /// The author's place in the byline, from 0.
    pub position: i32,
}

/// A link from a book to one of its genres.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = book_genres, treat_none_as_default_value = false)]
pub struct GenreLinkRow {
    pub book_id: String,
    pub genre_id: String,
}

/// Inserts many author links at once, like [`insert_many`] (and backend-specific like it).
pub async fn link_authors(
    conn: &mut Conn<'_>,
    rows: Vec<AuthorLinkRow>,
) -> Result<(), CatalogError> {
    bookstore_kit::insert_chunks!(conn, book_authors::table, rows, ROWS_PER_INSERT)
}

/// Inserts many genre links at once, like [`insert_many`] (and backend-specific like it).
pub async fn link_genres(conn: &mut Conn<'_>, rows: Vec<GenreLinkRow>) -> Result<(), CatalogError> {
    bookstore_kit::insert_chunks!(conn, book_genres::table, rows, ROWS_PER_INSERT)
}

/// Removes every author link of these books.
pub async fn unlink_authors(conn: &mut Conn<'_>, ids: &[String]) -> Result<(), CatalogError> {
    dispatch!(conn, |c| {
        diesel::delete(book_authors::table.filter(book_authors::book_id.eq_any(ids)))
            .execute(c)
            .await?
    });
    Ok(())
}

/// Removes every genre link of these books.
pub async fn unlink_genres(conn: &mut Conn<'_>, ids: &[String]) -> Result<(), CatalogError> {
    dispatch!(conn, |c| {
        diesel::delete(book_genres::table.filter(book_genres::book_id.eq_any(ids)))
            .execute(c)
            .await?
    });
    Ok(())
}

/// The authors of each of `ids`, in byline order: `(book id, author)`.
pub async fn authors_of(
    conn: &mut Conn<'_>,
    ids: &[String],
) -> Result<Vec<(String, AuthorRef)>, CatalogError> {
    let rows: Vec<(String, String, String)> = dispatch!(conn, |c| {
        book_authors::table
            .inner_join(authors::table)
            .filter(book_authors::book_id.eq_any(ids))
            .order((book_authors::book_id, book_authors::position))
            .select((book_authors::book_id, authors::id, authors::name))
            .load(c)
            .await?
    });
    rows.into_iter()
        .map(|(book, id, name)| {
            Ok((
                book,
                AuthorRef {
                    id: parse_id(&id)?,
                    name,
                },
            ))
        })
        .collect()
}

/// The genres of each of `ids`, by name: `(book id, genre)`.
pub async fn genres_of(
    conn: &mut Conn<'_>,
    ids: &[String],
) -> Result<Vec<(String, GenreRef)>, CatalogError> {
    let rows: Vec<(String, String, String, String)> = dispatch!(conn, |c| {
        book_genres::table
            .inner_join(genres::table)
            .filter(book_genres::book_id.eq_any(ids))
            .order((book_genres::book_id, genres::name))
            .select((book_genres::book_id, genres::id, genres::slug, genres::name))
            .load(c)
            .await?
    });
    rows.into_iter()
        .map(|(book, id, slug, name)| {
            Ok((
                book,
                GenreRef {
                    id: parse_id(&id)?,
                    slug,
                    name,
                },
            ))
        })
        .collect()
}

/// The books that name an author.
pub async fn ids_by_author(
    conn: &mut Conn<'_>,
    author_id: Uuid,
) -> Result<Vec<String>, CatalogError> {
    let author_id = author_id.to_string();
    Ok(dispatch!(conn, |c| {
        book_authors::table
            .filter(book_authors::author_id.eq(&author_id))
            .select(book_authors::book_id)
            .load(c)
            .await?
    }))
}

/// Rewrites the search text of the given books' author names from their current authors
/// (after an author was renamed).
pub async fn refresh_author_names(conn: &mut Conn<'_>, ids: &[String]) -> Result<(), CatalogError> {
    let mut names: std::collections::BTreeMap<String, Vec<String>> =
        ids.iter().map(|id| (id.clone(), Vec::new())).collect();
    for (book, author) in authors_of(conn, ids).await? {
        names.entry(book).or_default().push(author.name);
    }
    for (book, list) in names {
        let joined = join_names(list.iter().map(String::as_str));
        write_author_names(conn, &book, &joined).await?;
    }
    Ok(())
}

/// Ids are written by this service only; one that does not parse is a corrupt row.
pub(crate) fn parse_id(id: &str) -> Result<Uuid, CatalogError> {
    Uuid::parse_str(id)
        .map_err(|e| CatalogError::Internal(anyhow::anyhow!("stored id {id:?}: {e}")))
}
