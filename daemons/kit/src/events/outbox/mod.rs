//! The transactional outbox: an event is written in the same transaction as the state change
//! it announces (the Unit of Work), and the [`Relay`] publishes it afterwards, at least once.
//!
//! ```ignore
//! use bookstore_kit::events::{Envelope, event_types, outbox};
//!
//! let order = bookstore_kit::transaction!(&state.db, |conn| {
//!     let order = store::orders::insert(conn, &new_order).await?;
//!     let event = Envelope::new(event_types::ORDER_CREATED, "order", json!({ "order_id": order.id }))
//!         .with_correlation_id(order.id.to_string());
//!     outbox::enqueue(conn, &event).await?;
//!     Ok::<_, AppError>(order)
//! })?;
//! state.outbox_waker.wake(); // publish now rather than at the next poll
//! ```

mod relay;

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub use relay::{OutboxWaker, Relay, RelayOptions};

use super::envelope::Envelope;
use super::schema::{now, outbox};
use super::store::{EventsConn, NewOutboxRow};
use crate::db::{Db, DbError};

/// Writes `envelope` to the outbox on `conn`: call it inside the `transaction!` that makes the
/// change, so the event exists if and only if the change was committed. When spans are
/// exported and the envelope names no trace, it gets the current span's: the event continues
/// the trace of the request or event that caused it.
pub async fn enqueue<C: EventsConn>(
    conn: &mut C,
    envelope: &Envelope,
) -> Result<(), diesel::result::Error> {
    let traced;
    let envelope = match crate::telemetry::traceparent() {
        Some(traceparent) if envelope.traceparent.is_none() => {
            traced = envelope.clone().with_traceparent(traceparent);
            &traced
        }
        _ => envelope,
    };
    let created_at = now();
    conn.insert_outbox(NewOutboxRow {
        id: envelope.id.to_string(),
        event_type: envelope.event_type.clone(),
        envelope: envelope.to_json(),
        created_at,
        attempts: 0,
        next_attempt_at: created_at,
    })
    .await
}

/// An outbox row claimed for publishing.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The row id (the event id as text).
    pub id: String,
    /// The event, or why the stored text does not parse.
    pub envelope: Result<Envelope, String>,
    /// Publishing attempts so far, this one included.
    pub attempts: i32,
    /// When the event was written.
    pub created_at: NaiveDateTime,
}

/// Claims up to `limit` due, unpublished rows for `lease`, oldest first: they are this
/// caller's to publish until the lease runs out, after which another relay may take them.
///
/// One `UPDATE ... WHERE id IN (due rows) AND unpublished AND lease free`: the conditions are
/// repeated outside the subquery because on PostgreSQL a concurrent claimer's subquery may
/// pick the same rows; its UPDATE then waits for ours to commit, re-checks the outer condition
/// on the new row version, and skips what we took, or what we already published and released
/// (a free lease alone would let it publish that row again). On PostgreSQL the statement is
/// the function `outbox_claim`, which pins the plan (see its migration); SQLite runs writers
/// one at a time.
pub async fn claim(db: &Db, limit: i64, lease: Duration) -> Result<Vec<Claimed>, DbError> {
    let now = now();
    let until = shift(now, lease, true);
    let mut rows: Vec<ClaimedRow> = match db {
        Db::Postgres(pool) => {
            use diesel::sql_types::{BigInt, Timestamp};
            let mut conn = pool.get().await?;
            diesel::sql_query(
                "SELECT id, envelope, attempts, created_at FROM outbox_claim($1, $2, $3)",
            )
            .bind::<BigInt, _>(limit)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(until)
            .load(&mut *conn)
            .await?
        }
        Db::Sqlite(pool) => {
            let mut conn = pool.get().await?;
            let due = outbox::table
                .select(outbox::id)
                .filter(outbox::published_at.is_null())
                .filter(outbox::next_attempt_at.le(now))
                .filter(
                    outbox::locked_until
                        .is_null()
                        .or(outbox::locked_until.lt(now)),
                )
                .order((outbox::created_at.asc(), outbox::id.asc()))
                .limit(limit)
                .into_boxed();
            diesel::update(
                outbox::table
                    .filter(outbox::id.eq_any(due))
                    .filter(outbox::published_at.is_null())
                    .filter(
                        outbox::locked_until
                            .is_null()
                            .or(outbox::locked_until.lt(now)),
                    ),
            )
            .set((
                outbox::locked_until.eq(Some(until)),
                outbox::attempts.eq(outbox::attempts + 1),
            ))
            .returning((
                outbox::id,
                outbox::envelope,
                outbox::attempts,
                outbox::created_at,
            ))
            .get_results(&mut *conn)
            .await?
        }
    };
    // RETURNING gives no order; publish oldest first (v7 ids break ties in creation order).
    rows.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(rows
        .into_iter()
        .map(|row| Claimed {
            envelope: Envelope::from_json(row.envelope.as_bytes())
                .map_err(|e| format!("stored envelope does not parse: {e}")),
            id: row.id,
            attempts: row.attempts,
            created_at: row.created_at,
        })
        .collect())
}

