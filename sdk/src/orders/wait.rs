//! Following an order until it gets where the caller waits for it: reading it again whenever
//! the live stream has news of it, with a slow poll as a safety net, or polling with a growing
//! interval where there is no stream; always with a deadline.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use tokio::time::{Instant, sleep_until, timeout_at};

use crate::error::{Error, Result};
use crate::types::{Order, OrderStatus};

/// What [`OrdersApi::wait`](crate::OrdersApi::wait) waits for.
pub enum Until {
    /// The saga is done with the order: anything but `pending_payment`.
    Settled,
    /// This status.
    Status(OrderStatus),
    /// A status for which the function says `true`.
    Matches(Box<dyn Fn(OrderStatus) -> bool + Send + Sync>),
}

impl Until {
    /// Whether an order in `status` is what is waited for.
    pub fn is_met(&self, status: OrderStatus) -> bool {
        match self {
            Until::Settled => status.is_settled(),
            Until::Status(wanted) => status == *wanted,
            Until::Matches(f) => f(status),
        }
    }

    /// Whether `order` is where it is waited for, or has been: its status now, or for
    /// [`Until::Status`] any entry of its history (a shipped order was confirmed on the way).
    pub fn is_met_by(&self, order: &Order) -> bool {
        self.is_met(order.status)
            || matches!(self, Until::Status(wanted)
                if order.history.iter().any(|change| change.status == *wanted))
    }
}

impl fmt::Debug for Until {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Until::Settled => f.write_str("Settled"),
            Until::Status(status) => f.debug_tuple("Status").field(status).finish(),
            Until::Matches(_) => f.write_str("Matches(..)"),
        }
    }
}

impl From<OrderStatus> for Until {
    fn from(status: OrderStatus) -> Self {
        Until::Status(status)
    }
}

impl<F> From<F> for Until
where
    F: Fn(OrderStatus) -> bool + Send + Sync + 'static,
{
    fn from(f: F) -> Self {
        Until::Matches(Box::new(f))
    }
}

/// How long and how often [`OrdersApi::wait`](crate::OrdersApi::wait) polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// The longest the wait takes in all (60 s).
    pub timeout: Duration,
    /// The pause after the first poll (200 ms); each pause after is half as long again.
    pub poll_interval: Duration,
    /// The pauses grow to this and no further (1 s). While the live stream is followed, the
    /// order is read when there is news of it, and otherwise only every five times this (5 s)
    /// in case news never comes (in-app messages about orders turned off, say).
    pub max_poll_interval: Duration,
}

/// While the live stream is followed, the safety-net polls come this many
/// `max_poll_interval`s apart.
const LIVE_POLL_FACTOR: u32 = 5;

/// How long the wait waits for the live stream to connect before it reads the order anyway;
/// a connection made later brings a read of its own.
const SUBSCRIBE_WAIT: Duration = Duration::from_secs(2);

/// What the live stream says about the order waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    /// The stream is connected, first or again: read the order (a message may have been
    /// missed while it was not), then poll slowly.
    Connected,
    /// A message about the order: read it again.
    Changed,
    /// Nothing about this order: a message about another.
    Other,
    /// The connection broke and the stream is trying again: poll as without a stream until it
    /// is back.
    Down,
    /// The stream is not there (a store without the notification service) or gave up: poll.
    Lost,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            poll_interval: Duration::from_millis(200),
            max_poll_interval: Duration::from_secs(1),
        }
    }
}

impl WaitOptions {
    /// The default polling, giving up after `timeout`.
    pub fn within(timeout: Duration) -> Self {
        Self {
            timeout,
            ..Self::default()
        }
    }

    /// Polls after `first`, then less and less often up to every `max`.
    #[must_use]
    pub fn poll(mut self, first: Duration, max: Duration) -> Self {
        self.poll_interval = first;
        self.max_poll_interval = max.max(first);
        self
    }
}

/// How a wait ended; each case holds the order as last read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitOutcome {
    /// The order got where it was waited for (or, for a status, had passed through it).
    Reached(Order),
    /// The order reached a final status (`shipped`, `cancelled`, `rejected`) that is not the
    /// one waited for: it will never get there.
    Ended(Order),
    /// The timeout passed first.
    TimedOut(Order),
}

impl WaitOutcome {
    /// The order as last read.
    pub fn order(&self) -> &Order {
        match self {
            WaitOutcome::Reached(o) | WaitOutcome::Ended(o) | WaitOutcome::TimedOut(o) => o,
        }
    }

