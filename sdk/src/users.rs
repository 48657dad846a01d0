//! Accounts: the caller's own profile and, for admins, everyone's (`/api/v1/users*`).

use futures_util::Stream;
use http::Method;
use uuid::Uuid;

use crate::client::Client;
use crate::error::Result;
use crate::paging::paginate;
use crate::types::{AdminUserUpdate, Page, PasswordChange, ProfileUpdate, User, UserListQuery};

/// The user endpoints; from [`Client::users`].
#[derive(Debug, Clone, Copy)]
pub struct UsersApi<'a> {
    client: &'a Client,
}

impl Client {
    /// Profiles and account administration.
    pub fn users(&self) -> UsersApi<'_> {
        UsersApi { client: self }
    }
}

impl UsersApi<'_> {
    /// `GET /users/me`: who the access token belongs to.
    pub async fn me(&self) -> Result<User> {
        self.client.api(Method::GET, "users/me").json().await
    }

    /// `PATCH /users/me`.
    pub async fn update_me(&self, update: &ProfileUpdate) -> Result<User> {
        self.client
            .api(Method::PATCH, "users/me")
            .body(update)
            .json()
            .await
    }

    /// `PUT /users/me/password`.
    pub async fn change_password(&self, change: &PasswordChange) -> Result<()> {
        // Not retried although it is a PUT: once the first attempt has gone through, a repeat
        // carries a current password that no longer is, and would report a failure.
        self.client
            .api(Method::PUT, "users/me/password")
            .body(change)
            .no_retry()
            .empty()
            .await
    }

    /// `GET /users` (admin): one page.
    pub async fn list(&self, query: &UserListQuery) -> Result<Page<User>> {
        self.client
            .api(Method::GET, "users")
            .query(query)
            .json()
            .await
    }

    /// `GET /users` (admin): every account matching `query`, fetching pages as the stream is
    /// read. `query.cursor` is where to start; `query.limit` is the page size.
    pub fn list_all(
        &self,
        query: UserListQuery,
    ) -> impl Stream<Item = Result<User>> + Send + 'static {
        let client = self.client.clone();
        paginate(query.cursor.clone(), move |cursor| {
            let client = client.clone();
            let query = UserListQuery {
                cursor,
                ..query.clone()
            };
            async move { client.users().list(&query).await }
        })
    }

    /// `GET /users/{id}` (admin).
    pub async fn get(&self, id: Uuid) -> Result<User> {
        self.client
            .api(Method::GET, &format!("users/{id}"))
            .json()
            .await
    }

    /// `PATCH /users/{id}` (admin): rename, change the role, disable or enable.
    pub async fn update(&self, id: Uuid, update: &AdminUserUpdate) -> Result<User> {
        self.client
            .api(Method::PATCH, &format!("users/{id}"))
            .body(update)
            .json()
            .await
    }
}
