//! The event envelope: what every event on the bus looks like on the wire (JSON).

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

/// The event types of the contract (DESIGN.md, "Events"); the routing key of each event.
pub mod event_types {
    /// An account was created: user id, email, name, role.
    pub const USER_REGISTERED: &str = "user.registered";
    /// An account's email, name, role or disabled flag changed: the account as it is now.
    pub const USER_UPDATED: &str = "user.updated";
    /// An order is stored and awaits payment: order id, user id, items, total, payment method.
    pub const ORDER_CREATED: &str = "order.created";
    /// A payment for an order succeeded: payment id, order id, amount, provider.
    pub const PAYMENT_SUCCEEDED: &str = "payment.succeeded";
    /// A payment for an order failed: payment id, order id, reason.
    pub const PAYMENT_FAILED: &str = "payment.failed";
    /// A payment was refunded: payment id, order id, amount.
    pub const PAYMENT_REFUNDED: &str = "payment.refunded";
    /// An order was paid: order id, user id.
    pub const ORDER_CONFIRMED: &str = "order.confirmed";
    /// An order was cancelled: order id, user id, reason.
    pub const ORDER_CANCELLED: &str = "order.cancelled";
    /// An order was shipped: order id, user id.
    pub const ORDER_SHIPPED: &str = "order.shipped";
    /// An admin published a promotion: promotion id, subject, audience.
    pub const PROMOTION_PUBLISHED: &str = "promotion.published";

    /// Every event type of the contract.
    pub const ALL: [&str; 10] = [
        USER_REGISTERED,
        USER_UPDATED,
        ORDER_CREATED,
        PAYMENT_SUCCEEDED,
        PAYMENT_FAILED,
        PAYMENT_REFUNDED,
        ORDER_CONFIRMED,
        ORDER_CANCELLED,
        ORDER_SHIPPED,
        PROMOTION_PUBLISHED,
    ];
}

/// One event as published and consumed.
///
/// Serialized as `{"id", "type", "occurred_at", "source", "correlation_id", "traceparent",
/// "data"}`; absent optional fields are `null`, so every consumer sees the same shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// Unique and time-ordered (UUID v7): the key consumers deduplicate on.
    pub id: Uuid,
    /// The event type, also the routing key, e.g. `order.created`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the state change happened (UTC, RFC 3339 on the wire).
    pub occurred_at: DateTime<Utc>,
    /// The publishing service, e.g. `order`.
    pub source: String,
    /// The order id where there is one, so one saga's events can be followed in the logs.
    #[serde(default)]
    pub correlation_id: Option<String>,
    /// W3C trace context of the request that caused the event.
    #[serde(default)]
    pub traceparent: Option<String>,
    /// The event's payload; its shape depends on `type`.
    pub data: serde_json::Value,
}

impl Envelope {
    /// A new event with a fresh v7 id, occurring now.
    pub fn new(
        event_type: impl Into<String>,
        source: impl Into<String>,
        data: serde_json::Value,
    ) -> Envelope {
        Envelope {
            id: Uuid::now_v7(),
            event_type: event_type.into(),
            // Microseconds: what PostgreSQL keeps, so a stored copy compares equal.
            occurred_at: Utc::now().trunc_subsecs(6),
            source: source.into(),
            correlation_id: None,
            traceparent: None,
            data,
        }
    }

    /// A new event whose `data` is `payload` serialized to JSON.
    pub fn from_payload<T: Serialize>(
        event_type: impl Into<String>,
        source: impl Into<String>,
        payload: &T,
    ) -> Result<Envelope, serde_json::Error> {
        Ok(Envelope::new(
            event_type,
            source,
            serde_json::to_value(payload)?,
        ))
    }

    /// Sets the correlation id (the order id in the saga).
    #[must_use]
    pub fn with_correlation_id(mut self, correlation_id: impl Into<String>) -> Envelope {
        self.correlation_id = Some(correlation_id.into());
        self
    }

    /// Sets the W3C `traceparent` of the causing request.
    #[must_use]
    pub fn with_traceparent(mut self, traceparent: impl Into<String>) -> Envelope {
        self.traceparent = Some(traceparent.into());
        self
    }

    /// Decodes `data` into the event's payload type.
    pub fn payload<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.data)
    }

    /// The envelope as JSON text, as stored in the outbox and sent on the wire.
    pub fn to_json(&self) -> String {
        // Cannot fail: every field is a string, a number or a `serde_json::Value`, all of which
        // serialize; the fallback only keeps this infallible for callers.
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Parses an envelope from JSON bytes.
    pub fn from_json(bytes: &[u8]) -> Result<Envelope, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn wire_shape_uses_type_and_rfc3339() {
        let envelope = Envelope::new(
            event_types::ORDER_CREATED,
            "order",
            serde_json::json!({"order_id": "o-1"}),
        )
        .with_correlation_id("o-1");
        let json: serde_json::Value = serde_json::from_str(&envelope.to_json()).unwrap();
        assert_eq!(json["type"], "order.created");
        assert_eq!(json["source"], "order");
        assert_eq!(json["correlation_id"], "o-1");
        assert!(json["traceparent"].is_null());
        let at = json["occurred_at"].as_str().unwrap();
        assert!(DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
        assert_eq!(envelope.id.get_version_num(), 7);
        assert_eq!(
            Envelope::from_json(envelope.to_json().as_bytes()).unwrap(),
            envelope
        );
    }

    #[test]
    fn optional_fields_may_be_missing_on_input() {
        let text = r#"{"id":"01890a5d-ac96-774b-bcce-b302099a8057","type":"user.registered",
            "occurred_at":"2026-11-01T10:00:00Z","source":"user","data":{}}"#;
        let envelope = Envelope::from_json(text.as_bytes()).unwrap();
        assert_eq!(envelope.correlation_id, None);
        assert_eq!(envelope.event_type, event_types::USER_REGISTERED);
    }
}
