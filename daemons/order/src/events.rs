//! The events this service publishes, written to the outbox inside the transaction of the
//! change they announce; the kit's relay publishes them afterwards.

use bookstore_kit::events::payloads::{
    OrderCreated, OrderStatusChanged, OrderedItem, PaymentMethodRef,
};
use bookstore_kit::events::{Envelope, event_types, outbox};
use bookstore_sdk::types::{Money, OrderStatus};

use crate::error::OrderError;
use crate::store::orders::{ItemRow, OrderRow};
use crate::store::{Conn, dispatch, parse_uuid};

/// The `source` of every event this service publishes, and its inbox consumer name.
pub const SOURCE: &str = "order";

/// Why an order was cancelled, as the `cause` of `order.cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    PaymentFailed,
    PaymentTimeout,
    Customer,
    Admin,
    Refunded,
    StockLost,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::PaymentFailed => "payment_failed",
            Cause::PaymentTimeout => "payment_timeout",
            Cause::Customer => "customer",
            Cause::Admin => "admin",
            Cause::Refunded => "refunded",
            Cause::StockLost => "stock_lost",
        }
    }
}

async fn enqueue(
    conn: &mut Conn<'_>,
    event_type: &str,
    order_id: &str,
    payload: &impl serde::Serialize,
) -> Result<(), OrderError> {
    let envelope = Envelope::from_payload(event_type, SOURCE, payload)
        .map_err(anyhow::Error::from)?
        .with_correlation_id(order_id);
    dispatch!(conn, |c| outbox::enqueue(c, &envelope).await?);
    Ok(())
}

/// `order.created` for a new order and its lines.
pub async fn order_created(
    conn: &mut Conn<'_>,
    order: &OrderRow,
    items: &[ItemRow],
) -> Result<(), OrderError> {
    let payment = order.payment()?;
    let payload = OrderCreated {
        order_id: parse_uuid(&order.id)?,
        user_id: parse_uuid(&order.user_id)?,
        items: items
            .iter()
            .map(|i| {
                Ok(OrderedItem {
                    book_id: parse_uuid(&i.book_id)?,
                    title: i.title.clone(),
                    quantity: i.quantity,
                    unit_price: Money::new(i.unit_price_amount, i.currency.clone()),
                })
            })
            .collect::<Result<_, OrderError>>()?,
        total: Money::new(order.total_amount, order.currency.clone()),
        payment_method: PaymentMethodRef {
            provider: payment.provider,
            token: payment.token,
            last4: payment.last4,
        },
    };
    enqueue(conn, event_types::ORDER_CREATED, &order.id, &payload).await
}

/// `order.confirmed`, `order.shipped` or `order.cancelled` for `order`, now in `status`.
pub async fn status_changed(
    conn: &mut Conn<'_>,
    order: &OrderRow,
    status: OrderStatus,
    reason: Option<&str>,
    cause: Option<Cause>,
    was_paid: bool,
) -> Result<(), OrderError> {
    let event_type = match status {
        OrderStatus::Confirmed => event_types::ORDER_CONFIRMED,
        OrderStatus::Shipped => event_types::ORDER_SHIPPED,
        OrderStatus::Cancelled => event_types::ORDER_CANCELLED,
        other => {
            return Err(OrderError::Internal(anyhow::anyhow!(
                "no event announces an order becoming {other}"
            )));
        }
    };
    let payload = OrderStatusChanged {
        order_id: parse_uuid(&order.id)?,
        user_id: parse_uuid(&order.user_id)?,
        status: status.to_string(),
        reason: reason.map(str::to_owned),
        cause: cause.map(|c| c.as_str().to_owned()),
        total: Money::new(order.total_amount, order.currency.clone()),
        was_paid,
    };
    enqueue(conn, event_type, &order.id, &payload).await
}
