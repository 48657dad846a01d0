//! Payment providers, one Strategy per provider behind [`PaymentProvider`], and the Factory
//! ([`Providers::from_args`]) that builds the enabled ones from configuration.
//!
//! A provider is asked to charge or refund with an idempotency key derived from the payment
//! id, so a call repeated after a crash or a redelivery is answered with the first result and
//! moves no money twice. Each call writes what it sent and received into a [`Journal`], which
//! the caller appends to the payment log whatever the outcome.

pub mod paypal;
pub mod sandbox;
pub mod stripe;

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use axum::http::HeaderMap;
use bookstore_kit::db::Db;
use bookstore_sdk::types::{Money, Provider};
use serde_json::Value;
use uuid::Uuid;

use crate::config::PaymentArgs;

/// The names of the providers this service knows, enabled or not.
pub const KNOWN: [&str; 3] = [sandbox::NAME, stripe::NAME, paypal::NAME];

/// What to charge.
#[derive(Debug, Clone)]
pub struct ChargeRequest {
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub amount: Money,
    /// The provider's payment-method token from the order.
    pub token: String,
    pub idempotency_key: String,
}

/// What to refund: the whole charge.
#[derive(Debug, Clone)]
pub struct RefundRequest {
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub amount: Money,
    /// What the charge left to refund by ([`Charged::refund_reference`]).
    pub reference: Option<String>,
    pub reason: Option<String>,
    pub idempotency_key: String,
}

/// A charge the provider answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeOutcome {
    Succeeded(Charged),
    /// The provider refused the payment method: final.
    Declined(Declined),
}

/// A successful charge.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Charged {
    /// The provider's id for the charge.
    pub reference: Option<String>,
    /// What a refund must name, when that differs from `reference` (a PayPal capture).
    pub refund_reference: Option<String>,
}

/// A refused charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined {
    /// `card_declined`, `insufficient_funds`, `expired_card`, ...
    pub code: String,
    pub reason: String,
    pub reference: Option<String>,
}

/// A refund the provider made.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Refunded {
    pub reference: Option<String>,
}

/// Why a provider call did not produce an answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProviderError {
    /// The network, a 5xx, a timeout, a rate limit: the same call may work later. `code` is
    /// the failure code the payment gets should the retries run out.
    #[error("{reason}")]
    Transient { reason: String, code: &'static str },
    /// The provider refused the request itself (bad credentials, a malformed request): the
    /// same call never will.
    #[error("{0}")]
    Rejected(String),
}

impl ProviderError {
    /// A transient failure that, for good, reads as `provider_unavailable`.
    pub fn transient(reason: impl Into<String>) -> ProviderError {
        ProviderError::Transient {
            reason: reason.into(),
            code: "provider_unavailable",
        }
    }
}

/// What a verified provider callback says happened to a charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// The provider's event id.
    pub id: String,
    /// The payment, as the charge's metadata names it.
    pub payment_id: Option<Uuid>,
    /// The order, when the payment is not named.
    pub order_id: Option<Uuid>,
    /// `None` for an event type that settles nothing (acknowledged and ignored).
    pub outcome: Option<ChargeOutcome>,
}

/// One request to a provider and its answer, as the payment log keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    pub operation: &'static str,
    pub request: Value,
    pub response: Value,
    pub http_status: Option<u16>,
}

/// The exchanges of one provider call, in order.
#[derive(Debug, Default)]
pub struct Journal(pub Vec<Exchange>);

impl Journal {
    pub fn record(
        &mut self,
        operation: &'static str,
        request: Value,
        response: Value,
        http_status: Option<u16>,
    ) {
        self.0.push(Exchange {
            operation,
            request,
            response,
            http_status,
        });
    }
}

/// A payment provider (the Strategy).
#[async_trait]
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// What orders name it by: `sandbox`, `stripe`, `paypal`.
    fn name(&self) -> &'static str;

    /// How `GET /payments/providers` lists it.
    fn describe(&self) -> Provider;

    /// Charges `request.amount` to `request.token`; the same idempotency key again answers
    /// the first result.
    async fn charge(
        &self,
        request: &ChargeRequest,
        journal: &mut Journal,
    ) -> Result<ChargeOutcome, ProviderError>;

    /// Refunds a charge in full; the same idempotency key again refunds nothing more.
    async fn refund(
        &self,
        request: &RefundRequest,
        journal: &mut Journal,
    ) -> Result<Refunded, ProviderError>;

    /// Checks a callback's signature and reads it; `Err` with why it was refused.
    async fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        journal: &mut Journal,
    ) -> Result<WebhookEvent, WebhookError>;
}

