//! `bookstore books ...`: browse and search the catalog; administer books and their stock.

use bookstore_sdk::types::BookSort;
use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};
use uuid::Uuid;

use super::value;
use crate::transfer::FileFormat;

#[derive(Debug, Subcommand)]
pub enum BooksCommand {
    /// List books, newest first, with filters
    List(ListArgs),

    /// Search titles, subtitles, authors, ISBNs and descriptions, best match first
    Search(SearchArgs),

    /// Show one book with its authors, genres, price, stock and version
    Show {
        /// The book's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,
    },

    /// Add a book (admin)
    Add(Box<AddArgs>),

    /// Change a book's details (admin); a change someone else made meanwhile is not overwritten
    Update(Box<UpdateArgs>),

    /// Delete a book (admin)
    Delete(DeleteArgs),

    /// Set the copies in stock, or adjust them by a signed amount (admin)
    Stock(StockArgs),

    /// Add or update many books from a CSV or JSON Lines file, matched by ISBN (admin)
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),

    /// Write every book as CSV or JSON Lines, in the format `books import` reads
    Export(ExportArgs),
}

/// What `books import --help` says about the files after the options.
pub const IMPORT_HELP: &str = "\
File formats:
  CSV (.csv): a header line naming the columns, in any order:
    isbn          ISBN-13 or ISBN-10, hyphens allowed (required)
    title         (required)
    subtitle, description, publisher
    authors       names separated by `;`, created when new
    genres        existing genre slugs separated by `;`
    language      ISO 639-1 code: en, de, ...
    pages         a positive number
    published_on  YYYY-MM-DD
    price         a decimal in the currency's units: 12.99 (required)
    currency      EUR, USD, GBP, JPY, ... (required)
    stock         copies available; empty leaves an existing book's stock as it is
  Quote a field containing a comma, a quote or a line break with \"...\", and double a
  quote inside it (\"\"). An empty field is an absent value.

  JSON Lines (.jsonl, .ndjson): one new book per line, as `books add --from-json` takes:
    {\"isbn\": \"9780441013593\", \"title\": \"Dune\", \"authors\": [\"Frank Herbert\"],
     \"genres\": [\"science-fiction\"], \"price\": {\"amount\": 1299, \"currency\": \"EUR\"},
     \"stock\": 4}
  Prices are in minor units (1299 EUR is 12.99 EUR).

A book whose ISBN is in the catalog is updated to match its row, changing only what
differs: an empty field (or null) clears a detail, and a column (or key) the file
leaves out keeps it. The other rows are created. Rows go to the catalog in batches
(--batch-size rows each, --concurrency batches at a time), each row checked on its own.
A bad row is reported on stderr as
`line N: reason` and the others are imported all the same; the summary counts the
rows created, updated, unchanged and failed, and the exit status is 1 when any row
failed. `books export` writes files in these formats.";

/// Filters of `books list` and `books search`.
#[derive(Debug, Args)]
pub struct Filters {
    /// Only books in this genre, by its slug (see `bookstore genres list`)
    #[arg(long, value_name = "SLUG", value_parser = value::slug)]
    pub genre: Option<String>,

    /// Only books by this author, by id (see `bookstore authors list`)
    #[arg(long, value_name = "ID", value_parser = value::uuid)]
    pub author: Option<Uuid>,

    /// Only books costing at least PRICE: 9.99, or 1500 JPY for a currency without cents
    #[arg(long, value_name = "PRICE", value_parser = value::price_bound, allow_negative_numbers = true)]
    pub min_price: Option<i64>,

    /// Only books costing at most PRICE
    #[arg(long, value_name = "PRICE", value_parser = value::price_bound, allow_negative_numbers = true)]
    pub max_price: Option<i64>,

    /// Only books with copies available now
    #[arg(long)]
    pub in_stock: bool,

    /// Only books in this language (ISO 639-1: en, de, ...)
    #[arg(long, value_name = "CODE", value_parser = value::language)]
    pub language: Option<String>,

    /// The order [default: relevance for a search, else newest]
    #[arg(long, value_name = "KEY", value_parser = value::book_sort(), allow_hyphen_values = true)]
    pub sort: Option<BookSort>,

    /// Books per page, 1 to 100 [default: the server's]
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
pub struct ListArgs {
    #[command(flatten)]
    pub filters: Filters,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for
    #[arg(value_parser = value::non_empty)]
    pub query: String,

    #[command(flatten)]
    pub filters: Filters,
}

/// The details a book is made of, shared by `books add` and `books update`.
#[derive(Debug, Args)]
pub struct BookFields {
    /// The title
    #[arg(long, value_parser = value::non_empty)]
    pub title: Option<String>,

    /// ISBN-13 or ISBN-10 (hyphens allowed), checked by its check digit
    #[arg(long, value_parser = value::isbn)]
    pub isbn: Option<String>,

    /// The price as a decimal in the currency's units: 12.99
    #[arg(long, value_parser = value::amount, allow_negative_numbers = true)]
    pub price: Option<String>,

    /// The price's currency: EUR, USD, GBP, JPY, ...
    #[arg(long, value_name = "CODE", value_parser = value::currency)]
    pub currency: Option<String>,

    /// An author's name, created when new; repeat for each author, in order
    #[arg(long = "author", value_name = "NAME", value_parser = value::non_empty)]
    pub authors: Vec<String>,

    /// A genre's slug; repeat for each genre
    #[arg(long = "genre", value_name = "SLUG", value_parser = value::slug)]
    pub genres: Vec<String>,

    /// The subtitle
    #[arg(long, value_parser = value::non_empty)]
    pub subtitle: Option<String>,

    /// The description
    #[arg(long, value_parser = value::non_empty)]
    pub description: Option<String>,

    /// The language (ISO 639-1: en, de, ...)
    #[arg(long, value_name = "CODE", value_parser = value::language)]
    pub language: Option<String>,

    /// The number of pages
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..),
          allow_negative_numbers = true)]
    pub pages: Option<i32>,

    /// The publication date, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = value::date)]
    pub published: Option<NaiveDate>,

    /// The publisher
    #[arg(long, value_parser = value::non_empty)]
    pub publisher: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    override_usage = "bookstore books add --title <TITLE> --isbn <ISBN> --price <PRICE> \
                            --currency <CODE> [OPTIONS]\n       \
                            bookstore books add --from-json <FILE>"
)]
#[command(group(
    ArgGroup::new("fields")
        .multiple(true)
        .args(["title", "isbn", "price", "currency", "authors", "genres", "subtitle",
               "description", "language", "pages", "published", "publisher", "stock"])
))]
pub struct AddArgs {
    /// Read the book from FILE (- for standard input) as JSON: {"isbn", "title", "price":
    /// {"amount": 1299, "currency": "EUR"}, "authors": [...], "genres": [...], "stock", ...}
    #[arg(long, value_name = "FILE", conflicts_with = "fields")]
    pub from_json: Option<String>,

