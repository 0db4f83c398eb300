//! What the app keeps while it runs.

use crate::test_overrides::TestOverrides;
use crate::view::SetupView;
use haiilo_scim_core::check::CheckReport;
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::secret_store::{
    Keychain, SecretStore, SecretStoreError, SessionSecrets, DEFAULT_SERVICE,
};
use haiilo_scim_core::setups::SetupStore;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use tokio::sync::Mutex;

pub struct AppState {
    pub setups: SetupStore,
    pub keychain: Keychain,
    /// Secrets the admin chose to keep for this session only (no keychain available).
    pub session: SessionSecrets,
    pub demo: Mutex<Option<demo_tenant::RunningTenant>>,
    /// Bumped on every copy; the clipboard clear-timer only clears its own copy.
    pub copy_generation: AtomicU64,
    /// The last run of each setup, for *Save report…* and *Copy summary*. Kept in memory
    /// only: it holds evidence (already scrubbed), which the saved setups do not need.
    pub last_reports: std::sync::Mutex<HashMap<String, CheckReport>>,
    /// The test suites' redirections; empty in release builds.
    pub overrides: TestOverrides,
}

impl AppState {
    pub fn new(default_data_dir: PathBuf, overrides: TestOverrides) -> Self {
        let data_dir = overrides.data_dir.clone().unwrap_or(default_data_dir);
        let service = overrides
            .keyring_service
            .clone()
            .unwrap_or_else(|| DEFAULT_SERVICE.to_string());
        Self {
            setups: SetupStore::new(data_dir),
            keychain: Keychain::new(service),
            session: SessionSecrets::default(),
            demo: Mutex::new(None),
            copy_generation: AtomicU64::new(0),
            last_reports: std::sync::Mutex::new(HashMap::new()),
            overrides,
        }
    }

    /// What to tell the user about setups files set aside since the last call (each file
    /// is reported once, by whichever command found it damaged).
    pub fn take_setups_notice(&self) -> Option<String> {
        let notices: Vec<String> = self
            .setups
            .take_set_aside()
            .iter()
            .map(|aside| aside.notice())
            .collect();
        (!notices.is_empty()).then(|| notices.join("\n"))
    }

    /// `view` with the pending setups notice, if any.
    pub fn with_setups_notice(&self, view: SetupView) -> SetupView {
        SetupView {
            notice: self.take_setups_notice(),
            ..view
        }
    }

    pub fn last_report(&self, setup_id: &str) -> Option<CheckReport> {
        self.last_reports
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(setup_id)
            .cloned()
    }

    /// The secret of a setup, from the session store first, then the keychain.
    pub fn secret(
        &self,
        setup_id: &str,
    ) -> Result<Option<(ClientSecret, SecretLocation)>, SecretStoreError> {
        if let Some(secret) = self.session.get(setup_id)? {
            return Ok(Some((secret, SecretLocation::Session)));
        }
        Ok(self
            .keychain
            .get(setup_id)?
            .map(|secret| (secret, SecretLocation::Keychain)))
    }

    /// Where the secret of each setup is, in the order of `setup_ids`: the same answers as
    /// [`AppState::secret_state`] per setup, from one question to the keychain where the
    /// platform allows it (a look-up per setup costs tens of milliseconds on Linux).
    pub fn secret_states(&self, setup_ids: &[&str]) -> Vec<SecretState> {
        let in_keychain = match self.keychain.stored_ids() {
            Ok(Some(ids)) => ids,
            Ok(None) => return setup_ids.iter().map(|id| self.secret_state(id)).collect(),
            Err(e) => {
                return setup_ids
                    .iter()
                    .map(|id| self.secret_state_without_keychain(id, Some(e.to_string())))
                    .collect()
            }
        };
        setup_ids
            .iter()
            .map(|id| match self.session.get(id) {
                Ok(Some(_)) => SecretState {
                    location: SecretLocation::Session,
                    keychain_error: None,
                },
                _ if in_keychain.contains(*id) => SecretState {
                    location: SecretLocation::Keychain,
                    keychain_error: None,
                },
                _ => SecretState {
                    location: SecretLocation::None,
                    keychain_error: None,
                },
            })
            .collect()
    }

    /// The session's answer alone, with the keychain's trouble attached.
    fn secret_state_without_keychain(
        &self,
        setup_id: &str,
        keychain_error: Option<String>,
    ) -> SecretState {
        match self.session.get(setup_id) {
            Ok(Some(_)) => SecretState {
                location: SecretLocation::Session,
                keychain_error: None,
            },
            _ => SecretState {
                location: SecretLocation::None,
                keychain_error,
            },
        }
    }

    /// Where the secret is, without handing it out.
    pub fn secret_state(&self, setup_id: &str) -> SecretState {
        match self.secret(setup_id) {
            Ok(Some((_, location))) => SecretState {
                location,
                keychain_error: None,
            },
            Ok(None) => SecretState {
                location: SecretLocation::None,
                keychain_error: None,
            },
            Err(e) => SecretState {
                location: SecretLocation::None,
                keychain_error: Some(e.to_string()),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SecretLocation {
    None,
    Keychain,
    Session,
}

/// What the UI may know about a secret: whether and where it is stored. Never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SecretState {
    pub location: SecretLocation,
    /// Set when the keychain could not be asked (then `location` is `none`).
    pub keychain_error: Option<String>,
}
