//! The `authors` table.

use std::collections::{BTreeMap, HashMap};

use bookstore_sdk::types::Author;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::schema::{authors, book_authors};
use super::{Conn, ROWS_PER_INSERT, UuidText, dispatch, is_unique_violation};
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

/// `None` is inserted as NULL, so that SQLite can insert many rows in one statement.
#[derive(Insertable)]
#[diesel(table_name = authors, treat_none_as_default_value = false)]
struct NewAuthorRow {
    id: String,
    name: String,
    name_folded: String,
    bio: Option<String>,
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
        name: name.as_str().to_owned(),
        name_folded: name.folded(),
        bio: bio.map(str::to_owned),
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
    let found = find_or_create_many(conn, names).await?;
    names
        .iter()
        .map(|n| {
            let folded = n.folded();
            found.get(&folded).cloned().ok_or_else(|| {
                CatalogError::Internal(anyhow::anyhow!("author {folded:?} vanished while linking"))
            })
        })
        .collect()
}

/// Like [`find_or_create`] for many names at once (repeats allowed): `(id, name)` by folded
/// name. Three statements whatever the number: the lookup, one multi-row insert of the new
/// names, and the lookup of those.
///
/// Backend-specific like `books::insert_many`: SQLite's multi-row insert runs on the
/// connection's own thread.
pub async fn find_or_create_many(
    conn: &mut Conn<'_>,
    names: &[AuthorName],
) -> Result<HashMap<String, (String, String)>, CatalogError> {
    // Sorted, so that two transactions creating the same names take them in the same order
    // (on PostgreSQL a duplicate waits for the transaction that inserted it first).
    let mut wanted: BTreeMap<String, &AuthorName> = BTreeMap::new();
    for name in names {
        wanted.entry(name.folded()).or_insert(name);
    }
    let mut found = HashMap::with_capacity(wanted.len());
    let folded: Vec<String> = wanted.keys().cloned().collect();
    lookup(conn, &folded, &mut found).await?;
    let now = super::now();
    let missing: Vec<NewAuthorRow> = wanted
        .iter()
        .filter(|(f, _)| !found.contains_key(*f))
        .map(|(f, n)| NewAuthorRow {
            id: Uuid::now_v7().to_string(),
            name: n.as_str().to_owned(),
            name_folded: f.clone(),
            bio: None,
            created_at: now,
            updated_at: now,
        })
        .collect();
    if missing.is_empty() {
        return Ok(found);
    }
    let created: Vec<String> = missing.iter().map(|r| r.name_folded.clone()).collect();
    // ON CONFLICT DO NOTHING: a concurrent creation of the same name is not an error; on
    // PostgreSQL it waits for that transaction and then finds its row below.
    match conn {
        Conn::Postgres(c) => {
            for chunk in missing.chunks(ROWS_PER_INSERT) {
                diesel::insert_into(authors::table)
                    .values(chunk)
                    .on_conflict(authors::name_folded)
                    .do_nothing()
                    .execute(&mut **c)
                    .await?;
            }
        }
        Conn::Sqlite(c) => {
            c.spawn_blocking(move |c| {
                for chunk in missing.chunks(ROWS_PER_INSERT) {
                    diesel::RunQueryDsl::execute(
                        diesel::insert_into(authors::table)
                            .values(chunk)
                            .on_conflict(authors::name_folded)
                            .do_nothing(),
                        c,
                    )?;
                }
                Ok(())
            })
            .await?;
        }
    }
    lookup(conn, &created, &mut found).await?;
    Ok(found)
}

/// An author found by [`lookup`]'s SQL.
#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    name_folded: String,
}

/// Adds the authors whose folded names are among `folded` to `found`, a chunk at a time (SQLite
/// binds every name of an `IN` list).
///
/// Backend-specific: on PostgreSQL the names are one array joined through `unnest`, in SQL of
/// its own (never a cached prepared statement), so that each is looked up in the unique index.
/// A cached `name_folded = ANY($1)` goes generic after a few runs, and a generic plan made while
/// the table was small (an import into an empty catalog) scans the whole table as it grows,
/// comparing every row with every name.
async fn lookup(
    conn: &mut Conn<'_>,
    folded: &[String],
    found: &mut HashMap<String, (String, String)>,
) -> Result<(), CatalogError> {
    for chunk in folded.chunks(ROWS_PER_INSERT) {
        let rows: Vec<Found> = match conn {
            Conn::Postgres(c) => {
                // FOR KEY SHARE: an author found here cannot be deleted before this
                // transaction ends, and one being deleted now is waited for and then not
                // found (so it is created again) rather than failing the link's foreign key.
                diesel::sql_query(
                    "SELECT a.id, a.name, a.name_folded \
                     FROM unnest($1) AS wanted (name_folded) JOIN authors a USING (name_folded) \
                     FOR KEY SHARE OF a",
                )
                .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(chunk)
                .load(&mut **c)
                .await?
            }
            Conn::Sqlite(c) => authors::table
                .filter(authors::name_folded.eq_any(chunk))
                .select((authors::id, authors::name, authors::name_folded))
                .load::<(String, String, String)>(&mut **c)
                .await?
                .into_iter()
                .map(|(id, name, name_folded)| Found {
                    id,
                    name,
                    name_folded,
                })
                .collect(),
        };
        found.extend(rows.into_iter().map(|f| (f.name_folded, (f.id, f.name))));
    }
    Ok(())
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
