//! The auth facade: registration, login, token refresh, logout and password change behind one
//! type, so handlers never juggle hashing, token issuing and storage themselves.
//!
//! Sessions are refresh token *families*: a login starts one, each refresh spends the
//! presented token and adds its successor to the family, and presenting a spent token again
//! (someone kept a copy) revokes the whole family.

use std::sync::Arc;
use std::time::Duration;

use bookstore_kit::auth::Claims;
use bookstore_kit::db::Db;
use bookstore_kit::events::OutboxWaker;
use bookstore_sdk::types::{LoginRequest, PasswordChange, RegisterRequest, Role, TokenPair};
use uuid::Uuid;

use crate::domain::{DisplayName, Email, Password};
use crate::error::{Fields, UserError};
use crate::keys::CurrentSigner;
use crate::passwords::Passwords;
use crate::refresh;
use crate::store::refresh_tokens::{self, NewRefreshToken};
use crate::store::users::{self, Changes, NewUser, UserRow};
use crate::store::{self, Conn};
use crate::{events, on_conn, unit_of_work};

/// Issues and ends sessions. Cloning shares it.
#[derive(Clone, Debug)]
pub struct Sessions {
    db: Db,
    signer: Arc<CurrentSigner>,
    passwords: Passwords,
    access_ttl: Duration,
    refresh_ttl: Duration,
    outbox: OutboxWaker,
}

/// How a refresh attempt ended, decided inside its transaction and acted on after the commit
/// (a reuse must revoke the family *and* fail, so it cannot roll back).
enum Refreshed {
    Issued(Box<TokenPair>),
    Reused { user_id: Uuid },
    Invalid,
    Disabled,
}

impl Sessions {
    pub fn new(
        db: Db,
        signer: Arc<CurrentSigner>,
        passwords: Passwords,
        access_ttl: Duration,
        refresh_ttl: Duration,
        outbox: OutboxWaker,
    ) -> Sessions {
        Sessions {
            db,
            signer,
            passwords,
            access_ttl,
            refresh_ttl,
            outbox,
        }
    }

    /// Creates a customer account and its first session. The account, its `user.registered`
    /// event and its refresh token are one unit of work: all are stored, or none.
    pub async fn register(&self, request: &RegisterRequest) -> Result<TokenPair, UserError> {
        let mut fields = Fields::default();
        let email = fields.check("email", Email::parse(&request.email));
        let name = fields.check("name", DisplayName::parse(&request.name));
        let password = fields.check("password", Password::parse(&request.password));
        let (Some(email), Some(name), Some(password)) = (email, name, password) else {
            return Err(fields.into_errors().into());
        };
        let password_hash = self.passwords.hash(&password).await?;
        let new = NewUser {
            email: &email,
            name: &name,
            password_hash: &password_hash,
            role: Role::Customer,
        };
        let pair = unit_of_work!(&self.db, |conn| {
            let user = users::insert(conn, &new).await?;
            events::user_registered(conn, &user).await?;
            self.start(conn, &user, None).await
        })?;
        self.outbox.wake();
        tracing::info!(user.id = %pair.user.id, "account registered");
        Ok(pair)
    }

    /// Logs in. Unknown email and wrong password fail alike, in message and in time.
    pub async fn login(&self, request: &LoginRequest) -> Result<TokenPair, UserError> {
        let user = match Email::parse(&request.email) {
            Ok(email) => on_conn!(&self.db, |conn| users::find_by_email(conn, &email).await)?,
            Err(_) => None,
        };
        let stored = user.as_ref().map(|u| u.password_hash.as_str());
        let matched = self.passwords.verify(&request.password, stored).await?;
        let Some(user) = user.filter(|_| matched) else {
            return Err(UserError::InvalidCredentials);
        };
        // Only someone who knows the password learns that the account is disabled.
        if user.disabled {
            return Err(UserError::AccountDisabled);
        }
        let pair = unit_of_work!(&self.db, |conn| self.start(conn, &user, None).await)?;
        tracing::info!(user.id = %user.id, "logged in");
        Ok(pair)
    }

