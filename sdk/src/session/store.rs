//! Tokens per profile: OS keyring, else a private file, announced; `BOOKSTORE_TOKEN` overrides.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::config::{ConfigDir, write_private};
use super::error::{SessionError, SessionResult};
use crate::client::TOKEN_ENV;
use crate::types::TokenPair;

const CREDENTIALS_FILE: &str = "credentials.json";
const KEYRING_SERVICE: &str = "bookstore";

/// An access token refreshes this long before it expires, so it does not run out in flight.
pub const EXPIRY_MARGIN: TimeDelta = TimeDelta::seconds(30);

/// One profile's tokens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Credentials {
    pub fn from_pair(pair: &TokenPair, now: DateTime<Utc>) -> Self {
        let lifetime = TimeDelta::seconds(i64::try_from(pair.expires_in).unwrap_or(i64::MAX));
        Self {
            access_token: pair.access_token.clone(),
            refresh_token: pair.refresh_token.clone(),
            expires_at: now
                .checked_add_signed(lifetime)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }

    /// Whether the access token is expired or about to be.
    pub fn needs_refresh(&self, now: DateTime<Utc>) -> bool {
        now + EXPIRY_MARGIN >= self.expires_at
    }
}

/// Where a profile's tokens are kept; recorded in the profile so loading does not have to guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    Keyring,
    File,
}

/// Somewhere to keep tokens by profile name.
pub trait SecretStore: Send + Sync {
    fn load(&self, profile: &str) -> SessionResult<Option<Credentials>>;
    fn save(&self, profile: &str, credentials: &Credentials) -> SessionResult<()>;
    /// Forgets the profile's tokens; nothing stored is not an error.
    fn delete(&self, profile: &str) -> SessionResult<()>;
}

/// `credentials.json`: every profile's tokens, readable and writable only by the user.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CredentialsFile {
    #[serde(default)]
    profiles: BTreeMap<String, Credentials>,
}

impl FileStore {
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join(CREDENTIALS_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> SessionResult<CredentialsFile> {
        match fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| SessionError::Damaged {
                path: self.path.clone(),
                source,
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(CredentialsFile::default()),
            Err(e) => Err(SessionError::io("cannot read", &self.path, e)),
        }
    }

    fn write(&self, file: &CredentialsFile) -> SessionResult<()> {
        if file.profiles.is_empty() {
            return match fs::remove_file(&self.path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    Err(SessionError::io("cannot remove", &self.path, e))
                }
                _ => Ok(()),
            };
        }
        let mut json = serde_json::to_vec_pretty(file).map_err(SessionError::Encode)?;
        json.push(b'\n');
        write_private(&self.path, &json)
            .map_err(|e| SessionError::io("cannot write", &self.path, e))
    }
}

impl SecretStore for FileStore {
    fn load(&self, profile: &str) -> SessionResult<Option<Credentials>> {
        Ok(self.read()?.profiles.remove(profile))
    }

    fn save(&self, profile: &str, credentials: &Credentials) -> SessionResult<()> {
        let mut file = self.read().unwrap_or_default();
        file.profiles
            .insert(profile.to_owned(), credentials.clone());
        self.write(&file)
    }

    fn delete(&self, profile: &str) -> SessionResult<()> {
        // A damaged file holds nothing worth keeping.
        let mut file = self.read().unwrap_or_default();
        if file.profiles.remove(profile).is_some() || file.profiles.is_empty() {
            self.write(&file)?;
        }
        Ok(())
    }
}

/// The OS keyring through `keyring-core`: one entry per profile holding the tokens as JSON.
pub struct KeyringStore {
    store: Arc<keyring_core::CredentialStore>,
    service: String,
}

impl KeyringStore {
    /// `service` names the entries; profiles are the entries' user names.
    pub fn new(store: Arc<keyring_core::CredentialStore>, service: String) -> Self {
        Self { store, service }
    }

    /// The platform's keyring, if this build has one for it. On Linux that is the kernel's
    /// keyutils; whether it accepts a secret is only known when trying to store one.
    pub fn platform(service: String) -> Option<Self> {
        #[cfg(target_os = "linux")]
        {
            let store = linux_keyutils_keyring_store::Store::new().ok()?;
            Some(Self::new(store, service))
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = service;
            None
        }
    }

    fn entry(&self, profile: &str) -> SessionResult<keyring_core::Entry> {
        Ok(keyring_core::Entry::new_in_store(
            &self.store,
            &self.service,
            profile,
        )?)
    }
}

