//! Load for the notification service's live stream (`GET /api/v1/notifications/stream`).
//!
//! Registers a few readers (at the user service), has each opt in to promotions in the
//! inbox (at the notification service), then follows commands read from stdin, one a line,
//! answering each with one JSON line on stdout, so that a script can look at the server
//! between the steps:
//!
//! - `open`: opens `--streams` streams straight to the notification service, round-robin over
//!   the readers, and answers once every one has answered `200` and sent its first bytes (or
//!   failed);
//! - `publish`: publishes a promotion as the admin (in the inbox only, to every customer) and
//!   answers once every open stream has received it as a `notification` event (or after
//!   `--timeout`), with the time from sending the POST to each stream's event;
//! - `close`: drops every stream. EOF on stdin does too, and ends the program.
//!
//! A stream that ends while it should be open is counted, never reopened, so nothing is
//! hidden. A summary goes to stderr.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bookstore_sdk::Client;
use bookstore_sdk::types::{
    Audience, Channel, LoginRequest, NewPromotion, Preferences, RegisterRequest,
};
use clap::Parser;
use serde_json::json;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, watch};
use tokio::task::JoinSet;
use uuid::Uuid;

#[derive(Debug, Parser)]
#[command(
    version,
    about = "Holds many live notification streams open and counts what reaches them"
)]
struct Args {
    /// The user service (registration and login).
    #[arg(long, default_value = "http://127.0.0.1:8081")]
    user_url: String,
    /// The notification service the streams go to (preferences, the stream, promotions).
    #[arg(long, default_value = "http://127.0.0.1:8085")]
    notification_url: String,
    /// An admin account, to publish the promotion.
    #[arg(long, env = "BOOKSTORE_ADMIN_EMAIL")]
    admin_email: String,
    #[arg(long, env = "BOOKSTORE_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: String,
    /// Streams to open.
    #[arg(long, default_value_t = 1000)]
    streams: usize,
    /// Readers registered for the run; the streams go round them.
    #[arg(long, default_value_t = 10)]
    users: usize,
    /// Streams being opened at once.
    #[arg(long, default_value_t = 64)]
    connect_concurrency: usize,
    /// The longest a stream may take to open.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    open_timeout: Duration,
    /// The longest `publish` waits for every stream to get the message.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    timeout: Duration,
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

/// The promotion being waited for: what its events carry, and when its POST was sent.
struct Published {
    id: String,
    at: Instant,
}

/// What the streams share and count.
#[derive(Default)]
struct Stats {
    /// Streams open now.
    open: AtomicUsize,
    /// Streams that could not be opened, by why.
    refused: Mutex<BTreeMap<String, usize>>,
    /// Streams that ended while they should have stayed open, by why.
    ended: Mutex<BTreeMap<String, usize>>,
    /// `notification` events received, whatever they carried.
    events: AtomicUsize,
    /// Streams that received the published promotion.
    reached: AtomicUsize,
    /// Per stream that received it: milliseconds from the POST to its event.
    latencies_ms: Mutex<Vec<f64>>,
    published: OnceLock<Published>,
}

fn bump(map: &Mutex<BTreeMap<String, usize>>, why: String) {
    *map.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(why)
        .or_default() += 1;
}

fn counts(map: &Mutex<BTreeMap<String, usize>>) -> serde_json::Value {
    json!(*map.lock().unwrap_or_else(PoisonError::into_inner))
}

fn why(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connect".into()
    } else if e.is_body() || e.is_decode() {
        "body".into()
    } else {
        "request".into()
    }
}

/// Reads server-sent events out of a stream's bytes, as they arrive in any chunks.
#[derive(Default)]
struct Events {
    partial: Vec<u8>,
    event: String,
    data: String,
    /// Whether this stream has received the published promotion.
    reached: bool,
}

impl Events {
    fn feed(&mut self, bytes: &[u8], stats: &Stats) {
        self.partial.extend_from_slice(bytes);
        while let Some(end) = self.partial.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                self.dispatch(stats);
            } else if let Some(value) = line.strip_prefix("event:") {
                self.event = value.trim_start().to_owned();
            } else if let Some(value) = line.strip_prefix("data:") {
                self.data.push_str(value.trim_start());
            }
        }
    }

    fn dispatch(&mut self, stats: &Stats) {
        let event = std::mem::take(&mut self.event);
        let data = std::mem::take(&mut self.data);
        if event != "notification" {
            return;
        }
        stats.events.fetch_add(1, Ordering::Relaxed);
        let Some(published) = stats.published.get() else {
            return;
        };
        if self.reached || !data.contains(&published.id) {
            return;
        }
        self.reached = true;
        let ms = published.at.elapsed().as_secs_f64() * 1000.0;
        stats
            .latencies_ms
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(ms);
        stats.reached.fetch_add(1, Ordering::Relaxed);
    }
}

