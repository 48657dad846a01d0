//! Repositories over the order service's tables, one module per table group, each query
//! written once for PostgreSQL and SQLite.
//!
//! Repository functions take a [`Conn`], so one unit of work spans an order, its lines, its
//! history, a cart and the outbox row announcing the change.

pub mod carts;
pub mod orders;
pub mod schema;

pub use bookstore_kit::db::Conn;
pub(crate) use bookstore_kit::dispatch;
use chrono::{NaiveDateTime, Timelike, Utc};

/// [`bookstore_kit::on_conn!`] with this service's error type.
#[macro_export]
#[doc(hidden)]
macro_rules! on_conn {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::on_conn!($db, $crate::error::OrderError, |$conn| $body)
    };
}

/// [`bookstore_kit::unit_of_work!`] with this service's error type.
#[macro_export]
#[doc(hidden)]
macro_rules! unit_of_work {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::unit_of_work!($db, $crate::error::OrderError, |$conn| $body)
    };
}

/// Now, at the microsecond precision PostgreSQL keeps, so a value read back (and a cursor made
/// from it) equals the one written on both backends.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

/// `from + d`, saturating instead of overflowing on absurd configurations.
pub fn after(from: NaiveDateTime, d: std::time::Duration) -> NaiveDateTime {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| from.checked_add_signed(d))
        .unwrap_or(NaiveDateTime::MAX)
}

/// Whether `e` is a unique violation of the constraint named `name` (PostgreSQL) or of the
/// columns `columns` (SQLite, which names no constraint).
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

/// A UUID stored as text; a corrupt one is an error, never a made-up id.
pub(crate) fn parse_uuid(raw: &str) -> Result<uuid::Uuid, crate::error::OrderError> {
    uuid::Uuid::parse_str(raw)
        .map_err(|e| crate::error::OrderError::Internal(anyhow::anyhow!("corrupt id {raw:?}: {e}")))
}
