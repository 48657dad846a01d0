//! The bottom line: the last message when there is one, else the keys of the view from the
//! keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    if let Some(flash) = &app.flash {
        let style = if flash.error {
            theme.error()
        } else {
            theme.good()
        };
        let mark = if flash.error { "⚠ " } else { "✓ " };
        let text =
            super::super::screens::truncate(&flash.text, usize::from(area.width).saturating_sub(3));
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" {mark}"), style),
                Span::styled(text, style),
            ])),
            area,
        );
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, hint) in app.keymap.hints(&app.scopes()) {
        let width = key.chars().count() + hint.chars().count() + 3;
        if used + width > usize::from(area.width) {
            break;
        }
        used += width;
        spans.push(Span::styled(key, theme.accent()));
        spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
