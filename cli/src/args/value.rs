//! Parsers for flag values, so bad input is a usage error (exit 2) before anything is sent.

use bookstore_sdk::types::money::{CURRENCIES, minor_digits};
use std::time::Duration;

use bookstore_sdk::types::{BookSort, OrderStatus, PaymentStatus, Role};
use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use uuid::Uuid;

/// A profile name: it names a file entry and a keyring entry, so letters, digits, `-` and `_`.
pub fn profile_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(s.to_owned())
    } else {
        Err("use 1 to 64 letters, digits, `-` or `_`".to_owned())
    }
}

/// An email address, checked only for its shape; the user service has the last word.
pub fn email(s: &str) -> Result<String, String> {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !s.contains(char::is_whitespace) =>
        {
            Ok(s.to_owned())
        }
        _ => Err("expected an email address like ada@example.com".to_owned()),
    }
}

/// Text that is not blank, trimmed.
pub fn non_empty(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        Err("must not be empty".to_owned())
    } else {
        Ok(s.to_owned())
    }
}

/// A UUID, with a message that says so.
pub fn uuid(s: &str) -> Result<Uuid, String> {
    Uuid::parse_str(s.trim()).map_err(|_| format!("`{s}` is not an id (a UUID)"))
}

/// `customer` or `admin`, listed in the help and completions.
pub fn role() -> impl TypedValueParser<Value = Role> {
    PossibleValuesParser::new([Role::Customer.as_str(), Role::Admin.as_str()])
        .try_map(|s| s.parse::<Role>())
}

/// A currency the store takes (ISO 4217, any case), upper-cased.
pub fn currency(s: &str) -> Result<String, String> {
    let code = s.trim().to_ascii_uppercase();
    if minor_digits(&code).is_some() {
        Ok(code)
    } else {
        let known: Vec<&str> = CURRENCIES.iter().map(|(code, _)| *code).collect();
        Err(format!(
            "unknown currency `{}` (the store takes {})",
            s.trim(),
            known.join(", ")
        ))
    }
}

/// A price typed as a decimal in the currency's units (`12.99`), as the API's integer minor
/// units (`1299`), with as many decimals as the currency has (`CURRENCIES`). Exact: no
/// floating point on the way.
pub fn minor_units(text: &str, currency: &str) -> Result<i64, String> {
    let code = self::currency(currency)?;
    let exponent = minor_digits(&code).unwrap_or(2);
    let text = text.trim();
    let (whole, fraction) = decimal_parts(text)?;
    if fraction.len() > exponent as usize {
        return Err(match exponent {
            0 => format!("{code} amounts have no decimals"),
            n => format!("{code} amounts have at most {n} decimals"),
        });
    }
    let padded = format!("{whole}{fraction:0<width$}", width = exponent as usize);
    padded
        .parse::<i64>()
        .map_err(|_| format!("`{text}` is too large"))
}

/// The whole and fractional digits of a non-negative decimal like `12.99`.
fn decimal_parts(text: &str) -> Result<(&str, &str), String> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if text.starts_with('-') {
        return Err(format!("`{text}` is negative"));
    }
    if whole.is_empty() || !digits(whole) || !digits(fraction) || text.ends_with('.') {
        return Err(format!("`{text}` is not an amount like 12.99"));
    }
    Ok((whole, fraction))
}

/// A price flag's text, checked for its shape (a non-negative decimal); it becomes minor units
/// once the currency is known.
pub fn amount(s: &str) -> Result<String, String> {
    let text = s.trim();
    decimal_parts(text)?;
    Ok(text.to_owned())
}

/// Minor units as the decimal a person types (`1299` EUR is `12.99`): the inverse of
/// [`minor_units`].
pub fn decimal(amount: i64, currency: &str) -> String {
    let digits = minor_digits(currency).unwrap_or(2);
    if digits == 0 {
        return amount.to_string();
    }
    let scale = 10_u64.pow(digits);
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = digits as usize
    )
}

