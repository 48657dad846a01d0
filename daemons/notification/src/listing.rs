//! The list endpoints' query strings, parsed with every bad parameter reported at once, and
//! the opaque cursors that carry a page's position.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_sdk::types::{Channel, DeliveryStatus};
use chrono::NaiveDateTime;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{Fields, NotificationError};
use crate::store::deliveries::Filter;

/// Page size when none is asked for, and the most a page may hold.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// `GET /notifications` as sent; parameters arrive as text so each mistake names itself.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInboxQuery {
    pub unread: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// The inbox page asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxQuery {
    pub unread: bool,
    /// Messages numbered below this.
    pub before: Option<i64>,
    pub limit: i64,
}

/// `GET /notifications/deliveries` as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeliveryQuery {
    pub status: Option<String>,
    pub channel: Option<String>,
    pub user_id: Option<String>,
    pub promotion_id: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// `GET /promotions` as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageQuery {
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

const INBOX_TAG: &str = "n1";
const TIMED_TAG: &str = "t1";

fn limit(fields: &mut Fields, raw: Option<&str>) -> i64 {
    let limit = match raw {
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
    i64::from(limit.unwrap_or(DEFAULT_LIMIT))
}

fn uuid(fields: &mut Fields, name: &str, raw: Option<&str>) -> Option<Uuid> {
    raw.and_then(|v| {
        fields.check(
            name,
            Uuid::parse_str(v.trim()).map_err(|_| "must be a UUID".to_owned()),
        )
    })
}

/// Parses the inbox query.
pub fn inbox(raw: &RawInboxQuery) -> Result<InboxQuery, NotificationError> {
    let mut fields = Fields::default();
    let unread = match raw.unread.as_deref().map(str::trim) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            fields.push("unread", "must be true or false");
            false
        }
    };
    let limit = limit(&mut fields, raw.limit.as_deref());
    let before = raw
        .cursor
        .as_deref()
        .and_then(|c| fields.check("cursor", decode_inbox_cursor(c)));
    fields.finish()?;
    Ok(InboxQuery {
        unread,
        before,
        limit,
    })
}

/// Parses the deliveries query; returns the filter and the page size.
pub fn deliveries(raw: &RawDeliveryQuery) -> Result<(Filter, i64), NotificationError> {
    let mut fields = Fields::default();
    let status = raw
        .status
        .as_deref()
        .and_then(|v| fields.check("status", v.trim().parse::<DeliveryStatus>()));
    let channel = raw.channel.as_deref().and_then(|v| {
        fields.check(
            "channel",
            match v.trim().parse::<Channel>() {
                Ok(Channel::InApp) => {
                    Err("in-app messages are not deliveries; use email or sms".into())
                }
                other => other,
            },
        )
    });
    let user_id = uuid(&mut fields, "user_id", raw.user_id.as_deref());
    let promotion_id = uuid(&mut fields, "promotion_id", raw.promotion_id.as_deref());
    let limit = limit(&mut fields, raw.limit.as_deref());
    let before = raw
        .cursor
        .as_deref()
        .and_then(|c| fields.check("cursor", decode_timed_cursor(c)));
    fields.finish()?;
    Ok((
        Filter {
            status,
            channel: channel.map(|c| c.as_str().to_owned()),
            user_id: user_id.map(|u| u.to_string()),
            promotion_id: promotion_id.map(|u| u.to_string()),
            before,
        },
        limit,
    ))
}

/// Parses a plain page query: the position and the page size.
pub fn page(
    raw: &RawPageQuery,
) -> Result<(Option<(NaiveDateTime, String)>, i64), NotificationError> {
    let mut fields = Fields::default();
    let limit = limit(&mut fields, raw.limit.as_deref());
    let before = raw
        .cursor
        .as_deref()
        .and_then(|c| fields.check("cursor", decode_timed_cursor(c)));
    fields.finish()?;
    Ok((before, limit))
}

/// The cursor of the inbox page after the message numbered `seq`.
pub fn inbox_cursor(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{INBOX_TAG}|{seq}"))
}

/// The cursor of the page after the row created at `at` with id `id`.
pub fn timed_cursor(at: NaiveDateTime, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "{TIMED_TAG}|{}|{id}",
        at.and_utc().timestamp_micros()
    ))
}

fn decode(cursor: &str, tag: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some(text.strip_prefix(tag)?.strip_prefix('|')?.to_owned())
}

const NOT_A_CURSOR: &str = "is not a cursor this list returned";

fn decode_inbox_cursor(cursor: &str) -> Result<i64, String> {
    decode(cursor, INBOX_TAG)
        .and_then(|rest| rest.parse::<i64>().ok())
        .filter(|seq| *seq > 0)
        .ok_or_else(|| NOT_A_CURSOR.to_owned())
}

fn decode_timed_cursor(cursor: &str) -> Result<(NaiveDateTime, String), String> {
    decode(cursor, TIMED_TAG)
        .and_then(|rest| {
            let (micros, id) = rest.split_once('|')?;
            let at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
            Uuid::parse_str(id).ok()?;
            Some((at, id.to_owned()))
        })
        .ok_or_else(|| NOT_A_CURSOR.to_owned())
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(decode_inbox_cursor(&inbox_cursor(42)), Ok(42));
        let at = bookstore_kit::db::now();
        let id = Uuid::now_v7().to_string();
        assert_eq!(
            decode_timed_cursor(&timed_cursor(at, &id)),
            Ok((at, id.clone()))
        );
        for bad in ["", "!!", "bjF8eA", &timed_cursor(at, &id)] {
            assert!(decode_inbox_cursor(bad).is_err(), "{bad}");
        }
        assert!(decode_timed_cursor(&inbox_cursor(3)).is_err());
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let Err(NotificationError::Validation(errors)) = deliveries(&RawDeliveryQuery {
            status: Some("lost".into()),
            channel: Some("in_app".into()),
            user_id: Some("ada".into()),
            promotion_id: None,
            limit: Some("101".into()),
            cursor: Some("nope".into()),
        }) else {
            panic!("expected a validation error");
        };
        let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, ["status", "channel", "user_id", "limit", "cursor"]);
        let ok = inbox(&RawInboxQuery {
            unread: Some("true".into()),
            ..RawInboxQuery::default()
        })
        .unwrap();
        assert_eq!(
            ok,
            InboxQuery {
                unread: true,
                before: None,
                limit: 20
            }
        );
    }
}
