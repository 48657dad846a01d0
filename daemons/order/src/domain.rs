//! Checking what a request asks for, before anything is reserved or stored: lines, the
//! shipping address and the payment method. Each failure names its field.

use std::collections::BTreeMap;

use bookstore_sdk::sandbox;
use bookstore_sdk::types::{Address, OrderLine, PaymentMethod};
use uuid::Uuid;

use crate::error::Fields;

/// The most lines an order or a cart may have, and copies per line.
pub const MAX_LINES: usize = 100;
pub const MAX_QUANTITY: i64 = 1000;

/// The providers an order may name; whether one is enabled is the payment service's to say.
pub const PROVIDERS: [&str; 3] = ["sandbox", "stripe", "paypal"];

/// A payment method fit to store and to send in an event: never a card number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPayment {
    pub provider: String,
    pub token: String,
    pub last4: Option<String>,
}

/// The lines in book-id order, repeated books merged; `field` prefixes the messages.
pub fn lines(fields: &mut Fields, field: &str, lines: &[OrderLine]) -> Vec<OrderLine> {
    if lines.is_empty() {
        fields.push(field, "must list at least one book");
        return Vec::new();
    }
    let mut merged: BTreeMap<Uuid, i64> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        if !(1..=MAX_QUANTITY).contains(&line.quantity) {
            fields.push(
                &format!("{field}[{i}].quantity"),
                format!("must be between 1 and {MAX_QUANTITY}"),
            );
            continue;
        }
        let total = merged.entry(line.book_id).or_default();
        *total = total.saturating_add(line.quantity);
    }
    if merged.len() > MAX_LINES {
        fields.push(field, format!("must list at most {MAX_LINES} books"));
    }
    if merged.values().any(|q| *q > MAX_QUANTITY) {
        fields.push(
            field,
            format!("must ask for at most {MAX_QUANTITY} copies of one book"),
        );
    }
    merged
        .into_iter()
        .map(|(book_id, quantity)| OrderLine { book_id, quantity })
        .collect()
}

/// The shipping address, trimmed; problems are reported as `shipping_address.<field>`.
pub fn address(fields: &mut Fields, address: &Address) -> Address {
    let mut text = |name: &str, value: &str, max: usize| -> String {
        let value = value.trim();
        if value.is_empty() {
            fields.push(&format!("shipping_address.{name}"), "must not be empty");
        } else if value.chars().count() > max {
            fields.push(
                &format!("shipping_address.{name}"),
                format!("must be at most {max} characters"),
            );
        } else if value.chars().any(char::is_control) {
            fields.push(
                &format!("shipping_address.{name}"),
                "must not contain control characters",
            );
        }
        value.to_owned()
    };
    let name = text("name", &address.name, 100);
    let line1 = text("line1", &address.line1, 200);
    let line2 = address
        .line2
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| text("line2", l, 200));
    let postal_code = text("postal_code", &address.postal_code, 16);
    let city = text("city", &address.city, 100);
    let country = address.country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        fields.push(
            "shipping_address.country",
            "must be a two-letter ISO 3166-1 country code, such as DE or GB",
        );
    }
    Address {
        name,
        line1,
        line2,
        postal_code,
        city,
        country,
    }
}

/// The payment method with a sandbox card turned into its token.
pub fn payment(fields: &mut Fields, method: &PaymentMethod) -> Option<CheckedPayment> {
    let provider = method.provider.trim().to_ascii_lowercase();
    if !PROVIDERS.contains(&provider.as_str()) {
        fields.push(
            "payment.provider",
            format!("must be one of {}", PROVIDERS.join(", ")),
        );
        return None;
    }
    let token = method.token.trim();
    if token.is_empty() || token.len() > 255 {
        fields.push("payment.token", "must be 1 to 255 characters");
        return None;
    }
    if provider == "sandbox" {
        return match sandbox::normalize(token) {
            Ok(t) => Some(CheckedPayment {
                provider,
                token: t.encode(),
                last4: Some(t.last4),
            }),
            Err(message) => {
                fields.push("payment.token", message);
                None
            }
        };
    }
    // A real provider's token is its own id for a stored method; a raw card number must never
    // reach the store (nor its logs).
    if sandbox::looks_like_card_number(token) {
        fields.push(
            "payment.token",
            format!("must be a {provider} payment-method token, not a card number"),
        );
        return None;
    }
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
    {
        fields.push(
            "payment.token",
            "must hold only letters, digits, `_`, `-` and `.`",
        );
        return None;
    }
    Some(CheckedPayment {
        provider,
        token: token.to_owned(),
        last4: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address_of(country: &str) -> Address {
        Address {
            name: " Ada Lovelace ".into(),
            line1: "12 St James's Square".into(),
            line2: Some("  ".into()),
            postal_code: "SW1Y 4JH".into(),
            city: "London".into(),
            country: country.into(),
        }
    }

    #[test]
    fn lines_merge_and_sort() {
        let a = Uuid::from_u128(2);
        let b = Uuid::from_u128(1);
        let mut fields = Fields::default();
        let merged = lines(
            &mut fields,
            "items",
            &[
                OrderLine {
                    book_id: a,
                    quantity: 1,
                },
                OrderLine {
                    book_id: b,
                    quantity: 2,
                },
                OrderLine {
                    book_id: a,
                    quantity: 3,
                },
            ],
        );
        assert!(fields.is_empty());
        assert_eq!(merged[0].book_id, b);
        assert_eq!(merged[1].quantity, 4);
        let mut fields = Fields::default();
        lines(
            &mut fields,
            "items",
            &[OrderLine {
                book_id: a,
                quantity: 0,
            }],
        );
        assert_eq!(fields.into_errors()[0].field, "items[0].quantity");
    }

    #[test]
    fn addresses_are_trimmed_and_checked() {
        let mut fields = Fields::default();
        let checked = address(&mut fields, &address_of("gb"));
        assert!(fields.is_empty());
        assert_eq!(checked.name, "Ada Lovelace");
        assert_eq!(checked.country, "GB");
        assert_eq!(checked.line2, None);
        let mut fields = Fields::default();
        address(&mut fields, &address_of("Britain"));
        assert_eq!(fields.into_errors()[0].field, "shipping_address.country");
    }

    #[test]
    fn card_numbers_become_tokens_and_never_pass_as_tokens() {
        let mut fields = Fields::default();
        let method = PaymentMethod {
            provider: "Sandbox".into(),
            token: "4242 4242 4242 4242".into(),
        };
        let checked = payment(&mut fields, &method).expect("a valid card");
        assert_eq!(checked.token, "tok_sandbox_ok_4242");
        assert_eq!(checked.last4.as_deref(), Some("4242"));
        let mut fields = Fields::default();
        let method = PaymentMethod {
            provider: "stripe".into(),
            token: "4242424242424242".into(),
        };
        assert!(payment(&mut fields, &method).is_none());
        assert_eq!(fields.into_errors()[0].field, "payment.token");
        let mut fields = Fields::default();
        let method = PaymentMethod {
            provider: "bitcoin".into(),
            token: "x".into(),
        };
        assert!(payment(&mut fields, &method).is_none());
    }
}
