//! Promotions: an admin publishes one (stored with its `promotion.published` event in one
//! transaction), and a fan-out worker writes it to every reader of its audience who opted in,
//! a batch of readers per transaction. Each batch advances the promotion's cursor in the
//! transaction that writes its messages, so a fan-out interrupted anywhere resumes after the
//! last committed batch (by this process or another, once the lease lapses) and nobody gets
//! a second copy.

use std::sync::Arc;
use std::time::Duration;

use bookstore_kit::auth::Claims;
use bookstore_kit::db::{DbError, is_unique_violation};
use bookstore_kit::events::{Envelope, OutboxWaker, event_types, outbox};
use bookstore_kit::http::idempotency;
use bookstore_sdk::types::{Audience, Channel, NewPromotion, Promotion, PromotionStatus, Topic};
use serde::Serialize;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::error::{Fields, NotificationError};
use crate::metrics::Outcome;
use crate::notify::{Notifier, Planned};
use crate::store::promotions::{self, PromotionKeyRow, PromotionRow};
use crate::store::{self, Conn, channels_text, deliveries, dispatch, notifications, recipients};
use crate::{on_conn, unit_of_work, views};

/// How long a fan-out holds its promotion without finishing a batch before another process
/// may take over: a batch takes milliseconds, so this is mostly how long a promotion whose
/// process died waits.
const LEASE: Duration = Duration::from_secs(15);
/// How often an idle worker looks for promotions published elsewhere.
const POLL: Duration = Duration::from_secs(5);
const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 10_000;

/// `promotion.published`'s data.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct PromotionPublished {
    pub promotion_id: Uuid,
    pub subject: String,
    pub audience: Audience,
}

/// Publishing promotions and fanning them out. Cloning shares it.
#[derive(Debug, Clone)]
pub struct Promotions {
    notifier: Notifier,
    outbox: OutboxWaker,
    batch: i64,
    waker: Arc<Notify>,
    sms_enabled: bool,
}

/// What one batch came to.
struct Batch {
    /// The readers whose inbox got the promotion.
    in_app: Vec<Uuid>,
    /// Whether it added email or SMS to send.
    pending: bool,
    done: bool,
}

impl Promotions {
    pub fn new(notifier: Notifier, outbox: OutboxWaker, batch: i64, sms_enabled: bool) -> Self {
        Promotions {
            notifier,
            outbox,
            batch,
            waker: Arc::new(Notify::new()),
            sms_enabled,
        }
    }

    /// Hurries the fan-out worker.
    pub fn wake(&self) {
        self.waker.notify_one();
    }

    /// `POST /promotions`: checks the promotion, stores it queued with its event.
    ///
    /// With an `Idempotency-Key`, the admin's earlier promotion under that key is the answer
    /// (`created` false) when the request is the same, and a different request is refused.
    pub async fn publish(
        &self,
        admin: &Claims,
        key: Option<&str>,
        new: &NewPromotion,
    ) -> Result<(Promotion, bool), NotificationError> {
        let mut fields = Fields::default();
        let key = match key.map(idempotency::check) {
            Some(Ok(key)) => Some(key),
            Some(Err(why)) => {
                fields.push("Idempotency-Key", why);
                None
            }
            None => None,
        };
        let subject = new.subject.trim();
        if subject.is_empty() {
            fields.push("subject", "must not be empty");
        } else if subject.chars().count() > SUBJECT_MAX || subject.contains(['\n', '\r']) {
            fields.push(
                "subject",
                format!("must be one line of at most {SUBJECT_MAX} characters"),
            );
        }
        let body = new.body.trim();
        if body.is_empty() {
            fields.push("body", "must not be empty");
        } else if body.chars().count() > BODY_MAX {
            fields.push("body", format!("must be at most {BODY_MAX} characters"));
        }
        if new.channels.is_empty() {
            fields.push("channels", "name at least one of email, sms, in_app");
        } else if new.channels.contains(&Channel::Sms) && !self.sms_enabled {
            fields.push(
                "channels",
                "sms: no SMS provider is configured in this store",
            );
        }
        fields.finish()?;
        let hash = key.map(|_| idempotency::request_hash(new)).transpose()?;
        if let Some(key) = key
            && let Some(earlier) = self.by_key(admin, key).await?
        {
            return self.replay(earlier, hash.as_deref()).await;
        }

        let now = store::now();
        let row = PromotionRow {
            id: Uuid::now_v7().to_string(),
            subject: subject.to_owned(),
            body: body.to_owned(),
            channels: channels_text(&new.channels),
            audience: new.audience.as_str().to_owned(),
            status: PromotionStatus::Queued.as_str().to_owned(),
            created_by: admin.sub.to_string(),
            created_at: now,
            started_at: None,
            completed_at: None,
            cursor: None,
            recipients: None,
            processed: 0,
            notified: 0,
            locked_until: None,
        };
        let id: Uuid = row.id.parse().map_err(anyhow::Error::from)?;
        let event = Envelope::from_payload(
            event_types::PROMOTION_PUBLISHED,
            crate::SOURCE,
            &PromotionPublished {
                promotion_id: id,
                subject: row.subject.clone(),
                audience: new.audience,
            },
        )
        .map_err(anyhow::Error::from)?
        .with_correlation_id(row.id.clone());
        let key_row = key.zip(hash.clone()).map(|(key, hash)| PromotionKeyRow {
            created_by: admin.sub.to_string(),
            idempotency_key: key.to_owned(),
            request_hash: hash,
            promotion_id: row.id.clone(),
        });
        let stored = unit_of_work!(&self.notifier.db, |conn| {
            promotions::insert(conn, &row).await?;
            if let Some(key_row) = &key_row {
                promotions::insert_key(conn, key_row).await?;
            }
            dispatch!(conn, |c| outbox::enqueue(c, &event).await?);
            Ok(())
        });
        match stored {
            Ok(()) => {}
            // The same key at the same moment from another request: that one published it.
            Err(e) if key.is_some() && is_key_taken(&e) => {
                let earlier = self
                    .by_key(admin, key.unwrap_or_default())
                    .await?
                    .ok_or(NotificationError::NotFound("promotion"))?;
                return self.replay(earlier, hash.as_deref()).await;
            }
            Err(e) => return Err(e),
        }
        self.outbox.wake();
        self.wake();
        tracing::info!(promotion.id = %id, admin.id = %admin.sub, audience = %new.audience, "promotion published");
        Ok((views::promotion(row, Default::default())?, true))
    }