/// Why a callback was refused.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WebhookError {
    /// The signature is missing, stale or wrong.
    #[error("{0}")]
    BadSignature(String),
    /// The provider takes no callbacks here (no webhook secret configured, say).
    #[error("{0}")]
    NotAccepted(String),
    /// Verifying needs the provider, which did not answer.
    #[error("{0}")]
    Unavailable(String),
}

/// Why no provider serves a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// A provider this service has, without its credentials configured.
    NotEnabled(String),
    /// No provider of that name at all.
    Unknown(String),
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unavailable::NotEnabled(name) => write!(f, "the provider {name} is not enabled"),
            Unavailable::Unknown(name) => write!(f, "there is no payment provider {name:?}"),
        }
    }
}

/// The enabled providers, by name. Cloning shares them.
#[derive(Debug, Clone, Default)]
pub struct Providers {
    by_name: BTreeMap<&'static str, Arc<dyn PaymentProvider>>,
}

impl Providers {
    /// The Factory: each provider whose configuration is complete, sharing `http` (the
    /// process's one client) and, for the sandbox's ledger, `db`.
    pub fn from_args(args: &PaymentArgs, http: &reqwest::Client, db: &Db) -> Providers {
        let mut providers = Providers::default();
        if args.sandbox {
            providers.add(Arc::new(sandbox::Sandbox::new(
                db.clone(),
                args.sandbox_latency,
                args.sandbox_failure_rate,
            )));
        }
        if let Some(stripe) = stripe::Stripe::from_args(args, http.clone()) {
            providers.add(Arc::new(stripe));
        }
        if let Some(paypal) = paypal::PayPal::from_args(args, http.clone()) {
            providers.add(Arc::new(paypal));
        }
        providers
    }

    /// Adds (or replaces) a provider.
    pub fn add(&mut self, provider: Arc<dyn PaymentProvider>) {
        self.by_name.insert(provider.name(), provider);
    }

    /// The provider called `name`.
    pub fn get(&self, name: &str) -> Result<Arc<dyn PaymentProvider>, Unavailable> {
        match self.by_name.get(name) {
            Some(provider) => Ok(provider.clone()),
            None if KNOWN.contains(&name) => Err(Unavailable::NotEnabled(name.to_owned())),
            None => Err(Unavailable::Unknown(name.to_owned())),
        }
    }

    /// The enabled providers' descriptions, by name.
    pub fn describe(&self) -> Vec<Provider> {
        self.by_name.values().map(|p| p.describe()).collect()
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.by_name.keys().copied().collect()
    }
}

/// The idempotency key of a payment's charge: the same for every attempt, delivery and process.
pub fn charge_key(payment_id: Uuid) -> String {
    format!("payment-{payment_id}-charge")
}

/// The idempotency key of a payment's full refund.
pub fn refund_key(payment_id: Uuid) -> String {
    format!("payment-{payment_id}-refund")
}

/// `amount` in major units as a decimal string (`1299 EUR` → `12.99`), as PayPal wants it.
pub fn decimal_amount(amount: &Money) -> String {
    let digits = bookstore_sdk::types::money::minor_digits(&amount.currency).unwrap_or(2);
    if digits == 0 {
        return amount.amount.to_string();
    }
    let scale = 10_u64.pow(digits);
    let sign = if amount.amount < 0 { "-" } else { "" };
    let abs = amount.amount.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = digits as usize
    )
}

/// A provider's answer body as JSON for the log (text that is not JSON is kept as a string).
pub(crate) fn body_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

/// A request error as the journal keeps it and as a transient error reads. reqwest's message
/// names the URL, which carries no secret (credentials travel in headers).
pub(crate) fn network_error(e: &reqwest::Error) -> ProviderError {
    ProviderError::transient(format!("cannot reach the provider: {e}"))
}

/// What an HTTP status says about retrying: 5xx, 408, 409 (a concurrent request with the
/// same idempotency key still in flight) and 429 are transient.
pub(crate) fn is_transient_status(status: u16) -> bool {
    status >= 500 || matches!(status, 408 | 409 | 429)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_amounts_follow_the_currency() {
        assert_eq!(decimal_amount(&Money::new(1299, "EUR")), "12.99");
        assert_eq!(decimal_amount(&Money::new(5, "USD")), "0.05");
        assert_eq!(decimal_amount(&Money::new(1500, "JPY")), "1500");
    }

    #[test]
    fn keys_are_stable_per_payment() {
        let id = Uuid::now_v7();
        assert_eq!(charge_key(id), charge_key(id));
        assert_ne!(charge_key(id), refund_key(id));
    }
}
