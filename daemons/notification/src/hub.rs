//! Who is listening on the live stream, and telling them there is news.
//!
//! A stream subscribes for its reader; whoever stores an in-app message for that reader in
//! this process wakes the subscription after the commit. Messages stored by another process
//! (several replicas, a fan-out elsewhere) are found by [`Hub::spawn_poller`], which asks the
//! database every second which subscribed readers got something new. A woken stream reads
//! what follows the last number it sent, so a spurious wake costs one cheap query and a
//! missed one only delays a message until the next poll.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bookstore_kit::db::Db;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::on_conn;
use crate::store::notifications;

/// How far back the poller looks beyond its last poll: a message created (numbered) before
/// then but committed after is still found.
const LOOKBACK: Duration = Duration::from_secs(5);
/// Readers asked about per query.
const READERS_PER_QUERY: usize = 500;

/// The subscriptions of this process. Cloning shares them.
#[derive(Clone, Default)]
pub struct Hub {
    readers: Arc<Mutex<HashMap<Uuid, watch::Sender<u64>>>>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("readers", &self.subscribed().len())
            .finish()
    }
}

/// One stream's subscription; dropping it unsubscribes.
pub struct Subscription {
    pub changes: watch::Receiver<u64>,
    user_id: Uuid,
    hub: Hub,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut readers = self
            .hub
            .readers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Our receiver still counts here: it is dropped after this runs.
        if readers
            .get(&self.user_id)
            .is_some_and(|tx| tx.receiver_count() <= 1)
        {
            readers.remove(&self.user_id);
        }
    }
}

impl Hub {
    /// Subscribes a stream of `user_id`'s; it sees every wake from now on.
    pub fn subscribe(&self, user_id: Uuid) -> Subscription {
        let mut readers = self
            .readers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let changes = match readers.get(&user_id) {
            Some(tx) => tx.subscribe(),
            None => {
                let (tx, rx) = watch::channel(0);
                readers.insert(user_id, tx);
                rx
            }
        };
        Subscription {
            changes,
            user_id,
            hub: self.clone(),
        }
    }

    /// Tells `user_id`'s streams there may be news.
    pub fn wake(&self, user_id: Uuid) {
        let readers = self
            .readers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(tx) = readers.get(&user_id) {
            tx.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    /// The readers with a stream open here.
    pub fn subscribed(&self) -> Vec<Uuid> {
        self.readers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .keys()
            .copied()
            .collect()
    }

    /// Every `every`, wakes the subscribed readers that got an in-app message since the last
    /// look (see the module doc), until `shutdown`.
    pub fn spawn_poller(&self, db: Db, every: Duration, shutdown: CancellationToken) {
        let hub = self.clone();
        tokio::spawn(async move {
            let mut since = bookstore_kit::db::now();
            loop {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    () = tokio::time::sleep(every) => {}
                }
                let readers = hub.subscribed();
                if readers.is_empty() {
                    since = bookstore_kit::db::now();
                    continue;
                }
                let started = bookstore_kit::db::now();
                let from = since - chrono::TimeDelta::from_std(LOOKBACK).unwrap_or_default();
                match hub.readers_with_news(&db, &readers, from).await {
                    Ok(news) => {
                        for reader in news {
                            hub.wake(reader);
                        }
                        since = started;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "looking for news for live streams failed")
                    }
                }
            }
        });
    }

    async fn readers_with_news(
        &self,
        db: &Db,
        readers: &[Uuid],
        since: chrono::NaiveDateTime,
    ) -> Result<Vec<Uuid>, crate::error::NotificationError> {
        let mut news = Vec::new();
        for chunk in readers.chunks(READERS_PER_QUERY) {
            let ids: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
            let found = on_conn!(db, |conn| notifications::readers_with_news(
                conn, &ids, since
            )
            .await)?;
            news.extend(found.iter().filter_map(|id| id.parse::<Uuid>().ok()));
        }
        Ok(news)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_wake_reaches_every_stream_of_its_reader_only() {
        let hub = Hub::default();
        let (ada, bob) = (Uuid::now_v7(), Uuid::now_v7());
        let mut first = hub.subscribe(ada);
        let mut second = hub.subscribe(ada);
        let mut other = hub.subscribe(bob);
        hub.wake(ada);
        assert!(first.changes.has_changed().unwrap_or(false));
        assert!(second.changes.has_changed().unwrap_or(false));
        assert!(!other.changes.has_changed().unwrap_or(true));
        first.changes.mark_unchanged();
        second.changes.mark_unchanged();
        other.changes.mark_unchanged();

        drop(first);
        assert_eq!(hub.subscribed().len(), 2, "ada still has a stream");
        drop(second);
        assert_eq!(hub.subscribed(), [bob]);
        hub.wake(ada); // nobody listening: nothing happens
        drop(other);
        assert!(hub.subscribed().is_empty());
    }
}
