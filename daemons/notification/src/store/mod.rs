//! Repositories over the notification service's tables, one module per table, each query
//! written once for PostgreSQL and SQLite.
//!
//! Repository functions take a [`Conn`], so one unit of work spans the inbox row of an event,
//! the reader's message number, the message and its deliveries.

pub mod deliveries;
pub mod notifications;
pub mod promotions;
pub mod recipients;
pub mod schema;
pub mod secrets;

use bookstore_sdk::types::Channel;

pub use bookstore_kit::db::Conn;
pub use bookstore_kit::db::{after, now};
pub(crate) use bookstore_kit::dispatch;

/// Rows per multi-row `INSERT`: well under both backends' limits on bound parameters.
pub(crate) const ROWS_PER_INSERT: usize = 200;

/// [`bookstore_kit::on_conn!`] with this service's error type.
#[macro_export]
#[doc(hidden)]
macro_rules! on_conn {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::on_conn!($db, $crate::error::NotificationError, |$conn| $body)
    };
}

/// [`bookstore_kit::unit_of_work!`] with this service's error type.
#[macro_export]
#[doc(hidden)]
macro_rules! unit_of_work {
    ($db:expr, |$conn:ident| $body:expr) => {
        ::bookstore_kit::unit_of_work!($db, $crate::error::NotificationError, |$conn| $body)
    };
}

/// A channel list as a column keeps it: `email,in_app`, in the wire order, no repeats.
pub fn channels_text(channels: &[Channel]) -> String {
    let mut sorted: Vec<Channel> = channels.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A channel list column read back; names this build does not know are dropped (a row
/// written by a newer version stays readable).
pub fn parse_channels(text: &str) -> Vec<Channel> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// A UUID stored as text; a corrupt one is an error, never a made-up id.
pub(crate) fn parse_uuid(raw: &str) -> Result<uuid::Uuid, crate::error::NotificationError> {
    uuid::Uuid::parse_str(raw).map_err(|e| {
        crate::error::NotificationError::Internal(anyhow::anyhow!("corrupt id {raw:?}: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_lists_round_trip_sorted_without_repeats() {
        let text = channels_text(&[Channel::InApp, Channel::Email, Channel::InApp]);
        assert_eq!(text, "email,in_app");
        assert_eq!(parse_channels(&text), [Channel::Email, Channel::InApp]);
        assert_eq!(channels_text(&[]), "");
        assert!(parse_channels("").is_empty());
        assert_eq!(parse_channels("email,pigeon"), [Channel::Email]);
    }
}
