//! Book files for `books import` and `books export`: CSV and JSON Lines, read into new books
//! with the line of each, and written back so that an export re-imports unchanged.

pub mod csv;

use std::collections::HashMap;

use bookstore_sdk::types::{Book, BookUpsert, Money, NewBook};
use clap::ValueEnum;

use crate::args::value;

/// A book file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    /// Comma-separated values with a header line
    Csv,
    /// JSON Lines: one book object per line
    Jsonl,
}

impl FileFormat {
    /// The format a file's name says (`.csv`, `.jsonl`, `.ndjson`), if it says one.
    pub fn from_path(path: &str) -> Option<FileFormat> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(FileFormat::Csv)
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Some(FileFormat::Jsonl)
        } else {
            None
        }
    }

    /// A guess from the content: JSON Lines start with `{`.
    pub fn sniff(text: &str) -> FileFormat {
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with('{') {
            FileFormat::Jsonl
        } else {
            FileFormat::Csv
        }
    }
}

/// The CSV columns, in the order `books export` writes them.
pub const COLUMNS: [&str; 13] = [
    "isbn",
    "title",
    "subtitle",
    "description",
    "authors",
    "genres",
    "language",
    "pages",
    "published_on",
    "publisher",
    "price",
    "currency",
    "stock",
];

/// The columns a CSV file must have.
const REQUIRED: [&str; 4] = ["isbn", "title", "price", "currency"];

/// What separates the names in the `authors` and `genres` columns.
pub const LIST_SEPARATOR: char = ';';

/// One good row: the book it describes, and its stock when the row gives one (an update then
/// sets it; a new book gets `book.stock`, 0 when not given).
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub book: NewBook,
    pub stock: Option<i64>,
    /// The details the file gives (its CSV columns, or the keys of its JSON object), by their
    /// names in [`COLUMNS`]: an update leaves the others as they are.
    pub present: Vec<&'static str>,
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

fn row_error(line: usize, reason: impl Into<String>) -> RowError {
    RowError {
        line,
        reason: reason.into(),
    }
}

/// Reads a whole book file into rows, in file order. A problem with one row is that row's
/// error; only a CSV header the columns cannot be made out of fails the whole file.
pub fn parse(format: FileFormat, text: &str) -> Result<Vec<Result<Row, RowError>>, String> {
    let mut rows = match format {
        FileFormat::Csv => parse_csv(text)?,
        FileFormat::Jsonl => parse_jsonl(text),
    };
    // Two rows for one ISBN would race each other; the first one wins, the others are errors.
    let mut first: HashMap<String, usize> = HashMap::new();
    for row in &mut rows {
        if let Ok(r) = row {
            if let Some(line) = first.get(&r.book.isbn) {
                *row = Err(row_error(
                    r.line,
                    format!("isbn: {} is also on line {line}", r.book.isbn),
                ));
            } else {
                first.insert(r.book.isbn.clone(), r.line);
            }
        }
    }
    Ok(rows)
}

fn parse_csv(text: &str) -> Result<Vec<Result<Row, RowError>>, String> {
    let mut records = csv::records(text);
    let header = match records.next() {
        None => return Ok(Vec::new()),
        Some(Err(broken)) => return Err(format!("line {}: {}", broken.line, broken.reason)),
        Some(Ok(header)) => header,
    };
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.fields.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        let Some(column) = COLUMNS.iter().find(|c| **c == name) else {
            return Err(format!(
                "line {}: unknown column `{name}` (the columns are {})",
                header.line,
                COLUMNS.join(",")
            ));
        };
        if index.insert(column, i).is_some() {
            return Err(format!(
                "line {}: column `{name}` appears twice",
                header.line
            ));
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !index.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "line {}: the header lacks the column{} {}",
            header.line,
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ));
    }
    let width = header.fields.len();
    let present: Vec<&'static str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| index.contains_key(c))
        .collect();
    Ok(records
        .map(|record| {
            let record = record.map_err(|b| row_error(b.line, b.reason))?;
            if record.fields.len() != width {
                return Err(row_error(
                    record.line,
                    format!(
                        "{} fields where the header has {width}",
                        record.fields.len()
                    ),
                ));
            }
            let cells = Cells {
                index: &index,
                fields: &record.fields,
            };
            let mut row =
                csv_row(record.line, &cells).map_err(|reason| row_error(record.line, reason))?;
            row.present.clone_from(&present);
            Ok(row)
        })
        .collect())
}

