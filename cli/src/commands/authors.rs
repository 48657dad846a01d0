//! `bookstore authors ...`: list and show; add, update and delete (admin).

use anyhow::Result;
use bookstore_sdk::types::{AuthorQuery, AuthorUpdate, NewAuthor, Page};
use futures_util::TryStreamExt;

use crate::args::authors::{AddArgs, AuthorsCommand, ListArgs, UpdateArgs};
use crate::context::Context;

pub async fn run(ctx: &mut Context, command: AuthorsCommand) -> Result<()> {
    match command {
        AuthorsCommand::List(args) => list(ctx, args).await,
        AuthorsCommand::Show { id } => {
            let author = ctx.client().authors().get(id).await?;
            ctx.out.print(&author)
        }
        AuthorsCommand::Add(args) => add(ctx, args).await,
        AuthorsCommand::Update(args) => update(ctx, args).await,
        AuthorsCommand::Delete { id } => {
            ctx.authenticate().await?;
            ctx.client().authors().delete(id).await?;
            ctx.out.info(format!("Deleted author {id}."));
            Ok(())
        }
    }
}

async fn list(ctx: &Context, args: ListArgs) -> Result<()> {
    let query = AuthorQuery {
        q: args.q,
        limit: args.limit,
        cursor: args.cursor,
    };
    let authors = ctx.client().authors();
    let page = if args.all {
        Page {
            items: authors.list_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        authors.list(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info("No authors match.");
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More authors: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}

async fn add(ctx: &mut Context, args: AddArgs) -> Result<()> {
    ctx.authenticate().await?;
    let new = NewAuthor {
        name: args.name,
        bio: args.bio,
    };
    let author = ctx.client().authors().create(&new).await?;
    ctx.out
        .info(format!("Added {} ({}).", author.name, author.id));
    ctx.out.print(&author)
}

async fn update(ctx: &mut Context, args: UpdateArgs) -> Result<()> {
    ctx.authenticate().await?;
    let change = AuthorUpdate {
        name: args.name,
        bio: match (args.bio, args.clear_bio) {
            (Some(bio), _) => Some(Some(bio)),
            (None, true) => Some(None),
            (None, false) => None,
        },
    };
    let author = ctx.client().authors().update(args.id, &change).await?;
    ctx.out.info(format!("Updated {}.", author.name));
    ctx.out.print(&author)
}