/// One stream: opens it (holding `permit` meanwhile), then reads it until `close`.
async fn hold(
    http: reqwest::Client,
    url: String,
    token: String,
    stats: Arc<Stats>,
    permit: OwnedSemaphorePermit,
    open_timeout: Duration,
    mut close: watch::Receiver<bool>,
) {
    let opening = async {
        let mut response = http
            .get(&url)
            .bearer_auth(&token)
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .send()
            .await
            .map_err(|e| why(&e))?;
        if !response.status().is_success() {
            return Err(format!("HTTP {}", response.status().as_u16()));
        }
        // The first bytes (the `retry:` field) show the body is flowing, not just the headers.
        let first = response
            .chunk()
            .await
            .map_err(|e| why(&e))?
            .ok_or_else(|| "closed at once".to_owned())?;
        Ok((response, first))
    };
    let (mut response, first) = match tokio::time::timeout(open_timeout, opening).await {
        Ok(Ok(opened)) => opened,
        Ok(Err(e)) => return bump(&stats.refused, e),
        Err(_) => return bump(&stats.refused, "timeout".into()),
    };
    drop(permit);
    stats.open.fetch_add(1, Ordering::Relaxed);
    let mut events = Events::default();
    events.feed(&first, &stats);
    loop {
        tokio::select! {
            _ = close.changed() => break,
            chunk = response.chunk() => match chunk {
                Ok(Some(bytes)) => events.feed(&bytes, &stats),
                Ok(None) => {
                    bump(&stats.ended, "closed by the server".into());
                    break;
                }
                Err(e) => {
                    bump(&stats.ended, why(&e));
                    break;
                }
            }
        }
    }
    stats.open.fetch_sub(1, Ordering::Relaxed);
}

/// Nearest-rank percentiles of `values` (sorted here).
fn percentiles(values: &mut [f64]) -> serde_json::Value {
    values.sort_by(f64::total_cmp);
    let at = |p: f64| -> f64 {
        if values.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
        values[rank.clamp(1, values.len()) - 1]
    };
    let round = |v: f64| (v * 10.0).round() / 10.0;
    json!({
        "p50": round(at(50.0)),
        "p90": round(at(90.0)),
        "p99": round(at(99.0)),
        "max": round(at(100.0)),
    })
}

fn client(base: &str, token: Option<&str>) -> anyhow::Result<Client> {
    let mut builder = Client::builder()
        .base_url(base)
        .max_attempts(1)
        .timeout(Duration::from_secs(30))
        .user_agent("bookstore-stream-load");
    if let Some(token) = token {
        builder = builder.token(token);
    }
    builder.build().context("building the client")
}

/// Logs the admin in and registers the readers, each opted in to promotions in the inbox.
/// Returns the admin's client (at the notification service) and the readers' tokens.
async fn setup(args: &Args) -> anyhow::Result<(Client, Vec<String>)> {
    let admin = client(&args.user_url, None)?
        .auth()
        .login(&LoginRequest {
            email: args.admin_email.clone(),
            password: args.admin_password.clone(),
        })
        .await
        .context("logging in as the admin")?;
    let admin = client(&args.notification_url, Some(&admin.access_token))?;
    let run = Uuid::new_v4().simple().to_string();
    let mut tokens = Vec::with_capacity(args.users);
    let mut pending = JoinSet::new();
    for i in 0..args.users.max(1) {
        let (user_url, notification_url) = (args.user_url.clone(), args.notification_url.clone());
        let run = run.clone();
        pending.spawn(async move {
            let pair = client(&user_url, None)?
                .auth()
                .register(&RegisterRequest {
                    email: format!("stream-{}-{i}@example.com", &run[..12]),
                    name: format!("Stream reader {i}"),
                    password: format!("stream password {run} {i}"),
                })
                .await
                .context("registering a reader")?;
            client(&notification_url, Some(&pair.access_token))?
                .notifications()
                .set_preferences(&Preferences {
                    promotions: vec![Channel::InApp],
                    ..Preferences::default()
                })
                .await
                .context("opting a reader in to promotions")?;
            anyhow::Ok(pair.access_token)
        });
        // Registering hashes a password (Argon2id): a few at a time.
        if pending.len() >= 4
            && let Some(done) = pending.join_next().await
        {
            tokens.push(done??);
        }
    }
    while let Some(done) = pending.join_next().await {
        tokens.push(done??);
    }
    Ok((admin, tokens))
}

