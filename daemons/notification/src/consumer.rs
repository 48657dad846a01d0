//! The consumer of `notification.events` (the Observer): account announcements keep the
//! readers up to date (and welcome new ones), order and payment events become messages,
//! `promotion.published` starts a fan-out. Exactly-once effects come from the inbox.

use async_trait::async_trait;
use bookstore_kit::events::payloads::{
    OrderStatusChanged, PaymentRefunded, UserRegistered, UserUpdated,
};
use bookstore_kit::events::{Envelope, Handler, HandlerError, event_types};
use bookstore_sdk::types::Role;

use crate::notify::Notifier;
use crate::promotions::Promotions;
use crate::store::recipients::Account;

/// The handler subscribed to [`bookstore_kit::events::NOTIFICATION_EVENTS`].
#[derive(Debug, Clone)]
pub struct NotificationEvents {
    pub notifier: Notifier,
    pub promotions: Promotions,
}

#[async_trait]
impl Handler for NotificationEvents {
    async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError> {
        let messages = &self.notifier.messages;
        match envelope.event_type.as_str() {
            event_types::USER_REGISTERED => {
                let user: UserRegistered = envelope.payload()?;
                let account = Account {
                    user_id: user.user_id,
                    email: user.email,
                    name: user.name,
                    role: user.role,
                    disabled: false,
                };
                // The first admin is made by the store itself: no welcome for it.
                let welcome = user.role == Role::Customer;
                self.notifier
                    .apply(envelope, user.user_id, Some(&account), |reader| {
                        welcome.then(|| messages.welcome(&reader.name)).transpose()
                    })
                    .await?;
            }
            event_types::USER_UPDATED => {
                let user: UserUpdated = envelope.payload()?;
                let account = Account {
                    user_id: user.user_id,
                    email: user.email,
                    name: user.name,
                    role: user.role,
                    disabled: user.disabled,
                };
                self.notifier
                    .apply(envelope, user.user_id, Some(&account), |_| Ok(None))
                    .await?;
            }
            event_types::ORDER_CONFIRMED
            | event_types::ORDER_CANCELLED
            | event_types::ORDER_SHIPPED => {
                let change: OrderStatusChanged = envelope.payload()?;
                self.notifier
                    .apply(envelope, change.user_id, None, |reader| {
                        messages.order_status(&change, &reader.name)
                    })
                    .await?;
            }
            event_types::PAYMENT_REFUNDED => {
                let refund: PaymentRefunded = envelope.payload()?;
                self.notifier
                    .apply(envelope, refund.user_id, None, |reader| {
                        messages.refunded(&refund, &reader.name).map(Some)
                    })
                    .await?;
            }
            event_types::PROMOTION_PUBLISHED => {
                // The promotion is stored already (with its event); this only hurries the
                // fan-out, which any replica also finds on its own.
                self.promotions.wake();
            }
            other => {
                tracing::debug!(
                    event.r#type = other,
                    "event of no concern to notifications; skipped"
                );
            }
        }
        Ok(())
    }
}
