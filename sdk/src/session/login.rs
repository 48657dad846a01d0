//! One profile's login on one gateway: which token the client sends, refreshing it when due,
//! and remembering or forgetting a login.

use chrono::{DateTime, Utc};

use super::config::{Config, ConfigDir, Profile};
use super::error::{NotLoggedIn, SessionError, SessionResult};
use super::store::{Credentials, Saved, StoreKind, TokenStore};
use crate::DEFAULT_GATEWAY;
use crate::client::Client;
use crate::types::{Address, RefreshRequest, TokenPair};

/// Where the access token in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    /// `BOOKSTORE_TOKEN`.
    Env,
    /// The profile's login, stored in the keyring or the file.
    Stored {
        kind: StoreKind,
        expires_at: DateTime<Utc>,
    },
}

/// A profile, the gateway in use and every stored login: what the command line and the
/// storefront share, so that logging in with one serves the other.
pub struct Login {
    dir: ConfigDir,
    config: Config,
    tokens: TokenStore,
    profile: String,
    gateway: String,
}

impl Login {
    /// Opens `profile` in `dir` and builds the client for it. The gateway is `given` (a flag
    /// or `BOOKSTORE_GATEWAY`) when not empty, else the one the profile logged in to, else
    /// the default; a malformed one is [`SessionError::Gateway`].
    pub fn open(
        dir: ConfigDir,
        profile: impl Into<String>,
        given: Option<String>,
        user_agent: &str,
    ) -> SessionResult<(Self, Client)> {
        let config = Config::load(&dir.path)?;
        let tokens = TokenStore::open(&dir);
        let profile = profile.into();
        let wanted = given
            .filter(|g| !g.trim().is_empty())
            .or_else(|| config.profiles.get(&profile).map(|p| p.gateway.clone()))
            .unwrap_or_else(|| DEFAULT_GATEWAY.to_owned());
        let client = Client::builder()
            .base_url(&wanted)
            .user_agent(user_agent)
            .build()
            .map_err(SessionError::Gateway)?;
        let gateway = client.base_url().as_str().trim_end_matches('/').to_owned();
        let login = Self {
            dir,
            config,
            tokens,
            profile,
            gateway,
        };
        Ok((login, client))
    }

    /// The profile's name.
    pub fn profile_name(&self) -> &str {
        &self.profile
    }

    /// The gateway in use, without a trailing `/`.
    pub fn gateway(&self) -> &str {
        &self.gateway
    }

    /// Where profiles and credentials live.
    pub fn dir(&self) -> &ConfigDir {
        &self.dir
    }

    /// This profile's saved settings, if it has any.
    pub fn profile(&self) -> Option<&Profile> {
        self.config.profiles.get(&self.profile)
    }

    /// Every stored login.
    pub fn tokens(&self) -> &TokenStore {
        &self.tokens
    }

    /// Gives `client` an access token: `BOOKSTORE_TOKEN`, else the profile's, refreshed first
    /// when it is due. [`SessionError::NotLoggedIn`] when there is none to give.
    pub async fn authenticate(&mut self, client: &Client) -> SessionResult<TokenSource> {
        if let Some(token) = self.tokens.env_token() {
            client.set_token(Some(token.to_owned()));
            return Ok(TokenSource::Env);
        }
        let Some((logged_in_to, kind)) = self
            .profile()
            .and_then(|p| Some((p.gateway.clone(), p.credentials?)))
        else {
            return Err(self.never());
        };
        // Tokens go only to the gateway that issued them.
        if logged_in_to != self.gateway {
            return Err(SessionError::NotLoggedIn(NotLoggedIn::OtherGateway {
                profile: self.profile.clone(),
                logged_in_to,
                gateway: self.gateway.clone(),
            }));
        }
        // A keyring may be out of reach from this session (over ssh, say): that is a login to
        // redo, not a failure of the caller.
        let loaded = self.tokens.load(&self.profile, kind).map_err(|e| {
            SessionError::NotLoggedIn(NotLoggedIn::Unreadable {
                reason: e.to_string(),
            })
        })?;
        let Some(mut credentials) = loaded else {
            return Err(self.never());
        };
        if credentials.needs_refresh(Utc::now()) {
            credentials = self.refresh(client, credentials, kind).await?;
        }
        client.set_token(Some(credentials.access_token.clone()));
        Ok(TokenSource::Stored {
            kind,
            expires_at: credentials.expires_at,
        })
    }

    fn never(&self) -> SessionError {
        SessionError::NotLoggedIn(NotLoggedIn::Never {
            gateway: self.gateway.clone(),
            profile: self.profile.clone(),
        })
    }