    async fn by_key(
        &self,
        admin: &Claims,
        key: &str,
    ) -> Result<Option<PromotionKeyRow>, NotificationError> {
        on_conn!(&self.notifier.db, |conn| promotions::find_key(
            conn,
            &admin.sub.to_string(),
            key
        )
        .await)
    }

    /// The answer to a repeat of the request that published `earlier`.
    async fn replay(
        &self,
        earlier: PromotionKeyRow,
        hash: Option<&str>,
    ) -> Result<(Promotion, bool), NotificationError> {
        if Some(earlier.request_hash.as_str()) != hash {
            return Err(NotificationError::IdempotencyKeyReused);
        }
        let id: Uuid = earlier.promotion_id.parse().map_err(anyhow::Error::from)?;
        Ok((self.get(id).await?, false))
    }

    /// The promotion `id` with its progress.
    pub async fn get(&self, id: Uuid) -> Result<Promotion, NotificationError> {
        on_conn!(&self.notifier.db, |conn| {
            let row = promotions::find(conn, id)
                .await?
                .ok_or(NotificationError::NotFound("promotion"))?;
            let counts = deliveries::counts_of_promotion(conn, &row.id).await?;
            views::promotion(row, counts)
        })
    }

    /// One page of promotions, newest first.
    pub async fn list(
        &self,
        before: Option<(chrono::NaiveDateTime, String)>,
        limit: i64,
    ) -> Result<Vec<Promotion>, NotificationError> {
        on_conn!(&self.notifier.db, |conn| {
            let rows = promotions::list(conn, before, limit).await?;
            let mut page = Vec::with_capacity(rows.len());
            for row in rows {
                let counts = deliveries::counts_of_promotion(conn, &row.id).await?;
                page.push(views::promotion(row, counts)?);
            }
            Ok(page)
        })
    }

