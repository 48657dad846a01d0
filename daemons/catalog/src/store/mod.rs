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

use bookstore_kit::db::{PgConn, SqliteConn};
use chrono::{NaiveDateTime, Timelike, Utc};

pub(crate) use types::UuidText;

/// A borrowed connection of either backend.
pub enum Conn<'a> {
    Postgres(&'a mut PgConn),
    Sqlite(&'a mut SqliteConn),
}

impl<'a> From<&'a mut PgConn> for Conn<'a> {
    fn from(conn: &'a mut PgConn) -> Self {
        Conn::Postgres(conn)
    }
}

impl<'a> From<&'a mut SqliteConn> for Conn<'a> {
    fn from(conn: &'a mut SqliteConn) -> Self {
        Conn::Sqlite(conn)
    }
}

/// Expands `body` once per backend with `c` bound to the concrete connection.
macro_rules! dispatch {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::store::Conn::Postgres(__c) => {
                let $c: &mut ::bookstore_kit::db::PgConn = &mut **__c;
                $body
            }
            $crate::store::Conn::Sqlite(__c) => {
                let $c: &mut ::bookstore_kit::db::SqliteConn = &mut **__c;
                $body
            }
        }
    };
}
pub(crate) use dispatch;

/// Runs `body` with `conn: &mut Conn` on a pooled connection, outside a transaction. `body`
/// yields `Result<T, CatalogError>`.
#[macro_export]
#[doc(hidden)]
macro_rules! on_conn {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::with_conn!($db, |__c| {
            let mut __conn = $crate::store::Conn::from(&mut *__c);
            let $conn = &mut __conn;
            let __result: ::std::result::Result<_, $crate::error::CatalogError> = $body;
            __result
        })
    };
}

/// Runs `body` with `conn: &mut Conn` inside one transaction: the Unit of Work. It commits when
/// `body` yields `Ok` and rolls back on `Err` (including an early `?`), so a failed write leaves
/// nothing behind. See `bookstore_kit::transaction!` for what it does on each backend.
#[macro_export]
#[doc(hidden)]
macro_rules! unit_of_work {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::transaction!($db, |__c| {
            let mut __conn = $crate::store::Conn::from(__c);
            let $conn = &mut __conn;
            let __result: ::std::result::Result<_, $crate::error::CatalogError> = $body;
            __result
        })
    };
}

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
