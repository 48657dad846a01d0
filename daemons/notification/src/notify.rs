//! Telling one reader one thing: which channels (their preferences, what is configured), the
//! message with the reader's next number, and its deliveries, stored together with the inbox
//! row of the event that caused it; then waking the reader's live streams and the senders.

use std::sync::Arc;

use bookstore_kit::db::Db;
use bookstore_kit::events::Envelope;
use bookstore_sdk::types::{Channel, DeliveryStatus};
use chrono::NaiveDateTime;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::directory::{Directory, LookupError};
use crate::error::NotificationError;
use crate::hub::Hub;
use crate::messages::{Draft, Messages};
use crate::metrics::{NotificationMetrics, Outcome};
use crate::store::deliveries::DeliveryRow;
use crate::store::notifications::NotificationRow;
use crate::store::recipients::{self, Account, RecipientRow};
use crate::store::{self, Conn, channels_text, notifications};
use crate::{on_conn, unit_of_work};

/// The consumer name the inbox records events under.
pub const CONSUMER: &str = "notification";

/// A message planned for one reader: its row (numbered when stored) and its deliveries.
#[derive(Debug, Clone)]
pub struct Planned {
    pub notification: NotificationRow,
    pub deliveries: Vec<DeliveryRow>,
}

impl Planned {
    /// Whether the reader's inbox and live streams get it.
    pub fn in_app(&self) -> bool {
        self.notification.in_app
    }

    /// Whether a sender has work from it.
    pub fn has_pending(&self) -> bool {
        self.deliveries
            .iter()
            .any(|d| d.status == DeliveryStatus::Pending.as_str())
    }
}

/// The rules for telling readers things. Cloning shares everything.
#[derive(Debug, Clone)]
pub struct Notifier {
    pub db: Db,
    pub messages: Messages,
    pub hub: Hub,
    /// Pokes the senders after a commit that added pending deliveries.
    pub senders: Arc<Notify>,
    /// Counts messages per channel.
    pub metrics: NotificationMetrics,
    directory: Directory,
    sms_enabled: bool,
}

impl Notifier {
    pub fn new(
        db: Db,
        messages: Messages,
        hub: Hub,
        directory: Directory,
        sms_enabled: bool,
    ) -> Notifier {
        Notifier {
            db,
            messages,
            hub,
            senders: Arc::new(Notify::new()),
            metrics: NotificationMetrics::default(),
            directory,
            sms_enabled,
        }
    }

    /// Counts messages in `metrics` (registered in the service's registry).
    #[must_use]
    pub fn with_metrics(mut self, metrics: NotificationMetrics) -> Notifier {
        self.metrics = metrics;
        self
    }

    /// What `recipient` gets of `draft` on `channels` (already narrowed to what they chose),
    /// caused by `source`; `None` when nothing goes anywhere (no channel, a disabled account).
    pub fn plan(
        &self,
        recipient: &RecipientRow,
        draft: &Draft,
        channels: &[Channel],
        source: &str,
        now: NaiveDateTime,
    ) -> Option<Planned> {
        if recipient.disabled || channels.is_empty() {
            return None;
        }
        let notification_id = Uuid::now_v7().to_string();
        let deliveries = channels
            .iter()
            .filter_map(|&channel| {
                let (address, skipped) = match channel {
                    Channel::InApp => return None,
                    Channel::Email => (recipient.email.clone(), None),
                    Channel::Sms => match (&recipient.phone, self.sms_enabled) {
                        (_, false) => (
                            recipient.phone.clone().unwrap_or_default(),
                            Some("no SMS provider is configured"),
                        ),
                        (None, true) => (String::new(), Some("no phone number in the preferences")),
                        (Some(phone), true) => (phone.clone(), None),
                    },
                };
                Some(DeliveryRow {
                    id: Uuid::now_v7().to_string(),
                    notification_id: notification_id.clone(),
                    user_id: recipient.user_id.clone(),
                    kind: draft.kind.as_str().to_owned(),
                    channel: channel.as_str().to_owned(),
                    address,
                    status: match skipped {
                        Some(_) => DeliveryStatus::Skipped,
                        None => DeliveryStatus::Pending,
                    }
                    .as_str()
                    .to_owned(),
                    attempts: 0,
                    next_attempt_at: now,
                    locked_until: None,
                    last_error: skipped.map(str::to_owned),
                    promotion_id: draft.promotion_id.map(|id| id.to_string()),
                    created_at: now,
                    updated_at: now,
                    sent_at: None,
                })
            })
            .collect();
        Some(Planned {
            notification: NotificationRow {
                id: notification_id,
                user_id: recipient.user_id.clone(),
                seq: 0,
                kind: draft.kind.as_str().to_owned(),
                subject: draft.subject.clone(),
                body: draft.body.clone(),
                data: draft.data.to_string(),
                order_id: draft.order_id.map(|id| id.to_string()),
                order_status: draft.order_status.clone(),
                promotion_id: draft.promotion_id.map(|id| id.to_string()),
                channels: channels_text(channels),
                in_app: channels.contains(&Channel::InApp),
                source: source.to_owned(),
                created_at: now,
                read_at: None,
            },
            deliveries,
        })
    }

