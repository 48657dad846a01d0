//! The `payment_log` table: append-only JSON documents, one per provider request and its
//! answer. Nothing here updates or deletes a row; every document passes through
//! [`crate::redact`] on its way in, so a secret or a card number never reaches the table.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use uuid::Uuid;

use super::schema::payment_log;
use super::{Conn, UuidText, dispatch};
use crate::error::PaymentError;
use crate::providers::Exchange;

/// One entry as an admin reads it (`GET /api/v1/payments/{id}/log`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PaymentLogEntry {
    pub id: Uuid,
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub provider: String,
    /// `charge`, `refund`, `token`, `capture`, `webhook`, ...
    pub operation: String,
    /// What was sent, secrets redacted.
    pub request: serde_json::Value,
    /// What came back (or why nothing did), secrets redacted.
    pub response: serde_json::Value,
    pub http_status: Option<i32>,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = payment_log)]
struct LogRow {
    #[diesel(deserialize_as = UuidText)]
    id: Uuid,
    #[diesel(deserialize_as = UuidText)]
    payment_id: Uuid,
    #[diesel(deserialize_as = UuidText)]
    order_id: Uuid,
    provider: String,
    operation: String,
    request: String,
    response: String,
    http_status: Option<i32>,
    at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = payment_log)]
struct NewLogRow {
    id: String,
    payment_id: String,
    order_id: String,
    provider: String,
    operation: String,
    request: String,
    response: String,
    http_status: Option<i32>,
    at: NaiveDateTime,
}

/// Appends `exchanges` for the payment `payment_id` of order `order_id`.
pub async fn append(
    conn: &mut Conn<'_>,
    payment_id: Uuid,
    order_id: Uuid,
    provider: &str,
    exchanges: Vec<Exchange>,
) -> Result<(), PaymentError> {
    let at = super::now();
    for exchange in exchanges {
        let row = NewLogRow {
            id: Uuid::now_v7().to_string(),
            payment_id: payment_id.to_string(),
            order_id: order_id.to_string(),
            provider: provider.to_owned(),
            operation: exchange.operation.to_owned(),
            request: crate::redact::redacted(exchange.request).to_string(),
            response: crate::redact::redacted(exchange.response).to_string(),
            http_status: exchange.http_status.map(i32::from),
            at,
        };
        dispatch!(conn, |c| {
            diesel::insert_into(payment_log::table)
                .values(&row)
                .execute(c)
                .await?
        });
    }
    Ok(())
}

/// A payment's log, oldest first.
pub async fn for_payment(
    conn: &mut Conn<'_>,
    payment_id: Uuid,
) -> Result<Vec<PaymentLogEntry>, PaymentError> {
    let key = payment_id.to_string();
    let rows: Vec<LogRow> = dispatch!(conn, |c| {
        payment_log::table
            .filter(payment_log::payment_id.eq(&key))
            .order(payment_log::id.asc())
            .select(LogRow::as_select())
            .load(c)
            .await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(PaymentLogEntry {
                id: r.id,
                payment_id: r.payment_id,
                order_id: r.order_id,
                provider: r.provider,
                operation: r.operation,
                request: serde_json::from_str(&r.request).map_err(anyhow::Error::from)?,
                response: serde_json::from_str(&r.response).map_err(anyhow::Error::from)?,
                http_status: r.http_status,
                at: r.at.and_utc(),
            })
        })
        .collect()
}
