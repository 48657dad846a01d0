//! The `payments` table: one row per order.
//!
//! Every status change is a conditional UPDATE on the current status (`... WHERE status =
//! 'pending'`), so of two racing outcomes for one payment (two consumers, a consumer and a
//! webhook) exactly one applies, and only that one publishes its event.

use bookstore_sdk::types::{Money, Payment, PaymentStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::payments;
use super::{Conn, UuidText, dispatch};
use crate::error::PaymentError;

/// A payment as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payments)]
pub struct PaymentRow {
    #[diesel(deserialize_as = UuidText)]
    pub id: Uuid,
    #[diesel(deserialize_as = UuidText)]
    pub order_id: Uuid,
    #[diesel(deserialize_as = UuidText)]
    pub user_id: Uuid,
    pub provider: String,
    pub status: String,
    pub amount: i64,
    pub currency: String,
    pub card_last4: Option<String>,
    pub provider_reference: Option<String>,
    pub refund_reference: Option<String>,
    pub failure_reason: Option<String>,
    pub failure_code: Option<String>,
    pub refunded_amount: Option<i64>,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl PaymentRow {
    /// The stored status; a value outside the CHECK constraint is a corrupt row.
    pub fn status(&self) -> Result<PaymentStatus, PaymentError> {
        self.status
            .parse()
            .map_err(|e: String| PaymentError::Internal(anyhow::anyhow!(e)))
    }

    pub fn amount(&self) -> Money {
        Money::new(self.amount, self.currency.clone())
    }

    /// The wire form.
    pub fn into_payment(self) -> Result<Payment, PaymentError> {
        let status = self.status()?;
        Ok(Payment {
            id: self.id,
            order_id: self.order_id,
            user_id: self.user_id,
            provider: self.provider,
            status,
            refunded: self
                .refunded_amount
                .map(|amount| Money::new(amount, self.currency.clone())),
            amount: Money::new(self.amount, self.currency),
            card_last4: self.card_last4,
            provider_reference: self.provider_reference,
            failure_reason: self.failure_reason,
            failure_code: self.failure_code,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}

/// A payment to create.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = payments)]
pub struct NewPayment {
    pub id: String,
    pub order_id: String,
    pub user_id: String,
    pub provider: String,
    pub status: String,
    pub amount: i64,
    pub currency: String,
    pub card_last4: Option<String>,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts `new` unless its order already has a payment, then reads the order's payment back:
/// `(row, true)` when this call created it. The unique order id serialises racing callers: on
/// PostgreSQL the second insert waits for the first transaction and then does nothing.
pub async fn insert_or_get(
    conn: &mut Conn<'_>,
    new: &NewPayment,
) -> Result<(PaymentRow, bool), PaymentError> {
    let inserted = dispatch!(conn, |c| {
        diesel::insert_into(payments::table)
            .values(new)
            .on_conflict(payments::order_id)
            .do_nothing()
            .returning(PaymentRow::as_returning())
            .get_result(c)
            .await
            .optional()?
    });
    if let Some(row) = inserted {
        return Ok((row, true));
    }
    let order_id = new.order_id.clone();
    let row = dispatch!(conn, |c| {
        payments::table
            .filter(payments::order_id.eq(&order_id))
            .select(PaymentRow::as_select())
            .first(c)
            .await?
    });
    Ok((row, false))
}

pub async fn find(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<PaymentRow>, PaymentError> {
    let key = id.to_string();
    Ok(dispatch!(conn, |c| {
        payments::table
            .find(&key)
            .select(PaymentRow::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

pub async fn find_by_order(
    conn: &mut Conn<'_>,
    order_id: Uuid,
) -> Result<Option<PaymentRow>, PaymentError> {
    let key = order_id.to_string();
    Ok(dispatch!(conn, |c| {
        payments::table
            .filter(payments::order_id.eq(&key))
            .select(PaymentRow::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

/// Counts one more provider call for a pending payment and returns the new count; `None` when
/// the payment is no longer pending (another delivery settled it meanwhile).
pub async fn count_attempt(
    conn: &mut Conn<'_>,
    id: Uuid,
    now: NaiveDateTime,
) -> Result<Option<i32>, PaymentError> {
    let key = id.to_string();
    Ok(dispatch!(conn, |c| {
        diesel::update(
            payments::table
                .find(&key)
                .filter(payments::status.eq(PaymentStatus::Pending.as_str())),
        )
        .set((
            payments::attempts.eq(payments::attempts + 1),
            payments::updated_at.eq(now),
        ))
        .returning(payments::attempts)
        .get_result(c)
        .await
        .optional()?
    }))
}

/// Voids a pending payment that no provider has been asked to charge (`attempts` is counted
/// before every call); `false` when it is not pending or a call was made. A delivery about to
/// call then finds it no longer pending ([`count_attempt`]) and charges nothing.
pub async fn void_unattempted(
    conn: &mut Conn<'_>,
    id: Uuid,
    now: NaiveDateTime,
) -> Result<bool, PaymentError> {
    let key = id.to_string();
    let updated = dispatch!(conn, |c| {
        diesel::update(
            payments::table
                .find(&key)
                .filter(payments::status.eq(PaymentStatus::Pending.as_str()))
                .filter(payments::attempts.eq(0)),
        )
        .set((
            payments::status.eq(PaymentStatus::Voided.as_str()),
            payments::updated_at.eq(now),
        ))
        .execute(c)
        .await?
    });
    Ok(updated == 1)
}

/// What a settled charge leaves on its payment.
#[derive(Debug, Clone, Default)]
pub struct Settlement {
    pub provider_reference: Option<String>,
    pub refund_reference: Option<String>,
    pub failure_reason: Option<String>,
    pub failure_code: Option<String>,
}

/// Moves a pending payment to `to` (succeeded or failed); `false` when it is not pending.
pub async fn settle(
    conn: &mut Conn<'_>,
    id: Uuid,
    to: PaymentStatus,
    settlement: &Settlement,
    now: NaiveDateTime,
) -> Result<bool, PaymentError> {
    let key = id.to_string();
    let updated = dispatch!(conn, |c| {
        diesel::update(
            payments::table
                .find(&key)
                .filter(payments::status.eq(PaymentStatus::Pending.as_str())),
        )
        .set((
            payments::status.eq(to.as_str()),
            payments::provider_reference.eq(&settlement.provider_reference),
            payments::refund_reference.eq(&settlement.refund_reference),
            payments::failure_reason.eq(&settlement.failure_reason),
            payments::failure_code.eq(&settlement.failure_code),
            payments::updated_at.eq(now),
        ))
        .execute(c)
        .await?
    });
    Ok(updated == 1)
}

/// Moves a succeeded payment to refunded; `false` when it is not succeeded.
pub async fn mark_refunded(
    conn: &mut Conn<'_>,
    id: Uuid,
    amount: i64,
    now: NaiveDateTime,
) -> Result<bool, PaymentError> {
    let key = id.to_string();
    let updated = dispatch!(conn, |c| {
        diesel::update(
            payments::table
                .find(&key)
                .filter(payments::status.eq(PaymentStatus::Succeeded.as_str())),
        )
        .set((
            payments::status.eq(PaymentStatus::Refunded.as_str()),
            payments::refunded_amount.eq(Some(amount)),
            payments::updated_at.eq(now),
        ))
        .execute(c)
        .await?
    });
    Ok(updated == 1)
}

/// Which payments a list shows, newest first.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this user's (customers); `None` for admins.
    pub user_id: Option<Uuid>,
    pub order_id: Option<Uuid>,
    pub status: Option<PaymentStatus>,
    /// Only payments older than this one (the cursor).
    pub before: Option<Uuid>,
    pub limit: i64,
}

/// A page of payments, newest first. UUID v7 ids are time-ordered and compare as text in
/// creation order on both backends, so the id alone is the keyset.
pub async fn list(
    conn: &mut Conn<'_>,
    filter: &ListFilter,
) -> Result<Vec<PaymentRow>, PaymentError> {
    let user = filter.user_id.map(|u| u.to_string());
    let order = filter.order_id.map(|o| o.to_string());
    let status = filter.status.map(PaymentStatus::as_str);
    let before = filter.before.map(|b| b.to_string());
    Ok(dispatch!(conn, |c| {
        let mut query = payments::table
            .select(PaymentRow::as_select())
            .order(payments::id.desc())
            .limit(filter.limit)
            .into_boxed();
        if let Some(user) = &user {
            query = query.filter(payments::user_id.eq(user));
        }
        if let Some(order) = &order {
            query = query.filter(payments::order_id.eq(order));
        }
        if let Some(status) = status {
            query = query.filter(payments::status.eq(status));
        }
        if let Some(before) = &before {
            query = query.filter(payments::id.lt(before));
        }
        query.load(c).await?
    }))
}

/// Succeeded payments whose order was cancelled: charges still to give back, oldest first.
pub async fn charged_but_cancelled(
    conn: &mut Conn<'_>,
    limit: i64,
) -> Result<Vec<PaymentRow>, PaymentError> {
    use super::schema::payment_cancellations;
    let succeeded = PaymentStatus::Succeeded.as_str();
    Ok(dispatch!(conn, |c| {
        payments::table
            .filter(payments::status.eq(succeeded))
            .filter(
                payments::id
                    .eq_any(payment_cancellations::table.select(payment_cancellations::payment_id)),
            )
            .order(payments::updated_at)
            .limit(limit)
            .select(PaymentRow::as_select())
            .load(c)
            .await?
    }))
}