impl SecretStore for KeyringStore {
    fn load(&self, profile: &str) -> SessionResult<Option<Credentials>> {
        match self.entry(profile)?.get_password() {
            Ok(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|_| SessionError::DamagedKeyring),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn save(&self, profile: &str, credentials: &Credentials) -> SessionResult<()> {
        let json = serde_json::to_string(credentials).map_err(SessionError::Encode)?;
        Ok(self.entry(profile)?.set_password(&json)?)
    }

    fn delete(&self, profile: &str) -> SessionResult<()> {
        match self.entry(profile)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// The outcome of [`TokenStore::save`].
#[derive(Debug)]
pub struct Saved {
    pub kind: StoreKind,
    /// Why the keyring was not used, when it was wanted.
    pub keyring_error: Option<String>,
}

/// Every profile's tokens: the keyring and the file behind one interface, plus the override.
pub struct TokenStore {
    keyring: Option<Box<dyn SecretStore>>,
    file: FileStore,
    env_token: Option<String>,
}

impl TokenStore {
    /// The stores for `dir`, and `BOOKSTORE_TOKEN` when set.
    pub fn open(dir: &ConfigDir) -> Self {
        // Entries of a config directory chosen through the environment (tests, a second
        // install) are kept apart from the user's real login.
        let service = if dir.overridden {
            format!("{KEYRING_SERVICE}:{}", dir.path.display())
        } else {
            KEYRING_SERVICE.to_owned()
        };
        let keyring = KeyringStore::platform(service).map(|k| Box::new(k) as Box<dyn SecretStore>);
        let env_token = std::env::var(TOKEN_ENV)
            .ok()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        Self::new(keyring, FileStore::new(&dir.path), env_token)
    }

    pub fn new(
        keyring: Option<Box<dyn SecretStore>>,
        file: FileStore,
        env_token: Option<String>,
    ) -> Self {
        Self {
            keyring,
            file,
            env_token,
        }
    }

    /// `BOOKSTORE_TOKEN`, which wins over anything stored.
    pub fn env_token(&self) -> Option<&str> {
        self.env_token.as_deref()
    }

    pub fn file_path(&self) -> &Path {
        self.file.path()
    }

    /// The profile's stored tokens, from where the profile says they are.
    pub fn load(&self, profile: &str, kind: StoreKind) -> SessionResult<Option<Credentials>> {
        match (kind, &self.keyring) {
            (StoreKind::Keyring, Some(keyring)) => keyring.load(profile),
            (StoreKind::Keyring, None) => Ok(None),
            (StoreKind::File, _) => self.file.load(profile),
        }
    }

    /// Stores the profile's tokens: in the keyring when `prefer`red and it works, else in the
    /// file. The caller announces a fallback to the file.
    pub fn save(
        &self,
        profile: &str,
        credentials: &Credentials,
        prefer: StoreKind,
    ) -> SessionResult<Saved> {
        let mut keyring_error = None;
        if let (StoreKind::Keyring, Some(keyring)) = (prefer, &self.keyring) {
            match keyring.save(profile, credentials) {
                Ok(()) => {
                    // An older login may have left tokens in the file.
                    self.file.delete(profile)?;
                    return Ok(Saved {
                        kind: StoreKind::Keyring,
                        keyring_error: None,
                    });
                }
                Err(e) => keyring_error = Some(format!("{e:#}")),
            }
        } else if prefer == StoreKind::Keyring {
            keyring_error = Some("this build has no keyring for this platform".to_owned());
        }
        self.file.save(profile, credentials)?;
        Ok(Saved {
            kind: StoreKind::File,
            keyring_error,
        })
    }

    /// Forgets the profile's tokens wherever they are.
    pub fn delete(&self, profile: &str) -> SessionResult<()> {
        if let Some(keyring) = &self.keyring {
            // A keyring that cannot be reached holds nothing of ours to delete.
            let _ = keyring.delete(profile);
        }
        self.file.delete(profile)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use crate::types::{Role, User};
    use uuid::Uuid;

    use super::*;

    fn creds(tag: &str) -> Credentials {
        Credentials {
            access_token: format!("access-{tag}"),
            refresh_token: format!("refresh-{tag}"),
            expires_at: DateTime::parse_from_rfc3339("2026-11-26T10:15:00Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    /// A keyring that refuses everything, like keyutils on a headless box.
    struct Refusing;

    impl SecretStore for Refusing {
        fn load(&self, _: &str) -> SessionResult<Option<Credentials>> {
            Err(SessionError::Keyring(keyring_core::Error::NoStorageAccess(
                "access denied".into(),
            )))
        }
        fn save(&self, _: &str, _: &Credentials) -> SessionResult<()> {
            self.load("").map(drop)
        }
        fn delete(&self, _: &str) -> SessionResult<()> {
            self.load("").map(drop)
        }
    }

    fn mock_keyring() -> Box<dyn SecretStore> {
        let store = keyring_core::mock::Store::new().unwrap();
        Box::new(KeyringStore::new(store, "bookstore-test".into()))
    }

    #[test]
    fn expiry_comes_from_expires_in_with_a_margin() {
        let now = Utc::now();
        let user = User {
            id: Uuid::nil(),
            email: "ada@example.com".into(),
            name: "Ada".into(),
            role: Role::Customer,
            disabled: false,
            created_at: now,
            updated_at: now,
        };
        let pair = TokenPair {
            access_token: "a".into(),
            token_type: "Bearer".into(),
            expires_in: 900,
            refresh_token: "r".into(),
            user,
        };
        let c = Credentials::from_pair(&pair, now);
        assert_eq!(c.expires_at, now + TimeDelta::seconds(900));
        assert!(!c.needs_refresh(now));
        assert!(!c.needs_refresh(now + TimeDelta::seconds(869)));
        assert!(c.needs_refresh(now + TimeDelta::seconds(871)));
        assert!(c.needs_refresh(now + TimeDelta::seconds(3600)));
    }

    #[test]
    fn debug_output_hides_tokens() {
        let text = format!("{:?}", creds("x"));
        assert!(
            !text.contains("access-x") && !text.contains("refresh-x"),
            "{text}"
        );
    }

    #[test]
    fn file_store_keeps_profiles_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path());
        assert_eq!(store.load("default").unwrap(), None);
        store.save("default", &creds("d")).unwrap();
        store.save("work", &creds("w")).unwrap();
        assert_eq!(store.load("default").unwrap(), Some(creds("d")));
        assert_eq!(store.load("work").unwrap(), Some(creds("w")));
        store.delete("default").unwrap();
        assert_eq!(store.load("default").unwrap(), None);
        assert_eq!(store.load("work").unwrap(), Some(creds("w")));
        store.delete("work").unwrap();
        assert!(!store.path().exists(), "an empty file is removed");
        store.delete("never").unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn credentials_file_is_readable_only_by_the_user() {
        use std::os::unix::fs::PermissionsExt;

        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path());
        // A file left readable by others is replaced, not rewritten in place.
        fs::write(store.path(), "{}").unwrap();
        fs::set_permissions(store.path(), fs::Permissions::from_mode(0o644)).unwrap();
        store.save("default", &creds("d")).unwrap();
        let mode = fs::metadata(store.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_refusing_keyring_falls_back_to_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let store = TokenStore::new(Some(Box::new(Refusing)), FileStore::new(tmp.path()), None);
        let saved = store
            .save("default", &creds("d"), StoreKind::Keyring)
            .unwrap();
        assert_eq!(saved.kind, StoreKind::File);
        assert!(saved.keyring_error.unwrap().contains("access denied"));
        assert_eq!(
            store.load("default", StoreKind::File).unwrap(),
            Some(creds("d"))
        );
        store.delete("default").unwrap();
        assert_eq!(store.load("default", StoreKind::File).unwrap(), None);
    }

    #[test]
    fn no_keyring_falls_back_to_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let store = TokenStore::new(None, FileStore::new(tmp.path()), None);
        let saved = store
            .save("default", &creds("d"), StoreKind::Keyring)
            .unwrap();
        assert_eq!(saved.kind, StoreKind::File);
        assert!(saved.keyring_error.is_some());
        assert_eq!(store.load("default", StoreKind::Keyring).unwrap(), None);
    }

    #[test]
    fn a_working_keyring_is_used_and_clears_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let store = TokenStore::new(Some(mock_keyring()), FileStore::new(tmp.path()), None);
        store
            .save("default", &creds("old"), StoreKind::File)
            .unwrap();
        let saved = store
            .save("default", &creds("new"), StoreKind::Keyring)
            .unwrap();
        assert_eq!(saved.kind, StoreKind::Keyring);
        assert!(saved.keyring_error.is_none());
        assert_eq!(
            store.load("default", StoreKind::Keyring).unwrap(),
            Some(creds("new"))
        );
        assert_eq!(store.load("default", StoreKind::File).unwrap(), None);
        store.delete("default").unwrap();
        assert_eq!(store.load("default", StoreKind::Keyring).unwrap(), None);
    }

    #[test]
    fn the_env_token_is_kept_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let store = TokenStore::new(None, FileStore::new(tmp.path()), Some("env-tok".into()));
        assert_eq!(store.env_token(), Some("env-tok"));
        assert_eq!(store.load("default", StoreKind::File).unwrap(), None);
    }
}
