//! Logging: a filter from `BOOKSTORE_LOG`, pretty on a terminal and JSON otherwise (or as
//! `BOOKSTORE_LOG_FORMAT` says).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Installs the process's subscriber. `filter` uses `tracing` directive syntax (`info`,
/// `bookstore_user=debug,info`). Logs go to stderr so stdout stays for what the daemon prints for
/// people and scripts.
pub fn init(filter: &str, format: Option<LogFormat>) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|e| {
        eprintln!("bookstored: invalid BOOKSTORE_LOG filter `{filter}` ({e}); using `info`");
        EnvFilter::new("info")
    });
    let format = format.unwrap_or(if std::io::stderr().is_terminal() {
        LogFormat::Pretty
    } else {
        LogFormat::Json
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_span_events(FmtSpan::NONE);
    let result = match format {
        LogFormat::Pretty => builder.compact().try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    // A second init (tests starting several services) keeps the first subscriber.
    let _ = result;
}
