//! `bookstore notifications` against a stand-in gateway with an inbox, preferences, promotions
//! and deliveries in memory, and a live stream the tests feed: usage errors before anything is
//! sent, each command's table and JSON, exit codes, `watch` printing lines, reconnecting,
//! giving up, and stopping on Ctrl-C.

#![expect(clippy::unwrap_used)]

#[allow(dead_code, reason = "the support module is shared with cli.rs")]
mod support;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use support::{Answer, Gateway, Request, Response, bookstore, problem, respond, run};

const NOTE_1: &str = "0193a6f0-0000-7000-8000-00000000f001";
const NOTE_2: &str = "0193a6f0-0000-7000-8000-00000000f002";
const ORDER: &str = "0193a6f0-0000-7000-8000-00000000d001";
const USER: &str = "0193a6f0-0000-7000-8000-000000000001";
const PROMOTION: &str = "0193a6f0-0000-7000-8000-00000000c001";
const DELIVERY: &str = "0193a6f0-0000-7000-8000-00000000a001";
const AT: &str = "2026-11-26T10:00:00Z";

fn notification(id: &str, seq: i64, subject: &str) -> Value {
    json!({
        "id": id, "seq": seq, "kind": "order_confirmed", "topic": "orders",
        "subject": subject, "body": "We are packing it.", "order_id": ORDER,
        "order_status": "confirmed", "channels": ["email"],
        "created_at": format!("2026-11-26T10:00:{seq:02}Z"), "read_at": null,
        "unsubscribe_url": "http://127.0.0.1:8080/u/abc",
    })
}

/// One message as the service streams it.
fn event(seq: i64) -> String {
    let data = notification(NOTE_1, seq, &format!("Message {seq}"));
    format!("event: notification\nid: {seq}\ndata: {data}\n\n")
}

fn promotion(status: &str, processed: i64) -> Value {
    json!({
        "id": PROMOTION, "subject": "Autumn sale", "body": "All books 20% off.",
        "channels": ["email", "in_app"], "audience": "customers", "status": status,
        "recipients": if status == "queued" { Value::Null } else { json!(4) },
        "processed": processed, "notified": processed,
        "deliveries": {"pending": 0, "sent": processed, "failed": 0, "skipped": 0},
        "created_by": USER, "created_at": AT, "started_at": null, "completed_at": null,
    })
}

fn delivery(status: &str) -> Value {
    json!({
        "id": DELIVERY, "notification_id": NOTE_1, "user_id": USER, "kind": "promotion",
        "channel": "sms", "address": "+4915112345678", "status": status, "attempts": 5,
        "last_error": if status == "failed" { json!("provider said no") } else { Value::Null },
        "next_attempt_at": null, "created_at": AT, "sent_at": null, "promotion_id": PROMOTION,
    })
}

/// How the stand-in answers the next connection to the stream.
enum Plan {
    Status(u16),
    Events(Receiver<String>),
}

/// The notification service behind the stand-in gateway.
struct Store {
    inbox: Vec<Value>,
    preferences: Value,
    /// Reads of the promotion so far: it is sending at the first, completed at the second.
    promotion_reads: usize,
    delivery: Value,
    plans: VecDeque<Plan>,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            inbox: vec![
                notification(NOTE_2, 2, "Your order has shipped"),
                notification(NOTE_1, 1, "Your order is confirmed"),
            ],
            preferences: json!({"phone": null, "account": ["email", "in_app"],
                "orders": ["email", "in_app"], "promotions": []}),
            promotion_reads: 0,
            delivery: delivery("failed"),
            plans: VecDeque::new(),
        }
    }
}

