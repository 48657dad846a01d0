//! Repositories over the payment service's tables, one module per table, each query written
//! once for PostgreSQL and SQLite.
//!
//! Repository functions take a [`Conn`], a borrowed connection of either backend, so a unit of
//! work can span several repositories (a payment's new status, its refund row and the outbox
//! row in one transaction). [`on_conn!`](crate::on_conn) and
//! [`unit_of_work!`](crate::unit_of_work) lend a pooled connection as a `&mut Conn`; inside a
//! repository function `dispatch!` expands a query once per backend.

pub mod cancellations;
pub mod payment_log;
pub mod payments;
pub mod refunds;
pub mod sandbox_ledger;
pub mod schema;

pub use bookstore_kit::db::Conn;
pub(crate) use bookstore_kit::db::UuidText;
pub(crate) use bookstore_kit::dispatch;

/// [`bookstore_kit::on_conn!`] with this service's error type.
#[macro_export]
#[doc(hidden)]
macro_rules! on_conn {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::on_conn!($db, $crate::error::PaymentError, |$conn| $body)
    };
}

/// [`bookstore_kit::unit_of_work!`] with this service's error type.
#[macro_export]
#[doc(hidden)]
macro_rules! unit_of_work {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::unit_of_work!($db, $crate::error::PaymentError, |$conn| $body)
    };
}

pub use bookstore_kit::db::now;
