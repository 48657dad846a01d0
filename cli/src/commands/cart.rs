//! `bookstore cart ...`: show, add, set, remove, clear.

use anyhow::Result;
use uuid::Uuid;

use crate::args::cart::CartCommand;
use crate::args::value::BookRef;
use crate::context::Context;
use crate::exit::CliError;

pub async fn run(ctx: &mut Context, command: CartCommand) -> Result<()> {
    ctx.authenticate().await?;
    let cart = match command {
        CartCommand::Show => ctx.client().cart().get().await?,
        CartCommand::Add { book, quantity } => {
            let id = book_id(ctx, &book).await?;
            let cart = ctx.client().cart().add_item(id, quantity).await?;
            let held = cart.items.iter().find(|i| i.book_id == id);
            let title = held.and_then(|i| i.title.clone()).unwrap_or(id.to_string());
            let total = held.map_or(quantity, |i| i.quantity);
            ctx.out.info(format!(
                "Added {quantity} of {title} ({total} in the cart)."
            ));
            cart
        }
        CartCommand::Set { book, quantity } => {
            let id = book_id(ctx, &book).await?;
            let cart = ctx.client().cart().set_item(id, quantity).await?;
            ctx.out
                .info(format!("The cart holds {quantity} of {book}."));
            cart
        }
        CartCommand::Remove { book } => {
            let id = book_id(ctx, &book).await?;
            let cart = ctx.client().cart().remove_item(id).await?;
            ctx.out.info(format!("Took {book} out of the cart."));
            cart
        }
        CartCommand::Clear => {
            ctx.client().cart().clear().await?;
            ctx.out.info("Emptied the cart.");
            return Ok(());
        }
    };
    if cart.items.is_empty() {
        ctx.out.info("The cart is empty.");
    } else if cart.items.iter().any(|i| !i.available) {
        ctx.out
            .warn("some lines cannot be ordered as they are (see AVAILABLE)");
    }
    ctx.out.print(&cart)
}

/// The id of a book named by its id or its ISBN; an ISBN the catalog does not have exits 4.
pub async fn book_id(ctx: &Context, book: &BookRef) -> Result<Uuid> {
    match book {
        BookRef::Id(id) => Ok(*id),
        BookRef::Isbn(isbn) => match ctx.client().books().find_by_isbn(isbn).await? {
            Some(found) => Ok(found.id),
            None => Err(CliError::NotFound(format!("no book with ISBN {isbn}")).into()),
        },
    }
}
