//! What the app keeps while it runs.

use crate::test_overrides::TestOverrides;
use crate::view::{self, SetupView};
use haiilo_scim_core::check::CheckReport;
use haiilo_scim_core::pingone_api::apply::ApplyPlan;
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::secret_store::{
    Keychain, SecretStore, SecretStoreError, SessionSecrets, DEFAULT_SERVICE,
};
use haiilo_scim_core::setups::{Setup, SetupStore};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use tokio::sync::Mutex;

/// A run with the language its findings were worded in: a report saved after a switch of
/// language is written whole in the run's language, not half in each.
#[derive(Debug, Clone)]
pub struct WordedReport {
    pub report: CheckReport,
    pub lang: haiilo_scim_core::lang::Lang,
}

pub struct AppState {
    pub setups: SetupStore,
    pub keychain: Keychain,
    /// Secrets the admin chose to keep for this session only (no keychain available).
    pub session: SessionSecrets,
    pub demo: Mutex<Option<demo_tenant::RunningTenant>>,
    /// The PingOne stand-in the demo setup's PingOne access points at (started with the
    /// demo tenant).
    pub demo_pingone: Mutex<Option<pingone_emulator::RunningEmulator>>,
    /// The plan last shown for each setup's *Apply to PingOne*: apply writes only when a
    /// fresh plan is still the one the admin confirmed.
    shown_plans: std::sync::Mutex<HashMap<String, ApplyPlan>>,
    /// Bumped on every copy; the clipboard clear-timer only clears its own copy.
    pub copy_generation: AtomicU64,
    /// The last run of each setup, for *Save report…* and *Copy summary*. Kept in memory
    /// only: it holds evidence (already scrubbed), which the saved setups do not need.
    pub last_reports: std::sync::Mutex<HashMap<String, WordedReport>>,
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
            demo_pingone: Mutex::new(None),
            shown_plans: std::sync::Mutex::new(HashMap::new()),
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

    pub fn last_report(&self, setup_id: &str) -> Option<WordedReport> {
        self.last_reports
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(setup_id)
            .cloned()
    }

    pub fn set_last_report(&self, setup_id: &str, report: CheckReport) {
        let worded = WordedReport {
            report,
            lang: haiilo_scim_core::lang::current(),
        };
        self.last_reports
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(setup_id.to_string(), worded);
    }

    /// The Haiilo client secret of a setup, from the session store first, then the keychain.
    pub fn secret(
        &self,
        setup_id: &str,
    ) -> Result<Option<(ClientSecret, SecretLocation)>, SecretStoreError> {
        self.secret_of(SecretKind::Haiilo, setup_id)
    }

    /// One of a setup's secrets, from the session store first, then the keychain.
    pub fn secret_of(
        &self,
        kind: SecretKind,
        setup_id: &str,
    ) -> Result<Option<(ClientSecret, SecretLocation)>, SecretStoreError> {
        self.secret_of_key(&kind.key(setup_id))
    }

    fn secret_of_key(
        &self,
        key: &str,
    ) -> Result<Option<(ClientSecret, SecretLocation)>, SecretStoreError> {
        if let Some(secret) = self.session.get(key)? {
            return Ok(Some((secret, SecretLocation::Session)));
        }
        Ok(self
            .keychain
            .get(key)?
            .map(|secret| (secret, SecretLocation::Keychain)))
    }

    /// Where each of these keychain entries is (`SecretKind::key`), in order: the same
    /// answers as [`AppState::secret_state_of`], from one question to the keychain where the
    /// platform allows it (a look-up per entry costs tens of milliseconds on Linux).
    fn secret_states(&self, keys: &[String]) -> Vec<SecretState> {
        let in_keychain = match self.keychain.stored_ids() {
            Ok(Some(ids)) => ids,
            Ok(None) => {
                return keys
                    .iter()
                    .map(|key| self.secret_state_of_key(key))
                    .collect()
            }
            Err(e) => {
                return keys
                    .iter()
                    .map(|key| self.secret_state_without_keychain(key, Some(e.to_string())))
                    .collect()
            }
        };
        keys.iter()
            .map(|key| match self.session.get(key) {
                Ok(Some(_)) => SecretState::at(SecretLocation::Session),
                _ if in_keychain.contains(key.as_str()) => {
                    SecretState::at(SecretLocation::Keychain)
                }
                _ => SecretState::at(SecretLocation::None),
            })
            .collect()
    }

