//! The consumer of `payment.events` (the Observer): `order.created` charges an order,
//! `order.cancelled` voids or refunds it (a charge in flight is refunded when it succeeds).
//! Exactly-once effects come from the inbox and the conditional status changes in
//! [`crate::payments`].

use async_trait::async_trait;
use bookstore_kit::events::payloads::{OrderCreated, OrderStatusChanged};
use bookstore_kit::events::{Envelope, Handler, HandlerError, event_types};

use crate::payments::Payments;

/// The handler subscribed to [`bookstore_kit::events::PAYMENT_EVENTS`].
#[derive(Debug, Clone)]
pub struct PaymentEvents {
    pub payments: Payments,
}

#[async_trait]
impl Handler for PaymentEvents {
    async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError> {
        match envelope.event_type.as_str() {
            event_types::ORDER_CREATED => {
                // A payload that does not decode never will: permanent (the `?` says so).
                let order: OrderCreated = envelope.payload()?;
                self.payments.on_order_created(envelope, &order).await
            }
            event_types::ORDER_CANCELLED => {
                let change: OrderStatusChanged = envelope.payload()?;
                self.payments.on_order_cancelled(envelope, &change).await
            }
            other => {
                tracing::debug!(
                    event.r#type = other,
                    "event of no concern to payments; skipped"
                );
                Ok(())
            }
        }
    }
}
