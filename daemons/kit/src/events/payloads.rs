//! The `data` of the store's events, shared by the services that publish and consume them
//! (user, order, payment, notification). The field names are the contract of `docs/DESIGN.md`.

use bookstore_sdk::types::{Money, Role};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `user.registered`: an account was created (by registering, or the first admin at start).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRegistered {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    /// Absent in events from before roles were announced: a customer.
    #[serde(default = "customer")]
    pub role: Role,
}

/// `user.updated`: an account's email, name, role or disabled flag changed; carries the whole
/// account as it is now, so a consumer that missed an update catches up with the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserUpdated {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

fn customer() -> Role {
    Role::Customer
}

/// One line of an order, priced by the catalog when its stock was reserved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderedItem {
    pub book_id: Uuid,
    pub title: String,
    pub quantity: i64,
    pub unit_price: Money,
}

/// How the order is to be paid: a provider and its token (for the sandbox, a token made from
/// the test card, never the number itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethodRef {
    pub provider: String,
    pub token: String,
    pub last4: Option<String>,
}

/// `order.created`: stock is reserved and the order waits for its payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCreated {
    pub order_id: Uuid,
    pub user_id: Uuid,
    pub items: Vec<OrderedItem>,
    pub total: Money,
    pub payment_method: PaymentMethodRef,
}

/// `order.confirmed`, `order.shipped` and `order.cancelled`: what happened to an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderStatusChanged {
    pub order_id: Uuid,
    pub user_id: Uuid,
    /// The new status (`confirmed`, `shipped`, `cancelled`).
    pub status: String,
    /// Why, where cancelled: `payment declined: ...`, `payment timed out`, `cancelled by the
    /// customer`, ...
    #[serde(default)]
    pub reason: Option<String>,
    /// A machine-readable cause where cancelled: `payment_failed`, `payment_timeout`,
    /// `customer`, `admin`, `refunded`, `stock_lost`.
    #[serde(default)]
    pub cause: Option<String>,
    pub total: Money,
    /// Whether the order had been paid (so cancelling it means a refund).
    pub was_paid: bool,
}

/// `payment.succeeded`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentSucceeded {
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub user_id: Uuid,
    pub amount: Money,
    pub provider: String,
}

/// `payment.failed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentFailed {
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub user_id: Uuid,
    /// In words, for the order's history and the customer.
    pub reason: String,
    /// `card_declined`, `insufficient_funds`, `expired_card`, `processing_error`,
    /// `provider_unavailable`, `provider_not_enabled`.
    pub code: String,
}

/// `payment.refunded`: the whole amount went back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRefunded {
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub user_id: Uuid,
    pub amount: Money,
    #[serde(default)]
    pub reason: Option<String>,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn order_created_reads_as_designed() {
        let json = serde_json::json!({
            "order_id": "0190d9a4-7e2b-7c4c-8f3e-1d2c3b4a5f60",
            "user_id": "0190d9a4-7e2b-7c4c-8f3e-1d2c3b4a5f61",
            "items": [{"book_id": "0190d9a4-7e2b-7c4c-8f3e-1d2c3b4a5f62", "title": "Dune",
                       "quantity": 2, "unit_price": {"amount": 1299, "currency": "EUR"}}],
            "total": {"amount": 2598, "currency": "EUR"},
            "payment_method": {"provider": "sandbox", "token": "tok_sandbox_ok_4242", "last4": "4242"}
        });
        let created: OrderCreated = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(created.total.amount, 2598);
        assert_eq!(serde_json::to_value(&created).unwrap(), json);
    }
}
