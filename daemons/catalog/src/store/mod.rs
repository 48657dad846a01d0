//! Repositories over the catalog's tables, one module per table (plus [`search`], the book
//! list), each query written once for PostgreSQL and SQLite.
//!
//! Repository functions take a [`Conn`], a borrowed connection of either backend, so a unit of
//! work can span several repositories (a book, its author links and new authors in one
//! transaction). [`on_conn!`](crate::on_conn) and [`unit_of_work!`](crate::unit_of_work) lend a
//! pooled connection as a `&mut Conn`; inside a repository function `dispatch!` expands a
//! query once per backend. Where the SQL really differs (search, row locks), the function
//! matches on the `Conn` variant instead, and says so.

pub mod authors;
pub mod books;
pub mod genres;
pub mod reservations;
pub mod schema;
pub mod search;

pub use bookstore_kit::db::Conn;
pub(crate) use bookstore_kit::db::UuidText;
pub(crate) use bookstore_kit::db::is_unique_violation;
pub use bookstore_kit::db::{after, far_future, now};
pub(crate) use bookstore_kit::dispatch;

/// [`bookstore_kit::on_conn!`] with this service's error type.
#[macro_export]
#[doc(hidden)]
macro_rules! on_conn {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::on_conn!($db, $crate::error::CatalogError, |$conn| $body)
    };
}

/// [`bookstore_kit::unit_of_work!`] with this service's error type.
#[macro_export]
#[doc(hidden)]
macro_rules! unit_of_work {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::unit_of_work!($db, $crate::error::CatalogError, |$conn| $body)
    };
}

/// The most rows one multi-row `INSERT` carries: well within SQLite's 32,766 bound parameters
/// and PostgreSQL's 65,535 for the widest table (books, 17 columns).
pub(crate) const ROWS_PER_INSERT: usize = 500;
