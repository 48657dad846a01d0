//! The `refunds` table: the full refund of a payment, at most one each.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::schema::refunds;
use super::{Conn, dispatch};
use crate::error::PaymentError;

/// A refund to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = refunds)]
pub struct NewRefund {
    pub id: String,
    pub payment_id: String,
    pub amount: i64,
    pub currency: String,
    pub provider_reference: Option<String>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Records `refund`; call it in the transaction that marks the payment refunded.
pub async fn insert(conn: &mut Conn<'_>, refund: &NewRefund) -> Result<(), PaymentError> {
    dispatch!(conn, |c| {
        diesel::insert_into(refunds::table)
            .values(refund)
            .execute(c)
            .await?
    });
    Ok(())
}

/// How many refunds a payment has (0 or 1).
pub async fn count_for(conn: &mut Conn<'_>, payment_id: &str) -> Result<i64, PaymentError> {
    Ok(dispatch!(conn, |c| {
        refunds::table
            .filter(refunds::payment_id.eq(payment_id))
            .count()
            .get_result(c)
            .await?
    }))
}
