//! The rules: charging an order once, voiding or refunding it when it is cancelled, admin
//! refunds, provider callbacks, and what a caller may see. The event consumer
//! ([`crate::consumer`]) and the handlers both go through [`Payments`].
//!
//! How one order is charged at most once, however often `order.created` arrives and however
//! many processes consume it:
//! 1. A `pending` payment is inserted unless the order has one (unique order id); everyone
//!    reads back the same row, and a final one (a late or repeated event) changes nothing.
//! 2. The provider is called with an idempotency key derived from the payment id, so racing
//!    or repeated calls are one charge at the provider. What was sent and received goes to
//!    the payment log.
//! 3. One transaction records the event in the inbox, moves the payment from `pending`
//!    (conditionally: one winner) and enqueues `payment.succeeded` or `payment.failed`.
//!
//! `order.cancelled`, which must never leave an order charged however it races the charge,
//! is in `payments/cancellation.rs`.

use bookstore_kit::auth::Claims;
use bookstore_kit::db::Db;
use bookstore_kit::events::payloads::OrderCreated;
use bookstore_kit::events::{Envelope, HandlerError, OutboxWaker};
use bookstore_sdk::types::{Page, Payment, PaymentStatus};
use uuid::Uuid;

use crate::error::PaymentError;
use crate::listing::{self, RawPaymentQuery};
use crate::metrics::{CallOutcome, PaymentMetrics};
use crate::providers::{
    ChargeOutcome, ChargeRequest, Declined, Journal, ProviderError, Providers, RefundRequest,
    Refunded, WebhookError, charge_key, refund_key,
};
use crate::store::payment_log::{self, PaymentLogEntry};
use crate::store::payments::{self as rows, NewPayment, PaymentRow, Settlement};
use crate::store::refunds::{self, NewRefund};
use crate::store::{Conn, cancellations, now};
use crate::{events, on_conn, unit_of_work};

mod cancellation;

/// The consumer name this service records in the inbox.
pub const CONSUMER: &str = "payment";

/// What a payment shows as its provider when the order was cancelled before it was charged.
pub const NO_PROVIDER: &str = "none";

/// The payment rules over the database, the providers and the outbox (a Facade). Cloning
/// shares them.
#[derive(Debug, Clone)]
pub struct Payments {
    pub db: Db,
    pub providers: Providers,
    outbox: OutboxWaker,
    max_attempts: u32,
    metrics: PaymentMetrics,
}

impl Payments {
    pub fn new(db: Db, providers: Providers, outbox: OutboxWaker, max_attempts: u32) -> Self {
        Payments {
            db,
            providers,
            outbox,
            max_attempts: max_attempts.max(1),
            metrics: PaymentMetrics::default(),
        }
    }

    /// Records payments in `metrics` (registered in the service's registry).
    #[must_use]
    pub fn with_metrics(mut self, metrics: PaymentMetrics) -> Self {
        self.metrics = metrics;
        self
    }

