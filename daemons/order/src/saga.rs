//! The order saga's reactions to the payment service (the Observer of `order.events`).
//!
//! - `payment.succeeded`: sell the reserved copies (catalog commit), then confirm the order
//!   and publish `order.confirmed`. If the catalog gave the copies away meanwhile (the hold
//!   expired), the order is cancelled instead and the payment service refunds it.
//! - `payment.failed`: cancel the order (compensation), publish `order.cancelled`, give the
//!   copies back.
//! - `payment.refunded`: note it; a confirmed order not yet shipped is cancelled with it.
//!
//! Every effect commits with its inbox row, so a redelivered event changes nothing. Catalog
//! calls come before the transaction and are idempotent, so a crash between the two repeats
//! the call harmlessly. A transient failure (the catalog unreachable) is retried by the bus
//! with backoff; if it never clears, the payment timeout ends the order.

use async_trait::async_trait;
use bookstore_kit::events::payloads::{PaymentFailed, PaymentRefunded, PaymentSucceeded};
use bookstore_kit::events::{Envelope, Handler, HandlerError, event_types};
use bookstore_kit::inbox_transaction;
use bookstore_sdk::types::OrderStatus;
use uuid::Uuid;

use crate::catalog::Committed;
use crate::error::OrderError;
use crate::events::{self, Cause, SOURCE};
use crate::metrics::Step;
use crate::orders::{Orders, cancel_in};
use crate::store::orders::{self as repo, Changes, stock};
use crate::store::{self, Conn};

/// Consumes `order.events`.
#[derive(Debug, Clone)]
pub struct Saga {
    pub orders: Orders,
}

impl From<OrderError> for SagaError {
    fn from(e: OrderError) -> Self {
        SagaError(HandlerError::transient(e))
    }
}

/// A handler failure; repository errors are transient.
struct SagaError(HandlerError);

impl From<diesel::result::Error> for SagaError {
    fn from(e: diesel::result::Error) -> Self {
        SagaError(e.into())
    }
}

impl From<bookstore_kit::db::DbError> for SagaError {
    fn from(e: bookstore_kit::db::DbError) -> Self {
        SagaError(e.into())
    }
}

#[async_trait]
impl Handler for Saga {
    async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError> {
        let result = match envelope.event_type.as_str() {
            event_types::PAYMENT_SUCCEEDED => self.succeeded(envelope).await,
            event_types::PAYMENT_FAILED => self.failed(envelope).await,
            event_types::PAYMENT_REFUNDED => self.refunded(envelope).await,
            other => {
                tracing::debug!(event.r#type = other, "not an event the saga follows");
                Ok(())
            }
        };
        result.map_err(|e| e.0)
    }
}

impl Saga {
    async fn succeeded(&self, envelope: &Envelope) -> Result<(), SagaError> {
        let paid: PaymentSucceeded = envelope.payload().map_err(|e| SagaError(e.into()))?;
        let order = self.order(paid.order_id).await?;
        let metrics = &self.orders.metrics;
        let mut committed = None;
        if order.status == OrderStatus::PendingPayment.as_str() {
            metrics.step(Step::AwaitPayment, since(order.created_at));
            let started = std::time::Instant::now();
            committed = Some(
                self.orders
                    .catalog
                    .commit(paid.order_id)
                    .await
                    .map_err(|e| SagaError(HandlerError::transient(e)))?,
            );
            metrics.step(Step::CommitStock, started.elapsed());
        }
        let db = &self.orders.db;
        let outcome: Result<Option<Outcome>, SagaError> =
            inbox_transaction!(db, SOURCE, envelope, |c| {
                let mut conn = Conn::from(c);
                if matches!(committed, Some(Committed::Sold))
                    && confirm_sold(&mut conn, &order, &paid).await?
                {
                    Ok(Outcome::Confirmed)
                } else {
                    confirm(&mut conn, paid.order_id, committed.as_ref(), &paid).await
                }
            });
        match outcome? {
            Some(Outcome::Confirmed) => {
                self.orders.outbox.wake();
                metrics.entered(OrderStatus::Confirmed, None);
                metrics.settled(order.created_at, OrderStatus::Confirmed);
                tracing::info!(order.id = %paid.order_id, "order confirmed");
            }
            Some(Outcome::Cancelled) => {
                self.orders.outbox.wake();
                metrics.entered(OrderStatus::Cancelled, Some(Cause::StockLost));
                metrics.settled(order.created_at, OrderStatus::Cancelled);
                self.orders.release_stock(paid.order_id).await;
            }
            Some(Outcome::Unchanged) | None => {}
        }
        Ok(())
    }

    async fn failed(&self, envelope: &Envelope) -> Result<(), SagaError> {
        let failed: PaymentFailed = envelope.payload().map_err(|e| SagaError(e.into()))?;
        let order = self.order(failed.order_id).await?;
        let reason = format!("payment failed: {}", failed.reason);
        let db = &self.orders.db;
        let outcome: Result<Option<bool>, SagaError> =
            inbox_transaction!(db, SOURCE, envelope, |c| {
                fail(&mut Conn::from(c), failed.order_id, &reason).await
            });
        if outcome? == Some(true) {
            self.orders.outbox.wake();
            let metrics = &self.orders.metrics;
            metrics.step(Step::AwaitPayment, since(order.created_at));
            metrics.entered(OrderStatus::Cancelled, Some(Cause::PaymentFailed));
            metrics.settled(order.created_at, OrderStatus::Cancelled);
            tracing::info!(order.id = %failed.order_id, reason, "order cancelled");
            self.orders.release_stock(failed.order_id).await;
        }
        Ok(())
    }

