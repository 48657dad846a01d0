//! Logs go to a file in the platform's state directory, never to the screen.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Overrides where the log file goes.
pub const LOG_FILE_ENV: &str = "BOOKSTORE_TUI_LOG_FILE";
/// The log filter (`info`, `bookstore_tui=debug`).
pub const LOG_ENV: &str = "BOOKSTORE_LOG";

/// `BOOKSTORE_TUI_LOG_FILE`, else `bookstore-tui.log` in the state directory (`~/.local/state/
/// bookstore` on Linux), else in the cache directory.
pub fn log_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(LOG_FILE_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("", "", "bookstore")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
    Some(dir.join("bookstore-tui.log"))
}

/// Sends every log line to `path`, appending. Without a file there is no logging at all.
pub fn init(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        bookstore_sdk::session::ensure_dir(dir)?;
    }
    let file: File = OpenOptions::new().create(true).append(true).open(path)?;
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .init();
    Ok(())
}
