//! The outbox and inbox tables (kit migration `00000000000001_events`), in types both backends
//! implement: ids as text, times as UTC `Timestamp`.

diesel::table! {
    /// Events waiting to be published, written in the transaction of the change they announce.
    outbox (id) {
        id -> Text,
        event_type -> Text,
        envelope -> Text,
        created_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    /// Events a consumer has applied, keyed by consumer and event id.
    inbox (consumer, event_id) {
        consumer -> Text,
        event_id -> Text,
        event_type -> Text,
        processed_at -> Timestamp,
    }
}

/// Now, in UTC, to the microsecond: what PostgreSQL stores, so both backends compare alike.
pub(crate) fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}
