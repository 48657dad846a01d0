//! My orders: the list with each status as the live stream reports it, and the selected
//! order's lines, address, payment and history.

use bookstore_sdk::types::Order;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use uuid::Uuid;

use super::{pane, short_id, when};
use crate::app::App;
use crate::components::scroll::Cursor;

/// The orders' state.
#[derive(Debug, Default)]
pub struct OrdersView {
    pub orders: Vec<Order>,
    pub cursor: Cursor,
    pub loading: bool,
    pub loaded: bool,
    pub error: Option<String>,
    /// The selected order read whole (with its history).
    pub detail: Option<Order>,
    /// The order's own page is open (narrow terminals).
    pub open: bool,
}

impl OrdersView {
    pub fn selected(&self) -> Option<&Order> {
        self.orders.get(self.cursor.selected)
    }

    /// An order read anew: its row and, when selected, the detail.
    pub fn update(&mut self, order: Order) {
        match self.orders.iter_mut().find(|o| o.id == order.id) {
            Some(row) => {
                row.status = order.status;
                row.status_reason = order.status_reason.clone();
                row.refunded = order.refunded;
                row.updated_at = order.updated_at;
            }
            None => {
                // A new order goes on top, where the newest are.
                let selected = self.selected().map(|o| o.id);
                let mut row = order.clone();
                row.history.clear();
                self.orders.insert(0, row);
                if selected.is_some() {
                    self.cursor.move_by(1, self.orders.len());
                }
            }
        }
        if self.selected().is_some_and(|o| o.id == order.id) {
            self.detail = Some(order);
        }
    }

    pub fn select(&mut self, id: Uuid) {
        if let Some(at) = self.orders.iter().position(|o| o.id == id) {
            self.cursor.select(at, self.orders.len());
        }
    }

    /// The detail, if it is the selected order's.
    pub fn detail(&self) -> Option<&Order> {
        let id = self.selected()?.id;
        self.detail.as_ref().filter(|d| d.id == id)
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let view = &app.orders;
    if view.open || app.narrow() {
        if view.open {
            render_detail(app, frame, area);
        } else {
            render_list(app, frame, area);
        }
        return;
    }
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    render_list(app, frame, list);
    render_detail(app, frame, detail);
}

fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let view = &app.orders;
    let block = pane(" My orders ", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    app.hits.list.set(inner);
    if view.orders.is_empty() {
        let text = match (&view.error, view.loading || !view.loaded) {
            (Some(e), _) => Line::styled(format!("⚠ {e}"), theme.error()),
            (None, true) => Line::styled("loading…", theme.dim()),
            (None, false) => Line::from("No orders yet."),
        };
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    let window = view
        .cursor
        .window(usize::from(inner.height), view.orders.len());
    let rows: Vec<Row> = view.orders[window.clone()]
        .iter()
        .enumerate()
        .map(|(i, order)| {
            let style = if window.start + i == view.cursor.selected {
                theme.selected()
            } else {
                Style::new()
            };
            Row::new(vec![
                Cell::from(Span::styled(
                    order.created_at.format("%Y-%m-%d %H:%M").to_string(),
                    theme.dim(),
                )),
                Cell::from(Span::styled(
                    order.status.as_str().replace('_', " "),
                    theme.status(order.status),
                )),
                Cell::from(Line::from(order.total.to_string()).right_aligned()),
            ])
            .style(style)
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(16),
            Constraint::Fill(1),
            Constraint::Length(11),
        ],
    )
    .column_spacing(1);
    frame.render_widget(table, inner);
}

fn render_detail(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let view = &app.orders;
    let Some(row) = view.selected() else {
        frame.render_widget(pane(" Order ", false, theme), area);
        return;
    };
    let order = view.detail().unwrap_or(row);
    let block = pane(&format!(" Order {} ", short_id(order.id)), view.open, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            order.status.as_str().replace('_', " "),
            theme.status(order.status),
        ),
        Span::styled(
            order
                .status_reason
                .as_ref()
                .map(|r| format!(" — {r}"))
                .unwrap_or_default(),
            theme.dim(),
        ),
    ])];
    if order.refunded {
        lines.push(Line::styled("refunded", theme.warn()));
    }
    lines.push(Line::default());
    for item in &order.items {
        lines.push(Line::from(vec![
            Span::raw(format!("{} × {}", item.quantity, item.title)),
            Span::styled(format!("  {}", item.line_total), theme.dim()),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("Total ", theme.dim()),
        Span::styled(order.total.to_string(), theme.bold()),
    ]));
    let card = order
        .payment
        .last4
        .as_ref()
        .map(|l| format!(" •••• {l}"))
        .unwrap_or_default();
    lines.push(Line::styled(
        format!("Paid with {}{card}", order.payment.provider),
        theme.dim(),
    ));
    let a = &order.shipping_address;
    lines.push(Line::styled(
        format!(
            "To {}, {}, {} {}, {}",
            a.name, a.line1, a.postal_code, a.city, a.country
        ),
        theme.dim(),
    ));
    lines.push(Line::default());
    match view.detail() {
        Some(detail) if !detail.history.is_empty() => {
            lines.push(Line::styled("History", theme.bold()));
            for change in &detail.history {
                let reason = change
                    .reason
                    .as_ref()
                    .map(|r| format!(" — {r}"))
                    .unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::styled(format!("{} ", when(change.at)), theme.dim()),
                    Span::styled(
                        change.status.as_str().replace('_', " "),
                        theme.status(change.status),
                    ),
                    Span::styled(reason, theme.dim()),
                ]));
            }
        }
        Some(_) => {}
        None => lines.push(Line::styled("loading history…", theme.dim())),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
