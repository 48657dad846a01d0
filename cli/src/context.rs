//! Settings resolved before a command runs (gateway, profile, token) and the client they make.

use anyhow::{Context as _, Result};
use bookstore_sdk::types::{Address, RefreshRequest, TokenPair};
use bookstore_sdk::{Client, DEFAULT_GATEWAY};
use chrono::{DateTime, Utc};

use crate::args::GlobalArgs;
use crate::config::{Config, ConfigDir, Profile};
use crate::exit::CliError;
use crate::output::Output;
use crate::session::{Credentials, Session, StoreKind};

const USER_AGENT: &str = concat!("bookstore-cli/", env!("CARGO_PKG_VERSION"));

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

/// Everything a command needs besides its own arguments.
pub struct Context {
    pub out: Output,
    /// The profile's name.
    pub profile: String,
    /// The gateway in use, without a trailing `/`.
    pub gateway: String,
    pub dir: ConfigDir,
    pub config: Config,
    pub session: Session,
    client: Client,
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Result<Self> {
        let out = Output::new(global);
        let dir = ConfigDir::locate()?;
        let config = Config::load(&dir.path)?;
        let session = Session::open(&dir);
        let profile = global.profile.clone();
        // A flag or BOOKSTORE_GATEWAY wins; else the gateway this profile logged in to.
        let wanted = global
            .gateway
            .clone()
            .filter(|g| !g.trim().is_empty())
            .or_else(|| config.profiles.get(&profile).map(|p| p.gateway.clone()))
            .unwrap_or_else(|| DEFAULT_GATEWAY.to_owned());
        let client = client_for(&wanted)?;
        let gateway = client.base_url().as_str().trim_end_matches('/').to_owned();
        out.detail(format!(
            "gateway {gateway}, profile {profile}, config {}",
            dir.path.display()
        ));
        Ok(Self {
            out,
            profile,
            gateway,
            dir,
            config,
            session,
            client,
        })
    }

    /// The client, with whatever token it has been given so far.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// This profile's saved settings, if it has any.
    pub fn profile(&self) -> Option<&Profile> {
        self.config.profiles.get(&self.profile)
    }

    fn not_logged_in(&self) -> CliError {
        CliError::NotLoggedIn(format!(
            "not logged in to {} (profile {}); run `bookstore auth login`",
            self.gateway, self.profile
        ))
    }

    /// Gives the client an access token: `BOOKSTORE_TOKEN`, else the profile's, refreshed first
    /// when it has expired. Fails with exit code 3 when there is none.
    pub async fn authenticate(&mut self) -> Result<TokenSource> {
        if let Some(token) = self.session.env_token() {
            self.client.set_token(Some(token.to_owned()));
            return Ok(TokenSource::Env);
        }
        let Some((profile_gateway, kind)) = self
            .profile()
            .and_then(|p| Some((p.gateway.clone(), p.credentials?)))
        else {
            return Err(self.not_logged_in().into());
        };
        // Tokens go only to the gateway that issued them.
        if profile_gateway != self.gateway {
            return Err(CliError::NotLoggedIn(format!(
                "profile {} is logged in to {profile_gateway}, not {}; log in there, or use another --profile",
                self.profile, self.gateway
            ))
            .into());
        }
        // A keyring may be out of reach from this session (over ssh, say): that is a login to
        // redo, not a failure of the command.
        let loaded = self.session.load(&self.profile, kind).map_err(|e| {
            CliError::NotLoggedIn(format!(
                "cannot read the stored login ({e:#}); run `bookstore auth login`"
            ))
        })?;
        let Some(mut credentials) = loaded else {
            return Err(self.not_logged_in().into());
        };
        if credentials.needs_refresh(Utc::now()) {
            credentials = self.refresh(credentials, kind).await?;
        }
        self.client
            .set_token(Some(credentials.access_token.clone()));
        Ok(TokenSource::Stored {
            kind,
            expires_at: credentials.expires_at,
        })
    }

    /// Trades the refresh token for a new pair and stores it.
    async fn refresh(&mut self, old: Credentials, kind: StoreKind) -> Result<Credentials> {
        self.out
            .detail("the access token has expired; refreshing it");
        let request = RefreshRequest {
            refresh_token: old.refresh_token.clone(),
        };
        match self.client.auth().refresh(&request).await {
            Ok(pair) => {
                let fresh = Credentials::from_pair(&pair, Utc::now());
                let saved = self.session.save(&self.profile, &fresh, kind)?;
                if saved.kind != kind {
                    self.set_profile(&pair, saved.kind)?;
                }
                Ok(fresh)
            }
            Err(e) if e.status().is_some_and(|s| s.is_client_error()) => {
                // Another `bookstore` may have used the refresh token (it works once) a moment
                // ago and stored the new pair.
                if let Some(now) = self.session.load(&self.profile, kind)?
                    && now.refresh_token != old.refresh_token
                    && !now.needs_refresh(Utc::now())
                {
                    return Ok(now);
                }
                Err(CliError::NotLoggedIn(format!(
                    "the session of profile {} has ended ({e}); run `bookstore auth login`",
                    self.profile
                ))
                .into())
            }
            Err(e) => Err(e).context("cannot refresh the access token"),
        }
    }

    /// Stores a new login for this profile, in the keyring if one works, else in the file,
    /// which is announced.
    pub fn remember_login(&mut self, pair: &TokenPair) -> Result<()> {
        let credentials = Credentials::from_pair(pair, Utc::now());
        let saved = self
            .session
            .save(&self.profile, &credentials, StoreKind::Keyring)?;
        self.set_profile(pair, saved.kind)?;
        if saved.kind == StoreKind::File {
            if let Some(why) = &saved.keyring_error {
                self.out.detail(format!("keyring: {why}"));
            }
            self.out.warn(format!(
                "no OS keyring available; storing credentials in {} (readable only by you)",
                self.session.file_path().display()
            ));
        }
        if self.session.env_token().is_some() {
            self.out.warn(format!(
                "{} is set and is used instead of this login until you unset it",
                crate::session::TOKEN_ENV
            ));
        }
        Ok(())
    }

    fn set_profile(&mut self, pair: &TokenPair, kind: StoreKind) -> Result<()> {
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
    pub fn save_shipping_address(&mut self, address: &Address) -> Result<()> {
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
    pub fn forget_login(&mut self) -> Result<()> {
        self.session.delete(&self.profile)?;
        if let Some(profile) = self.config.profiles.get_mut(&self.profile) {
            profile.credentials = None;
            self.config.save(&self.dir.path)?;
        }
        Ok(())
    }
}

/// A client for `gateway`; a malformed URL is a usage error.
pub fn client_for(gateway: &str) -> Result<Client> {
    Client::builder()
        .base_url(gateway)
        .user_agent(USER_AGENT)
        .build()
        .map_err(|e| CliError::Usage(e.to_string()).into())
}
