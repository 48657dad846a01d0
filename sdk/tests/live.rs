//! The live stream against a local server of server-sent events: delivery, reconnecting after
//! the server drops the connection with the right `Last-Event-ID` and the current token, no
//! duplicates, backoff and the server's `retry:`, giving up, the heartbeat timeout; and
//! waiting for an order by following the stream, or by polling where there is none.

#![expect(clippy::unwrap_used)]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode as AxumStatus;
use axum::http::header::{CONTENT_TYPE, HeaderMap};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bookstore_sdk::types::OrderStatus;
use bookstore_sdk::{
    Client, Error, LiveEvent, LiveOptions, Result, Until, WaitOptions, WaitOutcome,
};
use futures_util::{Stream, StreamExt, stream};
use tokio::sync::mpsc;
use uuid::Uuid;

const ORDER: &str = "0193a6f0-0000-7000-8000-00000000d001";
const OTHER_ORDER: &str = "0193a6f0-0000-7000-8000-00000000d002";
const USER: &str = "0193a6f0-0000-7000-8000-000000000001";

/// What one connection to the stream sends.
enum Step {
    Send(Event),
    Pause(Duration),
}

/// How the server answers one connection to the stream, in the order they come.
enum Plan {
    /// A problem with this status.
    Status(u16),
    /// `200` with a JSON body, as a proxy that knows nothing of streams might.
    NotAStream,
    /// An event stream sending what comes through the channel; it ends when the sender is
    /// dropped.
    Events(mpsc::UnboundedReceiver<Step>),
}

/// Sends into one open connection; dropping it ends the connection.
struct Feed(mpsc::UnboundedSender<Step>);

impl Feed {
    fn send(&self, event: Event) {
        self.0.send(Step::Send(event)).unwrap();
    }
}

/// A connection that sends `steps` and then stays open, silent, until the feed is dropped.
fn open(steps: Vec<Step>) -> (Plan, Feed) {
    let (tx, rx) = mpsc::unbounded_channel();
    for step in steps {
        tx.send(step).unwrap();
    }
    (Plan::Events(rx), Feed(tx))
}

/// A connection that sends `steps` and ends.
fn scripted(steps: Vec<Step>) -> Plan {
    open(steps).0
}

/// A request to the stream as the server saw it.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    authorization: Option<String>,
    accept: Option<String>,
    last_event_id: Option<String>,
}

#[derive(Default)]
struct Stand {
    plans: Mutex<VecDeque<Plan>>,
    seen: Mutex<Vec<Seen>>,
    order: Mutex<OrderState>,
}

struct OrderState {
    status: &'static str,
    reads: usize,
    /// The order is confirmed at this read, by nobody telling the stream.
    confirm_at: Option<usize>,
}

impl Default for OrderState {
    fn default() -> Self {
        Self {
            status: "pending_payment",
            reads: 0,
            confirm_at: None,
        }
    }
}

impl Stand {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn reads(&self) -> usize {
        self.order.lock().unwrap().reads
    }
}

fn problem(status: u16) -> Response {
    let body = format!(r#"{{"type":"about:blank","title":"Problem","status":{status}}}"#);
    (
        AxumStatus::from_u16(status).unwrap(),
        [(CONTENT_TYPE, "application/problem+json")],
        body,
    )
        .into_response()
}

async fn stream_route(State(stand): State<Arc<Stand>>, headers: HeaderMap) -> Response {
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    stand.seen.lock().unwrap().push(Seen {
        authorization: header("authorization"),
        accept: header("accept"),
        last_event_id: header("last-event-id"),
    });
    let plan = stand.plans.lock().unwrap().pop_front();
    match plan {
        // Connections nobody planned for find the service gone.
        None => problem(503),
        Some(Plan::Status(status)) => problem(status),
        Some(Plan::NotAStream) => (
            AxumStatus::OK,
            [(CONTENT_TYPE, "application/json")],
            r#"{"items":[]}"#,
        )
            .into_response(),
        Some(Plan::Events(rx)) => {
            let events = stream::unfold(rx, |mut rx| async move {
                loop {
                    match rx.recv().await? {
                        Step::Send(event) => return Some((Ok::<_, Infallible>(event), rx)),
                        Step::Pause(pause) => tokio::time::sleep(pause).await,
                    }
                }
            });
            Sse::new(events).into_response()
        }
    }
}

async fn order_route(State(stand): State<Arc<Stand>>, Path(id): Path<String>) -> Response {
    let mut order = stand.order.lock().unwrap();
    order.reads += 1;
    if order.confirm_at == Some(order.reads) {
        order.status = "confirmed";
    }
    let body = format!(
        r#"{{"id":"{id}","user_id":"{USER}","status":"{}","status_reason":null,"items":[],
        "total":{{"amount":1299,"currency":"EUR"}},"payment":{{"provider":"sandbox","last4":"4242"}},
        "shipping_address":{{"name":"Ada","line1":"1 Main St","postal_code":"10115","city":"Berlin","country":"DE"}},
        "payment_due_at":null,"refunded":false,"history":[],
        "created_at":"2026-11-26T10:00:00Z","updated_at":"2026-11-26T10:00:01Z"}}"#,
        order.status
    );
    (AxumStatus::OK, [(CONTENT_TYPE, "application/json")], body).into_response()
}

