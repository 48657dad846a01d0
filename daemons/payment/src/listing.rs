//! `GET /payments`: the query string parsed into a [`ListFilter`], every bad parameter
//! reported at once, and the opaque cursors that carry a page's position.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_sdk::types::PaymentStatus;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{Fields, PaymentError};
use crate::store::payments::ListFilter;

/// Page size when none is asked for, and the most a page may hold.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// `GET /payments`'s query string as sent (see `bookstore_sdk::types::PaymentQuery`).
/// Parameters arrive as text so that each mistake is a 400 naming its parameter.
#[derive(Debug, Default, Deserialize)]
pub struct RawPaymentQuery {
    pub order_id: Option<String>,
    pub status: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// A version tag, so a cursor of another format is refused rather than misread.
const CURSOR_TAG: &str = "p1";

/// Parses the query string; a 400 lists every bad parameter. The filter's `limit` is the
/// page size.
pub fn parse(raw: &RawPaymentQuery) -> Result<ListFilter, PaymentError> {
    let mut fields = Fields::default();
    let order_id = raw.order_id.as_deref().and_then(|v| {
        fields.check(
            "order_id",
            Uuid::parse_str(v.trim()).map_err(|_| "must be an order id (a UUID)".into()),
        )
    });
    let status = raw
        .status
        .as_deref()
        .and_then(|v| fields.check("status", v.trim().parse::<PaymentStatus>()));
    let limit = match raw.limit.as_deref() {
        None => Some(DEFAULT_LIMIT),
        Some(v) => fields.check(
            "limit",
            v.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| format!("must be between 1 and {MAX_LIMIT}")),
        ),
    };
    let before = raw
        .cursor
        .as_deref()
        .and_then(|c| fields.check("cursor", decode_cursor(c)));
    fields.finish()?;
    Ok(ListFilter {
        user_id: None,
        order_id,
        status,
        before,
        limit: i64::from(limit.unwrap_or(DEFAULT_LIMIT)),
    })
}

/// The cursor of the page after the payment `last`.
pub fn encode_cursor(last: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_TAG}|{last}"))
}

fn decode_cursor(cursor: &str) -> Result<Uuid, String> {
    URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let id = text.strip_prefix(CURSOR_TAG)?.strip_prefix('|')?;
            Uuid::parse_str(id).ok()
        })
        .ok_or_else(|| "is not a cursor this list returned".to_owned())
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(id)), Ok(id));
        for bad in [
            "",
            "!!",
            "cDJ8eA",
            &URL_SAFE_NO_PAD.encode(format!("b1|{id}")),
        ] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let raw = RawPaymentQuery {
            order_id: Some("order-1".into()),
            status: Some("paid".into()),
            limit: Some("0".into()),
            cursor: Some("nope".into()),
        };
        let Err(PaymentError::Validation(errors)) = parse(&raw) else {
            panic!("expected a validation error");
        };
        let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, ["order_id", "status", "limit", "cursor"]);
        let ok = parse(&RawPaymentQuery {
            status: Some("refunded".into()),
            ..RawPaymentQuery::default()
        })
        .unwrap();
        assert_eq!(ok.status, Some(PaymentStatus::Refunded));
        assert_eq!(ok.limit, 20);
    }
}
