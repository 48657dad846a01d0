//! The live stream of the caller's notifications (`GET /notifications/stream`, server-sent
//! events): reconnecting with backoff, resuming with `Last-Event-ID`, watching for silence.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::{Stream, stream};
use http::StatusCode;
use http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER};

use crate::client::{Client, api_error};
use crate::error::{Error, Result};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::sse::{Frame, Parser};
use crate::types::Notification;

/// The request header that resumes a stream after the event with this id.
const LAST_EVENT_ID: &str = "last-event-id";
/// The event type the service gives each message.
const NOTIFICATION_EVENT: &str = "notification";

/// How [`NotificationsApi::live`](crate::NotificationsApi::live) connects, waits and gives up.
///
/// ```
/// use std::time::Duration;
/// use bookstore_sdk::LiveOptions;
///
/// let options = LiveOptions::default()
///     .since(41)
///     .max_retries(5)
///     .backoff(Duration::from_millis(500), Duration::from_secs(10));
/// assert_eq!(options.since, Some(41));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct LiveOptions {
    /// Replay every in-app message whose `seq` is greater than this before the live ones
    /// (`0` for the whole inbox); `None`: only messages written after connecting.
    pub since: Option<i64>,
    /// Failures in a row after which the stream gives up (10): failed connection attempts,
    /// and a connection that broke off after working counts as the first. A connection that
    /// works starts the count again.
    pub max_retries: u32,
    /// The wait before the first reconnection (1 s); it doubles with each failure in a row,
    /// half of it random, so that clients cut off together do not return together.
    pub base_delay: Duration,
    /// The wait never grows past this (30 s). The server's `retry:` and `Retry-After` are
    /// waited for at least, up to this.
    pub max_delay: Duration,
    /// The longest the stream may stay silent before the connection counts as dead (45 s:
    /// three of the 15 s heartbeats the server sends); also the longest connecting may take.
    pub idle_timeout: Duration,
}

impl Default for LiveOptions {
    fn default() -> Self {
        Self {
            since: None,
            max_retries: 10,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(45),
        }
    }
}

impl LiveOptions {
    /// Replays the messages after `seq` first; `0` replays the whole inbox.
    #[must_use]
    pub fn since(mut self, seq: i64) -> Self {
        self.since = Some(seq);
        self
    }

    /// Gives up after `retries` failures in a row.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Waits `base` before the first reconnection, doubling up to `max`.
    #[must_use]
    pub fn backoff(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// Counts a connection silent for longer than `timeout` as dead.
    #[must_use]
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }
}

/// What the live stream yields.
#[derive(Debug)]
#[non_exhaustive]
pub enum LiveEvent {
    /// A connection is open: from now on messages arrive as they are written. After a
    /// reconnection the messages written meanwhile come first.
    Connected,
    /// A message, each `seq` once, in rising order.
    Notification(Notification),
    /// The connection failed or broke off (`error`); the stream connects again after `delay`.
    /// `attempt` counts the failures in a row, from 1.
    Reconnecting {
        attempt: u32,
        delay: Duration,
        error: Error,
    },
}

/// Why a connection ended, and whether trying again can help.
enum Failure {
    /// Worth another attempt; the server may have said how long to wait (`Retry-After`).
    Retry(Error, Option<Duration>),
    /// Retrying cannot change it (`401`, `403`, `404`, a message that is not one).
    Fatal(Error),
}

/// An open connection and what it has sent that has not been handled yet.
struct Open {
    url: String,
    response: reqwest::Response,
    parser: Parser,
    frames: VecDeque<Frame>,
}

/// Where the stream is between two items.
enum State {
    Connect,
    Sleep(Duration),
    Open(Box<Open>),
    Done,
}

/// The stream's state, carried from one item to the next.
struct Live {
    client: Client,
    options: LiveOptions,
    /// The newest `seq` yielded (or the one to start after): sent as `Last-Event-ID`.
    last_seq: Option<i64>,
    /// The server's `retry:`.
    server_retry: Option<Duration>,
    failures: u32,
    state: State,
}

