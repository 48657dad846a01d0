//! The `users` table: accounts, their credentials and roles.

use bookstore_sdk::types::{Role, User};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::users;
use super::types::{RoleText, UuidText};
use super::{Conn, dispatch};
use crate::domain::{DisplayName, Email};
use crate::error::UserError;

/// An account as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    #[diesel(deserialize_as = UuidText)]
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    #[diesel(deserialize_as = RoleText)]
    pub role: Role,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UserRow {
    pub fn is_active_admin(&self) -> bool {
        self.role == Role::Admin && !self.disabled
    }
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            email: row.email,
            name: row.name,
            role: row.role,
            disabled: row.disabled,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

/// A new account; the id is a UUID v7, so ids sort by creation time (the list's order).
#[derive(Debug)]
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub name: &'a DisplayName,
    pub password_hash: &'a str,
    pub role: Role,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct NewUserRow<'a> {
    id: String,
    email: &'a str,
    name: &'a str,
    name_folded: String,
    password_hash: &'a str,
    role: &'a str,
    disabled: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// The columns a change may set; `None` leaves a column alone.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct Changes {
    pub email: Option<String>,
    pub name: Option<String>,
    pub name_folded: Option<String>,
    pub password_hash: Option<String>,
    pub role: Option<String>,
    pub disabled: Option<bool>,
}

impl Changes {
    pub fn name(mut self, name: &DisplayName) -> Self {
        self.name = Some(name.as_str().to_owned());
        self.name_folded = Some(name.folded());
        self
    }
}

/// Email uniqueness is the table's only unique constraint besides the primary key (a UUID), so
/// any unique violation on `users` means the email is taken.
fn email_taken(e: diesel::result::Error) -> UserError {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => UserError::EmailTaken,
        other => other.into(),
    }
}

/// Inserts an account; [`UserError::EmailTaken`] when the email is in use.
pub async fn insert(conn: &mut Conn<'_>, new: &NewUser<'_>) -> Result<UserRow, UserError> {
    let now = super::now();
    let id = Uuid::now_v7();
    let row = NewUserRow {
        id: id.to_string(),
        email: new.email.as_str(),
        name: new.name.as_str(),
        name_folded: new.name.folded(),
        password_hash: new.password_hash,
        role: new.role.as_str(),
        disabled: false,
        created_at: now,
        updated_at: now,
    };
    dispatch!(conn, |c| {
        diesel::insert_into(users::table)
            .values(&row)
            .execute(c)
            .await
            .map_err(email_taken)?
    });
    Ok(UserRow {
        id,
        email: row.email.to_owned(),
        name: row.name.to_owned(),
        password_hash: row.password_hash.to_owned(),
        role: new.role,
        disabled: false,
        created_at: now,
        updated_at: now,
    })
}

pub async fn find(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<UserRow>, UserError> {
    let id = id.to_string();
    Ok(dispatch!(conn, |c| {
        users::table
            .find(&id)
            .select(UserRow::as_select())
            .get_result(c)
            .await
            .optional()?
    }))
}

pub async fn find_by_email(
    conn: &mut Conn<'_>,
    email: &Email,
) -> Result<Option<UserRow>, UserError> {
    Ok(dispatch!(conn, |c| {
        users::table
            .filter(users::email.eq(email.as_str()))
            .select(UserRow::as_select())
            .get_result(c)
            .await
            .optional()?
    }))
}

/// Applies `changes` and returns the row as it now is; [`UserError::UserNotFound`] when there
/// is no such account, [`UserError::EmailTaken`] when the new email is in use.
pub async fn update(conn: &mut Conn<'_>, id: Uuid, changes: Changes) -> Result<UserRow, UserError> {
    let key = id.to_string();
    let now = super::now();
    let updated = dispatch!(conn, |c| {
        diesel::update(users::table.find(&key))
            .set((&changes, users::updated_at.eq(now)))
            .execute(c)
            .await
            .map_err(email_taken)?
    });
    if updated == 0 {
        return Err(UserError::UserNotFound);
    }
    find(conn, id).await?.ok_or(UserError::UserNotFound)
}

/// How many accounts are admins and not disabled.
pub async fn count_active_admins(conn: &mut Conn<'_>) -> Result<i64, UserError> {
    Ok(dispatch!(conn, |c| {
        users::table
            .filter(users::role.eq(Role::Admin.as_str()))
            .filter(users::disabled.eq(false))
            .count()
            .get_result(c)
            .await?
    }))
}

/// Serialises transactions that change who is an admin, so that two concurrent demotions
/// cannot both see "another admin remains". Call it first inside the transaction.
///
/// Backend-specific: on PostgreSQL a transaction-scoped advisory lock (released at commit or
/// rollback); on SQLite nothing, because `transaction!` opens SQLite transactions with
/// `BEGIN IMMEDIATE`, which already admits one writer at a time.
pub async fn lock_admins(conn: &mut Conn<'_>) -> Result<(), UserError> {
    /// An arbitrary constant naming this lock within the user service's database.
    const ADMIN_LOCK: i64 = 0x0b00_c5e7_ad01;
    if let Conn::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(ADMIN_LOCK)
            .execute(&mut **c)
            .await?;
    }
    Ok(())
}

/// What `GET /users` asks for.
#[derive(Debug, Default)]
pub struct ListFilter {
    /// Lower-cased text to find in the email or the name.
    pub text: Option<String>,
    pub role: Option<Role>,
    /// Keyset: only ids after this one.
    pub after: Option<Uuid>,
    pub limit: i64,
}

/// One page of accounts in id order (creation order, ids being UUID v7). Keyset pagination:
/// rows inserted meanwhile never shift a page, they only appear at its end.
pub async fn list(conn: &mut Conn<'_>, filter: &ListFilter) -> Result<Vec<UserRow>, UserError> {
    let pattern = filter.text.as_deref().map(like_pattern);
    let after = filter.after.map(|id| id.to_string());
    Ok(dispatch!(conn, |c| {
        let mut query = users::table
            .select(UserRow::as_select())
            .order(users::id.asc())
            .limit(filter.limit)
            .into_boxed();
        if let Some(pattern) = &pattern {
            query = query.filter(
                users::email
                    .like(pattern.clone())
                    .escape('\\')
                    .or(users::name_folded.like(pattern.clone()).escape('\\')),
            );
        }
        if let Some(role) = filter.role {
            query = query.filter(users::role.eq(role.as_str()));
        }
        if let Some(after) = &after {
            query = query.filter(users::id.gt(after.clone()));
        }
        query.load(c).await?
    }))
}

/// `%text%` with LIKE's wildcards in `text` escaped, so `q=50%` means a literal percent sign.
fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(super::like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
