//! The event metrics every publishing or consuming service gets from the kit: the relay's
//! publishes and backlog, and a consumer's failures, dead letters and handled events, read
//! from the registry's text as a scrape sees it, on both buses and both backends.
#![expect(clippy::unwrap_used)]

mod events_common;

use bookstore_kit::events::{self, Relay};
use bookstore_kit::http::Metrics;
use events_common::*;

/// The value of the sample `series` (`name{labels}`) in `text`, or 0 when absent.
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
        .unwrap_or(0.0)
}

async fn scrape(metrics: &Metrics) -> String {
    metrics.refresh().await;
    metrics.encode()
}

#[tokio::test(flavor = "multi_thread")]
async fn publishing_failing_parking_and_replaying_move_the_metrics() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let metrics = Metrics::new("test");
        let handler = EffectHandler::new(&f);
        handler.set_mode(Mode::Fail);
        events::subscribe(&f.bus, QUEUE, handler.clone(), &metrics, f.shutdown.clone())
            .await
            .unwrap();
        let relay = Relay::new(f.db.clone(), f.bus.clone())
            .with_options(relay_options())
            .with_metrics(&metrics);
        let event = f.commit_order().await;
        let before = scrape(&metrics).await;
        let pending = r#"bookstore_outbox_pending_events{service="test"}"#;
        assert_eq!(value(&before, pending), 1.0, "{}: {before}", f.label);
        assert!(
            before.contains(r#"bookstore_outbox_oldest_pending_age_seconds{service="test"}"#),
            "{before}"
        );
        relay.run_once().await.unwrap();

        let bus = f.bus.clone();
        eventually("the event in the dead-letter queue", SOON, || {
            let bus = bus.clone();
            async move { bus.depth(QUEUE).await.unwrap().dead_letters == 1 }
        })
        .await;
        let labels = format!(r#"service="test",queue="{QUEUE}",event_type="{EVENT_TYPE}""#);
        let parked = scrape(&metrics).await;
        let published = format!(
            r#"bookstore_outbox_published_total{{service="test",event_type="{EVENT_TYPE}"}}"#
        );
        assert_eq!(value(&parked, &published), 1.0, "{}: {parked}", f.label);
        assert_eq!(value(&parked, pending), 0.0, "{}", f.label);
        let failures = format!("bookstore_event_handler_failures_total{{{labels}}}");
        assert_eq!(value(&parked, &failures), 3.0, "{}: {parked}", f.label);
        let dead = format!("bookstore_events_dead_lettered_total{{{labels}}}");
        assert_eq!(value(&parked, &dead), 1.0, "{}: {parked}", f.label);
        let waiting = format!(r#"bookstore_event_dead_letters{{service="test",queue="{QUEUE}"}}"#);
        assert_eq!(value(&parked, &waiting), 1.0, "{}: {parked}", f.label);

        handler.set_mode(Mode::Apply);
        f.bus.replay_dead_letters(QUEUE).await.unwrap();
        eventually("the replayed event's effect", SOON, || async {
            f.effects_of(&event).await == 1
        })
        .await;
        let replayed = scrape(&metrics).await;
        let handled = format!("bookstore_events_handled_total{{{labels}}}");
        assert_eq!(value(&replayed, &handled), 1.0, "{}: {replayed}", f.label);
        assert_eq!(value(&replayed, &waiting), 0.0, "{}: {replayed}", f.label);
        let lag = format!("bookstore_event_lag_seconds_count{{{labels}}}");
        assert_eq!(value(&replayed, &lag), 1.0, "{}: {replayed}", f.label);
    }
}
