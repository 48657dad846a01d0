//! Books: creating, changing, deleting and listing them, and setting their stock. Each write
//! is one unit of work, so a failure (an unknown genre found halfway, a taken ISBN) leaves
//! nothing behind.

use bookstore_kit::db::Db;
use bookstore_sdk::types::{Book, BookUpdate, NewBook, Page, StockChange};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{
    AuthorName, Isbn, Language, Price, Slug, optional_text, parse_pages, parse_stock, required_text,
};
use crate::error::{CatalogError, Fields};
use crate::listing::{self, Parsed, RawBookQuery};
use crate::store::books::{self as repo, BookChanges, BookRow, NewBookRow, title_sort};
use crate::store::genres::GenreRow;
use crate::store::{Conn, authors, genres, reservations, search};
use crate::{on_conn, store, unit_of_work};

const TITLE_MAX: usize = 500;
const DESCRIPTION_MAX: usize = 20_000;
const PUBLISHER_MAX: usize = 200;
const MAX_AUTHORS: usize = 20;
const MAX_GENRES: usize = 10;

/// What `If-Match` said about the version a change is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// No `If-Match`: changes are refused with 428.
    Missing,
    /// `If-Match: *`: whatever the current version is.
    Any,
    /// `If-Match: "<version>"`.
    Version(i64),
}

