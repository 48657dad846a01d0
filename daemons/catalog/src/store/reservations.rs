//! The `reservations` and `reservation_items` tables: stock held for orders.
//!
//! Every state change is a conditional UPDATE on the status (`... WHERE status IN (...)`), so
//! of two concurrent transitions (a release and the expiry sweep, say) exactly one applies,
//! and only that one gives copies back.

use bookstore_sdk::types::{Money, Reservation, ReservationStatus, ReservedItem};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::{reservation_items, reservations};
use super::{Conn, UuidText, dispatch};
use crate::error::CatalogError;

pub fn status_str(status: ReservationStatus) -> &'static str {
    match status {
        ReservationStatus::Reserved => "reserved",
        ReservationStatus::Committed => "committed",
        ReservationStatus::Released => "released",
    }
}

fn parse_status(raw: &str) -> Result<ReservationStatus, CatalogError> {
    match raw {
        "reserved" => Ok(ReservationStatus::Reserved),
        "committed" => Ok(ReservationStatus::Committed),
        "released" => Ok(ReservationStatus::Released),
        other => Err(CatalogError::Internal(anyhow::anyhow!(
            "stored reservation status {other:?}"
        ))),
    }
}

/// A reservation as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reservations)]
pub struct ReservationRow {
    #[diesel(deserialize_as = UuidText)]
    pub order_id: Uuid,
    pub status: String,
    pub expires_at: NaiveDateTime,
}

/// One line as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reservation_items)]
pub struct ItemRow {
    pub order_id: String,
    pub book_id: String,
    pub quantity: i64,
    pub unit_price_amount: i64,
    pub currency: String,
    pub title: String,
}

/// Claims `order_id` for a new reservation: `false` when the order already has one. The
/// insert is what serialises two concurrent requests for one order: on PostgreSQL the second
/// waits for the first's transaction and then finds its row taken.
pub async fn claim(
    conn: &mut Conn<'_>,
    order_id: Uuid,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<bool, CatalogError> {
    let inserted = dispatch!(conn, |c| {
        diesel::insert_into(reservations::table)
            .values((
                reservations::order_id.eq(order_id.to_string()),
                reservations::status.eq(status_str(ReservationStatus::Reserved)),
                reservations::expires_at.eq(expires_at),
                reservations::created_at.eq(now),
                reservations::updated_at.eq(now),
            ))
            .on_conflict(reservations::order_id)
            .do_nothing()
            .execute(c)
            .await?
    });
    Ok(inserted == 1)
}

pub async fn insert_items(conn: &mut Conn<'_>, items: &[ItemRow]) -> Result<(), CatalogError> {
    // One row at a time: the SQLite connection wrapper has no multi-row insert.
    for item in items {
        dispatch!(conn, |c| {
            diesel::insert_into(reservation_items::table)
                .values(item)
                .execute(c)
                .await?
        });
    }
    Ok(())
}

/// A reservation with its lines, in book order.
pub async fn find(
    conn: &mut Conn<'_>,
    order_id: Uuid,
) -> Result<Option<Reservation>, CatalogError> {
    let key = order_id.to_string();
    let Some(row) = dispatch!(conn, |c| {
        reservations::table
            .find(&key)
            .select(ReservationRow::as_select())
            .first(c)
            .await
            .optional()?
    }) else {
        return Ok(None);
    };
    let items = items(conn, order_id).await?;
    assemble(row, items).map(Some)
}

/// A reservation from its stored row and lines.
pub fn assemble(row: ReservationRow, items: Vec<ItemRow>) -> Result<Reservation, CatalogError> {
    Ok(Reservation {
        order_id: row.order_id,
        status: parse_status(&row.status)?,
        items: items
            .into_iter()
            .map(|i| {
                Ok(ReservedItem {
                    book_id: super::books::parse_id(&i.book_id)?,
                    title: i.title,
                    quantity: i.quantity,
                    unit_price: Money::new(i.unit_price_amount, i.currency),
                })
            })
            .collect::<Result<_, CatalogError>>()?,
        expires_at: row.expires_at.and_utc(),
    })
}

/// Moves a held reservation to committed and returns it as it is now; `None` when it was not
/// held (already committed, released, or unknown).
pub async fn commit(
    conn: &mut Conn<'_>,
    order_id: Uuid,
    now: NaiveDateTime,
) -> Result<Option<ReservationRow>, CatalogError> {
    let key = order_id.to_string();
    Ok(dispatch!(conn, |c| {
        diesel::update(
            reservations::table
                .find(&key)
                .filter(reservations::status.eq(status_str(ReservationStatus::Reserved))),
        )
        .set((
            reservations::status.eq(status_str(ReservationStatus::Committed)),
            reservations::updated_at.eq(now),
        ))
        .returning(ReservationRow::as_returning())
        .get_result(c)
        .await
        .optional()?
    }))
}

/// The lines of a reservation, in book-id order (the order stock is locked in).
pub async fn items(conn: &mut Conn<'_>, order_id: Uuid) -> Result<Vec<ItemRow>, CatalogError> {
    let key = order_id.to_string();
    Ok(dispatch!(conn, |c| {
        reservation_items::table
            .filter(reservation_items::order_id.eq(&key))
            .order(reservation_items::book_id)
            .select(ItemRow::as_select())
            .load(c)
            .await?
    }))
}

/// Moves a reservation from one of `from` to `to`; `false` when it is in none of them (or
/// does not exist). When `expired_before` is given, only a reservation that expired before
/// then moves (what the sweep uses, so a commit racing it wins cleanly).
pub async fn transition(
    conn: &mut Conn<'_>,
    order_id: Uuid,
    from: &[ReservationStatus],
    to: ReservationStatus,
    expired_before: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<bool, CatalogError> {
    let key = order_id.to_string();
    let from: Vec<&str> = from.iter().map(|s| status_str(*s)).collect();
    // The far future (later than any expiry) stands for "no expiry condition", keeping one query shape.
    let before = expired_before.unwrap_or_else(super::far_future);
    let updated = dispatch!(conn, |c| {
        diesel::update(
            reservations::table
                .find(&key)
                .filter(reservations::status.eq_any(&from))
                .filter(reservations::expires_at.lt(before)),
        )
        .set((
            reservations::status.eq(status_str(to)),
            reservations::updated_at.eq(now),
        ))
        .execute(c)
        .await?
    });
    Ok(updated == 1)
}

/// Reservations still holding stock past their expiry, oldest first, at most `limit`.
pub async fn expired(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Uuid>, CatalogError> {
    let ids: Vec<String> = dispatch!(conn, |c| {
        reservations::table
            .filter(reservations::status.eq(status_str(ReservationStatus::Reserved)))
            .filter(reservations::expires_at.lt(now))
            .order(reservations::expires_at)
            .limit(limit)
            .select(reservations::order_id)
            .load(c)
            .await?
    });
    ids.iter().map(|id| super::books::parse_id(id)).collect()
}

/// How many reservations still hold copies of a book.
pub async fn active_for_book(conn: &mut Conn<'_>, book_id: Uuid) -> Result<i64, CatalogError> {
    let key = book_id.to_string();
    Ok(dispatch!(conn, |c| {
        reservation_items::table
            .inner_join(reservations::table)
            .filter(reservation_items::book_id.eq(&key))
            .filter(reservations::status.eq(status_str(ReservationStatus::Reserved)))
            .count()
            .get_result(c)
            .await?
    }))
}
