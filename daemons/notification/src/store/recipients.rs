//! `recipients`: the accounts the user service announced, each reader's channel choices, and
//! their message counter.

use bookstore_sdk::types::{Audience, Channel, Preferences, Role, Topic};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::recipients;
use super::{Conn, channels_text, dispatch, parse_channels};
use crate::error::NotificationError;

/// A reader as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = recipients)]
pub struct RecipientRow {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub disabled: bool,
    pub profile_at: NaiveDateTime,
    pub phone: Option<String>,
    pub account_channels: String,
    pub order_channels: String,
    pub promotion_channels: String,
    pub last_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl RecipientRow {
    /// The reader's choices.
    pub fn preferences(&self) -> Preferences {
        Preferences {
            phone: self.phone.clone(),
            account: parse_channels(&self.account_channels),
            orders: parse_channels(&self.order_channels),
            promotions: parse_channels(&self.promotion_channels),
        }
    }

    /// The channels the reader chose for `topic`.
    pub fn channels(&self, topic: Topic) -> Vec<Channel> {
        parse_channels(match topic {
            Topic::Account => &self.account_channels,
            Topic::Orders => &self.order_channels,
            Topic::Promotions => &self.promotion_channels,
        })
    }
}

/// An account as an event (or the user service) tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

/// A reader not yet known, with the default preferences.
fn new_row(account: &Account, profile_at: NaiveDateTime, now: NaiveDateTime) -> RecipientRow {
    let defaults = Preferences::default();
    RecipientRow {
        user_id: account.user_id.to_string(),
        email: account.email.clone(),
        name: account.name.clone(),
        role: account.role.as_str().to_owned(),
        disabled: account.disabled,
        profile_at,
        phone: None,
        account_channels: channels_text(&defaults.account),
        order_channels: channels_text(&defaults.orders),
        promotion_channels: channels_text(&defaults.promotions),
        last_seq: 0,
        created_at: now,
        updated_at: now,
    }
}

/// Records `account` as it was at `at`: a new reader gets the default preferences; a known
/// one takes the new email, name, role and flag unless what is stored is newer (events can
/// arrive out of order). The reader's own choices are never touched.
pub async fn upsert_account(
    conn: &mut Conn<'_>,
    account: &Account,
    at: NaiveDateTime,
) -> Result<(), NotificationError> {
    let now = super::now();
    let row = new_row(account, at, now);
    dispatch!(conn, |c| {
        diesel::insert_into(recipients::table)
            .values(&row)
            .on_conflict_do_nothing()
            .execute(c)
            .await?
    });
    dispatch!(conn, |c| {
        diesel::update(
            recipients::table
                .find(&row.user_id)
                .filter(recipients::profile_at.le(at)),
        )
        .set((
            recipients::email.eq(&row.email),
            recipients::name.eq(&row.name),
            recipients::role.eq(&row.role),
            recipients::disabled.eq(row.disabled),
            recipients::profile_at.eq(at),
            recipients::updated_at.eq(now),
        ))
        .execute(c)
        .await?
    });
    Ok(())
}

/// The reader `user_id`, if known.
pub async fn find(
    conn: &mut Conn<'_>,
    user_id: Uuid,
) -> Result<Option<RecipientRow>, NotificationError> {
    let id = user_id.to_string();
    let row = dispatch!(conn, |c| {
        recipients::table
            .find(&id)
            .select(RecipientRow::as_select())
            .first(c)
            .await
            .optional()?
    });
    Ok(row)
}

/// The names of those of `user_ids` who are known, by id: one query for a batch of emails.
pub async fn names(
    conn: &mut Conn<'_>,
    user_ids: &[String],
) -> Result<Vec<(String, String)>, NotificationError> {
    let rows = dispatch!(conn, |c| {
        recipients::table
            .filter(recipients::user_id.eq_any(user_ids))
            .select((recipients::user_id, recipients::name))
            .load(c)
            .await?
    });
    Ok(rows)
}

/// Stores `preferences` for `account`, creating the reader if the account's announcement has
/// not arrived yet (then what the token said stands in until it does: `profile_at` is the
/// epoch, so any announcement wins).
pub async fn set_preferences(
    conn: &mut Conn<'_>,
    account: &Account,
    preferences: &Preferences,
) -> Result<RecipientRow, NotificationError> {
    let now = super::now();
    let mut row = new_row(account, chrono::DateTime::UNIX_EPOCH.naive_utc(), now);
    row.phone = preferences.phone.clone();
    row.account_channels = channels_text(&preferences.account);
    row.order_channels = channels_text(&preferences.orders);
    row.promotion_channels = channels_text(&preferences.promotions);
    let stored = dispatch!(conn, |c| {
        diesel::insert_into(recipients::table)
            .values(&row)
            .on_conflict(recipients::user_id)
            .do_update()
            .set((
                recipients::phone.eq(excluded(recipients::phone)),
                recipients::account_channels.eq(excluded(recipients::account_channels)),
                recipients::order_channels.eq(excluded(recipients::order_channels)),
                recipients::promotion_channels.eq(excluded(recipients::promotion_channels)),
                recipients::updated_at.eq(excluded(recipients::updated_at)),
            ))
            .returning(RecipientRow::as_returning())
            .get_result(c)
            .await?
    });
    Ok(stored)
}

/// Takes the reader's next message number. The row stays locked until the transaction ends,
/// so the reader's messages commit in number order.
pub async fn next_seq(conn: &mut Conn<'_>, user_id: Uuid) -> Result<i64, NotificationError> {
    let id = user_id.to_string();
    let seq = dispatch!(conn, |c| {
        diesel::update(recipients::table.find(&id))
            .set(recipients::last_seq.eq(recipients::last_seq + 1))
            .returning(recipients::last_seq)
            .get_result(c)
            .await?
    });
    Ok(seq)
}

/// Takes the next message number of each of `user_ids` (known readers) in one statement.
pub async fn next_seqs(
    conn: &mut Conn<'_>,
    user_ids: &[String],
) -> Result<Vec<(String, i64)>, NotificationError> {
    let taken = dispatch!(conn, |c| {
        diesel::update(recipients::table.filter(recipients::user_id.eq_any(user_ids)))
            .set(recipients::last_seq.eq(recipients::last_seq + 1))
            .returning((recipients::user_id, recipients::last_seq))
            .get_results(c)
            .await?
    });
    Ok(taken)
}

/// Up to `limit` readers of `audience` who opted in to promotions, with ids after `after`,
/// in id order: one batch of a fan-out.
pub async fn opted_in_after(
    conn: &mut Conn<'_>,
    audience: Audience,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<RecipientRow>, NotificationError> {
    let rows = dispatch!(conn, |c| {
        let mut query = recipients::table
            .filter(recipients::promotion_channels.ne(""))
            .filter(recipients::disabled.eq(false))
            .select(RecipientRow::as_select())
            .order(recipients::user_id.asc())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(recipients::user_id.gt(after.to_owned()));
        }
        if let Some(role) = audience_role(audience) {
            query = query.filter(recipients::role.eq(role));
        }
        query.load(c).await?
    });
    Ok(rows)
}

/// How many readers of `audience` have opted in to promotions.
pub async fn count_opted_in(
    conn: &mut Conn<'_>,
    audience: Audience,
) -> Result<i64, NotificationError> {
    let count = dispatch!(conn, |c| {
        let mut query = recipients::table
            .filter(recipients::promotion_channels.ne(""))
            .filter(recipients::disabled.eq(false))
            .count()
            .into_boxed();
        if let Some(role) = audience_role(audience) {
            query = query.filter(recipients::role.eq(role));
        }
        query.get_result(c).await?
    });
    Ok(count)
}

fn audience_role(audience: Audience) -> Option<&'static str> {
    match audience {
        Audience::All => None,
        Audience::Customers => Some(Role::Customer.as_str()),
        Audience::Admins => Some(Role::Admin.as_str()),
    }
}
