//! The catalog: search as you type, a genre filter and a sort order over cursor pages loaded as
//! the selection nears the end, the list beside the selected book.

use std::collections::VecDeque;
use std::time::Duration;

use bookstore_sdk::types::{Book, BookQuery, BookSort, Genre, Money, Page};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};
use uuid::Uuid;

use super::{pane, truncate};
use crate::action::Reply;
use crate::app::App;
use crate::components::input::Input;
use crate::components::scroll::Cursor;
use crate::net::{ActionKind, PAGE_SIZE, Task};
use crate::theme::Theme;

/// How long typing must pause before the search goes out.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);
/// How long the selection must rest on a book before it is read whole.
pub const BOOK_DEBOUNCE: Duration = Duration::from_millis(120);
/// The next page is asked for when the selection is this close to the end.
const MORE_AHEAD: usize = 20;
/// Whole books kept for the detail pane.
const CACHED_BOOKS: usize = 32;

/// What the list keeps of a book: enough for a row and the start of the detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookRow {
    pub id: Uuid,
    pub title: Box<str>,
    pub authors: Box<str>,
    pub price: Money,
    pub stock: i64,
}

impl From<&Book> for BookRow {
    fn from(book: &Book) -> Self {
        let authors: Vec<&str> = book.authors.iter().map(|a| a.name.as_str()).collect();
        BookRow {
            id: book.id,
            title: book.title.as_str().into(),
            authors: authors.join(", ").into(),
            price: book.price.clone(),
            stock: book.stock,
        }
    }
}

/// What the list is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    Idle,
    /// A new list (a search, a filter, a sort).
    First,
    /// The next page.
    More,
}

/// The catalog's state.
#[derive(Debug)]
pub struct Catalog {
    pub search: Input,
    /// Whether keys type into the search.
    pub searching: bool,
    /// The genre filter: slug and name.
    pub genre: Option<(String, String)>,
    pub sort: BookSort,
    pub rows: Vec<BookRow>,
    pub cursor: Cursor,
    next: Option<String>,
    /// Rises with each new list; answers for an older one are dropped.
    pub generation: u64,
    pub loading: Loading,
    pub error: Option<String>,
    pub genres: Vec<Genre>,
    cache: VecDeque<Book>,
    pub book_error: Option<(Uuid, String)>,
    /// The book's own page is open.
    pub open: bool,
    pub book_scroll: u16,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            search: Input::default(),
            searching: false,
            genre: None,
            sort: BookSort::Relevance,
            rows: Vec::new(),
            cursor: Cursor::default(),
            next: None,
            generation: 0,
            loading: Loading::Idle,
            error: None,
            genres: Vec::new(),
            cache: VecDeque::new(),
            book_error: None,
            open: false,
            book_scroll: 0,
        }
    }
}

impl Catalog {
    fn query(&self, cursor: Option<String>) -> BookQuery {
        let q = self.search.value.trim();
        BookQuery {
            q: (!q.is_empty()).then(|| q.to_owned()),
            genre: self.genre.as_ref().map(|(slug, _)| slug.clone()),
            sort: (self.sort != BookSort::Relevance).then_some(self.sort),
            limit: Some(PAGE_SIZE),
            cursor,
            ..BookQuery::default()
        }
    }

    /// A new list at once (a filter or sort changed, or asked again).
    pub fn reload(&mut self) -> Task {
        self.generation += 1;
        self.loading = Loading::First;
        self.error = None;
        Task::SearchBooks {
            generation: self.generation,
            query: self.query(None),
            append: false,
        }
    }

    /// The search text changed: a new list once typing pauses.
    pub fn typed(&mut self) -> Task {
        self.generation += 1;
        Task::After {
            delay: SEARCH_DEBOUNCE,
            action: Box::new(ActionKind::SearchDue(self.generation)),
        }
    }

    /// The debounce of `generation` is over: search, unless more was typed since.
    pub fn search_due(&mut self, generation: u64) -> Option<Task> {
        if generation != self.generation {
            return None;
        }
        self.loading = Loading::First;
        self.error = None;
        Some(Task::SearchBooks {
            generation,
            query: self.query(None),
            append: false,
        })
    }

    /// A page arrived; answers to an older list are dropped.
    pub fn loaded(
        &mut self,
        generation: u64,
        append: bool,
        result: Reply<Page<Book>>,
    ) -> Vec<Task> {
        if generation != self.generation {
            return Vec::new();
        }
        self.loading = Loading::Idle;
        match result {
            Ok(page) => {
                self.error = None;
                let rows = page.items.iter().map(BookRow::from);
                if append {
                    self.rows.extend(rows);
                } else {
                    self.rows = rows.collect();
                    self.cursor.reset();
                    self.book_scroll = 0;
                }
                // The list keeps rows only; the books of the page serve the detail pane.
                for book in page.items.into_iter().take(if append { 0 } else { 1 }) {
                    self.remember(book);
                }
                self.next = page.next_cursor;
                if append {
                    self.more().into_iter().collect()
                } else {
                    self.selection_changed()
                }
            }
            Err(e) => {
                self.error = Some(e);
                Vec::new()
            }
        }
    }

