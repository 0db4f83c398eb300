//! Where client secrets live: the OS keychain (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows), one entry per saved setup. When no keychain is usable
//! the app may keep a secret for the running session only; it is never written to disk.

use crate::secret::ClientSecret;
use std::collections::HashMap;
use std::sync::Mutex;

/// The keychain service name; tests override it so they never touch real entries.
pub const DEFAULT_SERVICE: &str = "haiilo-scim-assistant";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretStoreError {
    /// No usable keychain (no Secret Service running, locked and cannot be unlocked, ...).
    Unavailable {
        reason: String,
    },
    Failed {
        reason: String,
    },
}

impl std::error::Error for SecretStoreError {}

/// The keychain library's reason is English: German quotes it.
impl std::fmt::Display for SecretStoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Unavailable { reason } => crate::trf!(
                "The system keychain is not available ({reason}). You can keep the secret for this session only; it will not be saved.",
                "Der Schlüsselbund des Betriebssystems ist nicht verfügbar („{reason}“). Sie können das Secret nur für diese Sitzung behalten; es wird nicht gespeichert."
            ),
            Self::Failed { reason } => crate::trf!(
                "The system keychain refused to store the secret: {reason}",
                "Der Schlüsselbund des Betriebssystems hat das Speichern des Secrets abgelehnt: „{reason}“"
            ),
        };
        f.write_str(&text)
    }
}

/// Reads and writes client secrets by setup id.
pub trait SecretStore: Send + Sync {
    fn set(&self, setup_id: &str, secret: &ClientSecret) -> Result<(), SecretStoreError>;
    fn get(&self, setup_id: &str) -> Result<Option<ClientSecret>, SecretStoreError>;
    /// Removes the entry; removing a missing one is not an error.
    fn delete(&self, setup_id: &str) -> Result<(), SecretStoreError>;
}

/// Secrets for the life of the process only.
#[derive(Default)]
pub struct SessionSecrets {
    secrets: Mutex<HashMap<String, ClientSecret>>,
}

impl SecretStore for SessionSecrets {
    fn set(&self, setup_id: &str, secret: &ClientSecret) -> Result<(), SecretStoreError> {
        self.lock().insert(setup_id.to_string(), secret.clone());
        Ok(())
    }

    fn get(&self, setup_id: &str) -> Result<Option<ClientSecret>, SecretStoreError> {
        Ok(self.lock().get(setup_id).cloned())
    }

    fn delete(&self, setup_id: &str) -> Result<(), SecretStoreError> {
        self.lock().remove(setup_id);
        Ok(())
    }
}

impl SessionSecrets {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, ClientSecret>> {
        // A poisoned lock only means another thread panicked mid-update of a HashMap of
        // owned strings; the map itself is still consistent.
        self.secrets.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(feature = "keychain")]
pub use keychain::Keychain;

#[cfg(feature = "keychain")]
mod keychain {
    use super::*;
    use std::collections::HashSet;

    /// The OS keychain under one service name.
    pub struct Keychain {
        service: String,
    }

    impl Keychain {
        pub fn new(service: impl Into<String>) -> Self {
            Self {
                service: service.into(),
            }
        }

        fn entry(&self, setup_id: &str) -> Result<keyring::Entry, SecretStoreError> {
            keyring::Entry::new(&self.service, setup_id).map_err(classify)
        }

        /// The setup ids that have an entry under this service, found with one question to
        /// the keychain instead of one per setup; `Ok(None)` where the platform has no such
        /// question (then ask per setup with [`SecretStore::get`]).
        pub fn stored_ids(&self) -> Result<Option<HashSet<String>>, SecretStoreError> {
            #[cfg(target_os = "linux")]
            return secret_service_listing::stored_ids(&self.service).map(Some);
            #[cfg(not(target_os = "linux"))]
            Ok(None)
        }
    }

    /// The Secret Service: keyring opens a connection and an encrypted session for every
    /// look-up, tens of milliseconds each, which a start screen with 200 setups paid 200
    /// times. Here one search by the attributes keyring puts on every entry it writes
    /// (`service`, and `target` = `default` as keyring's own look-up uses), then the
    /// `username` attribute (the setup id) of each item found. No secret is transferred, so
    /// a plain session will do.
    #[cfg(target_os = "linux")]
    mod secret_service_listing {
        use super::{HashMap, HashSet, SecretStoreError};
        use secret_service::blocking::SecretService;
        use secret_service::EncryptionType;

        fn unavailable(e: secret_service::Error) -> SecretStoreError {
            SecretStoreError::Unavailable {
                reason: e.to_string(),
            }
        }

        pub fn stored_ids(service: &str) -> Result<HashSet<String>, SecretStoreError> {
            let ss = SecretService::connect(EncryptionType::Plain).map_err(unavailable)?;
            let found = ss
                .search_items(HashMap::from([("service", service), ("target", "default")]))
                .map_err(unavailable)?;
            let mut ids = HashSet::new();
            for item in found.unlocked.iter().chain(found.locked.iter()) {
                if let Some(id) = item
                    .get_attributes()
                    .map_err(unavailable)?
                    .remove("username")
                {
                    ids.insert(id);
                }
            }
            Ok(ids)
        }
    }

    /// Separates "there is no keychain" (offer session-only) from other failures.
    fn classify(error: keyring::Error) -> SecretStoreError {
        match error {
            keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
                SecretStoreError::Unavailable {
                    reason: e.to_string(),
                }
            }
            other => SecretStoreError::Failed {
                reason: other.to_string(),
            },
        }
    }

    impl SecretStore for Keychain {
        fn set(&self, setup_id: &str, secret: &ClientSecret) -> Result<(), SecretStoreError> {
            self.entry(setup_id)?
                .set_password(secret.expose())
                .map_err(classify)
        }

        fn get(&self, setup_id: &str) -> Result<Option<ClientSecret>, SecretStoreError> {
            match self.entry(setup_id)?.get_password() {
                Ok(value) => Ok(Some(ClientSecret::new(value))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(classify(e)),
            }
        }

        fn delete(&self, setup_id: &str) -> Result<(), SecretStoreError> {
            match self.entry(setup_id)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(classify(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_secrets_are_kept_per_setup() {
        let store = SessionSecrets::default();
        store.set("a", &ClientSecret::new("one")).unwrap();
        assert_eq!(store.get("a").unwrap().unwrap().expose(), "one");
        assert!(store.get("b").unwrap().is_none());
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert!(store.get("a").unwrap().is_none());
    }
}