    /// Spends `token` for a new pair in the same session.
    pub async fn refresh(&self, token: &str) -> Result<TokenPair, UserError> {
        let hash = refresh::hash(token);
        let outcome = unit_of_work!(&self.db, |conn| {
            let now = store::now();
            let Some(row) = refresh_tokens::find_by_hash(conn, &hash).await? else {
                return Ok(Refreshed::Invalid);
            };
            if row.revoked_at.is_some() {
                return Ok(Refreshed::Invalid);
            }
            // Spent before, or spent by a concurrent request a moment ago: either way two
            // parties hold this token, and the family can no longer be trusted.
            if row.used_at.is_some() || !refresh_tokens::mark_used(conn, &row.id, now).await? {
                refresh_tokens::revoke_family(conn, &row.family_id, now).await?;
                return Ok(Refreshed::Reused {
                    user_id: row.user_id,
                });
            }
            if row.expires_at <= now {
                return Ok(Refreshed::Invalid);
            }
            let Some(user) = users::find(conn, row.user_id).await? else {
                return Ok(Refreshed::Invalid);
            };
            if user.disabled {
                refresh_tokens::revoke_family(conn, &row.family_id, now).await?;
                return Ok(Refreshed::Disabled);
            }
            let pair = self.start(conn, &user, Some(&row.family_id)).await?;
            Ok(Refreshed::Issued(Box::new(pair)))
        })?;
        match outcome {
            Refreshed::Issued(pair) => Ok(*pair),
            Refreshed::Reused { user_id } => {
                tracing::warn!(user.id = %user_id, "a spent refresh token was presented again; its session is revoked");
                Err(UserError::InvalidRefreshToken)
            }
            Refreshed::Invalid => Err(UserError::InvalidRefreshToken),
            Refreshed::Disabled => Err(UserError::AccountDisabled),
        }
    }

    /// Ends the session `token` belongs to. Unknown, spent and revoked tokens are fine: the
    /// session is over either way.
    pub async fn logout(&self, token: &str) -> Result<(), UserError> {
        let hash = refresh::hash(token);
        unit_of_work!(&self.db, |conn| {
            if let Some(row) = refresh_tokens::find_by_hash(conn, &hash).await? {
                refresh_tokens::revoke_family(conn, &row.family_id, store::now()).await?;
            }
            Ok(())
        })
    }

    /// Changes the caller's password and ends their other sessions; the session the request
    /// comes from (found by the access token's `jti`) stays logged in.
    pub async fn change_password(
        &self,
        claims: &Claims,
        change: &PasswordChange,
    ) -> Result<(), UserError> {
        let user = crate::accounts::current(&self.db, claims).await?;
        let mut fields = Fields::default();
        let new = fields.check("new_password", Password::parse(&change.new_password));
        let current_ok = self
            .passwords
            .verify(&change.current_password, Some(&user.password_hash))
            .await?;
        if !current_ok {
            fields.push("current_password", "is not the account's password");
        } else if change.new_password == change.current_password {
            fields.push("new_password", "must differ from the current password");
        }
        let Some(new) = new.filter(|_| fields.is_empty()) else {
            return Err(fields.into_errors().into());
        };
        let hash = self.passwords.hash(&new).await?;
        let revoked = unit_of_work!(&self.db, |conn| {
            let changes = Changes {
                password_hash: Some(hash.clone()),
                ..Changes::default()
            };
            users::update(conn, user.id, changes).await?;
            let keep = refresh_tokens::family_of_access(conn, user.id, &claims.jti).await?;
            refresh_tokens::revoke_user(conn, user.id, keep.as_deref(), store::now()).await
        })?;
        tracing::info!(user.id = %user.id, other_sessions_ended = revoked, "password changed");
        Ok(())
    }

    /// Issues an access token and a refresh token for `user`, in `family` or in a new one.
    async fn start(
        &self,
        conn: &mut Conn<'_>,
        user: &UserRow,
        family: Option<&str>,
    ) -> Result<TokenPair, UserError> {
        let ttl = i64::try_from(self.access_ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims::new(user.id, user.role, &user.email, ttl);
        let secret = refresh::generate()?;
        let family = family.map_or_else(|| Uuid::now_v7().to_string(), str::to_owned);
        let now = store::now();
        refresh_tokens::insert(
            conn,
            &NewRefreshToken {
                id: Uuid::now_v7().to_string(),
                token_hash: &secret.hash,
                family_id: &family,
                user_id: user.id.to_string(),
                access_jti: &claims.jti,
                created_at: now,
                expires_at: store::after(now, self.refresh_ttl),
            },
        )
        .await?;
        let access_token = (self.signer.get(conn).await?)
            .sign(&claims)
            .map_err(anyhow::Error::msg)?;
        Ok(TokenPair {
            access_token,
            token_type: "Bearer".into(),
            expires_in: self.access_ttl.as_secs(),
            refresh_token: secret.token,
            user: user.clone().into(),
        })
    }
}
