//! A one-line text field: typing appends, backspace deletes; a password field shows dots.

use ratatui::text::{Line, Span};

use crate::keys::Key;
use crate::theme::Theme;
use ratatui::crossterm::event::KeyCode;

/// The text of a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    pub value: String,
    pub masked: bool,
}

impl Input {
    pub fn new(value: impl Into<String>) -> Input {
        Input {
            value: value.into(),
            masked: false,
        }
    }

    pub fn masked() -> Input {
        Input {
            value: String::new(),
            masked: true,
        }
    }

    /// Applies a typed key; whether the text changed. Keys that do not edit are left alone.
    pub fn edit(&mut self, key: Key) -> bool {
        match key.code {
            KeyCode::Char(c) if key.is_text() => {
                self.value.push(c);
                true
            }
            KeyCode::Backspace if !key.ctrl && !key.alt => self.value.pop().is_some(),
            KeyCode::Backspace => {
                // ctrl-backspace / alt-backspace: the last word.
                let trimmed = self.value.trim_end();
                let cut = trimmed.rfind(' ').map_or(0, |i| i + 1);
                let changed = cut != self.value.len();
                self.value.truncate(cut);
                changed
            }
            _ => false,
        }
    }

    /// Whether a key is one this field edits with.
    pub fn takes(key: Key) -> bool {
        key.is_text() || key.code == KeyCode::Backspace
    }

    /// The text as shown: dots for a password, a cursor where typing goes when focused.
    pub fn line(&self, focused: bool, width: usize, theme: Theme) -> Line<'static> {
        let shown: String = if self.masked {
            "•".repeat(self.value.chars().count())
        } else {
            self.value.clone()
        };
        // Keep the end (where the cursor is) in view.
        let room = width.saturating_sub(1);
        let count = shown.chars().count();
        let visible: String = shown.chars().skip(count.saturating_sub(room)).collect();
        let mut spans = vec![Span::raw(visible)];
        if focused {
            spans.push(Span::styled("▏", theme.accent()));
        }
        Line::from(spans)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_deleting() {
        let mut input = Input::default();
        for c in "dune x".chars() {
            assert!(input.edit(Key::parse(&c.to_string().replace(' ', "space")).unwrap()));
        }
        assert_eq!(input.value, "dune x");
        assert!(input.edit(Key::parse("backspace").unwrap()));
        assert_eq!(input.value, "dune ");
        assert!(input.edit(Key::parse("ctrl-backspace").unwrap()));
        assert_eq!(input.value, "");
        assert!(!input.edit(Key::parse("backspace").unwrap()));
        assert!(!input.edit(Key::parse("ctrl-x").unwrap()));
    }

    #[test]
    fn passwords_show_dots() {
        let mut input = Input::masked();
        input.value = "secret".into();
        let line = input.line(false, 20, Theme::plain());
        assert_eq!(line.to_string(), "••••••");
    }
}
