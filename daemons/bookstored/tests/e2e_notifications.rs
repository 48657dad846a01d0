//! End to end, notifications in the embedded default: a real `bookstored` tells a customer
//! about their account and orders by email (to a real SMTP server, or into the `.eml` files it
//! writes without one) and in the inbox, once each, also when the SMTP server is down for a
//! while; `bookstore notifications watch` follows the live stream across a crash of the
//! daemon; and a promotion to thousands of readers reaches each one who opted in exactly once
//! although the daemon is killed in the middle of it.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bookstore_kit::testing::smtp::{self, Aiosmtpd};
use diesel::connection::SimpleConnection as _;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection as _, QueryableByName, RunQueryDsl as _, SqliteConnection};
use serde_json::Value;
use support::load::DECLINED_CARD;
use support::mail::{self, Mail};
use support::shop::{about, order_ref};
use support::{Cli, DaemonBuilder, Running, bookstored, eventually};

const ADMIN_EMAIL: &str = "admin@example.com";
const ADMIN_PASSWORD: &str = "Admin-password-2026";

/// How long a check may take to come true before the test fails: generous, for a loaded
/// machine; the checks pass as soon as they hold.
const PATIENCE: Duration = Duration::from_secs(30);
/// How long the tests watch for a message arriving a second time after all have arrived.
const PAUSE: Duration = Duration::from_secs(3);

/// An embedded store in `data` with a known admin and no demo catalog.
fn store(data: &Path) -> DaemonBuilder {
    bookstored(data)
        .arg("--no-demo")
        .env("BOOKSTORE_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("BOOKSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD)
}

/// Where a test's emails end up.
enum Mailbox {
    /// A real SMTP server's maildir.
    Smtp(Aiosmtpd),
    /// The `.eml` files the store writes without one.
    Files(PathBuf),
}

impl Mailbox {
    fn mails(&self) -> Vec<Mail> {
        match self {
            Mailbox::Smtp(server) => mail::read(&server.maildir.join("new")),
            Mailbox::Files(dir) => mail::read(dir),
        }
    }
}

/// The subjects of `items` (notifications or emails), sorted.
fn subjects<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut all: Vec<String> = items.into_iter().map(str::to_owned).collect();
    all.sort();
    all
}

/// Polls `list` until it has `count` items; fails the test after [`PATIENCE`].
#[track_caller]
fn at_least<T: std::fmt::Debug>(what: &str, count: usize, list: impl Fn() -> Vec<T>) -> Vec<T> {
    eventually(what, PATIENCE, || {
        let items = list();
        if items.len() >= count {
            Ok(items)
        } else {
            Err(format!("{items:#?}"))
        }
    })
}

