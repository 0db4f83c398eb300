//! The environment variables the test suites use to keep the app away from the user's real
//! data, keychain, file dialog and browser. They are read here and nowhere else.
//!
//! Debug builds only. In a release build anything that can set the environment of the app
//! (a launcher, a `.desktop` file, a login script) could otherwise send the saved setups to
//! a folder of its choice, read or replace keychain entries under another service name,
//! write reports to a path without the save dialog, or swallow the links the admin opens.
//! So a release build ignores them all, and the choice is made in one place
//! ([`TestOverrides::from_env`]), against `cfg!(debug_assertions)`, which `cargo build
//! --release` and `tauri build` turn off.
//!
//! The CLI has no such variables: it keeps no saved setups and never uses the keychain (the
//! secret comes from `HAIILO_CLIENT_SECRET` or stdin, which is its documented headless
//! input, not a test hook). Should it ever read the app's data folder, it must take it from
//! a documented option that works the same in every build, since headless servers need it.

use std::ffi::OsString;
use std::path::PathBuf;

/// Where the saved setups are kept instead of the OS config folder.
pub const DATA_DIR_ENV: &str = "HAIILO_SCIM_DATA_DIR";
/// The keychain service name instead of the real one, so tests never touch real entries.
pub const KEYRING_SERVICE_ENV: &str = "HAIILO_SCIM_KEYRING_SERVICE";
/// Where *Save report…* writes instead of asking with the native dialog, which WebDriver
/// cannot operate.
pub const REPORT_PATH_ENV: &str = "HAIILO_SCIM_REPORT_PATH";
/// The file *Export…* writes and *Import setup…* reads instead of asking with the native
/// dialogs, which WebDriver cannot operate.
pub const TRANSFER_PATH_ENV: &str = "HAIILO_SCIM_TRANSFER_PATH";
/// A file that `open_link` appends each accepted address to instead of starting a browser,
/// so a test can see what would have opened.
pub const OPENED_LINKS_ENV: &str = "HAIILO_SCIM_OPENED_LINKS";

/// The overrides in force for this process; all `None` in a release build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestOverrides {
    pub data_dir: Option<PathBuf>,
    pub keyring_service: Option<String>,
    pub report_path: Option<PathBuf>,
    pub transfer_path: Option<PathBuf>,
    pub opened_links_log: Option<PathBuf>,
}

impl TestOverrides {
    pub fn from_env() -> Self {
        Self::read(cfg!(debug_assertions), |name| std::env::var_os(name))
    }

    /// `honoured` is false in release builds: then nothing is read at all.
    fn read(honoured: bool, lookup: impl Fn(&str) -> Option<OsString>) -> Self {
        if !honoured {
            return Self::default();
        }
        // An empty value counts as unset, so `VAR= app` cannot point the data at the
        // current directory or the keychain at a nameless service.
        let value = |name: &str| lookup(name).filter(|v| !v.is_empty());
        Self {
            data_dir: value(DATA_DIR_ENV).map(PathBuf::from),
            keyring_service: value(KEYRING_SERVICE_ENV).and_then(|v| v.into_string().ok()),
            report_path: value(REPORT_PATH_ENV).map(PathBuf::from),
            transfer_path: value(TRANSFER_PATH_ENV).map(PathBuf::from),
            opened_links_log: value(OPENED_LINKS_ENV).map(PathBuf::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything_set(name: &str) -> Option<OsString> {
        let value = match name {
            DATA_DIR_ENV => "/tmp/elsewhere",
            KEYRING_SERVICE_ENV => "other-service",
            REPORT_PATH_ENV => "/tmp/report.html",
            TRANSFER_PATH_ENV => "/tmp/acme.haiilo-setup.json",
            OPENED_LINKS_ENV => "/tmp/links.txt",
            _ => return None,
        };
        Some(value.into())
    }

    #[test]
    fn a_release_build_ignores_every_override() {
        assert_eq!(
            TestOverrides::read(false, everything_set),
            TestOverrides::default()
        );
    }

    #[test]
    fn a_debug_build_honours_each_override() {
        assert_eq!(
            TestOverrides::read(true, everything_set),
            TestOverrides {
                data_dir: Some("/tmp/elsewhere".into()),
                keyring_service: Some("other-service".into()),
                report_path: Some("/tmp/report.html".into()),
                transfer_path: Some("/tmp/acme.haiilo-setup.json".into()),
                opened_links_log: Some("/tmp/links.txt".into()),
            }
        );
    }

    #[test]
    fn empty_values_count_as_unset() {
        let overrides = TestOverrides::read(true, |_| Some(OsString::new()));
        assert_eq!(overrides, TestOverrides::default());
    }
}
