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
