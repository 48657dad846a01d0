//! Values every repository needs the same way on both backends: the time to store, times
//! after it, and telling a unique violation apart.

use chrono::{NaiveDateTime, Timelike, Utc};

/// Now, at the microsecond precision PostgreSQL keeps, so a value read back (and a cursor made
/// from it) equals the one written on both backends.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

/// The latest time a service stores: 9999-12-31. Not `NaiveDateTime::MAX`, whose year
/// (+262142) neither sorts as text on SQLite nor fits every PostgreSQL client.
pub fn far_future() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// `from + ttl`, saturating at [`far_future`] instead of overflowing on absurd configurations.
pub fn after(from: NaiveDateTime, ttl: std::time::Duration) -> NaiveDateTime {
    chrono::Duration::from_std(ttl)
        .ok()
        .and_then(|d| from.checked_add_signed(d))
        .map_or_else(far_future, |t| t.min(far_future()))
}

/// Whether `e` is a unique violation of the constraint or index named `name`. PostgreSQL
/// reports the constraint's name; SQLite only the columns (`UNIQUE constraint failed:
/// books.isbn`), so `columns` is matched against its message.
pub fn is_unique_violation(e: &diesel::result::Error, name: &str, columns: &str) -> bool {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        ) => {
            info.constraint_name() == Some(name)
                || (info.constraint_name().is_none() && info.message().contains(columns))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_saturate_at_the_far_future() {
        let now = now();
        assert_eq!(now.nanosecond() % 1000, 0);
        assert_eq!(after(now, std::time::Duration::MAX), far_future());
        assert!(after(now, std::time::Duration::from_secs(1)) > now);
    }
}
