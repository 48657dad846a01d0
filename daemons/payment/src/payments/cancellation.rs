//! `order.cancelled`, and the refund of a charge that succeeded for a cancelled order.
//!
//! How a cancelled order is never left charged, whenever `order.cancelled` arrives:
//! - It is recorded (a `payment_cancellations` row) in one transaction with its inbox row, and
//!   never waits for a charge in flight. A payment no provider was asked to charge yet is
//!   voided in that transaction; a charge then tried finds it no longer pending
//!   ([`rows::count_attempt`]).
//! - Whoever settles a charge (the consumer, a delivery after a crash, a provider callback)
//!   looks for the cancellation after its settling commit, and the cancellation reads the
//!   payment after its own commit, so at least one sees the other: a charge that succeeded
//!   for a cancelled order is refunded at once, `payment.succeeded` followed by
//!   `payment.refunded`. Should both see it, the refund's idempotency key and its conditional
//!   status change make it one refund.
//! - A refund that fails transiently fails the handler; any later retry or delivery of
//!   either event, or provider callback, that finds the payment `succeeded` and its order
//!   cancelled refunds it. None charges again (the charge's idempotency key).
//! - A payment left pending for a cancelled order with no delivery of `order.created` alive
//!   to settle it: with no provider call counted it was voided (above). With one counted, the
//!   charge may exist at the provider, and only asking again with the charge's key can tell,
//!   which takes the order's payment-method token that only `order.created` carries. A later
//!   delivery of it settles and refunds it: RabbitMQ redelivers an unacknowledged one after
//!   a crash, the in-process bus's outbox republishes it, and one parked in the dead-letter
//!   queue (the database down past the retries, say) must be replayed. Stripe and PayPal
//!   callbacks settle it too; the sandbox sends none.

use bookstore_kit::events::payloads::OrderStatusChanged;
use bookstore_kit::events::{Envelope, HandlerError};
use bookstore_sdk::types::PaymentStatus;
use uuid::Uuid;

use super::{CONSUMER, NO_PROVIDER, Payments, consumer_error};
use crate::error::PaymentError;
use crate::on_conn;
use crate::store::cancellations::{self, Cancellation};
use crate::store::payments::{self as rows, NewPayment, PaymentRow};
use crate::store::{Conn, now};

/// The refund's reason when `order.cancelled` gives none.
const CANCELLED: &str = "order cancelled";

impl Payments {
    /// `order.cancelled`: recorded on the payment, then acted on. An order no provider was
    /// asked to charge is voided for good, a charged one refunded; a charge in flight is left
    /// to whoever settles it, who refunds it if it succeeds. Never waits for the charge.
    pub async fn on_order_cancelled(
        &self,
        envelope: &Envelope,
        change: &OrderStatusChanged,
    ) -> Result<(), HandlerError> {
        let at = now();
        // Inserted outside the inbox transaction: voiding publishes nothing, and a redelivery
        // after a crash finds the voided row and just records the event.
        let voided = NewPayment {
            id: Uuid::now_v7().to_string(),
            order_id: change.order_id.to_string(),
            user_id: change.user_id.to_string(),
            provider: NO_PROVIDER.into(),
            status: PaymentStatus::Voided.as_str().into(),
            amount: change.total.amount,
            currency: change.total.currency.clone(),
            card_last4: None,
            attempts: 0,
            created_at: at,
            updated_at: at,
        };
        let (payment, inserted) =
            on_conn!(&self.db, |conn| rows::insert_or_get(conn, &voided).await)?;
        if inserted {
            tracing::info!(order.id = %change.order_id, "order cancelled before its charge; voided");
        }
        let reason = change.reason.as_deref().unwrap_or(CANCELLED);
        let recorded: Result<Option<bool>, PaymentError> =
            bookstore_kit::inbox_transaction!(&self.db, CONSUMER, envelope, |c| {
                let mut conn = Conn::from(&mut *c);
                cancellations::record(&mut conn, payment.id, reason, at).await?;
                rows::void_unattempted(&mut conn, payment.id, at).await
            });
        if recorded? == Some(true) {
            tracing::info!(payment.id = %payment.id, order.id = %change.order_id, "order cancelled before its charge was tried; voided");
        }
        // Read again: a charge may have settled since the first read. A redelivery (already
        // in the inbox) goes on the same way, so a refund that failed before is tried again.
        let payment = self.find(payment.id).await?;
        match payment.status()? {
            PaymentStatus::Pending => {
                tracing::info!(
                    payment.id = %payment.id,
                    order.id = %change.order_id,
                    attempts = payment.attempts,
                    "order cancelled during its charge; a successful charge will be refunded"
                );
                Ok(())
            }
            PaymentStatus::Succeeded => self
                .refund_if_cancelled(&payment)
                .await
                .map(|_| ())
                .map_err(consumer_error),
            PaymentStatus::Failed | PaymentStatus::Voided | PaymentStatus::Refunded => Ok(()),
        }
    }

    /// Refunds a succeeded payment whose order was cancelled, with the cancellation's reason;
    /// nothing for any other payment. `true` when this call recorded the refund.
    pub(super) async fn refund_if_cancelled(
        &self,
        payment: &PaymentRow,
    ) -> Result<bool, PaymentError> {
        if payment.status()? != PaymentStatus::Succeeded {
            return Ok(false);
        }
        let cancellation = on_conn!(&self.db, |conn| cancellations::find(conn, payment.id).await)?;
        self.refund_for(payment, cancellation).await
    }

    /// Refunds `payment` if it succeeded and `cancellation` (its order's, as read with it) was
    /// recorded; `true` when this call recorded the refund.
    pub(super) async fn refund_for(
        &self,
        payment: &PaymentRow,
        cancellation: Option<Cancellation>,
    ) -> Result<bool, PaymentError> {
        if payment.status()? != PaymentStatus::Succeeded {
            return Ok(false);
        }
        let Some(cancellation) = cancellation else {
            return Ok(false);
        };
        tracing::info!(
            payment.id = %payment.id,
            order.id = %payment.order_id,
            "charged for a cancelled order; refunding"
        );
        let reason = cancellation.reason.unwrap_or_else(|| CANCELLED.to_owned());
        self.refund(payment, Some(reason)).await
    }

    /// Refunds charges still standing for cancelled orders: what a refund that kept failing,
    /// or a cancellation that arrived while every retry of the charge's settlement was used up,
    /// left behind. Returns how many were refunded now.
    pub async fn refund_cancelled_charges(&self) -> Result<usize, PaymentError> {
        let due = on_conn!(&self.db, |conn| rows::charged_but_cancelled(conn, 100)
            .await)?;
        let mut refunded = 0;
        for payment in due {
            match self.refund_if_cancelled(&payment).await {
                Ok(true) => refunded += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(
                    payment.id = %payment.id,
                    error = %e,
                    "cannot refund a cancelled order's charge yet; retrying later"
                ),
            }
        }
        Ok(refunded)
    }
}
