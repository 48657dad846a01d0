//! The command line's syntax (clap), one file per noun; `context` resolves it, `commands` run it.

pub mod auth;
pub mod authors;
pub mod books;
pub mod cart;
pub mod genres;
pub mod notifications;
pub mod orders;
pub mod payments;
pub mod users;
pub mod value;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::exit;

/// Shop and run the Bookstore from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "bookstore",
    version,
    propagate_version = true,
    after_help = exit::HELP,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The gateway's URL [default: the profile's gateway, else http://127.0.0.1:8080]
    #[arg(
        long,
        global = true,
        env = "BOOKSTORE_GATEWAY",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub gateway: Option<String>,

    /// The profile: a saved login and gateway
    #[arg(
        long,
        global = true,
        env = "BOOKSTORE_PROFILE",
        hide_env_values = true,
        value_name = "NAME",
        default_value = "default",
        value_parser = value::profile_name
    )]
    pub profile: String,

    /// How to print data
    #[arg(short, long, global = true, value_enum, default_value_t = Format::Table)]
    pub output: Format,

    /// No colours (also when NO_COLOR is set)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Print no messages, only data and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more: the gateway and profile in use, request ids of failures
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

/// How data is printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Columns for people, fitted to the terminal
    Table,
    /// The API's JSON, with its stable field names
    Json,
    /// The same fields as YAML
    Yaml,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Register, log in and out, and see who you are
    #[command(subcommand)]
    Auth(auth::AuthCommand),

    /// Browse and search the catalog; add, change and stock books (admin)
    #[command(subcommand)]
    Books(books::BooksCommand),

    /// Browse authors; add, change and delete them (admin)
    #[command(subcommand)]
    Authors(authors::AuthorsCommand),

    /// List genres; add and delete them (admin)
    #[command(subcommand)]
    Genres(genres::GenresCommand),

    /// See and change your cart
    #[command(subcommand)]
    Cart(cart::CartCommand),

    /// Place, follow and cancel orders; ship them (admin)
    #[command(subcommand)]
    Orders(orders::OrdersCommand),

    /// See payments and the providers the store takes; refund (admin)
    #[command(subcommand)]
    Payments(payments::PaymentsCommand),

    /// Read your notifications and follow them live; choose how you are told; send promotions
    /// and see deliveries (admin)
    #[command(subcommand)]
    Notifications(notifications::NotificationsCommand),

    /// Look up and administer accounts (admin)
    #[command(subcommand)]
    Users(users::UsersCommand),

    /// Show whether every service is up, through the gateway
    Status,

    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("bookstore").chain(args.iter().copied()))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_work_after_the_subcommand() {
        let cli = parse(&[
            "status",
            "-o",
            "json",
            "--profile",
            "work",
            "-vv",
            "--no-color",
        ])
        .unwrap();
        assert_eq!(cli.global.output, Format::Json);
        assert_eq!(cli.global.profile, "work");
        assert_eq!(cli.global.verbose, 2);
        assert!(cli.global.no_color);
    }

    #[test]
    fn quiet_and_verbose_conflict() {
        let err = parse(&["-q", "-v", "status"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
    }

    #[test]
    fn bad_output_format_is_a_usage_error() {
        let err = parse(&["-o", "xml", "status"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
        assert!(err.use_stderr());
    }

    #[test]
    fn profile_names_are_checked() {
        assert!(parse(&["--profile", "../etc", "status"]).is_err());
        assert!(parse(&["--profile", "staging-2", "status"]).is_ok());
    }

    #[test]
    fn completions_take_a_known_shell() {
        assert!(parse(&["completions", "zsh"]).is_ok());
        assert!(parse(&["completions", "tcsh"]).is_err());
    }
}
