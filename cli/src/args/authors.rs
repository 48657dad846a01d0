//! `bookstore authors ...`: browse authors; administer them (admin).

use clap::{ArgGroup, Args, Subcommand};
use uuid::Uuid;

use super::value;

#[derive(Debug, Subcommand)]
pub enum AuthorsCommand {
    /// List authors by name
    List(ListArgs),

    /// Show one author
    Show {
        /// The author's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,
    },

    /// Add an author (admin)
    Add(AddArgs),

    /// Rename an author or change the bio (admin)
    Update(UpdateArgs),

    /// Delete an author no book names any more (admin)
    Delete {
        /// The author's id
        #[arg(value_parser = value::uuid)]
        id: Uuid,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only authors whose name contains TEXT
    #[arg(long = "q", visible_alias = "query", value_name = "TEXT")]
    pub q: Option<String>,

    /// Authors per page, 1 to 100 [default: the server's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: Option<u32>,

    /// Start at this page (the cursor a previous page ended with)
    #[arg(long, conflicts_with = "all", value_parser = value::cursor)]
    pub cursor: Option<String>,

    /// Fetch every page, not only the first
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The author's name
    #[arg(long, value_parser = value::non_empty)]
    pub name: String,

    /// A short biography
    #[arg(long, value_parser = value::non_empty)]
    pub bio: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["name", "bio", "clear_bio"])
))]
pub struct UpdateArgs {
    /// The author's id
    #[arg(value_parser = value::uuid)]
    pub id: Uuid,

    /// The new name
    #[arg(long, value_parser = value::non_empty)]
    pub name: Option<String>,

    /// The new biography
    #[arg(long, value_parser = value::non_empty)]
    pub bio: Option<String>,

    /// Remove the biography
    #[arg(long, conflicts_with = "bio")]
    pub clear_bio: bool,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;
    use clap::error::ErrorKind;

    use crate::args::{Cli, Command};

    use super::*;

    const ID: &str = "0193a6f0-0000-7000-8000-00000000a001";

    fn parse(args: &[&str]) -> Result<AuthorsCommand, clap::Error> {
        let all = ["bookstore", "authors"]
            .into_iter()
            .chain(args.iter().copied());
        match Cli::try_parse_from(all)?.command {
            Command::Authors(command) => Ok(command),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn list_add_update() {
        let AuthorsCommand::List(args) = parse(&["list", "--q", "le guin", "--all"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(args.q.as_deref(), Some("le guin"));
        assert!(args.all);
        assert!(parse(&["add"]).is_err());
        assert!(parse(&["add", "--name", " "]).is_err());
        let AuthorsCommand::Update(args) = parse(&["update", ID, "--clear-bio"]).unwrap() else {
            panic!()
        };
        assert!(args.clear_bio);
        let err = parse(&["update", ID]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
        let err = parse(&["update", ID, "--bio", "x", "--clear-bio"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
        assert!(parse(&["delete", "frank"]).is_err());
    }
}
