//! Colours and emphasis: the terminal's own foreground and background everywhere, named colours
//! only as accents (so light and dark themes both read), none at all under `NO_COLOR`.

use bookstore_sdk::types::OrderStatus;
use ratatui::style::{Color, Modifier, Style};

/// How things are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to anything but the empty string.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn colored() -> Theme {
        Theme { color: true }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Titles and the active tab.
    pub fn accent(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row: reversed, which is legible on any background.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The selected row of a pane without focus.
    pub fn selected_unfocused(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// Secondary text: authors, times, hints.
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    /// The border of the pane with the focus.
    pub fn focus_border(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn border(self) -> Style {
        Style::new()
    }

    pub fn status(self, status: OrderStatus) -> Style {
        match status {
            OrderStatus::PendingPayment => self.warn(),
            OrderStatus::Confirmed => self.good().add_modifier(Modifier::BOLD),
            OrderStatus::Shipped => self.fg(Color::Blue),
            OrderStatus::Cancelled | OrderStatus::Rejected => self.fg(Color::Red),
        }
    }
}