impl Store {
    fn route(&mut self, r: &Request) -> Response {
        let admin = r.authorization.as_deref() == Some("Bearer admin-token");
        if !admin && r.authorization.as_deref() != Some("Bearer ada-token") {
            return problem(401, "missing token");
        }
        let path = r.target.split('?').next().unwrap_or_default();
        let segments: Vec<&str> = path.trim_start_matches("/api/v1/").split('/').collect();
        let admin_only = matches!(segments.as_slice(), ["promotions", ..])
            || matches!(segments.as_slice(), ["notifications", "deliveries", ..]);
        if admin_only && !admin {
            return problem(403, "this needs the admin role");
        }
        match (r.method.as_str(), segments.as_slice()) {
            ("GET", ["notifications"]) => {
                let unread = r.target.contains("unread=true");
                let items: Vec<&Value> = self
                    .inbox
                    .iter()
                    .filter(|n| !unread || n["read_at"].is_null())
                    .collect();
                respond(200, &json!({"items": items, "next_cursor": null}))
            }
            ("POST", ["notifications", "read-all"]) => {
                let mut marked = 0;
                for n in &mut self.inbox {
                    if n["read_at"].is_null() {
                        n["read_at"] = json!(AT);
                        marked += 1;
                    }
                }
                respond(200, &json!({"marked": marked}))
            }
            ("POST", ["notifications", id, "read"]) => {
                match self.inbox.iter_mut().find(|n| n["id"] == *id) {
                    Some(n) => {
                        n["read_at"] = json!("2026-11-26T10:05:00Z");
                        respond(200, n)
                    }
                    None => problem(404, "no such notification"),
                }
            }
            ("GET", ["notifications", "preferences"]) => respond(200, &self.preferences),
            ("PUT", ["notifications", "preferences"]) => {
                let body: Value = serde_json::from_str(&r.body).unwrap();
                self.preferences = body;
                respond(200, &self.preferences)
            }
            ("GET", ["notifications", "deliveries"]) => {
                respond(200, &json!({"items": [self.delivery], "next_cursor": null}))
            }
            ("POST", ["notifications", "deliveries", id, "retry"]) if *id == DELIVERY => {
                if self.delivery["status"] != "failed" {
                    return problem(409, "only a failed delivery can be retried");
                }
                self.delivery = delivery("pending");
                respond(200, &self.delivery)
            }
            ("POST", ["promotions"]) => respond(202, &promotion("queued", 0)),
            ("GET", ["promotions"]) => respond(
                200,
                &json!({"items": [promotion("completed", 4)], "next_cursor": null}),
            ),
            ("GET", ["promotions", id]) if *id == PROMOTION => {
                self.promotion_reads += 1;
                match self.promotion_reads {
                    1 => respond(200, &promotion("sending", 2)),
                    _ => respond(200, &promotion("completed", 4)),
                }
            }
            _ => problem(404, "no route"),
        }
    }

    fn stream(&mut self, r: &Request) -> Option<Answer> {
        if !r.target.starts_with("/api/v1/notifications/stream") {
            return None;
        }
        if r.authorization.as_deref() != Some("Bearer ada-token") {
            return Some(Answer::Whole(problem(401, "the token has expired")));
        }
        Some(match self.plans.pop_front() {
            Some(Plan::Events(events)) => Answer::Events(events),
            Some(Plan::Status(status)) => Answer::Whole(problem(status, "stream refused")),
            None => Answer::Whole(problem(503, "the notification service is unavailable")),
        })
    }
}

fn store() -> (Gateway, Arc<Mutex<Store>>) {
    let state = Arc::new(Mutex::new(Store::default()));
    let routes = Arc::clone(&state);
    let streams = Arc::clone(&state);
    let gateway = Gateway::with_streams(
        move |r: &Request| routes.lock().unwrap().route(r),
        move |r: &Request| streams.lock().unwrap().stream(r),
    );
    (gateway, state)
}

/// A connection to the stream the test feeds; dropping the sender ends it.
fn open(state: &Mutex<Store>) -> Sender<String> {
    let (tx, rx) = mpsc::channel();
    state.lock().unwrap().plans.push_back(Plan::Events(rx));
    tx
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn bad_input_is_a_usage_error_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (strings(&["read"]), "--all"),
        (strings(&["read", NOTE_1, "--all"]), "cannot be used with"),
        (strings(&["read", "7"]), "not an id"),
        (strings(&["list", "--limit", "0"]), "0"),
        (strings(&["watch", "--since", "-1"]), "-1"),
        (strings(&["watch", "--since", "soon"]), "soon"),
        (
            strings(&["preferences", "--orders", "email,pigeon"]),
            "unknown channel `pigeon`",
        ),
        (
            strings(&["preferences", "--account", "none,email"]),
            "none stands alone",
        ),
        (
            strings(&["preferences", "--phone", "0151 12345678"]),
            "is not a phone number in E.164 form",
        ),
        (
            strings(&["preferences", "--phone", "+4915112345678", "--no-phone"]),
            "cannot be used with",
        ),
        (strings(&["promote", "--subject", "Sale"]), "--body"),
        (
            strings(&[
                "promote",
                "--subject",
                "Sale",
                "--body",
                "x",
                "--channel",
                "fax",
            ]),
            "fax",
        ),
        (
            strings(&[
                "promote",
                "--subject",
                "Sale",
                "--body",
                "x",
                "--audience",
                "everyone",
            ]),
            "everyone",
        ),
        (
            strings(&[
                "promote",
                "--subject",
                "Sale",
                "--body-file",
                "/nonexistent/body.txt",
            ]),
            "cannot read /nonexistent/body.txt",
        ),
        (
            strings(&["promote", "--subject", "Sale", "--body-file", "-"]),
            "the promotion's body is empty",
        ),
        (
            strings(&["promote", "--subject", &"x".repeat(201), "--body", "x"]),
            "at most 200",
        ),
        (strings(&["deliveries", "--status", "lost"]), "lost"),
        (strings(&["retry", "x"]), "not an id"),
    ];
    for (args, needle) in cases {
        let r = run(bookstore(dir.path(), "http://127.0.0.1:9", "ada-token")
            .arg("notifications")
            .args(&args)
            .write_stdin("\n"));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
        // Our own messages are one line; clap adds a usage line to its own.
        if r.stderr.starts_with("bookstore: ") {
            assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        }
    }
}

