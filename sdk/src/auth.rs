//! Registration, login and the token lifecycle (`/api/v1/auth/*`).

use http::Method;

use crate::client::Client;
use crate::error::Result;
use crate::types::{LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenPair};

/// The auth endpoints; from [`Client::auth`].
///
/// Calls that return a [`TokenPair`] also make its access token the client's, so the next call
/// is authenticated; logout clears it.
#[derive(Debug, Clone, Copy)]
pub struct AuthApi<'a> {
    client: &'a Client,
}

impl Client {
    /// Registration, login, refresh and logout.
    pub fn auth(&self) -> AuthApi<'_> {
        AuthApi { client: self }
    }
}

impl AuthApi<'_> {
    /// `POST /auth/register`: creates a customer account and logs it in.
    pub async fn register(&self, request: &RegisterRequest) -> Result<TokenPair> {
        let pair: TokenPair = self
            .client
            .api(Method::POST, "auth/register")
            .body(request)
            .json()
            .await?;
        self.adopt(&pair);
        Ok(pair)
    }

    /// `POST /auth/login`.
    pub async fn login(&self, request: &LoginRequest) -> Result<TokenPair> {
        let pair: TokenPair = self
            .client
            .api(Method::POST, "auth/login")
            .body(request)
            .json()
            .await?;
        self.adopt(&pair);
        Ok(pair)
    }

    /// `POST /auth/refresh`: trades a refresh token (usable once) for a new pair.
    pub async fn refresh(&self, request: &RefreshRequest) -> Result<TokenPair> {
        let pair: TokenPair = self
            .client
            .api(Method::POST, "auth/refresh")
            .body(request)
            .json()
            .await?;
        self.adopt(&pair);
        Ok(pair)
    }

    /// `POST /auth/logout`: revokes the refresh token's session. The client forgets its access
    /// token whatever the answer, since the caller is done with it.
    pub async fn logout(&self, request: &LogoutRequest) -> Result<()> {
        let result = self
            .client
            .api(Method::POST, "auth/logout")
            .body(request)
            .empty()
            .await;
        self.client.set_token(None);
        result
    }

    fn adopt(&self, pair: &TokenPair) {
        self.client.set_token(Some(pair.access_token.clone()));
    }
}
