//! Emails as a mailbox holds them (the test SMTP server's maildir, or the `.eml` files the
//! store writes without one), reduced to what the tests check.

use std::path::Path;

use bookstore_kit::testing::smtp;

/// One email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The recipient's address, without their name.
    pub to: String,
    pub subject: String,
    /// `<delivery id@domain>`: the same for every copy of one delivery.
    pub message_id: String,
}

impl Mail {
    /// The email `text`; panics when it lacks a header the tests rely on.
    pub fn parse(text: &str) -> Mail {
        let field =
            |name| smtp::header(text, name).unwrap_or_else(|| panic!("no {name} header in {text}"));
        let to = field("To");
        let to = match (to.rfind('<'), to.rfind('>')) {
            (Some(start), Some(end)) if start < end => to[start + 1..end].to_owned(),
            _ => to,
        };
        Mail {
            to,
            subject: field("Subject"),
            message_id: field("Message-ID"),
        }
    }
}

/// Every email in the folder `dir` (files whose names start with a dot are not written yet).
pub fn read(dir: &Path) -> Vec<Mail> {
    smtp::read_dir_texts(dir)
        .iter()
        .map(|text| Mail::parse(text))
        .collect()
}
