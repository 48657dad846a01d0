//! Load for the order saga, through the gateway as a client sees it.
//!
//! Sets up customers and one book with a huge stock, then places orders (each with its own
//! `Idempotency-Key`, paid with the sandbox card that succeeds) and follows each one with
//! `GET /orders/{id}` until it is settled. Either a closed loop (`--workers N`: each worker
//! places an order, follows it to the end, places the next) or an open loop (`--rate R`: a new
//! order every 1/R s whatever happens to the earlier ones). `--baseline` runs the same loop
//! with `GET /users/me` instead of an order, the cheapest authenticated call, for a ratio.
//!
//! The time from POST to confirmed is the `confirmed` entry of the order's status history
//! (the order service's clock, microseconds) minus the moment the POST was sent (this
//! process's clock: the same machine), so it does not depend on the poll interval. The time
//! at which a poll saw the order confirmed is reported too.
//!
//! Prints a summary on stderr and one JSON line on stdout.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context, bail};
use bookstore_sdk::types::{
    Address, LoginRequest, NewBook, NewOrder, OrderLine, OrderStatus, PaymentMethod,
    RegisterRequest,
};
use bookstore_sdk::{Client, Error, new_idempotency_key, types::Money};
use chrono::Utc;
use clap::Parser;
use tokio::task::JoinSet;
use tokio::time::{Instant, MissedTickBehavior};
use uuid::Uuid;

/// The sandbox test card that always succeeds.
const GOOD_CARD: &str = "4242424242424242";

