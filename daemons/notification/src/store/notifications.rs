//! `notifications`: every message to a reader; the inbox is those with `in_app`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::notifications;
use super::{Conn, ROWS_PER_INSERT, dispatch};
use crate::error::NotificationError;

/// A message as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications, treat_none_as_default_value = false)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    pub seq: i64,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub data: String,
    pub order_id: Option<String>,
    pub order_status: Option<String>,
    pub promotion_id: Option<String>,
    pub channels: String,
    pub in_app: bool,
    pub source: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

/// Stores one message.
pub async fn insert(conn: &mut Conn<'_>, row: &NotificationRow) -> Result<(), NotificationError> {
    dispatch!(conn, |c| {
        diesel::insert_into(notifications::table)
            .values(row)
            .execute(c)
            .await?
    });
    Ok(())
}

/// Stores many messages at once.
pub async fn insert_many(
    conn: &mut Conn<'_>,
    rows: Vec<NotificationRow>,
) -> Result<(), NotificationError> {
    bookstore_kit::insert_chunks!(conn, notifications::table, rows, ROWS_PER_INSERT)
}

/// One page of `user_id`'s inbox, newest first: messages numbered below `before` (all when
/// `None`), only unread ones if asked.
pub async fn inbox(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    unread_only: bool,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<NotificationRow>, NotificationError> {
    let rows = dispatch!(conn, |c| {
        let mut query = notifications::table
            .filter(notifications::user_id.eq(user_id.to_string()))
            .filter(notifications::in_app.eq(true))
            .select(NotificationRow::as_select())
            .order(notifications::seq.desc())
            .limit(limit)
            .into_boxed();
        if unread_only {
            query = query.filter(notifications::read_at.is_null());
        }
        if let Some(before) = before {
            query = query.filter(notifications::seq.lt(before));
        }
        query.load(c).await?
    });
    Ok(rows)
}

/// `user_id`'s in-app messages numbered after `after`, oldest first: what the live stream
/// sends next.
pub async fn in_app_after(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    after: i64,
    limit: i64,
) -> Result<Vec<NotificationRow>, NotificationError> {
    let rows = dispatch!(conn, |c| {
        notifications::table
            .filter(notifications::user_id.eq(user_id.to_string()))
            .filter(notifications::seq.gt(after))
            .filter(notifications::in_app.eq(true))
            .select(NotificationRow::as_select())
            .order(notifications::seq.asc())
            .limit(limit)
            .load(c)
            .await?
    });
    Ok(rows)
}

/// The message `id` if it is `user_id`'s and in the inbox.
pub async fn find_in_inbox(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<NotificationRow>, NotificationError> {
    let row = dispatch!(conn, |c| {
        notifications::table
            .find(id.to_string())
            .filter(notifications::user_id.eq(user_id.to_string()))
            .filter(notifications::in_app.eq(true))
            .select(NotificationRow::as_select())
            .first(c)
            .await
            .optional()?
    });
    Ok(row)
}

/// Marks the message `id` read (once: a second call keeps the first time); `false` when it
/// is not `user_id`'s.
pub async fn mark_read(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    id: Uuid,
    at: NaiveDateTime,
) -> Result<bool, NotificationError> {
    let found = find_in_inbox(conn, user_id, id).await?.is_some();
    if found {
        dispatch!(conn, |c| {
            diesel::update(
                notifications::table
                    .find(id.to_string())
                    .filter(notifications::read_at.is_null()),
            )
            .set(notifications::read_at.eq(Some(at)))
            .execute(c)
            .await?
        });
    }
    Ok(found)
}

/// Marks every unread inbox message of `user_id` read; returns how many.
pub async fn mark_all_read(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    at: NaiveDateTime,
) -> Result<i64, NotificationError> {
    let marked = dispatch!(conn, |c| {
        diesel::update(
            notifications::table
                .filter(notifications::user_id.eq(user_id.to_string()))
                .filter(notifications::in_app.eq(true))
                .filter(notifications::read_at.is_null()),
        )
        .set(notifications::read_at.eq(Some(at)))
        .execute(c)
        .await?
    });
    Ok(i64::try_from(marked).unwrap_or(i64::MAX))
}

/// Unread inbox messages of `user_id`, and the number of their newest in-app message.
pub async fn summary(conn: &mut Conn<'_>, user_id: Uuid) -> Result<(i64, i64), NotificationError> {
    let id = user_id.to_string();
    let unread: i64 = dispatch!(conn, |c| {
        notifications::table
            .filter(notifications::user_id.eq(&id))
            .filter(notifications::in_app.eq(true))
            .filter(notifications::read_at.is_null())
            .count()
            .get_result(c)
            .await?
    });
    let last: Option<i64> = dispatch!(conn, |c| {
        notifications::table
            .filter(notifications::user_id.eq(&id))
            .filter(notifications::in_app.eq(true))
            .select(diesel::dsl::max(notifications::seq))
            .first(c)
            .await?
    });
    Ok((unread, last.unwrap_or(0)))
}

/// Of `user_ids`, those with an in-app message created at or after `since`: whose live
/// streams another process may have news for.
pub async fn readers_with_news(
    conn: &mut Conn<'_>,
    user_ids: &[String],
    since: NaiveDateTime,
) -> Result<Vec<String>, NotificationError> {
    let rows = dispatch!(conn, |c| {
        notifications::table
            .filter(notifications::user_id.eq_any(user_ids))
            .filter(notifications::created_at.ge(since))
            .filter(notifications::in_app.eq(true))
            .select(notifications::user_id)
            .distinct()
            .load(c)
            .await?
    });
    Ok(rows)
}

/// The messages `ids`, in no particular order.
pub async fn by_ids(
    conn: &mut Conn<'_>,
    ids: &[String],
) -> Result<Vec<NotificationRow>, NotificationError> {
    let rows = dispatch!(conn, |c| {
        notifications::table
            .filter(notifications::id.eq_any(ids))
            .select(NotificationRow::as_select())
            .load(c)
            .await?
    });
    Ok(rows)
}
