//! Logging in or creating an account; the login is stored where the command line finds it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::pane;
use crate::app::App;
use crate::components::input::Input;
use crate::keys::Command;
use crate::net::Task;

/// Which form is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Login,
    Register,
}

/// The form's state.
#[derive(Debug)]
pub struct LoginForm {
    pub mode: Mode,
    pub email: Input,
    pub name: Input,
    pub password: Input,
    pub focus: usize,
    pub busy: bool,
    pub error: Option<String>,
    /// Why the form is shown (a view that needs a login, a session that ended).
    pub note: Option<String>,
}

impl LoginForm {
    pub fn new(email: Option<String>, note: Option<String>) -> LoginForm {
        let email = Input::new(email.unwrap_or_default());
        let focus = usize::from(!email.value.is_empty());
        LoginForm {
            mode: Mode::Login,
            email,
            name: Input::default(),
            password: Input::masked(),
            focus,
            busy: false,
            error: None,
            note,
        }
    }

    /// The fields of the mode, in order.
    fn fields(&self) -> Vec<&'static str> {
        match self.mode {
            Mode::Login => vec!["Email", "Password"],
            Mode::Register => vec!["Name", "Email", "Password"],
        }
    }

    pub fn input_mut(&mut self) -> &mut Input {
        match self.fields()[self.focus] {
            "Name" => &mut self.name,
            "Email" => &mut self.email,
            _ => &mut self.password,
        }
    }

    pub fn move_focus(&mut self, delta: isize) {
        let len = self.fields().len();
        self.focus = self.focus.saturating_add_signed(delta).min(len - 1);
    }

    pub fn switch(&mut self) {
        self.mode = match self.mode {
            Mode::Login => Mode::Register,
            Mode::Register => Mode::Login,
        };
        self.focus = 0;
        self.error = None;
    }

    /// Enter: the next field, or the request once on the last.
    pub fn submit(&mut self) -> Option<Task> {
        if self.focus + 1 < self.fields().len() {
            self.focus += 1;
            return None;
        }
        let email = self.email.value.trim().to_owned();
        let password = self.password.value.clone();
        let name = self.name.value.trim().to_owned();
        let missing = match self.mode {
            Mode::Register if name.is_empty() => Some("your name"),
            _ if email.is_empty() => Some("your email"),
            _ if password.is_empty() => Some("a password"),
            _ => None,
        };
        if let Some(missing) = missing {
            self.error = Some(format!("Enter {missing}."));
            return None;
        }
        self.busy = true;
        self.error = None;
        Some(match self.mode {
            Mode::Login => Task::Login { email, password },
            Mode::Register => Task::Register {
                email,
                name,
                password,
            },
        })
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let Some(form) = &app.login else {
        return;
    };
    let width = area.width.min(60);
    let height = area.height.min(14);
    let rect = super::centered(area, width, height);
    frame.render_widget(Clear, rect);
    let title = match form.mode {
        Mode::Login => " Log in ",
        Mode::Register => " Create an account ",
    };
    let block = pane(title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [note, fields, status, hint] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(4),
        Constraint::Length(2),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let text = form
        .note
        .clone()
        .unwrap_or_else(|| format!("Welcome to the Bookstore at {}.", app.gateway));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), note);
    let field_width = usize::from(fields.width).saturating_sub(12);
    let lines: Vec<Line> = form
        .fields()
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let focused = i == form.focus;
            let input = match *label {
                "Name" => &form.name,
                "Email" => &form.email,
                _ => &form.password,
            };
            let style = if focused { theme.accent() } else { theme.dim() };
            let mut spans = vec![Span::styled(format!("{label:>9}  "), style)];
            spans.extend(input.line(focused, field_width, theme).spans);
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), fields);
    let status_line = if form.busy {
        Line::styled("signing in…", theme.dim())
    } else if let Some(e) = &form.error {
        Line::styled(format!("⚠ {e}"), theme.error())
    } else {
        Line::default()
    };
    frame.render_widget(
        Paragraph::new(status_line).wrap(Wrap { trim: true }),
        status,
    );
    let other = match form.mode {
        Mode::Login => "new here? create an account",
        Mode::Register => "have an account? log in",
    };
    let hints = vec![
        Line::styled(
            format!(
                "{} next · {} submit · {} browse without logging in",
                app.keymap.label(Command::NextField),
                app.keymap.label(Command::Open),
                app.keymap.label(Command::Back)
            ),
            theme.dim(),
        ),
        Line::styled(
            format!("{} {other}", app.keymap.label(Command::SwitchForm)),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(hints).wrap(Wrap { trim: true }), hint);
}
