//! `promotions`: what admins published, and how far each fan-out has come.

use std::time::Duration;

use bookstore_sdk::types::PromotionStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::{promotion_keys, promotions};
use super::{Conn, after, dispatch};
use crate::error::NotificationError;

/// A promotion as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = promotions)]
pub struct PromotionRow {
    pub id: String,
    pub subject: String,
    pub body: String,
    pub channels: String,
    pub audience: String,
    pub status: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub cursor: Option<String>,
    pub recipients: Option<i64>,
    pub processed: i64,
    pub notified: i64,
    pub locked_until: Option<NaiveDateTime>,
}

/// Stores a new promotion.
pub async fn insert(conn: &mut Conn<'_>, row: &PromotionRow) -> Result<(), NotificationError> {
    dispatch!(conn, |c| {
        diesel::insert_into(promotions::table)
            .values(row)
            .execute(c)
            .await?
    });
    Ok(())
}

/// The `Idempotency-Key` a promotion was published with.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = promotion_keys)]
pub struct PromotionKeyRow {
    pub created_by: String,
    pub idempotency_key: String,
    /// SHA-256 of the request, to tell a repeat from another request under the same key.
    pub request_hash: String,
    pub promotion_id: String,
}

pub async fn insert_key(
    conn: &mut Conn<'_>,
    row: &PromotionKeyRow,
) -> Result<(), NotificationError> {
    dispatch!(conn, |c| {
        diesel::insert_into(promotion_keys::table)
            .values(row)
            .execute(c)
            .await?
    });
    Ok(())
}

/// What `admin` published with `key`.
pub async fn find_key(
    conn: &mut Conn<'_>,
    admin: &str,
    key: &str,
) -> Result<Option<PromotionKeyRow>, NotificationError> {
    let row = dispatch!(conn, |c| {
        promotion_keys::table
            .find((admin, key))
            .select(PromotionKeyRow::as_select())
            .first(c)
            .await
            .optional()?
    });
    Ok(row)
}

/// The promotion `id`.
pub async fn find(
    conn: &mut Conn<'_>,
    id: Uuid,
) -> Result<Option<PromotionRow>, NotificationError> {
    let row = dispatch!(conn, |c| {
        promotions::table
            .find(id.to_string())
            .select(PromotionRow::as_select())
            .first(c)
            .await
            .optional()?
    });
    Ok(row)
}

/// One page of promotions, newest first, before `(created_at, id)`.
pub async fn list(
    conn: &mut Conn<'_>,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> Result<Vec<PromotionRow>, NotificationError> {
    let rows = dispatch!(conn, |c| {
        let mut query = promotions::table
            .select(PromotionRow::as_select())
            .order((promotions::created_at.desc(), promotions::id.desc()))
            .limit(limit)
            .into_boxed();
        if let Some((at, id)) = before.clone() {
            query = query.filter(
                promotions::created_at
                    .lt(at)
                    .or(promotions::created_at.eq(at).and(promotions::id.lt(id))),
            );
        }
        query.load(c).await?
    });
    Ok(rows)
}

/// Takes the oldest unfinished promotion whose lease is free (or lapsed: its fan-out was
/// interrupted) for `lease`, marking it `sending`.
pub async fn claim_next(
    conn: &mut Conn<'_>,
    lease: Duration,
) -> Result<Option<PromotionRow>, NotificationError> {
    let now = super::now();
    let until = after(now, lease);
    let completed = PromotionStatus::Completed.as_str();
    let rows: Vec<PromotionRow> = dispatch!(conn, |c| {
        let next = promotions::table
            .select(promotions::id)
            .filter(promotions::status.ne(completed))
            .filter(
                promotions::locked_until
                    .is_null()
                    .or(promotions::locked_until.lt(now)),
            )
            .order(promotions::created_at.asc())
            .limit(1)
            .into_boxed();
        diesel::update(
            promotions::table
                .filter(promotions::id.eq_any(next))
                .filter(promotions::status.ne(completed))
                .filter(
                    promotions::locked_until
                        .is_null()
                        .or(promotions::locked_until.lt(now)),
                ),
        )
        .set((
            promotions::locked_until.eq(Some(until)),
            promotions::status.eq(PromotionStatus::Sending.as_str()),
        ))
        .returning(PromotionRow::as_returning())
        .get_results(c)
        .await?
    });
    Ok(rows.into_iter().next())
}

/// Records when the fan-out started and how many readers it is for (once).
pub async fn start(
    conn: &mut Conn<'_>,
    id: &str,
    recipients: i64,
) -> Result<(), NotificationError> {
    let now = super::now();
    dispatch!(conn, |c| {
        diesel::update(
            promotions::table
                .find(id)
                .filter(promotions::started_at.is_null()),
        )
        .set((
            promotions::started_at.eq(Some(now)),
            promotions::recipients.eq(Some(recipients)),
        ))
        .execute(c)
        .await?
    });
    Ok(())
}

/// Records a batch: the last reader handled, the counts, and a renewed lease. `false` when
/// the lease was lost (another process took over): the caller's transaction must roll back.
pub async fn advance(
    conn: &mut Conn<'_>,
    id: &str,
    expected_cursor: Option<&str>,
    cursor: &str,
    processed: i64,
    notified: i64,
    lease: Duration,
) -> Result<bool, NotificationError> {
    let until = after(super::now(), lease);
    let changes = (
        promotions::cursor.eq(Some(cursor)),
        promotions::processed.eq(promotions::processed + processed),
        promotions::notified.eq(promotions::notified + notified),
        promotions::locked_until.eq(Some(until)),
    );
    let changed = match expected_cursor {
        Some(expected) => dispatch!(conn, |c| {
            diesel::update(
                promotions::table
                    .find(id)
                    .filter(promotions::cursor.eq(expected)),
            )
            .set(changes)
            .execute(c)
            .await?
        }),
        None => dispatch!(conn, |c| {
            diesel::update(
                promotions::table
                    .find(id)
                    .filter(promotions::cursor.is_null()),
            )
            .set(changes)
            .execute(c)
            .await?
        }),
    };
    Ok(changed == 1)
}

/// Marks the promotion completed and frees its lease.
pub async fn complete(conn: &mut Conn<'_>, id: &str) -> Result<(), NotificationError> {
    let now = super::now();
    dispatch!(conn, |c| {
        diesel::update(promotions::table.find(id))
            .set((
                promotions::status.eq(PromotionStatus::Completed.as_str()),
                promotions::completed_at.eq(Some(now)),
                promotions::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(c)
            .await?
    });
    Ok(())
}
