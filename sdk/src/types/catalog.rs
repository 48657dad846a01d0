//! Books, authors, genres, stock and the catalog's list queries.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::Money;
use super::problem::Problem;

/// An author as a book lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorRef {
    pub id: Uuid,
    pub name: String,
}

/// A genre as a book lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GenreRef {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

/// A book with its authors, genres, price and the copies available to order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Book {
    pub id: Uuid,
    /// ISBN-13, digits only.
    pub isbn: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub authors: Vec<AuthorRef>,
    pub genres: Vec<GenreRef>,
    /// ISO 639-1 code (`en`, `de`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub price: Money,
    /// Copies that can be ordered now (held reservations excluded).
    pub stock: i64,
    /// Increases with every change; send it back as `If-Match` to update.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /books` (admin): a new book. Authors are named (and created when new); genres are
/// existing slugs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBook {
    pub isbn: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub genres: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub price: Money,
    #[serde(default)]
    pub stock: i64,
}

/// `PATCH /books/{id}` (admin): the fields to change; send the book's `version` as `If-Match`.
/// A `null` clears an optional field; an absent one keeps it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BookUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isbn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub subtitle: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub description: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genres: Option<Vec<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub language: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub pages: Option<Option<i32>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub published_on: Option<Option<NaiveDate>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub publisher: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
}

/// The most rows one `POST /books/batch` takes.
pub const BOOK_BATCH_MAX: usize = 1000;

/// `POST /books/batch` (admin): books to create or update, matched by ISBN; at most
/// [`BOOK_BATCH_MAX`] rows. Each row is checked and stored on its own: a bad row fails alone.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BookBatch {
    pub books: Vec<BookUpsert>,
}

/// One row of a [`BookBatch`]: the book with this ISBN as it should be. A new ISBN creates the
/// book; a known one changes only what differs. For an existing book an absent optional field
/// keeps its value and `null` clears it (as in [`BookUpdate`]); the title and price are always
/// given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BookUpsert {
    /// ISBN-13 or ISBN-10, hyphens allowed: what the row is matched by.
    pub isbn: String,
    pub title: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub subtitle: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub description: Option<Option<String>>,
    /// Names, in byline order, created when new; absent keeps an existing book's authors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<Vec<String>>,
    /// Existing genre slugs; absent keeps an existing book's genres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genres: Option<Vec<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub language: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub pages: Option<Option<i32>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub published_on: Option<Option<NaiveDate>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub publisher: Option<Option<String>>,
    pub price: Money,
    /// Copies available, set when present; absent keeps an existing book's stock (a new book
    /// starts at 0). Stock is not part of the book's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<i64>,
}

/// The answer to a [`BookBatch`]: one item per row, in the rows' order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookBatchResult {
    pub items: Vec<BookBatchItem>,
}

/// What became of one row of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookBatchItem {
    /// The row's place in `books`, from 0.
    pub index: usize,
    pub outcome: BookBatchOutcome,
    /// The book the row created or matched; absent when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub book_id: Option<Uuid>,
    /// The book's version after the row; absent when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// Why the row failed, as the same book sent alone would have been answered (field
    /// errors name the row's own fields: `isbn`, `genres[1]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// What a batch did with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookBatchOutcome {
    /// A new book.
    Created,
    /// An existing book whose details (a new version) or stock changed.
    Updated,
    /// An existing book that already was as the row says.
    Unchanged,
    /// Nothing was stored for the row; `problem` says why.
    Failed,
}

/// `PUT /books/{id}/stock` (admin): set the stock, or adjust it by a signed amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StockChange {
    /// `{"set": 12}`: exactly this many copies available.
    Set(i64),
    /// `{"adjust": -3}`: this many more (or fewer) copies; refused if it would go below zero.
    Adjust(i64),
}

/// How a book list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BookSort {
    /// Best match first; the default with `q`, else `newest`.
    #[serde(rename = "relevance")]
    #[default]
    Relevance,
    #[serde(rename = "title")]
    Title,
    #[serde(rename = "-title")]
    TitleDesc,
    #[serde(rename = "price")]
    Price,
    #[serde(rename = "-price")]
    PriceDesc,
    #[serde(rename = "newest")]
    Newest,
    #[serde(rename = "oldest")]
    Oldest,
}

