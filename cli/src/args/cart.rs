//! `bookstore cart ...`: the signed-in user's cart.

use clap::Subcommand;

use super::value::{self, BookRef};

#[derive(Debug, Subcommand)]
pub enum CartCommand {
    /// Show the cart, priced at the catalog's current prices
    Show,

    /// Put copies of a book in the cart, more of one that is already there
    Add {
        /// The book's id, or its ISBN
        #[arg(value_name = "BOOK", value_parser = value::book_ref)]
        book: BookRef,

        /// How many copies to add
        #[arg(value_name = "QTY", default_value = "1", value_parser = value::quantity,
              allow_negative_numbers = true)]
        quantity: i64,
    },

    /// Set how many copies of a book the cart holds
    Set {
        /// The book's id, or its ISBN
        #[arg(value_name = "BOOK", value_parser = value::book_ref)]
        book: BookRef,

        /// How many copies the cart is to hold
        #[arg(value_name = "QTY", value_parser = value::quantity, allow_negative_numbers = true)]
        quantity: i64,
    },

    /// Take a book out of the cart
    Remove {
        /// The book's id, or its ISBN
        #[arg(value_name = "BOOK", value_parser = value::book_ref)]
        book: BookRef,
    },

    /// Empty the cart
    Clear,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;
    use clap::error::ErrorKind;

    use crate::args::{Cli, Command};

    use super::*;

    const ID: &str = "0193a6f0-0000-7000-8000-00000000b001";

    fn cart(args: &[&str]) -> Result<CartCommand, clap::Error> {
        let cli = Cli::try_parse_from(["bookstore", "cart"].iter().chain(args))?;
        match cli.command {
            Command::Cart(command) => Ok(command),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn add_defaults_to_one_copy_and_takes_an_isbn() {
        let CartCommand::Add { book, quantity } = cart(&["add", ID]).unwrap() else {
            panic!()
        };
        assert_eq!(book, BookRef::Id(uuid::Uuid::parse_str(ID).unwrap()));
        assert_eq!(quantity, 1);
        let CartCommand::Add { book, quantity } = cart(&["add", "0-441-01359-7", "3"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(book, BookRef::Isbn("9780441013593".into()));
        assert_eq!(quantity, 3);
    }

    #[test]
    fn bad_books_and_quantities_are_usage_errors() {
        for args in [
            &["add", "dune"][..],
            &["add", ID, "0"],
            &["add", ID, "-1"],
            &["add", ID, "many"],
            &["set", ID],
            &["set", ID, "0"],
            &["remove"],
            &["remove", "42"],
        ] {
            let err = cart(args).unwrap_err();
            assert!(err.use_stderr(), "{args:?}");
            assert_ne!(err.kind(), ErrorKind::DisplayHelp, "{args:?}");
        }
        assert!(matches!(cart(&["clear"]).unwrap(), CartCommand::Clear));
        assert!(matches!(cart(&["show"]).unwrap(), CartCommand::Show));
    }
}
