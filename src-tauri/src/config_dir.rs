//! The folder the saved setups and the language choice live in: the OS config folder named
//! after the app id (`~/.config/<app id>/` on Linux).
//!
//! The app id was `app.haiilo-scim-assistant.desktop` before the package named its desktop
//! entry after the id (which made it `app.haiilo-scim-assistant.desktop.desktop`). A folder
//! left under that id is moved to the current one at start, so an update keeps the setups.

use std::path::{Path, PathBuf};

/// The app id the app had before, whose config folder an update takes over.
pub const PREVIOUS_APP_ID: &str = "app.haiilo-scim-assistant.desktop";

/// The config folder to use. `current` is the folder under today's app id; if it does not
/// exist yet and the previous id's folder next to it does, that folder is moved to
/// `current` first. If the move fails the previous folder is used where it is, so the
/// setups stay in reach (and the move is tried again at the next start).
pub fn adopt_previous(current: &Path) -> PathBuf {
    let previous = current.with_file_name(PREVIOUS_APP_ID);
    if current.exists() || previous == current || !previous.is_dir() {
        return current.to_path_buf();
    }
    match std::fs::rename(&previous, current) {
        Ok(()) => current.to_path_buf(),
        Err(e) => {
            eprintln!(
                "haiilo-scim-assistant: could not move {} to {}: {e}; using it where it is",
                previous.display(),
                current.display()
            );
            previous
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A fresh folder standing in for `~/.config`.
    fn config_home(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("haiilo-config-dir-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn an_update_moves_the_setups_from_the_previous_app_ids_folder() {
        let home = config_home("moved");
        let previous = home.join(PREVIOUS_APP_ID);
        fs::create_dir_all(&previous).unwrap();
        fs::write(previous.join("setups.json"), "{\"saved\":true}").unwrap();
        let current = home.join("app.haiilo-scim-assistant");

        assert_eq!(adopt_previous(&current), current);
        assert_eq!(
            fs::read_to_string(current.join("setups.json")).unwrap(),
            "{\"saved\":true}"
        );
        assert!(
            !previous.exists(),
            "the previous folder is moved, not copied"
        );
        // The next start finds the current folder and changes nothing.
        assert_eq!(adopt_previous(&current), current);
        fs::remove_dir_all(&home).unwrap();
    }

    #[test]
    fn a_current_folder_is_kept_and_the_previous_one_left_alone() {
        let home = config_home("both");
        let previous = home.join(PREVIOUS_APP_ID);
        let current = home.join("app.haiilo-scim-assistant");
        fs::create_dir_all(&previous).unwrap();
        fs::create_dir_all(&current).unwrap();
        fs::write(previous.join("setups.json"), "old").unwrap();
        fs::write(current.join("setups.json"), "new").unwrap();

        assert_eq!(adopt_previous(&current), current);
        assert_eq!(
            fs::read_to_string(current.join("setups.json")).unwrap(),
            "new"
        );
        assert_eq!(
            fs::read_to_string(previous.join("setups.json")).unwrap(),
            "old"
        );
        fs::remove_dir_all(&home).unwrap();
    }

    #[test]
    fn a_first_start_creates_nothing() {
        let home = config_home("first");
        let current = home.join("app.haiilo-scim-assistant");
        assert_eq!(adopt_previous(&current), current);
        assert!(!current.exists() && !home.join(PREVIOUS_APP_ID).exists());
        fs::remove_dir_all(&home).unwrap();
    }
}
