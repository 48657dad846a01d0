//! The help overlay: every binding of the keymap table, grouped by where it applies.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::app::App;
use crate::keys::Scope;
use crate::screens::{centered, pane};

/// The help's lines; the same table that dispatches keys.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    let mut scope: Option<Scope> = None;
    for (spec, keys) in app.keymap.rows() {
        if scope != Some(spec.scope) {
            if scope.is_some() {
                lines.push(Line::default());
            }
            lines.push(Line::styled(spec.scope.title(), theme.bold()));
            scope = Some(spec.scope);
        }
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<16}", keys.join(" ")), theme.accent()),
            Span::raw(spec.help),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "In text fields letters type; the keys above that are letters work outside them.",
        theme.dim(),
    ));
    lines.push(Line::styled(
        "The mouse clicks rows and tabs and scrolls lists.",
        theme.dim(),
    ));
    lines
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, scroll: u16) {
    let rect = centered(area, 72, area.height.saturating_sub(2).max(10));
    frame.render_widget(Clear, rect);
    let block = pane(" Keys (esc or ? to close, ↑↓ to scroll) ", true, app.theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = lines(app);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
}
