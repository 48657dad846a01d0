//! The `authors` table.

use bookstore_sdk::types::Author;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::{authors, book_authors};
use super::{Conn, UuidText, dispatch, is_unique_violation};
use crate::domain::AuthorName;
use crate::error::CatalogError;

/// An author as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = authors)]
pub struct AuthorRow {
    #[diesel(deserialize_as = UuidText)]
    pub id: Uuid,
    pub name: String,
    pub name_folded: String,
    pub bio: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AuthorRow {
    pub fn into_author(self, book_count: i64) -> Author {
        Author {
            id: self.id,
            name: self.name,
            bio: self.bio,
            book_count,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = authors)]
struct NewAuthorRow<'a> {
    id: String,
    name: &'a str,
    name_folded: String,
    bio: Option<&'a str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// The columns a `PATCH` may set.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = authors)]
pub struct AuthorChanges {
    pub name: Option<String>,
    pub name_folded: Option<String>,
    pub bio: Option<Option<String>>,
}

fn name_taken(e: diesel::result::Error) -> CatalogError {
    if is_unique_violation(&e, "authors_name_key", "authors.name_folded") {
        CatalogError::AuthorNameTaken
    } else {
        e.into()
    }
}

/// Inserts an author; [`CatalogError::AuthorNameTaken`] when the name is in use.
pub async fn insert(
    conn: &mut Conn<'_>,
    name: &AuthorName,
    bio: Option<&str>,
) -> Result<AuthorRow, CatalogError> {
    let now = super::now();
    let id = Uuid::now_v7();
    let row = NewAuthorRow {
        id: id.to_string(),
        name: name.as_str(),
        name_folded: name.folded(),
        bio,
        created_at: now,
        updated_at: now,
    };
    dispatch!(conn, |c| {
        diesel::insert_into(authors::table)
            .values(&row)
            .execute(c)
            .await
            .map_err(name_taken)?
    });
    Ok(AuthorRow {
        id,
        name: name.as_str().to_owned(),
        name_folded: row.name_folded,
        bio: bio.map(str::to_owned),
        created_at: now,
        updated_at: now,
    })
}

/// The ids and names of the authors called `names`, creating those that do not exist yet, in
/// the order given. An existing author keeps the spelling it was created with.
pub async fn find_or_create(
    conn: &mut Conn<'_>,
    names: &[AuthorName],
) -> Result<Vec<(String, String)>, CatalogError> {
    let now = super::now();
    let rows: Vec<NewAuthorRow<'_>> = names
        .iter()
        .map(|n| NewAuthorRow {
            id: Uuid::now_v7().to_string(),
            name: n.as_str(),
            name_folded: n.folded(),
            bio: None,
            created_at: now,
            updated_at: now,
        })
        .collect();
    let folded: Vec<String> = names.iter().map(AuthorName::folded).collect();
    let found: Vec<(String, String, String)> = dispatch!(conn, |c| {
        // ON CONFLICT DO NOTHING: a concurrent creation of the same name is not an error; on
        // PostgreSQL it waits for that transaction and then finds its row below.
        for row in &rows {
            diesel::insert_into(authors::table)
                .values(row)
                .on_conflict(authors::name_folded)
                .do_nothing()
                .execute(c)
                .await?;
        }
        authors::table
            .filter(authors::name_folded.eq_any(&folded))
            .select((authors::id, authors::name, authors::name_folded))
            .load(c)
            .await?
    });
    folded
        .iter()
        .map(|f| {
            found
                .iter()
                .find(|(_, _, stored)| stored == f)
                .map(|(id, name, _)| (id.clone(), name.clone()))
                .ok_or_else(|| {
                    CatalogError::Internal(anyhow::anyhow!("author {f:?} vanished while linking"))
                })
        })
        .collect()
}

pub async fn find(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<AuthorRow>, CatalogError> {
    let id = id.to_string();
    Ok(dispatch!(conn, |c| {
        authors::table
            .find(&id)
            .select(AuthorRow::as_select())
            .first(c)
            .await
            .optional()?
    }))
}

/// Applies `changes`; `false` when there is no such author.
pub async fn update(
    conn: &mut Conn<'_>,
    id: Uuid,
    changes: &AuthorChanges,
) -> Result<bool, CatalogError> {
    let id = id.to_string();
    let now = super::now();
    let updated = dispatch!(conn, |c| {
        diesel::update(authors::table.find(&id))
            .set((changes, authors::updated_at.eq(now)))
            .execute(c)
            .await
            .map_err(name_taken)?
    });
    Ok(updated == 1)
}

pub async fn delete(conn: &mut Conn<'_>, id: Uuid) -> Result<bool, CatalogError> {
    let id = id.to_string();
    let deleted = dispatch!(conn, |c| {
        diesel::delete(authors::table.find(&id)).execute(c).await?
    });
    Ok(deleted == 1)
}

/// How many books name each of `ids`; authors with none are absent.
pub async fn book_counts(
    conn: &mut Conn<'_>,
    ids: &[String],
) -> Result<Vec<(String, i64)>, CatalogError> {
    Ok(dispatch!(conn, |c| {
        book_authors::table
            .filter(book_authors::author_id.eq_any(ids))
            .group_by(book_authors::author_id)
            .select((book_authors::author_id, diesel::dsl::count_star()))
            .load(c)
            .await?
    }))
}

/// What `GET /authors` asks for.
#[derive(Debug, Default)]
pub struct AuthorFilter {
    /// Lower-cased text to find in the name.
    pub text: Option<String>,
    /// Keyset: only authors after this (folded name, id).
    pub after: Option<(String, String)>,
    pub limit: i64,
}

/// One page of authors in name order.
pub async fn list(
    conn: &mut Conn<'_>,
    filter: &AuthorFilter,
) -> Result<Vec<AuthorRow>, CatalogError> {
    let pattern = filter.text.as_deref().map(super::search::like_pattern);
    Ok(dispatch!(conn, |c| {
        let mut query = authors::table
            .select(AuthorRow::as_select())
            .order((authors::name_folded.asc(), authors::id.asc()))
            .limit(filter.limit)
            .into_boxed();
        if let Some(pattern) = &pattern {
            query = query.filter(authors::name_folded.like(pattern.clone()).escape('\\'));
        }
        if let Some((name, id)) = &filter.after {
            query = query.filter(
                authors::name_folded
                    .gt(name.clone())
                    .or(authors::name_folded
                        .eq(name.clone())
                        .and(authors::id.gt(id.clone()))),
            );
        }
        query.load(c).await?
    }))
}

/// Locks the author's row until the transaction ends; `None` when there is no such author.
///
/// Backend-specific: `SELECT ... FOR UPDATE` on PostgreSQL (a concurrent link to the author
/// holds a key-share lock on it, so this waits for that link to commit); on SQLite a plain
/// read, because `transaction!` opens SQLite transactions with `BEGIN IMMEDIATE`.
pub async fn lock(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<String>, CatalogError> {
    let query = authors::table.find(id.to_string()).select(authors::id);
    Ok(match conn {
        Conn::Postgres(c) => query.for_update().first(&mut **c).await.optional()?,
        Conn::Sqlite(c) => query.first(&mut **c).await.optional()?,
    })
}
