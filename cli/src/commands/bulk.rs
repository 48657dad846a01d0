//! `books import` and `books export`: many books at once, in the formats of `crate::transfer`.
//!
//! Import upserts by ISBN: each row's book is looked up, then updated with only what differs
//! (`PATCH` with `If-Match`) or created (`POST`), and its stock set when the row gives one that
//! differs. The catalog has no batch endpoint, so rows go out concurrently, a few at a time.
//!
//! Looking up: when the catalog is not much larger than the file, it is read first, page by
//! page, and the rows are matched against that copy (one request per 100 books instead of one
//! per row). Otherwise, after reading at most twice as many books as the file has rows, each
//! row is looked up on its own (`GET /books?q=<isbn>`). Either way a book created or changed
//! by someone else in between is caught (`409`, `412`) and that row looked up again.

use std::collections::HashMap;
use std::future::Future;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};
use bookstore_sdk::types::{Book, BookQuery, BookSort};
use bookstore_sdk::{Client, RetryPolicy};
use futures_util::{StreamExt, TryStreamExt, stream};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::books::read_input;
use crate::args::Format;
use crate::args::books::{ExportArgs, ImportArgs};
use crate::context::Context;
use crate::exit::CliError;
use crate::output::{Render, Style};
use crate::transfer::{self, FileFormat, Row, RowError};

/// What happened to one row that went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// The outcome of an import: the counts, and every failed row.
#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// `--dry-run`: the rows that would have been sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid: Option<usize>,
    pub errors: Vec<RowError>,
}

impl ImportReport {
    /// `created 180, updated 20, unchanged 0, failed 2`.
    pub fn summary(&self) -> String {
        match self.valid {
            Some(valid) => format!(
                "valid {valid}, failed {} (a dry run: nothing was sent)",
                self.failed
            ),
            None => format!(
                "created {}, updated {}, unchanged {}, failed {}",
                self.created, self.updated, self.unchanged, self.failed
            ),
        }
    }
}

impl Render for ImportReport {
    fn human(&self, _: &Style) -> String {
        format!("{}\n", self.summary())
    }
}

/// The file's format from the flag or the file's name; `None` for standard input, whose
/// content tells. Anything else is a usage error, found before the file is read.
fn import_format(args: &ImportArgs) -> Result<Option<FileFormat>> {
    match args.format.or_else(|| FileFormat::from_path(&args.file)) {
        Some(format) => Ok(Some(format)),
        None if args.file == "-" => Ok(None),
        None => Err(CliError::Usage(format!(
            "cannot tell the format of {} from its name; add --format csv or --format jsonl",
            args.file
        ))
        .into()),
    }
}

/// A bar on a terminal; nothing when stderr is not one, or with `--quiet`.
fn progress_bar(ctx: &Context, rows: usize) -> ProgressBar {
    if ctx.out.is_quiet() || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(
        Some(u64::try_from(rows).unwrap_or(u64::MAX)),
        ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {rate}  eta {eta}")
    {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            },
        ));
    }
    bar
}

/// A row's failure on stderr, above the bar.
fn report(bar: &ProgressBar, error: &RowError) {
    let line = error.to_string().replace(['\n', '\r'], " ");
    bar.suspend(|| {
        let _ = writeln!(io::stderr().lock(), "{line}");
    });
}

/// Failures that would fail every other row the same way: stop instead of reporting each.
fn is_fatal(err: &bookstore_sdk::Error) -> bool {
    err.is_transport()
        || err.is_timeout()
        || err.is_unauthorized()
        || err.is_forbidden()
        || matches!(err, bookstore_sdk::Error::Config(_))
        || err.status().is_some_and(|s| {
            matches!(s.as_u16(), 502..=504) || s == bookstore_sdk::StatusCode::PAYLOAD_TOO_LARGE
        })
}

pub async fn import(ctx: &mut Context, args: ImportArgs) -> Result<()> {
    let format = import_format(&args)?;
    let text = read_input(&args.file)?;
    let format = format.unwrap_or_else(|| FileFormat::sniff(&text));
    let rows = transfer::parse(format, &text)
        .map_err(|e| CliError::Usage(format!("{}: {e}", args.file)))?;
    drop(text);
    let total = rows.len();
    if !args.dry_run {
        ctx.authenticate().await?;
    }

    let bar = progress_bar(ctx, total);
    let mut result = ImportReport::default();
    let mut good = Vec::with_capacity(total);
    for row in rows {
        match row {
            Ok(row) => good.push(row),
            Err(error) => {
                report(&bar, &error);
                result.failed += 1;
                result.errors.push(error);
                bar.inc(1);
            }
        }
    }

    let outcome = if args.dry_run {
        result.valid = Some(good.len());
        bar.inc(u64::try_from(good.len()).unwrap_or(u64::MAX));
        Ok(())
    } else {
        send(
            ctx.client(),
            good,
            usize::from(args.concurrency),
            &bar,
            &mut result,
        )
        .await
    };
    bar.finish_and_clear();

    ctx.out.info(result.summary());
    if ctx.out.format != Format::Table {
        ctx.out.print(&result)?;
    }
    outcome?;
    if result.failed > 0 {
        return Err(CliError::RowsFailed {
            failed: result.failed,
            total,
        }
        .into());
    }
    Ok(())
}