async fn start(plans: Vec<Plan>) -> (String, Arc<Stand>) {
    let stand = Arc::new(Stand::default());
    stand.plans.lock().unwrap().extend(plans);
    let app = Router::new()
        .route("/api/v1/notifications/stream", get(stream_route))
        .route("/api/v1/orders/{id}", get(order_route))
        .with_state(Arc::clone(&stand));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, stand)
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .token("token-1")
        .build()
        .unwrap()
}

/// A message as the service writes it: JSON over several lines, as a server may send it.
fn notification(seq: i64, order: &str) -> Event {
    let data = format!(
        "{{\"id\":\"{}\",\"seq\":{seq},\"kind\":\"order_confirmed\",\"topic\":\"orders\",\n\
         \"subject\":\"Order confirmed\",\"body\":\"We are packing it.\",\"order_id\":\"{order}\",\n\
         \"order_status\":\"confirmed\",\"channels\":[],\"created_at\":\"2026-11-26T10:00:00Z\",\n\
         \"read_at\":null,\"unsubscribe_url\":\"http://127.0.0.1/u/x\"}}",
        Uuid::now_v7()
    );
    Event::default()
        .event("notification")
        .id(seq.to_string())
        .data(data)
}

fn retry(ms: u64) -> Step {
    Step::Send(Event::default().retry(Duration::from_millis(ms)))
}

fn send(event: Event) -> Step {
    Step::Send(event)
}

type Live = Pin<Box<dyn Stream<Item = Result<LiveEvent>> + Send>>;

fn live(client: &Client, options: LiveOptions) -> Live {
    Box::pin(client.notifications().live(options))
}

/// The next item, which must come within a few seconds.
async fn next(live: &mut Live) -> Option<Result<LiveEvent>> {
    tokio::time::timeout(Duration::from_secs(5), live.next())
        .await
        .expect("the stream to say something in time")
}

async fn event(live: &mut Live) -> LiveEvent {
    next(live).await.expect("the stream goes on").unwrap()
}

async fn seq(live: &mut Live) -> i64 {
    match event(live).await {
        LiveEvent::Notification(n) => n.seq,
        other => panic!("expected a notification, got {other:?}"),
    }
}

fn quick() -> LiveOptions {
    LiveOptions::default().backoff(Duration::from_millis(5), Duration::from_millis(50))
}

#[tokio::test]
async fn delivers_then_resumes_after_the_server_ends_the_stream() {
    let (second, feed) = open(vec![]);
    let (url, stand) = start(vec![
        scripted(vec![
            retry(40),
            Step::Send(Event::default().comment("keep-alive")),
            send(notification(1, ORDER)),
            send(notification(2, ORDER)),
        ]),
        second,
    ])
    .await;
    let client = client(&url);
    let mut live = live(&client, quick());

    assert!(matches!(event(&mut live).await, LiveEvent::Connected));
    assert_eq!(seq(&mut live).await, 1);
    assert_eq!(seq(&mut live).await, 2);
    let LiveEvent::Reconnecting {
        attempt,
        delay,
        error,
    } = event(&mut live).await
    else {
        panic!("expected a reconnection");
    };
    assert_eq!(attempt, 1);
    // The server's `retry: 40` is longer than the backoff.
    assert!(delay >= Duration::from_millis(40), "{delay:?}");
    assert!(error.is_disconnected(), "{error:?}");
    assert!(
        error
            .to_string()
            .ends_with("/api/v1/notifications/stream was ended by the server"),
        "{error}"
    );
    // A token refreshed meanwhile is the one the next connection carries.
    client.set_token(Some("token-2".into()));

    assert!(matches!(event(&mut live).await, LiveEvent::Connected));
    // The replay overlaps what was delivered: 2 is not yielded again.
    feed.send(notification(2, ORDER));
    feed.send(notification(3, ORDER));
    assert_eq!(seq(&mut live).await, 3);

    assert_eq!(
        stand.seen(),
        [
            Seen {
                authorization: Some("Bearer token-1".into()),
                accept: Some("text/event-stream".into()),
                last_event_id: None,
            },
            Seen {
                authorization: Some("Bearer token-2".into()),
                accept: Some("text/event-stream".into()),
                last_event_id: Some("2".into()),
            },
        ]
    );
}