    /// `order.created`: charges the order, at most once.
    pub async fn on_order_created(
        &self,
        envelope: &Envelope,
        order: &OrderCreated,
    ) -> Result<(), HandlerError> {
        let at = now();
        let new = NewPayment {
            id: Uuid::now_v7().to_string(),
            order_id: order.order_id.to_string(),
            user_id: order.user_id.to_string(),
            provider: order.payment_method.provider.clone(),
            status: PaymentStatus::Pending.as_str().into(),
            amount: order.total.amount,
            currency: order.total.currency.clone(),
            card_last4: order
                .payment_method
                .last4
                .clone()
                .filter(|l| l.len() == 4 && l.bytes().all(|b| b.is_ascii_digit())),
            attempts: 0,
            created_at: at,
            updated_at: at,
        };
        let (payment, _) = on_conn!(&self.db, |conn| rows::insert_or_get(conn, &new).await)?;
        if payment.status()? != PaymentStatus::Pending {
            // Charged for an order cancelled meanwhile, and the refund not made yet (it failed
            // transiently, or the process stopped first): this delivery makes it.
            self.refund_if_cancelled(&payment)
                .await
                .map_err(consumer_error)?;
            return self.record_only(envelope).await;
        }
        let provider = match self.providers.get(&payment.provider) {
            Ok(provider) => provider,
            Err(unavailable) => {
                // Unknown or not configured alike: no retry will make it take the payment.
                let outcome = failure("provider_not_enabled", unavailable.to_string());
                return self.settle_event(envelope, &payment, outcome).await;
            }
        };
        let attempt = on_conn!(&self.db, |conn| rows::count_attempt(
            conn,
            payment.id,
            now()
        )
        .await)?;
        let Some(attempt) = attempt else {
            // Settled by another delivery since it was read.
            return self.record_only(envelope).await;
        };
        let request = ChargeRequest {
            payment_id: payment.id,
            order_id: payment.order_id,
            amount: payment.amount(),
            token: order.payment_method.token.clone(),
            idempotency_key: charge_key(payment.id),
        };
        let mut journal = Journal::default();
        let started = std::time::Instant::now();
        let result = provider.charge(&request, &mut journal).await;
        let outcome = match &result {
            Ok(ChargeOutcome::Succeeded(_)) => CallOutcome::Ok,
            Ok(ChargeOutcome::Declined(_)) => CallOutcome::Declined,
            Err(_) => CallOutcome::Error,
        };
        self.metrics
            .provider_call(&payment.provider, "charge", outcome, started.elapsed());
        self.log(&payment, journal).await?;
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(ProviderError::Transient { reason, .. })
                if attempt < i32::try_from(self.max_attempts).unwrap_or(i32::MAX) =>
            {
                tracing::warn!(
                    payment.id = %payment.id,
                    order.id = %payment.order_id,
                    attempt,
                    error = %reason,
                    "charge failed transiently; retrying"
                );
                return Err(HandlerError::transient(reason));
            }
            Err(ProviderError::Transient { reason, code }) => failure(
                code,
                format!("the provider kept failing ({attempt} attempts): {reason}"),
            ),
            Err(ProviderError::Rejected(reason)) => failure("provider_unavailable", reason),
        };
        self.settle_event(envelope, &payment, outcome).await
    }

    /// An admin's full refund. Refunding a refunded payment answers it unchanged.
    pub async fn refund_by_admin(
        &self,
        id: Uuid,
        reason: Option<String>,
    ) -> Result<Payment, PaymentError> {
        let payment = self.find(id).await?;
        match payment.status()? {
            PaymentStatus::Refunded => return payment.into_payment(),
            PaymentStatus::Succeeded => {}
            other => return Err(PaymentError::NotRefundable(other)),
        }
        self.refund(&payment, reason).await?;
        self.find(id).await?.into_payment()
    }

    /// A provider callback: verified, then applied like the consumer applies a charge.
    pub async fn on_webhook(
        &self,
        provider_name: &str,
        headers: &axum::http::HeaderMap,
        body: &[u8],
    ) -> Result<(), PaymentError> {
        let provider = self
            .providers
            .get(provider_name)
            .map_err(|_| PaymentError::NotFound("payment provider"))?;
        let mut journal = Journal::default();
        let event = provider
            .verify_webhook(headers, body, &mut journal)
            .await
            .map_err(|e| match e {
                WebhookError::BadSignature(m) => PaymentError::BadSignature(m),
                WebhookError::NotAccepted(_) => PaymentError::NotFound("webhook endpoint"),
                WebhookError::Unavailable(m) => PaymentError::ProviderUnavailable(m),
            })?;
        let payment = match (event.payment_id, event.order_id) {
            (Some(id), _) => on_conn!(&self.db, |conn| rows::find(conn, id).await)?,
            (None, Some(order)) => {
                on_conn!(&self.db, |conn| rows::find_by_order(conn, order).await)?
            }
            (None, None) => None,
        };
        let Some(payment) = payment.filter(|p| p.provider == provider.name()) else {
            tracing::info!(provider = provider_name, webhook.id = %event.id, "callback names no payment of ours; ignored");
            return Ok(());
        };
        self.log(&payment, journal).await?;
        let Some(outcome) = event.outcome else {
            return Ok(());
        };
        if payment.status()? != PaymentStatus::Pending {
            // A callback the provider repeats because the refund of a cancelled order failed
            // (answered 503) tries that refund again.
            self.refund_if_cancelled(&payment).await?;
            return Ok(());
        }
        if self.settle(None, &payment, outcome).await? {
            tracing::info!(payment.id = %payment.id, webhook.id = %event.id, "payment settled by a provider callback");
        }
        Ok(())
    }

    /// A payment the caller may see: their own, or any for an admin (someone else's is a 404,
    /// so ids cannot be probed).
    pub async fn get(&self, id: Uuid, caller: &Claims) -> Result<Payment, PaymentError> {
        let payment = self.find(id).await?;
        if !caller.is_admin() && payment.user_id != caller.sub {
            return Err(PaymentError::NotFound("payment"));
        }
        payment.into_payment()
    }

    /// A page of the caller's payments (everyone's for an admin), newest first.
    pub async fn list(
        &self,
        raw: &RawPaymentQuery,
        caller: &Claims,
    ) -> Result<Page<Payment>, PaymentError> {
        let mut filter = listing::parse(raw)?;
        let limit = filter.limit;
        filter.limit += 1;
        if !caller.is_admin() {
            filter.user_id = Some(caller.sub);
        }
        let mut found = on_conn!(&self.db, |conn| rows::list(conn, &filter).await)?;
        let more = found.len() as i64 > limit;
        found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next_cursor = if more {
            found.last().map(|p| listing::encode_cursor(p.id))
        } else {
            None
        };
        Ok(Page {
            items: found
                .into_iter()
                .map(PaymentRow::into_payment)
                .collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    /// A payment's log, oldest first (admins).
    pub async fn log_of(&self, id: Uuid) -> Result<Vec<PaymentLogEntry>, PaymentError> {
        let payment = self.find(id).await?;
        on_conn!(&self.db, |conn| payment_log::for_payment(conn, payment.id)
            .await)
    }

    async fn find(&self, id: Uuid) -> Result<PaymentRow, PaymentError> {
        on_conn!(&self.db, |conn| rows::find(conn, id).await)?
            .ok_or(PaymentError::NotFound("payment"))
    }

    /// Records the event as applied, with no other effect.
    async fn record_only(&self, envelope: &Envelope) -> Result<(), HandlerError> {
        let recorded: Result<Option<()>, PaymentError> =
            bookstore_kit::inbox_transaction!(&self.db, CONSUMER, envelope, |c| Ok(()));
        recorded?;
        Ok(())
    }

    /// [`Payments::settle`] for the consumer, in one transaction with the inbox record of
    /// `envelope`.
    async fn settle_event(
        &self,
        envelope: &Envelope,
        payment: &PaymentRow,
        outcome: ChargeOutcome,
    ) -> Result<(), HandlerError> {
        self.settle(Some(envelope), payment, outcome)
            .await
            .map(|_| ())
            .map_err(consumer_error)
    }

    /// Settles a pending payment with `outcome` and enqueues its event, in one transaction
    /// (with the inbox record of `envelope` when an event settles it); `true` when this call
    /// settled it. Then a successful charge whose order was cancelled before or during it is
    /// refunded, whoever settled it.
    async fn settle(
        &self,
        envelope: Option<&Envelope>,
        payment: &PaymentRow,
        outcome: ChargeOutcome,
    ) -> Result<bool, PaymentError> {
        let settled: bool = match envelope {
            Some(envelope) => {
                let applied: Result<Option<bool>, PaymentError> =
                    bookstore_kit::inbox_transaction!(&self.db, CONSUMER, envelope, |c| {
                        let mut conn = Conn::from(&mut *c);
                        settle_in(&mut conn, payment, &outcome).await
                    });
                applied?.unwrap_or(false)
            }
            None => unit_of_work!(&self.db, |conn| settle_in(conn, payment, &outcome).await)?,
        };
        if settled {
            let status = match &outcome {
                ChargeOutcome::Succeeded(_) => {
                    self.metrics.succeeded(&payment.provider);
                    "succeeded"
                }
                ChargeOutcome::Declined(declined) => {
                    self.metrics.failed(&payment.provider, &declined.code);
                    "failed"
                }
            };
            tracing::info!(payment.id = %payment.id, order.id = %payment.order_id, status, "payment settled");
            self.outbox.wake();
        }
        if let ChargeOutcome::Succeeded(_) = outcome {
            // Read back after the commit: a cancellation committed before now is seen here;
            // one committed later finds the payment succeeded and refunds it itself.
            let (current, cancellation) = on_conn!(&self.db, |conn| {
                cancellations::payment_with(conn, payment.id).await
            })?
            .ok_or(PaymentError::NotFound("payment"))?;
            self.refund_for(&current, cancellation).await?;
        }
        Ok(settled)
    }

    /// Refunds a succeeded payment in full through its provider, then records it: status
    /// `refunded`, a refund row and `payment.refunded`. `false` when another refund got there
    /// first. The conditional status change, not the inbox, makes a repeat harmless: an event
    /// that asked for the refund is already in the inbox when its refund is retried, and a
    /// refund the provider made must be recorded whoever asked.
    async fn refund(
        &self,
        payment: &PaymentRow,
        reason: Option<String>,
    ) -> Result<bool, PaymentError> {
        let provider = self
            .providers
            .get(&payment.provider)
            .map_err(|u| PaymentError::ProviderUnavailable(u.to_string()))?;
        let request = RefundRequest {
            payment_id: payment.id,
            order_id: payment.order_id,
            amount: payment.amount(),
            reference: payment
                .refund_reference
                .clone()
                .or_else(|| payment.provider_reference.clone()),
            reason: reason.clone(),
            idempotency_key: refund_key(payment.id),
        };
        let mut journal = Journal::default();
        let started = std::time::Instant::now();
        let result = provider.refund(&request, &mut journal).await;
        let outcome = match &result {
            Ok(_) => CallOutcome::Ok,
            Err(ProviderError::Rejected(_)) => CallOutcome::Declined,
            Err(ProviderError::Transient { .. }) => CallOutcome::Error,
        };
        self.metrics
            .provider_call(&payment.provider, "refund", outcome, started.elapsed());
        self.log(payment, journal).await?;
        let refunded = match result {
            Ok(refunded) => refunded,
            Err(ProviderError::Transient { reason, .. }) => {
                return Err(PaymentError::ProviderUnavailable(reason));
            }
            Err(ProviderError::Rejected(reason)) => {
                return Err(PaymentError::ProviderRefused(reason));
            }
        };
        let reason = reason.as_deref();
        let applied = unit_of_work!(&self.db, |conn| refund_in(conn, payment, &refunded, reason)
            .await)?;
        if applied {
            self.metrics.refunded(&payment.provider);
            tracing::info!(payment.id = %payment.id, order.id = %payment.order_id, "payment refunded");
            self.outbox.wake();
        }
        Ok(applied)
    }

    /// Appends a provider call's exchanges to the payment log.
    async fn log(&self, payment: &PaymentRow, journal: Journal) -> Result<(), PaymentError> {
        if journal.0.is_empty() {
            return Ok(());
        }
        on_conn!(&self.db, |conn| {
            payment_log::append(
                conn,
                payment.id,
                payment.order_id,
                &payment.provider,
                journal.0,
            )
            .await
        })
    }
}

/// A failure as the consumer reports it: a provider's refusal will not change with retrying,
/// so the event is parked for an admin; anything else is retried.
pub(crate) fn consumer_error(e: PaymentError) -> HandlerError {
    match e {
        e @ PaymentError::ProviderRefused(_) => HandlerError::permanent(e),
        e => e.into(),
    }
}

fn failure(code: &str, reason: String) -> ChargeOutcome {
    ChargeOutcome::Declined(Declined {
        code: code.to_owned(),
        reason,
        reference: None,
    })
}

/// Moves `payment` from pending by `outcome` and enqueues its event; `false` (and nothing
/// enqueued) when it was no longer pending.
async fn settle_in(
    conn: &mut Conn<'_>,
    payment: &PaymentRow,
    outcome: &ChargeOutcome,
) -> Result<bool, PaymentError> {
    let (to, settlement) = match outcome {
        ChargeOutcome::Succeeded(charged) => (
            PaymentStatus::Succeeded,
            Settlement {
                provider_reference: charged.reference.clone(),
                refund_reference: charged.refund_reference.clone(),
                ..Settlement::default()
            },
        ),
        ChargeOutcome::Declined(declined) => (
            PaymentStatus::Failed,
            Settlement {
                provider_reference: declined.reference.clone(),
                failure_reason: Some(declined.reason.clone()),
                failure_code: Some(declined.code.clone()),
                ..Settlement::default()
            },
        ),
    };
    if !rows::settle(conn, payment.id, to, &settlement, now()).await? {
        return Ok(false);
    }
    match outcome {
        ChargeOutcome::Succeeded(_) => events::succeeded(conn, payment).await?,
        ChargeOutcome::Declined(d) => events::failed(conn, payment, &d.reason, &d.code).await?,
    }
    Ok(true)
}

/// Moves `payment` from succeeded to refunded, records the refund and enqueues
/// `payment.refunded`; `false` (and nothing else) when it was no longer succeeded.
async fn refund_in(
    conn: &mut Conn<'_>,
    payment: &PaymentRow,
    refunded: &Refunded,
    reason: Option<&str>,
) -> Result<bool, PaymentError> {
    let at = now();
    if !rows::mark_refunded(conn, payment.id, payment.amount, at).await? {
        return Ok(false);
    }
    refunds::insert(
        conn,
        &NewRefund {
            id: Uuid::now_v7().to_string(),
            payment_id: payment.id.to_string(),
            amount: payment.amount,
            currency: payment.currency.clone(),
            provider_reference: refunded.reference.clone(),
            reason: reason.map(str::to_owned),
            created_at: at,
        },
    )
    .await?;
    events::refunded(conn, payment, reason).await?;
    Ok(true)
}
