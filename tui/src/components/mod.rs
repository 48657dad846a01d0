//! Pieces the screens are built of: text fields, scrolling lists, the header and the footer.

pub mod footer;
pub mod header;
pub mod input;
pub mod scroll;
