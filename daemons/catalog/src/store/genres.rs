//! The `genres` table.

use bookstore_sdk::types::Genre;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::{book_genres, genres};
use super::{Conn, UuidText, dispatch, is_unique_violation};
use crate::domain::{GenreName, Slug};
use crate::error::CatalogError;

/// A genre as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = genres)]
pub struct GenreRow {
    #[diesel(deserialize_as = UuidText)]
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

impl GenreRow {
    pub fn into_genre(self, book_count: i64) -> Genre {
        Genre {
            id: self.id,
            slug: self.slug,
            name: self.name,
            book_count,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = genres)]
struct NewGenreRow<'a> {
    id: String,
    slug: &'a str,
    name: &'a str,
    created_at: NaiveDateTime,
}

/// Inserts a genre; [`CatalogError::GenreSlugTaken`] when the slug is in use.
pub async fn insert(
    conn: &mut Conn<'_>,
    name: &GenreName,
    slug: &Slug,
) -> Result<GenreRow, CatalogError> {
    let id = Uuid::now_v7();
    let row = NewGenreRow {
        id: id.to_string(),
        slug: slug.as_str(),
        name: name.as_str(),
        created_at: super::now(),
    };
    dispatch!(conn, |c| {
        diesel::insert_into(genres::table)
            .values(&row)
            .execute(c)
            .await
            .map_err(|e| {
                if is_unique_violation(&e, "genres_slug_key", "genres.slug") {
                    CatalogError::GenreSlugTaken
                } else {
                    e.into()
                }
            })?
    });
    Ok(GenreRow {
        id,
        slug: slug.as_str().to_owned(),
        name: name.as_str().to_owned(),
    })
}

/// A genre by id, or by slug when `key` is not a UUID.
pub async fn find(conn: &mut Conn<'_>, key: &str) -> Result<Option<GenreRow>, CatalogError> {
    let by_id = Uuid::parse_str(key).is_ok();
    Ok(dispatch!(conn, |c| {
        let query = genres::table.select(GenreRow::as_select()).into_boxed();
        let query = if by_id {
            query.filter(genres::id.eq(key.to_lowercase()))
        } else {
            query.filter(genres::slug.eq(key))
        };
        query.first(c).await.optional()?
    }))
}

/// The genres with these slugs (those that exist), kept from being deleted until the
/// transaction ends (on PostgreSQL `FOR KEY SHARE`; SQLite runs one writer at a time), so a
/// book linked to one never meets a genre deleted meanwhile.
pub async fn find_by_slugs(
    conn: &mut Conn<'_>,
    slugs: &[String],
) -> Result<Vec<GenreRow>, CatalogError> {
    let query = genres::table.filter(genres::slug.eq_any(slugs));
    Ok(match conn {
        Conn::Postgres(c) => {
            query
                .select(GenreRow::as_select())
                .for_key_share()
                .load(&mut **c)
                .await?
        }
        Conn::Sqlite(c) => query.select(GenreRow::as_select()).load(&mut **c).await?,
    })
}

pub async fn delete(conn: &mut Conn<'_>, id: Uuid) -> Result<bool, CatalogError> {
    let id = id.to_string();
    let deleted = dispatch!(conn, |c| {
        diesel::delete(genres::table.find(&id)).execute(c).await?
    });
    Ok(deleted == 1)
}

/// How many books each of `ids` has; genres with none are absent.
pub async fn book_counts(
    conn: &mut Conn<'_>,
    ids: &[String],
) -> Result<Vec<(String, i64)>, CatalogError> {
    Ok(dispatch!(conn, |c| {
        book_genres::table
            .filter(book_genres::genre_id.eq_any(ids))
            .group_by(book_genres::genre_id)
            .select((book_genres::genre_id, diesel::dsl::count_star()))
            .load(c)
            .await?
    }))
}

/// One page of genres in slug order, after `after`.
pub async fn list(
    conn: &mut Conn<'_>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<GenreRow>, CatalogError> {
    Ok(dispatch!(conn, |c| {
        let mut query = genres::table
            .select(GenreRow::as_select())
            .order(genres::slug.asc())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(genres::slug.gt(after));
        }
        query.load(c).await?
    }))
}

/// Locks the genre's row until the transaction ends, like `authors::lock`.
///
/// Backend-specific: `SELECT ... FOR UPDATE` on PostgreSQL; a plain read on SQLite.
pub async fn lock(conn: &mut Conn<'_>, id: Uuid) -> Result<Option<String>, CatalogError> {
    let query = genres::table.find(id.to_string()).select(genres::id);
    Ok(match conn {
        Conn::Postgres(c) => query.for_update().first(&mut **c).await.optional()?,
        Conn::Sqlite(c) => query.first(&mut **c).await.optional()?,
    })
}
