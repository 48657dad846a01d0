//! End to end, split: the order saga with every service in its own `bookstored` process on
//! PostgreSQL and RabbitMQ, driven by the CLI and, for load, the SDK; and what happens when a
//! process is killed in the middle of it. Runs when `BOOKSTORE_TEST_DATABASE_URL` and
//! `BOOKSTORE_TEST_AMQP_URL` are set; then an unreachable server fails the test.

mod support;

use std::time::Duration;

use support::Cli;
use support::faults::survives;
use support::load::{DECLINED_CARD, GOOD_CARD};
use support::split::{ADMIN_EMAIL, ADMIN_PASSWORD, SplitStore, servers};

fn admin_cli(store: &SplitStore) -> Cli {
    let admin = Cli::new(&store.gateway());
    admin
        .run_with_stdin(
            &["auth", "login", "--email", ADMIN_EMAIL, "--password-stdin"],
            &format!("{ADMIN_PASSWORD}\n"),
        )
        .success();
    admin
}

const SHIP_TO: [&str; 10] = [
    "--name",
    "Grace Hopper",
    "--line1",
    "1 Navy Way",
    "--postal-code",
    "20350",
    "--city",
    "Washington",
    "--country",
    "US",
];

#[test]
#[expect(clippy::unwrap_used)]
fn an_order_through_the_cli_across_processes() {
    let Some((pg, amqp)) = servers() else { return };
    let store = SplitStore::start(&pg, &amqp, &[]);
    let admin = admin_cli(&store);
    let added = admin.run(&[
        "-o",
        "json",
        "books",
        "add",
        "--title",
        "The Mythical Man-Month",
        "--isbn",
        "9780201835953",
        "--price",
        "24.99",
        "--currency",
        "EUR",
        "--stock",
        "3",
    ]);
    added.success();
    let book = added.json()["id"].as_str().unwrap().to_owned();

    let cli = Cli::new(&store.gateway());
    cli.run_with_stdin(
        &[
            "auth",
            "register",
            "--email",
            "grace@example.com",
            "--name",
            "Grace",
            "--password-stdin",
        ],
        "a perfectly fine password\n",
    )
    .success();
    cli.run(&["cart", "add", &book, "2"]).success();
    let mut place = vec![
        "-o",
        "json",
        "orders",
        "place",
        "--from-cart",
        "--provider",
        "sandbox",
    ];
    place.extend(["--card", GOOD_CARD, "--wait", "--timeout", "60s"]);
    place.extend(SHIP_TO);
    let placed = cli.run(&place);
    placed.success();
    assert_eq!(placed.json()["status"], "confirmed", "{placed:?}");
    assert_eq!(placed.json()["total"]["amount"], 4998);
    let order = placed.json()["id"].as_str().unwrap().to_owned();
    let shown = admin.run(&["-o", "json", "books", "show", &book]);
    assert_eq!(shown.json()["stock"], 1);

    // A declined card: the order ends cancelled, `--wait` fails, the copy is back.
    let mut declined = vec!["orders", "place", "--item", &book, "--provider", "sandbox"];
    declined.extend(["--card", DECLINED_CARD, "--wait"]);
    declined.extend(SHIP_TO);
    let refused = cli.run(&declined);
    assert_eq!(refused.code, 1, "{refused:?}");
    assert!(refused.stderr.contains("declined"), "{refused:?}");

    // Cancelling the paid order refunds it across three processes.
    cli.run(&["orders", "cancel", &order]).success();
    let refunded = cli.run(&[
        "-o",
        "json",
        "orders",
        "watch",
        &order,
        "--until",
        "cancelled",
        "--timeout",
        "30s",
    ]);
    refunded.success();
    let mut refunded_payment = false;
    for _ in 0..100 {
        let payments = cli.run(&["-o", "json", "payments", "list", "--order", &order]);
        payments.success();
        if payments.statuses() == ["refunded"] {
            refunded_payment = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(refunded_payment, "the payment was not refunded");
    let shown = admin.run(&["-o", "json", "books", "show", &book]);
    assert_eq!(shown.json()["stock"], 3);
    let cancel_again = cli.run(&["orders", "cancel", &order]);
    assert_eq!(cancel_again.code, 5, "{cancel_again:?}");
}

#[test]
fn killing_the_payment_daemon_loses_no_order_and_charges_none_twice() {
    survives(|store| {
        store.kill("payment");
        std::thread::sleep(Duration::from_secs(2));
        store.restart("payment");
    });
}

#[test]
fn killing_the_order_daemon_loses_no_order_and_charges_none_twice() {
    survives(|store| {
        store.kill("order");
        std::thread::sleep(Duration::from_secs(2));
        store.restart("order");
    });
}

#[test]
#[expect(clippy::unwrap_used)]
fn a_payment_slower_than_the_timeout_is_refunded_and_the_copies_return() {
    let Some((pg, amqp)) = servers() else { return };
    let store = SplitStore::start(
        &pg,
        &amqp,
        &[
            ("payment", "BOOKSTORE_SANDBOX_LATENCY", "2s"),
            ("order", "BOOKSTORE_PAYMENT_TIMEOUT", "1s"),
            ("order", "BOOKSTORE_ORDER_SWEEP_INTERVAL", "200ms"),
        ],
    );
    let admin = admin_cli(&store);
    let added = admin.run(&[
        "-o",
        "json",
        "books",
        "add",
        "--title",
        "Slow Money",
        "--isbn",
        "9780262033848",
        "--price",
        "10",
        "--currency",
        "EUR",
        "--stock",
        "1",
    ]);
    added.success();
    let book = added.json()["id"].as_str().unwrap().to_owned();
    let cli = Cli::new(&store.gateway());
    cli.run_with_stdin(
        &[
            "auth",
            "register",
            "--email",
            "slow@example.com",
            "--name",
            "Slow",
            "--password-stdin",
        ],
        "a perfectly fine password\n",
    )
    .success();
    let mut place = vec![
        "-o",
        "json",
        "orders",
        "place",
        "--item",
        &book,
        "--provider",
        "sandbox",
    ];
    place.extend(["--card", GOOD_CARD]);
    place.extend(SHIP_TO);
    let placed = cli.run(&place);
    placed.success();
    let order = placed.json()["id"].as_str().unwrap().to_owned();
    let watched = cli.run(&[
        "-o",
        "json",
        "orders",
        "watch",
        &order,
        "--until",
        "cancelled",
        "--timeout",
        "20s",
    ]);
    watched.success();
    let shown = cli.run(&["-o", "json", "orders", "show", &order]);
    assert!(
        shown.json()["status_reason"]
            .as_str()
            .unwrap()
            .starts_with("payment timed out"),
        "{shown:?}"
    );
    // The charge still went through, late: it is refunded, and the copy is back for sale.
    let mut refunded = false;
    for _ in 0..150 {
        let payments = cli.run(&["-o", "json", "payments", "list", "--order", &order]);
        if payments.statuses() == ["refunded"] {
            refunded = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(refunded, "the late charge was not refunded");
    let stock = admin.run(&["-o", "json", "books", "show", &book]);
    assert_eq!(stock.json()["stock"], 1);
    assert_eq!(
        store.sql(
            "payment",
            "SELECT COUNT(*) FROM sandbox_ledger WHERE operation = 'refund'"
        ),
        "1"
    );
}
