//! Genres: browse for everyone, administer for admins (`/api/v1/genres*`).

use futures_util::Stream;
use http::Method;

use crate::client::{Client, segment};
use crate::error::Result;
use crate::paging::paginate;
use crate::types::{Genre, NewGenre, Page, PageQuery};

/// The genre endpoints; from [`Client::genres`].
#[derive(Debug, Clone, Copy)]
pub struct GenresApi<'a> {
    client: &'a Client,
}

impl Client {
    /// The catalog's genres.
    pub fn genres(&self) -> GenresApi<'_> {
        GenresApi { client: self }
    }
}

impl GenresApi<'_> {
    /// `GET /genres`: one page.
    pub async fn list(&self, query: &PageQuery) -> Result<Page<Genre>> {
        self.client
            .api(Method::GET, "genres")
            .query(query)
            .json()
            .await
    }

    /// `GET /genres`: every genre, fetching pages as the stream is read.
    pub fn list_all(&self, query: PageQuery) -> impl Stream<Item = Result<Genre>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = PageQuery {
                cursor,
                ..query.clone()
            };
            async move { client.genres().list(&query).await }
        })
    }

    /// `GET /genres/{id-or-slug}`.
    pub async fn get(&self, id_or_slug: &str) -> Result<Genre> {
        self.client
            .api(Method::GET, &genre_path(id_or_slug))
            .json()
            .await
    }

    /// `POST /genres` (admin); the slug is derived from the name when not given.
    pub async fn create(&self, genre: &NewGenre) -> Result<Genre> {
        self.client
            .api(Method::POST, "genres")
            .body(genre)
            .json()
            .await
    }

    /// `DELETE /genres/{id-or-slug}` (admin); `409` while books are in the genre.
    pub async fn delete(&self, id_or_slug: &str) -> Result<()> {
        self.client
            .api(
                Method::DELETE,
                &format!("genres/{}", segment(id_or_slug.trim())),
            )
            .empty()
            .await
    }
}

fn genre_path(id_or_slug: &str) -> String {
    format!("genres/{}", segment(id_or_slug.trim()))
}
