//! A consumer applies one order's events in the order they were published, and does not hold
//! another order's events behind them. On RabbitMQ (the in-process bus delivers each event
//! inside `publish`, so its order is the publisher's).

mod events_common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bookstore_kit::events::{Envelope, Handler, HandlerError};
use events_common::*;
use tokio::sync::Notify;

/// Records the events it sees; the first event of order `blocked` waits until an event of
/// another order has been handled.
struct Recorder {
    seen: Mutex<Vec<(String, u32)>>,
    blocked: String,
    other_handled: Notify,
}

#[async_trait]
impl Handler for Recorder {
    async fn handle(&self, envelope: &Envelope) -> Result<(), HandlerError> {
        let order = envelope.correlation_id.clone().unwrap_or_default();
        let n = envelope.data["n"].as_u64().unwrap_or_default() as u32;
        if order == self.blocked && n == 0 {
            // A consumer that handles one delivery at a time never gets here: fail loudly
            // instead of hanging.
            tokio::time::timeout(Duration::from_secs(20), self.other_handled.notified())
                .await
                .map_err(|_| HandlerError::permanent("another order's event never arrived"))?;
        }
        self.seen
            .lock()
            .map_err(|_| HandlerError::permanent("poisoned"))?
            .push((order.clone(), n));
        if order != self.blocked {
            self.other_handled.notify_one();
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
#[expect(clippy::unwrap_used)]
async fn one_order_in_order_and_others_alongside() {
    for (backend, kind) in matrix() {
        if matches!(kind, BusKind::Memory) {
            continue;
        }
        let f = Fixture::new(backend, &kind).await;
        let recorder = Arc::new(Recorder {
            seen: Mutex::new(Vec::new()),
            blocked: "order-a".into(),
            other_handled: Notify::new(),
        });
        f.bus
            .subscribe(QUEUE, recorder.clone(), f.shutdown.clone())
            .await
            .unwrap();
        let publish = |order: &str, n: u32| {
            Envelope::from_payload(EVENT_TYPE, "test", &serde_json::json!({"n": n}))
                .unwrap()
                .with_correlation_id(order)
        };
        for n in 0..5 {
            f.bus.publish(&publish("order-a", n)).await.unwrap();
        }
        // Lanes are chosen by hashing the order: find an order that lands elsewhere by
        // publishing a few; any of them unblocks order-a.
        for other in ["order-b", "order-c", "order-d", "order-e", "order-f"] {
            f.bus.publish(&publish(other, 0)).await.unwrap();
        }
        eventually("every event handled", Duration::from_secs(30), || async {
            recorder.seen.lock().unwrap().len() == 10
        })
        .await;
        let seen = recorder.seen.lock().unwrap().clone();
        let a: Vec<u32> = seen
            .iter()
            .filter(|(o, _)| o == "order-a")
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(
            a,
            [0, 1, 2, 3, 4],
            "{}: one order's events in order",
            f.label
        );
        assert_ne!(
            seen[0].0, "order-a",
            "{}: another order went first",
            f.label
        );
    }
}