#[test]
fn list_and_read_in_tables_and_json() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "ada-token");

    let r = run(cmd().args(["notifications", "list", "--unread", "--limit", "5"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "ID                                    SEQ  CREATED               READ  KIND             SUBJECT\n\
             {NOTE_2}  2    2026-11-26 10:00 UTC  no    order_confirmed  Your order has shipped\n\
             {NOTE_1}  1    2026-11-26 10:00 UTC  no    order_confirmed  Your order is confirmed\n"
        )
    );

    let r = run(cmd().args(["notifications", "read", NOTE_1, "-o", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let read: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(read["id"], NOTE_1);
    assert_eq!(read["read_at"], "2026-11-26T10:05:00Z");
    assert!(r.stderr.contains("Marked notification"), "{}", r.stderr);

    let r = run(cmd().args(["notifications", "list", "--unread", "-o", "json"]));
    let page: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["seq"], 2);

    let r = run(cmd().args(["notifications", "read", "--all"]));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "1 notification marked read\n")
    );
    let r = run(cmd().args(["notifications", "read", "--all", "-o", "json"]));
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).unwrap(),
        json!({"marked": 0})
    );
    let r = run(cmd().args(["notifications", "list", "--unread"]));
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert!(r.stderr.contains("No unread notifications."));

    let r = run(cmd().args([
        "notifications",
        "read",
        "0193a6f0-0000-7000-8000-0000000000ff",
    ]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (4, "bookstore: no such notification\n")
    );

    let targets: Vec<(String, String)> = gateway
        .requests()
        .into_iter()
        .map(|r| (r.method, r.target))
        .collect();
    assert_eq!(
        targets[0],
        (
            "GET".to_owned(),
            "/api/v1/notifications?unread=true&limit=5".to_owned()
        )
    );
    assert_eq!(
        targets[1],
        (
            "POST".to_owned(),
            format!("/api/v1/notifications/{NOTE_1}/read")
        )
    );
    assert!(targets.contains(&(
        "POST".to_owned(),
        "/api/v1/notifications/read-all".to_owned()
    )));
}

