//! Payments and refunds (`/api/v1/payments`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::Money;

/// Where a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// The provider is being asked.
    Pending,
    /// The money was taken.
    Succeeded,
    /// The provider refused (declined, insufficient funds) or could not be asked.
    Failed,
    /// The money was given back in full.
    Refunded,
    /// The order was cancelled before it was charged: it never will be.
    Voided,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 5] = [
        PaymentStatus::Pending,
        PaymentStatus::Succeeded,
        PaymentStatus::Failed,
        PaymentStatus::Refunded,
        PaymentStatus::Voided,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Refunded => "refunded",
            PaymentStatus::Voided => "voided",
        }
    }
}

impl std::fmt::Display for PaymentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PaymentStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PaymentStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown payment status `{s}` (expected one of {})",
                    PaymentStatus::ALL.map(PaymentStatus::as_str).join(", ")
                )
            })
    }
}

/// One order's payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub id: Uuid,
    pub order_id: Uuid,
    pub user_id: Uuid,
    /// The strategy that charged it: `sandbox`, `stripe` or `paypal`.
    pub provider: String,
    pub status: PaymentStatus,
    pub amount: Money,
    /// The card's last four digits, where the method is a card; never more of it.
    pub card_last4: Option<String>,
    /// The provider's own id for the charge (a payment intent, a PayPal order).
    pub provider_reference: Option<String>,
    /// Why it failed, in words.
    pub failure_reason: Option<String>,
    /// A machine-readable failure code (`card_declined`, `insufficient_funds`).
    pub failure_code: Option<String>,
    /// What was given back.
    pub refunded: Option<Money>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `GET /payments`: the caller's payments (admins: everyone's), newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct PaymentQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PaymentStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `POST /payments/{id}/refund` (admin): a full refund; the reason goes to the payment log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A payment provider this store takes (`GET /payments/providers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provider {
    /// What `payment.provider` of an order names.
    pub name: String,
    pub display_name: String,
    /// Whether no real money moves (the sandbox, a provider's test mode).
    pub test_mode: bool,
    /// What `payment.token` of an order holds for this provider.
    pub token_hint: String,
}
