//! Parsers for flag values, so bad input is a usage error (exit 2) before anything is sent.

use bookstore_sdk::types::Role;
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

/// How many digits after the decimal point a currency's amounts have (ISO 4217).
pub fn currency_exponent(currency: &str) -> u32 {
    match currency.to_ascii_uppercase().as_str() {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// A price typed as a decimal in the currency's units (`12.99`), as the API's integer minor
/// units (`1299`). Exact: no floating point on the way.
pub fn minor_units(text: &str, currency: &str) -> Result<i64, String> {
    let exponent = currency_exponent(currency);
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || text.ends_with('.') {
        return Err(format!("`{text}` is not an amount like 12.99"));
    }
    if fraction.len() > exponent as usize {
        return Err(match exponent {
            0 => format!("{currency} amounts have no decimals"),
            n => format!("{currency} amounts have at most {n} decimals"),
        });
    }
    let padded = format!("{whole}{fraction:0<width$}", width = exponent as usize);
    padded
        .parse::<i64>()
        .map_err(|_| format!("`{text}` is too large"))
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn decimals_become_minor_units() {
        assert_eq!(minor_units("12.99", "EUR").unwrap(), 1299);
        assert_eq!(minor_units("12.9", "EUR").unwrap(), 1290);
        assert_eq!(minor_units("12", "eur").unwrap(), 1200);
        assert_eq!(minor_units("0.05", "USD").unwrap(), 5);
        assert_eq!(minor_units(" 007.50 ", "GBP").unwrap(), 750);
        assert_eq!(minor_units("1500", "JPY").unwrap(), 1500);
        assert_eq!(minor_units("1.234", "KWD").unwrap(), 1234);
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
