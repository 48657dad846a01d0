//! `orders`, `order_items` and `order_history`: an order, its lines and what happened to it.
//!
//! Status changes are conditional updates (`WHERE status IN (...)`), so two saga steps racing
//! for one order (a payment arriving as the timeout fires) cannot both win: the loser sees
//! `false` and leaves the order to the winner.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use futures_util::FutureExt as _;
use uuid::Uuid;

use super::schema::{order_history, order_items, orders};
use super::{Conn, dispatch};
use crate::error::OrderError;

/// What the catalog holds for an order (the `stock` column).
pub mod stock {
    pub const NONE: &str = "none";
    pub const RESERVED: &str = "reserved";
    pub const COMMITTED: &str = "committed";
    pub const RELEASING: &str = "releasing";
    pub const RELEASED: &str = "released";
}

/// An order as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = orders)]
pub struct OrderRow {
    pub id: String,
    pub user_id: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub total_amount: i64,
    pub currency: String,
    /// [`StoredPayment`] as JSON.
    pub payment: String,
    pub shipping_address: String,
    pub idempotency_key: String,
    pub request_hash: String,
    pub stock: String,
    pub refunded: bool,
    pub unavailable: Option<String>,
    pub payment_due_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// How an order is paid, as the `payment` column keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredPayment {
    pub provider: String,
    pub token: String,
    pub last4: Option<String>,
}

impl OrderRow {
    /// The payment method of the order.
    pub fn payment(&self) -> Result<StoredPayment, OrderError> {
        serde_json::from_str(&self.payment)
            .map_err(|e| OrderError::Internal(anyhow::anyhow!("corrupt payment method: {e}")))
    }
}

/// One line as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = order_items)]
pub struct ItemRow {
    pub order_id: String,
    pub book_id: String,
    pub title: String,
    pub quantity: i64,
    pub unit_price_amount: i64,
    pub currency: String,
}

/// One history entry as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = order_history)]
pub struct HistoryRow {
    pub id: String,
    pub order_id: String,
    pub status: String,
    pub reason: Option<String>,
    pub at: NaiveDateTime,
}

