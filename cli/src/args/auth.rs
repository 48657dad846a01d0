//! `bookstore auth ...`: registration, login, logout, who am I, the access token.

use clap::{Args, Subcommand};

use super::value;

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Create a customer account and log in to it
    Register(RegisterArgs),

    /// Log in and remember the session in this profile
    Login(LoginArgs),

    /// End the session and forget its tokens
    Logout,

    /// Show who this profile is logged in as (exit 3 when not logged in)
    Status,

    /// Print the access token, refreshing it first when it has expired
    Token,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The account's email address (asked for on a terminal when left out)
    #[arg(long, value_parser = value::email)]
    pub email: Option<String>,

    /// Your name as shown on orders (asked for on a terminal when left out)
    #[arg(long, value_parser = value::non_empty)]
    pub name: Option<String>,

    /// Read the password from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The account's email address [default: the profile's last one, asked for on a terminal]
    #[arg(long, value_parser = value::email)]
    pub email: Option<String>,

    /// Read the password from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use crate::args::{Cli, Command};

    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("bookstore").chain(args.iter().copied()))
    }

    #[test]
    fn register_takes_everything_a_script_needs() {
        let cli = parse(&[
            "auth",
            "register",
            "--email",
            "ada@example.com",
            "--name",
            "Ada Lovelace",
            "--password-stdin",
        ])
        .unwrap();
        let Command::Auth(AuthCommand::Register(args)) = cli.command else {
            panic!("parsed as {:?}", cli.command);
        };
        assert_eq!(args.email.as_deref(), Some("ada@example.com"));
        assert_eq!(args.name.as_deref(), Some("Ada Lovelace"));
        assert!(args.password_stdin);
    }

    #[test]
    fn malformed_emails_are_usage_errors() {
        let err = parse(&["auth", "login", "--email", "ada"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
    }

    #[test]
    fn the_password_is_never_a_flag_value() {
        assert!(parse(&["auth", "login", "--password", "hunter2"]).is_err());
    }
}
