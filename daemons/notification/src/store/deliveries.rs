//! `deliveries` and `delivery_attempts`: messages on their way by email or SMS, and every
//! attempt at sending one.
//!
//! A sender claims due deliveries with a lease (like the outbox relay), so several processes
//! send side by side and a crashed sender's claims lapse to another.

use std::time::Duration;

use bookstore_sdk::types::{DeliveryCounts, DeliveryStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::{deliveries, delivery_attempts};
use super::{Conn, ROWS_PER_INSERT, after, dispatch};
use crate::error::NotificationError;

/// A delivery as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = deliveries, treat_none_as_default_value = false)]
pub struct DeliveryRow {
    pub id: String,
    pub notification_id: String,
    pub user_id: String,
    pub kind: String,
    pub channel: String,
    pub address: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub promotion_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// One attempt as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = delivery_attempts, treat_none_as_default_value = false)]
pub struct AttemptRow {
    pub id: String,
    pub delivery_id: String,
    pub attempted_at: NaiveDateTime,
    pub outcome: String,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// Stores many deliveries at once.
pub async fn insert_many(
    conn: &mut Conn<'_>,
    rows: Vec<DeliveryRow>,
) -> Result<(), NotificationError> {
    bookstore_kit::insert_chunks!(conn, deliveries::table, rows, ROWS_PER_INSERT)
}

/// Claims up to `limit` pending deliveries that are due, for `lease`: they are this caller's
/// to send until the lease runs out. The lease condition is repeated outside the subquery so
/// that on PostgreSQL a concurrent claimer skips rows another has just taken (see the
/// outbox's `claim`).
pub async fn claim(
    conn: &mut Conn<'_>,
    channel: &str,
    limit: i64,
    lease: Duration,
) -> Result<Vec<DeliveryRow>, NotificationError> {
    let now = super::now();
    let until = after(now, lease);
    let pending = DeliveryStatus::Pending.as_str();
    let rows = dispatch!(conn, |c| {
        let due = deliveries::table
            .select(deliveries::id)
            .filter(deliveries::status.eq(pending))
            .filter(deliveries::channel.eq(channel))
            .filter(deliveries::next_attempt_at.le(now))
            .filter(
                deliveries::locked_until
                    .is_null()
                    .or(deliveries::locked_until.lt(now)),
            )
            .order(deliveries::next_attempt_at.asc())
            .limit(limit)
            .into_boxed();
        diesel::update(
            deliveries::table
                .filter(deliveries::id.eq_any(due))
                .filter(deliveries::status.eq(pending))
                .filter(
                    deliveries::locked_until
                        .is_null()
                        .or(deliveries::locked_until.lt(now)),
                ),
        )
        .set((
            deliveries::locked_until.eq(Some(until)),
            deliveries::attempts.eq(deliveries::attempts + 1),
        ))
        .returning(DeliveryRow::as_returning())
        .get_results(c)
        .await?
    });
    Ok(rows)
}

/// Marks `ids` sent at `at`.
pub async fn mark_sent(
    conn: &mut Conn<'_>,
    ids: &[String],
    at: NaiveDateTime,
) -> Result<(), NotificationError> {
    dispatch!(conn, |c| {
        diesel::update(deliveries::table.filter(deliveries::id.eq_any(ids)))
            .set((
                deliveries::status.eq(DeliveryStatus::Sent.as_str()),
                deliveries::sent_at.eq(Some(at)),
                deliveries::locked_until.eq(None::<NaiveDateTime>),
                deliveries::last_error.eq(None::<String>),
                deliveries::updated_at.eq(at),
            ))
            .execute(c)
            .await?
    });
    Ok(())
}

/// After a failed attempt: tries again at `retry_at`, or, with `None`, gives up (`failed`).
pub async fn mark_failed(
    conn: &mut Conn<'_>,
    id: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), NotificationError> {
    let status = match retry_at {
        Some(_) => DeliveryStatus::Pending,
        None => DeliveryStatus::Failed,
    };
    dispatch!(conn, |c| {
        diesel::update(deliveries::table.find(id))
            .set((
                deliveries::status.eq(status.as_str()),
                deliveries::next_attempt_at.eq(retry_at.unwrap_or(now)),
                deliveries::locked_until.eq(None::<NaiveDateTime>),
                deliveries::last_error.eq(Some(error)),
                deliveries::updated_at.eq(now),
            ))
            .execute(c)
            .await?
    });
    Ok(())
}

/// Records attempts.
pub async fn record_attempts(
    conn: &mut Conn<'_>,
    rows: Vec<AttemptRow>,
) -> Result<(), NotificationError> {
    bookstore_kit::insert_chunks!(conn, delivery_attempts::table, rows, ROWS_PER_INSERT)
}

/// The delivery `id`.
pub async fn find(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<DeliveryRow>, NotificationError> {
    let row = dispatch!(conn, |c| {
        deliveries::table
            .find(id.to_string())
            .select(DeliveryRow::as_select())
            .first(c)
            .await
            .optional()?
    });
    Ok(row)
}

/// Sets a failed delivery back to pending, due now; `false` when it was not failed.
pub async fn retry(conn: &mut Conn<'_>, id: Uuid) -> Result<bool, NotificationError> {
    let now = super::now();
    let changed = dispatch!(conn, |c| {
        diesel::update(
            deliveries::table
                .find(id.to_string())
                .filter(deliveries::status.eq(DeliveryStatus::Failed.as_str())),
        )
        .set((
            deliveries::status.eq(DeliveryStatus::Pending.as_str()),
            deliveries::next_attempt_at.eq(now),
            deliveries::locked_until.eq(None::<NaiveDateTime>),
            deliveries::updated_at.eq(now),
        ))
        .execute(c)
        .await?
    });
    Ok(changed == 1)
}

/// What `GET /notifications/deliveries` filters by.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<DeliveryStatus>,
    pub channel: Option<String>,
    pub user_id: Option<String>,
    pub promotion_id: Option<String>,
    /// Rows before this `(created_at, id)`, newest first.
    pub before: Option<(NaiveDateTime, String)>,
}

/// One page of deliveries, newest first.
pub async fn list(
    conn: &mut Conn<'_>,
    filter: &Filter,
    limit: i64,
) -> Result<Vec<DeliveryRow>, NotificationError> {
    let rows = dispatch!(conn, |c| {
        let mut query = deliveries::table
            .select(DeliveryRow::as_select())
            .order((deliveries::created_at.desc(), deliveries::id.desc()))
            .limit(limit)
            .into_boxed();
        if let Some(status) = filter.status {
            query = query.filter(deliveries::status.eq(status.as_str()));
        }
        if let Some(channel) = &filter.channel {
            query = query.filter(deliveries::channel.eq(channel.clone()));
        }
        if let Some(user) = &filter.user_id {
            query = query.filter(deliveries::user_id.eq(user.clone()));
        }
        if let Some(promotion) = &filter.promotion_id {
            query = query.filter(deliveries::promotion_id.eq(promotion.clone()));
        }
        if let Some((at, id)) = &filter.before {
            query = query.filter(
                deliveries::created_at.lt(*at).or(deliveries::created_at
                    .eq(*at)
                    .and(deliveries::id.lt(id.clone()))),
            );
        }
        query.load(c).await?
    });
    Ok(rows)
}

/// The deliveries of the promotion `id`, counted by status.
pub async fn counts_of_promotion(
    conn: &mut Conn<'_>,
    id: &str,
) -> Result<DeliveryCounts, NotificationError> {
    let rows: Vec<(String, i64)> = dispatch!(conn, |c| {
        deliveries::table
            .filter(deliveries::promotion_id.eq(id))
            .group_by(deliveries::status)
            .select((deliveries::status, diesel::dsl::count_star()))
            .load(c)
            .await?
    });
    let mut counts = DeliveryCounts::default();
    for (status, n) in rows {
        match status.parse::<DeliveryStatus>() {
            Ok(DeliveryStatus::Pending) => counts.pending = n,
            Ok(DeliveryStatus::Sent) => counts.sent = n,
            Ok(DeliveryStatus::Failed) => counts.failed = n,
            Ok(DeliveryStatus::Skipped) => counts.skipped = n,
            Err(_) => {}
        }
    }
    Ok(counts)
}

/// When the next pending delivery on `channel` falls due, if any: how long its sender may
/// sleep.
pub async fn next_due(
    conn: &mut Conn<'_>,
    channel: &str,
) -> Result<Option<NaiveDateTime>, NotificationError> {
    let next: Option<NaiveDateTime> = dispatch!(conn, |c| {
        deliveries::table
            .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str()))
            .filter(deliveries::channel.eq(channel))
            .select(diesel::dsl::min(deliveries::next_attempt_at))
            .first(c)
            .await?
    });
    Ok(next)
}
