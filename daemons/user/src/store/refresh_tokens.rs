//! The `refresh_tokens` table: one row per issued refresh token, holding only its hash.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::refresh_tokens;
use super::types::UuidText;
use super::{Conn, dispatch};
use crate::error::UserError;

/// A refresh token as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub family_id: String,
    #[diesel(deserialize_as = UuidText)]
    pub user_id: Uuid,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A token to store.
#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    pub id: String,
    pub token_hash: &'a str,
    pub family_id: &'a str,
    pub user_id: String,
    pub access_jti: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub async fn insert(conn: &mut Conn<'_>, new: &NewRefreshToken<'_>) -> Result<(), UserError> {
    dispatch!(conn, |c| {
        diesel::insert_into(refresh_tokens::table)
            .values(new)
            .execute(c)
            .await?
    });
    Ok(())
}

pub async fn find_by_hash(
    conn: &mut Conn<'_>,
    token_hash: &str,
) -> Result<Option<RefreshTokenRow>, UserError> {
    Ok(dispatch!(conn, |c| {
        refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(token_hash))
            .select(RefreshTokenRow::as_select())
            .get_result(c)
            .await
            .optional()?
    }))
}

/// Spends a token. `false` when it was already spent or revoked, which includes losing a race
/// against a concurrent use of the same token: the condition is re-checked by the UPDATE itself.
pub async fn mark_used(
    conn: &mut Conn<'_>,
    id: &str,
    at: NaiveDateTime,
) -> Result<bool, UserError> {
    let updated = dispatch!(conn, |c| {
        diesel::update(
            refresh_tokens::table
                .find(id)
                .filter(refresh_tokens::used_at.is_null())
                .filter(refresh_tokens::revoked_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(at))
        .execute(c)
        .await?
    });
    Ok(updated == 1)
}

/// Revokes every live token of a family; returns how many.
pub async fn revoke_family(
    conn: &mut Conn<'_>,
    family_id: &str,
    at: NaiveDateTime,
) -> Result<usize, UserError> {
    Ok(dispatch!(conn, |c| {
        diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::family_id.eq(family_id))
                .filter(refresh_tokens::revoked_at.is_null()),
        )
        .set(refresh_tokens::revoked_at.eq(at))
        .execute(c)
        .await?
    }))
}

/// Revokes every live token of a user except those of `keep_family`; returns how many.
pub async fn revoke_user(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    keep_family: Option<&str>,
    at: NaiveDateTime,
) -> Result<usize, UserError> {
    let user_id = user_id.to_string();
    // An empty string matches no family, which keeps one query shape for both cases.
    let keep = keep_family.unwrap_or("");
    Ok(dispatch!(conn, |c| {
        diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::user_id.eq(&user_id))
                .filter(refresh_tokens::family_id.ne(keep))
                .filter(refresh_tokens::revoked_at.is_null()),
        )
        .set(refresh_tokens::revoked_at.eq(at))
        .execute(c)
        .await?
    }))
}

/// The family of the session an access token was issued in (by its `jti`), if that session's
/// token is on record.
pub async fn family_of_access(
    conn: &mut Conn<'_>,
    user_id: Uuid,
    access_jti: &str,
) -> Result<Option<String>, UserError> {
    let user_id = user_id.to_string();
    Ok(dispatch!(conn, |c| {
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(&user_id))
            .filter(refresh_tokens::access_jti.eq(access_jti))
            .select(refresh_tokens::family_id)
            .first::<String>(c)
            .await
            .optional()?
    }))
}

/// Deletes up to `limit` sessions (whole families) whose every token expired before
/// `cutoff`; returns how many tokens went. A family with one live token keeps its spent ones,
/// so presenting a spent token still revokes the session for as long as the session could be
/// used.
pub async fn purge_expired(
    conn: &mut Conn<'_>,
    cutoff: NaiveDateTime,
    limit: i64,
) -> Result<usize, UserError> {
    let families: Vec<String> = dispatch!(conn, |c| {
        refresh_tokens::table
            .group_by(refresh_tokens::family_id)
            .having(diesel::dsl::max(refresh_tokens::expires_at).lt(cutoff))
            .select(refresh_tokens::family_id)
            .limit(limit)
            .load(c)
            .await?
    });
    if families.is_empty() {
        return Ok(0);
    }
    Ok(dispatch!(conn, |c| {
        diesel::delete(refresh_tokens::table.filter(refresh_tokens::family_id.eq_any(&families)))
            .execute(c)
            .await?
    }))
}
