//! `/api/v1/books*`: the catalog's books, public to read, admin to change.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bookstore_kit::ApiProblem;
use bookstore_kit::auth::{AdminUser, MaybeUser};
use bookstore_kit::http::{Json, Path, Query};
use bookstore_sdk::types::{
    Book, BookBatch, BookBatchOutcome, BookBatchResult, BookQuery, BookUpdate, BookUpsert, NewBook,
    Page, Problem, StockChange,
};
use bytes::Bytes;
use serde::Deserialize as _;
use uuid::Uuid;

use super::{IfMatch, PROBLEM, etag};
use crate::error::CatalogError;
use crate::listing::{self, RawBookQuery};
use crate::state::AppState;
use crate::{batch, books, routes};

/// Search, filter and sort the books, a page at a time.
///
/// Pages are answered from memory for a short while (`BOOKSTORE_CATALOG_SEARCH_CACHE_TTL`,
/// 30 s by default): a book added, changed or deleted through this service shows at once,
/// but the `stock` of a listed book may lag the orders taken since by up to that time.
/// `GET /books/{id}` always shows the stock as it is. On PostgreSQL a search ordered by
/// relevance ranks at most the 5,000 newest books it matches.
#[utoipa::path(
    get, path = routes::BOOKS, tag = "books",
    params(BookQuery),
    responses(
        (status = 200, description = "One page of books; its `stock` figures may be up to the cache's TTL old", body = Page<Book>),
        (status = 400, description = "A bad parameter: limit over 100, malformed cursor, unknown sort key or genre, ...", body = Problem, content_type = PROBLEM),
        (status = 401, description = "An invalid token was presented", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    MaybeUser(_): MaybeUser,
    Query(query): Query<RawBookQuery>,
) -> Result<Response, CatalogError> {
    let parsed = listing::parse(&query)?;
    let body = state
        .search_cache
        .page(parsed, |parsed| async {
            json_body(&books::list_parsed(&state.db, parsed).await?)
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, JSON)], body).into_response())
}

/// The content type `Json` answers with.
const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The bytes `Json` would send for `page`, serialized once to be kept by the search cache.
fn json_body(page: &Page<Book>) -> Result<Bytes, CatalogError> {
    let mut body = serde_json::to_vec(page).map_err(|e| CatalogError::Internal(e.into()))?;
    // The cache weighs a page by its length: no spare capacity may hide beyond it.
    body.shrink_to_fit();
    Ok(Bytes::from(body))
}

/// One book with its authors and genres; `ETag` is its version.
#[utoipa::path(
    get, path = routes::BOOK, tag = "books",
    params(("id" = Uuid, Path, description = "The book's id")),
    responses(
        (status = 200, description = "The book", body = Book, headers(("ETag" = String, description = "The version, quoted"))),
        (status = 404, description = "No such book", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    MaybeUser(_): MaybeUser,
    Path(id): Path<Uuid>,
) -> Result<Response, CatalogError> {
    let book = books::get(&state.db, id).await?;
    Ok((etag(book.version), Json(book)).into_response())
}

/// Add a book (admin). Authors are named and created when new; genres are existing slugs.
#[utoipa::path(
    post, path = routes::BOOKS, tag = "books", security(("bearer" = [])),
    request_body = NewBook,
    responses(
        (status = 201, description = "Created; `Location` names it", body = Book),
        (status = 400, description = "Invalid fields: ISBN check digit, empty title, negative price or stock, unknown currency or genre, ...", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 409, description = "A book with this ISBN exists", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(new): Json<NewBook>,
) -> Result<Response, CatalogError> {
    let _writing = state.search_cache.write();
    let book = books::create(&state.db, &new).await?;
    tracing::info!(admin.id = %admin.sub, book.id = %book.id, "book added");
    let location = routes::BOOK.replace("{id}", &book.id.to_string());
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        etag(book.version),
        Json(book),
    )
        .into_response())
}

