//! Repositories over the service's tables, one module per table, each query written once for
//! PostgreSQL and SQLite.
//!
//! Repository functions take a [`Conn`], a borrowed connection of either backend, so a unit of
//! work can span several repositories (a user row, its refresh token and an outbox row in one
//! transaction). [`on_conn!`](crate::on_conn) and [`unit_of_work!`](crate::unit_of_work) lend a
//! pooled connection as a `&mut Conn`; inside a repository function `dispatch!` expands a
//! query once per backend.

pub mod refresh_tokens;
pub mod schema;
pub mod signing_keys;
mod types;
pub mod users;

use bookstore_kit::db::{PgConn, SqliteConn};
use chrono::{NaiveDateTime, Timelike, Utc};

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
/// yields `Result<T, UserError>`.
#[macro_export]
#[doc(hidden)]
macro_rules! on_conn {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::with_conn!($db, |__c| {
            let mut __conn = $crate::store::Conn::from(&mut *__c);
            let $conn = &mut __conn;
            let __result: ::std::result::Result<_, $crate::error::UserError> = $body;
            __result
        })
    };
}

/// Runs `body` with `conn: &mut Conn` inside one transaction: the Unit of Work. It commits when
/// `body` yields `Ok` and rolls back on `Err` (including an early `?`). See
/// `bookstore_kit::transaction!` for what it does on each backend.
#[macro_export]
#[doc(hidden)]
macro_rules! unit_of_work {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::transaction!($db, |__c| {
            let mut __conn = $crate::store::Conn::from(__c);
            let $conn = &mut __conn;
            let __result: ::std::result::Result<_, $crate::error::UserError> = $body;
            __result
        })
    };
}

/// Now, at the microsecond precision PostgreSQL keeps, so a value read back equals the one
/// written on both backends.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

/// `created + ttl`, saturating instead of overflowing on absurd configurations.
pub fn after(from: NaiveDateTime, ttl: std::time::Duration) -> NaiveDateTime {
    chrono::Duration::from_std(ttl)
        .ok()
        .and_then(|d| from.checked_add_signed(d))
        .unwrap_or(NaiveDateTime::MAX)
}
