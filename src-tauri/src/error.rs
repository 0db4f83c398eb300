//! The one error shape the UI receives: a stable `code` to branch on and a `message` to
//! show. Messages never contain a secret (core errors are built without them).

use haiilo_scim_core::secret_store::SecretStoreError;
use haiilo_scim_core::setups::SetupStoreError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<haiilo_scim_core::Error> for IpcError {
    fn from(e: haiilo_scim_core::Error) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl From<SetupStoreError> for IpcError {
    fn from(e: SetupStoreError) -> Self {
        let code = match e {
            SetupStoreError::NotFound(_) => "setup_not_found",
            SetupStoreError::Io { .. } | SetupStoreError::LockTimeout { .. } => "storage_failed",
        };
        Self::new(code, e.to_string())
    }
}

impl From<SecretStoreError> for IpcError {
    fn from(e: SecretStoreError) -> Self {
        let code = match e {
            SecretStoreError::Unavailable { .. } => "keychain_unavailable",
            SecretStoreError::Failed { .. } => "keychain_failed",
        };
        Self::new(code, e.to_string())
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