/// Sends the good rows, `concurrency` at a time, counting and reporting as they finish. Stops
/// at the first failure that would fail every row.
async fn send(
    client: &Client,
    rows: Vec<Row>,
    concurrency: usize,
    bar: &ProgressBar,
    result: &mut ImportReport,
) -> Result<()> {
    let total = rows.len();
    if rows.is_empty() {
        return Ok(());
    }
    let known = catalog_copy(client, total)
        .await
        .context("cannot read the catalog")?;
    let known = known.as_ref();
    let mut done = 0;
    let mut outcomes = stream::iter(rows)
        .map(|row| async move {
            let line = row.line;
            (line, upsert(client, known, row).await)
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((line, outcome)) = outcomes.next().await {
        done += 1;
        match outcome {
            Ok(Outcome::Created) => result.created += 1,
            Ok(Outcome::Updated) => result.updated += 1,
            Ok(Outcome::Unchanged) => result.unchanged += 1,
            Err(e) if is_fatal(&e) => {
                let left = total - done + 1;
                return Err(e).with_context(|| {
                    format!("import stopped at line {line}, {left} rows not imported")
                });
            }
            Err(e) => {
                let error = RowError {
                    line,
                    reason: e.to_string(),
                };
                report(bar, &error);
                result.failed += 1;
                result.errors.push(error);
            }
        }
        bar.inc(1);
    }
    result.errors.sort_by_key(|e| e.line);
    Ok(())
}

/// The whole catalog by ISBN, when it has at most about twice as many books as `rows`: read
/// page by page, it costs less than looking each row up. `None` when it is larger.
async fn catalog_copy(
    client: &Client,
    rows: usize,
) -> bookstore_sdk::Result<Option<HashMap<String, Book>>> {
    const PAGE: usize = 100;
    let pages = rows.div_ceil(PAGE).saturating_mul(2).clamp(1, 1000);
    let books = client.books();
    let mut known = HashMap::new();
    let mut query = BookQuery {
        sort: Some(BookSort::Oldest),
        limit: Some(PAGE as u32),
        ..BookQuery::default()
    };
    for _ in 0..pages {
        let page = patiently(|| books.list(&query)).await?;
        known.extend(page.items.into_iter().map(|b| (b.isbn.clone(), b)));
        match page.next_cursor {
            None => return Ok(Some(known)),
            // A server handing back the cursor it was given would never end.
            Some(cursor) if query.cursor.as_ref() == Some(&cursor) => return Ok(None),
            Some(cursor) => query.cursor = Some(cursor),
        }
    }
    Ok(None)
}

/// Creates or updates one row's book, found in `known` (a copy of the whole catalog) or else
/// looked up. A race with another writer (the ISBN created, or the book changed, since it was
/// read) is retried once from a fresh lookup.
async fn upsert(
    client: &Client,
    known: Option<&HashMap<String, Book>>,
    row: Row,
) -> bookstore_sdk::Result<Outcome> {
    let books = client.books();
    let mut raced = false;
    loop {
        let existing = match known {
            Some(known) if !raced => known.get(&row.book.isbn).cloned(),
            _ => patiently(|| books.find_by_isbn(&row.book.isbn)).await?,
        };
        let Some(have) = existing else {
            match patiently(|| books.create(&row.book)).await {
                Ok(_) => return Ok(Outcome::Created),
                Err(e) if e.is_conflict() && !raced => {
                    raced = true;
                    continue;
                }
                Err(e) => return Err(e),
            }
        };
        let mut outcome = Outcome::Unchanged;
        if let Some(change) = transfer::changes(&have, &row.book, &row.present) {
            match patiently(|| books.update(have.id, have.version, &change)).await {
                Ok(_) => outcome = Outcome::Updated,
                Err(e) if e.is_precondition_failed() && !raced => {
                    raced = true;
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
        if let Some(stock) = row.stock
            && stock != have.stock
        {
            patiently(|| books.set_stock(have.id, stock)).await?;
            outcome = Outcome::Updated;
        }
        return Ok(outcome);
    }
}

/// Retries a call the gateway refused with `429`, which it did not act on, with a growing
/// pause: an import easily outruns a client's rate limit. The SDK retries only idempotent
/// calls; a refused `POST` is as safe to repeat.
async fn patiently<T, F, Fut>(mut call: F) -> bookstore_sdk::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bookstore_sdk::Result<T>>,
{
    let mut policy = RetryPolicy::default();
    policy.max_attempts = 8;
    policy.base_delay = Duration::from_millis(250);
    policy.max_delay = Duration::from_secs(10);
    let mut attempt = 1;
    loop {
        match call().await {
            Err(e) if e.is_rate_limited() => match policy.delay(attempt, None, rand::random()) {
                Some(pause) => tokio::time::sleep(pause).await,
                None => return Err(e),
            },
            other => return other,
        }
        attempt += 1;
    }
}

/// The export's format: the flag, else the file's name, else CSV.
fn export_format(args: &ExportArgs) -> FileFormat {
    args.format
        .or_else(|| args.file.as_deref().and_then(FileFormat::from_path))
        .unwrap_or(FileFormat::Csv)
}

pub async fn export(ctx: &Context, args: ExportArgs) -> Result<()> {
    let format = export_format(&args);
    // Oldest first: books added while the export runs come at the end instead of shifting
    // the pages already read.
    let query = BookQuery {
        sort: Some(BookSort::Oldest),
        limit: Some(100),
        ..BookQuery::default()
    };
    let books = ctx.client().books().list_all(query);
    let count = match args.file.as_deref() {
        None | Some("-") => {
            let mut out = BufWriter::new(io::stdout());
            write_books(&mut out, format, books).await?
        }
        Some(path) => {
            // Written beside the target and renamed at the end, so a failed export leaves no
            // half a file in its place.
            let partial = format!("{path}.partial");
            let file = std::fs::File::create(&partial)
                .with_context(|| format!("cannot create {partial}"))?;
            let mut out = BufWriter::new(file);
            let written = write_books(&mut out, format, books).await;
            let written = written.and_then(|n| {
                out.into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|f| f.sync_all())
                    .with_context(|| format!("cannot write {partial}"))?;
                std::fs::rename(&partial, path)
                    .with_context(|| format!("cannot rename {partial} to {path}"))?;
                Ok(n)
            });
            if written.is_err() {
                let _ = std::fs::remove_file(Path::new(&partial));
            }
            written?
        }
    };
    match args.file.as_deref() {
        None | Some("-") => ctx.out.info(format!("Exported {count} books.")),
        Some(path) => ctx.out.info(format!("Exported {count} books to {path}.")),
    }
    Ok(())
}

/// Writes the header (CSV) and every book as the stream yields it, page by page.
async fn write_books(
    out: &mut impl Write,
    format: FileFormat,
    books: impl futures_util::Stream<Item = bookstore_sdk::Result<bookstore_sdk::types::Book>>,
) -> Result<usize> {
    if format == FileFormat::Csv {
        out.write_all(transfer::csv_header().as_bytes())?;
    }
    let mut books = std::pin::pin!(books);
    let mut count = 0;
    while let Some(book) = books.try_next().await? {
        out.write_all(transfer::line(format, &book)?.as_bytes())?;
        count += 1;
    }
    out.flush()?;
    Ok(count)
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        let report = ImportReport {
            created: 180,
            updated: 20,
            failed: 2,
            ..ImportReport::default()
        };
        assert_eq!(
            report.summary(),
            "created 180, updated 20, unchanged 0, failed 2"
        );
        let dry = ImportReport {
            valid: Some(3),
            failed: 1,
            ..ImportReport::default()
        };
        assert_eq!(
            dry.summary(),
            "valid 3, failed 1 (a dry run: nothing was sent)"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["created"], 180);
        assert!(json.get("valid").is_none());
    }

    #[test]
    fn formats_come_from_the_flag_or_the_name() {
        let args = |file: &str, format: Option<FileFormat>| ImportArgs {
            file: file.into(),
            format,
            concurrency: 8,
            dry_run: false,
        };
        assert_eq!(
            import_format(&args("a.csv", None)).unwrap(),
            Some(FileFormat::Csv)
        );
        assert_eq!(
            import_format(&args("a.txt", Some(FileFormat::Jsonl))).unwrap(),
            Some(FileFormat::Jsonl)
        );
        assert_eq!(import_format(&args("-", None)).unwrap(), None);
        let err = import_format(&args("a.txt", None)).unwrap_err();
        assert_eq!(crate::exit::code(&err), crate::exit::USAGE);
    }
}
