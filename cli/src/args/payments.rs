//! `bookstore payments ...`: payments of orders, the providers; refunds (admin).

use bookstore_sdk::types::PaymentStatus;
use clap::{Args, Subcommand};
use uuid::Uuid;

use super::value;

#[derive(Debug, Subcommand)]
pub enum PaymentsCommand {
    /// List your payments, newest first (admins: everyone's)
    List(ListArgs),

    /// Show one payment
    Show {
        /// The payment's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,
    },

    /// Give a payment back in full (admin)
    Refund {
        /// The payment's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,

        /// Why, for the payment log
        #[arg(long, value_parser = value::non_empty)]
        reason: Option<String>,
    },

    /// List the payment providers the store takes, and what a token is for each
    Providers,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the payments of this order
    #[arg(long = "order", value_name = "ID", value_parser = value::uuid)]
    pub order_id: Option<Uuid>,

    /// Only payments in this status
    #[arg(long, value_name = "STATUS", value_parser = value::payment_status())]
    pub status: Option<PaymentStatus>,

    /// Payments per page, 1 to 100 [default: the server's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: Option<u32>,

    /// Start at this page (the cursor a previous page ended with)
    #[arg(long, conflicts_with = "all", value_parser = value::cursor)]
    pub cursor: Option<String>,

    /// Fetch every page, not only the first
    #[arg(long)]
    pub all: bool,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use crate::args::{Cli, Command};

    use super::*;

    const ID: &str = "0193a6f0-0000-7000-8000-00000000e001";

    fn payments(args: &[&str]) -> Result<PaymentsCommand, clap::Error> {
        let cli = Cli::try_parse_from(["bookstore", "payments"].iter().chain(args))?;
        match cli.command {
            Command::Payments(command) => Ok(command),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn list_filters_and_refunds() {
        let PaymentsCommand::List(args) =
            payments(&["list", "--order", ID, "--status", "succeeded"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(args.order_id, Some(Uuid::parse_str(ID).unwrap()));
        assert_eq!(args.status, Some(PaymentStatus::Succeeded));
        for bad in [
            &["list", "--status", "paid"][..],
            &["list", "--order", "7"],
            &["list", "--all", "--cursor", "x"],
            &["refund"],
            &["refund", ID, "--reason", " "],
            &["show", "x"],
        ] {
            assert!(payments(bad).unwrap_err().use_stderr(), "{bad:?}");
        }
        let PaymentsCommand::Refund { reason, .. } =
            payments(&["refund", ID, "--reason", "damaged"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(reason.as_deref(), Some("damaged"));
        assert!(matches!(
            payments(&["providers"]).unwrap(),
            PaymentsCommand::Providers
        ));
    }
}
