//! How carts, orders, their status changes, payments and providers print.

use bookstore_sdk::types::{
    Address, Cart, Order, OrderStatus, Page, Payment, PaymentStatus, Provider, StatusChange,
};
use chrono::{DateTime, Utc};
use comfy_table::{Cell, Color, ColumnConstraint, Table};
use serde::Serialize;
use uuid::Uuid;

use super::Render;
use super::table::{Style, finish, list_table, record_table, styled};
use super::users::time;

/// A wrapped id cannot be copied; the other columns give way instead.
fn keep_ids_whole(table: &mut Table, column: usize) {
    if let Some(id) = table.column_mut(column) {
        id.set_constraint(ColumnConstraint::ContentWidth);
    }
}

/// Good outcomes green, the way there yellow, the others red.
fn order_status(style: &Style, status: OrderStatus) -> Cell {
    let color = match status {
        OrderStatus::Confirmed | OrderStatus::Shipped => Color::Green,
        OrderStatus::PendingPayment => Color::Yellow,
        OrderStatus::Cancelled | OrderStatus::Rejected => Color::Red,
    };
    styled(style, status, color)
}

fn payment_status(style: &Style, status: PaymentStatus) -> Cell {
    let color = match status {
        PaymentStatus::Succeeded => Color::Green,
        PaymentStatus::Pending => Color::Yellow,
        PaymentStatus::Failed | PaymentStatus::Voided => Color::Red,
        PaymentStatus::Refunded => Color::Blue,
    };
    styled(style, status, color)
}

/// An address on one line: `Ada Lovelace, 1 Main St, Flat 2, 10115 Berlin, DE`.
pub fn address(a: &Address) -> String {
    let mut parts = vec![a.name.as_str(), a.line1.as_str()];
    parts.extend(a.line2.as_deref());
    let city = format!("{} {}", a.postal_code, a.city);
    format!("{}, {city}, {}", parts.join(", "), a.country)
}

/// Seconds matter while following an order.
fn precise(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

impl Render for Cart {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(
            style,
            &["BOOK", "TITLE", "QTY", "PRICE", "TOTAL", "AVAILABLE"],
        );
        for item in &self.items {
            let available = if item.available {
                Cell::new("yes")
            } else if item.title.is_none() {
                styled(style, "no: not in the catalog", Color::Red)
            } else {
                styled(style, format!("no: {} in stock", item.in_stock), Color::Red)
            };
            table.add_row(vec![
                Cell::new(item.book_id),
                Cell::new(item.title.as_deref().unwrap_or("-")),
                Cell::new(item.quantity),
                Cell::new(
                    item.unit_price
                        .as_ref()
                        .map_or("-".into(), ToString::to_string),
                ),
                Cell::new(
                    item.line_total
                        .as_ref()
                        .map_or("-".into(), ToString::to_string),
                ),
                available,
            ]);
        }
        keep_ids_whole(&mut table, 0);
        let mut text = finish(&mut table);
        for total in &self.totals {
            text.push_str(&format!("Total  {total}\n"));
        }
        text
    }
}

impl Render for Order {
    fn human(&self, style: &Style) -> String {
        let mut rows = vec![
            ("ID", Cell::new(self.id)),
            ("Status", order_status(style, self.status)),
        ];
        if let Some(reason) = &self.status_reason {
            rows.push(("Reason", Cell::new(reason)));
        }
        let payment = match &self.payment.last4 {
            Some(last4) => format!("{}, card ending {last4}", self.payment.provider),
            None => self.payment.provider.clone(),
        };
        rows.extend([
            ("Total", Cell::new(&self.total)),
            ("Payment", Cell::new(payment)),
            ("Ship to", Cell::new(address(&self.shipping_address))),
        ]);
        if let (OrderStatus::PendingPayment, Some(due)) = (self.status, &self.payment_due_at) {
            rows.push(("Pay by", Cell::new(time(due))));
        }
        if self.refunded {
            rows.push(("Refunded", Cell::new("yes")));
        }
        rows.extend([
            ("User", Cell::new(self.user_id)),
            ("Created", Cell::new(time(&self.created_at))),
            ("Updated", Cell::new(time(&self.updated_at))),
        ]);
        let mut record = record_table(style, rows);
        keep_ids_whole(&mut record, 1);
        let mut text = finish(&mut record);

        if !self.items.is_empty() {
            let mut items = list_table(style, &["BOOK", "TITLE", "QTY", "PRICE", "TOTAL"]);
            for item in &self.items {
                items.add_row(vec![
                    Cell::new(item.book_id),
                    Cell::new(&item.title),
                    Cell::new(item.quantity),
                    Cell::new(&item.unit_price),
                    Cell::new(&item.line_total),
                ]);
            }
            keep_ids_whole(&mut items, 0);
            text.push('\n');
            text.push_str(&finish(&mut items));
        }
        if !self.history.is_empty() {
            let mut history = list_table(style, &["TIME", "STATUS", "REASON"]);
            for change in &self.history {
                history.add_row(vec![
                    Cell::new(precise(&change.at)),
                    order_status(style, change.status),
                    Cell::new(change.reason.as_deref().unwrap_or("")),
                ]);
            }
            text.push('\n');
            text.push_str(&finish(&mut history));
        }
        text
    }
}

