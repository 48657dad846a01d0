//! Books: search and browse for everyone; create, change, delete and stock for admins
//! (`/api/v1/books*`).

use futures_util::Stream;
use http::Method;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::paging::paginate;
use crate::types::{
    Book, BookBatch, BookBatchResult, BookQuery, BookUpdate, NewBook, Page, StockChange,
};

/// The book endpoints; from [`Client::books`].
///
/// Updates and deletes are conditional: they take the `version` of the book as last read
/// ([`Book::version`]) and send it as `If-Match`, so a change made by someone else in between
/// fails with `412` ([`Error::is_precondition_failed`](crate::Error::is_precondition_failed))
/// instead of being overwritten.
#[derive(Debug, Clone, Copy)]
pub struct BooksApi<'a> {
    client: &'a Client,
}

impl Client {
    /// The catalog's books.
    pub fn books(&self) -> BooksApi<'_> {
        BooksApi { client: self }
    }
}

impl BooksApi<'_> {
    /// `GET /books`: one page of books matching `query` (search with `q`, filters, sort).
    pub async fn list(&self, query: &BookQuery) -> Result<Page<Book>> {
        self.client
            .api(Method::GET, "books")
            .query(query)
            .json()
            .await
    }

    /// `GET /books`: every book matching `query`, fetching pages as the stream is read.
    /// `query.cursor` is where to start; `query.limit` is the page size.
    pub fn list_all(&self, query: BookQuery) -> impl Stream<Item = Result<Book>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = BookQuery {
                cursor,
                ..query.clone()
            };
            async move { client.books().list(&query).await }
        })
    }

    /// The book with this ISBN, if the catalog has one. `isbn` is compared by its digits
    /// (hyphens and spaces are ignored), so give the ISBN-13 the catalog stores.
    pub async fn find_by_isbn(&self, isbn: &str) -> Result<Option<Book>> {
        let digits: String = isbn.chars().filter(char::is_ascii_alphanumeric).collect();
        let query = BookQuery {
            q: Some(digits.clone()),
            limit: Some(20),
            ..BookQuery::default()
        };
        let page = self.list(&query).await?;
        Ok(page.items.into_iter().find(|b| b.isbn == digits))
    }

    /// `POST /books/batch` (admin): creates or updates up to
    /// [`BOOK_BATCH_MAX`](crate::types::BOOK_BATCH_MAX) books by ISBN in one request. The
    /// answer has one item per row, in order: `created`, `updated`, `unchanged`, or `failed`
    /// with the row's problem; a bad row never fails the others. An empty or oversized batch is
    /// `400`.
    ///
    /// Retried like a `PUT` (after a connection failure, `429`, `502`, `503` or `504`): each
    /// row says what the book should be, so a batch applied twice leaves the catalog as once.
    /// Only the outcomes can differ: rows that a lost first attempt stored come back
    /// `unchanged`.
    pub async fn batch(&self, batch: &BookBatch) -> Result<BookBatchResult> {
        self.client
            .api(Method::POST, "books/batch")
            .body(batch)
            .idempotent()
            .json()
            .await
    }

    /// `GET /books/{id}`: the book with its authors, genres, stock and `version`.
    pub async fn get(&self, id: Uuid) -> Result<Book> {
        self.client
            .api(Method::GET, &format!("books/{id}"))
            .json()
            .await
    }

    /// `POST /books` (admin). A book with the same ISBN already there is `409`.
    pub async fn create(&self, book: &NewBook) -> Result<Book> {
        self.client
            .api(Method::POST, "books")
            .body(book)
            .json()
            .await
    }

    /// `PATCH /books/{id}` (admin), if the book is still at `version`.
    pub async fn update(&self, id: Uuid, version: i64, update: &BookUpdate) -> Result<Book> {
        self.client
            .api(Method::PATCH, &format!("books/{id}"))
            .if_match(version)
            .body(update)
            .json()
            .await
    }

    /// `DELETE /books/{id}` (admin), if the book is still at `version`.
    pub async fn delete(&self, id: Uuid, version: i64) -> Result<()> {
        self.client
            .api(Method::DELETE, &format!("books/{id}"))
            .if_match(version)
            .empty()
            .await
    }

    /// `PUT /books/{id}/stock` (admin): sets or adjusts the copies available. An adjustment
    /// that would go below zero is `409`.
    pub async fn change_stock(&self, id: Uuid, change: &StockChange) -> Result<Book> {
        let call = self
            .client
            .api(Method::PUT, &format!("books/{id}/stock"))
            .body(change);
        // A PUT, but an adjustment applied twice is two adjustments.
        let call = match change {
            StockChange::Set(_) => call,
            StockChange::Adjust(_) => call.no_retry(),
        };
        call.json().await
    }

    /// Exactly `stock` copies available.
    pub async fn set_stock(&self, id: Uuid, stock: i64) -> Result<Book> {
        self.change_stock(id, &StockChange::Set(stock)).await
    }

    /// `delta` more copies (fewer when negative). Never retried, so never applied twice.
    pub async fn adjust_stock(&self, id: Uuid, delta: i64) -> Result<Book> {
        self.change_stock(id, &StockChange::Adjust(delta)).await
    }
}
