//! `bookstore orders ...`: place (and wait), list, show, cancel, watch; ship (admin).

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{Context as _, Result};
use bookstore_sdk::types::{
    Address, CancelOrder, NewOrder, Order, OrderLine, OrderQuery, OrderStatus, Page, PaymentMethod,
    StatusChange,
};
use bookstore_sdk::{OutOfStock, Until, WaitOptions, WaitOutcome, new_idempotency_key, sandbox};
use futures_util::TryStreamExt;
use uuid::Uuid;

use super::books::read_input;
use super::cart::book_id;
use crate::args::orders::{ListArgs, OrdersCommand, PlaceArgs, WatchArgs};
use crate::args::value::{self, ItemArg};
use crate::context::Context;
use crate::exit::CliError;
use crate::output::StatusEvent;

pub async fn run(ctx: &mut Context, command: OrdersCommand) -> Result<()> {
    match command {
        OrdersCommand::Place(args) => place(ctx, *args).await,
        OrdersCommand::List(args) => {
            ctx.authenticate().await?;
            list(ctx, args).await
        }
        OrdersCommand::Show { id } => {
            ctx.authenticate().await?;
            let order = ctx.client().orders().get(id).await?;
            ctx.out.print(&order)
        }
        OrdersCommand::Cancel { id, reason } => {
            ctx.authenticate().await?;
            let order = ctx
                .client()
                .orders()
                .cancel(id, &CancelOrder { reason })
                .await?;
            let refund = if order.refunded {
                "; the payment is refunded"
            } else {
                ""
            };
            ctx.out.info(format!("Cancelled order {id}{refund}."));
            ctx.out.print(&order)
        }
        OrdersCommand::Watch(args) => {
            ctx.authenticate().await?;
            watch(ctx, args).await
        }
        OrdersCommand::Ship { id } => {
            ctx.authenticate().await?;
            let order = ctx.client().orders().ship(id).await?;
            ctx.out.info(format!("Shipped order {id}."));
            ctx.out.print(&order)
        }
    }
}

fn usage(message: impl Into<String>) -> anyhow::Error {
    CliError::Usage(message.into()).into()
}

/// The payment method of `orders place`: for the sandbox, the card number (checked here, so a
/// typo is exit 2 before anything is sent) is the token.
pub fn payment_method(
    provider: &str,
    card: Option<&str>,
    token: Option<&str>,
) -> Result<PaymentMethod> {
    let token = match (card, token) {
        (Some(card), _) => {
            if provider != "sandbox" {
                return Err(usage(format!(
                    "--card is for the sandbox provider; give --token for {provider}"
                )));
            }
            // The error never repeats the number.
            sandbox::tokenize(card).map_err(|e| usage(format!("--card {e}")))?;
            card.chars().filter(char::is_ascii_digit).collect()
        }
        (None, Some(token)) => {
            if provider == "sandbox" {
                sandbox::normalize(token).map_err(|e| usage(format!("--token {e}")))?;
            }
            token.trim().to_owned()
        }
        (None, None) => return Err(usage("orders place needs --card NUMBER or --token TOKEN")),
    };
    Ok(PaymentMethod {
        provider: provider.to_owned(),
        token,
    })
}