/// A price bound for `--min-price` / `--max-price`: `9.99` (two decimals, the minor units of
/// most currencies), or `1500 JPY` with a currency whose minor units to use.
pub fn price_bound(s: &str) -> Result<i64, String> {
    let mut words = s.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(amount), None, None) => minor_units(amount, "EUR").map_err(|e| {
            if e.contains("decimals") {
                "at most 2 decimals (add a currency for others: `1.234 KWD`)".to_owned()
            } else {
                e
            }
        }),
        (Some(amount), Some(code), None) => minor_units(amount, code),
        _ => Err("expected an amount like 9.99, or 1500 JPY".to_owned()),
    }
}

/// An ISBN-13 or ISBN-10, hyphens and spaces allowed, checked by its check digit and returned
/// as the 13 digits the catalog stores (an ISBN-10 gains the `978` prefix).
pub fn isbn(s: &str) -> Result<String, String> {
    let compact: String = s
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let bytes = compact.as_bytes();
    let digit = |b: u8| u32::from(b - b'0');
    match bytes.len() {
        0 => Err("must not be empty".to_owned()),
        13 if bytes.iter().all(u8::is_ascii_digit) => {
            let sum: u32 = bytes
                .iter()
                .enumerate()
                .map(|(i, &b)| digit(b) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            if sum.is_multiple_of(10) {
                Ok(compact)
            } else {
                Err("invalid check digit".to_owned())
            }
        }
        10 if bytes[..9].iter().all(u8::is_ascii_digit)
            && (bytes[9].is_ascii_digit() || bytes[9] == b'X') =>
        {
            let sum: u32 = bytes
                .iter()
                .zip((1..=10).rev())
                .map(|(&b, weight)| weight * if b == b'X' { 10 } else { digit(b) })
                .sum();
            if !sum.is_multiple_of(11) {
                return Err("invalid check digit".to_owned());
            }
            let body = format!("978{}", &compact[..9]);
            let sum: u32 = body
                .bytes()
                .enumerate()
                .map(|(i, b)| digit(b) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            Ok(format!("{body}{}", (10 - sum % 10) % 10))
        }
        _ => Err(format!(
            "`{}` is not an ISBN (13 digits, or 10 for an old one)",
            s.trim()
        )),
    }
}

/// A genre slug: lower-case words joined by hyphens (`science-fiction`); upper case is
/// lowered.
pub fn slug(s: &str) -> Result<String, String> {
    let slug = s.trim().to_ascii_lowercase();
    let ok = !slug.is_empty()
        && slug.len() <= 100
        && slug
            .split('-')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(slug)
    } else {
        Err(format!(
            "`{}` is not a genre slug (lower-case words joined by hyphens, like science-fiction)",
            s.trim()
        ))
    }
}

/// A language as its ISO 639-1 code (`en`, `de`), lower-cased.
pub fn language(s: &str) -> Result<String, String> {
    let code = s.trim().to_ascii_lowercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(code)
    } else {
        Err(format!(
            "`{}` is not a language code (two letters, like en or de)",
            s.trim()
        ))
    }
}

/// A calendar date, `YYYY-MM-DD`.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{}` is not a date like 1965-08-01", s.trim()))
}

/// A page cursor as a previous page handed it out: opaque, but never blank, spaced or huge.
pub fn cursor(s: &str) -> Result<String, String> {
    let ok = !s.is_empty() && s.len() <= 1024 && s.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(s.to_owned())
    } else {
        Err("not a cursor (copy the one a previous page ended with)".to_owned())
    }
}

/// How books are ordered; the keys are listed in the help and completions.
pub fn book_sort() -> impl TypedValueParser<Value = BookSort> {
    PossibleValuesParser::new(BookSort::ALL.map(BookSort::as_str)).map(|s| {
        BookSort::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .unwrap_or_default()
    })
}

/// A book as a person names it on the command line: its id, or its ISBN (looked up in the
/// catalog).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookRef {
    Id(Uuid),
    /// The 13 digits the catalog stores.
    Isbn(String),
}

impl std::fmt::Display for BookRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BookRef::Id(id) => write!(f, "{id}"),
            BookRef::Isbn(isbn) => write!(f, "ISBN {isbn}"),
        }
    }
}

