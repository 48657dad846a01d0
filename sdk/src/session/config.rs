//! Profiles: each remembers its gateway, the email last used, and where its tokens are kept.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::{SessionError, SessionResult};
use super::store::StoreKind;
use crate::types::Address;

/// Overrides the platform's config directory (tests, several installs side by side).
pub const CONFIG_DIR_ENV: &str = "BOOKSTORE_CONFIG_DIR";

const CONFIG_FILE: &str = "config.json";

/// Where profiles and credentials live, and whether that was chosen through the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDir {
    pub path: PathBuf,
    pub overridden: bool,
}

impl ConfigDir {
    /// `BOOKSTORE_CONFIG_DIR`, else the platform's config directory for `bookstore`
    /// (`~/.config/bookstore` on Linux).
    pub fn locate() -> SessionResult<Self> {
        Self::locate_from(std::env::var_os(CONFIG_DIR_ENV).map(PathBuf::from))
    }

    fn locate_from(env: Option<PathBuf>) -> SessionResult<Self> {
        if let Some(path) = env.filter(|p| !p.as_os_str().is_empty()) {
            return Ok(Self {
                path,
                overridden: true,
            });
        }
        let dirs =
            directories::ProjectDirs::from("", "", "bookstore").ok_or(SessionError::NoHome)?;
        Ok(Self {
            path: dirs.config_dir().to_path_buf(),
            overridden: false,
        })
    }
}

/// `config.json`: every profile, shared by the command line and the storefront.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One profile: a gateway and a login on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The gateway the profile logged in to; its tokens are sent nowhere else.
    pub gateway: String,
    /// The email last logged in with, offered again at the next login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Where the tokens are, while logged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<StoreKind>,
    /// Where `orders place` ships to when no address is given on its command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
}

impl Config {
    /// Reads `config.json` in `dir`; none yet is an empty configuration.
    pub fn load(dir: &Path) -> SessionResult<Self> {
        let path = dir.join(CONFIG_FILE);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| SessionError::BadConfig {
                path: path.clone(),
                source,
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(SessionError::io("cannot read", &path, e)),
        }
    }

    pub fn save(&self, dir: &Path) -> SessionResult<()> {
        let path = dir.join(CONFIG_FILE);
        let mut json = serde_json::to_vec_pretty(self).map_err(SessionError::Encode)?;
        json.push(b'\n');
        write_private(&path, &json).map_err(|e| SessionError::io("cannot write", &path, e))
    }
}

/// Creates `dir` readable only by the user when it does not exist yet; an existing directory
/// keeps its permissions (it may be one the user chose, like a shared temporary folder).
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Replaces `path` with `bytes` in one step, as a file only the user can read or write: a crash
/// halfway leaves the old file, and the secret is never readable by others, not even briefly.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no parent directory"))?;
    ensure_dir(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let result = (|| {
        let mut file = options.open(&tmp)?;
        // The mode above only applies to a new file; a leftover temporary file keeps its own.
        #[cfg(unix)]
        file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_the_platform_dir() {
        let dir = ConfigDir::locate_from(Some("/tmp/x".into())).unwrap();
        assert_eq!(dir.path, PathBuf::from("/tmp/x"));
        assert!(dir.overridden);
        let empty = ConfigDir::locate_from(Some(PathBuf::new()));
        if let Ok(dir) = empty {
            assert!(!dir.overridden);
        }
    }

    #[test]
    fn missing_config_is_empty_and_round_trips() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested/bookstore");
        assert_eq!(Config::load(&dir).unwrap(), Config::default());

        let mut config = Config::default();
        config.profiles.insert(
            "default".into(),
            Profile {
                gateway: "http://127.0.0.1:8080".into(),
                email: Some("ada@example.com".into()),
                credentials: Some(StoreKind::File),
                shipping_address: None,
            },
        );
        config.save(&dir).unwrap();
        assert_eq!(Config::load(&dir).unwrap(), config);
        let text = fs::read_to_string(dir.join(CONFIG_FILE)).unwrap();
        assert!(text.contains(r#""credentials": "file""#), "{text}");
    }

    #[test]
    fn a_broken_config_names_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(CONFIG_FILE), "{").unwrap();
        let err = Config::load(tmp.path()).unwrap_err();
        assert!(format!("{err}").contains("config.json"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn created_dirs_and_files_are_private() {
        use std::os::unix::fs::PermissionsExt;

        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("conf");
        let path = dir.join("secret.json");
        write_private(&path, b"one").unwrap();
        write_private(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir), 0o700);
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    }
}
