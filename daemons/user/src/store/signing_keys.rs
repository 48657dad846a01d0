//! The `signing_keys` table: the Ed25519 keys access tokens are signed with, shared by every
//! replica through the database.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::schema::signing_keys;
use super::{Conn, dispatch};
use crate::error::UserError;

/// A signing key as stored; `pkcs8` is a secret.
#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct SigningKeyRow {
    pub kid: String,
    /// PKCS#8 DER, base64.
    pub pkcs8: String,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

impl std::fmt::Debug for SigningKeyRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKeyRow({})", self.kid)
    }
}

/// The key to sign with: the oldest one not retired. Every replica picks the same one, even if
/// two of them created a key at the same first start.
pub async fn current(conn: &mut Conn<'_>) -> Result<Option<SigningKeyRow>, UserError> {
    Ok(dispatch!(conn, |c| {
        signing_keys::table
            .filter(signing_keys::retired_at.is_null())
            .order((signing_keys::created_at.asc(), signing_keys::kid.asc()))
            .select(SigningKeyRow::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

/// The id of the key to sign with (see [`current`]), without the key.
pub async fn current_kid(conn: &mut Conn<'_>) -> Result<Option<String>, UserError> {
    Ok(dispatch!(conn, |c| {
        signing_keys::table
            .filter(signing_keys::retired_at.is_null())
            .order((signing_keys::created_at.asc(), signing_keys::kid.asc()))
            .select(signing_keys::kid)
            .first(c)
            .await
            .optional()?
    }))
}

pub async fn find(conn: &mut Conn<'_>, kid: &str) -> Result<Option<SigningKeyRow>, UserError> {
    Ok(dispatch!(conn, |c| {
        signing_keys::table
            .find(kid)
            .select(SigningKeyRow::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

/// Retires every key in use but `keep`; returns the ids retired.
pub async fn retire_others(
    conn: &mut Conn<'_>,
    keep: &str,
    at: NaiveDateTime,
) -> Result<Vec<String>, UserError> {
    Ok(dispatch!(conn, |c| {
        let kids: Vec<String> = signing_keys::table
            .filter(signing_keys::retired_at.is_null())
            .filter(signing_keys::kid.ne(keep))
            .select(signing_keys::kid)
            .load(c)
            .await?;
        diesel::update(signing_keys::table.filter(signing_keys::kid.eq_any(&kids)))
            .set(signing_keys::retired_at.eq(at))
            .execute(c)
            .await?;
        kids
    }))
}

/// Deletes the keys retired before `cutoff`; returns their ids.
pub async fn delete_retired_before(
    conn: &mut Conn<'_>,
    cutoff: NaiveDateTime,
) -> Result<Vec<String>, UserError> {
    Ok(dispatch!(conn, |c| {
        let kids: Vec<String> = signing_keys::table
            .filter(signing_keys::retired_at.lt(cutoff))
            .select(signing_keys::kid)
            .load(c)
            .await?;
        diesel::delete(signing_keys::table.filter(signing_keys::kid.eq_any(&kids)))
            .execute(c)
            .await?;
        kids
    }))
}

pub async fn insert(conn: &mut Conn<'_>, row: &SigningKeyRow) -> Result<(), UserError> {
    dispatch!(conn, |c| {
        diesel::insert_into(signing_keys::table)
            .values(row)
            .execute(c)
            .await?
    });
    Ok(())
}

/// The keys a verifier must know: those in use, and those retired after `since` (tokens they
/// signed may still be valid).
pub async fn published(
    conn: &mut Conn<'_>,
    since: NaiveDateTime,
) -> Result<Vec<SigningKeyRow>, UserError> {
    Ok(dispatch!(conn, |c| {
        signing_keys::table
            .filter(
                signing_keys::retired_at
                    .is_null()
                    .or(signing_keys::retired_at.gt(since)),
            )
            .order(signing_keys::created_at.asc())
            .select(SigningKeyRow::as_select())
            .load(c)
            .await?
    }))
}
