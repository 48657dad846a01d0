//! The service's one error type. Repositories, the rules modules and handlers all return it, so
//! `?` works throughout; it renders as problem+json. Each variant's doc names its status.
//! A 5xx never shows its cause: the cause is logged inside the request's span instead.

use axum::http::StatusCode;
use bookstore_kit::ApiProblem;
use bookstore_kit::db::DbError;
use bookstore_sdk::types::{FieldError, ReservationStatus, Unavailable};

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// 400: one or more fields (of the body or the query string) are invalid; each entry
    /// names its field.
    #[error("invalid request: {0:?}")]
    Validation(Vec<FieldError>),
    /// 404: no such book, author, genre or reservation (the argument says which).
    #[error("no such {0}")]
    NotFound(&'static str),
    /// 409: another book has this ISBN.
    #[error("a book with this ISBN already exists")]
    IsbnTaken,
    /// 409: another author has this name (compared case-insensitively).
    #[error("an author with this name already exists")]
    AuthorNameTaken,
    /// 409: another genre has this slug.
    #[error("a genre with this slug already exists")]
    GenreSlugTaken,
    /// 409: the author or genre is still referenced by books.
    #[error("the {what} is referenced by {count} book(s); remove it from them first")]
    InUse { what: &'static str, count: i64 },
    /// 409: the book is held by reservations of orders in progress.
    #[error(
        "the book is held by {0} active reservation(s); it can be deleted once they are committed or released"
    )]
    Reserved(i64),
    /// 409: the stock change would leave fewer than zero copies.
    #[error("the stock cannot go below zero ({available} available)")]
    StockBelowZero { available: i64 },
    /// 409: not enough copies for a reservation; the problem's `unavailable` member (and its
    /// `errors`) say which items.
    #[error("not enough stock for {} item(s)", .0.len())]
    OutOfStock(Vec<(usize, Unavailable)>),
    /// 409: the reservation is in a state the requested transition cannot leave.
    #[error("the reservation is {}", status_str(*.0))]
    ReservationClosed(ReservationStatus),
    /// 409: other requests kept creating books with ISBNs of a batch while it was written;
    /// nothing of it was stored (the argument is how many times it was tried).
    #[error(
        "other requests created books with this batch's ISBNs while it was written ({0} tries); nothing was stored, send it again"
    )]
    BatchContended(u32),
    /// 412: `If-Match` names a version the book no longer has.
    #[error("the book has changed: its version is now {current}; fetch it and try again")]
    VersionMismatch { current: i64 },
    /// 428: the change needs `If-Match` with the book's version.
    #[error("send If-Match with the book's version (its ETag) to change or delete it")]
    PreconditionRequired,
    /// 500: the database failed.
    #[error(transparent)]
    Database(#[from] DbError),
    /// 500: anything else that should not happen (corrupt rows).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

fn status_str(status: ReservationStatus) -> &'static str {
    match status {
        ReservationStatus::Reserved => "reserved",
        ReservationStatus::Committed => "committed",
        ReservationStatus::Released => "released",
    }
}

impl CatalogError {
    /// The problem+json this error answers with.
    pub(crate) fn problem(&self) -> ApiProblem {
        let message = self.to_string();
        let conflict = |slug: &str, title: &str| ApiProblem::new(StatusCode::CONFLICT, slug, title);
        match self {
            CatalogError::Validation(errors) => ApiProblem::validation(errors.clone()),
            CatalogError::NotFound(_) => ApiProblem::not_found(message),
            CatalogError::IsbnTaken => conflict("isbn-taken", "ISBN already in the catalog")
                .detail(message)
                .field("isbn", "is already in the catalog"),
            CatalogError::AuthorNameTaken => conflict("author-exists", "Author already exists")
                .detail(message)
                .field("name", "is already taken"),
            CatalogError::GenreSlugTaken => conflict("genre-exists", "Genre already exists")
                .detail(message)
                .field("slug", "is already taken"),
            CatalogError::InUse { .. } => conflict("in-use", "Still in use").detail(message),
            CatalogError::Reserved(_) => conflict("reserved", "Book is reserved").detail(message),
            CatalogError::StockBelowZero { .. } => {
                conflict("insufficient-stock", "Not enough stock").detail(message)
            }
            CatalogError::OutOfStock(items) => {
                let mut problem = conflict("out-of-stock", "Not enough stock").detail(message);
                for (index, u) in items {
                    problem = problem.field(
                        format!("items[{index}].quantity"),
                        format!(
                            "{} requested, {} available (book {})",
                            u.requested, u.available, u.book_id
                        ),
                    );
                }
                let unavailable: Vec<&Unavailable> = items.iter().map(|(_, u)| u).collect();
                problem.extension(
                    "unavailable",
                    serde_json::to_value(unavailable).unwrap_or_default(),
                )
            }
            CatalogError::ReservationClosed(_) => {
                conflict("reservation-closed", "Reservation closed").detail(message)
            }
            CatalogError::BatchContended(_) => {
                conflict("batch-contended", "Batch raced other writers").detail(message)
            }
            CatalogError::VersionMismatch { .. } => ApiProblem::new(
                StatusCode::PRECONDITION_FAILED,
                "version-mismatch",
                "Stale version",
            )
            .detail(message),
            CatalogError::PreconditionRequired => ApiProblem::new(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                "If-Match required",
            )
            .detail(message),
            CatalogError::Database(DbError::Pool(_)) => {
                ApiProblem::unavailable("the database is busy or unreachable; try again shortly")
            }
            CatalogError::Database(_) | CatalogError::Internal(_) => ApiProblem::internal(),
        }
    }
}

pub use bookstore_kit::http::Fields;

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn out_of_stock_lists_the_unavailable_items() {
        let book_id = uuid::Uuid::nil();
        let error = CatalogError::OutOfStock(vec![(
            2,
            Unavailable {
                book_id,
                requested: 3,
                available: 1,
            },
        )]);
        let body = serde_json::to_value(&error.problem().0).unwrap();
        assert_eq!(body["status"], 409);
        assert_eq!(body["unavailable"][0]["available"], 1);
        assert_eq!(body["errors"][0]["field"], "items[2].quantity");
        let problem: bookstore_sdk::types::Problem = serde_json::from_value(body).unwrap();
        assert_eq!(problem.slug(), "out-of-stock");
    }
}

bookstore_kit::service_error!(CatalogError);
