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
/// `body` yields `Ok` and rolls back on `Err` (including an early `?`).
///
/// The same as `bookstore_kit::transaction!` (diesel's transaction on PostgreSQL, `BEGIN
/// IMMEDIATE` on SQLite so writers queue on the busy timeout), spelled out here because that
/// macro's SQLite arm does not compile in a function whose error type has several `From`
/// impls (the `BEGIN` error's type cannot be inferred). Never put a timeout or `select!`
/// around it: a cancelled transaction future can leave the transaction open on its connection.
#[macro_export]
#[doc(hidden)]
macro_rules! unit_of_work {
    ($db:expr, |$conn:ident| $body:expr) => {
        match $db {
            ::bookstore_kit::db::Db::Postgres(__pool) => {
                use ::diesel_async::AsyncConnection as _;
                let mut __obj = __pool.get().await.map_err(|e| {
                    $crate::error::UserError::from(::bookstore_kit::db::DbError::from(e))
                })?;
                let __c: &mut ::bookstore_kit::db::PgConn = &mut *__obj;
                __c.transaction(async |__c: &mut ::bookstore_kit::db::PgConn| {
                    let mut __conn = $crate::store::Conn::from(__c);
                    let $conn = &mut __conn;
                    let __result: ::std::result::Result<_, $crate::error::UserError> = $body;
                    __result
                })
                .await
            }
            ::bookstore_kit::db::Db::Sqlite(__pool) => {
                use ::diesel_async::SimpleAsyncConnection as _;
                let mut __obj = __pool.get().await.map_err(|e| {
                    $crate::error::UserError::from(::bookstore_kit::db::DbError::from(e))
                })?;
                let __c: &mut ::bookstore_kit::db::SqliteConn = &mut *__obj;
                __c.batch_execute("BEGIN IMMEDIATE")
                    .await
                    .map_err($crate::error::UserError::from)?;
                let __result: ::std::result::Result<_, $crate::error::UserError> = async {
                    let mut __conn = $crate::store::Conn::from(&mut *__c);
                    let $conn = &mut __conn;
                    $body
                }
                .await;
                match __result {
                    Ok(__value) => match __c.batch_execute("COMMIT").await {
                        Ok(()) => Ok(__value),
                        Err(__e) => {
                            let _ = __c.batch_execute("ROLLBACK").await;
                            Err($crate::error::UserError::from(__e))
                        }
                    },
                    Err(__e) => {
                        let _ = __c.batch_execute("ROLLBACK").await;
                        Err(__e)
                    }
                }
            }
        }
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
