//! Authors: browse for everyone, administer for admins (`/api/v1/authors*`).

use futures_util::Stream;
use http::Method;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::paging::paginate;
use crate::types::{Author, AuthorQuery, AuthorUpdate, NewAuthor, Page};

/// The author endpoints; from [`Client::authors`].
#[derive(Debug, Clone, Copy)]
pub struct AuthorsApi<'a> {
    client: &'a Client,
}

impl Client {
    /// The catalog's authors.
    pub fn authors(&self) -> AuthorsApi<'_> {
        AuthorsApi { client: self }
    }
}

impl AuthorsApi<'_> {
    /// `GET /authors`: one page.
    pub async fn list(&self, query: &AuthorQuery) -> Result<Page<Author>> {
        self.client
            .api(Method::GET, "authors")
            .query(query)
            .json()
            .await
    }

    /// `GET /authors`: every author matching `query`, fetching pages as the stream is read.
    pub fn list_all(
        &self,
        query: AuthorQuery,
    ) -> impl Stream<Item = Result<Author>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = AuthorQuery {
                cursor,
                ..query.clone()
            };
            async move { client.authors().list(&query).await }
        })
    }

    /// `GET /authors/{id}`.
    pub async fn get(&self, id: Uuid) -> Result<Author> {
        self.client
            .api(Method::GET, &format!("authors/{id}"))
            .json()
            .await
    }

    /// `POST /authors` (admin).
    pub async fn create(&self, author: &NewAuthor) -> Result<Author> {
        self.client
            .api(Method::POST, "authors")
            .body(author)
            .json()
            .await
    }

    /// `PATCH /authors/{id}` (admin).
    pub async fn update(&self, id: Uuid, update: &AuthorUpdate) -> Result<Author> {
        self.client
            .api(Method::PATCH, &format!("authors/{id}"))
            .body(update)
            .json()
            .await
    }

    /// `DELETE /authors/{id}` (admin); `409` while books name the author.
    pub async fn delete(&self, id: Uuid) -> Result<()> {
        self.client
            .api(Method::DELETE, &format!("authors/{id}"))
            .empty()
            .await
    }
}
