//! Envelopes as AMQP messages, and dead-lettered messages as [`DeadLetter`]s.

use chrono::{DateTime, Utc};
use lapin::BasicProperties;
use lapin::message::Delivery;
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};

use crate::events::bus::DeadLetter;
use crate::events::envelope::Envelope;

/// Properties of a published event: persistent, JSON, message id = event id, type = event
/// type, and the `traceparent` header so broker-side tooling can follow a trace.
pub(super) fn properties(envelope: &Envelope) -> BasicProperties {
    let mut headers = FieldTable::default();
    if let Some(traceparent) = &envelope.traceparent {
        headers.insert(
            "traceparent".into(),
            AMQPValue::LongString(LongString::from(traceparent.as_str())),
        );
    }
    let mut properties = BasicProperties::default()
        .with_content_type("application/json".into())
        .with_delivery_mode(2) // persistent: survives a broker restart in a durable queue
        .with_message_id(envelope.id.to_string().into())
        .with_timestamp(u64::try_from(envelope.occurred_at.timestamp()).unwrap_or(0))
        .with_headers(headers);
    // Over-long values would make lapin panic; they stay in the body either way.
    if let Ok(kind) = ShortString::try_new(envelope.event_type.as_str()) {
        properties = properties.with_type(kind);
    }
    if let Ok(source) = ShortString::try_new(envelope.source.as_str()) {
        properties = properties.with_app_id(source);
    }
    if let Some(Ok(correlation)) = envelope.correlation_id.as_deref().map(ShortString::try_new) {
        properties = properties.with_correlation_id(correlation);
    }
    properties
}

/// A message read from `queue`'s dead-letter queue, described from its body and `x-death`.
pub(super) fn dead_letter(queue: &str, delivery: &Delivery) -> DeadLetter {
    let death = latest_death(delivery.properties.headers().as_ref());
    DeadLetter {
        queue: queue.to_owned(),
        envelope: Envelope::from_json(&delivery.data).ok(),
        body: String::from_utf8_lossy(&delivery.data).into_owned(),
        reason: death.as_ref().map(|d| d.reason.clone()),
        dead_lettered_at: death.as_ref().and_then(|d| d.at),
        deaths: death.map(|d| d.count).unwrap_or(0),
    }
}

struct Death {
    reason: String,
    at: Option<DateTime<Utc>>,
    count: u64,
}

/// The newest entry of RabbitMQ's `x-death` header (it keeps the newest first).
fn latest_death(headers: Option<&FieldTable>) -> Option<Death> {
    let AMQPValue::FieldArray(deaths) = headers?.inner().get("x-death")? else {
        return None;
    };
    let AMQPValue::FieldTable(death) = deaths.as_slice().first()? else {
        return None;
    };
    let field = |name: &str| death.inner().get(name);
    let text = |name: &str| match field(name) {
        Some(AMQPValue::LongString(s)) => Some(s.to_string()),
        Some(AMQPValue::ShortString(s)) => Some(s.to_string()),
        _ => None,
    };
    let count = match field("count") {
        Some(AMQPValue::LongLongInt(n)) => u64::try_from(*n).unwrap_or(0),
        Some(AMQPValue::LongInt(n)) => u64::try_from(*n).unwrap_or(0),
        _ => 1,
    };
    let at = match field("time") {
        Some(AMQPValue::Timestamp(t)) => i64::try_from(*t)
            .ok()
            .and_then(|t| DateTime::from_timestamp(t, 0)),
        _ => None,
    };
    let reason = match (text("reason"), text("queue")) {
        (Some(reason), Some(queue)) => format!("{reason} by {queue}"),
        (Some(reason), None) => reason,
        _ => "dead-lettered".to_owned(),
    };
    Some(Death { reason, at, count })
}
