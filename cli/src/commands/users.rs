//! `bookstore users ...`: list, show and update accounts (admin).

use anyhow::Result;
use bookstore_sdk::types::{AdminUserUpdate, Page, UserListQuery};
use futures_util::TryStreamExt;
use uuid::Uuid;

use crate::args::users::{ListArgs, UpdateArgs, UsersCommand};
use crate::context::Context;

pub async fn run(ctx: &mut Context, command: UsersCommand) -> Result<()> {
    ctx.authenticate().await?;
    match command {
        UsersCommand::List(args) => list(ctx, args).await,
        UsersCommand::Show { id } => show(ctx, id).await,
        UsersCommand::Update(args) => update(ctx, args).await,
    }
}

async fn list(ctx: &Context, args: ListArgs) -> Result<()> {
    let query = UserListQuery {
        q: args.q,
        role: args.role,
        limit: args.limit,
        cursor: args.cursor,
    };
    let users = ctx.client().users();
    let page = if args.all {
        Page {
            items: users.list_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        users.list(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info("No accounts match.");
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More accounts: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}

async fn show(ctx: &Context, id: Uuid) -> Result<()> {
    let user = ctx.client().users().get(id).await?;
    ctx.out.print(&user)
}

async fn update(ctx: &Context, args: UpdateArgs) -> Result<()> {
    let change = AdminUserUpdate {
        disabled: args.disabled(),
        name: args.name,
        role: args.role,
    };
    let user = ctx.client().users().update(args.id, &change).await?;
    ctx.out.info(format!("Updated {}.", user.email));
    ctx.out.print(&user)
}
