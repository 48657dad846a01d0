//! What each command does, one file per noun; `run` is the entry point.

mod auth;
mod authors;
mod books;
mod bulk;
mod cart;
mod completions;
mod genres;
mod notifications;
mod orders;
mod payments;
mod status;
mod users;

use anyhow::Result;

use crate::args::{Cli, Command};
use crate::context::Context;

/// Runs a parsed command line to completion.
pub fn run(cli: Cli) -> Result<()> {
    let Cli { global, command } = cli;
    if let Command::Completions { shell } = command {
        return completions::run(shell);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let mut ctx = Context::new(&global)?;
        match command {
            Command::Auth(command) => auth::run(&mut ctx, command).await,
            Command::Books(command) => books::run(&mut ctx, command).await,
            Command::Authors(command) => authors::run(&mut ctx, command).await,
            Command::Genres(command) => genres::run(&mut ctx, command).await,
            Command::Cart(command) => cart::run(&mut ctx, command).await,
            Command::Orders(command) => orders::run(&mut ctx, command).await,
            Command::Payments(command) => payments::run(&mut ctx, command).await,
            Command::Notifications(command) => notifications::run(&mut ctx, command).await,
            Command::Users(command) => users::run(&mut ctx, command).await,
            Command::Status => status::run(&ctx).await,
            Command::Completions { shell } => completions::run(shell),
        }
    })
}
