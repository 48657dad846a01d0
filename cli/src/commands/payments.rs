//! `bookstore payments ...`: list, show, providers; refund (admin).

use anyhow::Result;
use bookstore_sdk::types::{Page, PaymentQuery, RefundRequest};
use futures_util::TryStreamExt;

use crate::args::payments::{ListArgs, PaymentsCommand};
use crate::context::Context;

pub async fn run(ctx: &mut Context, command: PaymentsCommand) -> Result<()> {
    ctx.authenticate().await?;
    match command {
        PaymentsCommand::List(args) => list(ctx, args).await,
        PaymentsCommand::Show { id } => {
            let payment = ctx.client().payments().get(id).await?;
            ctx.out.print(&payment)
        }
        PaymentsCommand::Refund { id, reason } => {
            let payment = ctx
                .client()
                .payments()
                .refund(id, &RefundRequest { reason })
                .await?;
            ctx.out.info(format!(
                "Refunded {} of order {}.",
                payment.refunded.as_ref().unwrap_or(&payment.amount),
                payment.order_id
            ));
            ctx.out.print(&payment)
        }
        PaymentsCommand::Providers => {
            let providers = ctx.client().payments().providers().await?;
            if providers.is_empty() {
                ctx.out.info("The store takes no payment provider.");
            }
            ctx.out.print(&providers)
        }
    }
}

async fn list(ctx: &Context, args: ListArgs) -> Result<()> {
    let query = PaymentQuery {
        order_id: args.order_id,
        status: args.status,
        limit: args.limit,
        cursor: args.cursor,
    };
    let payments = ctx.client().payments();
    let page = if args.all {
        Page {
            items: payments.list_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        payments.list(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info("No payments match.");
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More payments: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}
