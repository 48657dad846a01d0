//! Repositories over the order service's tables, one module per table group, each query
//! written once for PostgreSQL and SQLite.
//!
//! Repository functions take a [`Conn`], so one unit of work spans an order, its lines, its
//! history, a cart and the outbox row announcing the change.

pub mod carts;
pub mod orders;
pub mod schema;

pub use bookstore_kit::db::Conn;
pub(crate) use bookstore_kit::db::is_unique_violation;
pub use bookstore_kit::db::{after, now};
pub(crate) use bookstore_kit::dispatch;

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

/// A UUID stored as text; a corrupt one is an error, never a made-up id.
pub(crate) fn parse_uuid(raw: &str) -> Result<uuid::Uuid, crate::error::OrderError> {
    uuid::Uuid::parse_str(raw)
        .map_err(|e| crate::error::OrderError::Internal(anyhow::anyhow!("corrupt id {raw:?}: {e}")))
}
