//! End to end, split: notifications with every service in its own `bookstored` process on
//! PostgreSQL and RabbitMQ, the notification service hearing the others' events over the
//! broker. Runs when `BOOKSTORE_TEST_DATABASE_URL` and `BOOKSTORE_TEST_AMQP_URL` are set;
//! then an unreachable server fails the test. A binary of its own, so that the split store
//! does not share the machine with the embedded stores of `e2e_notifications`.

mod support;

use std::time::Duration;

use support::mail;
use support::shop::about;
use support::split::{ADMIN_EMAIL, ADMIN_PASSWORD, SplitStore, servers};
use support::{Cli, eventually};

const PATIENCE: Duration = Duration::from_secs(60);

#[test]
#[expect(clippy::unwrap_used)]
fn orders_and_a_promotion_reach_the_inbox_the_stream_and_the_mailbox_across_processes() {
    let Some((pg, amqp)) = servers() else { return };
    let store = SplitStore::start(&pg, &amqp, &[]);
    let gateway = store.gateway();
    let admin = Cli::login(&gateway, ADMIN_EMAIL, ADMIN_PASSWORD);
    let book = admin.add_book("The Mythical Man-Month", "9780201835953", 3);
    let grace = Cli::register(&gateway, "grace@example.com", "Grace Hopper");
    let linus = Cli::register(&gateway, "linus@example.com", "Linus Torvalds");
    // From the first message on, so that the welcome is on the stream whenever it comes.
    let mut watch = grace.spawn(&["-o", "json", "notifications", "watch", "--since", "0"]);
    watch.wait_for("watch connects", PATIENCE, |w| {
        w.said("Following your notifications")
    });

    let order = grace.buy(&book);
    let welcome = ("welcome".to_owned(), String::new());
    let confirmed = ("order_confirmed".to_owned(), order.clone());
    let inbox = eventually("the welcome and the confirmation", PATIENCE, || {
        let inbox = grace.inbox();
        if inbox.len() >= 2 {
            Ok(inbox)
        } else {
            Err(format!("{inbox:#?}"))
        }
    });
    let mut got: Vec<_> = inbox.iter().map(about).collect();
    got.sort();
    assert_eq!(got, [confirmed.clone(), welcome.clone()]);
    let printed = |w: &support::Running| -> Vec<(String, String)> {
        w.stdout
            .iter()
            .map(|line| about(&serde_json::from_str(line).unwrap()))
            .collect()
    };
    watch.wait_for("the confirmation on the stream", PATIENCE, |w| {
        printed(w).contains(&confirmed)
    });

    // A promotion: Grace opted in, Linus and the admin did not.
    grace
        .run(&[
            "notifications",
            "preferences",
            "--promotions",
            "email,in_app",
        ])
        .success();
    let promote = [
        "-o",
        "json",
        "notifications",
        "promote",
        "--subject",
        "Software engineering week",
        "--body",
        "Classics of the craft at half price.",
        "--idempotency-key",
        "se-week",
        "--wait",
    ];
    let published = admin.run(&promote);
    published.success();
    let done = published.json();
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["recipients"], 1, "{done}");
    assert_eq!(done["notified"], 1, "{done}");
    let id = done["id"].as_str().unwrap().to_owned();
    // The admin runs the command again (say, unsure it went through): the same promotion,
    // which the checks below find sent once.
    let repeated = admin.run(&promote);
    repeated.success();
    assert_eq!(repeated.json()["id"], done["id"]);
    let offer = ("promotion".to_owned(), id.clone());
    watch.wait_for("the promotion on the stream", PATIENCE, |w| {
        printed(w).contains(&offer)
    });
    let offers = || -> Vec<mail::Mail> {
        mail::read(&store.data.path().join("mail"))
            .into_iter()
            .filter(|m| m.subject == "Software engineering week")
            .collect()
    };
    eventually("the promotion's email", PATIENCE, || {
        if offers().is_empty() {
            Err("no email yet".to_owned())
        } else {
            Ok(())
        }
    });

    // Nothing comes twice.
    watch.drain_for(Duration::from_secs(3));
    assert_eq!(
        printed(&watch),
        [welcome.clone(), confirmed.clone(), offer.clone()],
        "{:#?}",
        watch.stderr
    );
    let seqs: Vec<i64> = watch
        .stdout
        .iter()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["seq"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let mut got: Vec<_> = grace.inbox().iter().map(about).collect();
    got.sort();
    assert_eq!(got, [confirmed, offer, welcome]);
    assert!(
        linus.inbox().iter().all(|n| n["kind"] != "promotion"),
        "Linus did not opt in"
    );
    let sent = offers();
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0].to, "grace@example.com");
    assert_eq!(
        store.sql(
            "notification",
            &format!("SELECT COUNT(*) FROM notifications WHERE promotion_id = '{id}'"),
        ),
        "1"
    );
}