/// The address fields of `orders place`, as given on its command line.
#[derive(Debug, Default)]
pub struct AddressFlags {
    pub name: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

impl AddressFlags {
    fn from_args(args: &PlaceArgs) -> Self {
        Self {
            name: args.name.clone(),
            line1: args.line1.clone(),
            line2: args.line2.clone(),
            postal_code: args.postal_code.clone(),
            city: args.city.clone(),
            country: args.country.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        [
            &self.name,
            &self.line1,
            &self.line2,
            &self.postal_code,
            &self.city,
            &self.country,
        ]
        .iter()
        .all(|f| f.is_none())
    }

    /// The address, or the flags it still needs.
    pub fn address(self) -> Result<Address, Vec<&'static str>> {
        let missing: Vec<&str> = [
            ("--name", self.name.is_none()),
            ("--line1", self.line1.is_none()),
            ("--postal-code", self.postal_code.is_none()),
            ("--city", self.city.is_none()),
            ("--country", self.country.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, missing)| missing.then_some(flag))
        .collect();
        match (
            self.name,
            self.line1,
            self.postal_code,
            self.city,
            self.country,
        ) {
            (Some(name), Some(line1), Some(postal_code), Some(city), Some(country)) => {
                Ok(Address {
                    name,
                    line1,
                    line2: self.line2,
                    postal_code,
                    city,
                    country,
                })
            }
            _ => Err(missing),
        }
    }
}

/// An address read as JSON, checked like the flags.
pub fn checked_address(address: Address) -> Result<Address, String> {
    let field =
        |name: &str, text: String| value::non_empty(&text).map_err(|e| format!("{name} {e}"));
    Ok(Address {
        name: field("name", address.name)?,
        line1: field("line1", address.line1)?,
        line2: address.line2.map(|l| field("line2", l)).transpose()?,
        postal_code: field("postal_code", address.postal_code)?,
        city: field("city", address.city)?,
        country: value::country(&address.country).map_err(|e| format!("country: {e}"))?,
    })
}

/// Where the order goes: `--address-json`, the address flags, else the profile's address.
fn shipping_address(ctx: &Context, args: &PlaceArgs) -> Result<Address> {
    if let Some(path) = &args.address_json {
        let text = read_input(path)?;
        let address: Address = serde_json::from_str(&text)
            .map_err(|e| usage(format!("{path}: not an address as JSON: {e}")))?;
        return checked_address(address).map_err(|e| usage(format!("{path}: {e}")));
    }
    let flags = AddressFlags::from_args(args);
    if flags.is_empty() {
        if let Some(saved) = ctx.profile().and_then(|p| p.shipping_address.clone()) {
            ctx.out.detail(format!(
                "shipping to profile {}'s address: {}",
                ctx.profile,
                crate::output::address(&saved)
            ));
            return Ok(saved);
        }
        return Err(usage(
            "orders place needs a shipping address: --name, --line1, --postal-code, --city and \
             --country (or --address-json FILE, or a shipping_address saved in the profile with \
             --save-address)",
        ));
    }
    flags.address().map_err(|missing| {
        usage(format!(
            "the shipping address also needs {}",
            missing.join(", ")
        ))
    })
}

/// The `--item`s as order lines, the same book twice being one line of both quantities.
async fn order_lines(ctx: &Context, items: &[ItemArg]) -> Result<Vec<OrderLine>> {
    let mut lines: Vec<OrderLine> = Vec::new();
    let mut index: HashMap<Uuid, usize> = HashMap::new();
    for item in items {
        let book_id = book_id(ctx, &item.book).await?;
        match index.get(&book_id) {
            Some(&i) => lines[i].quantity += item.quantity,
            None => {
                index.insert(book_id, lines.len());
                lines.push(OrderLine {
                    book_id,
                    quantity: item.quantity,
                });
            }
        }
    }
    Ok(lines)
}

async fn place(ctx: &mut Context, args: PlaceArgs) -> Result<()> {
    // Everything that can be checked here is, before anything is sent.
    let payment = payment_method(&args.provider, args.card.as_deref(), args.token.as_deref())?;
    let shipping_address = shipping_address(ctx, &args)?;
    ctx.authenticate().await?;
    let items = order_lines(ctx, &args.items).await?;
    let new = NewOrder {
        items,
        from_cart: args.from_cart,
        payment,
        shipping_address,
    };
    if args.save_address {
        ctx.save_shipping_address(&new.shipping_address)?;
        ctx.out.info(format!(
            "Saved the shipping address in profile {}.",
            ctx.profile
        ));
    }
    let key = args.idempotency_key.unwrap_or_else(new_idempotency_key);
    ctx.out.detail(format!("idempotency key {key}"));
    let placed = match ctx.client().orders().place_with_key(&new, &key).await {
        Ok(order) => order,
        Err(e) => {
            if let Some(out) = e.out_of_stock() {
                return Err(out_of_stock(ctx, &out, &e).await);
            }
            // A 503 says nothing was ordered; other failures leave it open.
            let unknown = e.is_transport()
                || e.is_timeout()
                || e.status().is_some_and(|s| {
                    s.is_server_error() && s != bookstore_sdk::StatusCode::SERVICE_UNAVAILABLE
                });
            if unknown {
                return Err(e).context(format!(
                    "the order may or may not have been placed; repeat with \
                     --idempotency-key {key} to place it at most once"
                ));
            }
            return Err(e.into());
        }
    };
    let id = placed.id;
    if !args.wait {
        ctx.out.info(format!(
            "Placed order {id} ({}); follow it with `bookstore orders watch {id}`.",
            placed.status
        ));
        return ctx.out.print(&placed);
    }
    ctx.out
        .info(format!("Placed order {id}; waiting for the payment..."));
    let outcome = ctx
        .client()
        .orders()
        .wait(id, Until::Settled, WaitOptions::within(args.timeout))
        .await?;
    ctx.out.print(outcome.order())?;
    verdict(&outcome, None, args.timeout)?;
    ctx.out
        .info(format!("Order {id} is {}.", outcome.order().status));
    Ok(())
}

/// Exit 5 naming the books out of stock; the rejected order, when the answer names it, is
/// printed like any other.
async fn out_of_stock(
    ctx: &Context,
    out: &OutOfStock,
    err: &bookstore_sdk::Error,
) -> anyhow::Error {
    let mut books = Vec::new();
    for line in &out.unavailable {
        let title = ctx.client().books().get(line.book_id).await.ok();
        books.push(match title {
            Some(book) => format!(
                "{} ({}): {} requested, {} available",
                book.title, line.book_id, line.requested, line.available
            ),
            None if line.available == 0 => format!("book {} is not in the catalog", line.book_id),
            None => format!(
                "book {}: {} requested, {} available",
                line.book_id, line.requested, line.available
            ),
        });
    }
    let mut message = if books.is_empty() {
        format!("out of stock: {err}")
    } else {
        format!("out of stock: {}", books.join("; "))
    };
    if let Some(order_id) = out.order_id {
        message.push_str(&format!(" (order {order_id} was rejected)"));
        if let Ok(order) = ctx.client().orders().get(order_id).await
            && let Err(e) = ctx.out.print(&order)
        {
            return e;
        }
    }
    CliError::Conflict(message).into()
}

/// Why the order stopped, in words: its reason, or the latest one of its history.
fn reason(order: &Order) -> Option<&str> {
    order.status_reason.as_deref().or_else(|| {
        order
            .history
            .iter()
            .rev()
            .find(|c| c.status == order.status)
            .and_then(|c| c.reason.as_deref())
    })
}

/// `60s`, `1500ms`.
fn span(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// Success when the order got to `until` (by default: confirmed, or shipped since), else a
/// one-line failure (exit 1) saying where it is and why.
pub fn verdict(outcome: &WaitOutcome, until: Option<OrderStatus>, timeout: Duration) -> Result<()> {
    let order = outcome.order();
    let id = order.id;
    let status = order.status;
    let ended = |order: &Order| {
        let message = match reason(order) {
            Some(why) => format!("order {id} was {status}: {why}"),
            None => format!("order {id} was {status}"),
        };
        Err(CliError::Failed(message).into())
    };
    match (outcome, until) {
        (WaitOutcome::Reached(_), Some(_)) => Ok(()),
        (WaitOutcome::Reached(_), None)
            if matches!(status, OrderStatus::Confirmed | OrderStatus::Shipped) =>
        {
            Ok(())
        }
        (WaitOutcome::Reached(order) | WaitOutcome::Ended(order), _) => ended(order),
        (WaitOutcome::TimedOut(_), None) => Err(CliError::Failed(format!(
            "order {id} is still {status} after {}; follow it with `bookstore orders watch {id}`",
            span(timeout)
        ))
        .into()),
        (WaitOutcome::TimedOut(_), Some(wanted)) => Err(CliError::Failed(format!(
            "order {id} is {status}, not {wanted}, after {}",
            span(timeout)
        ))
        .into()),
    }
}

/// The changes of `order` not printed yet: the new entries of its history, or (for an answer
/// without one) its status when that is new.
fn new_changes(
    order: &Order,
    printed: &mut usize,
    last: &mut Option<OrderStatus>,
) -> Vec<StatusEvent> {
    let changes: Vec<StatusChange> = if order.history.is_empty() {
        if *last == Some(order.status) {
            Vec::new()
        } else {
            vec![StatusChange {
                status: order.status,
                reason: order.status_reason.clone(),
                at: order.updated_at,
            }]
        }
    } else {
        order.history.iter().skip(*printed).cloned().collect()
    };
    *printed = (*printed).max(order.history.len());
    *last = Some(order.status);
    changes
        .into_iter()
        .map(|change| StatusEvent {
            order_id: order.id,
            change,
        })
        .collect()
}

async fn watch(ctx: &Context, args: WatchArgs) -> Result<()> {
    let until = args.until.map_or(Until::Settled, Until::Status);
    let (mut printed, mut last, mut broken) = (0, None, None);
    let outcome = ctx
        .client()
        .orders()
        .wait_with(args.id, until, WaitOptions::within(args.timeout), |order| {
            for event in new_changes(order, &mut printed, &mut last) {
                if broken.is_none()
                    && let Err(e) = ctx.out.print_record(&event)
                {
                    broken = Some(e);
                }
            }
        })
        .await?;
    if let Some(e) = broken {
        return Err(e);
    }
    verdict(&outcome, args.until, args.timeout)
}

async fn list(ctx: &Context, args: ListArgs) -> Result<()> {
    let query = OrderQuery {
        status: args.status,
        user_id: args.user_id,
        limit: args.limit,
        cursor: args.cursor,
    };
    let orders = ctx.client().orders();
    let page = if args.all {
        Page {
            items: orders.list_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        orders.list(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info("No orders match.");
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More orders: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}
