//! The genre picker: "all genres" and every genre of the catalog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use crate::app::App;
use crate::components::scroll::Cursor;
use crate::screens::{centered, pane};

/// The choices: `None` is every genre.
pub fn choices(app: &App) -> Vec<Option<(String, String)>> {
    let mut all = vec![None];
    all.extend(
        app.catalog
            .genres
            .iter()
            .map(|g| Some((g.slug.clone(), g.name.clone()))),
    );
    all
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, cursor: &Cursor) {
    let theme = app.theme;
    let choices = choices(app);
    let height = (choices.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centered(area, 36, height);
    frame.render_widget(Clear, rect);
    let block = pane(" Genre ", true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let window = cursor.window(usize::from(inner.height), choices.len());
    let lines: Vec<Line> = choices[window.clone()]
        .iter()
        .enumerate()
        .map(|(i, choice)| {
            let name = match choice {
                None => "All genres".to_owned(),
                Some((slug, name)) => {
                    let count = app
                        .catalog
                        .genres
                        .iter()
                        .find(|g| &g.slug == slug)
                        .map_or(0, |g| g.book_count);
                    format!("{name} ({count})")
                }
            };
            let current = *choice == app.catalog.genre;
            let text = format!("{} {name}", if current { "•" } else { " " });
            if window.start + i == cursor.selected {
                Line::styled(text, theme.selected())
            } else {
                Line::from(text)
            }
        })
        .collect();
    let lines = if app.catalog.genres.is_empty() {
        vec![Line::styled("loading genres…", theme.dim())]
    } else {
        lines
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
