//! Genres: created with a name and a slug (derived from the name when absent), listed, and
//! deleted only when no book has them.

use bookstore_kit::db::Db;
use bookstore_sdk::types::{Genre, NewGenre, Page, PageQuery};

use crate::domain::{GenreName, Slug};
use crate::error::{CatalogError, Fields};
use crate::listing::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::store::Conn;
use crate::store::genres::{self as repo, GenreRow};
use crate::{on_conn, unit_of_work};

/// `POST /genres`.
pub async fn create(db: &Db, new: &NewGenre) -> Result<Genre, CatalogError> {
    let mut fields = Fields::default();
    let name = fields.check("name", GenreName::parse(&new.name));
    let slug = match (&new.slug, &name) {
        (Some(slug), _) => fields.check("slug", Slug::parse(slug.trim())),
        (None, Some(name)) => fields.check("name", Slug::derive(name.as_str())),
        (None, None) => None,
    };
    fields.finish()?;
    let (Some(name), Some(slug)) = (name, slug) else {
        return Err(CatalogError::Internal(anyhow::anyhow!(
            "validated fields went missing"
        )));
    };
    let row = on_conn!(db, |conn| repo::insert(conn, &name, &slug).await)?;
    Ok(row.into_genre(0))
}

/// `GET /genres/{genre}`, by slug or id.
pub async fn get(db: &Db, key: &str) -> Result<Genre, CatalogError> {
    on_conn!(db, |conn| {
        let row = repo::find(conn, key)
            .await?
            .ok_or(CatalogError::NotFound("genre"))?;
        with_counts(conn, vec![row]).await
    })?
    .pop()
    .ok_or(CatalogError::NotFound("genre"))
}

/// `DELETE /genres/{genre}`: refused while books have the genre.
pub async fn delete(db: &Db, key: &str) -> Result<(), CatalogError> {
    unit_of_work!(db, |conn| {
        let row = repo::find(conn, key)
            .await?
            .ok_or(CatalogError::NotFound("genre"))?;
        repo::lock(conn, row.id).await?;
        let count = repo::book_counts(conn, &[row.id.to_string()])
            .await?
            .first()
            .map_or(0, |(_, n)| *n);
        if count > 0 {
            return Err(CatalogError::InUse {
                what: "genre",
                count,
            });
        }
        repo::delete(conn, row.id).await?;
        Ok(())
    })
}

/// `GET /genres`: one page in slug order.
pub async fn list(db: &Db, query: &PageQuery) -> Result<Page<Genre>, CatalogError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let mut fields = Fields::default();
    if !(1..=MAX_LIMIT).contains(&limit) {
        fields.push("limit", format!("must be between 1 and {MAX_LIMIT}"));
    }
    // The cursor is the last slug, base64url: slugs are unique and ordered.
    let after = query.cursor.as_deref().and_then(|c| {
        use base64::Engine as _;
        let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(c.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("g1|").map(str::to_owned))
            .ok_or_else(|| "is not a cursor this list returned".to_owned());
        fields.check("cursor", decoded)
    });
    fields.finish()?;
    on_conn!(db, |conn| {
        let mut rows = repo::list(conn, after.as_deref(), i64::from(limit) + 1).await?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next_cursor = match rows.last() {
            Some(last) if more => {
                use base64::Engine as _;
                Some(
                    base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .encode(format!("g1|{}", last.slug)),
                )
            }
            _ => None,
        };
        let items = with_counts(conn, rows).await?;
        Ok(Page { items, next_cursor })
    })
}

async fn with_counts(conn: &mut Conn<'_>, rows: Vec<GenreRow>) -> Result<Vec<Genre>, CatalogError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let counts = repo::book_counts(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let count = counts
                .iter()
                .find(|(id, _)| *id == row.id.to_string())
                .map_or(0, |(_, n)| *n);
            row.into_genre(count)
        })
        .collect())
}