    pub fn into_order(self) -> Order {
        match self {
            WaitOutcome::Reached(o) | WaitOutcome::Ended(o) | WaitOutcome::TimedOut(o) => o,
        }
    }

    pub fn is_reached(&self) -> bool {
        matches!(self, WaitOutcome::Reached(_))
    }
}

/// A failure that says "not now" rather than "no": polling goes on.
fn is_transient(err: &Error) -> bool {
    err.is_transport()
        || err.is_timeout()
        || err
            .status()
            .is_some_and(|s| s.is_server_error() || s.as_u16() == 429)
}

/// The loop behind `wait` with a live stream: subscribe first (wait for `signals` to say the
/// stream is connected), then read the order, then read it again on each
/// [`Signal::Changed`] and on a slow poll; `signals` of `None`, or a [`Signal::Lost`], is
/// [`poll`]'s growing polls.
pub(super) async fn follow<F, Fut, S>(
    mut fetch: F,
    mut signals: Option<S>,
    until: &Until,
    options: WaitOptions,
    mut on_change: impl FnMut(&Order),
) -> Result<WaitOutcome>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Order>>,
    S: Stream<Item = Signal> + Unpin,
{
    let deadline = Instant::now() + options.timeout;
    // Whether the stream is connected, so that polls may be slow.
    let mut live = false;
    if let Some(stream) = signals.as_mut() {
        let subscribed = (Instant::now() + SUBSCRIBE_WAIT).min(deadline);
        match timeout_at(subscribed, stream.next()).await {
            Ok(Some(Signal::Connected)) => live = true,
            Ok(Some(Signal::Lost) | None) => signals = None,
            // Still trying: a connection made later brings a read of its own.
            Ok(Some(Signal::Changed | Signal::Other | Signal::Down)) | Err(_) => {}
        }
    }
    let live_poll = options.max_poll_interval * LIVE_POLL_FACTOR;
    let mut pause = options.poll_interval;
    let mut last: Option<Order> = None;
    loop {
        match fetch().await {
            Ok(order) => {
                let seen = |o: &Order| (o.status, o.history.len());
                if last.as_ref().map(seen) != Some(seen(&order)) {
                    on_change(&order);
                }
                if until.is_met_by(&order) {
                    return Ok(WaitOutcome::Reached(order));
                }
                if order.status.is_final() {
                    return Ok(WaitOutcome::Ended(order));
                }
                last = Some(order);
            }
            Err(e) if last.is_some() && is_transient(&e) => {}
            Err(e) => return Err(e),
        }
        if Instant::now() >= deadline {
            // `last` is set: an error before the first read returned above.
            return match last {
                Some(order) => Ok(WaitOutcome::TimedOut(order)),
                None => Err(Error::Config("no order was read".into())),
            };
        }
        let polling = !live;
        let mut wake = (Instant::now() + if live { live_poll } else { pause }).min(deadline);
        loop {
            let Some(stream) = signals.as_mut() else {
                sleep_until(wake).await;
                break;
            };
            tokio::select! {
                () = sleep_until(wake) => break,
                signal = stream.next() => match signal {
                    Some(Signal::Connected) => {
                        live = true;
                        break;
                    }
                    Some(Signal::Changed) => break,
                    Some(Signal::Other) => {}
                    Some(Signal::Down) => {
                        live = false;
                        wake = wake.min(Instant::now() + pause);
                    }
                    Some(Signal::Lost) | None => {
                        live = false;
                        signals = None;
                        wake = wake.min(Instant::now() + pause);
                    }
                },
            }
        }
        if polling {
            pause = (pause + pause / 2).min(options.max_poll_interval);
        }
    }
}

