//! Authors: created by name (or by naming them in a new book), renamed, listed, and deleted
//! only when no book names them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_kit::db::Db;
use bookstore_sdk::types::{Author, AuthorQuery, AuthorUpdate, NewAuthor, Page};
use uuid::Uuid;

use crate::domain::{AuthorName, optional_text};
use crate::error::{CatalogError, Fields};
use crate::listing::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::store::authors::{self as repo, AuthorChanges, AuthorFilter, AuthorRow};
use crate::store::{Conn, books};
use crate::{on_conn, unit_of_work};

const BIO_MAX: usize = 10_000;

/// `POST /authors`.
pub async fn create(db: &Db, new: &NewAuthor) -> Result<Author, CatalogError> {
    let mut fields = Fields::default();
    let name = fields.check("name", AuthorName::parse(&new.name));
    let bio = fields.check("bio", optional_text(new.bio.as_deref(), BIO_MAX, true));
    fields.finish()?;
    let (Some(name), Some(bio)) = (name, bio) else {
        return Err(CatalogError::Internal(anyhow::anyhow!(
            "validated fields went missing"
        )));
    };
    let row = on_conn!(db, |conn| repo::insert(conn, &name, bio.as_deref()).await)?;
    Ok(row.into_author(0))
}

/// `GET /authors/{id}`.
pub async fn get(db: &Db, id: Uuid) -> Result<Author, CatalogError> {
    on_conn!(db, |conn| load(conn, id).await)
}

/// `PATCH /authors/{id}`. A new name is also written into the search text of the author's
/// books, in the same transaction.
pub async fn update(db: &Db, id: Uuid, update: &AuthorUpdate) -> Result<Author, CatalogError> {
    let mut fields = Fields::default();
    let name = update
        .name
        .as_deref()
        .and_then(|n| fields.check("name", AuthorName::parse(n)));
    let bio = update
        .bio
        .as_ref()
        .and_then(|b| fields.check("bio", optional_text(b.as_deref(), BIO_MAX, true)));
    fields.finish()?;
    let changes = AuthorChanges {
        name: name.as_ref().map(|n| n.as_str().to_owned()),
        name_folded: name.as_ref().map(AuthorName::folded),
        bio,
    };
    unit_of_work!(db, |conn| {
        if !repo::update(conn, id, &changes).await? {
            return Err(CatalogError::NotFound("author"));
        }
        if name.is_some() {
            let ids = books::ids_by_author(conn, id).await?;
            books::refresh_author_names(conn, &ids).await?;
        }
        load(conn, id).await
    })
}

/// `DELETE /authors/{id}`: refused while books name the author.
pub async fn delete(db: &Db, id: Uuid) -> Result<(), CatalogError> {
    unit_of_work!(db, |conn| {
        // Locked first on PostgreSQL, so a book being linked to the author now either
        // finishes first (and is counted) or waits and then fails its foreign key.
        repo::lock(conn, id)
            .await?
            .ok_or(CatalogError::NotFound("author"))?;
        let count = count_books(conn, id).await?;
        if count > 0 {
            return Err(CatalogError::InUse {
                what: "author",
                count,
            });
        }
        repo::delete(conn, id).await?;
        Ok(())
    })
}

/// `GET /authors`: one page in name order.
pub async fn list(db: &Db, query: &AuthorQuery) -> Result<Page<Author>, CatalogError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let mut fields = Fields::default();
    if !(1..=MAX_LIMIT).contains(&limit) {
        fields.push("limit", format!("must be between 1 and {MAX_LIMIT}"));
    }
    let after = query
        .cursor
        .as_deref()
        .and_then(|c| fields.check("cursor", decode_cursor(c)));
    fields.finish()?;
    let filter = AuthorFilter {
        text: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase),
        after,
        limit: i64::from(limit) + 1,
    };
    on_conn!(db, |conn| {
        let mut rows = repo::list(conn, &filter).await?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next_cursor = match rows.last() {
            Some(last) if more => Some(encode_cursor(last)),
            _ => None,
        };
        let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
        let counts = repo::book_counts(conn, &ids).await?;
        let items = rows
            .into_iter()
            .map(|row| {
                let count = counts
                    .iter()
                    .find(|(id, _)| *id == row.id.to_string())
                    .map_or(0, |(_, n)| *n);
                row.into_author(count)
            })
            .collect();
        Ok(Page { items, next_cursor })
    })
}

async fn load(conn: &mut Conn<'_>, id: Uuid) -> Result<Author, CatalogError> {
    let row = repo::find(conn, id)
        .await?
        .ok_or(CatalogError::NotFound("author"))?;
    let count = count_books(conn, id).await?;
    Ok(row.into_author(count))
}

async fn count_books(conn: &mut Conn<'_>, id: Uuid) -> Result<i64, CatalogError> {
    let counts = repo::book_counts(conn, &[id.to_string()]).await?;
    Ok(counts.first().map_or(0, |(_, n)| *n))
}

/// Cursors are opaque to clients: a tag, the last id and folded name seen, base64url.
const CURSOR_TAG: &str = "a1";

fn encode_cursor(last: &AuthorRow) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_TAG}|{}|{}", last.id, last.name_folded))
}

fn decode_cursor(cursor: &str) -> Result<(String, String), String> {
    URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let mut parts = text.splitn(3, '|');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(CURSOR_TAG), Some(id), Some(name)) if Uuid::parse_str(id).is_ok() => {
                    Some((name.to_owned(), id.to_owned()))
                }
                _ => None,
            }
        })
        .ok_or_else(|| "is not a cursor this list returned".to_owned())
}
