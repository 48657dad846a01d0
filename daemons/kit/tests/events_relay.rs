//! The outbox relay: several side by side publish each event once, concurrent claims never
//! overlap, an unroutable event stays in the outbox until it can be delivered.
#![expect(clippy::unwrap_used)]

mod events_common;

use std::collections::HashSet;
use std::time::Duration;

use bookstore_kit::events::{
    Bus, BusError, DeadLetter, Envelope, Handler, QueueDepth, Relay, RelayOptions, Topology, inbox,
    outbox,
};
use bookstore_kit::testing::{TestDb, backends, sql};
use events_common::*;

#[tokio::test(flavor = "multi_thread")]
async fn relays_side_by_side_publish_every_event_with_one_effect_each() {
    const EVENTS: usize = 40;
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let handler = EffectHandler::new(&f);
        f.subscribe(handler.clone()).await;
        let mut events = Vec::new();
        for _ in 0..EVENTS {
            events.push(f.commit_order().await);
        }
        // Small batches so the three relays interleave over the backlog.
        let options = RelayOptions {
            batch_size: 4,
            ..relay_options()
        };
        for _ in 0..3 {
            Relay::new(f.db.clone(), f.bus.clone())
                .with_options(options.clone())
                .spawn(f.shutdown.clone());
        }
        eventually("every effect", SOON, || async {
            f.all_effects().await == EVENTS as i64
        })
        .await;
        eventually("the outbox to drain", SOON, || async {
            f.pending().await == 0
        })
        .await;
        for event in &events {
            assert_eq!(f.effects_of(event).await, 1, "{}", f.label);
        }
        // The leases kept the relays apart: nothing was published twice.
        assert_eq!(handler.calls(), EVENTS, "{}", f.label);
        let backlog = outbox::backlog(&f.db).await.unwrap();
        assert_eq!((backlog.pending, backlog.oldest_age), (0, None));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_claims_never_take_the_same_row() {
    for backend in backends() {
        let test_db = TestDb::new(backend, &[bookstore_kit::events::MIGRATIONS]).await;
        let db = test_db.db.clone();
        for i in 0..100 {
            let event = Envelope::new("test.claimed", "test", serde_json::json!({ "i": i }));
            let done: Result<(), bookstore_kit::db::DbError> = async {
                bookstore_kit::with_conn!(&db, |conn| outbox::enqueue(conn, &event).await?);
                Ok(())
            }
            .await;
            done.unwrap();
        }
        let claimers = (0..10).map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = outbox::claim(&db, 5, Duration::from_secs(60))
                        .await
                        .unwrap();
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|c| c.id));
                }
            })
        });
        let mut all = Vec::new();
        for claimer in claimers.collect::<Vec<_>>() {
            all.extend(claimer.await.unwrap());
        }
        let distinct: HashSet<&String> = all.iter().collect();
        assert_eq!(
            all.len(),
            100,
            "{backend:?}: a row was claimed twice or not at all"
        );
        assert_eq!(distinct.len(), 100, "{backend:?}");
        // All leased: nothing left for anyone until the leases run out.
        assert!(
            outbox::claim(&db, 100, Duration::from_secs(60))
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn claims_come_oldest_first_and_failed_rows_back_off() {
    for backend in backends() {
        let test_db = TestDb::new(backend, &[bookstore_kit::events::MIGRATIONS]).await;
        let db = test_db.db.clone();
        let mut ids = Vec::new();
        for i in 0..5 {
            let event = Envelope::new("test.ordered", "test", serde_json::json!({ "i": i }));
            ids.push(event.id.to_string());
            let done: Result<(), bookstore_kit::db::DbError> = async {
                bookstore_kit::with_conn!(&db, |conn| outbox::enqueue(conn, &event).await?);
                Ok(())
            }
            .await;
            done.unwrap();
        }
        let batch = outbox::claim(&db, 10, Duration::from_millis(1))
            .await
            .unwrap();
        let claimed: Vec<String> = batch.iter().map(|c| c.id.clone()).collect();
        assert_eq!(claimed, ids, "{backend:?}");
        assert!(batch.iter().all(|c| c.attempts == 1 && c.envelope.is_ok()));

        outbox::mark_published(&db, &ids[0]).await.unwrap();
        outbox::mark_failed(&db, &ids[1], "broker down", Duration::from_secs(3600))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await; // let the 1 ms leases run out
        let again: Vec<String> = outbox::claim(&db, 10, Duration::from_secs(60))
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(
            again,
            ids[2..].to_vec(),
            "{backend:?}: published and backed-off rows wait"
        );
        let pending = outbox::pending(&db, 10).await.unwrap();
        assert_eq!(pending.len(), 4);
        assert_eq!(pending[0].id, ids[1]);
        assert_eq!(pending[0].last_error.as_deref(), Some("broker down"));
        let backlog = outbox::backlog(&db).await.unwrap();
        assert_eq!(backlog.pending, 4);
        assert!(backlog.oldest_age.is_some());
        assert_eq!(
            outbox::purge_published(&db, Duration::ZERO).await.unwrap(),
            1
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unroutable_publish_is_an_error_and_the_outbox_keeps_the_event() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let event = f.commit_order().await;
        // Make the event unroutable: in process nobody has subscribed to its queue yet; on the
        // broker its queue is gone.
        if f.is_rabbit() {
            let (_conn, channel) = f.raw_channel().await;
            channel
                .queue_delete(
                    f.topology.queue_name(QUEUE).as_str().into(),
                    lapin::options::QueueDeleteOptions::default(),
                )
                .await
                .unwrap();
        }
        let err = f.bus.publish(&event).await.unwrap_err();
        assert!(
            matches!(err, BusError::Unroutable { .. }),
            "{}: {err}",
            f.label
        );
        // A type no queue receives is nobody's loss: no error.
        let orphan = Envelope::new("test.nobody.listens", "test", serde_json::json!({}));
        f.bus.publish(&orphan).await.unwrap();

        let relay = Relay::new(f.db.clone(), f.bus.clone()).with_options(relay_options());
        let report = relay.run_once().await.unwrap();
        assert_eq!((report.claimed, report.failed), (1, 1), "{}", f.label);
        let pending = outbox::pending(&f.db, 10).await.unwrap();
        assert_eq!(pending.len(), 1, "{}", f.label);
        assert_eq!(pending[0].attempts, 1);
        assert!(
            pending[0]
                .last_error
                .as_deref()
                .unwrap()
                .contains("not routed"),
            "{}: {:?}",
            f.label,
            pending[0].last_error
        );

        // Once the consumer exists (RabbitMQ: a reconnection declares the queue again), the
        // relay's retry delivers it.
        if let Some(rabbit) = &f.rabbit {
            rabbit.disconnect().await;
            f.bus.ping().await.unwrap();
        }
        let handler = EffectHandler::new(&f);
        f.subscribe(handler.clone()).await;
        relay.spawn(f.shutdown.clone());
        eventually("the retried event's effect", SOON, || async {
            f.effects_of(&event).await == 1
        })
        .await;
        eventually("the outbox to drain", SOON, || async {
            f.pending().await == 0
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_relay_forgets_published_and_applied_events_only_past_their_retention() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let handler = EffectHandler::new(&f);
        f.subscribe(handler.clone()).await;
        let event = f.commit_order().await;
        let outbox_rows = || sql::count(&f.db, "SELECT COUNT(*) AS n FROM outbox");
        let applied = || inbox::contains(&f.db, CONSUMER, event.id);

        // Within the retentions: purged often, nothing goes.
        let keeping = f.shutdown.child_token();
        Relay::new(f.db.clone(), f.bus.clone())
            .with_options(RelayOptions {
                retention: Some(Duration::from_secs(3600)),
                inbox_retention: Some(Duration::from_secs(3600)),
                purge_every: Duration::from_millis(20),
                ..relay_options()
            })
            .spawn(keeping.clone());
        f.settled(&event).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            outbox_rows().await,
            1,
            "{}: the published row is kept",
            f.label
        );
        assert!(
            applied().await.unwrap(),
            "{}: the inbox row is kept",
            f.label
        );
        keeping.cancel();

        // Past them: both go, and only the outbox's own rows and the inbox's.
        Relay::new(f.db.clone(), f.bus.clone())
            .with_options(RelayOptions {
                retention: Some(Duration::ZERO),
                inbox_retention: Some(Duration::ZERO),
                purge_every: Duration::from_millis(20),
                ..relay_options()
            })
            .spawn(f.shutdown.clone());
        eventually("the published row to go", SOON, || async {
            outbox_rows().await == 0
        })
        .await;
        eventually("the inbox row to go", SOON, || async {
            !applied().await.unwrap()
        })
        .await;
        assert_eq!(
            f.effects_of(&event).await,
            1,
            "{}: the effect stays",
            f.label
        );
    }
}

/// A bus that takes `delay` over each publication and remembers what it published.
struct SlowBus {
    inner: std::sync::Arc<dyn Bus>,
    delay: Duration,
    published: std::sync::Mutex<Vec<uuid::Uuid>>,
}

#[async_trait::async_trait]
impl Bus for SlowBus {
    async fn publish(&self, envelope: &Envelope) -> Result<(), BusError> {
        tokio::time::sleep(self.delay).await;
        self.inner.publish(envelope).await?;
        self.published.lock().unwrap().push(envelope.id);
        Ok(())
    }

    async fn subscribe(
        &self,
        queue: &str,
        handler: std::sync::Arc<dyn Handler>,
        shutdown: tokio_util::sync::CancellationToken,
    ) -> Result<tokio::task::JoinHandle<()>, BusError> {
        self.inner.subscribe(queue, handler, shutdown).await
    }

    async fn ping(&self) -> Result<(), BusError> {
        self.inner.ping().await
    }

    async fn dead_letters(&self, queue: &str, limit: usize) -> Result<Vec<DeadLetter>, BusError> {
        self.inner.dead_letters(queue, limit).await
    }

    async fn replay_dead_letters(&self, queue: &str) -> Result<usize, BusError> {
        self.inner.replay_dead_letters(queue).await
    }

    async fn depth(&self, queue: &str) -> Result<QueueDepth, BusError> {
        self.inner.depth(queue).await
    }

    fn topology(&self) -> &Topology {
        self.inner.topology()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relay_keeps_its_claims_while_a_slow_broker_confirms_so_nothing_goes_twice() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let handler = EffectHandler::new(&f);
        f.subscribe(handler.clone()).await;
        let event = f.commit_order().await;
        let slow = std::sync::Arc::new(SlowBus {
            inner: f.bus.clone(),
            delay: Duration::from_millis(1500),
            published: std::sync::Mutex::default(),
        });
        // Each publication takes five leases; a second relay polls all the while.
        let options = RelayOptions {
            lease: Duration::from_millis(300),
            poll_interval: Duration::from_millis(20),
            ..relay_options()
        };
        for _ in 0..2 {
            Relay::new(f.db.clone(), slow.clone())
                .with_options(options.clone())
                .spawn(f.shutdown.clone());
        }
        f.settled(&event).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            *slow.published.lock().unwrap(),
            [event.id],
            "{}: published once",
            f.label
        );
    }
}
