//! The screens, and how a frame is put together: the header, the view of the moment, the
//! footer, and any popup over them.

pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod login;
pub mod notifications;
pub mod orders;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;
use uuid::Uuid;

use crate::app::{App, Tab};
use crate::components::{footer, header};
use crate::popups;
use crate::theme::Theme;

/// Draws the whole screen from the state.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::render(app, frame, top);
    if app.checkout.is_some() && app.tab == Tab::Cart {
        checkout::render(app, frame, body);
    } else {
        match app.tab {
            Tab::Catalog => catalog::render(app, frame, body),
            Tab::Cart => cart::render(app, frame, body),
            Tab::Orders => orders::render(app, frame, body),
            Tab::Notifications => notifications::render(app, frame, body),
        }
    }
    if app.login.is_some() {
        login::render(app, frame, body);
    }
    footer::render(app, frame, bottom);
    popups::render(app, frame, body);
}

/// A bordered pane; the one with the focus stands out.
pub fn pane(title: &str, focused: bool, theme: Theme) -> Block<'static> {
    let style = if focused {
        theme.focus_border()
    } else {
        theme.border()
    };
    Block::bordered()
        .title(title.to_owned())
        .border_style(style)
        .title_style(if focused {
            theme.accent()
        } else {
            theme.bold()
        })
}

/// `text` cut to `width` characters, with an ellipsis when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The first eight hex digits, enough to tell orders apart on screen.
pub fn short_id(id: Uuid) -> String {
    id.simple().to_string()[..8].to_owned()
}

/// `2026-11-26 10:15 UTC`.
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A `width` × `height` rectangle in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
