//! `bookstore`: parses the command line, runs it, and turns the outcome into an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use bookstore_cli::args::Cli;
use bookstore_cli::exit;
use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version are "errors" that go to stdout and succeed; so does the help shown
        // for a bare `bookstore` or `bookstore books`, which goes to stderr and fails.
        Err(err)
            if !err.use_stderr()
                || err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                exit::USAGE
            } else {
                exit::SUCCESS
            });
        }
        Err(err) => {
            let _ = writeln!(io::stderr(), "bookstore: {}", exit::usage_line(&err));
            return ExitCode::from(exit::USAGE);
        }
    };
    let verbose = cli.global.verbose > 0;
    match bookstore_cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if exit::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "bookstore: {}", exit::message(&err, verbose));
            ExitCode::from(exit::code(&err))
        }
    }
}
