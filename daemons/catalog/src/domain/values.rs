//! Small validated values of a book, an author or a genre: names, texts, language, pages,
//! price and stock.

use bookstore_sdk::types::Money;
use bookstore_sdk::types::money::minor_digits;

/// Trimmed text that must not be empty, at most `max` characters, without control characters
/// (line breaks are allowed only where `multiline`).
fn text(raw: &str, max: usize, multiline: bool) -> Result<String, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("must not be empty".into());
    }
    if text.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err("must not contain control characters".into());
    }
    Ok(text.to_owned())
}

/// A required single-line text (a title): trimmed, not empty.
pub fn required_text(raw: &str, max: usize) -> Result<String, String> {
    text(raw, max, false)
}

/// An optional text: `None` stays `None`, and blank counts as absent (an empty subtitle is no
/// subtitle), so nothing stores `""`.
pub fn optional_text(
    raw: Option<&str>,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, String> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => text(t, max, multiline).map(Some),
    }
}

/// An author's name; the folded form is what makes names unique whatever their case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorName(String);

impl AuthorName {
    pub const MAX_LEN: usize = 200;

    pub fn parse(raw: &str) -> Result<AuthorName, String> {
        // Inner runs of spaces are collapsed, so `J.  R. R. Tolkien` is the same author.
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        text(&collapsed, Self::MAX_LEN, false).map(AuthorName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lower-cased by Rust, which folds all of Unicode (SQLite's `lower()` folds ASCII only).
    pub fn folded(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A genre's display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenreName(String);

impl GenreName {
    pub fn parse(raw: &str) -> Result<GenreName, String> {
        text(raw, 100, false).map(GenreName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 639-1 language code, lower case (`en`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language(String);

impl Language {
    /// Two letters, in either case. Only the shape is checked: the code list changes, the
    /// shape does not.
    pub fn parse(raw: &str) -> Result<Language, String> {
        let code = raw.trim();
        if code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic()) {
            Ok(Language(code.to_ascii_lowercase()))
        } else {
            Err("must be an ISO 639-1 code of two letters, like `en` or `de`".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A price: not negative, in a currency the store takes (see `bookstore_sdk::types::money`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    pub amount: i64,
    /// Upper case.
    pub currency: String,
}

impl Price {
    /// Field errors are `(suffix, message)`, the suffix being `amount` or `currency`.
    pub fn parse(money: &Money) -> Result<Price, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        if money.amount < 0 {
            errors.push(("amount", "must not be negative".to_owned()));
        }
        let currency = money.currency.trim().to_ascii_uppercase();
        if minor_digits(&currency).is_none() {
            let known: Vec<&str> = bookstore_sdk::types::money::CURRENCIES
                .iter()
                .map(|(c, _)| *c)
                .collect();
            errors.push((
                "currency",
                format!(
                    "`{}` is not a currency the store takes ({})",
                    money.currency,
                    known.join(", ")
                ),
            ));
        }
        if errors.is_empty() {
            Ok(Price {
                amount: money.amount,
                currency,
            })
        } else {
            Err(errors)
        }
    }
}

/// A page count: more than zero, and not absurd.
pub fn parse_pages(pages: i32) -> Result<i32, String> {
    if (1..=100_000).contains(&pages) {
        Ok(pages)
    } else {
        Err("must be between 1 and 100000".into())
    }
}

/// A number of copies: never negative.
pub fn parse_stock(stock: i64) -> Result<i64, String> {
    if stock < 0 {
        Err("must not be negative".into())
    } else {
        Ok(stock)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_blank_optional_text_is_absent() {
        assert_eq!(required_text("  Dune ", 10), Ok("Dune".into()));
        assert!(required_text("   ", 10).is_err());
        assert!(required_text("abcdefghijk", 10).is_err());
        assert!(required_text("a\nb", 10).is_err());
        assert_eq!(optional_text(Some("  "), 10, false), Ok(None));
        assert_eq!(
            optional_text(Some("a\nb"), 10, true),
            Ok(Some("a\nb".into()))
        );
    }

    #[test]
    fn author_names_fold_and_collapse_spaces() {
        let name = AuthorName::parse("  Ursula   K. Le Guin ").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(name.as_str(), "Ursula K. Le Guin");
        assert_eq!(name.folded(), "ursula k. le guin");
        assert_eq!(
            AuthorName::parse("ÉMILE Zola").map(|n| n.folded()),
            Ok("émile zola".into())
        );
    }

    #[test]
    fn languages_have_the_iso_639_1_shape() {
        assert_eq!(Language::parse("EN").map(|l| l.0), Ok("en".into()));
        for bad in ["", "eng", "e1", "e"] {
            assert!(Language::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn prices_need_a_known_currency_and_no_sign() {
        assert_eq!(
            Price::parse(&Money::new(1299, "eur")),
            Ok(Price {
                amount: 1299,
                currency: "EUR".into()
            })
        );
        let errors = Price::parse(&Money::new(-1, "XXX")).unwrap_err();
        assert_eq!(
            errors.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            ["amount", "currency"]
        );
    }

    #[test]
    fn pages_and_stock_are_bounded() {
        assert!(parse_pages(0).is_err());
        assert!(parse_pages(320).is_ok());
        assert!(parse_stock(-1).is_err());
        assert!(parse_stock(0).is_ok());
    }
}