    /// Trades the refresh token for a new pair and stores it.
    async fn refresh(
        &mut self,
        client: &Client,
        old: Credentials,
        kind: StoreKind,
    ) -> SessionResult<Credentials> {
        let request = RefreshRequest {
            refresh_token: old.refresh_token.clone(),
        };
        match client.auth().refresh(&request).await {
            Ok(pair) => {
                let fresh = Credentials::from_pair(&pair, Utc::now());
                let saved = self.tokens.save(&self.profile, &fresh, kind)?;
                if saved.kind != kind {
                    self.set_profile(&pair, saved.kind)?;
                }
                Ok(fresh)
            }
            Err(e) if e.status().is_some_and(|s| s.is_client_error()) => {
                // Another client of this profile (the command line, the storefront) may have
                // used the refresh token (it works once) a moment ago and stored the new pair.
                if let Some(now) = self.tokens.load(&self.profile, kind)?
                    && now.refresh_token != old.refresh_token
                    && !now.needs_refresh(Utc::now())
                {
                    return Ok(now);
                }
                Err(SessionError::NotLoggedIn(NotLoggedIn::Ended {
                    profile: self.profile.clone(),
                    reason: e.to_string(),
                }))
            }
            Err(e) => Err(SessionError::Refresh(e)),
        }
    }

    /// Stores a new login for this profile: in the keyring if one works, else in the file.
    /// The caller announces [`Saved::kind`] being [`StoreKind::File`].
    pub fn remember(&mut self, pair: &TokenPair) -> SessionResult<Saved> {
        let credentials = Credentials::from_pair(pair, Utc::now());
        let saved = self
            .tokens
            .save(&self.profile, &credentials, StoreKind::Keyring)?;
        self.set_profile(pair, saved.kind)?;
        Ok(saved)
    }

    fn set_profile(&mut self, pair: &TokenPair, kind: StoreKind) -> SessionResult<()> {
        // A saved shipping address outlives logins.
        let shipping_address = self.profile().and_then(|p| p.shipping_address.clone());
        self.config.profiles.insert(
            self.profile.clone(),
            Profile {
                gateway: self.gateway.clone(),
                email: Some(pair.user.email.clone()),
                credentials: Some(kind),
                shipping_address,
            },
        );
        self.config.save(&self.dir.path)
    }

    /// Remembers `address` as this profile's shipping address; a profile that does not exist
    /// yet is made for the gateway in use.
    pub fn save_shipping_address(&mut self, address: &Address) -> SessionResult<()> {
        let gateway = self.gateway.clone();
        let profile = self
            .config
            .profiles
            .entry(self.profile.clone())
            .or_insert_with(|| Profile {
                gateway,
                email: None,
                credentials: None,
                shipping_address: None,
            });
        profile.shipping_address = Some(address.clone());
        self.config.save(&self.dir.path)
    }

    /// Forgets this profile's tokens; its gateway and email stay for the next login.
    pub fn forget(&mut self) -> SessionResult<()> {
        self.tokens.delete(&self.profile)?;
        if let Some(profile) = self.config.profiles.get_mut(&self.profile) {
            profile.credentials = None;
            self.config.save(&self.dir.path)?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn open(dir: &std::path::Path, given: Option<&str>) -> (Login, Client) {
        let dir = ConfigDir {
            path: dir.to_path_buf(),
            overridden: true,
        };
        Login::open(dir, "default", given.map(Into::into), "test").unwrap()
    }

    #[test]
    fn the_gateway_is_given_else_the_profiles_else_the_default() {
        let tmp = tempfile::tempdir().unwrap();
        let (login, _) = open(tmp.path(), None);
        assert_eq!(login.gateway(), DEFAULT_GATEWAY);
        let (mut login, _) = open(tmp.path(), Some("127.0.0.1:9"));
        assert_eq!(login.gateway(), "http://127.0.0.1:9");
        login
            .save_shipping_address(&Address {
                name: "Ada".into(),
                line1: "1 Lane".into(),
                line2: None,
                postal_code: "1".into(),
                city: "C".into(),
                country: "GB".into(),
            })
            .unwrap();
        let (login, _) = open(tmp.path(), Some(" "));
        assert_eq!(login.gateway(), "http://127.0.0.1:9");
        assert!(login.profile().unwrap().shipping_address.is_some());
        assert!(matches!(
            Login::open(login.dir().clone(), "x", Some("ftp://x".into()), "t"),
            Err(SessionError::Gateway(_))
        ));
    }

    #[tokio::test]
    async fn without_a_login_authenticate_says_so() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut login, client) = open(tmp.path(), Some("127.0.0.1:9"));
        let err = login.authenticate(&client).await.unwrap_err();
        assert_eq!(
            err.not_logged_in(),
            Some(&NotLoggedIn::Never {
                gateway: "http://127.0.0.1:9".into(),
                profile: "default".into()
            })
        );
    }
}
