//! The service's OpenAPI document, served at `/openapi.json`.

use bookstore_kit::http::openapi::SecuritySchemes;
use bookstore_sdk::types::{
    Author, AuthorRef, AuthorUpdate, Book, BookBatch, BookBatchItem, BookBatchOutcome,
    BookBatchResult, BookSort, BookUpdate, BookUpsert, FieldError, Genre, GenreRef, Money,
    NewAuthor, NewBook, NewGenre, Problem, Reservation, ReservationItem, ReservationRequest,
    ReservationStatus, ReservedItem, StockChange, Unavailable,
};

use crate::handlers::{authors, books, genres, reservations};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Bookstore catalog service",
        description = "Books, authors, genres, search, stock and reservations."
    ),
    paths(
        books::list, books::get, books::create, books::update, books::delete, books::stock,
        books::batch,
        authors::list, authors::get, authors::create, authors::update, authors::delete,
        genres::list, genres::get, genres::create, genres::delete,
        reservations::reserve, reservations::get, reservations::commit, reservations::release,
    ),
    components(schemas(
        Book, NewBook, BookUpdate, BookSort, StockChange, AuthorRef, GenreRef, Money,
        BookBatch, BookUpsert, BookBatchResult, BookBatchItem, BookBatchOutcome,
        Author, NewAuthor, AuthorUpdate, Genre, NewGenre,
        ReservationRequest, ReservationItem, Reservation, ReservationStatus, ReservedItem,
        Unavailable, Problem, FieldError,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "books", description = "The catalog: search, details, administration, stock"),
        (name = "authors", description = "Authors"),
        (name = "genres", description = "Genres"),
        (name = "internal", description = "Stock reservations for the order service (service token; not routed by the gateway)"),
    )
)]
pub struct ApiDoc;

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}