impl Render for Page<Order> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(style, &["ID", "STATUS", "COPIES", "TOTAL", "CREATED"]);
        for order in &self.items {
            let copies: i64 = order.items.iter().map(|i| i.quantity).sum();
            table.add_row(vec![
                Cell::new(order.id),
                order_status(style, order.status),
                Cell::new(copies),
                Cell::new(&order.total),
                Cell::new(time(&order.created_at)),
            ]);
        }
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

/// One status change of an order as `orders watch` prints it: a line, or a JSON object of
/// its own (`order_id`, then the fields of the order's history entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEvent {
    pub order_id: Uuid,
    #[serde(flatten)]
    pub change: StatusChange,
}

impl Render for StatusEvent {
    fn human(&self, _style: &Style) -> String {
        let line = format!(
            "{}  {:<15}  {}",
            precise(&self.change.at),
            self.change.status.as_str(),
            self.change.reason.as_deref().unwrap_or("")
        );
        format!("{}\n", line.trim_end())
    }
}

impl Render for Payment {
    fn human(&self, style: &Style) -> String {
        let mut rows = vec![
            ("ID", Cell::new(self.id)),
            ("Order", Cell::new(self.order_id)),
            ("Status", payment_status(style, self.status)),
            ("Amount", Cell::new(&self.amount)),
            ("Provider", Cell::new(&self.provider)),
        ];
        if let Some(last4) = &self.card_last4 {
            rows.push(("Card", Cell::new(format!("ending {last4}"))));
        }
        if let Some(reference) = &self.provider_reference {
            rows.push(("Reference", Cell::new(reference)));
        }
        let failure = match (&self.failure_reason, &self.failure_code) {
            (Some(reason), Some(code)) => Some(format!("{reason} ({code})")),
            (Some(text), None) | (None, Some(text)) => Some(text.clone()),
            (None, None) => None,
        };
        if let Some(failure) = failure {
            rows.push(("Failure", Cell::new(failure)));
        }
        if let Some(refunded) = &self.refunded {
            rows.push(("Refunded", Cell::new(refunded)));
        }
        rows.extend([
            ("User", Cell::new(self.user_id)),
            ("Created", Cell::new(time(&self.created_at))),
            ("Updated", Cell::new(time(&self.updated_at))),
        ]);
        let mut table = record_table(style, rows);
        keep_ids_whole(&mut table, 1);
        finish(&mut table)
    }
}

impl Render for Page<Payment> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(
            style,
            &["ID", "ORDER", "STATUS", "AMOUNT", "PROVIDER", "CREATED"],
        );
        for payment in &self.items {
            table.add_row(vec![
                Cell::new(payment.id),
                Cell::new(payment.order_id),
                payment_status(style, payment.status),
                Cell::new(&payment.amount),
                Cell::new(&payment.provider),
                Cell::new(time(&payment.created_at)),
            ]);
        }
        keep_ids_whole(&mut table, 0);
        keep_ids_whole(&mut table, 1);
        finish(&mut table)
    }
}

impl Render for Vec<Provider> {
    fn human(&self, style: &Style) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut table = list_table(style, &["NAME", "PROVIDER", "TEST MODE", "TOKEN"]);
        for provider in self {
            table.add_row(vec![
                Cell::new(&provider.name),
                Cell::new(&provider.display_name),
                Cell::new(if provider.test_mode { "yes" } else { "no" }),
                Cell::new(&provider.token_hint),
            ]);
        }
        finish(&mut table)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use bookstore_sdk::types::{CartItem, Money, OrderItem, PaymentMethodSummary};
    use chrono::TimeZone;

    use super::*;
    use crate::args::Format;
    use crate::output::render;

    const ORDER: &str = "0193a6f0-0000-7000-8000-00000000d001";
    const BOOK: &str = "0193a6f0-0000-7000-8000-00000000b001";