#[test]
fn preferences_are_shown_and_changed_where_named() {
    let (gateway, state) = store();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "ada-token");

    let r = run(cmd().args(["notifications", "preferences"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Phone       none\n\
         Account     email, in_app\n\
         Orders      email, in_app\n\
         Promotions  none\n"
    );

    // No phone number for the text messages: refused before anything is changed.
    let r = run(cmd().args(["notifications", "preferences", "--orders", "sms"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "bookstore: text messages (orders) need a phone number: add --phone +4915112345678, \
         or leave sms out\n"
    );
    assert!(gateway.requests().iter().all(|r| r.method == "GET"));

    let r = run(cmd().args([
        "notifications",
        "preferences",
        "--phone",
        "+49 151 12345678",
        "--orders",
        "sms,in_app",
        "--promotions",
        "email",
        "-o",
        "json",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = json!({"phone": "+4915112345678", "account": ["email", "in_app"],
        "orders": ["sms", "in_app"], "promotions": ["email"]});
    assert_eq!(serde_json::from_str::<Value>(&r.stdout).unwrap(), expected);
    assert!(r.stderr.contains("Saved your preferences."), "{}", r.stderr);
    let put = gateway
        .requests()
        .into_iter()
        .find(|r| r.method == "PUT")
        .unwrap();
    assert_eq!(put.target, "/api/v1/notifications/preferences");
    assert_eq!(serde_json::from_str::<Value>(&put.body).unwrap(), expected);

    let r = run(cmd().args([
        "notifications",
        "preferences",
        "--orders",
        "none",
        "--no-phone",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Phone       none\n\
         Account     email, in_app\n\
         Orders      none\n\
         Promotions  email\n"
    );
    assert_eq!(state.lock().unwrap().preferences["phone"], Value::Null);
}

#[test]
fn promote_prints_the_promotion_and_waits_for_it() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "admin-token");

    let r = run(cmd()
        .args([
            "notifications",
            "promote",
            "--subject",
            "Autumn sale",
            "--body-file",
            "-",
            "--channel",
            "email",
            "--channel",
            "in_app",
            "--audience",
            "customers",
            "-o",
            "json",
        ])
        .write_stdin("All books 20% off.\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let queued: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(queued["status"], "queued");
    assert!(
        r.stderr.contains(&format!(
            "follow it with `bookstore notifications promotions {PROMOTION}`"
        )),
        "{}",
        r.stderr
    );
    let post = gateway.requests().pop().unwrap();
    assert_eq!(
        (post.method.as_str(), post.target.as_str()),
        ("POST", "/api/v1/promotions")
    );
    assert_eq!(
        serde_json::from_str::<Value>(&post.body).unwrap(),
        json!({"subject": "Autumn sale", "body": "All books 20% off.",
            "channels": ["email", "in_app"], "audience": "customers"})
    );

    // Piped, so no bar: only the completed promotion on stdout.
    let r = run(cmd().args([
        "notifications",
        "promote",
        "--subject",
        "Autumn sale",
        "--body",
        "All books 20% off.",
        "--wait",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Status      completed\n")
            && r.stdout.contains("Progress    4 of 4 readers (100%)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains(&format!(
            "Promotion {PROMOTION} is completed: 4 messages written"
        )),
        "{}",
        r.stderr
    );
    let body: Value = serde_json::from_str(
        &gateway
            .requests()
            .into_iter()
            .rfind(|r| r.method == "POST")
            .unwrap()
            .body,
    )
    .unwrap();
    assert_eq!(body["channels"], json!(["email", "in_app"]));
    assert_eq!(body["audience"], "all");

    let r = run(bookstore(dir.path(), &gateway.url, "ada-token").args([
        "notifications",
        "promote",
        "--subject",
        "S",
        "--body",
        "B",
    ]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (3, "bookstore: this needs the admin role\n")
    );
}

#[test]
fn promotions_deliveries_and_retry() {
    let (gateway, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "admin-token");

    let r = run(cmd().args(["notifications", "promotions"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "ID                                    STATUS     AUDIENCE   PROGRESS  CREATED               SUBJECT\n\
             {PROMOTION}  completed  customers  4/4       2026-11-26 10:00 UTC  Autumn sale\n"
        )
    );
    let r = run(cmd().args(["notifications", "promotions", PROMOTION, "-o", "yaml"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("status: sending"), "{}", r.stdout);

    let r = run(cmd().args([
        "notifications",
        "deliveries",
        "--status",
        "failed",
        "--channel",
        "sms",
        "--promotion",
        PROMOTION,
        "--user",
        USER,
        "--limit",
        "10",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "ID                                    CHANNEL  STATUS  ADDRESS         ATTEMPTS  CREATED               LAST ERROR\n\
             {DELIVERY}  sms      failed  +4915112345678  5         2026-11-26 10:00 UTC  provider said no\n"
        )
    );
    let r = run(cmd().args(["notifications", "retry", DELIVERY, "-o", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).unwrap()["status"],
        "pending"
    );
    assert!(r.stderr.contains("is pending again"), "{}", r.stderr);
    let r = run(cmd().args(["notifications", "retry", DELIVERY]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (5, "bookstore: only a failed delivery can be retried\n")
    );

    let r =
        run(bookstore(dir.path(), &gateway.url, "ada-token").args(["notifications", "deliveries"]));
    assert_eq!(r.code, 3, "{}", r.stderr);

    let targets: Vec<String> = gateway.requests().into_iter().map(|r| r.target).collect();
    assert!(targets.contains(&format!(
        "/api/v1/notifications/deliveries?status=failed&channel=sms&user_id={USER}&promotion_id={PROMOTION}&limit=10"
    )));
    assert!(targets.contains(&format!("/api/v1/promotions/{PROMOTION}")));
}

/// A running `notifications watch`, its stdout read line by line as it comes.
struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Watch {
    fn start(config: &Path, gateway: &str, args: &[&str]) -> Watch {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bookstore"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("BOOKSTORE_CONFIG_DIR", config)
            .env("BOOKSTORE_GATEWAY", gateway)
            .env("BOOKSTORE_TOKEN", "ada-token")
            .args(["notifications", "watch"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if tx.send(line.unwrap()).is_err() {
                    return;
                }
            }
        });
        Watch { child, lines }
    }

    fn line(&self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(10))
            .expect("a line in time")
    }

    /// Ctrl-C, then the exit code and stderr.
    fn interrupt(self) -> (i32, String) {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        self.finish()
    }

    fn finish(mut self) -> (i32, String) {
        let code = self.child.wait().unwrap().code().unwrap();
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(self.lines.try_recv().is_err(), "more output than expected");
        (code, stderr)
    }
}

#[test]
fn watch_prints_each_notification_and_reconnects_where_it_left_off() {
    let (gateway, state) = store();
    let dir = tempfile::tempdir().unwrap();
    let first = open(&state);
    let second = open(&state);
    let watch = Watch::start(dir.path(), &gateway.url, &["--since", "3", "-o", "json"]);

    first.send("retry: 10\n: keep-alive\n\n".into()).unwrap();
    first.send(event(4)).unwrap();
    let line: Value = serde_json::from_str(&watch.line()).unwrap();
    assert_eq!(line, notification(NOTE_1, 4, "Message 4"));
    // The server ends the stream (an expired token, a restart): the command reconnects.
    drop(first);
    // The replay overlaps what was printed: #4 is not printed again.
    second.send(event(4)).unwrap();
    second.send(event(5)).unwrap();
    let line: Value = serde_json::from_str(&watch.line()).unwrap();
    assert_eq!(line["seq"], 5);

    let (code, stderr) = watch.interrupt();
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "Following your notifications; Ctrl-C to stop.");
    assert!(
        lines[1].contains("/api/v1/notifications/stream was ended by the server; reconnecting in")
            && lines[1].ends_with("s (attempt 1 of 10)"),
        "{stderr}"
    );
    assert_eq!(lines[2], "Reconnected; resuming after #4.");

    let streams: Vec<Option<String>> = gateway
        .requests()
        .into_iter()
        .filter(|r| r.target == "/api/v1/notifications/stream")
        .map(|r| r.header("last-event-id").map(str::to_owned))
        .collect();
    assert_eq!(streams, [Some("3".to_owned()), Some("4".to_owned())]);
}

#[test]
fn watch_prints_readable_lines_on_a_terminal_or_table() {
    let (gateway, state) = store();
    let dir = tempfile::tempdir().unwrap();
    let feed = open(&state);
    let watch = Watch::start(dir.path(), &gateway.url, &["-q"]);
    feed.send(event(7)).unwrap();
    assert_eq!(
        watch.line(),
        "2026-11-26 10:00:07 UTC  #7     order_confirmed   Message 7"
    );
    let (code, stderr) = watch.interrupt();
    assert_eq!((code, stderr.as_str()), (0, ""));
    let stream = gateway
        .requests()
        .into_iter()
        .find(|r| r.target == "/api/v1/notifications/stream")
        .unwrap();
    assert_eq!(stream.header("last-event-id"), None);
    assert_eq!(stream.header("accept"), Some("text/event-stream"));
}

#[test]
fn watch_gives_up_with_1_and_an_expired_login_is_3() {
    let (gateway, state) = store();
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = state.lock().unwrap();
        store.plans.push_back(Plan::Status(503));
        store.plans.push_back(Plan::Status(502));
    }
    let watch = Watch::start(dir.path(), &gateway.url, &["--retries", "1"]);
    let (code, stderr) = watch.finish();
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with("stream refused; reconnecting in ")
            && lines[0].ends_with("s (attempt 1 of 1)"),
        "{stderr}"
    );
    assert_eq!(
        lines[1],
        "bookstore: gave up following notifications: stream refused"
    );

    let r = run(bookstore(dir.path(), &gateway.url, "old-token").args(["notifications", "watch"]));
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "bookstore: the token has expired (run `bookstore auth login`)\n"
    );
}
