//! Where client secrets live: the OS keychain (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows), one entry per saved setup. When no keychain is usable
//! the app may keep a secret for the running session only; it is never written to disk.

use crate::secret::ClientSecret;
use std::collections::HashMap;
use std::sync::Mutex;

/// The keychain service name; tests override it so they never touch real entries.
pub const DEFAULT_SERVICE: &str = "haiilo-scim-assistant";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretStoreError {
    /// No usable keychain (no Secret Service running, locked and cannot be unlocked, ...).
    #[error("The system keychain is not available ({reason}). You can keep the secret for this session only; it will not be saved.")]
    Unavailable { reason: String },
    #[error("The system keychain refused to store the secret: {reason}")]
    Failed { reason: String },
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
