//! `bookstored`: runs any set of Bookstore services in one process.

mod args;
mod banner;
mod healthcheck;
mod malloc;
mod migrate;
mod rotate;
mod run;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Where to export spans, for running services (not for `migrate` or `healthcheck`).
fn otlp(cli: &Cli) -> Option<bookstore_kit::telemetry::Otlp> {
    if cli.command.is_some() {
        return None;
    }
    let endpoint = cli.common.otlp_endpoint.clone()?;
    let services = run::selected_services(&cli.services)
        .map(|services| services.iter().map(|s| s.as_str().to_owned()).collect())
        .unwrap_or_default();
    Some(bookstore_kit::telemetry::Otlp { endpoint, services })
}

fn main() -> ExitCode {
    malloc::keep_large_blocks_mapped();
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
    // Before the runtime starts anything: the exporter's client runs on a thread of its own.
    let telemetry =
        match bookstore_kit::telemetry::init(&cli.common.log, cli.common.log_format, otlp(&cli)) {
            Ok(telemetry) => telemetry,
            Err(e) => {
                eprintln!("bookstored: {e}");
                return ExitCode::from(2);
            }
        };
    let result = runtime.block_on(async {
        match &cli.command {
            Some(Command::Migrate { services }) => migrate::run(&cli.common, services).await,
            Some(Command::RotateSigningKey) => rotate::run(&cli.common).await,
            Some(Command::Healthcheck { url }) => {
                healthcheck::run(url.as_deref(), cli.net.listen).await
            }
            None => run::run(&cli).await,
        }
    });
    // Bounded: a blocking task stuck on a dead database must not hold the exit up.
    runtime.shutdown_timeout(std::time::Duration::from_secs(10));
    telemetry.shutdown();
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
