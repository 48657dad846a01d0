//! The top line: the panels with their number keys and badges, who is logged in, and how the
//! live stream is doing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, Live, Tab};
use crate::keys::Command;

/// Each tab's label and the columns it takes, for drawing and for mouse clicks.
pub fn tabs(app: &App) -> Vec<(Tab, String, u16, u16)> {
    let mut x = 11; // after " Bookstore "
    Tab::ALL
        .iter()
        .map(|tab| {
            let key = app
                .keymap
                .keys(tab.command())
                .first()
                .map(ToString::to_string);
            let badge = match tab {
                Tab::Cart if app.cart.count() > 0 => format!(" ({})", app.cart.count()),
                Tab::Notifications if app.inbox.unread > 0 => format!(" ({})", app.inbox.unread),
                _ => String::new(),
            };
            let name = if app.narrow() {
                tab.short()
            } else {
                tab.name()
            };
            let label = match key {
                Some(k) => format!(" {k} {name}{badge} "),
                None => format!(" {name}{badge} "),
            };
            let width = label.chars().count() as u16;
            let at = (*tab, label, x, x + width);
            x += width;
            at
        })
        .collect()
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let mut spans = vec![Span::styled(" Bookstore ", theme.accent())];
    for (tab, label, _, _) in tabs(app) {
        let style = if tab == app.tab {
            theme.selected()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);

    let live = match &app.live {
        Live::Off => Span::raw(""),
        Live::Connecting => Span::styled("○ connecting", theme.dim()),
        Live::Connected => Span::styled("● live", theme.good()),
        Live::Reconnecting {
            attempt,
            delay_secs,
        } => Span::styled(
            format!("○ reconnecting in {delay_secs}s (#{attempt})"),
            theme.warn(),
        ),
        Live::Stopped(_) => Span::styled("× offline", theme.error()),
    };
    let who = match &app.user {
        Some(user) if !app.narrow() => Span::styled(format!("{} ", user.email), theme.dim()),
        Some(_) => Span::raw(""),
        None => Span::styled(
            format!("guest ({} log in) ", app.keymap.label(Command::Logout)),
            theme.dim(),
        ),
    };
    let used: u16 = tabs(app).last().map_or(11, |t| t.3);
    // Who is logged in gives way to the live status where there is no room for both.
    for right in [
        Line::from(vec![who, live.clone(), Span::raw(" ")]),
        Line::from(vec![live, Span::raw(" ")]),
    ] {
        if usize::from(area.width) > usize::from(used) + right.width() {
            frame.render_widget(Paragraph::new(right.right_aligned()), area);
            break;
        }
    }
}
