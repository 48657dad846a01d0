//! `books import` and `books export`: many books at once, in the formats of `crate::transfer`.
//!
//! Import upserts by ISBN through `POST /books/batch`: the good rows go out in batches of
//! `--batch-size` (500 by default, and never more than fits in a request body), a few batches
//! at a time (`--concurrency`). The catalog checks each row with the rules of a single book,
//! creates the new books and changes only what differs in the others, and answers each row on
//! its own: its outcome is counted, and a failed row is reported by its line in the file. Rows
//! the file itself gets wrong are reported without being sent.

use std::future::Future;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};
use bookstore_sdk::types::{BookBatch, BookBatchOutcome, BookBatchResult, BookQuery, BookSort};
use bookstore_sdk::{Client, RetryPolicy, StatusCode};
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

/// The most bytes of rows one batch carries: below the 1 MiB the gateway and the services take
/// by default, with room for the envelope.
const MAX_BATCH_BYTES: usize = 768 * 1024;

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

    /// Counts a row that failed and reports it.
    fn fail(&mut self, bar: &ProgressBar, error: RowError) {
        report(bar, &error);
        self.failed += 1;
        self.errors.push(error);
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

/// Failures that would fail every other batch the same way: stop instead of reporting each
/// row. A 404 or 405 means a catalog without the batch endpoint.
fn is_fatal(err: &bookstore_sdk::Error) -> bool {
    err.is_transport()
        || err.is_timeout()
        || err.is_unauthorized()
        || err.is_forbidden()
        || matches!(err, bookstore_sdk::Error::Config(_))
        || err.status().is_some_and(|s| {
            matches!(s.as_u16(), 502..=504)
                || s == StatusCode::PAYLOAD_TOO_LARGE
                || s == StatusCode::NOT_FOUND
                || s == StatusCode::METHOD_NOT_ALLOWED
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
                result.fail(&bar, error);
                bar.inc(1);
            }
        }
    }

    let outcome = if args.dry_run {
        result.valid = Some(good.len());
        bar.inc(u64::try_from(good.len()).unwrap_or(u64::MAX));
        Ok(())
    } else {
        let batches = batches(good, usize::from(args.batch_size), MAX_BATCH_BYTES);
        send(
            ctx.client(),
            batches,
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

/// Rows on their way in one request: the batch, and the file line of each of its rows.
#[derive(Debug)]
struct Batch {
    lines: Vec<usize>,
    books: BookBatch,
}

/// Counts the bytes written to it.
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The rows in file order, in batches of at most `size` rows and about `max_bytes` of JSON (a
/// row larger than that alone goes alone).
fn batches(rows: Vec<Row>, size: usize, max_bytes: usize) -> Vec<Batch> {
    let mut out: Vec<Batch> = Vec::new();
    let mut bytes = 0;
    for row in rows {
        let line = row.line;
        let book = transfer::upsert(row);
        let mut counter = Counter(1);
        let _ = serde_json::to_writer(&mut counter, &book);
        let fits = out
            .last()
            .is_some_and(|b| b.lines.len() < size.max(1) && bytes + counter.0 <= max_bytes);
        if !fits {
            out.push(Batch {
                lines: Vec::new(),
                books: BookBatch::default(),
            });
            bytes = 0;
        }
        bytes += counter.0;
        if let Some(batch) = out.last_mut() {
            batch.lines.push(line);
            batch.books.books.push(book);
        }
    }
    out
}

/// Sends the batches, `concurrency` at a time, counting and reporting each row as its batch is
/// answered. Stops at the first failure that would fail every batch.
async fn send(
    client: &Client,
    batches: Vec<Batch>,
    concurrency: usize,
    bar: &ProgressBar,
    result: &mut ImportReport,
) -> Result<()> {
    let total: usize = batches.iter().map(|b| b.lines.len()).sum();
    let mut done = 0;
    let books = client.books();
    let mut answers = stream::iter(batches)
        .map(|batch| async move {
            let answer = patiently(|| books.batch(&batch.books)).await;
            (batch.lines, answer)
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((lines, answer)) = answers.next().await {
        match answer {
            Ok(answer) => tally(&lines, answer, bar, result)?,
            Err(e) if is_fatal(&e) => {
                let left = total - done;
                let first = lines.first().copied().unwrap_or_default();
                let hint = matches!(e.status(), Some(s) if s == StatusCode::NOT_FOUND || s == StatusCode::METHOD_NOT_ALLOWED)
                    .then_some(" (does the catalog service predate POST /api/v1/books/batch?)")
                    .unwrap_or_default();
                return Err(e).with_context(|| {
                    format!("import stopped at line {first}, {left} rows not imported{hint}")
                });
            }
            // Something about this batch alone: each of its rows failed with it.
            Err(e) => {
                let reason = e.to_string();
                for &line in &lines {
                    result.fail(
                        bar,
                        RowError {
                            line,
                            reason: reason.clone(),
                        },
                    );
                }
            }
        }
        done += lines.len();
        bar.inc(u64::try_from(lines.len()).unwrap_or(u64::MAX));
    }
    result.errors.sort_by_key(|e| e.line);
    Ok(())
}

/// Counts a batch's answer, row by row, with the line each row came from.
fn tally(
    lines: &[usize],
    answer: BookBatchResult,
    bar: &ProgressBar,
    result: &mut ImportReport,
) -> Result<()> {
    if answer.items.len() != lines.len() {
        anyhow::bail!(
            "the catalog answered a batch of {} rows with {} items",
            lines.len(),
            answer.items.len()
        );
    }
    for item in answer.items {
        let Some(&line) = lines.get(item.index) else {
            anyhow::bail!(
                "the catalog answered for row {} of a batch of {}",
                item.index,
                lines.len()
            );
        };
        match item.outcome {
            BookBatchOutcome::Created => result.created += 1,
            BookBatchOutcome::Updated => result.updated += 1,
            BookBatchOutcome::Unchanged => result.unchanged += 1,
            BookBatchOutcome::Failed => {
                let reason = item
                    .problem
                    .map_or_else(|| "failed".to_owned(), |p| p.message());
                result.fail(bar, RowError { line, reason });
            }
        }
    }
    Ok(())
}

/// Retries a call the gateway refused with `429`, or the catalog with `503`, neither of which
/// acted on it, with a growing pause: an import easily outruns a client's rate limit, and the
/// SDK gives up after a few tries. A batch is an upsert, so sending it again is safe.
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
            Err(e)
                if e.is_rate_limited() || e.status() == Some(StatusCode::SERVICE_UNAVAILABLE) =>
            {
                match policy.delay(attempt, None, rand::random()) {
                    Some(pause) => tokio::time::sleep(pause).await,
                    None => return Err(e),
                }
            }
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
    fn batches_keep_file_order_and_bounds() {
        let text = (0..7).fold(String::from("isbn,title,price,currency\n"), |mut t, i| {
            t.push_str(&format!("{},Book {i},1.00,EUR\n", isbn(i)));
            t
        });
        let rows: Vec<Row> = transfer::parse(FileFormat::Csv, &text)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let sizes = |b: &[Batch]| b.iter().map(|b| b.lines.len()).collect::<Vec<_>>();
        let by_count = batches(rows.clone(), 3, MAX_BATCH_BYTES);
        assert_eq!(sizes(&by_count), [3, 3, 1]);
        assert_eq!(
            by_count[1].lines,
            [5, 6, 7],
            "file lines, the header being line 1"
        );
        assert_eq!(by_count[1].books.books[0].title, "Book 3");
        // Each row is about 90 bytes of JSON: two fit in 200.
        let by_bytes = batches(rows.clone(), 500, 200);
        assert_eq!(sizes(&by_bytes), [2, 2, 2, 1]);
        assert_eq!(
            sizes(&batches(rows, 500, 10)),
            [1; 7],
            "a large row goes alone"
        );
        assert!(batches(Vec::new(), 500, MAX_BATCH_BYTES).is_empty());
    }

    /// A valid ISBN-13 made from `n`.
    fn isbn(n: u32) -> String {
        let body = format!("978{n:09}");
        let sum: u32 = body
            .chars()
            .enumerate()
            .map(|(i, c)| c.to_digit(10).unwrap() * if i % 2 == 0 { 1 } else { 3 })
            .sum();
        format!("{body}{}", (10 - sum % 10) % 10)
    }

    #[test]
    fn formats_come_from_the_flag_or_the_name() {
        let args = |file: &str, format: Option<FileFormat>| ImportArgs {
            file: file.into(),
            format,
            batch_size: 500,
            concurrency: 4,
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
