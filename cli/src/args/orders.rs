//! `bookstore orders ...`: place, follow and cancel orders; ship them (admin).

use std::time::Duration;

use bookstore_sdk::types::OrderStatus;
use clap::{ArgGroup, Args, Subcommand};
use uuid::Uuid;

use super::value::{self, ItemArg};

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Order books, from the command line or from the cart, and pay for them
    #[command(after_help = PLACE_HELP)]
    Place(Box<PlaceArgs>),

    /// List your orders, newest first (admins: everyone's)
    List(ListArgs),

    /// Show one order with its items and status history
    Show {
        /// The order's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,
    },

    /// Cancel an order that has not shipped; a paid order is refunded
    Cancel {
        /// The order's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,

        /// Why, for the order's history
        #[arg(long, value_parser = value::non_empty)]
        reason: Option<String>,
    },

    /// Print each status change of an order until it gets where it is waited for
    Watch(WatchArgs),

    /// Mark a confirmed order as shipped (admin)
    Ship {
        /// The order's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,
    },
}

/// What `orders place --help` says after the options.
pub const PLACE_HELP: &str = "\
Without address flags or --address-json, the profile's shipping_address is used (saved
with --save-address, or set in config.json); with neither, the command exits 2.

The sandbox provider takes test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002
is declined, 4000 0000 0000 9995 fails with insufficient funds.

With --wait the exit status says how the order ended: 0 confirmed, 1 cancelled or not
settled within --timeout (the reason is on stderr), 5 out of stock (the books are named
on stderr). Without --wait, 0 once the order is placed (pending_payment); a lack of stock
is 5 all the same. The order is printed on stdout in every case where it exists.";

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["items", "from_cart"])))]
#[command(group(ArgGroup::new("method").required(true).args(["card", "token"])))]
#[command(group(
    ArgGroup::new("address")
        .multiple(true)
        .args(["name", "line1", "line2", "postal_code", "city", "country"])
))]
pub struct PlaceArgs {
    /// A book and how many copies: its id or ISBN, then :QTY (1 if left out); repeat for
    /// each book
    #[arg(long = "item", value_name = "BOOK[:QTY]", value_parser = value::order_item)]
    pub items: Vec<ItemArg>,

    /// Order what the cart holds
    #[arg(long)]
    pub from_cart: bool,

    /// The payment provider (see `bookstore payments providers`)
    #[arg(long, value_name = "NAME", default_value = "sandbox", value_parser = value::non_empty)]
    pub provider: String,

    /// A card number, for the sandbox provider (a test card)
    #[arg(long, value_name = "NUMBER")]
    pub card: Option<String>,

    /// The provider's payment-method token
    #[arg(long, value_name = "TOKEN", value_parser = value::non_empty)]
    pub token: Option<String>,

    /// The recipient's name
    #[arg(long, help_heading = "Shipping address", value_parser = value::non_empty)]
    pub name: Option<String>,

    /// The street address
    #[arg(long, help_heading = "Shipping address", value_parser = value::non_empty)]
    pub line1: Option<String>,

    /// A second address line (flat, floor)
    #[arg(long, help_heading = "Shipping address", value_parser = value::non_empty)]
    pub line2: Option<String>,