/// `POST /books`.
pub async fn create(db: &Db, new: &NewBook) -> Result<Book, CatalogError> {
    let mut fields = Fields::default();
    let isbn = fields.check("isbn", Isbn::parse(&new.isbn));
    let title = fields.check("title", required_text(&new.title, TITLE_MAX));
    let subtitle = fields.check(
        "subtitle",
        optional_text(new.subtitle.as_deref(), TITLE_MAX, false),
    );
    let description = fields.check(
        "description",
        optional_text(new.description.as_deref(), DESCRIPTION_MAX, true),
    );
    let publisher = fields.check(
        "publisher",
        optional_text(new.publisher.as_deref(), PUBLISHER_MAX, false),
    );
    let language = optional(
        &mut fields,
        "language",
        new.language.as_deref(),
        Language::parse,
    );
    let pages = optional(&mut fields, "pages", new.pages, parse_pages);
    let price = check_price(&mut fields, &new.price);
    let stock = fields.check("stock", parse_stock(new.stock));
    let author_names = check_authors(&mut fields, &new.authors);
    let slugs = check_genres(&mut fields, &new.genres);
    check_date(&mut fields, new.published_on);
    fields.finish()?;
    let (Some(isbn), Some(title), Some(price), Some(stock)) = (isbn, title, price, stock) else {
        return Err(CatalogError::Internal(anyhow::anyhow!(
            "validated fields went missing"
        )));
    };

    let now = store::now();
    let id = Uuid::now_v7();
    let row = NewBookRow {
        id: id.to_string(),
        isbn: isbn.as_str().to_owned(),
        title_sort: title_sort(&title),
        title,
        subtitle: subtitle.flatten(),
        description: description.flatten(),
        language: language.flatten().map(|l| l.as_str().to_owned()),
        pages: pages.flatten(),
        published_on: new.published_on,
        publisher: publisher.flatten(),
        price_amount: price.amount,
        currency: price.currency,
        // Written with the author links below, once their stored spelling is known.
        author_names: String::new(),
        stock,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    unit_of_work!(db, |conn| {
        let genre_ids = resolve_genres(conn, &slugs).await?;
        repo::insert(conn, &row).await?;
        let linked = authors::find_or_create(conn, &author_names).await?;
        repo::set_authors(conn, id, &linked).await?;
        repo::set_genres(conn, id, &genre_ids).await?;
        load(conn, id).await
    })
}

/// `GET /books/{id}`.
pub async fn get(db: &Db, id: Uuid) -> Result<Book, CatalogError> {
    on_conn!(db, |conn| load(conn, id).await)
}

/// `PATCH /books/{id}`: applies the fields present, if the book is still at the version
/// `If-Match` names.
pub async fn update(
    db: &Db,
    id: Uuid,
    precondition: Precondition,
    update: &BookUpdate,
) -> Result<Book, CatalogError> {
    if precondition == Precondition::Missing {
        return Err(CatalogError::PreconditionRequired);
    }
    let mut fields = Fields::default();
    let Checked {
        changes,
        authors: author_names,
        genres: slugs,
    } = check_update(&mut fields, update);
    fields.finish()?;

    unit_of_work!(db, |conn| {
        let expected = check_version(conn, id, precondition).await?;
        if let Some(slugs) = &slugs {
            let genre_ids = resolve_genres(conn, slugs).await?;
            repo::set_genres(conn, id, &genre_ids).await?;
        }
        if let Some(names) = &author_names {
            let linked = authors::find_or_create(conn, names).await?;
            repo::set_authors(conn, id, &linked).await?;
        }
        if !repo::update(conn, id, expected, &changes, store::now()).await? {
            // The row is locked (PostgreSQL) or the writer alone (SQLite): only a bug gets here.
            return Err(CatalogError::Internal(anyhow::anyhow!(
                "book {id} changed under its lock"
            )));
        }
        load(conn, id).await
    })
}

/// A checked [`BookUpdate`]: the columns to set, and the authors and genres to link when
/// given. Shared by `PATCH /books/{id}` and `POST /books/batch`.
#[derive(Debug)]
pub(crate) struct Checked {
    pub changes: BookChanges,
    pub authors: Option<Vec<AuthorName>>,
    /// Slugs, checked for their shape; whether they exist is checked in the write.
    pub genres: Option<Vec<String>>,
}

/// Checks every field `update` gives, recording each bad one in `fields`; what is valid goes
/// into the changes (an absent field stays `None`, `null` becomes `Some(None)`).
pub(crate) fn check_update(fields: &mut Fields, update: &BookUpdate) -> Checked {
    let mut changes = BookChanges::default();
    if let Some(isbn) = &update.isbn {
        changes.isbn = fields
            .check("isbn", Isbn::parse(isbn))
            .map(|i| i.as_str().to_owned());
    }
    if let Some(title) = &update.title
        && let Some(title) = fields.check("title", required_text(title, TITLE_MAX))
    {
        changes.title_sort = Some(title_sort(&title));
        changes.title = Some(title);
    }
    changes.subtitle = update
        .subtitle
        .as_ref()
        .and_then(|s| fields.check("subtitle", optional_text(s.as_deref(), TITLE_MAX, false)));
    changes.description = update.description.as_ref().and_then(|s| {
        fields.check(
            "description",
            optional_text(s.as_deref(), DESCRIPTION_MAX, true),
        )
    });
    changes.publisher = update.publisher.as_ref().and_then(|s| {
        fields.check(
            "publisher",
            optional_text(s.as_deref(), PUBLISHER_MAX, false),
        )
    });
    if let Some(language) = &update.language {
        changes.language = optional(fields, "language", language.as_deref(), Language::parse)
            .map(|l| l.map(|l| l.as_str().to_owned()));
    }
    if let Some(pages) = update.pages {
        changes.pages = optional(fields, "pages", pages, parse_pages);
    }
    if let Some(date) = update.published_on {
        check_date(fields, date);
        changes.published_on = Some(date);
    }
    if let Some(price) = &update.price
        && let Some(price) = check_price(fields, price)
    {
        changes.price_amount = Some(price.amount);
        changes.currency = Some(price.currency);
    }
    let authors = update.authors.as_ref().map(|a| check_authors(fields, a));
    let genres = update.genres.as_ref().map(|g| check_genres(fields, g));
    Checked {
        changes,
        authors,
        genres,
    }
}

/// `DELETE /books/{id}`: refused while reservations hold copies of it.
pub async fn delete(db: &Db, id: Uuid, precondition: Precondition) -> Result<(), CatalogError> {
    if precondition == Precondition::Missing {
        return Err(CatalogError::PreconditionRequired);
    }
    unit_of_work!(db, |conn| {
        // Locked first: a reservation taking copies now waits, then finds no book.
        check_version(conn, id, precondition).await?;
        let held = reservations::active_for_book(conn, id).await?;
        if held > 0 {
            return Err(CatalogError::Reserved(held));
        }
        repo::delete(conn, id).await?;
        Ok(())
    })
}

/// `PUT /books/{id}/stock`. Not versioned: an adjustment is relative and atomic, and stock
/// moves with every order, so an `If-Match` on it would almost always be stale.
pub async fn change_stock(db: &Db, id: Uuid, change: &StockChange) -> Result<Book, CatalogError> {
    let result = match change {
        StockChange::Set(n) => {
            let n = parse_stock(*n).map_err(|m| CatalogError::field("set", m))?;
            unit_of_work!(db, |conn| {
                if !repo::set_stock(conn, id, n).await? {
                    return Err(CatalogError::NotFound("book"));
                }
                load(conn, id).await
            })
        }
        StockChange::Adjust(delta) => unit_of_work!(db, |conn| {
            if !repo::adjust_stock(conn, id, *delta).await? {
                return Err(match repo::stock_of(conn, &id.to_string()).await? {
                    None => CatalogError::NotFound("book"),
                    Some(available) => CatalogError::StockBelowZero { available },
                });
            }
            load(conn, id).await
        }),
    }?;
    tracing::info!(book.id = %id, stock = result.stock, "stock changed");
    Ok(result)
}

/// `GET /books`: one page.
pub async fn list(db: &Db, raw: &RawBookQuery) -> Result<Page<Book>, CatalogError> {
    list_parsed(db, listing::parse(raw)?).await
}

/// `GET /books`: one page of a query already parsed (the search cache keys pages by it).
pub async fn list_parsed(db: &Db, mut parsed: Parsed) -> Result<Page<Book>, CatalogError> {
    on_conn!(db, |conn| {
        if let Some(genre) = &parsed.genre {
            let found = genres::find(conn, genre).await?;
            let Some(found) = found else {
                return Err(CatalogError::field(
                    "genre",
                    format!("there is no genre `{genre}`"),
                ));
            };
            parsed.spec.genre_id = Some(found.id.to_string());
        }
        if let Some(author) = parsed.author
            && authors::find(conn, author).await?.is_none()
        {
            return Err(CatalogError::field(
                "author",
                format!("there is no author with id {author}"),
            ));
        }
        let mut rows = search::list(conn, &parsed.spec).await?;
        let limit = parsed.limit as usize;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = match rows.last() {
            Some(last) if more => Some(listing::encode_cursor(
                parsed.spec.order,
                &last.book,
                last.rank,
            )),
            _ => None,
        };
        let items = hydrate(conn, rows.into_iter().map(|r| r.book).collect()).await?;
        Ok(Page { items, next_cursor })
    })
}

/// Whether the catalog has any book (the demo seeding fills only an empty catalog).
pub async fn has_books(db: &Db) -> Result<bool, CatalogError> {
    on_conn!(db, |conn| repo::any(conn).await)
}

/// A book with its authors and genres; [`CatalogError::NotFound`] when there is none.
pub(crate) async fn load(conn: &mut Conn<'_>, id: Uuid) -> Result<Book, CatalogError> {
    let row = repo::find(conn, id)
        .await?
        .ok_or(CatalogError::NotFound("book"))?;
    let mut books = hydrate(conn, vec![row]).await?;
    books.pop().ok_or(CatalogError::NotFound("book"))
}

/// Rows into books, with two queries for all their authors and genres.
async fn hydrate(conn: &mut Conn<'_>, rows: Vec<BookRow>) -> Result<Vec<Book>, CatalogError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let mut authors = repo::authors_of(conn, &ids).await?;
    let mut genres = repo::genres_of(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let key = row.id.to_string();
            let (mine, rest): (Vec<_>, Vec<_>) = authors.drain(..).partition(|(b, _)| *b == key);
            authors = rest;
            let (my_genres, rest): (Vec<_>, Vec<_>) =
                genres.drain(..).partition(|(b, _)| *b == key);
            genres = rest;
            row.into_book(
                mine.into_iter().map(|(_, a)| a).collect(),
                my_genres.into_iter().map(|(_, g)| g).collect(),
            )
        })
        .collect())
}

