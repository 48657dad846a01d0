//! `bookstore books ...`: list, search, show; add, update, delete and stock (admin). Import and
//! export are in `bulk`.

use std::io::Read;

use anyhow::{Context as _, Result};
use bookstore_sdk::types::{Book, BookQuery, BookUpdate, Money, NewBook, Page};
use futures_util::TryStreamExt;
use uuid::Uuid;

use super::bulk;
use crate::args::books::{
    AddArgs, BookFields, BooksCommand, DeleteArgs, Filters, StockArgs, UpdateArgs,
};
use crate::args::value;
use crate::context::Context;
use crate::exit::CliError;

pub async fn run(ctx: &mut Context, command: BooksCommand) -> Result<()> {
    match command {
        BooksCommand::List(args) => list(ctx, None, args.filters).await,
        BooksCommand::Search(args) => list(ctx, Some(args.query), args.filters).await,
        BooksCommand::Show { id } => show(ctx, id).await,
        BooksCommand::Add(args) => add(ctx, *args).await,
        BooksCommand::Update(args) => update(ctx, *args).await,
        BooksCommand::Delete(args) => delete(ctx, args).await,
        BooksCommand::Stock(args) => stock(ctx, args).await,
        BooksCommand::Import(args) => bulk::import(ctx, args).await,
        BooksCommand::Export(args) => bulk::export(ctx, args).await,
    }
}

fn usage(message: impl Into<String>) -> anyhow::Error {
    CliError::Usage(message.into()).into()
}

/// The query for `books list` and `books search`.
pub fn query(q: Option<String>, filters: &Filters) -> Result<BookQuery> {
    if let (Some(min), Some(max)) = (filters.min_price, filters.max_price)
        && min > max
    {
        return Err(usage("--min-price is above --max-price"));
    }
    Ok(BookQuery {
        q,
        genre: filters.genre.clone(),
        author: filters.author,
        min_price: filters.min_price,
        max_price: filters.max_price,
        in_stock: filters.in_stock.then_some(true),
        language: filters.language.clone(),
        sort: filters.sort,
        limit: filters.limit,
        cursor: filters.cursor.clone(),
    })
}

async fn list(ctx: &Context, q: Option<String>, filters: Filters) -> Result<()> {
    let query = query(q, &filters)?;
    let books = ctx.client().books();
    let page = if filters.all {
        Page {
            items: books.list_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        books.list(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info("No books match.");
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More books: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}

async fn show(ctx: &Context, id: Uuid) -> Result<()> {
    let book = ctx.client().books().get(id).await?;
    ctx.out.print(&book)
}

/// Standard input for `-`, else the file.
pub fn read_input(path: &str) -> Result<String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))
    }
}

/// `--from-json`: a new book as JSON, checked like the flags.
fn book_from_json(path: &str) -> Result<NewBook> {
    let text = read_input(path)?;
    let book: NewBook = serde_json::from_str(&text)
        .map_err(|e| usage(format!("{path}: not a book as JSON: {e}")))?;
    crate::transfer::checked_book(book).map_err(|e| usage(format!("{path}: {e}")))
}

/// The flags of `books add` as a new book; what is missing is a usage error.
fn book_from_flags(fields: BookFields, stock: Option<i64>) -> Result<NewBook> {
    let missing: Vec<&str> = [
        ("--title", fields.title.is_none()),
        ("--isbn", fields.isbn.is_none()),
        ("--price", fields.price.is_none()),
        ("--currency", fields.currency.is_none()),
    ]
    .into_iter()
    .filter_map(|(flag, missing)| missing.then_some(flag))
    .collect();
    let (Some(title), Some(isbn), Some(price), Some(currency)) =
        (fields.title, fields.isbn, fields.price, fields.currency)
    else {
        return Err(usage(format!(
            "books add needs {} (or --from-json FILE)",
            missing.join(", ")
        )));
    };
    let amount =
        value::minor_units(&price, &currency).map_err(|e| usage(format!("--price: {e}")))?;
    Ok(NewBook {
        isbn,
        title,
        subtitle: fields.subtitle,
        description: fields.description,
        authors: fields.authors,
        genres: fields.genres,
        language: fields.language,
        pages: fields.pages,
        published_on: fields.published,
        publisher: fields.publisher,
        price: Money::new(amount, currency),
        stock: stock.unwrap_or(0),
    })
}

