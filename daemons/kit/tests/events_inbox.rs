//! The inbox: of concurrent deliveries of one event exactly one applies it; a closure handler
//! subscribed through `handler_fn` gets the same protection.
#![expect(clippy::unwrap_used)]

mod events_common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bookstore_kit::events::{Envelope, HandlerError, Relay, handler_fn, inbox};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use events_common::*;

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_deliveries_of_one_event_apply_it_once() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        if f.is_rabbit() {
            continue; // the inbox is database-only; one bus is enough
        }
        let event = Envelope::new(EVENT_TYPE, "order", serde_json::json!({}));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let db = f.db.clone();
                let event = event.clone();
                tokio::spawn(async move {
                    let id = event.id.to_string();
                    let applied: Result<Option<()>, HandlerError> = async {
                        bookstore_kit::inbox_transaction!(&db, CONSUMER, &event, |conn| {
                            diesel::insert_into(effects::table)
                                .values((effects::event_id.eq(&id), effects::consumer.eq(CONSUMER)))
                                .execute(conn)
                                .await?;
                            Ok(())
                        })
                    }
                    .await;
                    applied.unwrap().is_some()
                })
            })
            .collect();
        let mut winners = 0;
        for task in tasks {
            if task.await.unwrap() {
                winners += 1;
            }
        }
        assert_eq!(winners, 1, "{}", f.label);
        assert_eq!(f.effects_of(&event).await, 1, "{}", f.label);
        assert!(inbox::contains(&f.db, CONSUMER, event.id).await.unwrap());
        assert!(
            !inbox::contains(&f.db, "another-consumer", event.id)
                .await
                .unwrap()
        );
        assert_eq!(
            inbox::purge(&f.db, std::time::Duration::from_secs(3600))
                .await
                .unwrap(),
            0
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn closure_handler_applies_each_event_once() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let calls = Arc::new(AtomicUsize::new(0));
        let db = f.db.clone();
        let counter = calls.clone();
        let handler = handler_fn(move |envelope: Envelope| {
            let db = db.clone();
            let calls = counter.clone();
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                let id = envelope.id.to_string();
                let applied: Result<Option<()>, HandlerError> =
                    bookstore_kit::inbox_transaction!(&db, CONSUMER, &envelope, |conn| {
                        diesel::insert_into(effects::table)
                            .values((effects::event_id.eq(&id), effects::consumer.eq(CONSUMER)))
                            .execute(conn)
                            .await?;
                        Ok(())
                    });
                applied.map(|_| ())
            }
        });
        f.bus
            .subscribe(QUEUE, handler, f.shutdown.clone())
            .await
            .unwrap();
        let event = f.commit_order().await;
        let relay = Relay::new(f.db.clone(), f.bus.clone()).with_options(relay_options());
        relay.run_once().await.unwrap();
        // The same event again, as after a relay crash: no second effect.
        f.bus.publish(&event).await.unwrap();
        eventually("both deliveries", SOON, || async {
            AtomicUsize::load(&calls, Ordering::SeqCst) == 2
        })
        .await;
        assert_eq!(f.effects_of(&event).await, 1, "{}", f.label);
    }
}