    async fn refunded(&self, envelope: &Envelope) -> Result<(), SagaError> {
        let refund: PaymentRefunded = envelope.payload().map_err(|e| SagaError(e.into()))?;
        self.order(refund.order_id).await?;
        let note = format!("payment refunded ({})", refund.amount);
        let db = &self.orders.db;
        let outcome: Result<Option<bool>, SagaError> =
            inbox_transaction!(db, SOURCE, envelope, |c| {
                record_refund(&mut Conn::from(c), &refund, &note).await
            });
        if outcome? == Some(true) {
            self.orders.outbox.wake();
            self.orders
                .metrics
                .entered(OrderStatus::Cancelled, Some(Cause::Refunded));
            self.orders.release_stock(refund.order_id).await;
        }
        Ok(())
    }

    /// The order an event is about. The order is stored before `order.created` is published,
    /// so an unknown id can never become known: the event is parked, not retried.
    async fn order(&self, id: Uuid) -> Result<repo::OrderRow, SagaError> {
        let found = crate::on_conn!(&self.orders.db, |conn| repo::find(conn, id).await)?;
        found.ok_or_else(|| {
            SagaError(HandlerError::permanent(format!(
                "payment event for unknown order {id}"
            )))
        })
    }
}

/// The time since `at` (an order's creation), as far as the clock allows.
fn since(at: chrono::NaiveDateTime) -> std::time::Duration {
    (store::now() - at).to_std().unwrap_or_default()
}

/// Cancels a pending order whose payment failed; `false` when it was no longer pending.
async fn fail(conn: &mut Conn<'_>, order_id: Uuid, reason: &str) -> Result<bool, SagaError> {
    let row = repo::find(conn, order_id)
        .await?
        .ok_or(OrderError::NotFound("order"))?;
    if row.status != OrderStatus::PendingPayment.as_str() {
        return Ok(false);
    }
    Ok(cancel_in(conn, &row, reason, Cause::PaymentFailed, false).await?)
}

/// Notes a refund; a confirmed order not yet shipped is cancelled with it (`true`).
async fn record_refund(
    conn: &mut Conn<'_>,
    refund: &PaymentRefunded,
    note: &str,
) -> Result<bool, SagaError> {
    let row = repo::find(conn, refund.order_id)
        .await?
        .ok_or(OrderError::NotFound("order"))?;
    let now = store::now();
    if !repo::set_refunded(conn, &row.id, now).await? {
        return Ok(false);
    }
    repo::add_history(conn, &row.id, &row.status, Some(note), now).await?;
    // Money back for an order still to be shipped means no order.
    if row.status != OrderStatus::Confirmed.as_str() {
        return Ok(false);
    }
    let reason = match &refund.reason {
        Some(r) => format!("refunded: {r}"),
        None => "refunded".to_owned(),
    };
    Ok(cancel_in(conn, &row, &reason, Cause::Refunded, true).await?)
}

/// What `payment.succeeded` did to the order.
enum Outcome {
    Confirmed,
    /// The copies were gone: cancelled, to be refunded.
    Cancelled,
    /// Already settled: nothing to do (the payment service refunds a cancelled order itself).
    Unchanged,
}

/// Confirms `order`, read as pending before its copies were sold, unless another step moved it
/// since (`false`; [`confirm`] then reads it again and tells what happened).
async fn confirm_sold(
    conn: &mut Conn<'_>,
    order: &repo::OrderRow,
    paid: &PaymentSucceeded,
) -> Result<bool, SagaError> {
    let now = store::now();
    let changes = Changes {
        status: Some(OrderStatus::Confirmed.to_string()),
        status_reason: None,
        stock: Some(stock::COMMITTED.to_owned()),
        updated_at: Some(now),
        ..Changes::default()
    };
    if !repo::transition(
        conn,
        &order.id,
        &[OrderStatus::PendingPayment.as_str()],
        &changes,
    )
    .await?
    {
        return Ok(false);
    }
    let note = format!("paid {} with {}", paid.amount, paid.provider);
    repo::add_history(
        conn,
        &order.id,
        OrderStatus::Confirmed.as_str(),
        Some(&note),
        now,
    )
    .await?;
    events::status_changed(conn, order, OrderStatus::Confirmed, None, None, true).await?;
    Ok(true)
}

async fn confirm(
    conn: &mut Conn<'_>,
    order_id: Uuid,
    committed: Option<&Committed>,
    paid: &PaymentSucceeded,
) -> Result<Outcome, SagaError> {
    let row = repo::find(conn, order_id)
        .await?
        .ok_or(OrderError::NotFound("order"))?;
    if row.status != OrderStatus::PendingPayment.as_str() {
        if row.status == OrderStatus::Cancelled.as_str() {
            repo::add_history(
                conn,
                &row.id,
                &row.status,
                Some("the payment arrived after the order was cancelled; it is refunded"),
                store::now(),
            )
            .await?;
        }
        return Ok(Outcome::Unchanged);
    }
    match committed {
        Some(Committed::Sold) => Ok(if confirm_sold(conn, &row, paid).await? {
            Outcome::Confirmed
        } else {
            Outcome::Unchanged
        }),
        Some(Committed::Gone) => {
            // The order was pending when the commit was tried, so the catalog's answer holds.
            // It was paid: `order.cancelled` says so, for the refund.
            let reason = "the reserved copies were released before the payment arrived; the payment is refunded";
            let changes_ok = cancel_in(conn, &row, reason, Cause::StockLost, true).await?;
            Ok(if changes_ok {
                Outcome::Cancelled
            } else {
                Outcome::Unchanged
            })
        }
        // Pending now, but not when the commit was decided: a redelivery raced a change.
        None => Err(SagaError(HandlerError::transient(
            "the order changed while the payment was being applied",
        ))),
    }
}