/// Every delivery the admin sees (`notifications deliveries --all` with `filters`).
#[track_caller]
fn deliveries(admin: &Cli, filters: &[&str]) -> Vec<Value> {
    let mut args = vec!["-o", "json", "notifications", "deliveries", "--all"];
    args.extend(filters);
    let listed = admin.run(&args);
    listed.success();
    listed.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
#[expect(clippy::unwrap_used)]
fn each_order_outcome_is_one_inbox_entry_and_one_email() {
    let data = tempfile::tempdir().unwrap();
    let maildir = tempfile::tempdir().unwrap();
    let mut builder = store(data.path());
    let mailbox = match smtp::python() {
        Some(python) => {
            let server = Aiosmtpd::start(&python, smtp::free_port(), maildir.path());
            builder = builder.env("BOOKSTORE_SMTP_URL", &server.url());
            Mailbox::Smtp(server)
        }
        None => {
            eprintln!("BOOKSTORE_TEST_AIOSMTPD unset: reading the emails from the mail folder");
            Mailbox::Files(data.path().join("mail"))
        }
    };
    let daemon = builder.start();
    let gateway = daemon.gateway();
    let admin = Cli::login(gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
    let book = admin.add_book("Cryptonomicon", "9780380788620", 10);
    let ada = Cli::register(gateway, "ada@example.com", "Ada Lovelace");

    let confirmed = ada.buy(&book);
    let declined = ada.place(&book, DECLINED_CARD);
    assert_eq!(declined.code, 1, "{declined:?}");
    let declined = declined.json()["id"].as_str().unwrap().to_owned();
    let cancelled = ada.buy(&book);
    ada.run(&["orders", "cancel", &cancelled]).success();

    // The cancelled order was paid: its confirmation, its cancellation and its refund.
    let mut expected: Vec<(String, String)> = [
        ("welcome", ""),
        ("order_confirmed", confirmed.as_str()),
        ("order_cancelled", declined.as_str()),
        ("order_confirmed", cancelled.as_str()),
        ("order_cancelled", cancelled.as_str()),
        ("payment_refunded", cancelled.as_str()),
    ]
    .iter()
    .map(|(kind, of)| ((*kind).to_owned(), (*of).to_owned()))
    .collect();
    expected.sort();
    let inbox = at_least("every message in the inbox", expected.len(), || ada.inbox());
    let mut got: Vec<(String, String)> = inbox.iter().map(about).collect();
    got.sort();
    assert_eq!(got, expected, "{inbox:#?}");
    let mut seqs: Vec<i64> = inbox.iter().map(|n| n["seq"].as_i64().unwrap()).collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        [1, 2, 3, 4, 5, 6],
        "each message numbered once, none skipped"
    );
    for notification in &inbox {
        assert_eq!(
            notification["channels"],
            serde_json::json!(["email", "in_app"]),
            "{notification}"
        );
        let subject = notification["subject"].as_str().unwrap();
        match notification["order_id"].as_str() {
            Some(order) => assert!(subject.contains(&order_ref(order)), "{notification}"),
            None => assert_eq!(subject, "Welcome to Bookstore, Ada Lovelace"),
        }
    }
    let subject_of = |kind: &str, order: &str| {
        inbox
            .iter()
            .find(|n| about(n) == (kind.to_owned(), order.to_owned()))
            .and_then(|n| n["subject"].as_str())
            .unwrap()
            .to_owned()
    };
    assert!(
        subject_of("order_cancelled", &declined).ends_with("the payment did not go through"),
        "{inbox:#?}"
    );
    assert!(subject_of("order_cancelled", &cancelled).ends_with("is cancelled"));
    assert!(subject_of("payment_refunded", &cancelled).starts_with("Refund of "));

    // One email per message, with the message's subject, to the customer.
    let mails = at_least("every email", expected.len(), || mailbox.mails());
    assert_eq!(
        subjects(mails.iter().map(|m| m.subject.as_str())),
        subjects(inbox.iter().map(|n| n["subject"].as_str().unwrap())),
        "{mails:#?}"
    );
    assert!(
        mails.iter().all(|m| m.to == "ada@example.com"),
        "{mails:#?}"
    );
    let ids: BTreeSet<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids.len(), mails.len(), "{mails:#?}");
    let sent = eventually("every delivery recorded as sent", PATIENCE, || {
        let all = deliveries(&admin, &[]);
        if all.len() == expected.len() && all.iter().all(|d| d["status"] == "sent") {
            Ok(all)
        } else {
            Err(format!("{all:#?}"))
        }
    });
    assert!(
        sent.iter()
            .all(|d| d["attempts"] == 1 && d["channel"] == "email"),
        "{sent:#?}"
    );

    // Nothing comes twice.
    std::thread::sleep(PAUSE);
    assert_eq!(ada.inbox().len(), expected.len());
    assert_eq!(mailbox.mails().len(), expected.len());
}