/// A book id (a UUID) or an ISBN-13 or ISBN-10.
pub fn book_ref(s: &str) -> Result<BookRef, String> {
    let s = s.trim();
    if let Ok(id) = Uuid::parse_str(s) {
        return Ok(BookRef::Id(id));
    }
    let looks_like_isbn = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | 'x' | 'X'));
    match isbn(s) {
        Ok(isbn) => Ok(BookRef::Isbn(isbn)),
        Err(e) if looks_like_isbn => Err(format!("`{s}` is not an ISBN: {e}")),
        Err(_) => Err(format!("`{s}` is not a book id (a UUID) or an ISBN")),
    }
}

/// The most copies of one book a command line asks for in one go.
pub const MAX_QUANTITY: i64 = 1000;

/// A number of copies: 1 to [`MAX_QUANTITY`].
pub fn quantity(s: &str) -> Result<i64, String> {
    let s = s.trim();
    match s.parse::<i64>() {
        Ok(n) if (1..=MAX_QUANTITY).contains(&n) => Ok(n),
        Ok(_) => Err(format!("`{s}` copies: give 1 to {MAX_QUANTITY}")),
        Err(_) => Err(format!("`{s}` is not a number of copies")),
    }
}

/// One `--item` of an order: a book and how many copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemArg {
    pub book: BookRef,
    pub quantity: i64,
}

/// `BOOK[:QTY]`: a book id or ISBN, then optionally `:` and a number of copies (1 if none).
pub fn order_item(s: &str) -> Result<ItemArg, String> {
    let (book, quantity) = match s.rsplit_once(':') {
        Some((book, qty)) => (book, self::quantity(qty)?),
        None => (s, 1),
    };
    Ok(ItemArg {
        book: book_ref(book)?,
        quantity,
    })
}

/// A country as its ISO 3166-1 alpha-2 code (`DE`, `GB`), upper-cased.
pub fn country(s: &str) -> Result<String, String> {
    let code = s.trim().to_ascii_uppercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(format!(
            "`{}` is not a country code (two letters, like DE or GB)",
            s.trim()
        ))
    }
}

/// A span of time: `90s`, `2m`, `500ms`, `1h`, or a number of seconds.
pub fn duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let bad = || format!("`{s}` is not a duration like 60s, 2m or 500ms");
    let n: u64 = number.parse().map_err(|_| bad())?;
    let duration = match unit.trim() {
        "" | "s" => Duration::from_secs(n),
        "ms" => Duration::from_millis(n),
        "m" | "min" => Duration::from_secs(n.saturating_mul(60)),
        "h" => Duration::from_secs(n.saturating_mul(3600)),
        _ => return Err(bad()),
    };
    if duration.is_zero() {
        return Err("must be more than nothing".to_owned());
    }
    Ok(duration)
}

/// An order status; the names are listed in the help and completions.
pub fn order_status() -> impl TypedValueParser<Value = OrderStatus> {
    PossibleValuesParser::new(OrderStatus::ALL.map(OrderStatus::as_str))
        .try_map(|s| s.parse::<OrderStatus>())
}