/// Change a book's fields (admin); needs `If-Match` with its version.
#[utoipa::path(
    patch, path = routes::BOOK, tag = "books", security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The book's id"),
        ("If-Match" = String, Header, description = "The book's ETag, like \"3\"; `*` for any version"),
    ),
    request_body = BookUpdate,
    responses(
        (status = 200, description = "The changed book, with its new version", body = Book),
        (status = 400, description = "Invalid fields", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such book", body = Problem, content_type = PROBLEM),
        (status = 409, description = "A book with the new ISBN exists", body = Problem, content_type = PROBLEM),
        (status = 412, description = "The book has changed since that version", body = Problem, content_type = PROBLEM),
        (status = 428, description = "No If-Match", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<Uuid>,
    IfMatch(precondition): IfMatch,
    Json(update): Json<BookUpdate>,
) -> Result<Response, CatalogError> {
    let _writing = state.search_cache.write();
    let book = books::update(&state.db, id, precondition, &update).await?;
    tracing::info!(admin.id = %admin.sub, book.id = %id, version = book.version, "book changed");
    Ok((etag(book.version), Json(book)).into_response())
}

/// Delete a book (admin); needs `If-Match`; refused while reservations hold copies.
#[utoipa::path(
    delete, path = routes::BOOK, tag = "books", security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The book's id"),
        ("If-Match" = String, Header, description = "The book's ETag, like \"3\"; `*` for any version"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such book", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Active reservations hold copies", body = Problem, content_type = PROBLEM),
        (status = 412, description = "The book has changed since that version", body = Problem, content_type = PROBLEM),
        (status = 428, description = "No If-Match", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<Uuid>,
    IfMatch(precondition): IfMatch,
) -> Result<StatusCode, CatalogError> {
    let _writing = state.search_cache.write();
    books::delete(&state.db, id, precondition).await?;
    tracing::info!(admin.id = %admin.sub, book.id = %id, "book deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// Set the stock, or adjust it by a signed amount (admin); never below zero.
#[utoipa::path(
    put, path = routes::BOOK_STOCK, tag = "books", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The book's id")),
    request_body = StockChange,
    responses(
        (status = 200, description = "The book with its new stock", body = Book),
        (status = 400, description = "A negative stock", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such book", body = Problem, content_type = PROBLEM),
        (status = 409, description = "The adjustment would go below zero", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn stock(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(id): Path<Uuid>,
    Json(change): Json<StockChange>,
) -> Result<Response, CatalogError> {
    let _writing = state.search_cache.write();
    let book = books::change_stock(&state.db, id, &change).await?;
    Ok((etag(book.version), Json(book)).into_response())
}

/// A [`BookBatch`] as read before its rows are: each row is read on its own, so that one
/// malformed row (a mistyped or unknown field) fails alone.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBatch {
    books: Vec<serde_json::Value>,
}

/// Create or update up to 1,000 books by ISBN (admin): each row is checked and answered on its
/// own, in order; the good rows are stored in one transaction.
#[utoipa::path(
    post, path = routes::BOOK_BATCH, tag = "books", security(("bearer" = [])),
    request_body = BookBatch,
    responses(
        (status = 200, description = "One item per row, in order: created, updated, unchanged, or failed with the row's problem", body = BookBatchResult),
        (status = 400, description = "No rows, more than 1,000, or a body that is not a batch", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
        (status = 403, description = "Not an admin", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Other requests kept creating books with the batch's ISBNs; nothing was stored", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn batch(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(raw): Json<RawBatch>,
) -> Result<Json<BookBatchResult>, CatalogError> {
    batch::check_size(raw.books.len())?;
    let rows = raw.books.iter().map(read_row).collect();
    let _writing = state.search_cache.write();
    let result = batch::upsert(&state.db, rows).await?;
    let count = |outcome| result.items.iter().filter(|i| i.outcome == outcome).count();
    tracing::info!(
        admin.id = %admin.sub,
        created = count(BookBatchOutcome::Created),
        updated = count(BookBatchOutcome::Updated),
        unchanged = count(BookBatchOutcome::Unchanged),
        failed = count(BookBatchOutcome::Failed),
        "books batch"
    );
    Ok(Json(result))
}

/// One batch row, or the problem a body of that row alone would have been answered with.
fn read_row(value: &serde_json::Value) -> Result<BookUpsert, Box<Problem>> {
    BookUpsert::deserialize(value).map_err(|e| {
        // Read again as a body, for the extractor's message naming the field at fault.
        let bytes = serde_json::to_vec(value).unwrap_or_default();
        let problem = match axum::Json::<BookUpsert>::from_bytes(&bytes) {
            Err(rejection) => ApiProblem::from(rejection).0,
            Ok(_) => CatalogError::field("body", e.to_string()).problem().0,
        };
        Box::new(problem)
    })
}
