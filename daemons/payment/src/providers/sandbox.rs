//! The built-in sandbox provider: decides by the test card behind a
//! [`SandboxToken`](bookstore_sdk::sandbox::SandboxToken), with optional latency and a rate
//! of simulated transient failures. Like a real provider it keeps its own ledger keyed by
//! idempotency key, so a repeated request answers the first result and never charges twice.

use std::time::Duration;

use async_trait::async_trait;
use axum::http::HeaderMap;
use bookstore_kit::db::Db;
use bookstore_sdk::sandbox::{CardBehaviour, SandboxToken, TOKEN_PREFIX};
use bookstore_sdk::types::Provider;
use serde_json::json;
use uuid::Uuid;

use super::{
    ChargeOutcome, ChargeRequest, Charged, Declined, Journal, PaymentProvider, ProviderError,
    RefundRequest, Refunded, WebhookError, WebhookEvent,
};
use crate::store::sandbox_ledger::{self, LedgerEntry};

pub const NAME: &str = "sandbox";

/// The sandbox (a Strategy).
#[derive(Debug, Clone)]
pub struct Sandbox {
    db: Db,
    latency: Duration,
    failure_rate: f64,
}

impl Sandbox {
    pub fn new(db: Db, latency: Duration, failure_rate: f64) -> Sandbox {
        Sandbox {
            db,
            latency,
            failure_rate: failure_rate.clamp(0.0, 1.0),
        }
    }

    /// Waits the configured latency, then fails at the configured rate, before the ledger is
    /// touched: a simulated failure leaves no trace, as a request that never arrived.
    async fn weather(&self, operation: &str) -> Result<(), ProviderError> {
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        if self.failure_rate > 0.0 && rand::random::<f64>() < self.failure_rate {
            return Err(ProviderError::transient(format!(
                "sandbox: simulated failure of the {operation} (failure rate {})",
                self.failure_rate
            )));
        }
        Ok(())
    }

    async fn record(&self, entry: &LedgerEntry) -> Result<LedgerEntry, ProviderError> {
        // The macro returns early on a pool error: it needs a function of its own error type.
        let recorded: Result<LedgerEntry, crate::error::PaymentError> =
            async { crate::on_conn!(&self.db, |conn| sandbox_ledger::record(conn, entry).await) }
                .await;
        recorded.map_err(|e| ProviderError::transient(format!("sandbox ledger: {e}")))
    }
}

#[async_trait]
impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self) -> Provider {
        Provider {
            name: NAME.into(),
            display_name: "Sandbox (test cards)".into(),
            test_mode: true,
            token_hint: format!(
                "a test card number such as 4242 4242 4242 4242, or a {TOKEN_PREFIX}<behaviour>_<last4> token"
            ),
        }
    }

    async fn charge(
        &self,
        request: &ChargeRequest,
        journal: &mut Journal,
    ) -> Result<ChargeOutcome, ProviderError> {
        let sent = json!({
            "token": request.token,
            "amount": request.amount.amount,
            "currency": request.amount.currency,
            "idempotency_key": request.idempotency_key,
        });
        if let Err(e) = self.weather("charge").await {
            journal.record("charge", sent, json!({"error": e.to_string()}), None);
            return Err(e);
        }
        let token = SandboxToken::parse(&request.token);
        if let Some(SandboxToken {
            behaviour: CardBehaviour::ProcessingError,
            ..
        }) = token
        {
            let reason = "sandbox: the card's issuer could not process the payment".to_owned();
            journal.record("charge", sent, json!({"error": reason}), None);
            return Err(ProviderError::Transient {
                reason,
                code: CardBehaviour::ProcessingError.code(),
            });
        }
        let (outcome, code) = match &token {
            Some(t) if t.behaviour == CardBehaviour::Succeeds => ("succeeded", None),
            Some(t) => ("declined", Some(t.behaviour.code().to_owned())),
            None => ("declined", Some("card_declined".to_owned())),
        };
        let entry = self
            .record(&LedgerEntry {
                idempotency_key: request.idempotency_key.clone(),
                operation: "charge".into(),
                reference: format!("sbx_ch_{}", Uuid::now_v7().simple()),
                amount: request.amount.amount,
                currency: request.amount.currency.clone(),
                card_last4: token.as_ref().map(|t| t.last4.clone()),
                outcome: outcome.into(),
                code,
                created_at: crate::store::now(),
            })
            .await?;
        journal.record(
            "charge",
            sent,
            json!({"reference": entry.reference, "outcome": entry.outcome, "code": entry.code}),
            None,
        );
        Ok(match entry.code {
            None => ChargeOutcome::Succeeded(Charged {
                reference: Some(entry.reference.clone()),
                refund_reference: Some(entry.reference),
            }),
            Some(code) => ChargeOutcome::Declined(Declined {
                reason: reason_of(&code, token.is_none()),
                code,
                reference: Some(entry.reference),
            }),
        })
    }

    async fn refund(
        &self,
        request: &RefundRequest,
        journal: &mut Journal,
    ) -> Result<Refunded, ProviderError> {
        let sent = json!({
            "charge": request.reference,
            "amount": request.amount.amount,
            "currency": request.amount.currency,
            "idempotency_key": request.idempotency_key,
        });
        if let Err(e) = self.weather("refund").await {
            journal.record("refund", sent, json!({"error": e.to_string()}), None);
            return Err(e);
        }
        let entry = self
            .record(&LedgerEntry {
                idempotency_key: request.idempotency_key.clone(),
                operation: "refund".into(),
                reference: format!("sbx_re_{}", Uuid::now_v7().simple()),
                amount: request.amount.amount,
                currency: request.amount.currency.clone(),
                card_last4: None,
                outcome: "succeeded".into(),
                code: None,
                created_at: crate::store::now(),
            })
            .await?;
        journal.record(
            "refund",
            sent,
            json!({"reference": entry.reference, "outcome": entry.outcome}),
            None,
        );
        Ok(Refunded {
            reference: Some(entry.reference),
        })
    }

    async fn verify_webhook(
        &self,
        _: &HeaderMap,
        _: &[u8],
        _: &mut Journal,
    ) -> Result<WebhookEvent, WebhookError> {
        Err(WebhookError::NotAccepted(
            "the sandbox answers at once and sends no callbacks".into(),
        ))
    }
}

fn reason_of(code: &str, unknown_token: bool) -> String {
    if unknown_token {
        return "the sandbox does not know this payment token".into();
    }
    match code {
        "insufficient_funds" => "the card has insufficient funds".into(),
        "expired_card" => "the card has expired".into(),
        _ => "the card was declined".into(),
    }
}