/// `open`: every stream, at most `--connect-concurrency` opening at once.
async fn open(
    args: &Args,
    tokens: &[String],
    stats: &Arc<Stats>,
    close: &watch::Receiver<bool>,
    tasks: &mut JoinSet<()>,
) -> anyhow::Result<serde_json::Value> {
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .tcp_nodelay(true)
        .user_agent("bookstore-stream-load")
        .build()
        .context("building the HTTP client")?;
    let url = format!(
        "{}/api/v1/notifications/stream",
        args.notification_url.trim_end_matches('/')
    );
    let gate = Arc::new(Semaphore::new(args.connect_concurrency.max(1)));
    let started = Instant::now();
    for i in 0..args.streams {
        let permit = gate.clone().acquire_owned().await?;
        tasks.spawn(hold(
            http.clone(),
            url.clone(),
            tokens[i % tokens.len()].clone(),
            stats.clone(),
            permit,
            args.open_timeout,
            close.clone(),
        ));
    }
    // Every permit back: every stream is open or has failed.
    let all = u32::try_from(args.connect_concurrency.max(1))?;
    drop(gate.acquire_many(all).await?);
    Ok(json!({
        "phase": "open",
        "requested": args.streams,
        "open": stats.open.load(Ordering::Relaxed),
        "refused": counts(&stats.refused),
        "ended": counts(&stats.ended),
        "seconds": (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
    }))
}

/// `publish`: the promotion, then the wait for every open stream to show it.
async fn publish(
    args: &Args,
    admin: &Client,
    stats: &Arc<Stats>,
) -> anyhow::Result<serde_json::Value> {
    if stats.published.get().is_some() {
        bail!("publish works once per run");
    }
    let streams = stats.open.load(Ordering::Relaxed);
    let sent = Instant::now();
    let promotion = admin
        .promotions()
        .create(&NewPromotion {
            subject: "Live stream check".into(),
            body: "This promotion checks that every open live stream hears of it.".into(),
            channels: vec![Channel::InApp],
            audience: Audience::Customers,
        })
        .await
        .context("publishing the promotion")?;
    let post_ms = sent.elapsed().as_secs_f64() * 1000.0;
    // Its events carry its id; one arriving before this is set is counted but not timed,
    // which cannot happen: the fan-out starts after the POST has answered.
    let _ = stats.published.set(Published {
        id: promotion.id.to_string(),
        at: sent,
    });
    let deadline = tokio::time::Instant::now() + args.timeout;
    while stats.reached.load(Ordering::Relaxed) < streams && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut latencies = stats
        .latencies_ms
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    Ok(json!({
        "phase": "published",
        "promotion_id": promotion.id,
        "streams": streams,
        "reached": stats.reached.load(Ordering::Relaxed),
        "events": stats.events.load(Ordering::Relaxed),
        "open": stats.open.load(Ordering::Relaxed),
        "ended": counts(&stats.ended),
        "post_ms": (post_ms * 10.0).round() / 10.0,
        "latency_ms": percentiles(&mut latencies),
    }))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.streams == 0 {
        bail!("--streams must be at least 1");
    }
    let (admin, tokens) = setup(&args).await?;
    println!(
        "{}",
        json!({ "phase": "setup", "users": tokens.len(), "streams": args.streams })
    );
    eprintln!(
        "stream-load: {} readers registered and opted in; waiting for commands on stdin",
        tokens.len()
    );

    // stdin blocks: a thread of its own feeds the commands in.
    let (commands_tx, mut commands) = mpsc::channel::<String>(8);
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            if commands_tx.blocking_send(line).is_err() {
                break;
            }
        }
    });

    let stats = Arc::new(Stats::default());
    let (close_tx, close) = watch::channel(false);
    let mut tasks = JoinSet::new();
    while let Some(command) = commands.recv().await {
        let answer = match command.trim() {
            "open" => open(&args, &tokens, &stats, &close, &mut tasks).await?,
            "publish" => publish(&args, &admin, &stats).await?,
            "close" => break,
            "" => continue,
            other => json!({ "phase": "error", "error": format!("unknown command `{other}`") }),
        };
        eprintln!("stream-load: {answer}");
        println!("{answer}");
    }
    let _ = close_tx.send(true);
    while tasks.join_next().await.is_some() {}
    let answer = json!({
        "phase": "closed",
        "open": stats.open.load(Ordering::Relaxed),
        "refused": counts(&stats.refused),
        "ended": counts(&stats.ended),
        "events": stats.events.load(Ordering::Relaxed),
    });
    eprintln!("stream-load: {answer}");
    println!("{answer}");
    Ok(())
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_chunks_are_counted_once_and_timed() {
        let stats = Stats::default();
        stats
            .published
            .set(Published {
                id: "p-1".into(),
                at: Instant::now(),
            })
            .ok()
            .unwrap();
        let mut events = Events::default();
        events.feed(b"retry: 2000\n\n: keep-alive\n\nevent: notifi", &stats);
        assert_eq!(stats.events.load(Ordering::Relaxed), 0);
        events.feed(b"cation\nid: 7\ndata: {\"promotion_id\":\"p-1\"}\n", &stats);
        assert_eq!(
            stats.events.load(Ordering::Relaxed),
            0,
            "not until the blank line"
        );
        events.feed(
            b"\nevent:notification\ndata: {\"promotion_id\":\"p-1\"}\n\n",
            &stats,
        );
        assert_eq!(stats.events.load(Ordering::Relaxed), 2);
        assert_eq!(
            stats.reached.load(Ordering::Relaxed),
            1,
            "one stream, reached once"
        );
        assert_eq!(stats.latencies_ms.lock().unwrap().len(), 1);
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
