//! The commands the UI may call; each a thin wrapper over the core.

pub mod check;
pub mod clipboard;
pub mod demo;
pub mod language;
pub mod links;
pub mod new_pair;
pub mod pingone;
pub mod report;
pub mod secrets;
pub mod setups;
pub mod transfer;

use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::AppState;
use std::sync::Arc;

/// Runs keychain and file work off the async runtime's worker threads: the keychain's
/// D-Bus calls block.
pub async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl FnOnce(&AppState) -> IpcResult<T> + Send + 'static,
) -> IpcResult<T> {
    let state = state.clone();
    tauri::async_runtime::spawn_blocking(move || work(&state))
        .await
        .map_err(|e| {
            IpcError::new(
                AppErrorCode::Internal,
                haiilo_scim_core::trf!(
                    "A background task failed: {e}",
                    "Eine Hintergrundaufgabe ist gescheitert: „{e}“"
                ),
            )
        })?
}