/// A claimed row as the claim returns it.
#[derive(QueryableByName, Queryable)]
struct ClaimedRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    envelope: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    attempts: i32,
    #[diesel(sql_type = diesel::sql_types::Timestamp)]
    created_at: NaiveDateTime,
}

/// Records that the row `id` was published and frees its lease.
pub async fn mark_published(db: &Db, id: &str) -> Result<(), DbError> {
    mark_all_published(db, &[id.to_owned()]).await
}

/// Records that the rows `ids` were published and frees their leases, in one statement.
pub async fn mark_all_published(db: &Db, ids: &[String]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    let now = now();
    crate::with_conn!(db, |conn| {
        diesel::update(outbox::table.filter(outbox::id.eq_any(ids)))
            .set((
                outbox::published_at.eq(Some(now)),
                outbox::locked_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// Records a failed attempt: frees the lease and schedules the next attempt after `retry_in`.
/// Extends the claims on `ids` that are still unpublished to `lease` from now: what a relay
/// does while it is still publishing them, so that no other relay takes them meanwhile.
pub async fn renew(db: &Db, ids: &[String], lease: Duration) -> Result<(), DbError> {
    let until = shift(now(), lease, true);
    crate::with_conn!(db, |conn| {
        diesel::update(
            outbox::table
                .filter(outbox::id.eq_any(ids))
                .filter(outbox::published_at.is_null()),
        )
        .set(outbox::locked_until.eq(Some(until)))
        .execute(conn)
        .await?;
    });
    Ok(())
}

pub async fn mark_failed(
    db: &Db,
    id: &str,
    error: &str,
    retry_in: Duration,
) -> Result<(), DbError> {
    let now = now();
    let next = shift(now, retry_in, true);
    // Enough to diagnose; a huge broker message should not bloat the table.
    let error: String = error.chars().take(2000).collect();
    crate::with_conn!(db, |conn| {
        diesel::update(
            outbox::table
                .find(id)
                .filter(outbox::published_at.is_null()),
        )
        .set((
            outbox::next_attempt_at.eq(next),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(Some(error)),
        ))
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// The outbox backlog: what a metrics gauge or `/readyz` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    /// Unpublished events.
    pub pending: i64,
    /// Age of the oldest unpublished event (`None` when there is none).
    pub oldest_age: Option<Duration>,
}

/// Counts unpublished events and the age of the oldest.
pub async fn backlog(db: &Db) -> Result<Backlog, DbError> {
    let (pending, oldest): (i64, Option<NaiveDateTime>) = crate::with_conn!(db, |conn| {
        outbox::table
            .filter(outbox::published_at.is_null())
            .select((
                diesel::dsl::count_star(),
                diesel::dsl::min(outbox::created_at),
            ))
            .first(conn)
            .await?
    });
    let oldest_age = oldest.map(|t| (now() - t).to_std().unwrap_or(Duration::ZERO));
    Ok(Backlog {
        pending,
        oldest_age,
    })
}

/// An unpublished outbox row, as an operator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct PendingEntry {
    /// The event id.
    pub id: String,
    /// The event type.
    pub event_type: String,
    /// Publishing attempts so far.
    pub attempts: i32,
    /// When the event was written.
    pub created_at: NaiveDateTime,
    /// When the relay tries it next.
    pub next_attempt_at: NaiveDateTime,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// Up to `limit` unpublished events, oldest first: what is stuck, and why.
pub async fn pending(db: &Db, limit: i64) -> Result<Vec<PendingEntry>, DbError> {
    let rows = crate::with_conn!(db, |conn| {
        outbox::table
            .filter(outbox::published_at.is_null())
            .order((outbox::created_at.asc(), outbox::id.asc()))
            .limit(limit)
            .select((
                outbox::id,
                outbox::event_type,
                outbox::attempts,
                outbox::created_at,
                outbox::next_attempt_at,
                outbox::last_error,
            ))
            .load::<PendingEntry>(conn)
            .await?
    });
    Ok(rows)
}

/// Deletes events published more than `older_than` ago; returns how many.
pub async fn purge_published(db: &Db, older_than: Duration) -> Result<usize, DbError> {
    let cutoff = shift(now(), older_than, false);
    let deleted = crate::with_conn!(db, |conn| {
        diesel::delete(outbox::table.filter(outbox::published_at.lt(cutoff)))
            .execute(conn)
            .await?
    });
    Ok(deleted)
}

/// `t` moved `by` forward or back; absurd durations saturate at ten years instead of
/// overflowing the calendar.
fn shift(t: NaiveDateTime, by: Duration, forward: bool) -> NaiveDateTime {
    let by = chrono::TimeDelta::from_std(by)
        .unwrap_or(chrono::TimeDelta::MAX)
        .min(chrono::TimeDelta::days(3650));
    if forward { t + by } else { t - by }
}