    #[command(flatten)]
    pub fields: BookFields,

    /// Copies in stock [default: 0]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(0..),
          allow_negative_numbers = true)]
    pub stock: Option<i64>,
}

#[derive(Debug, Args)]
#[command(
    override_usage = "bookstore books update <ID> <--FIELD VALUE | --clear-FIELD>... \
                            [--expect-version <VERSION>]"
)]
#[command(group(
    ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["title", "isbn", "price", "authors", "genres", "subtitle", "description",
               "language", "pages", "published", "publisher", "clear_subtitle",
               "clear_description", "clear_language", "clear_pages", "clear_published",
               "clear_publisher", "clear_genres"])
))]
pub struct UpdateArgs {
    /// The book's id
    #[arg(value_parser = value::uuid)]
    pub id: Uuid,

    #[command(flatten)]
    pub fields: BookFields,

    /// Remove the subtitle
    #[arg(long, conflicts_with = "subtitle")]
    pub clear_subtitle: bool,

    /// Remove the description
    #[arg(long, conflicts_with = "description")]
    pub clear_description: bool,

    /// Remove the language
    #[arg(long, conflicts_with = "language")]
    pub clear_language: bool,

    /// Remove the number of pages
    #[arg(long, conflicts_with = "pages")]
    pub clear_pages: bool,

