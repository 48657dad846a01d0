//! `bookstored`: runs any set of Bookstore services in one process.

mod args;
mod banner;
mod migrate;
mod run;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bookstored: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    bookstore_kit::telemetry::init(&cli.common.log, cli.common.log_format);
    let result = runtime.block_on(async {
        match &cli.command {
            Some(Command::Migrate { services }) => migrate::run(&cli.common, services).await,
            None => run::run(&cli).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(run::Failure::Usage(message)) => {
            eprintln!("bookstored: {message}");
            ExitCode::from(2)
        }
        Err(run::Failure::Other(e)) => {
            eprintln!("bookstored: {e:#}");
            ExitCode::FAILURE
        }
    }
}
