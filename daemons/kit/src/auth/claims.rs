//! What an access token says about its bearer.

use bookstore_sdk::types::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The `iss` of every access token.
pub const ISSUER: &str = "bookstore";
/// The `aud` of every access token.
pub const AUDIENCE: &str = "bookstore-api";

/// Access token claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    pub role: Role,
    pub email: String,
    pub iss: String,
    pub aud: String,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Expires at, seconds since the epoch.
    pub exp: i64,
    /// A unique id for this token.
    pub jti: String,
}

impl Claims {
    /// Claims for `user` valid for `ttl_secs` from now.
    pub fn new(sub: Uuid, role: Role, email: &str, ttl_secs: i64) -> Claims {
        let now = chrono::Utc::now().timestamp();
        Claims {
            sub,
            role,
            email: email.to_owned(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat: now,
            exp: now + ttl_secs,
            jti: Uuid::new_v4().to_string(),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}