/// Locks the book and checks `If-Match` against its version, which it returns.
async fn check_version(
    conn: &mut Conn<'_>,
    id: Uuid,
    precondition: Precondition,
) -> Result<i64, CatalogError> {
    let current = repo::lock(conn, id)
        .await?
        .ok_or(CatalogError::NotFound("book"))?;
    match precondition {
        Precondition::Version(v) if v != current => Err(CatalogError::VersionMismatch { current }),
        Precondition::Missing => Err(CatalogError::PreconditionRequired),
        _ => Ok(current),
    }
}

/// The ids of the genres named by `slugs`; a 400 naming each unknown slug.
async fn resolve_genres(
    conn: &mut Conn<'_>,
    slugs: &[String],
) -> Result<Vec<String>, CatalogError> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let found = genres::find_by_slugs(conn, slugs).await?;
    genre_ids(&found, slugs)
}

/// The ids of the genres named by `slugs` among `found`; a 400 naming each unknown slug.
pub(crate) fn genre_ids(found: &[GenreRow], slugs: &[String]) -> Result<Vec<String>, CatalogError> {
    let mut fields = Fields::default();
    let mut ids = Vec::new();
    for (i, slug) in slugs.iter().enumerate() {
        match found.iter().find(|g| &g.slug == slug) {
            Some(g) => ids.push(g.id.to_string()),
            None => fields.push(
                &format!("genres[{i}]"),
                format!("there is no genre `{slug}`"),
            ),
        }
    }
    fields.finish()?;
    Ok(ids)
}

