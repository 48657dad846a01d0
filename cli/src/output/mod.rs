//! Printing: data on stdout as a table, JSON or YAML; messages on stderr.

mod catalog;
mod notifications;
mod orders;
mod table;
mod users;

use std::fmt::Display;
use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use serde::Serialize;

use crate::args::{Format, GlobalArgs};

pub use notifications::{Arrived, channel_list, progress};
pub use orders::{StatusEvent, address};
pub use table::{Style, finish, list_table, record_table, styled};
pub use users::time;

/// Something printable: as its wire form for `-o json|yaml`, or as text for people.
pub trait Render: Serialize {
    /// The text `-o table` prints, ending in a newline.
    fn human(&self, style: &Style) -> String;
}

/// The resolved output settings.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub style: Style,
    quiet: bool,
    verbose: bool,
}

impl Output {
    pub fn new(global: &GlobalArgs) -> Self {
        let terminal = io::stdout().is_terminal();
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            format: global.output,
            style: Style {
                terminal,
                color: terminal && !global.no_color && !no_color_env,
            },
            quiet: global.quiet,
            verbose: global.verbose > 0,
        }
    }

    /// Prints data on stdout. Write errors come back as `io::Error`, so `main` can tell a
    /// closed pipe from a failure.
    pub fn print<T: Render + ?Sized>(&self, value: &T) -> Result<()> {
        let text = render(self.format, &self.style, value)?;
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        Ok(())
    }

    /// Prints one record of a stream as soon as it is known: its line for people, one JSON
    /// object per line (JSON Lines), or a YAML document of its own.
    pub fn print_record<T: Render + ?Sized>(&self, value: &T) -> Result<()> {
        let text = match self.format {
            Format::Table => value.human(&self.style),
            Format::Json => {
                let mut line = serde_json::to_string(value)?;
                line.push('\n');
                line
            }
            Format::Yaml => format!("---\n{}", serde_yaml_ng::to_string(value)?),
        };
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        Ok(())
    }

    /// A message for people, unless `--quiet`.
    pub fn info(&self, message: impl Display) {
        if !self.quiet {
            say(format_args!("{message}"));
        }
    }

    /// Something the user should know even with `--quiet`.
    pub fn warn(&self, message: impl Display) {
        say(format_args!("warning: {message}"));
    }

    /// Detail for `--verbose`.
    pub fn detail(&self, message: impl Display) {
        if self.verbose {
            say(format_args!("{message}"));
        }
    }

    pub fn is_verbose(&self) -> bool {
        self.verbose
    }

    pub fn is_quiet(&self) -> bool {
        self.quiet
    }
}

/// `eprintln!` panics when stderr is gone; a message nobody can read is not worth a crash.
fn say(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}

/// `value` in `format`, ready to print.
pub fn render<T: Render + ?Sized>(format: Format, style: &Style, value: &T) -> Result<String> {
    Ok(match format {
        Format::Table => value.human(style),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(value)?;
            text.push('\n');
            text
        }
        Format::Yaml => serde_yaml_ng::to_string(value)?,
    })
}