#[tokio::test]
async fn other_events_and_repeats_are_skipped() {
    let (plan, _feed) = open(vec![
        send(Event::default().event("hello").data("x")),
        send(Event::default().data("a message without a type")),
        send(notification(4, ORDER)),
        send(notification(4, ORDER)),
        send(notification(3, ORDER)),
        send(notification(6, ORDER)),
    ]);
    let (url, stand) = start(vec![plan]).await;
    let client = client(&url);
    let mut live = live(&client, quick().since(2));
    assert!(matches!(event(&mut live).await, LiveEvent::Connected));
    assert_eq!(seq(&mut live).await, 4);
    assert_eq!(seq(&mut live).await, 6);
    assert_eq!(stand.seen()[0].last_event_id.as_deref(), Some("2"));
}

#[tokio::test]
async fn gives_up_after_max_retries_failures_in_a_row() {
    let (url, stand) = start(vec![
        Plan::Status(503),
        Plan::Status(502),
        Plan::Status(503),
    ])
    .await;
    let client = client(&url);
    let mut live = live(&client, quick().since(5).max_retries(2));
    for expected in [1, 2] {
        let LiveEvent::Reconnecting { attempt, error, .. } = event(&mut live).await else {
            panic!("expected a reconnection");
        };
        assert_eq!(attempt, expected);
        assert!(error.status().unwrap().is_server_error());
    }
    let err = next(&mut live).await.unwrap().unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 503);
    assert!(next(&mut live).await.is_none());
    let seen = stand.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.last_event_id.as_deref() == Some("5")));
}

#[tokio::test]
async fn a_working_connection_starts_the_count_again() {
    let (last, _feed) = open(vec![]);
    let (url, _) = start(vec![
        Plan::Status(503),
        scripted(vec![]),
        Plan::Status(503),
        last,
    ])
    .await;
    let client = client(&url);
    let mut live = live(&client, quick().max_retries(2));
    let mut seen = Vec::new();
    for _ in 0..5 {
        seen.push(match event(&mut live).await {
            LiveEvent::Connected => 0,
            LiveEvent::Reconnecting { attempt, .. } => attempt,
            other => panic!("{other:?}"),
        });
    }
    // 503; connected; dropped (the first failure again); 503 (the second); connected.
    assert_eq!(seen, [1, 0, 1, 2, 0]);
}

#[tokio::test]
async fn auth_failures_and_a_missing_service_give_up_at_once() {
    for status in [401, 403, 404] {
        let (url, stand) = start(vec![Plan::Status(status)]).await;
        let client = client(&url);
        let mut live = live(&client, quick());
        let err = next(&mut live).await.unwrap().unwrap_err();
        assert_eq!(err.status().unwrap().as_u16(), status);
        assert!(next(&mut live).await.is_none());
        assert_eq!(stand.seen().len(), 1);
    }
}

#[tokio::test]
async fn a_silent_connection_is_dead_but_heartbeats_keep_it_alive() {
    let heartbeat = || send(Event::default().comment("keep-alive"));
    let pause = || Step::Pause(Duration::from_millis(100));
    let (silent, _silent_feed) = open(vec![]);
    let (beating, _beating_feed) = open(vec![
        heartbeat(),
        pause(),
        heartbeat(),
        pause(),
        heartbeat(),
        pause(),
        heartbeat(),
        pause(),
        heartbeat(),
        pause(),
        send(notification(1, ORDER)),
    ]);
    let (url, _) = start(vec![silent, beating]).await;
    let client = client(&url);
    let mut live = live(&client, quick().idle_timeout(Duration::from_millis(300)));
    assert!(matches!(event(&mut live).await, LiveEvent::Connected));
    let started = Instant::now();
    let LiveEvent::Reconnecting { error, .. } = event(&mut live).await else {
        panic!("expected a reconnection");
    };
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(
        error.to_string().ends_with("was silent for 300ms"),
        "{error}"
    );
    assert!(matches!(event(&mut live).await, LiveEvent::Connected));
    // Half a second of heartbeats, each within the timeout, then a message.
    assert_eq!(seq(&mut live).await, 1);
}

#[tokio::test]
async fn what_is_not_an_event_stream_is_retried_and_a_bad_message_ends_the_stream() {
    let (url, _) = start(vec![
        Plan::NotAStream,
        scripted(vec![send(
            Event::default()
                .event("notification")
                .id("1")
                .data("{not json"),
        )]),
    ])
    .await;
    let client = client(&url);
    let mut live = live(&client, quick());
    let LiveEvent::Reconnecting { error, .. } = event(&mut live).await else {
        panic!("expected a reconnection");
    };
    assert!(
        error
            .to_string()
            .ends_with("answered application/json, not text/event-stream"),
        "{error}"
    );
    assert!(matches!(event(&mut live).await, LiveEvent::Connected));
    let err = next(&mut live).await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(next(&mut live).await.is_none());
}

