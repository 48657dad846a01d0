//! Settings resolved before a command runs (gateway, profile, token) and the client they make.
//! The login itself is the SDK's `session`, shared with the storefront.

use anyhow::Result;
use bookstore_sdk::Client;
use bookstore_sdk::session::{
    ConfigDir, Login, NotLoggedIn, Profile, SessionError, StoreKind, TokenSource,
};
use bookstore_sdk::types::{Address, TokenPair};

use crate::args::GlobalArgs;
use crate::exit::CliError;
use crate::output::Output;

const USER_AGENT: &str = concat!("bookstore-cli/", env!("CARGO_PKG_VERSION"));

/// Everything a command needs besides its own arguments.
pub struct Context {
    pub out: Output,
    /// The profile's name.
    pub profile: String,
    /// The gateway in use, without a trailing `/`.
    pub gateway: String,
    pub login: Login,
    client: Client,
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Result<Self> {
        let out = Output::new(global);
        let dir = ConfigDir::locate()?;
        let (login, client) = Login::open(
            dir,
            global.profile.clone(),
            global.gateway.clone(),
            USER_AGENT,
        )
        .map_err(|e| match e {
            SessionError::Gateway(e) => CliError::Usage(e.to_string()).into(),
            e => anyhow::Error::from(e),
        })?;
        let gateway = login.gateway().to_owned();
        out.detail(format!(
            "gateway {gateway}, profile {}, config {}",
            login.profile_name(),
            login.dir().path.display()
        ));
        Ok(Self {
            out,
            profile: login.profile_name().to_owned(),
            gateway,
            login,
            client,
        })
    }

    /// The client, with whatever token it has been given so far.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// This profile's saved settings, if it has any.
    pub fn profile(&self) -> Option<&Profile> {
        self.login.profile()
    }

    /// Gives the client an access token: `BOOKSTORE_TOKEN`, else the profile's, refreshed first
    /// when it has expired. Fails with exit code 3 when there is none.
    pub async fn authenticate(&mut self) -> Result<TokenSource> {
        self.login
            .authenticate(&self.client)
            .await
            .map_err(|e| match e {
                SessionError::NotLoggedIn(why) => CliError::NotLoggedIn(advice(&why)).into(),
                e => anyhow::Error::from(e),
            })
    }

    /// Stores a new login for this profile, in the keyring if one works, else in the file,
    /// which is announced.
    pub fn remember_login(&mut self, pair: &TokenPair) -> Result<()> {
        let saved = self.login.remember(pair)?;
        if saved.kind == StoreKind::File {
            if let Some(why) = &saved.keyring_error {
                self.out.detail(format!("keyring: {why}"));
            }
            self.out.warn(format!(
                "no OS keyring available; storing credentials in {} (readable only by you)",
                self.login.tokens().file_path().display()
            ));
        }
        if self.login.tokens().env_token().is_some() {
            self.out.warn(format!(
                "{} is set and is used instead of this login until you unset it",
                bookstore_sdk::TOKEN_ENV
            ));
        }
        Ok(())
    }

    /// Remembers `address` as this profile's shipping address; a profile that does not exist
    /// yet is made for the gateway in use.
    pub fn save_shipping_address(&mut self, address: &Address) -> Result<()> {
        Ok(self.login.save_shipping_address(address)?)
    }

    /// Forgets this profile's tokens; its gateway and email stay for the next login.
    pub fn forget_login(&mut self) -> Result<()> {
        Ok(self.login.forget()?)
    }
}

/// What the command line says about a missing login: why, and the command that fixes it.
fn advice(why: &NotLoggedIn) -> String {
    match why {
        NotLoggedIn::OtherGateway { .. } => {
            format!("{why}; log in there, or use another --profile")
        }
        _ => format!("{why}; run `bookstore auth login`"),
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