#[test]
#[expect(clippy::unwrap_used)]
fn emails_wait_for_an_smtp_server_that_is_down_and_arrive_once_it_is_up() {
    let Some(python) = smtp::python() else {
        eprintln!("BOOKSTORE_TEST_AIOSMTPD unset: the test of an SMTP server down and up not run");
        return;
    };
    let port = smtp::free_port();
    let data = tempfile::tempdir().unwrap();
    let maildir = tempfile::tempdir().unwrap();
    // Quick retries, and enough of them to outlast the test's slowest moments.
    let daemon = store(data.path())
        .env("BOOKSTORE_SMTP_URL", &format!("smtp://127.0.0.1:{port}"))
        .env("BOOKSTORE_DELIVERY_BACKOFF", "200ms")
        .env("BOOKSTORE_DELIVERY_BACKOFF_MAX", "1s")
        .env("BOOKSTORE_DELIVERY_MAX_ATTEMPTS", "100")
        .start();
    let gateway = daemon.gateway();
    let admin = Cli::login(gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
    let book = admin.add_book("Snow Crash", "9780553380958", 3);
    let ada = Cli::register(gateway, "ada@example.com", "Ada Lovelace");
    let order = ada.buy(&book);

    // The inbox does not wait for email.
    let inbox = at_least("the welcome and the confirmation in the inbox", 2, || {
        ada.inbox()
    });
    let mut got: Vec<(String, String)> = inbox.iter().map(about).collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("order_confirmed".to_owned(), order.clone()),
            ("welcome".to_owned(), String::new())
        ]
    );

    // The admin sees both emails waiting, each tried and failed with the reason.
    let waiting = eventually(
        "both emails pending after failed attempts",
        PATIENCE,
        || {
            let pending = deliveries(&admin, &["--status", "pending"]);
            let tried = pending.iter().all(|d| {
                d["channel"] == "email"
                    && d["address"] == "ada@example.com"
                    && d["attempts"].as_i64().unwrap() >= 1
                    && d["last_error"].as_str().is_some_and(|e| e.contains("SMTP"))
            });
            if pending.len() == 2 && tried {
                Ok(pending)
            } else {
                Err(format!("{pending:#?}"))
            }
        },
    );
    let kinds: BTreeSet<&str> = waiting
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["order_confirmed", "welcome"]));

    let server = Aiosmtpd::start(&python, port, maildir.path());
    let mailbox = Mailbox::Smtp(server);
    let mails = at_least("both emails once the server is up", 2, || mailbox.mails());
    assert_eq!(
        subjects(mails.iter().map(|m| m.subject.as_str())),
        subjects(inbox.iter().map(|n| n["subject"].as_str().unwrap())),
    );
    eventually("both deliveries recorded as sent", PATIENCE, || {
        let sent = deliveries(&admin, &["--status", "sent"]);
        if sent.len() == 2 && deliveries(&admin, &["--status", "pending"]).is_empty() {
            Ok(())
        } else {
            Err(format!("{sent:#?}"))
        }
    });
    std::thread::sleep(PAUSE);
    assert_eq!(mailbox.mails().len(), 2, "{:#?}", mailbox.mails());
}

/// What `watch -o json` printed: one notification per line, each line JSON.
fn printed(watch: &Running) -> Vec<Value> {
    watch
        .stdout
        .iter()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("watch printed a line that is not JSON ({e}): {line}"))
        })
        .collect()
}

fn printed_about(watch: &Running) -> Vec<(String, String)> {
    printed(watch).iter().map(about).collect()
}

