//! The `payment_cancellations` table: that a payment's order was cancelled, at most one row
//! per payment. Whoever settles a charge looks here, so a charge that succeeds after its
//! order was cancelled is refunded at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::payment_cancellations;
use super::{Conn, dispatch};
use crate::error::PaymentError;

/// A recorded cancellation.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = payment_cancellations)]
pub struct Cancellation {
    pub payment_id: String,
    /// The order's reason, which the refund carries.
    pub reason: Option<String>,
    pub requested_at: NaiveDateTime,
}

/// Records that `payment_id`'s order was cancelled, whatever the payment's status; call it in
/// the transaction that records `order.cancelled` in the inbox. A second cancellation keeps
/// the first one's time and reason: `false` then.
pub async fn record(
    conn: &mut Conn<'_>,
    payment_id: Uuid,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool, PaymentError> {
    let row = Cancellation {
        payment_id: payment_id.to_string(),
        reason: Some(reason.to_owned()),
        requested_at: now,
    };
    let inserted = dispatch!(conn, |c| {
        diesel::insert_into(payment_cancellations::table)
            .values(&row)
            .on_conflict(payment_cancellations::payment_id)
            .do_nothing()
            .execute(c)
            .await?
    });
    Ok(inserted == 1)
}

/// The cancellation of `payment_id`'s order, if it was cancelled.
pub async fn find(
    conn: &mut Conn<'_>,
    payment_id: Uuid,
) -> Result<Option<Cancellation>, PaymentError> {
    let key = payment_id.to_string();
    Ok(dispatch!(conn, |c| {
        payment_cancellations::table
            .find(&key)
            .select(Cancellation::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

/// A payment with its order's cancellation, if one was recorded: one read where a settled
/// charge checks whether it must be refunded.
pub async fn payment_with(
    conn: &mut Conn<'_>,
    payment_id: Uuid,
) -> Result<Option<(super::payments::PaymentRow, Option<Cancellation>)>, PaymentError> {
    use super::payments::PaymentRow;
    use super::schema::payments;
    let key = payment_id.to_string();
    Ok(dispatch!(conn, |c| {
        payments::table
            .left_join(payment_cancellations::table)
            .filter(payments::id.eq(&key))
            .select((PaymentRow::as_select(), Option::<Cancellation>::as_select()))
            .first(c)
            .await
            .optional()?
    }))
}
