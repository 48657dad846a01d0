//! Storage: one repository layer over PostgreSQL and SQLite.
//!
//! A [`Db`] is a pool of either backend. Repository functions take a [`Conn`] and write each
//! query once inside [`dispatch!`](crate::dispatch), which expands it once per backend so every
//! query is type-checked against both; [`on_conn!`](crate::on_conn) and
//! [`unit_of_work!`](crate::unit_of_work) lend them a pooled connection, the latter inside one
//! transaction. Where SQL really differs, the function matches on the `Conn` variant instead.

mod conn;
mod migrate;
mod pool;
mod provision;
mod uuid_text;
mod values;

pub use conn::Conn;
pub use migrate::Migrations;
pub use pool::{Backend, Db, DbError, PgConn, SqliteConn};
pub use provision::{DatabaseTarget, service_database_url};
pub use uuid_text::UuidText;
pub use values::{after, far_future, is_unique_violation, now};

/// Runs `body` with `conn` bound to a pooled connection of whichever backend `db` holds.
///
/// The body is an expression evaluated inside an `async` context that may use `?` on
/// [`DbError`](crate::db::DbError)-convertible errors.
#[macro_export]
macro_rules! with_conn {
    ($db:expr, |$conn:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Postgres(__pool) => {
                let mut __obj = __pool.get().await.map_err($crate::db::DbError::from)?;
                let $conn: &mut $crate::db::PgConn = &mut *__obj;
                $body
            }
            $crate::db::Db::Sqlite(__pool) => {
                let mut __obj = __pool.get().await.map_err($crate::db::DbError::from)?;
                let $conn: &mut $crate::db::SqliteConn = &mut *__obj;
                $body
            }
        }
    };
}

/// Runs `body` (an expression yielding `Result<T, E>`) inside one database transaction: the
/// Unit of Work. `E` must convert from `diesel::result::Error` and from
/// [`DbError`](crate::db::DbError). The transaction commits when the body returns `Ok` and rolls
/// back otherwise.
///
/// SQLite transactions start with `BEGIN IMMEDIATE` so that two writers queue on the busy
/// timeout instead of one failing when it upgrades its read lock.
///
/// Never put a timeout or `select!` around this: a cancelled transaction future can leave the
/// transaction open on its pooled connection.
#[macro_export]
macro_rules! transaction {
    ($db:expr, |$conn:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Postgres(__pool) => {
                use $crate::db::__private::AsyncConnection as _;
                let mut __obj = __pool.get().await.map_err($crate::db::DbError::from)?;
                let __c: &mut $crate::db::PgConn = &mut *__obj;
                __c.transaction(async |$conn: &mut $crate::db::PgConn| $body)
                    .await
            }
            $crate::db::Db::Sqlite(__pool) => {
                use $crate::db::__private::SimpleAsyncConnection as _;
                let mut __obj = __pool.get().await.map_err($crate::db::DbError::from)?;
                let $conn: &mut $crate::db::SqliteConn = &mut *__obj;
                $conn
                    .batch_execute("BEGIN IMMEDIATE")
                    .await
                    .map_err($crate::db::DbError::from)?;
                // Reborrowed so the body may move its `&mut` while COMMIT still has the connection.
                let __result = async {
                    let $conn: &mut $crate::db::SqliteConn = &mut *$conn;
                    $body
                }
                .await;
                match __result {
                    Ok(__value) => match $conn.batch_execute("COMMIT").await {
                        Ok(()) => Ok(__value),
                        Err(__e) => {
                            let _ = $conn.batch_execute("ROLLBACK").await;
                            Err($crate::db::__private::diesel_error(__e))
                        }
                    },
                    Err(__e) => {
                        let _ = $conn.batch_execute("ROLLBACK").await;
                        Err(__e)
                    }
                }
            }
        }
    };
}

#[doc(hidden)]
pub mod __private {
    pub use diesel_async::{AsyncConnection, SimpleAsyncConnection};

    /// Lets the macros convert with `?` into whatever error type the caller uses.
    pub fn diesel_error<E: From<diesel::result::Error>>(e: diesel::result::Error) -> E {
        E::from(e)
    }
}