fn optional<T, U>(
    fields: &mut Fields,
    name: &str,
    value: Option<T>,
    parse: impl FnOnce(T) -> Result<U, String>,
) -> Option<Option<U>> {
    match value {
        None => Some(None),
        Some(v) => fields.check(name, parse(v)).map(Some),
    }
}

fn check_price(fields: &mut Fields, money: &bookstore_sdk::types::Money) -> Option<Price> {
    match Price::parse(money) {
        Ok(price) => Some(price),
        Err(errors) => {
            for (part, message) in errors {
                fields.push(&format!("price.{part}"), message);
            }
            None
        }
    }
}

/// Author names, each checked, without repeats (compared case-insensitively).
fn check_authors(fields: &mut Fields, names: &[String]) -> Vec<AuthorName> {
    if names.len() > MAX_AUTHORS {
        fields.push("authors", format!("at most {MAX_AUTHORS} authors"));
    }
    let mut out: Vec<AuthorName> = Vec::new();
    for (i, raw) in names.iter().enumerate() {
        if let Some(name) = fields.check(&format!("authors[{i}]"), AuthorName::parse(raw))
            && !out.iter().any(|n| n.folded() == name.folded())
        {
            out.push(name);
        }
    }
    out
}

/// Genre slugs, each checked, without repeats; whether they exist is checked in the write.
fn check_genres(fields: &mut Fields, slugs: &[String]) -> Vec<String> {
    if slugs.len() > MAX_GENRES {
        fields.push("genres", format!("at most {MAX_GENRES} genres"));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in slugs.iter().enumerate() {
        if let Some(slug) = fields.check(&format!("genres[{i}]"), Slug::parse(raw.trim()))
            && !out.iter().any(|s| s == slug.as_str())
        {
            out.push(slug.as_str().to_owned());
        }
    }
    out
}

/// Publication dates stay within years both backends and every client handle.
fn check_date(fields: &mut Fields, date: Option<NaiveDate>) {
    use chrono::Datelike as _;
    if let Some(date) = date
        && !(1..=9999).contains(&date.year())
    {
        fields.push("published_on", "must be a date between years 1 and 9999");
    }
}
