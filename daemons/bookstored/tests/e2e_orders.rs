//! End to end, orders in the embedded default: a real `bookstored` (SQLite and the in-process
//! bus, every service in one process), a shopper and an admin driving it through the real
//! `bookstore` CLI, from the cart to a confirmed, refunded or shipped order.

mod support;

use support::{Cli, Run, bookstored};

const ADMIN_EMAIL: &str = "admin@example.com";
const ADMIN_PASSWORD: &str = "Admin-password-2026";
const SHIP_TO: [&str; 10] = [
    "--name",
    "Ada Lovelace",
    "--line1",
    "12 St James's Square",
    "--postal-code",
    "SW1Y 4JH",
    "--city",
    "London",
    "--country",
    "GB",
];

fn place(cli: &Cli, what: &[&str], card: &str) -> Run {
    let mut args = vec!["-o", "json", "orders", "place"];
    args.extend(what);
    args.extend([
        "--provider",
        "sandbox",
        "--card",
        card,
        "--wait",
        "--timeout",
        "30s",
    ]);
    args.extend(SHIP_TO);
    cli.run(&args)
}

fn stock(cli: &Cli, book: &str) -> i64 {
    let shown = cli.run(&["-o", "json", "books", "show", book]);
    shown.success();
    shown.json()["stock"].as_i64().expect("stock is a number")
}

#[test]
#[expect(clippy::unwrap_used)]
fn a_shopper_orders_pays_cancels_and_an_admin_ships() {
    let data = tempfile::tempdir().unwrap();
    let daemon = bookstored(data.path())
        .env("BOOKSTORE_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("BOOKSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .start();
    let admin = Cli::new(daemon.gateway());
    admin
        .run_with_stdin(
            &["auth", "login", "--email", ADMIN_EMAIL, "--password-stdin"],
            &format!("{ADMIN_PASSWORD}\n"),
        )
        .success();
    let added = admin.run(&[
        "-o",
        "json",
        "books",
        "add",
        "--title",
        "Cryptonomicon",
        "--isbn",
        "9780380788620",
        "--price",
        "19.50",
        "--currency",
        "EUR",
        "--stock",
        "4",
    ]);
    added.success();
    let book = added.json()["id"].as_str().unwrap().to_owned();

    let shopper = Cli::new(daemon.gateway());
    shopper
        .run_with_stdin(
            &[
                "auth",
                "register",
                "--email",
                "ada@example.com",
                "--name",
                "Ada",
                "--password-stdin",
            ],
            "correct horse battery staple\n",
        )
        .success();
    let providers = shopper.run(&["-o", "json", "payments", "providers"]);
    providers.success();
    assert!(providers.stdout.contains("\"sandbox\""), "{providers:?}");

    // The cart, by ISBN as well as by id.
    shopper.run(&["cart", "add", "9780380788620"]).success();
    shopper.run(&["cart", "add", &book, "1"]).success();
    let cart = shopper.run(&["-o", "json", "cart", "show"]);
    cart.success();
    assert_eq!(cart.json()["items"][0]["quantity"], 2, "{cart:?}");
    assert_eq!(cart.json()["totals"][0]["amount"], 3900);

    // Paid: confirmed, the copies sold, the cart emptied.
    let paid = place(&shopper, &["--from-cart"], "4242 4242 4242 4242");
    paid.success();
    assert_eq!(paid.json()["status"], "confirmed", "{paid:?}");
    let paid_id = paid.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(stock(&shopper, &book), 2);
    let cart = shopper.run(&["-o", "json", "cart", "show"]);
    assert_eq!(cart.json()["items"].as_array().unwrap().len(), 0);

    // Declined and short of funds: cancelled, exit 1, the copies back.
    for (card, why) in [
        ("4000 0000 0000 0002", "declined"),
        ("4000 0000 0000 9995", "insufficient funds"),
    ] {
        let refused = place(&shopper, &["--item", &format!("{book}:2")], card);
        assert_eq!(refused.code, 1, "{refused:?}");
        assert!(refused.stderr.contains(why), "{refused:?}");
        assert_eq!(refused.json()["status"], "cancelled");
    }
    assert_eq!(stock(&shopper, &book), 2);

    // More than there is: rejected at once, exit 5, naming the book.
    let greedy = place(
        &shopper,
        &["--item", &format!("{book}:3")],
        "4242424242424242",
    );
    assert_eq!(greedy.code, 5, "{greedy:?}");
    assert!(greedy.stderr.contains("Cryptonomicon"), "{greedy:?}");

    // Another shopper cannot see or cancel Ada's order.
    let other = Cli::new(daemon.gateway());
    other
        .run_with_stdin(
            &[
                "auth",
                "register",
                "--email",
                "bob@example.com",
                "--name",
                "Bob",
                "--password-stdin",
            ],
            "another fine password\n",
        )
        .success();
    assert_eq!(other.run(&["orders", "show", &paid_id]).code, 4);
    assert_eq!(other.run(&["orders", "cancel", &paid_id]).code, 4);
    assert_eq!(other.run(&["orders", "ship", &paid_id]).code, 3);

    // Cancelling the paid order refunds it and returns the copies.
    shopper
        .run(&[
            "orders",
            "cancel",
            &paid_id,
            "--reason",
            "bought it elsewhere",
        ])
        .success();
    let watched = shopper.run(&[
        "orders",
        "watch",
        &paid_id,
        "--until",
        "cancelled",
        "--timeout",
        "20s",
    ]);
    watched.success();
    let mut refunded = false;
    for _ in 0..100 {
        let shown = shopper.run(&["-o", "json", "orders", "show", &paid_id]);
        if shown.json()["refunded"] == true {
            refunded = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(refunded, "the cancelled order was not refunded");
    let payments = shopper.run(&["-o", "json", "payments", "list", "--order", &paid_id]);
    payments.success();
    assert_eq!(payments.statuses(), ["refunded"], "{payments:?}");
    assert_eq!(stock(&shopper, &book), 4);

    // An admin ships a confirmed order; it can no longer be cancelled.
    let second = place(&shopper, &["--item", &book], "5555 5555 5555 4444");
    second.success();
    let second_id = second.json()["id"].as_str().unwrap().to_owned();
    let shipped = admin.run(&["-o", "json", "orders", "ship", &second_id]);
    shipped.success();
    assert_eq!(shipped.json()["status"], "shipped");
    assert_eq!(shopper.run(&["orders", "cancel", &second_id]).code, 5);
    let all = admin.run(&["-o", "json", "orders", "list", "--all"]);
    all.success();
    assert!(all.stdout.contains(&second_id));
    let mine = shopper.run(&["-o", "json", "orders", "list", "--status", "shipped"]);
    mine.success();
    assert!(mine.stdout.contains(&second_id));

    // An admin refund of a shipped order: the money goes back, the order stays shipped.
    let payments = admin.run(&["-o", "json", "payments", "list", "--order", &second_id]);
    payments.success();
    let payment = payments.json()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let refund = admin.run(&[
        "-o", "json", "payments", "refund", &payment, "--reason", "damaged",
    ]);
    refund.success();
    assert_eq!(refund.json()["status"], "refunded");
    let again = admin.run(&["-o", "json", "payments", "refund", &payment]);
    again.success();
    assert_eq!(shopper.run(&["payments", "refund", &payment]).code, 3);
}
