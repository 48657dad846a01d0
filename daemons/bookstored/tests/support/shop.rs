//! Shopping through the real CLI, for the tests of what follows from it: accounts, books,
//! orders, and the inbox they fill.

use serde_json::Value;

use super::load::GOOD_CARD;
use super::{Cli, Run};

/// The password every customer of these tests has.
pub const PASSWORD: &str = "a perfectly fine password";

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

impl Cli {
    /// A user of `gateway` logged in as `email`.
    pub fn login(gateway: &str, email: &str, password: &str) -> Cli {
        let cli = Cli::new(gateway);
        cli.run_with_stdin(
            &["auth", "login", "--email", email, "--password-stdin"],
            &format!("{password}\n"),
        )
        .success();
        cli
    }

    /// A new customer of `gateway`, registered (and so logged in) as `email`.
    pub fn register(gateway: &str, email: &str, name: &str) -> Cli {
        let cli = Cli::new(gateway);
        cli.run_with_stdin(
            &[
                "auth",
                "register",
                "--email",
                email,
                "--name",
                name,
                "--password-stdin",
            ],
            &format!("{PASSWORD}\n"),
        )
        .success();
        cli
    }

    /// Adds a book of `stock` copies at 12.50 EUR (as an admin); its id.
    #[track_caller]
    pub fn add_book(&self, title: &str, isbn: &str, stock: u32) -> String {
        let added = self.run(&[
            "-o",
            "json",
            "books",
            "add",
            "--title",
            title,
            "--isbn",
            isbn,
            "--price",
            "12.50",
            "--currency",
            "EUR",
            "--stock",
            &stock.to_string(),
        ]);
        added.success();
        added.json()["id"]
            .as_str()
            .expect("the book's id")
            .to_owned()
    }

    /// Orders one copy of `book` paid with `card` and waits for the outcome
    /// (`orders place --wait`: exit 0 when confirmed, 1 when not).
    pub fn place(&self, book: &str, card: &str) -> Run {
        let mut args = vec!["-o", "json", "orders", "place", "--item", book];
        args.extend(["--provider", "sandbox", "--card", card]);
        args.extend(["--wait", "--timeout", "60s"]);
        args.extend(SHIP_TO);
        self.run(&args)
    }

    /// Orders one copy of `book` with a good card; the confirmed order's id.
    #[track_caller]
    pub fn buy(&self, book: &str) -> String {
        let placed = self.place(book, GOOD_CARD);
        placed.success();
        assert_eq!(placed.json()["status"], "confirmed", "{placed:?}");
        placed.json()["id"]
            .as_str()
            .expect("the order's id")
            .to_owned()
    }

    /// The whole inbox, newest first (`notifications list --all -o json`).
    #[track_caller]
    pub fn inbox(&self) -> Vec<Value> {
        let listed = self.run(&["-o", "json", "notifications", "list", "--all"]);
        listed.success();
        listed.json()["items"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("a page of notifications: {listed:?}"))
    }
}

/// What a notification is, in short: its kind and the order or promotion it is about.
pub fn about(notification: &Value) -> (String, String) {
    let kind = notification["kind"].as_str().unwrap_or_default().to_owned();
    let subject = notification["order_id"]
        .as_str()
        .or_else(|| notification["promotion_id"].as_str())
        .unwrap_or_default()
        .to_owned();
    (kind, subject)
}

/// `0193A6F0`: the short reference an order goes by in messages (the first eight hex digits
/// of its id, in capitals).
pub fn order_ref(order_id: &str) -> String {
    order_id.replace('-', "")[..8].to_uppercase()
}