#[tokio::test]
async fn a_server_that_never_answers_counts_as_a_failure() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = client(&url);
    let options = quick()
        .idle_timeout(Duration::from_millis(200))
        .max_retries(1);
    let mut live = live(&client, options);
    let LiveEvent::Reconnecting { error, .. } = event(&mut live).await else {
        panic!("expected a reconnection");
    };
    assert!(
        error.to_string().ends_with("did not answer within 200ms"),
        "{error}"
    );
    assert!(
        next(&mut live)
            .await
            .unwrap()
            .unwrap_err()
            .is_disconnected()
    );
}

fn order_id() -> Uuid {
    Uuid::parse_str(ORDER).unwrap()
}

/// Polls so slow that only the stream can explain a quick outcome.
fn slow_polls() -> WaitOptions {
    WaitOptions::within(Duration::from_secs(20))
        .poll(Duration::from_secs(10), Duration::from_secs(10))
}

/// Waits until `check` holds, for at most a few seconds.
async fn until(check: impl Fn() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < Duration::from_secs(5), "never happened");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn wait_reads_the_order_again_when_a_message_about_it_arrives() {
    let (plan, feed) = open(vec![]);
    let (url, stand) = start(vec![plan]).await;
    let client = client(&url);
    let started = Instant::now();
    let drive = async {
        // Subscribed before the first read.
        until(|| stand.reads() == 1).await;
        assert_eq!(stand.seen().len(), 1);
        feed.send(notification(1, OTHER_ORDER));
        tokio::time::sleep(Duration::from_millis(100)).await;
        stand.order.lock().unwrap().status = "confirmed";
        feed.send(notification(2, ORDER));
    };
    let orders = client.orders();
    let (outcome, ()) = tokio::join!(
        orders.wait(order_id(), OrderStatus::Confirmed, slow_polls()),
        drive
    );
    let outcome = outcome.unwrap();
    assert!(outcome.is_reached(), "{outcome:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    // The first read, then one for the message about this order; none for the other order.
    assert_eq!(stand.reads(), 2);
}

#[tokio::test]
async fn wait_reads_the_order_again_after_a_reconnection() {
    let (first, feed) = open(vec![]);
    let (second, _second_feed) = open(vec![]);
    let (url, stand) = start(vec![first, second]).await;
    let client = client(&url);
    let started = Instant::now();
    let drive = async {
        until(|| stand.reads() == 1).await;
        // Confirmed while the connection is lost: no message tells of it.
        stand.order.lock().unwrap().status = "confirmed";
        drop(feed);
    };
    let orders = client.orders();
    let (outcome, ()) = tokio::join!(orders.wait(order_id(), Until::Settled, slow_polls()), drive);
    assert!(outcome.unwrap().is_reached());
    // The default backoff waits at most a second before reconnecting.
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(stand.seen().len(), 2);
    assert_eq!(stand.reads(), 2);
}

#[tokio::test]
async fn wait_polls_where_the_stream_is_not_there() {
    for status in [404, 503] {
        let (url, stand) = start(vec![Plan::Status(status)]).await;
        stand.order.lock().unwrap().confirm_at = Some(3);
        let client = client(&url);
        let options = WaitOptions::within(Duration::from_secs(10))
            .poll(Duration::from_millis(10), Duration::from_millis(20));
        let mut seen = Vec::new();
        let outcome = client
            .orders()
            .wait_with(order_id(), Until::Settled, options, |o| seen.push(o.status))
            .await
            .unwrap();
        let WaitOutcome::Reached(order) = outcome else {
            panic!("{outcome:?}");
        };
        assert_eq!(order.status, OrderStatus::Confirmed);
        assert_eq!(seen, [OrderStatus::PendingPayment, OrderStatus::Confirmed]);
        assert_eq!(stand.reads(), 3);
        // Given up on at once: the 503 is not retried by the wait.
        assert_eq!(stand.seen().len(), 1, "{status}");
    }
}

#[tokio::test]
async fn wait_still_polls_slowly_when_no_message_comes() {
    let (plan, _feed) = open(vec![]);
    let (url, stand) = start(vec![plan]).await;
    stand.order.lock().unwrap().confirm_at = Some(2);
    let client = client(&url);
    // Live polls come five `max_poll_interval`s apart: 250 ms here.
    let options = WaitOptions::within(Duration::from_secs(10))
        .poll(Duration::from_millis(50), Duration::from_millis(50));
    let started = Instant::now();
    let outcome = client
        .orders()
        .wait(order_id(), Until::Settled, options)
        .await
        .unwrap();
    assert!(outcome.is_reached());
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_secs(2),
        "{took:?}"
    );
    assert_eq!(stand.reads(), 2);
}
