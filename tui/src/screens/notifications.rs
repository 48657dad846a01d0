//! Notifications: the inbox, newest first, with what arrives live added on top; the unread
//! count is the tab's badge.

use bookstore_sdk::types::Notification;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{pane, truncate, when};
use crate::app::App;
use crate::components::scroll::Cursor;

/// The inbox's state.
#[derive(Debug, Default)]
pub struct Inbox {
    pub items: Vec<Notification>,
    pub cursor: Cursor,
    pub unread: i64,
    pub loading: bool,
    pub loaded: bool,
    pub error: Option<String>,
    /// The message's own page is open (narrow terminals).
    pub open: bool,
}

impl Inbox {
    pub fn selected(&self) -> Option<&Notification> {
        self.items.get(self.cursor.selected)
    }

    /// A message from the live stream; one already there (a replay) is not counted twice.
    pub fn arrived(&mut self, n: Notification) -> bool {
        if self.items.iter().any(|i| i.id == n.id) {
            return false;
        }
        if n.read_at.is_none() {
            self.unread += 1;
        }
        let at = self
            .items
            .iter()
            .position(|i| i.seq < n.seq)
            .unwrap_or(self.items.len());
        self.items.insert(at, n);
        if at <= self.cursor.selected && self.items.len() > 1 {
            self.cursor.move_by(1, self.items.len());
        }
        true
    }

    /// A message marked read.
    pub fn read(&mut self, n: Notification) {
        if let Some(item) = self.items.iter_mut().find(|i| i.id == n.id) {
            if item.read_at.is_none() && n.read_at.is_some() {
                self.unread = (self.unread - 1).max(0);
            }
            *item = n;
        }
    }

    pub fn all_read(&mut self) {
        let now = chrono::Utc::now();
        for item in &mut self.items {
            item.read_at.get_or_insert(now);
        }
        self.unread = 0;
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let inbox = &app.inbox;
    if inbox.open {
        render_message(app, frame, area);
    } else if app.narrow() {
        render_list(app, frame, area);
    } else {
        let [list, message] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(area);
        render_list(app, frame, list);
        render_message(app, frame, message);
    }
}

fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let inbox = &app.inbox;
    let block = pane(
        &format!(" Notifications ({} unread) ", inbox.unread),
        true,
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    app.hits.list.set(inner);
    if inbox.items.is_empty() {
        let text = match (&inbox.error, inbox.loading || !inbox.loaded) {
            (Some(e), _) => Line::styled(format!("⚠ {e}"), theme.error()),
            (None, true) => Line::styled("loading…", theme.dim()),
            (None, false) => Line::from("Nothing yet."),
        };
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    let width = usize::from(inner.width);
    let window = inbox
        .cursor
        .window(usize::from(inner.height), inbox.items.len());
    let lines: Vec<Line> = inbox.items[window.clone()]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let unread = n.read_at.is_none();
            let mark = if unread { "● " } else { "  " };
            let style = if window.start + i == inbox.cursor.selected {
                theme.selected()
            } else if unread {
                theme.bold()
            } else {
                Style::new()
            };
            let date = n.created_at.format("%m-%d %H:%M").to_string();
            let room = width.saturating_sub(date.len() + 3);
            let subject = truncate(&n.subject, room);
            let pad = room.saturating_sub(subject.chars().count());
            Line::from(vec![
                Span::styled(mark, theme.accent()),
                Span::raw(subject),
                Span::raw(" ".repeat(pad + 1)),
                Span::styled(date, theme.dim()),
            ])
            .style(style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_message(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let block = pane(" Message ", app.inbox.open, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(n) = app.inbox.selected() else {
        return;
    };
    let mut lines = vec![
        Line::styled(n.subject.clone(), theme.accent()),
        Line::styled(when(n.created_at), theme.dim()),
        Line::default(),
    ];
    lines.extend(n.body.lines().map(|l| Line::from(l.to_owned())));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