#[derive(Debug, Parser)]
#[command(
    version,
    about = "Places orders through the gateway and times each until confirmed"
)]
struct Args {
    /// The gateway's base URL.
    #[arg(
        long,
        env = "BOOKSTORE_GATEWAY",
        default_value = "http://127.0.0.1:8080"
    )]
    gateway: String,
    /// An admin account, to create the book the orders buy.
    #[arg(long, env = "BOOKSTORE_ADMIN_EMAIL")]
    admin_email: String,
    #[arg(long, env = "BOOKSTORE_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: String,
    /// Customers registered for the run; orders go round them. The gateway limits each
    /// signed-in user's request rate (50/s by default): use enough customers, or turn the
    /// limit off (`BOOKSTORE_GATEWAY_RATE_LIMIT=0`).
    #[arg(long, default_value_t = 16)]
    customers: usize,
    /// Closed loop: this many workers, each with one order in flight (the default: 64).
    #[arg(long, conflicts_with = "rate")]
    workers: Option<usize>,
    /// Open loop: this many new orders (or requests) per second, on schedule.
    #[arg(long)]
    rate: Option<f64>,
    /// How long the measured part lasts (`20s`, `500ms`, `1m`).
    #[arg(long, default_value = "20s", value_parser = parse_duration)]
    duration: Duration,
    /// Load before the measured part, not counted.
    #[arg(long, default_value = "3s", value_parser = parse_duration)]
    warmup: Duration,
    /// Pause between polls of an order.
    #[arg(long, default_value = "25ms", value_parser = parse_duration)]
    poll: Duration,
    /// An order not settled after this long counts as failed (timed out).
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    settle_timeout: Duration,
    /// Open loop: the most orders in flight; a tick beyond it is counted as dropped.
    #[arg(long, default_value_t = 20_000)]
    max_in_flight: usize,
    /// `GET /users/me` in the same loop instead of orders: the baseline.
    #[arg(long)]
    baseline: bool,
    /// A name for the run, copied into the JSON line.
    #[arg(long, default_value = "")]
    label: String,
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}`: expected a duration like 20s, 250ms, 1m"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("`{text}`: unknown unit `{unit}` (ms, s, m)")),
    };
    Ok(Duration::from_secs_f64(seconds))
}

/// What happened to one order (or one baseline request).
#[derive(Debug)]
enum Outcome {
    Confirmed {
        post_ms: f64,
        /// From sending the POST to the `confirmed` entry of the history.
        confirm_ms: f64,
        /// From sending the POST to the poll that saw it confirmed.
        observed_ms: f64,
    },
    Baseline {
        ms: f64,
    },
    Failed(String),
}

/// One finished operation: when it started (from the start of the run) and how it ended.
#[derive(Debug)]
struct Sample {
    started: Duration,
    outcome: Outcome,
}

/// What every operation shares.
struct Shared {
    customers: Vec<Client>,
    book_id: Uuid,
    poll: Duration,
    settle_timeout: Duration,
    baseline: bool,
    samples: Mutex<Vec<Sample>>,
    polls: AtomicU64,
    poll_errors: AtomicU64,
}

impl Shared {
    fn record(&self, sample: Sample) {
        self.samples
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sample);
    }
}

fn failure(what: &str, e: &Error) -> String {
    match e.status() {
        Some(status) => format!("{what} {}", status.as_u16()),
        None if e.is_timeout() => format!("{what} timeout"),
        None if e.is_transport() => format!("{what} connection"),
        None => format!("{what} other"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One order: place it, poll it until it is settled.
async fn one_order(shared: &Shared, client: &Client) -> Outcome {
    let order = NewOrder {
        items: vec![OrderLine {
            book_id: shared.book_id,
            quantity: 1,
        }],
        from_cart: false,
        payment: PaymentMethod {
            provider: "sandbox".to_owned(),
            token: GOOD_CARD.to_owned(),
        },
        shipping_address: Address {
            name: "Load Test".to_owned(),
            line1: "1 Bench Street".to_owned(),
            line2: None,
            postal_code: "10115".to_owned(),
            city: "Berlin".to_owned(),
            country: "DE".to_owned(),
        },
    };
    let sent_wall = Utc::now();
    let sent = Instant::now();
    let placed = match client
        .orders()
        .place_with_key(&order, &new_idempotency_key())
        .await
    {
        Ok(placed) => placed,
        Err(e) => return Outcome::Failed(failure("POST /orders", &e)),
    };
    let post_ms = ms(sent.elapsed());
    let mut current = placed;
    loop {
        match current.status {
            OrderStatus::PendingPayment => {}
            OrderStatus::Confirmed => {
                let observed_ms = ms(sent.elapsed());
                let Some(change) = current
                    .history
                    .iter()
                    .find(|c| c.status == OrderStatus::Confirmed)
                else {
                    return Outcome::Failed("confirmed without a history entry".to_owned());
                };
                let confirm_ms = (change.at - sent_wall).to_std().map(ms).unwrap_or_default();
                return Outcome::Confirmed {
                    post_ms,
                    confirm_ms,
                    observed_ms,
                };
            }
            other => return Outcome::Failed(format!("order {other}")),
        }
        if sent.elapsed() > shared.settle_timeout {
            return Outcome::Failed("not settled in time".to_owned());
        }
        tokio::time::sleep(shared.poll).await;
        shared.polls.fetch_add(1, Ordering::Relaxed);
        match client.orders().get(current.id).await {
            Ok(order) => current = order,
            Err(_) => {
                // Counted, and polled again until the settle timeout.
                shared.poll_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

async fn one_op(shared: &Shared, index: usize, start: Instant) {
    let client = &shared.customers[index % shared.customers.len()];
    let started = start.elapsed();
    let outcome = if shared.baseline {
        let sent = Instant::now();
        match client.users().me().await {
            Ok(_) => Outcome::Baseline {
                ms: ms(sent.elapsed()),
            },
            Err(e) => Outcome::Failed(failure("GET /users/me", &e)),
        }
    } else {
        one_order(shared, client).await
    };
    shared.record(Sample { started, outcome });
}

/// Closed loop: `workers` tasks, each one operation at a time, until `until` after `start`.
async fn closed_loop(shared: Arc<Shared>, workers: usize, start: Instant, until: Duration) {
    let mut tasks = JoinSet::new();
    for w in 0..workers {
        let shared = shared.clone();
        tasks.spawn(async move {
            let mut n = w;
            while start.elapsed() < until {
                one_op(&shared, n, start).await;
                n += workers;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
}

/// Open loop: a new operation every 1/rate s until `until` after `start`; waits for all.
/// Returns how many ticks found `max_in_flight` operations running and were skipped.
async fn open_loop(
    shared: Arc<Shared>,
    rate: f64,
    max_in_flight: usize,
    start: Instant,
    until: Duration,
) -> u64 {
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    ticker.set_missed_tick_behavior(MissedTickBehavior::Burst);
    let in_flight = Arc::new(AtomicU64::new(0));
    let mut tasks = JoinSet::new();
    let mut dropped = 0;
    let mut n = 0usize;
    loop {
        ticker.tick().await;
        if start.elapsed() >= until {
            break;
        }
        // Reap what has finished, so the set does not grow with the run.
        while tasks.try_join_next().is_some() {}
        if in_flight.load(Ordering::Relaxed) as usize >= max_in_flight {
            dropped += 1;
            continue;
        }
        in_flight.fetch_add(1, Ordering::Relaxed);
        let (shared, in_flight) = (shared.clone(), in_flight.clone());
        let index = n;
        n += 1;
        tasks.spawn(async move {
            one_op(&shared, index, start).await;
            in_flight.fetch_sub(1, Ordering::Relaxed);
        });
    }
    while tasks.join_next().await.is_some() {}
    dropped
}

/// Nearest-rank percentiles of `values` (sorted here).
fn percentiles(values: &mut [f64]) -> serde_json::Value {
    if values.is_empty() {
        return serde_json::Value::Null;
    }
    values.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
        values[rank.clamp(1, values.len()) - 1]
    };
    let round = |v: f64| (v * 100.0).round() / 100.0;
    serde_json::json!({
        "p50": round(at(50.0)),
        "p90": round(at(90.0)),
        "p99": round(at(99.0)),
        "max": round(at(100.0)),
        "mean": round(values.iter().sum::<f64>() / values.len() as f64),
    })
}

fn client(gateway: &str) -> anyhow::Result<Client> {
    // One attempt per call: a failure is counted, not hidden by a retry.
    Client::builder()
        .base_url(gateway)
        .max_attempts(1)
        .timeout(Duration::from_secs(15))
        .user_agent("bookstore-saga-load")
        .build()
        .context("building the client")
}

/// A valid ISBN-13 with random digits (979 prefix), so each run creates a book of its own.
fn random_isbn() -> String {
    let random = Uuid::new_v4().as_u128();
    let mut digits: Vec<u32> = vec![9, 7, 9];
    let mut r = random;
    for _ in 0..9 {
        digits.push((r % 10) as u32);
        r /= 10;
    }
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .filter_map(|d| char::from_digit(*d, 10))
        .collect()
}

async fn setup(args: &Args) -> anyhow::Result<(Vec<Client>, Uuid)> {
    let admin = client(&args.gateway)?;
    admin
        .auth()
        .login(&LoginRequest {
            email: args.admin_email.clone(),
            password: args.admin_password.clone(),
        })
        .await
        .context("logging in as the admin")?;
    let run = Uuid::new_v4().simple().to_string();
    let book = admin
        .books()
        .create(&NewBook {
            isbn: random_isbn(),
            title: format!("Saga load {}", &run[..8]),
            subtitle: None,
            description: None,
            authors: Vec::new(),
            genres: Vec::new(),
            language: None,
            pages: None,
            published_on: None,
            publisher: None,
            price: Money::new(1299, "EUR"),
            stock: 1_000_000_000,
        })
        .await
        .context("creating the book")?;

    // Registering hashes a password (Argon2id): a few at a time.
    let mut customers = Vec::with_capacity(args.customers);
    let mut pending = JoinSet::new();
    for i in 0..args.customers.max(1) {
        let c = client(&args.gateway)?;
        let email = format!("load-{}-{i}@example.com", &run[..12]);
        let password = format!("load password {run} {i}");
        pending.spawn(async move {
            c.auth()
                .register(&RegisterRequest {
                    email,
                    name: format!("Load customer {i}"),
                    password,
                })
                .await
                .map(|_| c)
        });
        if pending.len() >= 4
            && let Some(done) = pending.join_next().await
        {
            customers.push(done?.context("registering a customer")?);
        }
    }
    while let Some(done) = pending.join_next().await {
        customers.push(done?.context("registering a customer")?);
    }
    Ok((customers, book.id))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(rate) = args.rate
        && !(rate > 0.0 && rate.is_finite())
    {
        bail!("--rate must be above 0");
    }
    let (customers, book_id) = setup(&args).await?;
    eprintln!(
        "saga-load: {} customers, book {book_id}; {} for {:?} after a {:?} warm-up",
        customers.len(),
        match (args.rate, args.workers) {
            (Some(rate), _) => format!("open loop at {rate}/s"),
            (None, w) => format!("closed loop with {} workers", w.unwrap_or(64)),
        },
        args.duration,
        args.warmup,
    );
    let shared = Arc::new(Shared {
        customers,
        book_id,
        poll: args.poll,
        settle_timeout: args.settle_timeout,
        baseline: args.baseline,
        samples: Mutex::new(Vec::new()),
        polls: AtomicU64::new(0),
        poll_errors: AtomicU64::new(0),
    });

    let until = args.warmup + args.duration;
    let start = Instant::now();
    // Polls are counted from the end of the warm-up (so roughly those of the measured orders).
    {
        let (shared, warmup) = (shared.clone(), args.warmup);
        tokio::spawn(async move {
            tokio::time::sleep(warmup).await;
            shared.polls.store(0, Ordering::Relaxed);
            shared.poll_errors.store(0, Ordering::Relaxed);
        });
    }
    let dropped = match args.rate {
        Some(rate) => open_loop(shared.clone(), rate, args.max_in_flight, start, until).await,
        None => {
            closed_loop(shared.clone(), args.workers.unwrap_or(64), start, until).await;
            0
        }
    };
    let finished = start.elapsed();

    let samples = std::mem::take(
        &mut *shared
            .samples
            .lock()
            .unwrap_or_else(PoisonError::into_inner),
    );
    let window = |s: &Sample| s.started >= args.warmup && s.started < until;
    let (mut confirm, mut observed, mut post, mut baseline) = (vec![], vec![], vec![], vec![]);
    let mut failures: BTreeMap<String, u64> = BTreeMap::new();
    let mut started = 0u64;
    for s in samples.iter().filter(|s| window(s)) {
        started += 1;
        match &s.outcome {
            Outcome::Confirmed {
                post_ms,
                confirm_ms,
                observed_ms,
            } => {
                post.push(*post_ms);
                confirm.push(*confirm_ms);
                observed.push(*observed_ms);
            }
            Outcome::Baseline { ms } => baseline.push(*ms),
            Outcome::Failed(why) => *failures.entry(why.clone()).or_default() += 1,
        }
    }
    let ok = if args.baseline {
        baseline.len()
    } else {
        confirm.len()
    };
    let failed: u64 = failures.values().sum();
    let seconds = args.duration.as_secs_f64();
    let per_second = ok as f64 / seconds;
    let polls = shared.polls.load(Ordering::Relaxed);
    let poll_errors = shared.poll_errors.load(Ordering::Relaxed);
    let drain = finished.saturating_sub(until);

    let mut result = serde_json::json!({
        "label": args.label,
        "mode": if args.baseline { "baseline GET /users/me" } else { "orders" },
        "loop": if args.rate.is_some() { "open" } else { "closed" },
        "workers": if args.rate.is_some() { None } else { Some(args.workers.unwrap_or(64)) },
        "offered_per_s": args.rate,
        "customers": shared.customers.len(),
        "duration_s": seconds,
        "warmup_s": args.warmup.as_secs_f64(),
        "poll_ms": ms(args.poll),
        "started": started,
        "ok": ok,
        "failed": failed,
        "failures": failures,
        "dropped_ticks": dropped,
        "ok_per_s": (per_second * 10.0).round() / 10.0,
        "drain_s": (drain.as_secs_f64() * 100.0).round() / 100.0,
    });
    if args.baseline {
        result["latency_ms"] = percentiles(&mut baseline);
    } else {
        result["confirm_ms"] = percentiles(&mut confirm);
        result["observed_ms"] = percentiles(&mut observed);
        result["post_ms"] = percentiles(&mut post);
        result["polls_per_order"] = serde_json::json!(if started > 0 {
            (polls as f64 / started as f64 * 100.0).round() / 100.0
        } else {
            0.0
        });
        result["poll_errors"] = serde_json::json!(poll_errors);
    }

    let line = |name: &str, v: &serde_json::Value| {
        if v.is_null() {
            return;
        }
        eprintln!(
            "  {name:<28} p50 {:>8.2}  p90 {:>8.2}  p99 {:>8.2}  max {:>8.2} ms",
            v["p50"].as_f64().unwrap_or_default(),
            v["p90"].as_f64().unwrap_or_default(),
            v["p99"].as_f64().unwrap_or_default(),
            v["max"].as_f64().unwrap_or_default(),
        );
    };
    eprintln!(
        "saga-load: {} {}/s ({ok} in {seconds:.1} s), {failed} failed, {dropped} ticks dropped, drained in {:.2} s",
        if args.baseline {
            "GET /users/me"
        } else {
            "confirmed orders"
        },
        (per_second * 10.0).round() / 10.0,
        drain.as_secs_f64(),
    );
    for (why, n) in &failures {
        eprintln!("  failed: {why}: {n}");
    }
    if args.baseline {
        line("GET /users/me", &result["latency_ms"]);
    } else {
        line("POST -> confirmed (history)", &result["confirm_ms"]);
        line("POST -> seen confirmed", &result["observed_ms"]);
        line("POST -> 202", &result["post_ms"]);
        eprintln!(
            "  polls per order {} ({poll_errors} failed polls)",
            result["polls_per_order"]
        );
    }
    println!("{result}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_are_valid() {
        for _ in 0..100 {
            let isbn = random_isbn();
            assert_eq!(isbn.len(), 13);
            let sum: u32 = isbn
                .chars()
                .filter_map(|c| c.to_digit(10))
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { d } else { d * 3 })
                .sum();
            assert_eq!(sum % 10, 0, "{isbn}");
        }
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("20s"), Ok(Duration::from_secs(20)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert!(parse_duration("fast").is_err());
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut values: Vec<f64> = (1..=100).map(f64::from).collect();
        let p = percentiles(&mut values);
        assert_eq!(p["p50"], 50.0);
        assert_eq!(p["p99"], 99.0);
        assert_eq!(p["max"], 100.0);
    }
}