impl BookSort {
    pub const ALL: [BookSort; 7] = [
        BookSort::Relevance,
        BookSort::Title,
        BookSort::TitleDesc,
        BookSort::Price,
        BookSort::PriceDesc,
        BookSort::Newest,
        BookSort::Oldest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BookSort::Relevance => "relevance",
            BookSort::Title => "title",
            BookSort::TitleDesc => "-title",
            BookSort::Price => "price",
            BookSort::PriceDesc => "-price",
            BookSort::Newest => "newest",
            BookSort::Oldest => "oldest",
        }
    }
}

/// `GET /books` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct BookQuery {
    /// Words to find in the title, subtitle, authors, ISBN or description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// A genre slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    /// An author id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Uuid>,
    /// In minor units of the book's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_price: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_price: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_stock: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<BookSort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// An author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    pub id: Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// How many books in the catalog name this author.
    pub book_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /authors` (admin).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAuthor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
}

/// `PATCH /authors/{id}` (admin).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuthorUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub bio: Option<Option<String>>,
}

/// `GET /authors` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AuthorQuery {
    /// Part of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// A genre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Genre {
    pub id: Uuid,
    /// Lower-case words joined by hyphens (`science-fiction`); what filters use.
    pub slug: String,
    pub name: String,
    pub book_count: i64,
}

/// `POST /genres` (admin); the slug is derived from the name when absent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewGenre {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

/// Internal (`POST /internal/reservations`, service token): hold stock for an order, all
/// items or none. The same order id twice has one effect.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReservationRequest {
    pub order_id: Uuid,
    pub items: Vec<ReservationItem>,
    /// How long the hold lasts before the sweep releases it [default: 15 minutes].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_secs: Option<u64>,
}

/// One line of a reservation request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReservationItem {
    pub book_id: Uuid,
    pub quantity: i64,
}

/// Where a reservation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    /// Stock is held.
    Reserved,
    /// The order was paid: the copies are sold.
    Committed,
    /// The hold was given back (cancelled, failed payment, or expired).
    Released,
}

/// A reservation with the catalog's prices at the time it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reservation {
    pub order_id: Uuid,
    pub status: ReservationStatus,
    pub items: Vec<ReservedItem>,
    pub expires_at: DateTime<Utc>,
}

/// One reserved line, priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReservedItem {
    pub book_id: Uuid,
    pub title: String,
    pub quantity: i64,
    pub unit_price: Money,
}

/// Why a reservation was refused (the `unavailable` member of its 409 problem).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unavailable {
    pub book_id: Uuid,
    pub requested: i64,
    /// Copies available; 0 for a book that does not exist.
    pub available: i64,
}

/// `Option<Option<T>>` where an absent field is `None` and `null` is `Some(None)`.
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn absent_and_null_differ_in_updates() {
        let u: BookUpdate = serde_json::from_str(r#"{"subtitle": null}"#).unwrap();
        assert_eq!(u.subtitle, Some(None));
        assert_eq!(u.publisher, None);
        assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"subtitle":null}"#);
    }

    #[test]
    fn batch_rows_keep_absent_and_null_apart() {
        let batch: BookBatch = serde_json::from_str(
            r#"{"books": [{"isbn": "9780441013593", "title": "Dune", "subtitle": null,
                           "price": {"amount": 1299, "currency": "EUR"}, "stock": 3}]}"#,
        )
        .unwrap();
        let row = &batch.books[0];
        assert_eq!(row.subtitle, Some(None));
        assert_eq!(row.publisher, None);
        assert_eq!(row.authors, None);
        assert_eq!(row.stock, Some(3));
        assert_eq!(
            serde_json::to_string(row).unwrap(),
            r#"{"isbn":"9780441013593","title":"Dune","subtitle":null,"price":{"amount":1299,"currency":"EUR"},"stock":3}"#
        );
        let item: BookBatchItem =
            serde_json::from_str(r#"{"index": 2, "outcome": "unchanged"}"#).unwrap();
        assert_eq!(item.outcome, BookBatchOutcome::Unchanged);
        assert_eq!(item.book_id, None);
    }

    #[test]
    fn stock_changes_are_tagged() {
        let c: StockChange = serde_json::from_str(r#"{"adjust": -3}"#).unwrap();
        assert_eq!(c, StockChange::Adjust(-3));
        assert!(serde_json::from_str::<StockChange>(r#"{"set": 1, "adjust": 2}"#).is_err());
    }

    #[test]
    fn sort_keys_read_like_the_query_string() {
        let s: BookSort = serde_json::from_str(r#""-price""#).unwrap();
        assert_eq!(s, BookSort::PriceDesc);
        assert_eq!(s.as_str(), "-price");
    }
}
