//! Copying values. The secret is copied from the keychain on the Rust side straight to the
//! clipboard, and cleared again after a minute if the clipboard still holds it.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::AppState;
use haiilo_scim_core::{tr, trf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

/// How long a copied secret may stay on the clipboard.
pub const SECRET_CLIPBOARD_SECONDS: u64 = 60;

fn write(app: &AppHandle, text: String) -> IpcResult<()> {
    app.clipboard().write_text(text).map_err(|e| {
        IpcError::new(
            AppErrorCode::ClipboardFailed,
            trf!(
                "Could not copy to the clipboard: {e}",
                "Kopieren in die Zwischenablage ist gescheitert: „{e}“"
            ),
        )
    })
}

#[tauri::command]
pub async fn copy_text(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    text: String,
) -> IpcResult<()> {
    state.copy_generation.fetch_add(1, Ordering::SeqCst);
    write(&app, text)
}

/// Copies the setup's secret; returns the seconds until it is cleared.
#[tauri::command]
pub async fn copy_secret(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    id: String,
) -> IpcResult<u64> {
    let secret = blocking(&state, move |state| {
        state.secret(&id)?.map(|(secret, _)| secret).ok_or_else(|| {
            IpcError::new(
                AppErrorCode::SecretMissing,
                tr!(
                    "No client secret is stored for this setup yet.",
                    "Für dieses Setup ist noch kein Client Secret gespeichert."
                ),
            )
        })
    })
    .await?;
    let generation = state.copy_generation.fetch_add(1, Ordering::SeqCst) + 1;
    write(&app, secret.expose().to_string())?;

    let state = state.inner().clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(Duration::from_secs(SECRET_CLIPBOARD_SECONDS)).await;
        // Clear only if nothing was copied since and the clipboard still holds the secret:
        // never wipe something the admin copied themselves in the meantime.
        let still_ours = state.copy_generation.load(Ordering::SeqCst) == generation
            && app
                .clipboard()
                .read_text()
                .is_ok_and(|t| t == secret.expose());
        if still_ours {
            let _ = app.clipboard().write_text(String::new());
        }
    });
    Ok(SECRET_CLIPBOARD_SECONDS)
}
