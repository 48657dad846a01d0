//! The cart: lines with their current prices, quantities changed in place, the totals.

use bookstore_sdk::types::Cart;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::pane;
use crate::app::App;
use crate::components::scroll::Cursor;
use crate::keys::Command;

/// The cart's state.
#[derive(Debug, Default)]
pub struct CartView {
    pub cart: Option<Cart>,
    pub cursor: Cursor,
    pub loading: bool,
    pub error: Option<String>,
}

impl CartView {
    /// Copies in the cart, for the tab's badge.
    /// Every copy in the cart, available or not: the tab's badge.
    pub fn count(&self) -> i64 {
        self.cart
            .as_ref()
            .map_or(0, |c| c.items.iter().map(|i| i.quantity).sum())
    }

    /// The copies the cart can be ordered with: those of lines that are available, as the
    /// totals count them.
    pub fn orderable_copies(&self) -> i64 {
        self.cart.as_ref().map_or(0, |c| {
            c.items
                .iter()
                .filter(|i| i.available)
                .map(|i| i.quantity)
                .sum()
        })
    }

    pub fn loaded(&mut self, cart: Cart) {
        self.loading = false;
        self.error = None;
        self.cursor.clamp(cart.items.len());
        self.cart = Some(cart);
    }

    /// Whether there is something that can be ordered.
    pub fn orderable(&self) -> bool {
        self.cart
            .as_ref()
            .is_some_and(|c| c.items.iter().any(|i| i.available))
    }

    pub fn lines(&self) -> usize {
        self.cart.as_ref().map_or(0, |c| c.items.len())
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let view = &app.cart;
    let block = pane(" Cart ", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list, totals] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(3)]).areas(inner);
    app.hits.list.set(list);
    let Some(cart) = &view.cart else {
        let text = match (&view.error, view.loading) {
            (Some(e), _) => Line::styled(format!("⚠ {e}"), theme.error()),
            _ => Line::styled("loading…", theme.dim()),
        };
        frame.render_widget(Paragraph::new(text), list);
        return;
    };
    if cart.items.is_empty() {
        let text = vec![
            Line::from("Your cart is empty."),
            Line::styled(
                format!(
                    "Add books from the catalog ({}) with {}.",
                    app.keymap.label(Command::Catalog),
                    app.keymap.label(Command::AddToCart)
                ),
                theme.dim(),
            ),
        ];
        frame.render_widget(Paragraph::new(text), list);
    } else {
        let header = Row::new(["Book", "Qty", "Each", "Total"]).style(theme.dim());
        let height = usize::from(list.height.saturating_sub(1));
        let window = view.cursor.window(height, cart.items.len());
        let rows: Vec<Row> = cart.items[window.clone()]
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let title = item
                    .title
                    .clone()
                    .unwrap_or_else(|| "(no longer sold)".into());
                let note = if item.available {
                    Span::raw("")
                } else if item.unit_price.is_none() {
                    Span::styled(" gone", theme.error())
                } else {
                    Span::styled(format!(" only {} left", item.in_stock), theme.error())
                };
                let money = |m: &Option<bookstore_sdk::types::Money>| {
                    m.as_ref().map(ToString::to_string).unwrap_or_default()
                };
                let style = if window.start + i == view.cursor.selected {
                    theme.selected()
                } else {
                    Style::new()
                };
                Row::new(vec![
                    Cell::from(Line::from(vec![Span::raw(title), note])),
                    Cell::from(Line::from(item.quantity.to_string()).right_aligned()),
                    Cell::from(Line::from(money(&item.unit_price)).right_aligned()),
                    Cell::from(Line::from(money(&item.line_total)).right_aligned()),
                ])
                .style(style)
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Fill(1),
                Constraint::Length(4),
                Constraint::Length(11),
                Constraint::Length(11),
            ],
        )
        .header(header)
        .column_spacing(1);
        frame.render_widget(table, list);
    }
    let total = if cart.totals.is_empty() {
        "—".to_owned()
    } else {
        cart.totals
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("Total  ", theme.dim()),
        Span::styled(total, theme.bold()),
        Span::styled(
            format!("  ({})", copies(view.orderable_copies())),
            theme.dim(),
        ),
    ])];
    if let Some(e) = &view.error {
        lines.push(Line::styled(format!("⚠ {e}"), theme.error()));
    } else if view.orderable() {
        lines.push(Line::styled(
            format!("{} check out", app.keymap.label(Command::Checkout)),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), totals);
}

/// `1 copy`, `3 copies`.
pub fn copies(n: i64) -> String {
    if n == 1 {
        "1 copy".to_owned()
    } else {
        format!("{n} copies")
    }
}
