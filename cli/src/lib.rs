//! The `bookstore` command line as a library: its clap definition and the commands behind it.

pub mod args;
pub mod commands;
pub mod context;
pub mod exit;
pub mod output;
pub mod prompt;
pub mod transfer;

pub use commands::run;

/// The whole command line definition, for generating man pages and shell completions.
pub fn command() -> clap::Command {
    <args::Cli as clap::CommandFactory>::command()
}