    /// Runs the fan-out worker until `shutdown`.
    pub fn spawn(&self, shutdown: CancellationToken) {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.fan_out_next().await {
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "promotion fan-out failed; retrying"),
                }
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    () = this.waker.notified() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
        });
    }

    /// Takes the next unfinished promotion and fans it out to the end; `false` when there
    /// was none to take.
    pub async fn fan_out_next(&self) -> Result<bool, NotificationError> {
        let Some(promotion) = on_conn!(&self.notifier.db, |conn| promotions::claim_next(
            conn, LEASE
        )
        .await)?
        else {
            return Ok(false);
        };
        let audience: Audience = promotion
            .audience
            .parse()
            .map_err(|e: String| anyhow::anyhow!(e))?;
        if promotion.started_at.is_none() {
            on_conn!(&self.notifier.db, |conn| {
                let total = recipients::count_opted_in(conn, audience).await?;
                promotions::start(conn, &promotion.id, total).await
            })?;
            tracing::info!(promotion.id = %promotion.id, "promotion fan-out started");
        }
        let mut cursor = promotion.cursor.clone();
        loop {
            let (batch, next) = self.batch(&promotion, audience, cursor.as_deref()).await?;
            self.notifier
                .metrics
                .messages(Channel::InApp, Outcome::Sent, batch.in_app.len());
            for reader in &batch.in_app {
                self.notifier.hub.wake(*reader);
            }
            if batch.pending {
                self.notifier.senders.notify_one();
            }
            if batch.done {
                tracing::info!(promotion.id = %promotion.id, "promotion fan-out completed");
                return Ok(true);
            }
            cursor = next;
        }
    }

    /// Writes the promotion to the next batch of readers after `cursor`, in one transaction
    /// that also advances the cursor; returns the new cursor.
    async fn batch(
        &self,
        promotion: &PromotionRow,
        audience: Audience,
        cursor: Option<&str>,
    ) -> Result<(Batch, Option<String>), NotificationError> {
        let id: Uuid = promotion.id.parse().map_err(anyhow::Error::from)?;
        let wanted = store::parse_channels(&promotion.channels);
        let source = format!("promotion:{}", promotion.id);
        let notifier = &self.notifier;
        unit_of_work!(&notifier.db, |conn| {
            let readers = recipients::opted_in_after(conn, audience, cursor, self.batch).await?;
            let Some(last) = readers.last().map(|r| r.user_id.clone()) else {
                promotions::complete(conn, &promotion.id).await?;
                return Ok((
                    Batch {
                        in_app: Vec::new(),
                        pending: false,
                        done: true,
                    },
                    None,
                ));
            };
            let now = store::now();
            let mut planned: Vec<Planned> = Vec::with_capacity(readers.len());
            for reader in &readers {
                let channels: Vec<Channel> = reader
                    .channels(Topic::Promotions)
                    .into_iter()
                    .filter(|c| wanted.contains(c))
                    .collect();
                let draft = notifier.messages.promotion(
                    id,
                    &promotion.subject,
                    &promotion.body,
                    &reader.name,
                );
                if let Some(p) = notifier.plan(reader, &draft, &channels, &source, now) {
                    planned.push(p);
                }
            }
            let batch = store_batch(conn, planned).await?;
            let processed = i64::try_from(readers.len()).unwrap_or(i64::MAX);
            let notified = i64::try_from(batch.notified).unwrap_or(i64::MAX);
            if !promotions::advance(
                conn,
                &promotion.id,
                cursor,
                &last,
                processed,
                notified,
                LEASE,
            )
            .await?
            {
                return Err(NotificationError::Internal(anyhow::anyhow!(
                    "promotion {} was taken over by another process",
                    promotion.id
                )));
            }
            let done = processed < self.batch;
            if done {
                promotions::complete(conn, &promotion.id).await?;
            }
            Ok((
                Batch {
                    in_app: batch.in_app,
                    pending: batch.pending,
                    done,
                },
                Some(last),
            ))
        })
    }
}

/// What [`store_batch`] stored.
struct Stored {
    notified: usize,
    in_app: Vec<Uuid>,
    pending: bool,
}

/// Numbers and stores many readers' messages with few statements.
async fn store_batch(
    conn: &mut Conn<'_>,
    planned: Vec<Planned>,
) -> Result<Stored, NotificationError> {
    if planned.is_empty() {
        return Ok(Stored {
            notified: 0,
            in_app: Vec::new(),
            pending: false,
        });
    }
    let ids: Vec<String> = planned
        .iter()
        .map(|p| p.notification.user_id.clone())
        .collect();
    let seqs: std::collections::HashMap<String, i64> = recipients::next_seqs(conn, &ids)
        .await?
        .into_iter()
        .collect();
    let mut rows = Vec::with_capacity(planned.len());
    let mut sends = Vec::new();
    let mut in_app = Vec::new();
    let mut pending = false;
    for p in planned {
        let mut row = p.notification.clone();
        row.seq = *seqs
            .get(&row.user_id)
            .ok_or_else(|| anyhow::anyhow!("reader {} got no message number", row.user_id))?;
        if p.in_app() {
            in_app.push(store::parse_uuid(&row.user_id)?);
        }
        pending |= p.has_pending();
        rows.push(row);
        sends.extend(p.deliveries);
    }
    let notified = rows.len();
    notifications::insert_many(conn, rows).await?;
    if !sends.is_empty() {
        deliveries::insert_many(conn, sends).await?;
    }
    Ok(Stored {
        notified,
        in_app,
        pending,
    })
}

/// Whether `e` is another request's promotion under the same admin and key.
fn is_key_taken(e: &NotificationError) -> bool {
    matches!(e, NotificationError::Database(DbError::Query(e))
        if is_unique_violation(e, "promotion_keys_pkey", "promotion_keys.created_by"))
}