    fn at(second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, second).unwrap()
    }

    fn order() -> Order {
        Order {
            id: Uuid::parse_str(ORDER).unwrap(),
            user_id: Uuid::nil(),
            status: OrderStatus::Cancelled,
            status_reason: Some("payment declined: card declined".into()),
            items: vec![OrderItem {
                book_id: Uuid::parse_str(BOOK).unwrap(),
                title: "Dune".into(),
                quantity: 2,
                unit_price: Money::new(1299, "EUR"),
                line_total: Money::new(2598, "EUR"),
            }],
            total: Money::new(2598, "EUR"),
            payment: PaymentMethodSummary {
                provider: "sandbox".into(),
                last4: Some("0002".into()),
            },
            shipping_address: Address {
                name: "Ada Lovelace".into(),
                line1: "1 Main St".into(),
                line2: Some("Flat 2".into()),
                postal_code: "10115".into(),
                city: "Berlin".into(),
                country: "DE".into(),
            },
            payment_due_at: Some(at(0)),
            refunded: false,
            history: vec![
                StatusChange {
                    status: OrderStatus::PendingPayment,
                    reason: None,
                    at: at(0),
                },
                StatusChange {
                    status: OrderStatus::Cancelled,
                    reason: Some("payment declined: card declined".into()),
                    at: at(1),
                },
            ],
            created_at: at(0),
            updated_at: at(1),
        }
    }

    #[test]
    fn an_order_prints_its_record_items_and_history() {
        let text = render(Format::Table, &Style::default(), &order()).unwrap();
        assert_eq!(
            text,
            format!(
                "ID       {ORDER}\n\
                 Status   cancelled\n\
                 Reason   payment declined: card declined\n\
                 Total    25.98 EUR\n\
                 Payment  sandbox, card ending 0002\n\
                 Ship to  Ada Lovelace, 1 Main St, Flat 2, 10115 Berlin, DE\n\
                 User     00000000-0000-0000-0000-000000000000\n\
                 Created  2026-11-26 10:00 UTC\n\
                 Updated  2026-11-26 10:00 UTC\n\
                 \n\
                 BOOK                                  TITLE  QTY  PRICE      TOTAL\n\
                 {BOOK}  Dune   2    12.99 EUR  25.98 EUR\n\
                 \n\
                 TIME                     STATUS           REASON\n\
                 2026-11-26 10:00:00 UTC  pending_payment\n\
                 2026-11-26 10:00:01 UTC  cancelled        payment declined: card declined\n"
            )
        );
    }

    #[test]
    fn order_json_is_the_wire_form() {
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &Style::default(), &order()).unwrap())
                .unwrap();
        assert_eq!(json["id"], ORDER);
        assert_eq!(json["status"], "cancelled");
        assert_eq!(
            json["total"],
            serde_json::json!({"amount": 2598, "currency": "EUR"})
        );
        assert_eq!(
            json["history"][1]["reason"],
            "payment declined: card declined"
        );
        assert_eq!(json["payment"]["last4"], "0002");
        let page = Page {
            items: vec![order()],
            next_cursor: None,
        };
        let text = render(Format::Table, &Style::default(), &page).unwrap();
        assert_eq!(
            text,
            format!(
                "ID                                    STATUS     COPIES  TOTAL      CREATED\n\
                 {ORDER}  cancelled  2       25.98 EUR  2026-11-26 10:00 UTC\n"
            )
        );
    }

    #[test]
    fn status_events_are_lines_or_json_objects() {
        let event = StatusEvent {
            order_id: Uuid::parse_str(ORDER).unwrap(),
            change: order().history[1].clone(),
        };
        assert_eq!(
            event.human(&Style::default()),
            "2026-11-26 10:00:01 UTC  cancelled        payment declined: card declined\n"
        );
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"order_id": ORDER, "status": "cancelled",
                "reason": "payment declined: card declined", "at": "2026-11-26T10:00:01Z"})
        );
    }

    #[test]
    fn a_cart_marks_what_cannot_be_ordered_and_totals() {
        let line = |quantity: i64, available: bool, title: Option<&str>| CartItem {
            book_id: Uuid::parse_str(BOOK).unwrap(),
            quantity,
            title: title.map(Into::into),
            unit_price: title.map(|_| Money::new(1299, "EUR")),
            line_total: title.map(|_| Money::new(1299 * quantity, "EUR")),
            in_stock: 1,
            available,
            added_at: at(0),
        };
        let cart = Cart {
            items: vec![
                line(1, true, Some("Dune")),
                line(3, false, Some("Dune")),
                line(1, false, None),
            ],
            totals: vec![Money::new(1299, "EUR")],
            updated_at: Some(at(0)),
        };
        let text = render(Format::Table, &Style::default(), &cart).unwrap();
        assert_eq!(
            text,
            format!(
                "BOOK                                  TITLE  QTY  PRICE      TOTAL      AVAILABLE\n\
                 {BOOK}  Dune   1    12.99 EUR  12.99 EUR  yes\n\
                 {BOOK}  Dune   3    12.99 EUR  38.97 EUR  no: 1 in stock\n\
                 {BOOK}  -      1    -          -          no: not in the catalog\n\
                 Total  12.99 EUR\n"
            )
        );
        let empty = Cart {
            items: vec![],
            totals: vec![],
            updated_at: None,
        };
        assert_eq!(
            render(Format::Table, &Style::default(), &empty).unwrap(),
            ""
        );
    }
}