/// The stream behind [`NotificationsApi::live`](crate::NotificationsApi::live).
pub(super) fn live(
    client: Client,
    options: LiveOptions,
) -> impl Stream<Item = Result<LiveEvent>> + Send + 'static {
    let live = Live {
        client,
        options,
        last_seq: options.since,
        server_retry: None,
        failures: 0,
        state: State::Connect,
    };
    stream::unfold(live, |mut live| async move {
        let item = live.next().await?;
        Some((item, live))
    })
}

/// `45s`, `1500ms`.
fn span(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// Answers that may be different next time: the service is busy, restarting or unreachable.
fn is_retry_status(status: StatusCode) -> bool {
    status.is_server_error()
        || matches!(
            status,
            StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS
        )
}

/// Sends the request and checks that an event stream answers.
async fn open(url: String, request: reqwest::RequestBuilder) -> Result<Open, Failure> {
    let response = request
        .send()
        .await
        .map_err(|e| Failure::Retry(Error::from_reqwest(&url, e), None))?;
    let status = response.status();
    if !status.is_success() {
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
        let error = api_error(response).await;
        return Err(if is_retry_status(status) {
            Failure::Retry(error, retry_after)
        } else {
            Failure::Fatal(error)
        });
    }
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("nothing")
        .to_owned();
    if !content_type.starts_with("text/event-stream") {
        return Err(Failure::Retry(
            Error::Disconnected {
                url,
                reason: format!("answered {content_type}, not text/event-stream"),
            },
            None,
        ));
    }
    Ok(Open {
        url,
        response,
        parser: Parser::new(),
        frames: VecDeque::new(),
    })
}

impl Live {
    async fn next(&mut self) -> Option<Result<LiveEvent>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Sleep(delay) => {
                    tokio::time::sleep(delay).await;
                    self.state = State::Connect;
                }
                State::Connect => match self.connect().await {
                    Ok(open) => {
                        self.failures = 0;
                        self.state = State::Open(Box::new(open));
                        return Some(Ok(LiveEvent::Connected));
                    }
                    Err(failure) => return Some(self.failed(failure)),
                },
                State::Open(mut open) => match self.read(&mut open).await {
                    Ok(notification) => {
                        self.state = State::Open(open);
                        return Some(Ok(LiveEvent::Notification(notification)));
                    }
                    Err(failure) => return Some(self.failed(failure)),
                },
            }
        }
    }

    /// Gives up, or says when the next attempt is.
    fn failed(&mut self, failure: Failure) -> Result<LiveEvent> {
        let (error, retry_after) = match failure {
            Failure::Fatal(error) => return Err(error),
            Failure::Retry(error, retry_after) => (error, retry_after),
        };
        self.failures = self.failures.saturating_add(1);
        if self.failures > self.options.max_retries {
            return Err(error);
        }
        let delay = self.delay(retry_after);
        self.state = State::Sleep(delay);
        Ok(LiveEvent::Reconnecting {
            attempt: self.failures,
            delay,
            error,
        })
    }

    /// Jittered exponential backoff, but never shorter than the server asked for.
    fn delay(&self, retry_after: Option<Duration>) -> Duration {
        let policy = RetryPolicy {
            max_attempts: u32::MAX,
            base_delay: self.options.base_delay,
            max_delay: self.options.max_delay,
            max_retry_after: Duration::ZERO,
        };
        let backoff = policy
            .delay(self.failures, None, rand::random())
            .unwrap_or(self.options.max_delay);
        let asked = self
            .server_retry
            .max(retry_after)
            .unwrap_or_default()
            .min(self.options.max_delay);
        backoff.max(asked)
    }

    /// Opens a connection that resumes after the last message yielded.
    async fn connect(&self) -> Result<Open, Failure> {
        let (url, mut request) = self
            .client
            .streaming_get("notifications/stream")
            .map_err(Failure::Fatal)?;
        request = request
            .header(ACCEPT, "text/event-stream")
            .header(CACHE_CONTROL, "no-cache");
        if let Some(seq) = self.last_seq {
            request = request.header(LAST_EVENT_ID, seq.to_string());
        }
        let timeout = self.options.idle_timeout;
        match tokio::time::timeout(timeout, open(url.clone(), request)).await {
            Ok(opened) => opened,
            Err(_) => Err(Failure::Retry(
                Error::Disconnected {
                    url,
                    reason: format!("did not answer within {}", span(timeout)),
                },
                None,
            )),
        }
    }

    /// The next message not yielded yet, or why the connection ended.
    async fn read(&mut self, open: &mut Open) -> Result<Notification, Failure> {
        loop {
            while let Some(frame) = open.frames.pop_front() {
                let event = match frame {
                    Frame::Retry(wait) => {
                        self.server_retry = Some(wait);
                        continue;
                    }
                    // Other event types are for newer clients.
                    Frame::Event(event) if event.event != NOTIFICATION_EVENT => continue,
                    Frame::Event(event) => event,
                };
                let notification: Notification =
                    serde_json::from_str(&event.data).map_err(|source| {
                        Failure::Fatal(Error::Decode {
                            url: open.url.clone(),
                            status: StatusCode::OK,
                            source,
                        })
                    })?;
                // A replay may overlap what an earlier connection already delivered.
                if self.last_seq.is_some_and(|last| notification.seq <= last) {
                    continue;
                }
                self.last_seq = Some(notification.seq);
                return Ok(notification);
            }
            let idle = self.options.idle_timeout;
            let chunk = tokio::time::timeout(idle, open.response.chunk()).await;
            match chunk {
                Ok(Ok(Some(bytes))) => {
                    let mut frames = Vec::new();
                    open.parser.feed(&bytes, &mut frames);
                    open.frames.extend(frames);
                }
                Ok(Ok(None)) => {
                    return Err(Failure::Retry(
                        Error::Disconnected {
                            url: open.url.clone(),
                            reason: "was ended by the server".to_owned(),
                        },
                        None,
                    ));
                }
                Ok(Err(e)) => return Err(Failure::Retry(Error::from_reqwest(&open.url, e), None)),
                Err(_) => {
                    return Err(Failure::Retry(
                        Error::Disconnected {
                            url: open.url.clone(),
                            reason: format!("was silent for {}", span(idle)),
                        },
                        None,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(options: LiveOptions) -> Live {
        Live {
            client: Client::new("http://127.0.0.1:1").expect("a client"),
            options,
            last_seq: None,
            server_retry: None,
            failures: 0,
            state: State::Connect,
        }
    }

    #[test]
    fn the_delay_grows_and_honours_what_the_server_asked() {
        let options =
            LiveOptions::default().backoff(Duration::from_millis(100), Duration::from_secs(1));
        let mut live = live(options);
        live.failures = 1;
        let first = live.delay(None);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        live.failures = 3;
        let third = live.delay(None);
        assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
        live.failures = 30;
        assert!(live.delay(None) <= Duration::from_secs(1));

        live.failures = 1;
        live.server_retry = Some(Duration::from_millis(700));
        assert_eq!(live.delay(None), Duration::from_millis(700));
        assert_eq!(
            live.delay(Some(Duration::from_millis(900))),
            Duration::from_millis(900)
        );
        // Never longer than the caller allows.
        live.server_retry = Some(Duration::from_secs(3600));
        assert_eq!(live.delay(None), Duration::from_secs(1));
    }

    #[test]
    fn failures_in_a_row_give_up_after_max_retries() {
        let mut live = live(LiveOptions::default().max_retries(2));
        let failure = || Failure::Retry(Error::Config("x".into()), None);
        assert!(matches!(
            live.failed(failure()),
            Ok(LiveEvent::Reconnecting { attempt: 1, .. })
        ));
        assert!(matches!(
            live.failed(failure()),
            Ok(LiveEvent::Reconnecting { attempt: 2, .. })
        ));
        assert!(live.failed(failure()).is_err());
        let mut live = self::live(LiveOptions::default());
        assert!(
            live.failed(Failure::Fatal(Error::Config("x".into())))
                .is_err()
        );
    }

    #[test]
    fn retry_statuses() {
        for code in [408, 429, 500, 502, 503, 504] {
            assert!(is_retry_status(
                StatusCode::from_u16(code).expect("a status")
            ));
        }
        for code in [400, 401, 403, 404, 405, 410] {
            assert!(!is_retry_status(
                StatusCode::from_u16(code).expect("a status")
            ));
        }
        assert_eq!(span(Duration::from_secs(45)), "45s");
        assert_eq!(span(Duration::from_millis(1500)), "1500ms");
    }
}
