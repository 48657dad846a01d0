//! The consumer side of exactly-once effect: a consumer records each event id it applies in the
//! same transaction as the effect, and skips an event it has already recorded.
//!
//! ```ignore
//! #[async_trait]
//! impl Handler for PaymentEvents {
//!     async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError> {
//!         let applied: Result<Option<()>, HandlerError> =
//!             bookstore_kit::inbox_transaction!(&self.db, "payment", envelope, |conn| {
//!                 store::payments::insert(conn, &payment_for(envelope)?).await?;
//!                 outbox::enqueue(conn, &succeeded_event).await?;
//!                 Ok(())
//!             });
//!         applied.map(|_| ()) // `None`: a redelivery, already applied
//!     }
//! }
//! ```

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::envelope::Envelope;
use super::schema::{inbox, now};
use super::store::{EventsConn, NewInboxRow};
use crate::db::{Db, DbError};

/// Records that `consumer` applies `envelope`, on `conn` inside the caller's transaction.
/// `true` when this is the first time; `false` for a duplicate, whose effect the caller skips.
///
/// Two concurrent deliveries of one event cannot both get `true`: the second insert waits for
/// the first transaction (PostgreSQL row lock, SQLite write lock) and then finds the row.
pub async fn record<C: EventsConn>(
    conn: &mut C,
    consumer: &str,
    envelope: &Envelope,
) -> Result<bool, diesel::result::Error> {
    let new = conn
        .insert_inbox(NewInboxRow {
            consumer: consumer.to_owned(),
            event_id: envelope.id.to_string(),
            event_type: envelope.event_type.clone(),
            processed_at: now(),
        })
        .await?;
    if !new {
        tracing::debug!(
            consumer,
            event.id = %envelope.id,
            event.r#type = %envelope.event_type,
            "event already applied; skipped"
        );
    }
    Ok(new)
}

/// Whether `consumer` has applied the event `event_id`.
pub async fn contains(db: &Db, consumer: &str, event_id: uuid::Uuid) -> Result<bool, DbError> {
    let id = event_id.to_string();
    let found: i64 = crate::with_conn!(db, |conn| {
        inbox::table
            .filter(inbox::consumer.eq(consumer))
            .filter(inbox::event_id.eq(&id))
            .count()
            .get_result(conn)
            .await?
    });
    Ok(found > 0)
}

/// Forgets events applied more than `older_than` ago; returns how many. Keep this well beyond
/// how long a message can wait for redelivery (the outbox's longest backoff, a DLQ's lifetime).
pub async fn purge(db: &Db, older_than: Duration) -> Result<usize, DbError> {
    let by = chrono::TimeDelta::from_std(older_than)
        .unwrap_or(chrono::TimeDelta::MAX)
        .min(chrono::TimeDelta::days(36500));
    let cutoff = now() - by;
    let deleted = crate::with_conn!(db, |conn| {
        diesel::delete(inbox::table.filter(inbox::processed_at.lt(cutoff)))
            .execute(conn)
            .await?
    });
    Ok(deleted)
}

/// Runs `body` in one transaction (`transaction!`) unless `consumer` has already applied
/// `envelope`: the inbox row and the effect commit together, or neither does.
///
/// Evaluates to `Result<Option<T>, E>`: `Some` with the body's value when applied now, `None`
/// for a duplicate. `E` must convert from `diesel::result::Error` and `DbError`
/// ([`HandlerError`](crate::events::HandlerError) does); annotate it at the call site. As with
/// `transaction!`, failing to get a pooled connection returns early from the enclosing function
/// with `?`.
#[macro_export]
macro_rules! inbox_transaction {
    ($db:expr, $consumer:expr, $envelope:expr, |$conn:ident| $body:expr) => {
        $crate::transaction!($db, |$conn| {
            if $crate::events::inbox::record($conn, $consumer, $envelope).await? {
                ($body).map(::core::option::Option::Some)
            } else {
                ::core::result::Result::Ok(::core::option::Option::None)
            }
        })
    };
}