    /// The views of many setups (the start screen), with one question to the keychain.
    pub fn setup_views(&self, setups: Vec<Setup>) -> Vec<SetupView> {
        let keys: Vec<String> = setups
            .iter()
            .flat_map(|s| SHOWN_PER_SETUP.map(|kind| kind.key(&s.id)))
            .collect();
        let mut states = self.secret_states(&keys).into_iter();
        setups
            .into_iter()
            .map(|setup| {
                let secret = states.next().unwrap_or_else(no_secret);
                let worker = states.next().unwrap_or_else(no_secret);
                let worker = if has_pingone_access(&setup) {
                    worker
                } else {
                    no_secret()
                };
                view::setup_view(setup, secret, worker)
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
            Ok(Some(_)) => SecretState::at(SecretLocation::Session),
            _ => SecretState {
                location: SecretLocation::None,
                keychain_error,
            },
        }
    }

    /// Where the Haiilo secret is, without handing it out.
    pub fn secret_state(&self, setup_id: &str) -> SecretState {
        self.secret_state_of(SecretKind::Haiilo, setup_id)
    }

    pub fn secret_state_of(&self, kind: SecretKind, setup_id: &str) -> SecretState {
        self.secret_state_of_key(&kind.key(setup_id))
    }

    fn secret_state_of_key(&self, key: &str) -> SecretState {
        match self.secret_of_key(key) {
            Ok(Some((_, location))) => SecretState {
                location,
                keychain_error: None,
            },
            Ok(None) => SecretState::at(SecretLocation::None),
            Err(e) => SecretState {
                location: SecretLocation::None,
                keychain_error: Some(e.to_string()),
            },
        }
    }

    /// The view of a setup, with where its secrets are. The keychain is asked for the
    /// worker secret only when the setup has PingOne access.
    pub fn setup_view(&self, setup: Setup) -> SetupView {
        let secret = self.secret_state(&setup.id);
        let worker_secret = if has_pingone_access(&setup) {
            self.secret_state_of(SecretKind::PingoneWorker, &setup.id)
        } else {
            no_secret()
        };
        view::setup_view(setup, secret, worker_secret)
    }

    /// The plan last shown for a setup's *Apply to PingOne*.
    pub fn shown_plan(&self, setup_id: &str) -> Option<ApplyPlan> {
        self.shown_plans().get(setup_id).cloned()
    }

    /// Remembers the plan shown for a setup; `None` forgets it (deleted, applied, or no plan).
    pub fn set_shown_plan(&self, setup_id: &str, plan: Option<ApplyPlan>) {
        let mut plans = self.shown_plans();
        match plan {
            Some(plan) => plans.insert(setup_id.to_string(), plan),
            None => plans.remove(setup_id),
        };
    }

    fn shown_plans(&self) -> std::sync::MutexGuard<'_, HashMap<String, ApplyPlan>> {
        // Poisoned only by a panic mid-insert into a map of owned values: still consistent.
        self.shown_plans.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Removes every secret of a setup, in the keychain and the session.
    pub fn delete_secrets(&self, setup_id: &str) -> Result<(), SecretStoreError> {
        for kind in SecretKind::ALL {
            let key = kind.key(setup_id);
            self.session.delete(&key)?;
            self.keychain.delete(&key)?;
        }
        Ok(())
    }
}

/// The secrets a setup's view shows where they are, in this order.
const SHOWN_PER_SETUP: [SecretKind; 2] = [SecretKind::Haiilo, SecretKind::PingoneWorker];

fn no_secret() -> SecretState {
    SecretState::at(SecretLocation::None)
}

/// The worker secret is asked for only when the setup has PingOne access.
fn has_pingone_access(setup: &Setup) -> bool {
    setup.pingone.as_ref().is_some_and(|p| !p.is_blank())
}

/// Which of a setup's secrets: each is its own keychain entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    /// The Haiilo API client's secret (the entry keyed by the setup id, as before).
    #[default]
    Haiilo,
    /// The PingOne worker application's secret.
    PingoneWorker,
    /// A new Haiilo client secret, kept aside until a test with it passes (then it replaces
    /// the `Haiilo` one: `core::new_pair`).
    HaiiloPending,
}

impl SecretKind {
    pub const ALL: [SecretKind; 3] = [
        SecretKind::Haiilo,
        SecretKind::PingoneWorker,
        SecretKind::HaiiloPending,
    ];

    /// The keychain entry's name.
    pub fn key(self, setup_id: &str) -> String {
        match self {
            SecretKind::Haiilo => setup_id.to_string(),
            SecretKind::PingoneWorker => format!("{setup_id}.pingone-worker"),
            SecretKind::HaiiloPending => format!("{setup_id}.haiilo-pending"),
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

impl SecretState {
    /// Where the secret is, with no keychain trouble to report.
    pub fn at(location: SecretLocation) -> Self {
        Self {
            location,
            keychain_error: None,
        }
    }
}