/// The loop behind `wait` without a live stream: `fetch` reads the order, with growing pauses.
pub(super) async fn poll<F, Fut>(
    fetch: F,
    until: &Until,
    options: WaitOptions,
    on_change: impl FnMut(&Order),
) -> Result<WaitOutcome>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Order>>,
{
    let none: Option<futures_util::stream::Empty<Signal>> = None;
    follow(fetch, none, until, options, on_change).await
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use std::cell::{Cell, RefCell};

    use chrono::Utc;
    use http::StatusCode;
    use uuid::Uuid;

    use super::*;
    use crate::types::{Address, Money, PaymentMethodSummary, Problem};

    fn order(status: OrderStatus) -> Order {
        let now = Utc::now();
        Order {
            id: Uuid::nil(),
            user_id: Uuid::nil(),
            status,
            status_reason: None,
            items: vec![],
            total: Money::new(0, "EUR"),
            payment: PaymentMethodSummary {
                provider: "sandbox".into(),
                last4: None,
            },
            shipping_address: Address {
                name: "A".into(),
                line1: "B".into(),
                line2: None,
                postal_code: "1".into(),
                city: "C".into(),
                country: "DE".into(),
            },
            payment_due_at: None,
            refunded: false,
            history: vec![],
            created_at: now,
            updated_at: now,
        }
    }

    fn api_error(status: u16) -> Error {
        Error::Api {
            status: StatusCode::from_u16(status).unwrap(),
            problem: Box::new(Problem {
                kind: "about:blank".into(),
                title: "x".into(),
                status,
                detail: None,
                instance: None,
                request_id: None,
                errors: vec![],
                extensions: Default::default(),
            }),
            request_id: None,
        }
    }

    fn fast(timeout_ms: u64) -> WaitOptions {
        WaitOptions::within(Duration::from_millis(timeout_ms))
            .poll(Duration::from_millis(1), Duration::from_millis(2))
    }

    /// Answers the scripted results in turn, repeating the last.
    async fn run(
        script: Vec<Result<Order>>,
        until: Until,
        options: WaitOptions,
    ) -> (Result<WaitOutcome>, Vec<OrderStatus>, usize) {
        let script = RefCell::new(
            script
                .into_iter()
                .collect::<std::collections::VecDeque<_>>(),
        );
        let calls = Cell::new(0);
        let mut seen = Vec::new();
        let outcome = poll(
            || {
                calls.set(calls.get() + 1);
                let mut script = script.borrow_mut();
                let next = if script.len() > 1 {
                    script.pop_front().unwrap()
                } else {
                    match script.front().unwrap() {
                        Ok(o) => Ok(o.clone()),
                        Err(_) => Err(api_error(503)),
                    }
                };
                async move { next }
            },
            &until,
            options,
            |o| seen.push(o.status),
        )
        .await;
        (outcome, seen, calls.get())
    }

    #[tokio::test]
    async fn settles_and_reports_each_change_once() {
        use OrderStatus::*;
        let (outcome, seen, calls) = run(
            vec![
                Ok(order(PendingPayment)),
                Ok(order(PendingPayment)),
                Err(api_error(503)),
                Ok(order(Cancelled)),
            ],
            Until::Settled,
            fast(5_000),
        )
        .await;
        let outcome = outcome.unwrap();
        assert!(outcome.is_reached());
        assert_eq!(outcome.order().status, Cancelled);
        assert_eq!(seen, [PendingPayment, Cancelled]);
        assert_eq!(calls, 4);
    }

    #[tokio::test]
    async fn a_final_status_that_is_not_the_target_ends_the_wait() {
        use OrderStatus::*;
        let (outcome, _, _) = run(
            vec![Ok(order(Confirmed)), Ok(order(Cancelled))],
            Until::Status(Shipped),
            fast(5_000),
        )
        .await;
        assert!(matches!(outcome.unwrap(), WaitOutcome::Ended(o) if o.status == Cancelled));
        let (outcome, _, _) = run(
            vec![Ok(order(Confirmed))],
            Until::from(|s: OrderStatus| s == Shipped || s == Confirmed),
            fast(5_000),
        )
        .await;
        assert!(outcome.unwrap().is_reached());
    }

    #[test]
    fn a_status_passed_through_counts_as_reached() {
        let mut shipped = order(OrderStatus::Shipped);
        assert!(!Until::Status(OrderStatus::Confirmed).is_met_by(&shipped));
        shipped.history.push(crate::types::StatusChange {
            status: OrderStatus::Confirmed,
            reason: None,
            at: Utc::now(),
        });
        assert!(Until::Status(OrderStatus::Confirmed).is_met_by(&shipped));
        assert!(!Until::Status(OrderStatus::Cancelled).is_met_by(&shipped));
    }

    #[tokio::test]
    async fn times_out_with_the_last_order() {
        let (outcome, seen, calls) = run(
            vec![Ok(order(OrderStatus::PendingPayment))],
            OrderStatus::Confirmed.into(),
            fast(30),
        )
        .await;
        assert!(
            matches!(outcome.unwrap(), WaitOutcome::TimedOut(o) if o.status == OrderStatus::PendingPayment)
        );
        assert_eq!(seen.len(), 1);
        assert!(calls > 2, "{calls}");
    }

    #[tokio::test]
    async fn errors_before_the_first_read_or_that_say_no_end_the_wait() {
        let (outcome, _, calls) = run(vec![Err(api_error(503))], Until::Settled, fast(5_000)).await;
        assert_eq!(
            outcome.unwrap_err().status(),
            Some(StatusCode::SERVICE_UNAVAILABLE)
        );
        assert_eq!(calls, 1);
        let (outcome, _, _) = run(
            vec![
                Ok(order(OrderStatus::PendingPayment)),
                Err(api_error(404)),
                Err(api_error(404)),
            ],
            Until::Settled,
            fast(5_000),
        )
        .await;
        assert!(outcome.unwrap_err().is_not_found());
    }

    #[tokio::test]
    async fn reads_follow_the_signals_after_subscribing() {
        use futures_util::stream;
        let signals = stream::iter([Signal::Connected, Signal::Other, Signal::Changed])
            .then(|signal| async move {
                tokio::time::sleep(Duration::from_millis(30)).await;
                signal
            })
            .chain(stream::pending());
        let started = Instant::now();
        let reads = RefCell::new(Vec::new());
        // Polls 5 s apart: only the signals explain a quick outcome.
        let options = WaitOptions::within(Duration::from_secs(20))
            .poll(Duration::from_secs(1), Duration::from_secs(1));
        let outcome = follow(
            || {
                let mut reads = reads.borrow_mut();
                reads.push(started.elapsed());
                let status = if reads.len() == 1 {
                    OrderStatus::PendingPayment
                } else {
                    OrderStatus::Confirmed
                };
                async move { Ok(order(status)) }
            },
            Some(Box::pin(signals)),
            &Until::Settled,
            options,
            |_| {},
        )
        .await
        .unwrap();
        assert!(outcome.is_reached());
        let reads = reads.into_inner();
        assert_eq!(reads.len(), 2);
        // The first read waits for the subscription; the second for the third signal.
        assert!(reads[0] >= Duration::from_millis(30), "{reads:?}");
        assert!(reads[1] >= Duration::from_millis(90), "{reads:?}");
        assert!(reads[1] < Duration::from_secs(1), "{reads:?}");
    }

    #[tokio::test]
    async fn a_stream_that_ends_leaves_the_polls() {
        let calls = Cell::new(0);
        let outcome = follow(
            || {
                calls.set(calls.get() + 1);
                let status = if calls.get() < 3 {
                    OrderStatus::PendingPayment
                } else {
                    OrderStatus::Confirmed
                };
                async move { Ok(order(status)) }
            },
            Some(futures_util::stream::iter([Signal::Connected])),
            &Until::Settled,
            fast(5_000),
            |_| {},
        )
        .await
        .unwrap();
        assert!(outcome.is_reached());
        assert_eq!(calls.get(), 3);
    }

    #[tokio::test]
    async fn while_the_stream_is_down_the_polls_are_quick() {
        use futures_util::stream;
        let signals = stream::iter([Signal::Connected, Signal::Down]).chain(stream::pending());
        let calls = Cell::new(0);
        let started = Instant::now();
        // Live polls would come 5 s apart; down, the first comes after 10 ms.
        let options = WaitOptions::within(Duration::from_secs(20))
            .poll(Duration::from_millis(10), Duration::from_secs(1));
        let outcome = follow(
            || {
                calls.set(calls.get() + 1);
                let status = if calls.get() < 3 {
                    OrderStatus::PendingPayment
                } else {
                    OrderStatus::Confirmed
                };
                async move { Ok(order(status)) }
            },
            Some(Box::pin(signals)),
            &Until::Settled,
            options,
            |_| {},
        )
        .await
        .unwrap();
        assert!(outcome.is_reached());
        assert_eq!(calls.get(), 3);
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn poll_intervals_never_shrink_below_the_first() {
        let options = WaitOptions::default().poll(Duration::from_secs(2), Duration::from_secs(1));
        assert_eq!(options.max_poll_interval, Duration::from_secs(2));
        assert_eq!(WaitOptions::default().timeout, Duration::from_secs(60));
    }
}