#[test]
#[expect(clippy::unwrap_used)]
fn watch_follows_the_live_stream_across_a_crash_of_the_daemon() {
    let data = tempfile::tempdir().unwrap();
    let builder = store(data.path());
    let daemon = builder.clone().start();
    let gateway = daemon.gateway().to_owned();
    let admin = Cli::login(&gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
    let book = admin.add_book("The Difference Engine", "9780553296785", 5);
    let ada = Cli::register(&gateway, "ada@example.com", "Ada Lovelace");
    // Without --since, watch starts after what is there: let the welcome be there.
    at_least("the welcome", 1, || ada.inbox());

    let mut watch = ada.spawn(&["-o", "json", "notifications", "watch"]);
    watch.wait_for("watch connects", PATIENCE, |w| {
        w.said("Following your notifications")
    });
    let first = ada.buy(&book);
    let confirmed = ("order_confirmed".to_owned(), first.clone());
    watch.wait_for("the confirmation on the stream", PATIENCE, |w| {
        printed_about(w).contains(&confirmed)
    });

    // A crash: watch says it lost the stream and keeps trying.
    let services = daemon.kill();
    watch.wait_for("watch says it reconnects", PATIENCE, |w| {
        w.said("reconnecting in")
    });
    let daemon = builder.clone().listen_at(&services).start();
    // Most likely written while watch still waits to reconnect: it must catch up on them.
    admin.run(&["orders", "ship", &first]).success();
    let second = ada.buy(&book);
    watch.wait_for("the shipping and the second order", 2 * PATIENCE, |w| {
        w.stdout.len() >= 3
    });
    watch.wait_for("watch says where it resumed", PATIENCE, |w| {
        w.said("Reconnected; resuming after #")
    });
    watch.drain_for(PAUSE);
    assert_eq!(
        printed_about(&watch),
        [
            confirmed,
            ("order_shipped".to_owned(), first.clone()),
            ("order_confirmed".to_owned(), second.clone())
        ],
        "{:#?}",
        watch.stderr
    );
    // Each once, in order, and none of the inbox's left out.
    let seqs: Vec<i64> = printed(&watch)
        .iter()
        .map(|n| n["seq"].as_i64().unwrap())
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let mut inbox = ada.inbox();
    inbox.sort_by_key(|n| n["seq"].as_i64());
    let after_welcome: Vec<&Value> = inbox
        .iter()
        .filter(|n| n["kind"] != "welcome")
        .map(|n| &n["id"])
        .collect();
    let watched = printed(&watch);
    assert_eq!(
        watched.iter().map(|n| &n["id"]).collect::<Vec<_>>(),
        after_welcome
    );

    // With the daemon gone for good, watch gives up after its retries and says so.
    let mut quitter = ada.spawn(&["-o", "json", "notifications", "watch", "--retries", "2"]);
    quitter.wait_for("the second watch connects", PATIENCE, |w| {
        w.said("Following your notifications")
    });
    drop(daemon);
    let status = quitter.wait_exit(2 * PATIENCE);
    assert_eq!(status.code(), Some(1), "{:#?}", quitter.stderr);
    assert!(
        quitter.said("gave up following notifications"),
        "{:#?}",
        quitter.stderr
    );
    assert!(quitter.stdout.is_empty(), "{:#?}", quitter.stdout);
}

/// The notification service's database in the embedded store's data directory (named as
/// `DatabaseTarget` names every service's SQLite file).
#[expect(clippy::unwrap_used)]
fn notification_db(data: &Path) -> SqliteConnection {
    let path = data.join("notification.db");
    let mut conn = SqliteConnection::establish(&path.display().to_string()).unwrap();
    // The daemon writes to it at the same time.
    conn.batch_execute("PRAGMA busy_timeout = 30000").unwrap();
    conn
}

/// A reader written straight into the notification service's database.
struct Seeded {
    id: String,
    email: String,
    promotions: &'static str,
}

/// Writes `count` readers into the notification service's database as if the user service
/// had announced them (registering thousands through the API would hash thousands of
/// passwords): most opted in to promotions by email and in the inbox, some in the inbox only,
/// some not at all.
#[expect(clippy::unwrap_used)]
fn seed_readers(data: &Path, count: usize) -> Vec<Seeded> {
    let readers: Vec<Seeded> = (0..count)
        .map(|i| Seeded {
            id: uuid::Uuid::now_v7().to_string(),
            email: format!("reader{i}@example.com"),
            promotions: match i % 10 {
                0 => "",
                1 => "in_app",
                _ => "email,in_app",
            },
        })
        .collect();
    let mut conn = notification_db(data);
    conn.immediate_transaction(|conn| {
        for (i, reader) in readers.iter().enumerate() {
            diesel::sql_query(
                "INSERT INTO recipients (user_id, email, name, role, disabled, profile_at, \
                 account_channels, order_channels, promotion_channels, last_seq, created_at, \
                 updated_at) VALUES (?, ?, ?, 'customer', 0, strftime('%Y-%m-%d %H:%M:%f'), \
                 'email,in_app', 'email,in_app', ?, 0, strftime('%Y-%m-%d %H:%M:%f'), \
                 strftime('%Y-%m-%d %H:%M:%f'))",
            )
            .bind::<Text, _>(&reader.id)
            .bind::<Text, _>(&reader.email)
            .bind::<Text, _>(format!("Reader {i}"))
            .bind::<Text, _>(reader.promotions)
            .execute(conn)?;
        }
        diesel::QueryResult::Ok(())
    })
    .unwrap();
    readers
}

#[derive(QueryableByName)]
struct Copies {
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = BigInt)]
    copies: i64,
}