    /// Remove the publication date
    #[arg(long, conflicts_with = "published")]
    pub clear_published: bool,

    /// Remove the publisher
    #[arg(long, conflicts_with = "publisher")]
    pub clear_publisher: bool,

    /// Take the book out of every genre
    #[arg(long, conflicts_with = "genres")]
    pub clear_genres: bool,

    /// Change the book only if it is still at this version (from `books show -o json`)
    /// [default: the version it has now]
    #[arg(long, value_name = "VERSION")]
    pub expect_version: Option<i64>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The book's id
    #[arg(value_parser = value::uuid)]
    pub id: Uuid,

    /// Delete the book only if it is still at this version [default: the version it has now]
    #[arg(long, value_name = "VERSION")]
    pub expect_version: Option<i64>,
}

#[derive(Debug, Args)]
#[command(override_usage = "bookstore books stock <ID> <N>\n       \
                            bookstore books stock <ID> --adjust <DELTA>")]
#[command(group(ArgGroup::new("change").required(true).args(["count", "adjust"])))]
pub struct StockArgs {
    /// The book's id
    #[arg(value_parser = value::uuid)]
    pub id: Uuid,

    /// Exactly this many copies in stock
    #[arg(value_name = "N", value_parser = clap::value_parser!(i64).range(0..),
          allow_negative_numbers = true)]
    pub count: Option<i64>,

    /// Add this many copies, or remove them when negative (refused below zero)
    #[arg(long, value_name = "DELTA", allow_negative_numbers = true)]
    pub adjust: Option<i64>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read, - for standard input
    #[arg(value_name = "FILE")]
    pub file: String,

    /// The file's format [default: from its name; guessed from the content on standard input]
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,

    /// How many books go in one request (at most 1000, and fewer when their details are long)
    #[arg(long, value_name = "N", default_value_t = 500,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub batch_size: u16,

    /// How many requests of books are sent at once
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,

    /// Check every row and report the bad ones, sending nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write [default: standard output]
    #[arg(value_name = "FILE")]
    pub file: Option<String>,

    /// The format [default: from the file's name, else csv]
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;
    use clap::error::ErrorKind;

    use crate::args::{Cli, Command};

    use super::*;

    const ID: &str = "0193a6f0-0000-7000-8000-00000000b001";

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("bookstore").chain(args.iter().copied()))
    }

    fn books(args: &[&str]) -> Result<BooksCommand, clap::Error> {
        let all: Vec<&str> = std::iter::once("books")
            .chain(args.iter().copied())
            .collect();
        match parse(&all)?.command {
            Command::Books(command) => Ok(command),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn list_filters() {
        let BooksCommand::List(args) = books(&[
            "list",
            "--genre",
            "Science-Fiction",
            "--min-price",
            "9.99",
            "--max-price",
            "20",
            "--in-stock",
            "--language",
            "EN",
            "--sort",
            "-price",
            "--limit",
            "100",
            "--all",
        ])
        .unwrap() else {
            panic!()
        };
        let f = args.filters;
        assert_eq!(f.genre.as_deref(), Some("science-fiction"));
        assert_eq!((f.min_price, f.max_price), (Some(999), Some(2000)));
        assert!(f.in_stock && f.all);
        assert_eq!(f.language.as_deref(), Some("en"));
        assert_eq!(f.sort, Some(BookSort::PriceDesc));
        assert_eq!(f.limit, Some(100));
    }

    #[test]
    fn search_takes_words_and_the_same_filters() {
        let BooksCommand::Search(args) =
            books(&["search", "dune messiah", "--sort=title", "--author", ID]).unwrap()
        else {
            panic!()
        };
        assert_eq!(args.query, "dune messiah");
        assert_eq!(args.filters.sort, Some(BookSort::Title));
        assert!(books(&["search"]).is_err());
    }

    #[test]
    fn bad_filters_are_usage_errors() {
        for args in [
            &["list", "--limit", "101"][..],
            &["list", "--limit", "0"],
            &["list", "--sort", "popularity"],
            &["list", "--min-price", "-1"],
            &["list", "--max-price", "1.999"],
            &["list", "--genre", "sci fi"],
            &["list", "--author", "herbert"],
            &["list", "--cursor", "a b"],
            &["list", "--cursor", "x", "--all"],
            &["list", "--language", "english"],
            &["show", "42"],
        ] {
            let err = books(args).unwrap_err();
            assert!(err.use_stderr(), "{args:?}");
        }
    }

    #[test]
    fn add_needs_fields_or_json_but_not_both() {
        let BooksCommand::Add(args) = books(&[
            "add",
            "--title",
            "Dune",
            "--isbn",
            "0-441-01359-7",
            "--price",
            "12.99",
            "--currency",
            "eur",
            "--stock",
            "4",
            "--author",
            "Frank Herbert",
            "--author",
            "Brian Herbert",
            "--genre",
            "science-fiction",
            "--published",
            "1965-08-01",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(args.fields.isbn.as_deref(), Some("9780441013593"));
        assert_eq!(args.fields.currency.as_deref(), Some("EUR"));
        assert_eq!(args.fields.authors, ["Frank Herbert", "Brian Herbert"]);
        assert_eq!(args.stock, Some(4));

        assert!(books(&["add", "--from-json", "-"]).is_ok());
        let err = books(&["add", "--from-json", "-", "--title", "Dune"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
        for bad in [
            &["add", "--isbn", "9780441013594"][..],
            &["add", "--currency", "XYZ"],
            &["add", "--price", "-3"],
            &["add", "--price", "abc"],
            &["add", "--stock", "-1"],
            &["add", "--title", " "],
            &["add", "--pages", "0"],
            &["add", "--pages", "-5"],
        ] {
            assert_eq!(
                books(bad).unwrap_err().kind(),
                ErrorKind::ValueValidation,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn update_needs_a_change_and_clears_conflict_with_sets() {
        let err = books(&["update", ID]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
        let err = books(&["update", ID, "--subtitle", "x", "--clear-subtitle"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
        let BooksCommand::Update(args) =
            books(&["update", ID, "--clear-publisher", "--expect-version", "3"]).unwrap()
        else {
            panic!()
        };
        assert!(args.clear_publisher);
        assert_eq!(args.expect_version, Some(3));
        // A currency alone says nothing about the amount.
        assert!(books(&["update", ID, "--currency", "USD"]).is_err());
    }

    #[test]
    fn stock_sets_or_adjusts() {
        let BooksCommand::Stock(args) = books(&["stock", ID, "12"]).unwrap() else {
            panic!()
        };
        assert_eq!((args.count, args.adjust), (Some(12), None));
        let BooksCommand::Stock(args) = books(&["stock", ID, "--adjust", "-3"]).unwrap() else {
            panic!()
        };
        assert_eq!((args.count, args.adjust), (None, Some(-3)));
        assert!(books(&["stock", ID]).is_err());
        assert_eq!(
            books(&["stock", ID, "-1"]).unwrap_err().kind(),
            ErrorKind::ValueValidation
        );
        assert!(books(&["stock", ID, "3", "--adjust", "1"]).is_err());
    }

    #[test]
    fn import_and_export() {
        let BooksCommand::Import(args) = books(&[
            "import",
            "-",
            "--format",
            "jsonl",
            "--concurrency",
            "2",
            "--batch-size",
            "100",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(args.format, Some(FileFormat::Jsonl));
        assert_eq!((args.concurrency, args.batch_size), (2, 100));
        let BooksCommand::Import(args) = books(&["import", "x.csv"]).unwrap() else {
            panic!()
        };
        assert_eq!((args.concurrency, args.batch_size), (4, 500));
        assert!(books(&["import", "x.csv", "--concurrency", "0"]).is_err());
        assert!(books(&["import", "x.csv", "--batch-size", "1001"]).is_err());
        assert!(books(&["import", "x.csv", "--format", "xml"]).is_err());
        let BooksCommand::Export(args) = books(&["export", "all.csv"]).unwrap() else {
            panic!()
        };
        assert_eq!(args.file.as_deref(), Some("all.csv"));
    }
}