    /// The next page, when the selection is near the end and there is one.
    pub fn more(&mut self) -> Option<Task> {
        let near_end = self.cursor.selected + MORE_AHEAD >= self.rows.len();
        if self.loading != Loading::Idle || !near_end || self.error.is_some() {
            return None;
        }
        let next = self.next.clone()?;
        self.loading = Loading::More;
        Some(Task::SearchBooks {
            generation: self.generation,
            query: self.query(Some(next)),
            append: true,
        })
    }

    /// Whether more pages follow.
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }

    /// After the selection moved: the next page if due, the book once the selection rests.
    pub fn selection_changed(&mut self) -> Vec<Task> {
        self.book_scroll = 0;
        let mut tasks: Vec<Task> = self.more().into_iter().collect();
        if let Some(row) = self.selected()
            && self.book(row.id).is_none()
        {
            tasks.push(Task::After {
                delay: BOOK_DEBOUNCE,
                action: Box::new(ActionKind::BookDue(row.id)),
            });
        }
        tasks
    }

    /// The selection rested on `id`: read it, unless it moved on or is known.
    pub fn book_due(&mut self, id: Uuid) -> Option<Task> {
        let selected = self.selected()?.id;
        (selected == id && self.book(id).is_none()).then_some(Task::LoadBook(id))
    }

    pub fn book_loaded(&mut self, result: Reply<Book>) {
        match result {
            Ok(book) => self.remember(book),
            Err(e) => {
                if let Some(row) = self.selected() {
                    self.book_error = Some((row.id, e));
                }
            }
        }
    }

    fn remember(&mut self, book: Book) {
        self.cache.retain(|b| b.id != book.id);
        if self.cache.len() >= CACHED_BOOKS {
            self.cache.pop_back();
        }
        self.cache.push_front(book);
    }

    pub fn selected(&self) -> Option<&BookRow> {
        self.rows.get(self.cursor.selected)
    }

    /// The whole book, when it has been read.
    pub fn book(&self, id: Uuid) -> Option<&Book> {
        self.cache.iter().find(|b| b.id == id)
    }

    /// The next sort order, starting a new list.
    pub fn next_sort(&mut self) -> Task {
        let all = BookSort::ALL;
        let at = all.iter().position(|s| *s == self.sort).unwrap_or(0);
        self.sort = all[(at + 1) % all.len()];
        self.reload()
    }

    /// What the list shows, for its title.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.value.trim().is_empty() {
            parts.push(format!("“{}”", self.search.value.trim()));
        }
        if let Some((_, name)) = &self.genre {
            parts.push(name.clone());
        }
        parts.push(format!("by {}", sort_name(self.sort)));
        parts.join(" · ")
    }
}

pub fn sort_name(sort: BookSort) -> &'static str {
    match sort {
        BookSort::Relevance => "relevance",
        BookSort::Title => "title A–Z",
        BookSort::TitleDesc => "title Z–A",
        BookSort::Price => "price ↑",
        BookSort::PriceDesc => "price ↓",
        BookSort::Newest => "newest",
        BookSort::Oldest => "oldest",
    }
}

/// The list pane (with the search line) and, when wide, the book beside it.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let catalog = &app.catalog;
    if catalog.open {
        render_book(app, frame, area, true);
        return;
    }
    if app.narrow() {
        render_list(app, frame, area);
        return;
    }
    let [list, book] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    render_list(app, frame, list);
    render_book(app, frame, book, false);
}

fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let catalog = &app.catalog;
    let count = if catalog.has_more() {
        format!("{}+", catalog.rows.len())
    } else {
        catalog.rows.len().to_string()
    };
    let title = format!(" Books ({count}) · {} ", catalog.describe());
    let block = pane(&title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [search, list, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let search_line = if catalog.searching || !catalog.search.value.is_empty() {
        let mut line = catalog.search.line(
            catalog.searching,
            usize::from(search.width).saturating_sub(2),
            theme,
        );
        line.spans.insert(0, Span::styled("/ ", theme.accent()));
        line
    } else {
        Line::styled(
            format!(
                "{} to search",
                app.keymap.label(crate::keys::Command::Search)
            ),
            theme.dim(),
        )
    };
    frame.render_widget(Paragraph::new(search_line), search);
    app.hits.list.set(list);

    let window = catalog
        .cursor
        .window(usize::from(list.height), catalog.rows.len());
    let rows: Vec<Row> = catalog.rows[window.clone()]
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let selected = window.start + i == catalog.cursor.selected;
            let stock = if row.stock > 0 {
                Span::raw(row.price.to_string())
            } else {
                Span::styled("sold out", theme.dim())
            };
            let style = if selected {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            Row::new(vec![
                Cell::from(row.title.to_string()),
                Cell::from(Span::styled(row.authors.to_string(), theme.dim())),
                Cell::from(Line::from(stock).right_aligned()),
            ])
            .style(style)
        })
        .collect();
    let author_width = (list.width / 4).clamp(8, 22);
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(author_width),
            Constraint::Length(10),
        ],
    )
    .column_spacing(1);
    frame.render_widget(table, list);

    let status_line = match (&catalog.error, catalog.loading) {
        (Some(e), _) => Line::from(vec![
            Span::styled("⚠ ", theme.error()),
            Span::styled(
                truncate(e, usize::from(status.width).saturating_sub(14)),
                theme.error(),
            ),
            Span::styled(
                format!(
                    " ({} retry)",
                    app.keymap.label(crate::keys::Command::Refresh)
                ),
                theme.dim(),
            ),
        ]),
        (None, Loading::First) => Line::styled("loading…", theme.dim()),
        (None, Loading::More) => Line::styled("loading more…", theme.dim()),
        (None, Loading::Idle) if catalog.rows.is_empty() && catalog.generation > 0 => {
            Line::styled("no books match", theme.dim())
        }
        (None, Loading::Idle) => Line::styled(
            format!(
                "{} of {count}",
                (catalog.cursor.selected + 1).min(catalog.rows.len())
            ),
            theme.dim(),
        ),
    };
    frame.render_widget(Paragraph::new(status_line), status);
}

/// The selected book: what the row knows at once, the rest once it has been read.
fn render_book(app: &App, frame: &mut Frame, area: Rect, page: bool) {
    let theme = app.theme;
    let catalog = &app.catalog;
    let Some(row) = catalog.selected() else {
        frame.render_widget(
            Block::bordered()
                .title(" Book ")
                .border_style(theme.border()),
            area,
        );
        return;
    };
    let block = pane(" Book ", page, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = book_lines(
        row,
        catalog.book(row.id),
        catalog.book_error.as_ref(),
        theme,
    );
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((catalog.book_scroll, 0));
    frame.render_widget(paragraph, inner);
}

fn book_lines(
    row: &BookRow,
    book: Option<&Book>,
    error: Option<&(Uuid, String)>,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(row.title.to_string(), theme.accent())];
    if let Some(subtitle) = book.and_then(|b| b.subtitle.clone()) {
        lines.push(Line::styled(subtitle, theme.bold()));
    }
    if !row.authors.is_empty() {
        lines.push(Line::from(format!("by {}", row.authors)));
    }
    lines.push(Line::default());
    let stock = if row.stock > 0 {
        Span::styled(format!("{} in stock", row.stock), theme.good())
    } else {
        Span::styled("sold out", theme.error())
    };
    lines.push(Line::from(vec![
        Span::styled(row.price.to_string(), theme.bold()),
        Span::raw("  "),
        stock,
    ]));
    let Some(book) = book else {
        match error {
            Some((id, e)) if *id == row.id => lines.push(Line::styled(e.clone(), theme.error())),
            _ => lines.push(Line::styled("loading details…", theme.dim())),
        }
        return lines;
    };
    let mut facts = Vec::new();
    if !book.genres.is_empty() {
        let names: Vec<&str> = book.genres.iter().map(|g| g.name.as_str()).collect();
        facts.push(("Genres", names.join(", ")));
    }
    if let Some(publisher) = &book.publisher {
        facts.push(("Publisher", publisher.clone()));
    }
    if let Some(date) = book.published_on {
        facts.push(("Published", date.to_string()));
    }
    if let Some(pages) = book.pages {
        facts.push(("Pages", pages.to_string()));
    }
    if let Some(language) = &book.language {
        facts.push(("Language", language.clone()));
    }
    facts.push(("ISBN", book.isbn.clone()));
    for (name, value) in facts {
        lines.push(Line::from(vec![
            Span::styled(format!("{name:<10}"), theme.dim()),
            Span::raw(value),
        ]));
    }
    if let Some(description) = &book.description {
        lines.push(Line::default());
        for paragraph in description.lines() {
            lines.push(Line::from(paragraph.to_owned()));
        }
    }
    lines
}
