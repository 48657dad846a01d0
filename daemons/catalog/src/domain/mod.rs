//! Validated input: values that can only exist once parsed, so the rest of the service never
//! re-checks an ISBN, a price or a slug. Each parser's error is the message of a 400's field.

mod isbn;
mod slug;
mod values;

pub use isbn::Isbn;
pub use slug::Slug;
pub use values::{
    AuthorName, GenreName, Language, Price, optional_text, parse_pages, parse_stock, required_text,
};
