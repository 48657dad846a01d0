//! Money: integer minor units plus an ISO 4217 currency code, never floats.

use serde::{Deserialize, Serialize};

/// An amount of money, `{"amount": 1299, "currency": "EUR"}` for 12.99 EUR.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// In the currency's minor units (cents for EUR, yen for JPY).
    pub amount: i64,
    /// ISO 4217 code, upper case.
    pub currency: String,
}

/// The currencies the store accepts, with their number of minor-unit digits.
pub const CURRENCIES: &[(&str, u32)] = &[
    ("AUD", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("JPY", 0),
    ("NOK", 2),
    ("NZD", 2),
    ("PLN", 2),
    ("SEK", 2),
    ("USD", 2),
];

/// The number of minor-unit digits of `currency`, or `None` when the store does not take it.
pub fn minor_digits(currency: &str) -> Option<u32> {
    CURRENCIES
        .iter()
        .find(|(code, _)| *code == currency)
        .map(|(_, digits)| *digits)
}

impl Money {
    pub fn new(amount: i64, currency: impl Into<String>) -> Money {
        Money {
            amount,
            currency: currency.into(),
        }
    }
}

impl std::fmt::Display for Money {
    /// `12.99 EUR`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = minor_digits(&self.currency).unwrap_or(2);
        if digits == 0 {
            return write!(f, "{} {}", self.amount, self.currency);
        }
        let scale = 10_i64.pow(digits);
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        let scale = scale.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:0width$} {}",
            abs / scale,
            abs % scale,
            self.currency,
            width = digits as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_in_major_units() {
        assert_eq!(Money::new(1299, "EUR").to_string(), "12.99 EUR");
        assert_eq!(Money::new(5, "USD").to_string(), "0.05 USD");
        assert_eq!(Money::new(-150, "GBP").to_string(), "-1.50 GBP");
        assert_eq!(Money::new(1500, "JPY").to_string(), "1500 JPY");
    }
}
