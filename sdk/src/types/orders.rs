//! Carts and orders (`/api/v1/cart`, `/api/v1/orders`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::Money;

/// The signed-in user's cart, priced at the catalog's current prices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cart {
    pub items: Vec<CartItem>,
    /// The sum of the lines that are available, per currency (one entry in a one-currency
    /// store); empty for an empty cart.
    pub totals: Vec<Money>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One line of the cart, with what the catalog says about the book now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartItem {
    pub book_id: Uuid,
    pub quantity: i64,
    /// `null` when the book is no longer in the catalog.
    pub title: Option<String>,
    /// The current price of one copy; `null` when the book is gone.
    pub unit_price: Option<Money>,
    /// `quantity × unit_price`.
    pub line_total: Option<Money>,
    /// Copies in stock now.
    pub in_stock: i64,
    /// Whether the line can be ordered as it is (the book exists and has enough copies).
    pub available: bool,
    pub added_at: DateTime<Utc>,
}

/// `PUT /cart/items/{book_id}`: how many copies the cart holds (not how many to add).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CartItemUpdate {
    pub quantity: i64,
}

/// Where an order goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// The recipient.
    pub name: String,
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2, upper case (`DE`, `GB`).
    pub country: String,
}

/// How an order is paid: a provider and its payment-method token (for `sandbox`, a test card
/// number, which the store turns into a token at once and never keeps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaymentMethod {
    /// `sandbox`, `stripe` or `paypal` (see `GET /payments/providers`).
    pub provider: String,
    pub token: String,
}

/// How an order shows the method it is paid with: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodSummary {
    pub provider: String,
    /// The card's last four digits, where the method is a card.
    pub last4: Option<String>,
}

/// One line of a new order. Other members (a price, say) are ignored: prices come from the
/// catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    pub book_id: Uuid,
    pub quantity: i64,
}

/// `POST /orders` (with an `Idempotency-Key` header): `items`, or `from_cart: true` to order
/// what the cart holds. Prices and totals come from the catalog: members such as `total` are
/// ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewOrder {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<OrderLine>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_cart: bool,
    pub payment: PaymentMethod,
    pub shipping_address: Address,
}

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Stock is reserved; the payment is under way.
    PendingPayment,
    /// Paid; the copies are sold.
    Confirmed,
    /// On its way; it can no longer be cancelled.
    Shipped,
    /// Cancelled by the customer, by a failed payment or by the payment timeout.
    Cancelled,
    /// Refused when placed: not enough stock.
    Rejected,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        OrderStatus::PendingPayment,
        OrderStatus::Confirmed,
        OrderStatus::Shipped,
        OrderStatus::Cancelled,
        OrderStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Rejected => "rejected",
        }
    }

    /// Whether the order can change no more (`shipped` is not final only in name: it still
    /// can be refunded by an admin, but its status stays).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            OrderStatus::Shipped | OrderStatus::Cancelled | OrderStatus::Rejected
        )
    }

    /// Whether the saga is done with it: paid and confirmed, or ended.
    pub fn is_settled(self) -> bool {
        self != OrderStatus::PendingPayment
    }
}

impl std::fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for OrderStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrderStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown order status `{s}` (expected one of {})",
                    OrderStatus::ALL.map(OrderStatus::as_str).join(", ")
                )
            })
    }
}

/// One ordered line, priced when the stock was reserved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderItem {
    pub book_id: Uuid,
    pub title: String,
    pub quantity: i64,
    pub unit_price: Money,
    pub line_total: Money,
}

/// One entry of an order's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub status: OrderStatus,
    /// Why, in words (`payment declined: card declined`, `cancelled by the customer`).
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// An order, with its history on `GET /orders/{id}` (lists leave `history` empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: Uuid,
    pub user_id: Uuid,
    pub status: OrderStatus,
    /// Why the order is in its status, where that needs saying.
    pub status_reason: Option<String>,
    pub items: Vec<OrderItem>,
    pub total: Money,
    pub payment: PaymentMethodSummary,
    pub shipping_address: Address,
    /// Until when the payment may take; the order is cancelled after that.
    pub payment_due_at: Option<DateTime<Utc>>,
    /// Whether a refund was recorded for the order.
    pub refunded: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `GET /orders`: the caller's orders, newest first; admins see everyone's and may filter by
/// user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    /// Admin only: one user's orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `POST /orders/{id}/cancel`: an optional reason for the history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CancelOrder {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_and_print_alike() {
        for status in OrderStatus::ALL {
            assert_eq!(status.as_str().parse::<OrderStatus>().unwrap(), status);
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::String(status.as_str().into())
            );
        }
        assert!("paid".parse::<OrderStatus>().is_err());
    }

    #[test]
    fn new_orders_ignore_prices() {
        let body = r#"{"items": [{"book_id": "0190d9a4-7e2b-7c4c-8f3e-1d2c3b4a5f60", "quantity": 1,
                       "unit_price": {"amount": 1, "currency": "EUR"}}],
                       "payment": {"provider": "sandbox", "token": "4242424242424242"},
                       "shipping_address": {"name": "A", "line1": "B", "postal_code": "1",
                                            "city": "C", "country": "DE"}}"#;
        let order: NewOrder = serde_json::from_str(body).unwrap();
        assert_eq!(order.items[0].quantity, 1);
        assert!(
            !serde_json::to_string(&order)
                .unwrap()
                .contains("unit_price")
        );
    }
}
