//! What keeping a login can fail with, and the cases a client turns into "log in again".

use std::io;
use std::path::{Path, PathBuf};

use super::config::CONFIG_DIR_ENV;

/// The session module's result type.
pub type SessionResult<T> = std::result::Result<T, SessionError>;

/// Why a stored login could not be read, kept or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// There is no usable login; [`NotLoggedIn`] says why, so each client can say what to do.
    #[error("{0}")]
    NotLoggedIn(NotLoggedIn),

    /// The gateway's URL is malformed.
    #[error("{0}")]
    Gateway(#[source] crate::Error),

    /// No home directory to find the platform's config directory in.
    #[error("cannot find a home directory for the configuration; set {CONFIG_DIR_ENV}")]
    NoHome,

    /// Reading or writing a file failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// `config.json` is not JSON of the expected shape.
    #[error("{} is not a valid configuration: {source}", path.display())]
    BadConfig {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },

    /// `credentials.json` cannot be read as tokens.
    #[error("{} is damaged; log in again", path.display())]
    Damaged {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },

    /// The keyring entry cannot be read as tokens.
    #[error("the keyring entry is damaged; log in again")]
    DamagedKeyring,

    /// The OS keyring refused.
    #[error("keyring: {0}")]
    Keyring(#[from] keyring_core::Error),

    /// Serialising what is to be stored failed.
    #[error("cannot encode the configuration: {0}")]
    Encode(#[source] serde_json::Error),

    /// The gateway failed a call the session needed (a refresh that could be retried).
    #[error("cannot refresh the access token: {0}")]
    Refresh(#[source] crate::Error),
}

impl SessionError {
    pub(crate) fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// Why there is no usable login, when that is the failure.
    pub fn not_logged_in(&self) -> Option<&NotLoggedIn> {
        match self {
            Self::NotLoggedIn(why) => Some(why),
            _ => None,
        }
    }
}

/// Why a profile has no usable login: each case is fixed by logging in (again).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotLoggedIn {
    /// The profile has never logged in, or logged out.
    #[error("not logged in to {gateway} (profile {profile})")]
    Never { gateway: String, profile: String },
    /// The profile's tokens belong to another gateway, and go nowhere else.
    #[error("profile {profile} is logged in to {logged_in_to}, not {gateway}")]
    OtherGateway {
        profile: String,
        logged_in_to: String,
        gateway: String,
    },
    /// The stored tokens cannot be read (a keyring out of reach over ssh, say).
    #[error("cannot read the stored login ({reason})")]
    Unreadable { reason: String },
    /// The refresh token was refused: the session ended on the server.
    #[error("the session of profile {profile} has ended ({reason})")]
    Ended { profile: String, reason: String },
}
