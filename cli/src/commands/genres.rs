//! `bookstore genres ...`: list; add and delete (admin).

use anyhow::Result;
use bookstore_sdk::types::{NewGenre, Page, PageQuery};
use futures_util::TryStreamExt;

use crate::args::genres::{GenresCommand, ListArgs};
use crate::context::Context;

pub async fn run(ctx: &mut Context, command: GenresCommand) -> Result<()> {
    match command {
        GenresCommand::List(args) => list(ctx, args).await,
        GenresCommand::Add(args) => {
            ctx.authenticate().await?;
            let new = NewGenre {
                name: args.name,
                slug: args.slug,
            };
            let genre = ctx.client().genres().create(&new).await?;
            ctx.out
                .info(format!("Added {} ({}).", genre.name, genre.slug));
            ctx.out.print(&genre)
        }
        GenresCommand::Delete { genre } => {
            ctx.authenticate().await?;
            ctx.client().genres().delete(&genre).await?;
            ctx.out.info(format!("Deleted genre {genre}."));
            Ok(())
        }
    }
}

async fn list(ctx: &Context, args: ListArgs) -> Result<()> {
    let query = PageQuery {
        limit: args.limit,
        cursor: args.cursor,
    };
    let genres = ctx.client().genres();
    let page = if args.all {
        Page {
            items: genres.list_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        genres.list(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info("No genres yet.");
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More genres: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}
