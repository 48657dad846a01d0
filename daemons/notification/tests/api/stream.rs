//! The live stream: a status change arrives as it happens, a reconnect with `Last-Event-ID`
//! loses nothing and repeats nothing, keep-alives flow, and a reader sees only their own.

#![expect(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use bookstore_kit::testing::backends;
use bookstore_sdk::types::{Notification, NotificationKind};
use uuid::Uuid;

use crate::support::{TestApp, order_event};

/// One server-sent event, or a comment line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sse {
    Event {
        event: String,
        id: Option<String>,
        data: String,
    },
    Retry(u64),
    Comment(String),
}

/// An open stream, read a block at a time.
struct Live {
    response: reqwest::Response,
    buffer: String,
}

impl Live {
    #[expect(clippy::unwrap_used)]
    async fn open(app: &TestApp, token: &str, last_event_id: Option<i64>) -> Live {
        let mut request = app
            .client
            .get(app.url("/api/v1/notifications/stream"))
            .bearer_auth(token);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{}", app.label);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Live {
            response,
            buffer: String::new(),
        }
    }

    /// The next block, waiting up to `patience`.
    #[expect(clippy::unwrap_used)]
    async fn next(&mut self, patience: Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                return Some(parse(block.trim_end()));
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .unwrap()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next notification, skipping keep-alives.
    #[expect(clippy::unwrap_used)]
    async fn notification(&mut self, patience: Duration) -> Option<(i64, Notification)> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await? {
                Sse::Event { event, id, data } => {
                    assert_eq!(event, "notification");
                    let notification: Notification = serde_json::from_str(&data).unwrap();
                    let id: i64 = id.unwrap().parse().unwrap();
                    assert_eq!(id, notification.seq);
                    return Some((id, notification));
                }
                Sse::Retry(_) | Sse::Comment(_) => {}
            }
        }
    }
}

fn parse(block: &str) -> Sse {
    let mut event = String::from("message");
    let mut id = None;
    let mut data = Vec::new();
    for line in block.lines() {
        if let Some(comment) = line.strip_prefix(':') {
            return Sse::Comment(comment.trim().to_owned());
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "retry" => return Sse::Retry(value.parse().unwrap_or_default()),
            "event" => event = value.to_owned(),
            "id" => id = Some(value.to_owned()),
            "data" => data.push(value.to_owned()),
            _ => {}
        }
    }
    Sse::Event {
        event,
        id,
        data: data.join("\n"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_status_change_arrives_live_within_a_second() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let lee = app.reader("Lee").await;
        let mut live = Live::open(&app, &lee.token, None).await;
        assert_eq!(
            live.next(Duration::from_secs(5)).await,
            Some(Sse::Retry(2000))
        );

        let order = Uuid::now_v7();
        // On the in-process bus the message is committed when `deliver` returns; what is
        // measured is the stream's own delay.
        app.deliver(&order_event(&lee, order, "confirmed", None, None, true))
            .await;
        let stored = Instant::now();
        let (seq, notification) = live
            .notification(Duration::from_secs(1))
            .await
            .unwrap_or_else(|| panic!("{}: nothing within a second", app.label));
        assert!(stored.elapsed() < Duration::from_secs(1));
        assert_eq!(seq, 2, "{}: the welcome was 1", app.label);
        assert_eq!(notification.kind, NotificationKind::OrderConfirmed);
        assert_eq!(notification.order_id, Some(order));
        assert_eq!(notification.order_status.as_deref(), Some("confirmed"));

        // Quiet, the stream says it is alive.
        let mut saw_keep_alive = false;
        for _ in 0..3 {
            if let Some(Sse::Comment(text)) = live.next(Duration::from_secs(2)).await {
                saw_keep_alive = text == "keep-alive";
                break;
            }
        }
        assert!(saw_keep_alive, "{}: no keep-alive", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reconnect_with_last_event_id_loses_nothing_and_repeats_nothing() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let max = app.reader("Max").await;
        let other = app.reader("Other").await;
        let mut live = Live::open(&app, &max.token, None).await;
        app.deliver(&order_event(
            &max,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        let (last_seen, _) = live.notification(Duration::from_secs(5)).await.unwrap();
        drop(live); // the connection drops

        let (second, third) = (Uuid::now_v7(), Uuid::now_v7());
        app.deliver(&order_event(&max, second, "confirmed", None, None, true))
            .await;
        app.deliver(&order_event(
            &other,
            Uuid::now_v7(),
            "confirmed",
            None,
            None,
            true,
        ))
        .await;
        app.deliver(&order_event(&max, third, "shipped", None, None, true))
            .await;

        let mut live = Live::open(&app, &max.token, Some(last_seen)).await;
        let (a, first) = live.notification(Duration::from_secs(5)).await.unwrap();
        let (b, next) = live.notification(Duration::from_secs(5)).await.unwrap();
        assert_eq!((a, b), (last_seen + 1, last_seen + 2), "{}", app.label);
        assert_eq!(first.order_id, Some(second));
        assert_eq!(next.order_id, Some(third));
        // Nothing else is owed: another reader's message never shows.
        assert_eq!(
            live.notification(Duration::from_millis(700))
                .await
                .map(|(s, _)| s),
            None,
            "{}",
            app.label
        );

        // From the start (Last-Event-ID 0): the whole inbox, oldest first.
        let mut replay = Live::open(&app, &max.token, Some(0)).await;
        let mut seqs = Vec::new();
        while let Some((seq, _)) = replay.notification(Duration::from_millis(500)).await {
            seqs.push(seq);
        }
        assert_eq!(seqs, [1, 2, 3, 4], "{}", app.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stream_needs_a_token_and_a_number_to_resume_from() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let nia = app.reader("Nia").await;
        let anonymous = app
            .client
            .get(app.url("/api/v1/notifications/stream"))
            .send()
            .await
            .map(|r| r.status().as_u16());
        assert_eq!(anonymous.ok(), Some(401), "{}", app.label);
        let bad = app
            .client
            .get(app.url("/api/v1/notifications/stream"))
            .bearer_auth(&nia.token)
            .header("Last-Event-ID", "yesterday")
            .send()
            .await
            .map(|r| r.status().as_u16());
        assert_eq!(bad.ok(), Some(400), "{}", app.label);
    }
}
