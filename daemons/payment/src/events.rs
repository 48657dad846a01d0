//! The events this service publishes, written to the outbox inside the transaction of the
//! change they announce; the kit's relay publishes them afterwards. Each carries the order id
//! as its correlation id, so one saga reads as one thread in the logs.

use bookstore_kit::events::payloads::{PaymentFailed, PaymentRefunded, PaymentSucceeded};
use bookstore_kit::events::{Envelope, event_types, outbox};
use serde::Serialize;

use crate::error::PaymentError;
use crate::store::payments::PaymentRow;
use crate::store::{Conn, dispatch};

/// The `source` of every event this service publishes.
pub const SOURCE: &str = "payment";

async fn enqueue<T: Serialize>(
    conn: &mut Conn<'_>,
    event_type: &str,
    payment: &PaymentRow,
    payload: &T,
) -> Result<(), PaymentError> {
    let envelope = Envelope::from_payload(event_type, SOURCE, payload)
        .map_err(anyhow::Error::from)?
        .with_correlation_id(payment.order_id.to_string());
    dispatch!(conn, |c| outbox::enqueue(c, &envelope).await?);
    Ok(())
}

/// `payment.succeeded`, inside the transaction that settled `payment`.
pub async fn succeeded(conn: &mut Conn<'_>, payment: &PaymentRow) -> Result<(), PaymentError> {
    let payload = PaymentSucceeded {
        payment_id: payment.id,
        order_id: payment.order_id,
        user_id: payment.user_id,
        amount: payment.amount(),
        provider: payment.provider.clone(),
    };
    enqueue(conn, event_types::PAYMENT_SUCCEEDED, payment, &payload).await
}

/// `payment.failed`, inside the transaction that settled `payment`.
pub async fn failed(
    conn: &mut Conn<'_>,
    payment: &PaymentRow,
    reason: &str,
    code: &str,
) -> Result<(), PaymentError> {
    let payload = PaymentFailed {
        payment_id: payment.id,
        order_id: payment.order_id,
        user_id: payment.user_id,
        reason: reason.to_owned(),
        code: code.to_owned(),
    };
    enqueue(conn, event_types::PAYMENT_FAILED, payment, &payload).await
}

/// `payment.refunded`, inside the transaction that recorded the refund.
pub async fn refunded(
    conn: &mut Conn<'_>,
    payment: &PaymentRow,
    reason: Option<&str>,
) -> Result<(), PaymentError> {
    let payload = PaymentRefunded {
        payment_id: payment.id,
        order_id: payment.order_id,
        user_id: payment.user_id,
        amount: payment.amount(),
        reason: reason.map(str::to_owned),
    };
    enqueue(conn, event_types::PAYMENT_REFUNDED, payment, &payload).await
}
