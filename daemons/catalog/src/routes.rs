//! Every URL the catalog service serves, in one place, grouped by who calls it. The service
//! serves full paths; the gateway forwards `/api/v1/*` unchanged and never `/internal/*`.

use axum::Router;
use axum::routing::{get, post, put};

use crate::handlers::{authors, books, genres, reservations};
use crate::state::AppState;

// Anyone reads; admins change.
pub const BOOKS: &str = "/api/v1/books";
/// Many books created or updated by ISBN (admin).
pub const BOOK_BATCH: &str = "/api/v1/books/batch";
pub const BOOK: &str = "/api/v1/books/{id}";
pub const BOOK_STOCK: &str = "/api/v1/books/{id}/stock";
pub const AUTHORS: &str = "/api/v1/authors";
pub const AUTHOR: &str = "/api/v1/authors/{id}";
pub const GENRES: &str = "/api/v1/genres";
/// A genre by slug or id.
pub const GENRE: &str = "/api/v1/genres/{genre}";

// Other services, with the service token.
pub const RESERVATIONS: &str = "/internal/reservations";
pub const RESERVATION: &str = "/internal/reservations/{order_id}";
pub const RESERVATION_COMMIT: &str = "/internal/reservations/{order_id}/commit";
pub const RESERVATION_RELEASE: &str = "/internal/reservations/{order_id}/release";

/// The API routes, without the shared ones (`/healthz` and the rest) and without middleware.
pub fn api() -> Router<AppState> {
    Router::new()
        .route(BOOKS, get(books::list).post(books::create))
        .route(BOOK_BATCH, post(books::batch))
        .route(
            BOOK,
            get(books::get).patch(books::update).delete(books::delete),
        )
        .route(BOOK_STOCK, put(books::stock))
        .route(AUTHORS, get(authors::list).post(authors::create))
        .route(
            AUTHOR,
            get(authors::get)
                .patch(authors::update)
                .delete(authors::delete),
        )
        .route(GENRES, get(genres::list).post(genres::create))
        .route(GENRE, get(genres::get).delete(genres::delete))
        .route(RESERVATIONS, post(reservations::reserve))
        .route(RESERVATION, get(reservations::get))
        .route(RESERVATION_COMMIT, post(reservations::commit))
        .route(RESERVATION_RELEASE, post(reservations::release))
}
