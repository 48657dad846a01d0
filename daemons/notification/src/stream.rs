//! The live stream: a reader's in-app messages as server-sent events, each with its number as
//! the event id. Resuming with `Last-Event-ID` first sends everything numbered after it, so a
//! dropped connection loses nothing; without it the stream starts with what comes next. The
//! stream ends when the access token expires (the client reconnects with a fresh one) or the
//! service shuts down.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use bookstore_kit::auth::Claims;
use bookstore_kit::db::Db;
use futures_util::Stream;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::error::NotificationError;
use crate::hub::{Hub, Subscription};
use crate::on_conn;
use crate::store::notifications::{self, NotificationRow};
use crate::unsubscribe::Links;
use crate::views;

/// Messages read from the database at once while catching up.
const CATCH_UP: i64 = 100;
/// What clients wait before reconnecting (the `retry:` field).
const RECONNECT: Duration = Duration::from_secs(2);

struct Live {
    db: Db,
    links: Links,
    user_id: Uuid,
    /// The number of the last message sent (or to start after).
    last: i64,
    /// Whether the database may hold messages after `last`.
    behind: bool,
    pending: VecDeque<NotificationRow>,
    subscription: Subscription,
    shutdown: CancellationToken,
    expires: tokio::time::Instant,
}

/// Opens `claims`' reader's stream, resuming after `last_event_id` if given.
pub async fn open(
    db: Db,
    hub: &Hub,
    links: Links,
    claims: &Claims,
    last_event_id: Option<i64>,
    heartbeat: Duration,
    shutdown: CancellationToken,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>> + use<>>, NotificationError> {
    if shutdown.is_cancelled() {
        return Err(NotificationError::ShuttingDown);
    }
    let user_id = claims.sub;
    // Subscribe before reading where to start, so a message stored in between still wakes us.
    let subscription = hub.subscribe(user_id);
    let last = match last_event_id {
        Some(id) => id,
        None => on_conn!(&db, |conn| notifications::summary(conn, user_id).await)?.1,
    };
    let remaining = u64::try_from(claims.exp - chrono::Utc::now().timestamp()).unwrap_or(0);
    let live = Live {
        db,
        links,
        user_id,
        last,
        behind: last_event_id.is_some(),
        pending: VecDeque::new(),
        subscription,
        shutdown,
        expires: tokio::time::Instant::now() + Duration::from_secs(remaining),
    };
    let hello = futures_util::stream::once(async { Ok(Event::default().retry(RECONNECT)) });
    let events = futures_util::stream::unfold(live, |mut live| async move {
        let event = live.next().await?;
        Some((Ok(event), live))
    });
    Ok(Sse::new(futures_util::StreamExt::chain(hello, events))
        .keep_alive(KeepAlive::new().interval(heartbeat).text("keep-alive")))
}

impl Live {
    /// The next event, or `None` when the stream should end.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(row) = self.pending.pop_front() {
                self.last = self.last.max(row.seq);
                let seq = row.seq;
                match views::notification(row, &self.links) {
                    Ok(notification) => {
                        let event = Event::default()
                            .event("notification")
                            .id(seq.to_string())
                            .json_data(&notification);
                        match event {
                            Ok(event) => return Some(event),
                            Err(e) => {
                                tracing::error!(error = %e, "a notification does not serialise");
                                continue;
                            }
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "a stored notification is corrupt; skipped");
                        continue;
                    }
                }
            }
            if self.behind {
                let read: Result<_, NotificationError> = async {
                    on_conn!(&self.db, |conn| {
                        notifications::in_app_after(conn, self.user_id, self.last, CATCH_UP).await
                    })
                }
                .await;
                match read {
                    Ok(rows) => {
                        self.behind = rows.len() as i64 == CATCH_UP;
                        self.pending.extend(rows);
                        continue;
                    }
                    Err(e) => {
                        // The client reconnects and resumes where it was.
                        tracing::warn!(user.id = %self.user_id, error = %e, "live stream ends: reading failed");
                        return None;
                    }
                }
            }
            tokio::select! {
                () = self.shutdown.cancelled() => return None,
                () = tokio::time::sleep_until(self.expires) => return None,
                changed = self.subscription.changes.changed() => {
                    changed.ok()?;
                    self.behind = true;
                }
            }
        }
    }
}
