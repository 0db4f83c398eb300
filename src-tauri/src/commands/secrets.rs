//! A setup's secrets (the Haiilo client secret, and the PingOne worker app's secret when it
//! has PingOne access) go from the UI to the keychain once; they never come back.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::{AppState, SecretKind, SecretState};
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::secret_store::SecretStore;
use haiilo_scim_core::setups::now_ms;
use haiilo_scim_core::{tr, trf};
use std::sync::Arc;
use tauri::State;

/// What to do with white space or invisible characters around a pasted secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SecretLeftovers {
    /// Refuse with `secret_whitespace`, so the admin decides (the default).
    Refuse,
    /// Store it without them (the one rule for what counts: `core::pasted`).
    Trim,
    /// The admin confirmed the secret as typed.
    Keep,
}

/// Stores the secret in the keychain, or for this session only when the admin chose that
/// (offered after the keychain reported itself unavailable). A secret with white space or an
/// invisible character around it is refused with `secret_whitespace` unless the admin chose
/// to trim or keep it: it is almost always a copy-paste leftover that Haiilo refuses.
#[tauri::command]
pub async fn store_secret(
    state: State<'_, Arc<AppState>>,
    id: String,
    secret: String,
    session_only: bool,
    leftovers: SecretLeftovers,
    kind: SecretKind,
) -> IpcResult<SecretState> {
    let secret = match leftovers {
        SecretLeftovers::Trim => haiilo_scim_core::pasted::trim_pasted(&secret).to_string(),
        SecretLeftovers::Refuse | SecretLeftovers::Keep => secret,
    };
    if secret.is_empty() {
        let message = match kind {
            SecretKind::Haiilo | SecretKind::HaiiloPending => tr!(
                "Paste the Client Secret Haiilo showed when you created the API client.",
                "Fügen Sie das „Client Secret“ ein, das Haiilo beim Erstellen des API-Clients angezeigt hat."
            ),
            SecretKind::PingoneWorker => tr!(
                "Paste the worker application's Client Secret (PingOne: Applications › Applications › your worker app › Configuration).",
                "Fügen Sie das „Client Secret“ der Worker-App ein (PingOne: „Applications › Applications“ › Ihre Worker-App › „Configuration“)."
            ),
        };
        return Err(IpcError::new(AppErrorCode::SecretEmpty, message));
    }
    let refuse = leftovers == SecretLeftovers::Refuse;
    if let Some(place) = haiilo_scim_core::pasted::stray_around(&secret).filter(|_| refuse) {
        return Err(IpcError::new(AppErrorCode::SecretWhitespace, {
            let service = match kind {
                SecretKind::Haiilo | SecretKind::HaiiloPending => "Haiilo",
                SecretKind::PingoneWorker => "PingOne",
            };
            let advice = match kind {
                SecretKind::Haiilo | SecretKind::HaiiloPending => tr!(
                    "Save it without, and paste it into PingOne the same way.",
                    "Speichern Sie es ohne dieses Zeichen und fügen Sie es ebenso in PingOne ein."
                ),
                SecretKind::PingoneWorker => {
                    tr!("Save it without.", "Speichern Sie es ohne dieses Zeichen.")
                }
            };
            trf!(
                    "The secret you pasted has a space, line break or invisible character {place}. Secrets never \
                     do: it is almost certainly a copy-paste leftover, and {service} will most likely refuse the secret with it. {advice}",
                    "Das eingefügte Secret hat {place} ein Leerzeichen, einen Zeilenumbruch oder ein unsichtbares Zeichen. \
                     Secrets haben so etwas nie: Es ist fast sicher ein Rest vom Kopieren, und {service} wird das Secret \
                     damit höchstwahrscheinlich ablehnen. {advice}"
                )
        }));
    }
    let secret = ClientSecret::new(secret);
    blocking(&state, move |state| {
        state.setups.get(&id)?;
        let key = kind.key(&id);
        if session_only {
            state.session.set(&key, &secret)?;
        } else {
            state.keychain.set(&key, &secret)?;
            // A keychain copy supersedes one kept for the session.
            state.session.delete(&key)?;
        }
        if kind == SecretKind::Haiilo {
            // PingOne never returns the secret: this time tells the next apply to send it.
            state
                .setups
                .update(&id, |setup| setup.secret_saved_ms = Some(now_ms()))?;
        }
        Ok(state.secret_state_of(kind, &id))
    })
    .await
}

#[tauri::command]
pub async fn remove_secret(
    state: State<'_, Arc<AppState>>,
    id: String,
    kind: SecretKind,
) -> IpcResult<SecretState> {
    blocking(&state, move |state| {
        let key = kind.key(&id);
        state.session.delete(&key)?;
        state.keychain.delete(&key)?;
        Ok(state.secret_state_of(kind, &id))
    })
    .await
}
