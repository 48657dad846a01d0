//! How accounts print.

use bookstore_sdk::types::{Page, User};
use chrono::{DateTime, Utc};
use comfy_table::{Cell, Color, ColumnConstraint};

use super::Render;
use super::table::{Style, finish, list_table, record_table, styled};

/// Minutes are precision enough for people; the JSON keeps the full timestamp.
pub fn time(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn state(style: &Style, user: &User) -> Cell {
    if user.disabled {
        styled(style, "disabled", Color::Red)
    } else {
        styled(style, "active", Color::Green)
    }
}

impl Render for User {
    fn human(&self, style: &Style) -> String {
        let mut table = record_table(
            style,
            vec![
                ("ID", Cell::new(self.id)),
                ("Email", Cell::new(&self.email)),
                ("Name", Cell::new(&self.name)),
                ("Role", Cell::new(self.role)),
                ("State", state(style, self)),
                ("Created", Cell::new(time(&self.created_at))),
                ("Updated", Cell::new(time(&self.updated_at))),
            ],
        );
        // A wrapped id cannot be copied; the other columns give way instead.
        if let Some(id) = table.column_mut(0) {
            id.set_constraint(ColumnConstraint::ContentWidth);
        }
        finish(&mut table)
    }
}

impl Render for Page<User> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(style, &["ID", "EMAIL", "NAME", "ROLE", "STATE", "CREATED"]);
        for user in &self.items {
            table.add_row(vec![
                Cell::new(user.id),
                Cell::new(&user.email),
                Cell::new(&user.name),
                Cell::new(user.role),
                state(style, user),
                // The day is enough in a list; `users show` has the time.
                Cell::new(user.created_at.format("%Y-%m-%d")),
            ]);
        }
        // A wrapped id cannot be copied; the other columns give way instead.
        if let Some(id) = table.column_mut(0) {
            id.set_constraint(ColumnConstraint::ContentWidth);
        }
        finish(&mut table)
    }
}
