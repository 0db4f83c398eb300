//! The client secret goes from the UI to the keychain once; it never comes back.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::{AppState, SecretState};
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::secret_store::SecretStore;
use std::sync::Arc;
use tauri::State;

/// Stores the secret in the keychain, or for this session only when the admin chose that
/// (offered after the keychain reported itself unavailable). A secret with white space or an
/// invisible character around it is refused with `secret_whitespace` unless the admin
/// confirmed it (`as_typed`): it is almost always a copy-paste leftover that Haiilo rejects.
#[tauri::command]
pub async fn store_secret(
    state: State<'_, Arc<AppState>>,
    id: String,
    secret: String,
    session_only: bool,
    as_typed: bool,
) -> IpcResult<SecretState> {
    if secret.is_empty() {
        return Err(IpcError::new(
            AppErrorCode::SecretEmpty,
            "Paste the Client Secret Haiilo showed when you created the API client.",
        ));
    }
    if let Some(place) = haiilo_scim_core::pasted::stray_around(&secret).filter(|_| !as_typed) {
        return Err(IpcError::new(
            AppErrorCode::SecretWhitespace,
            format!(
                "The secret you pasted has a space, line break or invisible character {place}. Secrets never \
                 do: it is a copy-paste leftover, and Haiilo would reject the secret with it. Save it without, \
                 and paste it into PingOne the same way."
            ),
        ));
    }
    let secret = ClientSecret::new(secret);
    blocking(&state, move |state| {
        state.setups.get(&id)?;
        if session_only {
            state.session.set(&id, &secret)?;
        } else {
            state.keychain.set(&id, &secret)?;
            // A keychain copy supersedes one kept for the session.
            state.session.delete(&id)?;
        }
        Ok(state.secret_state(&id))
    })
    .await
}

#[tauri::command]
pub async fn remove_secret(state: State<'_, Arc<AppState>>, id: String) -> IpcResult<SecretState> {
    blocking(&state, move |state| {
        state.session.delete(&id)?;
        state.keychain.delete(&id)?;
        Ok(state.secret_state(&id))
    })
    .await
}