async fn add(ctx: &mut Context, args: AddArgs) -> Result<()> {
    let new = match &args.from_json {
        Some(path) => book_from_json(path)?,
        None => book_from_flags(args.fields, args.stock)?,
    };
    ctx.authenticate().await?;
    let book = ctx.client().books().create(&new).await?;
    ctx.out.info(format!("Added {} ({}).", book.title, book.id));
    ctx.out.print(&book)
}

/// `Some(Some(v))` to set, `Some(None)` to clear, `None` to keep.
fn edit<T>(set: Option<T>, clear: bool) -> Option<Option<T>> {
    match (set, clear) {
        (Some(v), _) => Some(Some(v)),
        (None, true) => Some(None),
        (None, false) => None,
    }
}

/// The flags of `books update` as the change to send; `currency` is the price's currency.
fn book_update(args: UpdateArgs, currency: Option<&str>) -> Result<BookUpdate> {
    let f = args.fields;
    let price = match (f.price, currency) {
        (Some(price), Some(currency)) => {
            let amount =
                value::minor_units(&price, currency).map_err(|e| usage(format!("--price: {e}")))?;
            Some(Money::new(amount, currency))
        }
        (Some(_), None) => return Err(usage("--price needs --currency")),
        (None, _) => None,
    };
    Ok(BookUpdate {
        isbn: f.isbn,
        title: f.title,
        subtitle: edit(f.subtitle, args.clear_subtitle),
        description: edit(f.description, args.clear_description),
        authors: (!f.authors.is_empty()).then_some(f.authors),
        genres: if args.clear_genres {
            Some(Vec::new())
        } else {
            (!f.genres.is_empty()).then_some(f.genres)
        },
        language: edit(f.language, args.clear_language),
        pages: edit(f.pages, args.clear_pages),
        published_on: edit(f.published, args.clear_published),
        publisher: edit(f.publisher, args.clear_publisher),
        price,
    })
}

/// A `412` said in words: nothing was overwritten.
fn changed_meanwhile(err: bookstore_sdk::Error, id: Uuid, version: i64) -> anyhow::Error {
    if err.is_precondition_failed() {
        CliError::Conflict(format!(
            "someone else changed book {id} since version {version}; nothing was changed \
             (look at it with `bookstore books show {id}` and try again)"
        ))
        .into()
    } else {
        err.into()
    }
}

async fn update(ctx: &mut Context, args: UpdateArgs) -> Result<()> {
    if args.fields.currency.is_some() && args.fields.price.is_none() {
        return Err(usage("--currency goes with --price"));
    }
    let id = args.id;
    // Checked before anything is sent, where the currency is known.
    if let (Some(price), Some(currency)) = (&args.fields.price, &args.fields.currency) {
        value::minor_units(price, currency).map_err(|e| usage(format!("--price: {e}")))?;
    }
    ctx.authenticate().await?;
    let books = ctx.client().books();
    let needs_current = args.expect_version.is_none()
        || (args.fields.price.is_some() && args.fields.currency.is_none());
    let current: Option<Book> = if needs_current {
        Some(books.get(id).await?)
    } else {
        None
    };
    let version = match (args.expect_version, &current) {
        (Some(v), _) => v,
        (None, Some(book)) => book.version,
        (None, None) => unreachable!("the book was read when no version was given"),
    };
    let currency = args
        .fields
        .currency
        .clone()
        .or_else(|| current.as_ref().map(|b| b.price.currency.clone()));
    let change = book_update(args, currency.as_deref())?;
    let book = books
        .update(id, version, &change)
        .await
        .map_err(|e| changed_meanwhile(e, id, version))?;
    ctx.out.info(format!(
        "Updated {} (now version {}).",
        book.title, book.version
    ));
    ctx.out.print(&book)
}