/// One CSV record's fields by column name.
struct Cells<'a> {
    index: &'a HashMap<&'static str, usize>,
    fields: &'a [String],
}

impl<'a> Cells<'a> {
    /// A column's trimmed text; `None` when empty or absent.
    fn get(&self, column: &str) -> Option<&'a str> {
        self.index
            .get(column)
            .and_then(|&i| self.fields.get(i))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// One CSV record as a row.
fn csv_row(line: usize, cells: &Cells<'_>) -> Result<Row, String> {
    let get = |column: &str| cells.get(column);
    fn field<T>(name: &str, result: Result<T, String>) -> Result<T, String> {
        result.map_err(|e| format!("{name}: {e}"))
    }
    let text = |name: &str| get(name).map(str::to_owned);
    let list = |name: &str| -> Vec<String> {
        get(name)
            .map(|v| {
                v.split(LIST_SEPARATOR)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let isbn = field("isbn", value::isbn(get("isbn").unwrap_or("")))?;
    let title = field("title", value::non_empty(get("title").unwrap_or("")))?;
    let currency = field("currency", value::currency(get("currency").unwrap_or("")))?;
    let amount = field(
        "price",
        match get("price") {
            Some(price) => value::minor_units(price, &currency),
            None => Err("must not be empty".to_owned()),
        },
    )?;
    let genres = list("genres")
        .iter()
        .map(|g| value::slug(g))
        .collect::<Result<Vec<_>, _>>();
    let genres = field("genres", genres)?;
    let language = field("language", get("language").map(value::language).transpose())?;
    let pages = field("pages", get("pages").map(pages).transpose())?;
    let published_on = field(
        "published_on",
        get("published_on").map(value::date).transpose(),
    )?;
    let stock = field("stock", get("stock").map(stock).transpose())?;
    Ok(Row {
        line,
        book: NewBook {
            isbn,
            title,
            subtitle: text("subtitle"),
            description: text("description"),
            authors: list("authors"),
            genres,
            language,
            pages,
            published_on,
            publisher: text("publisher"),
            price: Money::new(amount, currency),
            stock: stock.unwrap_or(0),
        },
        stock,
        present: Vec::new(),
    })
}

fn pages(s: &str) -> Result<i32, String> {
    match s.parse::<i32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{s}` is not a number of pages")),
    }
}

fn stock(s: &str) -> Result<i64, String> {
    match s.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        Ok(_) => Err(format!("`{s}` is negative")),
        Err(_) => Err(format!("`{s}` is not a number of copies")),
    }
}

fn parse_jsonl(text: &str) -> Vec<Result<Row, RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| json_row(i + 1, l).map_err(|reason| row_error(i + 1, reason)))
        .collect()
}

fn json_row(line: usize, text: &str) -> Result<Row, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(json_message)?;
    let has_stock = value.get("stock").is_some_and(|s| !s.is_null());
    let mut present: Vec<&'static str> = Vec::new();
    if let Some(object) = value.as_object() {
        // The price carries the currency.
        present = COLUMNS
            .iter()
            .copied()
            .filter(|c| object.contains_key(if *c == "currency" { "price" } else { c }))
            .collect();
    }
    let book: NewBook = serde_json::from_value(value).map_err(json_message)?;
    let book = checked_book(book)?;
    let stock = has_stock.then_some(book.stock);
    Ok(Row {
        line,
        book,
        stock,
        present,
    })
}

/// serde's message without its position, which is always line 1 of one line.
fn json_message(e: serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    format!("invalid book JSON: {text}")
}

/// A new book from a JSON document checked like the flags of `books add`: the ISBN made 13
/// digits, a title, a price that is not negative in a currency the store takes, stock and
/// pages that make sense. The message names the field.
pub fn checked_book(mut book: NewBook) -> Result<NewBook, String> {
    let field = |name: &str, e: String| format!("{name}: {e}");
    book.isbn = value::isbn(&book.isbn).map_err(|e| field("isbn", e))?;
    book.title = value::non_empty(&book.title).map_err(|e| field("title", e))?;
    book.price.currency =
        value::currency(&book.price.currency).map_err(|e| field("price.currency", e))?;
    if book.price.amount < 0 {
        return Err(field("price.amount", "is negative".to_owned()));
    }
    if book.stock < 0 {
        return Err(field("stock", "is negative".to_owned()));
    }
    if book.pages.is_some_and(|p| p <= 0) {
        return Err(field("pages", "must be a positive number".to_owned()));
    }
    book.genres = book
        .genres
        .iter()
        .map(|g| value::slug(g))
        .collect::<Result<_, _>>()
        .map_err(|e| field("genres", e))?;
    if let Some(language) = &book.language {
        book.language = Some(value::language(language).map_err(|e| field("language", e))?);
    }
    Ok(book)
}

/// A catalog book as the new book that would create it again: authors by name, genres by slug.
pub fn as_new_book(book: &Book) -> NewBook {
    NewBook {
        isbn: book.isbn.clone(),
        title: book.title.clone(),
        subtitle: book.subtitle.clone(),
        description: book.description.clone(),
        authors: book.authors.iter().map(|a| a.name.clone()).collect(),
        genres: book.genres.iter().map(|g| g.slug.clone()).collect(),
        language: book.language.clone(),
        pages: book.pages,
        published_on: book.published_on,
        publisher: book.publisher.clone(),
        price: book.price.clone(),
        stock: book.stock,
    }
}

/// A new book as `books export` writes it in JSON Lines: every detail, `null` where the book
/// has none, so that importing the file clears what was added since.
#[derive(serde::Serialize)]
struct JsonBook<'a> {
    isbn: &'a str,
    title: &'a str,
    subtitle: Option<&'a str>,
    description: Option<&'a str>,
    authors: &'a [String],
    genres: &'a [String],
    language: Option<&'a str>,
    pages: Option<i32>,
    published_on: Option<chrono::NaiveDate>,
    publisher: Option<&'a str>,
    price: &'a Money,
    stock: i64,
}

impl<'a> From<&'a NewBook> for JsonBook<'a> {
    fn from(b: &'a NewBook) -> Self {
        JsonBook {
            isbn: &b.isbn,
            title: &b.title,
            subtitle: b.subtitle.as_deref(),
            description: b.description.as_deref(),
            authors: &b.authors,
            genres: &b.genres,
            language: b.language.as_deref(),
            pages: b.pages,
            published_on: b.published_on,
            publisher: b.publisher.as_deref(),
            price: &b.price,
            stock: b.stock,
        }
    }
}

/// The CSV header line.
pub fn csv_header() -> String {
    csv::line(&COLUMNS)
}

/// One book as a line of `format` (`\n`-terminated), readable by [`parse`].
pub fn line(format: FileFormat, book: &Book) -> Result<String, serde_json::Error> {
    let new = as_new_book(book);
    Ok(match format {
        FileFormat::Jsonl => {
            let mut line = serde_json::to_string(&JsonBook::from(&new))?;
            line.push('\n');
            line
        }
        FileFormat::Csv => {
            let sep = LIST_SEPARATOR.to_string();
            csv::line(&[
                new.isbn,
                new.title,
                new.subtitle.unwrap_or_default(),
                new.description.unwrap_or_default(),
                new.authors.join(&sep),
                new.genres.join(&sep),
                new.language.unwrap_or_default(),
                new.pages.map(|p| p.to_string()).unwrap_or_default(),
                new.published_on.map(|d| d.to_string()).unwrap_or_default(),
                new.publisher.unwrap_or_default(),
                value::decimal(new.price.amount, &new.price.currency),
                new.price.currency,
                new.stock.to_string(),
            ])
        }
    })
}

/// A row as the batch upsert takes it: the ISBN, title and price always; each other detail
/// only when the file gives it (its column, or its key), so that the catalog keeps what the
/// file leaves out. A given but empty detail clears it. The stock is set when the row gives one.
pub fn upsert(row: Row) -> BookUpsert {
    let given = |name: &str| row.present.contains(&name);
    let book = row.book;
    BookUpsert {
        subtitle: given("subtitle").then_some(book.subtitle),
        description: given("description").then_some(book.description),
        authors: given("authors").then_some(book.authors),
        genres: given("genres").then_some(book.genres),
        language: given("language").then_some(book.language),
        pages: given("pages").then_some(book.pages),
        published_on: given("published_on").then_some(book.published_on),
        publisher: given("publisher").then_some(book.publisher),
        isbn: book.isbn,
        title: book.title,
        price: book.price,
        stock: row.stock,
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use bookstore_sdk::types::{AuthorRef, GenreRef};
    use chrono::{NaiveDate, TimeZone, Utc};
    use uuid::Uuid;

    use super::*;

    const HEADER: &str = "isbn,title,subtitle,description,authors,genres,language,pages,published_on,publisher,price,currency,stock\n";

    fn ok(rows: &[Result<Row, RowError>]) -> Vec<&Row> {
        rows.iter().filter_map(|r| r.as_ref().ok()).collect()
    }

    fn errors(rows: &[Result<Row, RowError>]) -> Vec<String> {
        rows.iter()
            .filter_map(|r| r.as_ref().err())
            .map(ToString::to_string)
            .collect()
    }

    fn book() -> Book {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
        Book {
            id: Uuid::nil(),
            isbn: "9780441013593".into(),
            title: "Dune".into(),
            subtitle: Some("Deluxe \"40th\" edition, illustrated".into()),
            description: Some("Sand.\nMore sand; and spice.".into()),
            authors: vec![
                AuthorRef {
                    id: Uuid::nil(),
                    name: "Frank Herbert".into(),
                },
                AuthorRef {
                    id: Uuid::nil(),
                    name: "Brian Herbert, Jr.".into(),
                },
            ],
            genres: vec![
                GenreRef {
                    id: Uuid::nil(),
                    slug: "science-fiction".into(),
                    name: "Science fiction".into(),
                },
                GenreRef {
                    id: Uuid::nil(),
                    slug: "classics".into(),
                    name: "Classics".into(),
                },
            ],
            language: Some("en".into()),
            pages: Some(896),
            published_on: NaiveDate::from_ymd_opt(1965, 8, 1),
            publisher: Some("Chilton".into()),
            price: Money::new(1299, "EUR"),
            stock: 7,
            version: 3,
            created_at: at,
            updated_at: at,
        }
    }

    fn minimal() -> Book {
        Book {
            isbn: "9784101092058".into(),
            title: "Kokoro".into(),
            subtitle: None,
            description: None,
            authors: vec![],
            genres: vec![],
            language: None,
            pages: None,
            published_on: None,
            publisher: None,
            price: Money::new(1500, "JPY"),
            stock: 0,
            ..book()
        }
    }

    #[test]
    fn csv_rows_become_new_books() {
        let text = format!(
            "{HEADER}978-0-441-01359-3,Dune,,\"A desert planet, spice, \"\"worms\"\"\",Frank Herbert; Brian Herbert ,science-fiction;Classics,EN,896,1965-08-01,Chilton,12.99,eur,7\n"
        );
        let rows = parse(FileFormat::Csv, &text).unwrap();
        let row = ok(&rows)[0];
        assert_eq!(row.line, 2);
        assert_eq!(row.stock, Some(7));
        assert_eq!(row.present, COLUMNS);
        let b = &row.book;
        assert_eq!(b.isbn, "9780441013593");
        assert_eq!(b.subtitle, None);
        assert_eq!(
            b.description.as_deref(),
            Some("A desert planet, spice, \"worms\"")
        );
        assert_eq!(b.authors, ["Frank Herbert", "Brian Herbert"]);
        assert_eq!(b.genres, ["science-fiction", "classics"]);
        assert_eq!(b.language.as_deref(), Some("en"));
        assert_eq!(b.pages, Some(896));
        assert_eq!(b.published_on, NaiveDate::from_ymd_opt(1965, 8, 1));
        assert_eq!(b.price, Money::new(1299, "EUR"));
        assert_eq!(b.stock, 7);
    }

    #[test]
    fn prices_follow_the_currency_digits() {
        let text = "title,isbn,currency,price\n\
                    A,9780306406157,JPY,1500\n\
                    B,9780441013593,USD,0.5\n\
                    C,9780140449136,GBP,3\n";
        let rows = parse(FileFormat::Csv, text).unwrap();
        let prices: Vec<Money> = ok(&rows).iter().map(|r| r.book.price.clone()).collect();
        assert_eq!(
            prices,
            [
                Money::new(1500, "JPY"),
                Money::new(50, "USD"),
                Money::new(300, "GBP")
            ]
        );
        assert!(
            ok(&rows)
                .iter()
                .all(|r| r.stock.is_none() && r.book.stock == 0)
        );
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_good_ones_kept() {
        let text = format!(
            "{HEADER}\
             9780306406157,Good,,,,,,,,,1.00,EUR,1\n\
             9780306406158,Bad check digit,,,,,,,,,1.00,EUR,1\n\
             9780441013593,,,,,,,,,,1.00,EUR,1\n\
             \n\
             9780140449136,Negative,,,,,,,,,-1,EUR,1\n\
             9780140449136,Cheap,,,,,,,,,1.00,XYZ,1\n\
             9780140449136,Yen,,,,,,,,,1.5,JPY,1\n\
             9780140449136,Stock,,,,,,,,,1,EUR,-2\n\
             9780140449136,Pages,,,,,,0,,,1,EUR,\n\
             9780140449136,Date,,,,,,,1965-02-30,,1,EUR,\n\
             9780140449136,Genre,,,,sci fi,,,,,1,EUR,\n\
             9780140449136,Short row\n\
             \"9780804429573\",\"Multi\nline\",,,,,,,,,2,EUR,\n\
             9780804429573,Again,,,,,,,,,2,EUR,\n\
             9780306406157,\"open,,,,,,,,,2,EUR,\n"
        );
        let rows = parse(FileFormat::Csv, &text).unwrap();
        assert_eq!(
            errors(&rows),
            [
                "line 3: isbn: invalid check digit",
                "line 4: title: must not be empty",
                "line 6: price: `-1` is negative",
                "line 7: currency: unknown currency `XYZ` (the store takes AUD, CAD, CHF, CZK, DKK, EUR, GBP, JPY, NOK, NZD, PLN, SEK, USD)",
                "line 8: price: JPY amounts have no decimals",
                "line 9: stock: `-2` is negative",
                "line 10: pages: `0` is not a number of pages",
                "line 11: published_on: `1965-02-30` is not a date like 1965-08-01",
                "line 12: genres: `sci fi` is not a genre slug (lower-case words joined by hyphens, like science-fiction)",
                "line 13: 2 fields where the header has 13",
                "line 16: isbn: 9780804429573 is also on line 14",
                "line 17: a quoted field is never closed",
            ]
        );
        let good: Vec<(usize, &str)> = ok(&rows)
            .iter()
            .map(|r| (r.line, r.book.title.as_str()))
            .collect();
        assert_eq!(good, [(2, "Good"), (14, "Multi\nline")]);
    }

    #[test]
    fn headers_are_checked_for_the_whole_file() {
        assert_eq!(
            parse(FileFormat::Csv, "isbn,title,price\n").unwrap_err(),
            "line 1: the header lacks the column currency"
        );
        assert!(
            parse(FileFormat::Csv, "isbn,title,price,currency,pubisher\n")
                .unwrap_err()
                .starts_with("line 1: unknown column `pubisher` (the columns are isbn,title,")
        );
        assert_eq!(
            parse(FileFormat::Csv, "isbn,title,price,currency,Title\n").unwrap_err(),
            "line 1: column `title` appears twice"
        );
        assert!(parse(FileFormat::Csv, "").unwrap().is_empty());
        assert!(parse(FileFormat::Csv, HEADER).unwrap().is_empty());
    }

    #[test]
    fn json_lines_become_new_books() {
        let text = "{\"isbn\":\"0-306-40615-2\",\"title\":\"A\",\"price\":{\"amount\":999,\"currency\":\"usd\"},\"stock\":3,\"genres\":[\"Poetry\"]}\n\
                    \n\
                    {\"isbn\":\"9780441013593\",\"title\":\"B\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}\n\
                    {\"isbn\":\"9780441013593\",\"title\":\"B\",\"price\":{\"amount\":-1,\"currency\":\"EUR\"}}\n\
                    {\"isbn\":\"9780140449136\",\"title\":\"C\",\"price\":12.99}\n\
                    {\"isbn\":\"9780140449136\",\"title\":\"C\",\"price\":{\"amount\":1,\"currency\":\"EUR\"},\"colour\":\"red\"}\n\
                    {\"isbn\":\"9780140449136\",\n\
                    {\"isbn\":\"9780140449137\",\"title\":\"D\",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}\n\
                    {\"isbn\":\"9780140449136\",\"title\":\" \",\"price\":{\"amount\":1,\"currency\":\"EUR\"}}\n\
                    {\"isbn\":\"9780140449136\",\"title\":\"E\",\"price\":{\"amount\":1,\"currency\":\"EUR\"},\"stock\":-1}\n";
        let rows = parse(FileFormat::Jsonl, text).unwrap();
        let good = ok(&rows);
        assert_eq!(good.len(), 2);
        assert_eq!(good[0].line, 1);
        assert_eq!(good[0].book.isbn, "9780306406157");
        assert_eq!(good[0].book.price, Money::new(999, "USD"));
        assert_eq!(good[0].book.genres, ["poetry"]);
        assert_eq!(good[0].stock, Some(3));
        assert_eq!(good[1].line, 3);
        assert_eq!(good[1].stock, None);
        assert_eq!(good[1].present, ["isbn", "title", "price", "currency"]);
        assert_eq!(
            errors(&rows),
            [
                "line 4: price.amount: is negative",
                "line 5: invalid book JSON: invalid type: floating point `12.99`, expected struct Money",
                "line 6: invalid book JSON: unknown field `colour`, expected one of `isbn`, `title`, `subtitle`, `description`, `authors`, `genres`, `language`, `pages`, `published_on`, `publisher`, `price`, `stock`",
                "line 7: invalid book JSON: EOF while parsing a value",
                "line 8: isbn: invalid check digit",
                "line 9: title: must not be empty",
                "line 10: stock: is negative",
            ]
        );
    }

    fn round_trip(format: FileFormat) {
        let books = [book(), minimal()];
        let mut text = String::new();
        if format == FileFormat::Csv {
            text.push_str(&csv_header());
        }
        for b in &books {
            text.push_str(&line(format, b).unwrap());
        }
        assert_eq!(FileFormat::sniff(&text), format);
        let rows = parse(format, &text).unwrap();
        assert!(errors(&rows).is_empty(), "{:?}", errors(&rows));
        let good = ok(&rows);
        assert_eq!(good.len(), 2);
        for (b, row) in books.iter().zip(good) {
            assert_eq!(
                serde_json::to_value(&row.book).unwrap(),
                serde_json::to_value(as_new_book(b)).unwrap(),
                "{format:?}"
            );
            assert_eq!(row.stock, Some(b.stock));
            assert_eq!(row.present, COLUMNS, "{format:?}");
            // Every detail is given, so the upsert leaves nothing of the book as it was.
            let up = upsert(row.clone());
            assert_eq!(up.subtitle, Some(b.subtitle.clone()), "{format:?}");
            assert_eq!(up.publisher, Some(b.publisher.clone()), "{format:?}");
            assert_eq!(up.pages, Some(b.pages), "{format:?}");
            assert_eq!(up.stock, Some(b.stock), "{format:?}");
        }
    }

    #[test]
    fn an_export_reads_back_unchanged() {
        round_trip(FileFormat::Csv);
        round_trip(FileFormat::Jsonl);
    }

    #[test]
    fn csv_export_looks_like_the_documented_columns() {
        let text = line(FileFormat::Csv, &book()).unwrap();
        assert_eq!(
            text,
            "9780441013593,Dune,\"Deluxe \"\"40th\"\" edition, illustrated\",\"Sand.\nMore sand; and spice.\",\
             \"Frank Herbert;Brian Herbert, Jr.\",science-fiction;classics,en,896,1965-08-01,Chilton,12.99,EUR,7\n"
        );
        assert_eq!(csv_header(), HEADER);
        let json = line(FileFormat::Jsonl, &minimal()).unwrap();
        assert_eq!(
            json,
            "{\"isbn\":\"9784101092058\",\"title\":\"Kokoro\",\"subtitle\":null,\"description\":null,\
             \"authors\":[],\"genres\":[],\"language\":null,\"pages\":null,\"published_on\":null,\
             \"publisher\":null,\"price\":{\"amount\":1500,\"currency\":\"JPY\"},\"stock\":0}\n"
        );
    }

    #[test]
    fn upserts_give_only_the_details_the_file_has() {
        let text = "isbn,title,price,currency,subtitle,authors,stock\n\
                    9780441013593,Dune,12.99,EUR,,Frank Herbert,\n";
        let rows = parse(FileFormat::Csv, text).unwrap();
        let up = upsert(ok(&rows)[0].clone());
        assert_eq!(
            serde_json::to_string(&up).unwrap(),
            r#"{"isbn":"9780441013593","title":"Dune","subtitle":null,"authors":["Frank Herbert"],"price":{"amount":1299,"currency":"EUR"}}"#,
            "an empty subtitle clears it; absent columns and an empty stock are left out"
        );
        let rows = parse(
            FileFormat::Jsonl,
            r#"{"isbn":"9780441013593","title":"Dune","genres":[],"price":{"amount":1,"currency":"EUR"},"stock":2}"#,
        )
        .unwrap();
        let up = upsert(ok(&rows)[0].clone());
        assert_eq!(up.genres, Some(vec![]), "an empty list clears the genres");
        assert_eq!((up.authors, up.description), (None, None));
        assert_eq!(up.stock, Some(2));
    }

    #[test]
    fn formats_from_names_and_content() {
        assert_eq!(FileFormat::from_path("b.CSV"), Some(FileFormat::Csv));
        assert_eq!(FileFormat::from_path("b.jsonl"), Some(FileFormat::Jsonl));
        assert_eq!(FileFormat::from_path("b.ndjson"), Some(FileFormat::Jsonl));
        assert_eq!(FileFormat::from_path("b.json"), None);
        assert_eq!(FileFormat::sniff("\u{feff} {\"isbn\""), FileFormat::Jsonl);
        assert_eq!(FileFormat::sniff("isbn,title"), FileFormat::Csv);
    }
}