/// What a status change also changes; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = orders)]
pub struct Changes {
    pub status: Option<String>,
    pub status_reason: Option<String>,
    pub stock: Option<String>,
    pub refunded: Option<bool>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Stores a new order with its lines.
pub async fn insert(
    conn: &mut Conn<'_>,
    order: &OrderRow,
    items: &[ItemRow],
) -> Result<(), diesel::result::Error> {
    dispatch!(conn, |c| {
        diesel::insert_into(orders::table)
            .values(order)
            .execute(c)
            .await?
    });
    // One row at a time: the SQLite connection wrapper has no multi-row insert.
    for item in items {
        dispatch!(conn, |c| {
            diesel::insert_into(order_items::table)
                .values(item)
                .execute(c)
                .await?
        });
    }
    Ok(())
}

/// Appends to an order's history.
/// Adds an entry to an order's history and returns it as stored.
pub async fn add_history(
    conn: &mut Conn<'_>,
    order_id: &str,
    status: &str,
    reason: Option<&str>,
    at: NaiveDateTime,
) -> Result<HistoryRow, OrderError> {
    let row = HistoryRow {
        id: Uuid::now_v7().to_string(),
        order_id: order_id.to_owned(),
        status: status.to_owned(),
        reason: reason.map(str::to_owned),
        at,
    };
    dispatch!(conn, |c| {
        diesel::insert_into(order_history::table)
            .values(&row)
            .execute(c)
            .await?
    });
    Ok(row)
}

pub async fn find(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<OrderRow>, OrderError> {
    let key = id.to_string();
    Ok(dispatch!(conn, |c| {
        orders::table
            .find(&key)
            .select(OrderRow::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

/// An order with its lines and history, or `None`. On PostgreSQL the three queries go out
/// together on the connection (pipelined: one round trip instead of three), since each needs
/// only the id; a poll of an order's status is the most frequent request the order service sees.
pub async fn find_whole(
    conn: &mut Conn<'_>,
    id: Uuid,
) -> Result<Option<(OrderRow, Vec<ItemRow>, Vec<HistoryRow>)>, OrderError> {
    let key = id.to_string();
    let (row, items, history) = match conn {
        Conn::Postgres(c) => {
            // A shared connection is what runs queries side by side.
            let c: &bookstore_kit::db::PgConn = c;
            let order = orders::table
                .find(&key)
                .select(OrderRow::as_select())
                .first(&mut &*c)
                .map(|r| r.optional());
            let items = order_items::table
                .filter(order_items::order_id.eq(&key))
                .order(order_items::book_id)
                .select(ItemRow::as_select())
                .load(&mut &*c);
            let history = order_history::table
                .filter(order_history::order_id.eq(&key))
                .order(order_history::id)
                .select(HistoryRow::as_select())
                .load(&mut &*c);
            futures_util::try_join!(order, items, history)?
        }
        Conn::Sqlite(_) => {
            let Some(row) = find(conn, id).await? else {
                return Ok(None);
            };
            let items = items(conn, &[key.as_str()]).await?;
            let history = history(conn, &key).await?;
            (Some(row), items, history)
        }
    };
    Ok(row.map(|row| (row, items, history)))
}

/// The order a user placed with `idempotency_key`.
pub async fn find_by_key(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    idempotency_key: &str,
) -> Result<Option<OrderRow>, OrderError> {
    let user = user_id.to_string();
    Ok(dispatch!(conn, |c| {
        orders::table
            .filter(orders::user_id.eq(&user))
            .filter(orders::idempotency_key.eq(idempotency_key))
            .select(OrderRow::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

/// The lines of the orders `ids`, by order then book.
pub async fn items(conn: &mut Conn<'_>, ids: &[&str]) -> Result<Vec<ItemRow>, OrderError> {
    Ok(dispatch!(conn, |c| {
        order_items::table
            .filter(order_items::order_id.eq_any(ids))
            .order((order_items::order_id, order_items::book_id))
            .select(ItemRow::as_select())
            .load(c)
            .await?
    }))
}

/// An order's history, oldest first.
pub async fn history(conn: &mut Conn<'_>, id: &str) -> Result<Vec<HistoryRow>, OrderError> {
    Ok(dispatch!(conn, |c| {
        order_history::table
            .filter(order_history::order_id.eq(id))
            .order(order_history::id)
            .select(HistoryRow::as_select())
            .load(c)
            .await?
    }))
}

/// Applies `changes` to the order if its status is one of `from`; `false` when it is not
/// (another step got there first) or the order does not exist.
pub async fn transition(
    conn: &mut Conn<'_>,
    id: &str,
    from: &[&str],
    changes: &Changes,
) -> Result<bool, OrderError> {
    let updated = dispatch!(conn, |c| {
        diesel::update(orders::table.find(id).filter(orders::status.eq_any(from)))
            .set(changes)
            .execute(c)
            .await?
    });
    Ok(updated == 1)
}

/// Moves the order's `stock` from `from` to `to`; `false` when it was not `from`.
pub async fn set_stock(
    conn: &mut Conn<'_>,
    id: &str,
    from: &str,
    to: &str,
    now: NaiveDateTime,
) -> Result<bool, OrderError> {
    let updated = dispatch!(conn, |c| {
        diesel::update(orders::table.find(id).filter(orders::stock.eq(from)))
            .set((orders::stock.eq(to), orders::updated_at.eq(now)))
            .execute(c)
            .await?
    });
    Ok(updated == 1)
}

/// Marks the order refunded; `false` when it already was.
pub async fn set_refunded(
    conn: &mut Conn<'_>,
    id: &str,
    now: NaiveDateTime,
) -> Result<bool, OrderError> {
    let updated = dispatch!(conn, |c| {
        diesel::update(orders::table.find(id).filter(orders::refunded.eq(false)))
            .set((orders::refunded.eq(true), orders::updated_at.eq(now)))
            .execute(c)
            .await?
    });
    Ok(updated == 1)
}

/// Which orders a list shows.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub user_id: Option<String>,
    pub status: Option<String>,
    /// Strictly older than this `(created_at, id)`.
    pub before: Option<(NaiveDateTime, String)>,
    pub limit: i64,
}

/// Orders newest first.
pub async fn list(conn: &mut Conn<'_>, filter: &ListFilter) -> Result<Vec<OrderRow>, OrderError> {
    Ok(dispatch!(conn, |c| {
        let mut query = orders::table.select(OrderRow::as_select()).into_boxed();
        if let Some(user) = &filter.user_id {
            query = query.filter(orders::user_id.eq(user));
        }
        if let Some(status) = &filter.status {
            query = query.filter(orders::status.eq(status));
        }
        if let Some((at, id)) = &filter.before {
            query = query.filter(
                orders::created_at
                    .lt(*at)
                    .or(orders::created_at.eq(*at).and(orders::id.lt(id))),
            );
        }
        query
            .order((orders::created_at.desc(), orders::id.desc()))
            .limit(filter.limit)
            .load(c)
            .await?
    }))
}

/// Orders still waiting for a payment that was due before `now`, oldest first.
pub async fn overdue(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<OrderRow>, OrderError> {
    Ok(dispatch!(conn, |c| {
        orders::table
            .filter(orders::status.eq("pending_payment"))
            .filter(orders::payment_due_at.lt(now))
            .order(orders::payment_due_at)
            .limit(limit)
            .select(OrderRow::as_select())
            .load(c)
            .await?
    }))
}

/// Orders whose stock is still to be given back, longest waiting first.
pub async fn releasing(conn: &mut Conn<'_>, limit: i64) -> Result<Vec<OrderRow>, OrderError> {
    Ok(dispatch!(conn, |c| {
        orders::table
            .filter(orders::stock.eq(stock::RELEASING))
            .order(orders::updated_at)
            .limit(limit)
            .select(OrderRow::as_select())
            .load(c)
            .await?
    }))
}

/// How many orders are in each status (for metrics and tests).
pub async fn count_by_status(conn: &mut Conn<'_>) -> Result<Vec<(String, i64)>, OrderError> {
    Ok(dispatch!(conn, |c| {
        orders::table
            .group_by(orders::status)
            .select((orders::status, diesel::dsl::count_star()))
            .load(c)
            .await?
    }))
}
