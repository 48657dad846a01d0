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
mod types;

pub use bookstore_kit::db::Conn;
pub(crate) use bookstore_kit::dispatch;
use chrono::{NaiveDateTime, Timelike, Utc};
pub(crate) use types::UuidText;

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

/// Now, at the microsecond precision PostgreSQL keeps, so a value read back (and a cursor made
/// from it) equals the one written on both backends.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

/// The latest time the service stores: 9999-12-31. Not `NaiveDateTime::MAX`, whose year
/// (+262142) neither sorts as text on SQLite nor fits every PostgreSQL client.
pub fn far_future() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// `from + ttl`, saturating at [`far_future`] instead of overflowing on absurd configurations.
pub fn after(from: NaiveDateTime, ttl: std::time::Duration) -> NaiveDateTime {
    chrono::Duration::from_std(ttl)
        .ok()
        .and_then(|d| from.checked_add_signed(d))
        .map_or_else(far_future, |t| t.min(far_future()))
}

/// Whether `e` is a unique violation of the constraint or index named `name`. PostgreSQL
/// reports the constraint's name; SQLite only the columns (`UNIQUE constraint failed:
/// books.isbn`), so `columns` is matched against its message.
pub(crate) fn is_unique_violation(e: &diesel::result::Error, name: &str, columns: &str) -> bool {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        ) => {
            info.constraint_name() == Some(name)
                || (info.constraint_name().is_none() && info.message().contains(columns))
        }
        _ => false,
    }
}
