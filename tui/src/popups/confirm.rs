//! Confirmations before something that cannot be taken back: placing an order, cancelling one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use uuid::Uuid;

use crate::app::App;
use crate::keys::Command;
use crate::screens::checkout::Field;
use crate::screens::{centered, pane, short_id};

fn answer(app: &App) -> Line<'static> {
    Line::styled(
        format!(
            "{} confirm · {} go back",
            app.keymap.label(Command::Open),
            app.keymap.label(Command::Back)
        ),
        app.theme.dim(),
    )
}

pub fn render_order(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let Some(form) = &app.checkout else {
        return;
    };
    let total = app
        .cart
        .cart
        .as_ref()
        .map(|c| {
            c.totals
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .unwrap_or_default();
    let provider = form
        .provider()
        .map(|p| p.display_name.clone())
        .unwrap_or_default();
    let lines = vec![
        Line::from(vec![
            Span::raw("Pay "),
            Span::styled(total, theme.bold()),
            Span::raw(format!(
                " for {}",
                crate::screens::cart::copies(app.cart.orderable_copies())
            )),
        ]),
        Line::from(format!("with {provider} {}", form.masked_card())),
        Line::from(format!(
            "to {}, {}, {}",
            form.value(Field::Name),
            form.value(Field::City),
            form.value(Field::Country).to_ascii_uppercase()
        )),
        Line::default(),
        answer(app),
    ];
    let rect = centered(area, 50, 8);
    frame.render_widget(Clear, rect);
    let block = pane(" Place the order? ", true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

pub fn render_cancel(app: &App, frame: &mut Frame, area: Rect, id: Uuid) {
    let theme = app.theme;
    let lines = vec![
        Line::from(format!("Cancel order {}?", short_id(id))),
        Line::styled("A paid order is refunded.", theme.dim()),
        Line::default(),
        answer(app),
    ];
    let rect = centered(area, 44, 6);
    frame.render_widget(Clear, rect);
    let block = pane(" Cancel the order? ", true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
