//! A borrowed connection of either backend, so that repository functions take one argument and
//! a unit of work can span several repositories.

use super::pool::{PgConn, SqliteConn};

/// A borrowed connection of either backend.
pub enum Conn<'a> {
    Postgres(&'a mut PgConn),
    Sqlite(&'a mut SqliteConn),
}

impl std::fmt::Debug for Conn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Conn::Postgres(_) => "Conn::Postgres",
            Conn::Sqlite(_) => "Conn::Sqlite",
        })
    }
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

/// Inside a repository function: expands `body` once per backend with `c` bound to the
/// concrete connection of a [`Conn`].
#[macro_export]
macro_rules! dispatch {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::Conn::Postgres(__c) => {
                let $c: &mut $crate::db::PgConn = &mut **__c;
                $body
            }
            $crate::db::Conn::Sqlite(__c) => {
                let $c: &mut $crate::db::SqliteConn = &mut **__c;
                $body
            }
        }
    };
}

/// Runs `body` with `conn: &mut Conn` on a pooled connection, outside a transaction; `body`
/// yields `Result<T, $err>`.
#[macro_export]
macro_rules! on_conn {
    ($db:expr, $err:ty, |$conn:ident| $body:expr) => {
        $crate::with_conn!($db, |__c| {
            let mut __conn = $crate::db::Conn::from(&mut *__c);
            let $conn = &mut __conn;
            let __result: ::std::result::Result<_, $err> = $body;
            __result
        })
    };
}

/// Runs `body` with `conn: &mut Conn` inside one transaction (see
/// [`transaction!`](crate::transaction)): it commits when `body` yields `Ok` and rolls back on
/// `Err`, including an early `?`, so a failed write leaves nothing behind.
#[macro_export]
macro_rules! unit_of_work {
    ($db:expr, $err:ty, |$conn:ident| $body:expr) => {
        $crate::transaction!($db, |__c| {
            let mut __conn = $crate::db::Conn::from(__c);
            let $conn = &mut __conn;
            let __result: ::std::result::Result<_, $err> = $body;
            __result
        })
    };
}

/// Inserts `$rows` (a `Vec` of `Insertable` rows) into `$table` through a `&mut Conn`, `$per`
/// rows per statement; on SQLite all on the blocking thread in one go, because the async
/// wrapper's hop per statement costs more than the insert. Evaluates to
/// `Result<(), diesel::result::Error>` after `?`-converting into the caller's error.
#[macro_export]
macro_rules! insert_chunks {
    ($conn:expr, $table:path, $rows:expr, $per:expr) => {{
        let rows = $rows;
        let per: usize = $per;
        match $conn {
            $crate::db::Conn::Postgres(c) => {
                for chunk in rows.chunks(per) {
                    ::diesel_async::RunQueryDsl::execute(
                        ::diesel::insert_into($table).values(chunk),
                        &mut **c,
                    )
                    .await?;
                }
            }
            $crate::db::Conn::Sqlite(c) => {
                c.spawn_blocking(move |c| {
                    for chunk in rows.chunks(per) {
                        ::diesel::RunQueryDsl::execute(
                            ::diesel::insert_into($table).values(chunk),
                            c,
                        )?;
                    }
                    Ok(())
                })
                .await?;
            }
        }
        Ok(())
    }};
}
