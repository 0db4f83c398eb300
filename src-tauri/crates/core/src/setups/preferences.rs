//! The app's preferences, next to the saved setups: today only the language the admin
//! chose. A missing or unreadable file means "no choice made" (the system's language);
//! preferences are not worth an error dialog at start.

use super::{disk, SetupStoreError};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const FILE_NAME: &str = "preferences.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// The language chosen in the app; `None` follows the system's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
}

pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

pub fn load(dir: &Path) -> Preferences {
    std::fs::read(path(dir))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

pub fn save(dir: &Path, preferences: &Preferences) -> Result<(), SetupStoreError> {
    disk::create_private_dir(dir)?;
    let bytes = serde_json::to_vec_pretty(preferences).unwrap_or_default();
    disk::write_atomically(&path(dir), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_language_is_remembered_and_a_damaged_file_means_no_choice() {
        let dir = std::env::temp_dir().join(format!("haiilo-prefs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(load(&dir), Preferences::default(), "no file: no choice");
        let chosen = Preferences {
            language: Some(Lang::De),
        };
        save(&dir, &chosen).unwrap();
        assert_eq!(load(&dir), chosen);
        assert!(std::fs::read_to_string(path(&dir))
            .unwrap()
            .contains("\"de\""));
        std::fs::write(path(&dir), b"{not json").unwrap();
        assert_eq!(load(&dir), Preferences::default());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
