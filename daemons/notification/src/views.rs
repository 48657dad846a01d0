//! Stored rows as the API shows them (the SDK's wire types).

use bookstore_sdk::types::{
    Audience, Channel, Delivery, DeliveryCounts, Notification, NotificationKind, Promotion,
    PromotionStatus,
};

use crate::error::NotificationError;
use crate::store::deliveries::DeliveryRow;
use crate::store::notifications::NotificationRow;
use crate::store::promotions::PromotionRow;
use crate::store::{parse_channels, parse_uuid};
use crate::unsubscribe::Links;

fn corrupt(what: &str, value: &str) -> NotificationError {
    NotificationError::Internal(anyhow::anyhow!("corrupt {what} {value:?}"))
}

fn kind(raw: &str) -> Result<NotificationKind, NotificationError> {
    raw.parse().map_err(|_| corrupt("kind", raw))
}

/// A message of the inbox; its unsubscribe link stops its topic in the inbox.
pub fn notification(
    row: NotificationRow,
    links: &Links,
) -> Result<Notification, NotificationError> {
    let kind = kind(&row.kind)?;
    let user_id = parse_uuid(&row.user_id)?;
    Ok(Notification {
        id: parse_uuid(&row.id)?,
        seq: row.seq,
        kind,
        topic: kind.topic(),
        subject: row.subject,
        body: row.body,
        order_id: row.order_id.as_deref().map(parse_uuid).transpose()?,
        order_status: row.order_status,
        promotion_id: row.promotion_id.as_deref().map(parse_uuid).transpose()?,
        channels: parse_channels(&row.channels),
        created_at: row.created_at.and_utc(),
        read_at: row.read_at.map(|t| t.and_utc()),
        unsubscribe_url: links.url(user_id, kind.topic(), Channel::InApp),
    })
}

/// A delivery as an admin sees it.
pub fn delivery(row: DeliveryRow) -> Result<Delivery, NotificationError> {
    let status = row
        .status
        .parse()
        .map_err(|_| corrupt("status", &row.status))?;
    Ok(Delivery {
        id: parse_uuid(&row.id)?,
        notification_id: parse_uuid(&row.notification_id)?,
        user_id: parse_uuid(&row.user_id)?,
        kind: kind(&row.kind)?,
        channel: row
            .channel
            .parse()
            .map_err(|_| corrupt("channel", &row.channel))?,
        address: row.address,
        status,
        attempts: row.attempts,
        last_error: row.last_error,
        next_attempt_at: (status == bookstore_sdk::types::DeliveryStatus::Pending)
            .then(|| row.next_attempt_at.and_utc()),
        created_at: row.created_at.and_utc(),
        sent_at: row.sent_at.map(|t| t.and_utc()),
        promotion_id: row.promotion_id.as_deref().map(parse_uuid).transpose()?,
    })
}

/// A promotion with its delivery counts.
pub fn promotion(
    row: PromotionRow,
    deliveries: DeliveryCounts,
) -> Result<Promotion, NotificationError> {
    let audience: Audience = row
        .audience
        .parse()
        .map_err(|_| corrupt("audience", &row.audience))?;
    let status: PromotionStatus = row
        .status
        .parse()
        .map_err(|_| corrupt("status", &row.status))?;
    Ok(Promotion {
        id: parse_uuid(&row.id)?,
        subject: row.subject,
        body: row.body,
        channels: parse_channels(&row.channels),
        audience,
        status,
        recipients: row.recipients,
        processed: row.processed,
        notified: row.notified,
        deliveries,
        created_by: parse_uuid(&row.created_by)?,
        created_at: row.created_at.and_utc(),
        started_at: row.started_at.map(|t| t.and_utc()),
        completed_at: row.completed_at.map(|t| t.and_utc()),
    })
}