/// A payment status; the names are listed in the help and completions.
pub fn payment_status() -> impl TypedValueParser<Value = PaymentStatus> {
    PossibleValuesParser::new(PaymentStatus::ALL.map(PaymentStatus::as_str))
        .try_map(|s| s.parse::<PaymentStatus>())
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn books_by_id_or_isbn() {
        let id = "0193a6f0-0000-7000-8000-00000000b001";
        assert_eq!(
            book_ref(id).unwrap(),
            BookRef::Id(Uuid::parse_str(id).unwrap())
        );
        assert_eq!(
            book_ref("978-0-441-01359-3").unwrap(),
            BookRef::Isbn("9780441013593".into())
        );
        assert_eq!(
            book_ref("0441013597").unwrap(),
            BookRef::Isbn("9780441013593".into())
        );
        assert_eq!(
            book_ref("9780441013594").unwrap_err(),
            "`9780441013594` is not an ISBN: invalid check digit"
        );
        assert_eq!(
            book_ref("dune").unwrap_err(),
            "`dune` is not a book id (a UUID) or an ISBN"
        );
    }

    #[test]
    fn order_items_take_an_optional_quantity() {
        let id = "0193a6f0-0000-7000-8000-00000000b001";
        let uuid = Uuid::parse_str(id).unwrap();
        assert_eq!(
            order_item(id).unwrap(),
            ItemArg {
                book: BookRef::Id(uuid),
                quantity: 1
            }
        );
        assert_eq!(order_item(&format!("{id}:3")).unwrap().quantity, 3);
        assert_eq!(
            order_item("9780441013593:2").unwrap(),
            ItemArg {
                book: BookRef::Isbn("9780441013593".into()),
                quantity: 2
            }
        );
        for (bad, message) in [
            (format!("{id}:0"), "`0` copies: give 1 to 1000"),
            (format!("{id}:-2"), "`-2` copies: give 1 to 1000"),
            (format!("{id}:1001"), "`1001` copies: give 1 to 1000"),
            (format!("{id}:two"), "`two` is not a number of copies"),
            (format!("{id}:"), "`` is not a number of copies"),
            (format!("{id}:1.5"), "`1.5` is not a number of copies"),
            (":2".to_owned(), "`` is not a book id (a UUID) or an ISBN"),
        ] {
            assert_eq!(order_item(&bad).unwrap_err(), message, "{bad}");
        }
    }

    #[test]
    fn durations_and_countries() {
        assert_eq!(duration("60s").unwrap(), Duration::from_secs(60));
        assert_eq!(duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(duration("1h").unwrap(), Duration::from_secs(3600));
        for bad in ["", "s", "1.5s", "-1s", "10 years", "0s"] {
            assert!(duration(bad).is_err(), "{bad}");
        }
        assert_eq!(country(" de ").unwrap(), "DE");
        for bad in ["DEU", "D", "1A", ""] {
            assert!(country(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses() {
        let cmd = clap::Command::new("t");
        let order = |s: &str| order_status().parse_ref(&cmd, None, std::ffi::OsStr::new(s));
        assert_eq!(
            order("pending_payment").unwrap(),
            OrderStatus::PendingPayment
        );
        assert!(order("paid").is_err());
        let payment = |s: &str| payment_status().parse_ref(&cmd, None, std::ffi::OsStr::new(s));
        assert_eq!(payment("refunded").unwrap(), PaymentStatus::Refunded);
        assert!(payment("done").is_err());
    }

    #[test]
    fn decimals_become_minor_units() {
        assert_eq!(minor_units("12.99", "EUR").unwrap(), 1299);
        assert_eq!(minor_units("12.9", "EUR").unwrap(), 1290);
        assert_eq!(minor_units("12", "eur").unwrap(), 1200);
        assert_eq!(minor_units("0.05", "USD").unwrap(), 5);
        assert_eq!(minor_units(" 007.50 ", "GBP").unwrap(), 750);
        assert_eq!(minor_units("1500", "JPY").unwrap(), 1500);
        assert_eq!(minor_units("0", "CHF").unwrap(), 0);
    }

    #[test]
    fn minor_units_become_decimals_again() {
        for (amount, currency, text) in [
            (1299, "EUR", "12.99"),
            (5, "USD", "0.05"),
            (0, "GBP", "0.00"),
            (1500, "JPY", "1500"),
            (-150, "SEK", "-1.50"),
        ] {
            assert_eq!(decimal(amount, currency), text);
            if amount >= 0 {
                assert_eq!(minor_units(text, currency).unwrap(), amount);
            }
        }
    }

    #[test]
    fn currencies_are_the_stores() {
        assert_eq!(currency(" eur ").unwrap(), "EUR");
        assert_eq!(currency("JPY").unwrap(), "JPY");
        let err = currency("XYZ").unwrap_err();
        assert!(
            err.starts_with("unknown currency `XYZ` (the store takes AUD, CAD"),
            "{err}"
        );
        assert!(
            minor_units("1.234", "KWD")
                .unwrap_err()
                .starts_with("unknown currency")
        );
    }

    #[test]
    fn price_bounds() {
        assert_eq!(price_bound("9.99").unwrap(), 999);
        assert_eq!(price_bound("20").unwrap(), 2000);
        assert_eq!(price_bound("1500 JPY").unwrap(), 1500);
        assert_eq!(price_bound("1.5 usd").unwrap(), 150);
        assert!(price_bound("-1").unwrap_err().contains("negative"));
        assert!(price_bound("1.999").is_err());
        assert!(price_bound("1 2 3").is_err());
        assert!(price_bound("1 XYZ").is_err());
    }

    #[test]
    fn isbns_are_checked_and_made_13_digits() {
        assert_eq!(isbn("978-0-306-40615-7").unwrap(), "9780306406157");
        assert_eq!(isbn("9780441013593").unwrap(), "9780441013593");
        assert_eq!(isbn("979 10 90636 07 1").unwrap(), "9791090636071");
        // ISBN-10, with an X check digit too.
        assert_eq!(isbn("0-306-40615-2").unwrap(), "9780306406157");
        assert_eq!(isbn("0-8044-2957-x").unwrap(), "9780804429573");
        assert_eq!(isbn("9780306406158").unwrap_err(), "invalid check digit");
        assert_eq!(isbn("0306406153").unwrap_err(), "invalid check digit");
        assert_eq!(isbn("").unwrap_err(), "must not be empty");
        for bad in [
            "978030640615",
            "97803064061577",
            "978030640615X",
            "X306406152",
            "isbn",
        ] {
            assert!(isbn(bad).unwrap_err().contains("is not an ISBN"), "{bad}");
        }
    }

    #[test]
    fn slugs_languages_dates_cursors() {
        assert_eq!(slug("Science-Fiction").unwrap(), "science-fiction");
        for bad in ["", "a b", "-a", "a--b", "a_b", "é"] {
            assert!(slug(bad).is_err(), "{bad}");
        }
        assert_eq!(language("EN").unwrap(), "en");
        assert!(language("eng").is_err());
        assert_eq!(
            date("1965-08-01").unwrap(),
            NaiveDate::from_ymd_opt(1965, 8, 1).unwrap()
        );
        assert!(date("1965-13-01").is_err());
        assert!(date("01.08.1965").is_err());
        assert_eq!(cursor("eyJpZCI6MX0").unwrap(), "eyJpZCI6MX0");
        assert!(cursor("a b").is_err());
        assert!(cursor("").is_err());
    }

    #[test]
    fn sort_keys() {
        let cmd = clap::Command::new("t");
        let parse = |s: &str| book_sort().parse_ref(&cmd, None, std::ffi::OsStr::new(s));
        assert_eq!(parse("-price").unwrap(), BookSort::PriceDesc);
        assert_eq!(parse("newest").unwrap(), BookSort::Newest);
        assert!(parse("popularity").is_err());
    }

    #[test]
    fn bad_amounts_are_refused() {
        for (text, currency) in [
            ("12.999", "EUR"),
            ("1.5", "JPY"),
            ("-1", "EUR"),
            ("+1", "EUR"),
            ("1,50", "EUR"),
            ("12.", "EUR"),
            (".5", "EUR"),
            ("", "EUR"),
            ("1e3", "EUR"),
            ("99999999999999999999", "EUR"),
            ("1", "XYZ"),
        ] {
            assert!(minor_units(text, currency).is_err(), "{text} {currency}");
        }
        assert_eq!(
            minor_units("1.999", "EUR").unwrap_err(),
            "EUR amounts have at most 2 decimals"
        );
    }

    #[test]
    fn emails() {
        assert_eq!(email(" ada@example.com ").unwrap(), "ada@example.com");
        for bad in ["ada", "@example.com", "ada@", "a@b@c", "a da@example.com"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn profile_names() {
        assert!(profile_name("default").is_ok());
        assert!(profile_name("work_2-eu").is_ok());
        for bad in ["", "a/b", "..", "é", &"x".repeat(65)] {
            assert!(profile_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn uuids() {
        assert!(uuid("0193a6f0-0000-7000-8000-000000000001").is_ok());
        assert_eq!(uuid("12").unwrap_err(), "`12` is not an id (a UUID)");
    }

    #[test]
    fn roles_and_text() {
        let cmd = clap::Command::new("t");
        let parse = |s: &str| role().parse_ref(&cmd, None, std::ffi::OsStr::new(s));
        assert_eq!(parse("admin").unwrap(), Role::Admin);
        assert!(parse("Admin").is_err());
        assert_eq!(non_empty("  Ada ").unwrap(), "Ada");
        assert!(non_empty(" ").is_err());
    }
}