    /// The postal code
    #[arg(long, help_heading = "Shipping address", value_name = "CODE",
          value_parser = value::non_empty)]
    pub postal_code: Option<String>,

    /// The city
    #[arg(long, help_heading = "Shipping address", value_parser = value::non_empty)]
    pub city: Option<String>,

    /// The country: two letters (ISO 3166-1), DE, GB, ...
    #[arg(long, help_heading = "Shipping address", value_name = "CODE",
          value_parser = value::country)]
    pub country: Option<String>,

    /// Read the address from FILE (- for standard input) as JSON: {"name", "line1", "line2",
    /// "postal_code", "city", "country"}
    #[arg(
        long,
        help_heading = "Shipping address",
        value_name = "FILE",
        conflicts_with = "address"
    )]
    pub address_json: Option<String>,

    /// Remember this address in the profile for later orders
    #[arg(long, help_heading = "Shipping address")]
    pub save_address: bool,

    /// Place the order at most once however often the command is repeated with this key
    /// [default: a new key]
    #[arg(long, value_name = "KEY", value_parser = value::non_empty)]
    pub idempotency_key: Option<String>,

    /// Wait until the payment has settled the order; exit non-zero unless it is confirmed
    #[arg(long)]
    pub wait: bool,

    /// The longest --wait waits: 60s, 2m, ...
    #[arg(long, value_name = "DURATION", default_value = "60s", requires = "wait",
          value_parser = value::duration)]
    pub timeout: Duration,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only orders in this status
    #[arg(long, value_name = "STATUS", value_parser = value::order_status())]
    pub status: Option<OrderStatus>,

    /// Only this user's orders (admin)
    #[arg(long = "user", value_name = "ID", value_parser = value::uuid)]
    pub user_id: Option<Uuid>,

    /// Orders per page, 1 to 100 [default: the server's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: Option<u32>,

    /// Start at this page (the cursor a previous page ended with)
    #[arg(long, conflicts_with = "all", value_parser = value::cursor)]
    pub cursor: Option<String>,

    /// Fetch every page, not only the first
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Each change is printed as it is seen: a line with the time, the status and the reason, or
with -o json one JSON object per line ({\"order_id\", \"status\", \"reason\", \"at\"}).
The exit status is 0 when the order gets to --until, or has passed through it (by default:
settled and confirmed), 1 when it ends elsewhere (cancelled, rejected) or --timeout passes.")]
pub struct WatchArgs {
    /// The order's id
    #[arg(value_parser = value::uuid)]
    pub id: Uuid,

    /// The status to wait for [default: settled (not pending_payment) and confirmed]
    #[arg(long, value_name = "STATUS", value_parser = value::order_status())]
    pub until: Option<OrderStatus>,

    /// The longest to watch: 60s, 2m, ...
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = value::duration)]
    pub timeout: Duration,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;
    use clap::error::ErrorKind;

    use crate::args::value::BookRef;
    use crate::args::{Cli, Command};

    use super::*;

    const BOOK: &str = "0193a6f0-0000-7000-8000-00000000b001";
    const ORDER: &str = "0193a6f0-0000-7000-8000-00000000d001";

    fn orders(args: &[&str]) -> Result<OrdersCommand, clap::Error> {
        let cli = Cli::try_parse_from(["bookstore", "orders"].iter().chain(args))?;
        match cli.command {
            Command::Orders(command) => Ok(command),
            other => panic!("parsed as {other:?}"),
        }
    }

    fn place(args: &[&str]) -> Result<PlaceArgs, clap::Error> {
        match orders(&[&["place"][..], args].concat())? {
            OrdersCommand::Place(args) => Ok(*args),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn place_takes_items_a_card_an_address_and_wait() {
        let item = format!("{BOOK}:2");
        let args = place(&[
            "--item",
            &item,
            "--item",
            "978-0-441-01359-3",
            "--card",
            "4242 4242 4242 4242",
            "--name",
            "Ada Lovelace",
            "--line1",
            "1 Main St",
            "--postal-code",
            "10115",
            "--city",
            "Berlin",
            "--country",
            "de",
            "--wait",
            "--timeout",
            "2m",
        ])
        .unwrap();
        assert_eq!(args.items.len(), 2);
        assert_eq!(args.items[0].quantity, 2);
        assert_eq!(args.items[1].book, BookRef::Isbn("9780441013593".into()));
        assert_eq!(args.items[1].quantity, 1);
        assert_eq!(args.provider, "sandbox");
        assert_eq!(args.country.as_deref(), Some("DE"));
        assert!(args.wait);
        assert_eq!(args.timeout, Duration::from_secs(120));
    }

    #[test]
    fn place_needs_items_or_the_cart_and_a_payment_method() {
        let err = place(&["--card", "4242424242424242"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
        let err = place(&["--from-cart"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
        let err =
            place(&["--from-cart", "--item", BOOK, "--card", "4242424242424242"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
        let err = place(&["--from-cart", "--card", "4242", "--token", "tok"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
        let err = place(&[
            "--from-cart",
            "--card",
            "1",
            "--address-json",
            "-",
            "--city",
            "X",
        ])
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
        // --timeout only means something with --wait.
        let err = place(&["--from-cart", "--card", "1", "--timeout", "5s"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
        let args = place(&["--from-cart", "--token", "pm_1", "--provider", "stripe"]).unwrap();
        assert!(args.from_cart && !args.wait);
        assert_eq!(args.timeout, Duration::from_secs(60));
    }

    #[test]
    fn bad_items_are_value_errors() {
        for item in [
            format!("{BOOK}:0"),
            format!("{BOOK}:-1"),
            format!("{BOOK}:x"),
            "dune:1".to_owned(),
        ] {
            let err = place(&["--item", &item, "--card", "1"]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::ValueValidation, "{item}");
        }
        let err = place(&["--from-cart", "--card", "1", "--country", "Germany"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ValueValidation);
    }

    #[test]
    fn list_watch_cancel_ship() {
        let OrdersCommand::List(args) = orders(&[
            "list",
            "--status",
            "confirmed",
            "--user",
            ORDER,
            "--limit",
            "5",
            "--all",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(args.status, Some(OrderStatus::Confirmed));
        assert!(args.all && args.user_id.is_some());
        assert!(orders(&["list", "--status", "paid"]).is_err());

        let OrdersCommand::Watch(args) =
            orders(&["watch", ORDER, "--until", "shipped", "--timeout", "500ms"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(args.until, Some(OrderStatus::Shipped));
        assert_eq!(args.timeout, Duration::from_millis(500));
        assert!(orders(&["watch", ORDER, "--timeout", "soon"]).is_err());

        let OrdersCommand::Cancel { reason, .. } =
            orders(&["cancel", ORDER, "--reason", "too slow"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(reason.as_deref(), Some("too slow"));
        assert!(orders(&["ship", "42"]).is_err());
        assert!(orders(&["show"]).is_err());
    }
}
