//! Table layouts: plain columns, fitted to the terminal and coloured there, unwrapped when piped.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

/// How human output may look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// stdout is a terminal: rows are fitted to its width.
    pub terminal: bool,
    /// Colours allowed (a terminal, no `--no-color`, no `NO_COLOR`).
    pub color: bool,
}

fn base(style: &Style) -> Table {
    let mut table = Table::new();
    // No borders even on a terminal: like `kubectl` and `gh`, columns separated by blanks keep
    // wide rows (UUIDs, emails) on one line, and the same text pipes cleanly into `awk`.
    table.load_preset(presets::NOTHING);
    if style.terminal {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    if !style.color {
        table.force_no_tty();
    }
    table
}

/// Rows of items under a header.
pub fn list_table(style: &Style, header: &[&str]) -> Table {
    let mut table = base(style);
    table.set_header(header.iter().map(|h| {
        let cell = Cell::new(h);
        if style.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    table
}

/// One record as `name  value` lines.
pub fn record_table(style: &Style, rows: Vec<(&str, Cell)>) -> Table {
    let mut table = base(style);
    for (name, value) in rows {
        let name = Cell::new(name);
        let name = if style.color {
            name.add_attribute(Attribute::Bold)
        } else {
            name
        };
        table.add_row(vec![name, value]);
    }
    table
}

/// A cell coloured when colours are allowed.
pub fn styled(style: &Style, text: impl ToString, color: Color) -> Cell {
    let cell = Cell::new(text.to_string());
    if style.color { cell.fg(color) } else { cell }
}

/// A table as printed text, with the final newline a table lacks.
pub fn finish(table: &mut Table) -> String {
    // Two blanks between columns and no indent, so `cut` and `awk` see the first column at
    // the start of the line.
    let last = table.column_count().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, if i == last { 0 } else { 2 }));
    }
    let mut text = table
        .to_string()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    text
}
