//! The stored login that the `bookstore` command line and the `bookstore-tui` storefront share
//! (feature `session`): profiles in the platform's config directory (`BOOKSTORE_CONFIG_DIR`
//! overrides it), the tokens in the OS keyring with an announced private-file fallback,
//! `BOOKSTORE_TOKEN` over both, and refreshing the access token when it is due.
//!
//! ```no_run
//! # async fn demo() -> Result<(), bookstore_sdk::session::SessionError> {
//! use bookstore_sdk::session::{ConfigDir, Login};
//!
//! let (mut login, client) = Login::open(ConfigDir::locate()?, "default", None, "my-app/1")?;
//! login.authenticate(&client).await?;
//! let cart = client.cart().get().await;
//! # Ok(())
//! # }
//! ```

mod config;
mod error;
mod login;
mod store;

pub use config::{CONFIG_DIR_ENV, Config, ConfigDir, Profile, ensure_dir, write_private};
pub use error::{NotLoggedIn, SessionError, SessionResult};
pub use login::{Login, TokenSource};
pub use store::{
    Credentials, EXPIRY_MARGIN, FileStore, KeyringStore, Saved, SecretStore, StoreKind, TokenStore,
};
