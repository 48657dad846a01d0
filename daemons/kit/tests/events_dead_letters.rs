//! A message its consumer cannot handle is parked in the queue's dead-letter queue, where it
//! can be listed and replayed; an undecodable body goes there without reaching the handler.
#![expect(clippy::unwrap_used)]

mod events_common;

use bookstore_kit::events::Relay;
use events_common::*;

#[tokio::test(flavor = "multi_thread")]
async fn failing_handler_parks_the_event_which_can_be_listed_and_replayed() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let handler = EffectHandler::new(&f);
        handler.set_mode(Mode::Fail);
        f.subscribe(handler.clone()).await;
        let event = f.commit_order().await;
        let relay = Relay::new(f.db.clone(), f.bus.clone()).with_options(relay_options());
        relay.run_once().await.unwrap();

        let bus = f.bus.clone();
        eventually("the event in the dead-letter queue", SOON, || {
            let bus = bus.clone();
            async move { !bus.dead_letters(QUEUE, 10).await.unwrap().is_empty() }
        })
        .await;
        let parked = f.bus.dead_letters(QUEUE, 10).await.unwrap();
        assert_eq!(parked.len(), 1, "{}: {parked:?}", f.label);
        assert_eq!(
            parked[0].envelope.as_ref().map(|e| e.id),
            Some(event.id),
            "{}",
            f.label
        );
        assert_eq!(parked[0].queue, QUEUE);
        assert_eq!(parked[0].deaths, 1, "{}", f.label);
        assert!(parked[0].reason.is_some(), "{}", f.label);
        // Every attempt of the retry policy was made, and listing left the message in place.
        assert_eq!(handler.calls(), 3, "{}", f.label);
        assert_eq!(
            f.bus.dead_letters(QUEUE, 10).await.unwrap().len(),
            1,
            "{}",
            f.label
        );
        assert_eq!(f.effects_of(&event).await, 0);
        assert_eq!(f.pending().await, 0, "{}: published, then parked", f.label);

        // The cause is fixed; an admin replays the queue.
        handler.set_mode(Mode::Apply);
        assert_eq!(
            f.bus.replay_dead_letters(QUEUE).await.unwrap(),
            1,
            "{}",
            f.label
        );
        eventually("the replayed event's effect", SOON, || async {
            f.effects_of(&event).await == 1
        })
        .await;
        assert!(
            f.bus.dead_letters(QUEUE, 10).await.unwrap().is_empty(),
            "{}",
            f.label
        );
        assert_eq!(
            f.bus.replay_dead_letters(QUEUE).await.unwrap(),
            0,
            "{}",
            f.label
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn permanent_failure_is_parked_without_retries_and_parks_again_on_a_failed_replay() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        let handler = EffectHandler::new(&f);
        handler.set_mode(Mode::FailPermanently);
        f.subscribe(handler.clone()).await;
        let event = f.commit_order().await;
        Relay::new(f.db.clone(), f.bus.clone())
            .with_options(relay_options())
            .run_once()
            .await
            .unwrap();
        let bus = f.bus.clone();
        eventually("the event in the dead-letter queue", SOON, || {
            let bus = bus.clone();
            async move { bus.dead_letters(QUEUE, 10).await.unwrap().len() == 1 }
        })
        .await;
        assert_eq!(
            handler.calls(),
            1,
            "{}: no retries for a permanent error",
            f.label
        );

        // Still broken: the replay sends it once, and it comes back with a second death.
        assert_eq!(
            f.bus.replay_dead_letters(QUEUE).await.unwrap(),
            1,
            "{}",
            f.label
        );
        eventually("the event back in the dead-letter queue", SOON, || {
            let bus = bus.clone();
            async move {
                bus.dead_letters(QUEUE, 10)
                    .await
                    .unwrap()
                    .first()
                    .is_some_and(|d| d.deaths == 2)
            }
        })
        .await;
        assert_eq!(handler.calls(), 2, "{}", f.label);
        assert_eq!(f.effects_of(&event).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn undecodable_message_goes_to_the_dead_letter_queue_untouched() {
    for (backend, kind) in matrix() {
        let f = Fixture::new(backend, &kind).await;
        if !f.is_rabbit() {
            continue; // in process there are no bytes to garble: events travel as values
        }
        let handler = EffectHandler::new(&f);
        f.subscribe(handler.clone()).await;
        let (_conn, channel) = f.raw_channel().await;
        channel
            .basic_publish(
                f.topology.exchange().into(),
                EVENT_TYPE.into(),
                lapin::options::BasicPublishOptions::default(),
                b"{not json",
                lapin::BasicProperties::default(),
            )
            .await
            .unwrap()
            .await
            .unwrap();
        let bus = f.bus.clone();
        eventually("the garbage in the dead-letter queue", SOON, || {
            let bus = bus.clone();
            async move { bus.dead_letters(QUEUE, 10).await.unwrap().len() == 1 }
        })
        .await;
        let parked = f.bus.dead_letters(QUEUE, 10).await.unwrap();
        assert!(parked[0].envelope.is_none());
        assert_eq!(parked[0].body, "{not json");
        assert_eq!(handler.calls(), 0, "the handler never saw it");

        // The consumer carries on with good events.
        let event = f.commit_order().await;
        Relay::new(f.db.clone(), f.bus.clone())
            .with_options(relay_options())
            .run_once()
            .await
            .unwrap();
        eventually("a good event after the garbage", SOON, || async {
            f.effects_of(&event).await == 1
        })
        .await;
    }
}
