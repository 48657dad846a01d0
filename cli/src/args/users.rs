//! `bookstore users ...`: account administration (admin only).

use bookstore_sdk::types::Role;
use clap::{ArgGroup, Args, Subcommand};
use uuid::Uuid;

use super::value;

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// List accounts
    List(ListArgs),

    /// Show one account
    Show {
        /// The account's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,
    },

    /// Rename an account, change its role, or disable or enable it
    Update(UpdateArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only accounts whose email or name contains TEXT
    #[arg(long = "q", visible_alias = "query", value_name = "TEXT")]
    pub q: Option<String>,

    /// Only accounts with this role
    #[arg(long, value_parser = value::role())]
    pub role: Option<Role>,

    /// Accounts per page, 1 to 100 [default: the server's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: Option<u32>,

    /// Start at this page (the cursor a previous page ended with)
    #[arg(long, conflicts_with = "all")]
    pub cursor: Option<String>,

    /// Fetch every page, not only the first
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["name", "role", "disable", "enable"])
))]
pub struct UpdateArgs {
    /// The account's id
    #[arg(value_parser = value::uuid)]
    pub id: Uuid,

    /// The new name
    #[arg(long, value_parser = value::non_empty)]
    pub name: Option<String>,

    /// The new role
    #[arg(long, value_parser = value::role())]
    pub role: Option<Role>,

    /// Stop the account from logging in or refreshing its tokens
    #[arg(long, conflicts_with = "enable")]
    pub disable: bool,

    /// Let a disabled account log in again
    #[arg(long)]
    pub enable: bool,
}

impl UpdateArgs {
    /// `Some(true)` to disable, `Some(false)` to enable, `None` to leave as is.
    pub fn disabled(&self) -> Option<bool> {
        match (self.disable, self.enable) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;
    use clap::error::ErrorKind;

    use crate::args::{Cli, Command};

    use super::*;

    const ID: &str = "0193a6f0-0000-7000-8000-000000000001";

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("bookstore").chain(args.iter().copied()))
    }

    fn update(args: &[&str]) -> Result<UpdateArgs, clap::Error> {
        let all: Vec<&str> = ["users", "update", ID]
            .iter()
            .chain(args)
            .copied()
            .collect();
        match parse(&all)?.command {
            Command::Users(UsersCommand::Update(u)) => Ok(u),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn list_filters() {
        let cli = parse(&[
            "users", "list", "--q", "ada", "--role", "admin", "--limit", "5", "--all",
        ])
        .unwrap();
        let Command::Users(UsersCommand::List(args)) = cli.command else {
            panic!("parsed as {:?}", cli.command);
        };
        assert_eq!(args.q.as_deref(), Some("ada"));
        assert_eq!(args.role, Some(Role::Admin));
        assert_eq!(args.limit, Some(5));
        assert!(args.all);
    }

    #[test]
    fn list_rejects_bad_values() {
        for args in [
            &["users", "list", "--limit", "0"][..],
            &["users", "list", "--limit", "101"],
            &["users", "list", "--limit", "many"],
            &["users", "list", "--role", "root"],
            &["users", "list", "--all", "--cursor", "abc"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn show_needs_a_uuid() {
        let err = parse(&["users", "show", "42"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ValueValidation);
    }

    #[test]
    fn update_needs_a_change() {
        let err = update(&[]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn update_disable_and_enable() {
        assert_eq!(update(&["--disable"]).unwrap().disabled(), Some(true));
        assert_eq!(update(&["--enable"]).unwrap().disabled(), Some(false));
        assert_eq!(update(&["--name", "Ada"]).unwrap().disabled(), None);
        let err = update(&["--disable", "--enable"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
    }

    #[test]
    fn update_role_and_name() {
        let args = update(&["--role", "customer", "--name", "Ada L."]).unwrap();
        assert_eq!(args.role, Some(Role::Customer));
        assert_eq!(args.name.as_deref(), Some("Ada L."));
        assert!(update(&["--name", "  "]).is_err());
    }
}
