//! Redaction of what goes into the payment log: secrets by the name of their field, card
//! numbers wherever they appear. The providers already leave credentials out of what they
//! log; this is the second line, applied to every document on its way into the table.

use serde_json::Value;

/// Field names whose values are never kept, compared case-insensitively with `-` and `_`
/// ignored: credentials, and the fields a card number would travel in.
const SECRET_FIELDS: &[&str] = &[
    "authorization",
    "apikey",
    "secret",
    "clientsecret",
    "password",
    "accesstoken",
    "refreshtoken",
    "webhooksecret",
    "cardnumber",
    "number",
    "cvc",
    "cvv",
    "securitycode",
];

/// What a redacted value reads as.
pub const REDACTED: &str = "[redacted]";

/// `value` with secret fields replaced by [`REDACTED`] and card numbers by their last four
/// digits.
pub fn redacted(mut value: Value) -> Value {
    redact(&mut value);
    value
}

fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_field(key) && !v.is_null() {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        Value::String(text) => {
            if let Some(masked) = mask_card_numbers(text) {
                *text = masked;
            }
        }
        _ => {}
    }
}

fn is_secret_field(key: &str) -> bool {
    let folded: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_FIELDS.contains(&folded.as_str())
        || folded.ends_with("secret")
        || folded.ends_with("apikey")
}

/// `text` with every run of 12 to 19 digits (spaces and dashes allowed between them) cut
/// down to `••••1234`; `None` when there is none.
fn mask_card_numbers(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The longest run of digits and single separators starting here.
        let mut end = i;
        let mut digits = String::new();
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            if c.is_ascii_digit() {
                digits.push(c);
                end = j + 1;
            } else if (c == ' ' || c == '-') && j + 1 < chars.len() && chars[j + 1].is_ascii_digit()
            {
                // a separator inside the run
            } else {
                break;
            }
            j += 1;
        }
        // A number inside a longer token (a UUID's digit groups, an id) is no card number.
        let alnum = |k: usize| chars.get(k).is_some_and(|c| c.is_alphanumeric());
        let inside_token = (i > 0 && alnum(i - 1))
            || alnum(end)
            || (matches!(chars.get(end), Some('-')) && alnum(end + 1));
        if (12..=19).contains(&digits.len()) && !inside_token && luhn_valid(&digits) {
            out.push_str("••••");
            out.push_str(&digits[digits.len() - 4..]);
            changed = true;
        } else {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    changed.then_some(out)
}

/// The check every card number passes, so that other long numbers are left alone.
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secrets_go_by_field_name() {
        let value = redacted(json!({
            "Authorization": "Bearer sk_test_123",
            "client_secret": "pi_1_secret_2",
            "headers": {"api-key": "k", "Idempotency-Key": "payment-1-charge"},
            "stripe_webhook_secret": "whsec",
            "amount": 1299,
            "absent_secret": null,
        }));
        assert_eq!(value["Authorization"], REDACTED);
        assert_eq!(value["client_secret"], REDACTED);
        assert_eq!(value["headers"]["api-key"], REDACTED);
        assert_eq!(value["headers"]["Idempotency-Key"], "payment-1-charge");
        assert_eq!(value["stripe_webhook_secret"], REDACTED);
        assert_eq!(value["amount"], 1299);
        assert!(value["absent_secret"].is_null());
    }

    #[test]
    fn card_numbers_keep_only_their_last_four() {
        let value = redacted(json!({
            "note": "paid with 4242 4242 4242 4242 today",
            "list": ["4000-0000-0000-0002"],
            "order": "0190d9a4-7e2b-7c4c-8f3e-1d2c3b4a5f60",
            "key": "payment-01a23573-4317-7246-aa36-f4e5271d70a8-charge",
            "digits": "11111111-2222-3333-4444-55555555555a",
            "time": "1700000000",
        }));
        assert_eq!(value["note"], "paid with ••••4242 today");
        assert_eq!(value["list"][0], "••••0002");
        assert_eq!(value["order"], "0190d9a4-7e2b-7c4c-8f3e-1d2c3b4a5f60");
        assert_eq!(value["time"], "1700000000");
        assert_eq!(
            value["key"],
            "payment-01a23573-4317-7246-aa36-f4e5271d70a8-charge"
        );
        assert_eq!(value["digits"], "11111111-2222-3333-4444-55555555555a");
    }
}
