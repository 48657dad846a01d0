//! `tui.toml` in the same config directory as the command line's profiles: key remapping.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::keys::Keymap;

/// The storefront's own settings file.
pub const SETTINGS_FILE: &str = "tui.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// Command name → keys.
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
}

/// Why the settings were refused; the storefront does not start with them.
#[derive(Debug)]
pub struct SettingsError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// The keymap from `dir/tui.toml`; no file is the default keymap.
pub fn load_keymap(dir: &Path) -> Result<Keymap, SettingsError> {
    let path = dir.join(SETTINGS_FILE);
    let error = |message: String| SettingsError {
        path: path.clone(),
        message,
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Keymap::default()),
        Err(e) => return Err(error(e.to_string())),
    };
    let file: File = toml::from_str(&text).map_err(|e| error(e.to_string().trim().to_owned()))?;
    Keymap::with_overrides(&file.keys).map_err(error)
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::keys::{Command, Key, Scope};

    #[test]
    fn a_missing_file_is_the_default_and_a_file_remaps() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(load_keymap(tmp.path()).is_ok());
        std::fs::write(
            tmp.path().join(SETTINGS_FILE),
            "[keys]\ndown = [\"ctrl-n\", \"down\"]\n",
        )
        .unwrap();
        let map = load_keymap(tmp.path()).unwrap();
        assert_eq!(
            map.command(&[Scope::Global], Key::parse("ctrl-n").unwrap()),
            Some(Command::Down)
        );
    }

    #[test]
    fn a_bad_file_is_refused_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(SETTINGS_FILE), "[keys]\nquit = []\n").unwrap();
        let err = load_keymap(tmp.path()).unwrap_err().to_string();
        assert!(err.contains("tui.toml: `quit` has no key"), "{err}");
        std::fs::write(tmp.path().join(SETTINGS_FILE), "[colours]\n").unwrap();
        let err = load_keymap(tmp.path()).unwrap_err().to_string();
        assert!(err.contains("colours"), "{err}");
    }
}
