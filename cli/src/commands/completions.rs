//! `bookstore completions SHELL`.

use std::io::{self, Write};

use anyhow::Result;
use clap_complete::Shell;

/// Prints the completion script; buffered first, so a closed pipe is an error to report
/// rather than a panic inside the generator.
pub fn run(shell: Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut crate::command(), "bookstore", &mut script);
    let mut stdout = io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(())
}
