//! An event committed with its state change takes effect exactly once, even when the relay or
//! the consumer dies halfway; a rolled-back change publishes nothing.

mod events_common;

use std::time::Duration;

use bookstore_kit::events::{HandlerError, Relay, outbox};
use events_common::*;

#[tokio::test(flavor = "multi_thread")]
#[expect(clippy::unwrap_used)]
async fn relay_dying_between_publish_and_mark_causes_no_second_effect() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let handler = EffectHandler::new(&f);
        f.subscribe(handler.clone()).await;
        let event = f.commit_order().await;

        // The first relay claims and publishes, then "dies" before marking the row.
        let claimed = outbox::claim(&f.db, 10, Duration::from_millis(200))
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1, "{}", f.label);
        f.bus
            .publish(claimed[0].envelope.as_ref().unwrap())
            .await
            .unwrap();
        eventually("the first delivery's effect", SOON, || async {
            f.effects_of(&event).await == 1
        })
        .await;
        assert_eq!(
            f.pending().await,
            1,
            "{}: the row is still unpublished",
            f.label
        );

        // A second relay takes the row once the lease has run out and publishes it again.
        let relay = Relay::new(f.db.clone(), f.bus.clone()).with_options(relay_options());
        relay.spawn(f.shutdown.clone());
        eventually("the second relay to publish the row", SOON, || async {
            f.pending().await == 0 && handler.calls() >= 2
        })
        .await;
        assert_eq!(
            f.effects_of(&event).await,
            1,
            "{}: effect applied twice",
            f.label
        );
        assert!(
            bookstore_kit::events::inbox::contains(&f.db, CONSUMER, event.id)
                .await
                .unwrap(),
            "{}",
            f.label
        );
        let entry = outbox::pending(&f.db, 10).await.unwrap();
        assert!(entry.is_empty(), "{}: {entry:?}", f.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn consumer_dying_before_ack_causes_no_second_effect() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let handler = EffectHandler::new(&f);
        // Commits its effect, then loses the broker connection (RabbitMQ) or fails (in
        // process) before the delivery is acknowledged.
        handler.crash_once_after_commit();
        f.subscribe(handler.clone()).await;
        let event = f.commit_order().await;

        let relay = Relay::new(f.db.clone(), f.bus.clone()).with_options(relay_options());
        let waker = relay.waker();
        relay.spawn(f.shutdown.clone());
        waker.wake();
        eventually("the redelivery", SOON, || async { handler.calls() >= 2 }).await;
        eventually("the outbox to drain", SOON, || async {
            f.pending().await == 0
        })
        .await;
        assert_eq!(
            f.effects_of(&event).await,
            1,
            "{}: effect applied twice",
            f.label
        );
        assert_eq!(f.all_effects().await, 1, "{}", f.label);

        // The consumer is still consuming after its connection was lost.
        let next = f.commit_order().await;
        waker.wake();
        eventually("an event after the reconnection", SOON, || async {
            f.effects_of(&next).await == 1
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[expect(clippy::unwrap_used)]
async fn rolled_back_transaction_publishes_nothing() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let handler = EffectHandler::new(&f);
        f.subscribe(handler.clone()).await;

        let ghost =
            bookstore_kit::events::Envelope::new(EVENT_TYPE, "order", serde_json::json!({}));
        let result: Result<(), HandlerError> = async {
            bookstore_kit::transaction!(&f.db, |conn| {
                use diesel::prelude::*;
                use diesel_async::RunQueryDsl;
                diesel::insert_into(events_common_orders())
                    .values(orders_id().eq("ghost"))
                    .execute(conn)
                    .await?;
                outbox::enqueue(conn, &ghost).await?;
                Err::<(), _>(HandlerError::permanent(
                    "the change is refused after the enqueue",
                ))
            })
        }
        .await;
        assert!(result.is_err());
        assert_eq!(
            f.order_count().await,
            0,
            "{}: the change was rolled back",
            f.label
        );
        assert_eq!(f.pending().await, 0, "{}: and so was its event", f.label);

        // A marker committed afterwards arrives; the queue is FIFO, so had the rolled-back
        // event been published it would have arrived first.
        let marker = f.commit_order().await;
        let relay = Relay::new(f.db.clone(), f.bus.clone()).with_options(relay_options());
        let report = relay.run_once().await.unwrap();
        assert_eq!((report.claimed, report.published), (1, 1), "{}", f.label);
        eventually("the marker's effect", SOON, || async {
            f.effects_of(&marker).await == 1
        })
        .await;
        assert_eq!(
            *handler.seen.lock().unwrap(),
            vec![marker.id],
            "{}",
            f.label
        );
        assert_eq!(f.all_effects().await, 1, "{}", f.label);
    }
}

fn events_common_orders() -> events_common::orders::table {
    events_common::orders::table
}

fn orders_id() -> events_common::orders::id {
    events_common::orders::id
}
