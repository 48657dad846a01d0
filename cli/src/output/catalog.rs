//! How books, authors and genres print.

use bookstore_sdk::types::{Author, Book, Genre, Page};
use comfy_table::{Cell, Color, ColumnConstraint, Table};

use super::Render;
use super::table::{Style, finish, list_table, record_table, styled};
use super::users::time;

/// Authors as one line: `Frank Herbert, Brian Herbert`.
fn authors(book: &Book) -> String {
    book.authors
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sold out stands out.
fn stock(style: &Style, stock: i64) -> Cell {
    if stock > 0 {
        Cell::new(stock)
    } else {
        styled(style, stock, Color::Red)
    }
}

/// A wrapped id cannot be copied; the other columns give way instead.
fn keep_ids_whole(table: &mut Table, column: usize) {
    if let Some(id) = table.column_mut(column) {
        id.set_constraint(ColumnConstraint::ContentWidth);
    }
}

impl Render for Book {
    fn human(&self, style: &Style) -> String {
        let mut rows = vec![
            ("ID", Cell::new(self.id)),
            ("ISBN", Cell::new(&self.isbn)),
            ("Title", Cell::new(&self.title)),
        ];
        let optional = [
            ("Subtitle", self.subtitle.clone()),
            ("Authors", Some(authors(self)).filter(|a| !a.is_empty())),
            (
                "Genres",
                Some(
                    self.genres
                        .iter()
                        .map(|g| g.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                )
                .filter(|g| !g.is_empty()),
            ),
            ("Language", self.language.clone()),
            ("Pages", self.pages.map(|p| p.to_string())),
            ("Published", self.published_on.map(|d| d.to_string())),
            ("Publisher", self.publisher.clone()),
        ];
        rows.extend(
            optional
                .into_iter()
                .filter_map(|(name, value)| Some((name, Cell::new(value?)))),
        );
        rows.extend([
            ("Price", Cell::new(&self.price)),
            ("Stock", stock(style, self.stock)),
            ("Version", Cell::new(self.version)),
            ("Created", Cell::new(time(&self.created_at))),
            ("Updated", Cell::new(time(&self.updated_at))),
        ]);
        if let Some(description) = &self.description {
            rows.push(("Description", Cell::new(description)));
        }
        let mut table = record_table(style, rows);
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

impl Render for Page<Book> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(style, &["ID", "TITLE", "AUTHORS", "PRICE", "STOCK"]);
        for book in &self.items {
            table.add_row(vec![
                Cell::new(book.id),
                Cell::new(&book.title),
                Cell::new(authors(book)),
                Cell::new(&book.price),
                stock(style, book.stock),
            ]);
        }
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

impl Render for Author {
    fn human(&self, style: &Style) -> String {
        let mut rows = vec![
            ("ID", Cell::new(self.id)),
            ("Name", Cell::new(&self.name)),
            ("Books", Cell::new(self.book_count)),
            ("Created", Cell::new(time(&self.created_at))),
            ("Updated", Cell::new(time(&self.updated_at))),
        ];
        if let Some(bio) = &self.bio {
            rows.push(("Bio", Cell::new(bio)));
        }
        let mut table = record_table(style, rows);
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

impl Render for Page<Author> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(style, &["ID", "NAME", "BOOKS"]);
        for author in &self.items {
            table.add_row(vec![
                Cell::new(author.id),
                Cell::new(&author.name),
                Cell::new(author.book_count),
            ]);
        }
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

impl Render for Genre {
    fn human(&self, style: &Style) -> String {
        let mut table = record_table(
            style,
            vec![
                ("ID", Cell::new(self.id)),
                ("Slug", Cell::new(&self.slug)),
                ("Name", Cell::new(&self.name)),
                ("Books", Cell::new(self.book_count)),
            ],
        );
        keep_ids_whole(&mut table, 0);
        finish(&mut table)
    }
}

impl Render for Page<Genre> {
    fn human(&self, style: &Style) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut table = list_table(style, &["SLUG", "NAME", "BOOKS", "ID"]);
        for genre in &self.items {
            table.add_row(vec![
                Cell::new(&genre.slug),
                Cell::new(&genre.name),
                Cell::new(genre.book_count),
                Cell::new(genre.id),
            ]);
        }
        keep_ids_whole(&mut table, 3);
        finish(&mut table)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use bookstore_sdk::types::{AuthorRef, GenreRef, Money};
    use chrono::{NaiveDate, TimeZone, Utc};
    use uuid::Uuid;

    use super::*;
    use crate::args::Format;
    use crate::output::render;

    const ID: &str = "0193a6f0-0000-7000-8000-00000000b001";

    fn book() -> Book {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
        Book {
            id: Uuid::parse_str(ID).unwrap(),
            isbn: "9780441013593".into(),
            title: "Dune".into(),
            subtitle: None,
            description: Some("Sand.".into()),
            authors: vec![AuthorRef {
                id: Uuid::nil(),
                name: "Frank Herbert".into(),
            }],
            genres: vec![GenreRef {
                id: Uuid::nil(),
                slug: "science-fiction".into(),
                name: "Science fiction".into(),
            }],
            language: Some("en".into()),
            pages: None,
            published_on: NaiveDate::from_ymd_opt(1965, 8, 1),
            publisher: None,
            price: Money::new(1299, "EUR"),
            stock: 0,
            version: 3,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_book_prints_what_it_has() {
        let text = render(Format::Table, &Style::default(), &book()).unwrap();
        assert_eq!(
            text,
            format!(
                "ID           {ID}\n\
                 ISBN         9780441013593\n\
                 Title        Dune\n\
                 Authors      Frank Herbert\n\
                 Genres       science-fiction\n\
                 Language     en\n\
                 Published    1965-08-01\n\
                 Price        12.99 EUR\n\
                 Stock        0\n\
                 Version      3\n\
                 Created      2026-11-26 10:00 UTC\n\
                 Updated      2026-11-26 10:00 UTC\n\
                 Description  Sand.\n"
            )
        );
    }

    #[test]
    fn a_page_of_books_is_a_table_and_its_json_the_wire_form() {
        let page = Page {
            items: vec![book()],
            next_cursor: Some("c2".into()),
        };
        let text = render(Format::Table, &Style::default(), &page).unwrap();
        assert_eq!(
            text,
            format!(
                "ID                                    TITLE  AUTHORS        PRICE      STOCK\n\
                 {ID}  Dune   Frank Herbert  12.99 EUR  0\n"
            )
        );
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &Style::default(), &page).unwrap()).unwrap();
        assert_eq!(json["items"][0]["price"]["amount"], 1299);
        assert_eq!(json["items"][0]["version"], 3);
        assert_eq!(json["next_cursor"], "c2");
        let empty: Page<Book> = Page {
            items: vec![],
            next_cursor: None,
        };
        assert_eq!(
            render(Format::Table, &Style::default(), &empty).unwrap(),
            ""
        );
    }

    #[test]
    fn genres_lead_with_the_slug() {
        let page = Page {
            items: vec![Genre {
                id: Uuid::nil(),
                slug: "poetry".into(),
                name: "Poetry".into(),
                book_count: 12,
            }],
            next_cursor: None,
        };
        let text = render(Format::Table, &Style::default(), &page).unwrap();
        assert_eq!(
            text,
            "SLUG    NAME    BOOKS  ID\n\
             poetry  Poetry  12     00000000-0000-0000-0000-000000000000\n"
        );
    }
}