    /// Stores `planned` with the reader's next number, on `conn` inside the caller's
    /// transaction.
    pub async fn store(
        conn: &mut Conn<'_>,
        user_id: Uuid,
        mut planned: Planned,
    ) -> Result<Planned, NotificationError> {
        planned.notification.seq = recipients::next_seq(conn, user_id).await?;
        notifications::insert(conn, &planned.notification).await?;
        if !planned.deliveries.is_empty() {
            store::deliveries::insert_many(conn, planned.deliveries.clone()).await?;
        }
        Ok(planned)
    }

    /// After the commit: the reader's streams and the senders learn of `planned`.
    pub fn announce(&self, user_id: Uuid, planned: &Planned) {
        if planned.in_app() {
            self.metrics.messages(Channel::InApp, Outcome::Sent, 1);
            self.hub.wake(user_id);
        }
        if planned.has_pending() {
            self.senders.notify_one();
        }
    }

    /// Makes sure the reader `user_id` is known, asking the user service if not.
    pub async fn ensure_known(&self, user_id: Uuid) -> Result<(), NotificationError> {
        if on_conn!(&self.db, |conn| recipients::find(conn, user_id).await)?.is_some() {
            return Ok(());
        }
        let account = self.directory.account(user_id).await.map_err(|e| match e {
            LookupError::Unknown(_) | LookupError::Unreachable(..) => {
                NotificationError::Internal(anyhow::Error::new(e))
            }
        })?;
        unit_of_work!(&self.db, |conn| {
            recipients::upsert_account(conn, &account, store::now()).await
        })?;
        tracing::info!(user.id = %user_id, "learnt of a reader from the user service");
        Ok(())
    }

    /// Applies `envelope` for its reader `user_id` once: records `account` if given (an
    /// announcement), then stores the message `make` drafts for the reader (if any) on the
    /// channels they chose, with the event's inbox row. A redelivery changes nothing. A reader
    /// this service has not met yet is asked of the user service, and the event applied again.
    pub async fn apply(
        &self,
        envelope: &Envelope,
        user_id: Uuid,
        account: Option<&Account>,
        make: impl Fn(&RecipientRow) -> anyhow::Result<Option<Draft>> + Send + Sync,
    ) -> Result<(), NotificationError> {
        match self.apply_known(envelope, user_id, account, &make).await {
            Err(NotificationError::Internal(e)) if e.downcast_ref::<UnknownReader>().is_some() => {
                self.ensure_known(user_id).await?;
                self.apply_known(envelope, user_id, account, &make).await
            }
            other => other,
        }
    }

    /// [`Notifier::apply`] for a reader already recorded; fails with [`UnknownReader`],
    /// changing nothing, for one that is not.
    async fn apply_known(
        &self,
        envelope: &Envelope,
        user_id: Uuid,
        account: Option<&Account>,
        make: &(impl Fn(&RecipientRow) -> anyhow::Result<Option<Draft>> + Send + Sync),
    ) -> Result<(), NotificationError> {
        let at = envelope.occurred_at.naive_utc();
        let source = envelope.id.to_string();
        let stored: Result<Option<Option<Planned>>, NotificationError> =
            bookstore_kit::inbox_transaction!(&self.db, CONSUMER, envelope, |c| {
                let mut conn = Conn::from(c);
                if let Some(account) = account {
                    recipients::upsert_account(&mut conn, account, at).await?;
                }
                let recipient = recipients::find(&mut conn, user_id)
                    .await?
                    .ok_or_else(|| NotificationError::Internal(UnknownReader(user_id).into()))?;
                let Some(draft) = make(&recipient)? else {
                    return Ok(None);
                };
                let channels = recipient.channels(draft.kind.topic());
                match self.plan(&recipient, &draft, &channels, &source, store::now()) {
                    Some(planned) => Ok(Some(Self::store(&mut conn, user_id, planned).await?)),
                    None => Ok(None),
                }
            });
        match stored? {
            Some(Some(planned)) => {
                self.announce(user_id, &planned);
                tracing::info!(
                    user.id = %user_id,
                    notification.kind = %planned.notification.kind,
                    channels = %planned.notification.channels,
                    "notified"
                );
            }
            Some(None) => {}
            None => {}
        }
        Ok(())
    }
}

/// The reader an event is for is not recorded here yet.
#[derive(Debug, thiserror::Error)]
#[error("reader {0} is not known yet")]
struct UnknownReader(Uuid);
