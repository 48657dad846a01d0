//! `bookstore genres ...`: list genres; add and delete them (admin).

use clap::{Args, Subcommand};

use super::value;

#[derive(Debug, Subcommand)]
pub enum GenresCommand {
    /// List genres with their slugs, which the book filters take
    List(ListArgs),

    /// Add a genre (admin)
    Add(AddArgs),

    /// Delete a genre no book is in any more (admin)
    Delete {
        /// The genre's slug or id
        #[arg(value_name = "SLUG|ID", value_parser = value::non_empty)]
        genre: String,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Genres per page, 1 to 100 [default: the server's]
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
    /// The genre's name: Science fiction
    #[arg(long, value_parser = value::non_empty)]
    pub name: String,

    /// The slug filters use [default: made from the name: science-fiction]
    #[arg(long, value_parser = value::slug)]
    pub slug: Option<String>,
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use crate::args::{Cli, Command};

    use super::*;

    fn parse(args: &[&str]) -> Result<GenresCommand, clap::Error> {
        let all = ["bookstore", "genres"]
            .into_iter()
            .chain(args.iter().copied());
        match Cli::try_parse_from(all)?.command {
            Command::Genres(command) => Ok(command),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn add_list_delete() {
        let GenresCommand::Add(args) =
            parse(&["add", "--name", "Space opera", "--slug", "Space-Opera"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(args.slug.as_deref(), Some("space-opera"));
        assert!(parse(&["add", "--name", "X", "--slug", "space opera"]).is_err());
        assert!(parse(&["list", "--limit", "500"]).is_err());
        let GenresCommand::Delete { genre } = parse(&["delete", "poetry"]).unwrap() else {
            panic!()
        };
        assert_eq!(genre, "poetry");
    }
}
