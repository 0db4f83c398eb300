//! The one error shape the UI receives: a stable `code` to branch on and a `message` to
//! show. Messages never contain a secret (core errors are built without them).

use haiilo_scim_core::error::InputErrorCode;
use haiilo_scim_core::pingone_api::AccessError;
use haiilo_scim_core::secret_store::SecretStoreError;
use haiilo_scim_core::setups::transfer::{TransferError, TransferErrorCode};
use haiilo_scim_core::setups::SetupStoreError;
use serde::Serialize;

/// What went wrong in the app itself (storage, keychain, clipboard, browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AppErrorCode {
    SecretEmpty,
    SecretWhitespace,
    SecretMissing,
    SetupNotFound,
    StorageFailed,
    KeychainUnavailable,
    KeychainFailed,
    DemoFailed,
    OpenFailed,
    InvalidLink,
    LinkNotHttps,
    LinkHasCredentials,
    LinkHostNotListed,
    NoReport,
    ReportWriteFailed,
    ClipboardFailed,
    /// The PingOne actions need PingOne access (region, environment, worker app) first.
    PingoneAccessMissing,
    /// A PingOne access value cannot be used; the message names the field.
    PingoneAccessInvalid,
    /// The PingOne worker app's secret is not stored yet.
    WorkerSecretMissing,
    /// PingOne changed between showing the plan and applying it: the new plan is returned.
    PlanChanged,
    /// *Apply* before a plan was shown, or after the app restarted.
    NoPlanShown,
    /// Switching the rule on needs a passing PingOne cloud test in this session's last run.
    CloudTestNotPassed,
    /// PingOne answered, and the rule could not be switched on (the message says why).
    SwitchOnRefused,
    Internal,
}

/// Every code the UI may receive: a value the admin typed, the app's own trouble, or a setup
/// file that could not be exported or imported. All serialise as plain strings, so the UI
/// sees one union of string literals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum IpcErrorCode {
    Input(InputErrorCode),
    App(AppErrorCode),
    Transfer(TransferErrorCode),
}

/// One code for every PingOne access value, kept apart from the Haiilo address codes (some
/// share a name, such as `invalid_url`): the UI shows it in the PingOne access panel, and
/// the message names the field.
impl From<AccessError> for IpcError {
    fn from(e: AccessError) -> Self {
        Self::new(AppErrorCode::PingoneAccessInvalid, e.to_string())
    }
}

impl From<InputErrorCode> for IpcErrorCode {
    fn from(code: InputErrorCode) -> Self {
        Self::Input(code)
    }
}

impl From<TransferErrorCode> for IpcErrorCode {
    fn from(code: TransferErrorCode) -> Self {
        Self::Transfer(code)
    }
}

impl From<AppErrorCode> for IpcErrorCode {
    fn from(code: AppErrorCode) -> Self {
        Self::App(code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: impl Into<IpcErrorCode>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
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
            SetupStoreError::NotFound(_) => AppErrorCode::SetupNotFound,
            SetupStoreError::Io { .. } | SetupStoreError::LockTimeout { .. } => {
                AppErrorCode::StorageFailed
            }
        };
        Self::new(code, e.to_string())
    }
}

impl From<TransferError> for IpcError {
    fn from(e: TransferError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl From<SecretStoreError> for IpcError {
    fn from(e: SecretStoreError) -> Self {
        let code = match e {
            SecretStoreError::Unavailable { .. } => AppErrorCode::KeychainUnavailable,
            SecretStoreError::Failed { .. } => AppErrorCode::KeychainFailed,
        };
        Self::new(code, e.to_string())
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::links::LinkRefused;
    use haiilo_scim_core::lang::{english_words, sync_scope, Lang};
    use haiilo_scim_core::pingone_api::{AccessInput, PingOneAccess};
    use std::path::PathBuf;

    fn errors() -> Vec<IpcError> {
        let access = |environment_id: &str, auth_url: Option<&str>| {
            PingOneAccess::parse(&AccessInput {
                region: "eu",
                environment_id,
                worker_client_id: "worker-1",
                auth_url,
                api_url: None,
            })
            .unwrap_err()
        };
        vec![
            access("", None).into(),
            access(
                "9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01",
                Some("http://auth.example.com"),
            )
            .into(),
            SetupStoreError::NotFound("s1".into()).into(),
            SetupStoreError::Io {
                action: haiilo_scim_core::setups::StoreAction::Write,
                path: PathBuf::from("/home/u/.config/setups.json"),
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            }
            .into(),
            TransferError::DemoNotExportable.into(),
            SecretStoreError::Unavailable {
                reason: "no Secret Service".into(),
            }
            .into(),
            LinkRefused::NotHttps.into(),
            LinkRefused::HostNotListed("evil.example".into()).into(),
        ]
    }

    #[test]
    fn messages_follow_the_language_and_codes_do_not() {
        let english = errors();
        let german = sync_scope(Lang::De, errors);
        for (en, de) in english.iter().zip(&german) {
            assert_eq!(en.code, de.code, "the code is the same in both languages");
            assert_ne!(en.message, de.message);
            let left = english_words(&de.message);
            assert!(left.is_empty(), "English {left:?} in: {}", de.message);
        }
        assert!(german[0]
            .message
            .starts_with("Geben Sie die PingOne-Umgebungs-ID ein"));
        assert!(german[5].message.contains("Schlüsselbund"));
        assert!(english[0]
            .message
            .starts_with("Enter the PingOne environment ID"));
    }
}