async fn delete(ctx: &mut Context, args: DeleteArgs) -> Result<()> {
    ctx.authenticate().await?;
    let books = ctx.client().books();
    let (version, title) = match args.expect_version {
        Some(v) => (v, None),
        None => {
            let book = books.get(args.id).await?;
            (book.version, Some(book.title))
        }
    };
    books
        .delete(args.id, version)
        .await
        .map_err(|e| changed_meanwhile(e, args.id, version))?;
    match title {
        Some(title) => ctx.out.info(format!("Deleted {title} ({}).", args.id)),
        None => ctx.out.info(format!("Deleted book {}.", args.id)),
    }
    Ok(())
}

async fn stock(ctx: &mut Context, args: StockArgs) -> Result<()> {
    ctx.authenticate().await?;
    let books = ctx.client().books();
    let book = match (args.count, args.adjust) {
        (Some(count), _) => books.set_stock(args.id, count).await?,
        (None, Some(delta)) => books.adjust_stock(args.id, delta).await?,
        (None, None) => return Err(usage("give the new stock N, or --adjust DELTA")),
    };
    ctx.out
        .info(format!("{}: {} in stock.", book.title, book.stock));
    ctx.out.print(&book)
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::args::{Cli, Command};

    fn books(args: &[&str]) -> BooksCommand {
        let all = ["bookstore", "books"]
            .into_iter()
            .chain(args.iter().copied());
        match Cli::try_parse_from(all).unwrap().command {
            Command::Books(command) => command,
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn flags_make_a_new_book_with_exact_minor_units() {
        let BooksCommand::Add(args) = books(&[
            "add",
            "--title",
            "Kokoro",
            "--isbn",
            "9784101092058",
            "--price",
            "1500",
            "--currency",
            "jpy",
            "--author",
            "Natsume Sōseki",
        ]) else {
            panic!()
        };
        let book = book_from_flags(args.fields, args.stock).unwrap();
        assert_eq!(book.price, Money::new(1500, "JPY"));
        assert_eq!(book.stock, 0);
        assert_eq!(book.authors, ["Natsume Sōseki"]);

        let BooksCommand::Add(args) = books(&[
            "add",
            "--title",
            "Kokoro",
            "--isbn",
            "9784101092058",
            "--price",
            "15.5",
            "--currency",
            "JPY",
        ]) else {
            panic!()
        };
        let err = book_from_flags(args.fields, args.stock).unwrap_err();
        assert_eq!(err.to_string(), "--price: JPY amounts have no decimals");

        let BooksCommand::Add(args) = books(&["add", "--title", "Kokoro", "--price", "1"]) else {
            panic!()
        };
        let err = book_from_flags(args.fields, args.stock).unwrap_err();
        assert_eq!(
            err.to_string(),
            "books add needs --isbn, --currency (or --from-json FILE)"
        );
        assert_eq!(crate::exit::code(&err), crate::exit::USAGE);
    }

    #[test]
    fn updates_send_only_what_was_asked() {
        let id = "0193a6f0-0000-7000-8000-00000000b001";
        let BooksCommand::Update(args) = books(&[
            "update",
            id,
            "--price",
            "9.5",
            "--clear-subtitle",
            "--genre",
            "poetry",
            "--clear-pages",
        ]) else {
            panic!()
        };
        let change = book_update(*args, Some("GBP")).unwrap();
        assert_eq!(
            serde_json::to_string(&change).unwrap(),
            r#"{"subtitle":null,"genres":["poetry"],"pages":null,"price":{"amount":950,"currency":"GBP"}}"#
        );
        let BooksCommand::Update(args) = books(&["update", id, "--clear-genres"]) else {
            panic!()
        };
        let change = book_update(*args, None).unwrap();
        assert_eq!(serde_json::to_string(&change).unwrap(), r#"{"genres":[]}"#);
    }

    #[test]
    fn price_bounds_must_be_in_order() {
        let BooksCommand::List(args) = books(&["list", "--min-price", "20", "--max-price", "10"])
        else {
            panic!()
        };
        let err = query(None, &args.filters).unwrap_err();
        assert_eq!(crate::exit::code(&err), crate::exit::USAGE);
    }
}
