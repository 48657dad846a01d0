//! Stored rows into the wire types clients see.

use bookstore_sdk::types::{
    Address, Money, Order, OrderItem, OrderStatus, PaymentMethodSummary, StatusChange,
};

use crate::error::OrderError;
use crate::store::orders::{HistoryRow, ItemRow, OrderRow};
use crate::store::parse_uuid;

pub fn status(raw: &str) -> Result<OrderStatus, OrderError> {
    raw.parse()
        .map_err(|e: String| OrderError::Internal(anyhow::anyhow!("corrupt order status: {e}")))
}

/// An order from its row, lines and history (which lists leave empty).
pub fn order(
    row: &OrderRow,
    items: &[ItemRow],
    history: &[HistoryRow],
) -> Result<Order, OrderError> {
    let shipping_address: Address = serde_json::from_str(&row.shipping_address)
        .map_err(|e| OrderError::Internal(anyhow::anyhow!("corrupt shipping address: {e}")))?;
    let payment = row.payment()?;
    Ok(Order {
        id: parse_uuid(&row.id)?,
        user_id: parse_uuid(&row.user_id)?,
        status: status(&row.status)?,
        status_reason: row.status_reason.clone(),
        items: items
            .iter()
            .filter(|i| i.order_id == row.id)
            .map(|i| {
                Ok(OrderItem {
                    book_id: parse_uuid(&i.book_id)?,
                    title: i.title.clone(),
                    quantity: i.quantity,
                    unit_price: Money::new(i.unit_price_amount, i.currency.clone()),
                    line_total: Money::new(
                        i.unit_price_amount.saturating_mul(i.quantity),
                        i.currency.clone(),
                    ),
                })
            })
            .collect::<Result<_, OrderError>>()?,
        total: Money::new(row.total_amount, row.currency.clone()),
        payment: PaymentMethodSummary {
            provider: payment.provider,
            last4: payment.last4,
        },
        shipping_address,
        payment_due_at: row
            .payment_due_at
            .filter(|_| row.status == OrderStatus::PendingPayment.as_str())
            .map(|t| t.and_utc()),
        refunded: row.refunded,
        history: history
            .iter()
            .map(|h| {
                Ok(StatusChange {
                    status: status(&h.status)?,
                    reason: h.reason.clone(),
                    at: h.at.and_utc(),
                })
            })
            .collect::<Result<_, OrderError>>()?,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}