/// How many messages of the promotion `id` each reader has, by reader id.
#[expect(clippy::unwrap_used)]
fn copies_of_promotion(data: &Path, id: &str) -> BTreeMap<String, i64> {
    let rows: Vec<Copies> = diesel::sql_query(
        "SELECT user_id, COUNT(*) AS copies FROM notifications WHERE promotion_id = ? \
         GROUP BY user_id",
    )
    .bind::<Text, _>(id)
    .load(&mut notification_db(data))
    .unwrap();
    rows.into_iter().map(|r| (r.user_id, r.copies)).collect()
}

/// The promotion `id` as the admin sees it.
#[track_caller]
fn promotion(admin: &Cli, id: &str) -> Value {
    let shown = admin.run(&["-o", "json", "notifications", "promotions", id]);
    shown.success();
    shown.json()
}

/// The user id of whoever `cli` is logged in as.
#[track_caller]
fn user_id(cli: &Cli) -> String {
    let me = cli.run(&["-o", "json", "auth", "status"]);
    me.success();
    me.json()["user"]["id"]
        .as_str()
        .expect("a user id")
        .to_owned()
}

#[test]
#[expect(clippy::unwrap_used)]
fn a_promotion_reaches_each_opted_in_reader_once_though_the_daemon_is_killed_midway() {
    const READERS: usize = 5000;
    const SUBJECT: &str = "Poetry week";
    let data = tempfile::tempdir().unwrap();
    // Small batches, so that the fan-out takes long enough to be interrupted.
    let builder = store(data.path()).env("BOOKSTORE_PROMOTION_BATCH", "10");
    let daemon = builder.clone().start();
    let gateway = daemon.gateway().to_owned();
    let admin = Cli::login(&gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
    // Real customers: two opt in through the CLI, one does not.
    let ada = Cli::register(&gateway, "ada@example.com", "Ada Lovelace");
    let grace = Cli::register(&gateway, "grace@example.com", "Grace Hopper");
    let linus = Cli::register(&gateway, "linus@example.com", "Linus Torvalds");
    for cli in [&ada, &grace] {
        cli.run(&[
            "notifications",
            "preferences",
            "--promotions",
            "email,in_app",
        ])
        .success();
    }
    let seeded = seed_readers(data.path(), READERS);
    let mut opted_in: BTreeSet<String> = seeded
        .iter()
        .filter(|r| !r.promotions.is_empty())
        .map(|r| r.id.clone())
        .collect();
    opted_in.extend([user_id(&ada), user_id(&grace)]);
    let mut by_email: BTreeSet<String> = seeded
        .iter()
        .filter(|r| r.promotions.contains("email"))
        .map(|r| r.email.clone())
        .collect();
    by_email.extend(["ada@example.com".to_owned(), "grace@example.com".to_owned()]);

    let published = admin.run(&[
        "-o",
        "json",
        "notifications",
        "promote",
        "--subject",
        SUBJECT,
        "--body",
        "Every book of poems 20% off until Sunday.",
    ]);
    published.success();
    let id = published.json()["id"].as_str().unwrap().to_owned();

    // Killed in the middle of the fan-out.
    let started = Instant::now();
    loop {
        let progress = promotion(&admin, &id);
        let processed = progress["processed"].as_i64().unwrap();
        if processed > 0
            && progress["recipients"]
                .as_i64()
                .is_some_and(|n| processed < n)
        {
            eprintln!(
                "killing the daemon at {processed} of {} readers",
                progress["recipients"]
            );
            break;
        }
        assert_ne!(
            progress["status"], "completed",
            "the fan-out finished before it could be interrupted: {progress}"
        );
        assert!(
            started.elapsed() < PATIENCE,
            "the fan-out never started: {progress}"
        );
    }
    let services = daemon.kill();
    let _daemon = builder.listen_at(&services).start();
    // Taken over once the killed process's lease (30 s) lapses.
    let done = eventually("the promotion completed", 4 * PATIENCE, || {
        let progress = promotion(&admin, &id);
        if progress["status"] == "completed" {
            Ok(progress)
        } else {
            Err(progress.to_string())
        }
    });
    let total = i64::try_from(opted_in.len()).unwrap();
    assert_eq!(done["recipients"], total, "{done}");
    assert_eq!(done["processed"], total, "{done}");
    assert_eq!(done["notified"], total, "{done}");

    // Exactly one message for each reader who opted in, and none for anybody else.
    let copies = copies_of_promotion(data.path(), &id);
    let readers: BTreeSet<String> = copies.keys().cloned().collect();
    assert_eq!(readers.len(), opted_in.len());
    assert!(
        readers == opted_in,
        "the readers with the promotion are not those who opted in"
    );
    let repeated: Vec<_> = copies.iter().filter(|(_, n)| **n != 1).collect();
    assert!(
        repeated.is_empty(),
        "readers with more than one copy: {repeated:?}"
    );
    let promotions_of = |cli: &Cli| {
        cli.inbox()
            .into_iter()
            .filter(|n| n["kind"] == "promotion")
            .map(|n| about(&n))
            .collect::<Vec<_>>()
    };
    assert_eq!(promotions_of(&ada), [("promotion".to_owned(), id.clone())]);
    assert!(promotions_of(&linus).is_empty());

    // Exactly one email for each reader who chose email, once every delivery is done: those
    // the killed process had claimed wait for its lease on them to lapse.
    eventually("every promotion email sent", 6 * PATIENCE, || {
        let progress = promotion(&admin, &id);
        let counts = &progress["deliveries"];
        if counts["pending"] == 0 && counts["sent"] == by_email.len() {
            Ok(())
        } else {
            Err(progress.to_string())
        }
    });
    let mails: Vec<Mail> = mail::read(&data.path().join("mail"))
        .into_iter()
        .filter(|m| m.subject == SUBJECT)
        .collect();
    let mut per_address: BTreeMap<&str, usize> = BTreeMap::new();
    for mail in &mails {
        *per_address.entry(mail.to.as_str()).or_default() += 1;
    }
    let addresses: BTreeSet<String> = per_address.keys().map(|a| (*a).to_owned()).collect();
    assert_eq!(addresses.len(), by_email.len());
    assert!(
        addresses == by_email,
        "the promotion's emails went to others than chose email"
    );
    let repeated: Vec<_> = per_address.iter().filter(|(_, n)| **n != 1).collect();
    assert!(
        repeated.is_empty(),
        "readers with more than one email: {repeated:?}"
    );
}
