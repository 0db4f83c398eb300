//! Saved setups: list, create, save, delete; live endpoint preview.

use super::blocking;
use crate::error::IpcResult;
use crate::state::AppState;
use crate::view::{self, EndpointPreview, SetupView, StartView};
use haiilo_scim_core::secret_store::SecretStore;
use haiilo_scim_core::setups::{ExplicitUrls, GroupProvisioning, Setup};
use serde::Deserialize;
use std::sync::Arc;
use tauri::State;

/// What the UI may change in a setup. Check results, ids and times are the app's own.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupInput {
    pub id: String,
    pub name: String,
    pub domain: String,
    pub client_id: String,
    pub advanced: Option<ExplicitUrls>,
    pub done_steps: Vec<String>,
    pub group_provisioning: GroupProvisioning,
    pub groups_note: String,
}

#[tauri::command]
pub async fn list_setups(state: State<'_, Arc<AppState>>) -> IpcResult<StartView> {
    blocking(&state, |state| {
        let loaded = state.setups.load()?;
        let notice = loaded.moved_aside.map(|(path, reason)| {
            format!(
                "Your saved setups could not be read ({reason}). The file was kept as {} and a new list was started.",
                path.display()
            )
        });
        let mut setups: Vec<SetupView> = loaded
            .setups
            .into_iter()
            .map(|s| {
                let secret = state.secret_state(&s.id);
                view::setup_view(s, secret)
            })
            .collect();
        setups.sort_by_key(|s| std::cmp::Reverse(s.setup.updated_ms));
        Ok(StartView { setups, notice })
    })
    .await
}

#[tauri::command]
pub async fn create_setup(state: State<'_, Arc<AppState>>, name: String) -> IpcResult<SetupView> {
    blocking(&state, move |state| {
        let name = if name.trim().is_empty() {
            "New setup"
        } else {
            name.trim()
        };
        let setup = state.setups.upsert(Setup::new(name))?;
        let secret = state.secret_state(&setup.id);
        Ok(view::setup_view(setup, secret))
    })
    .await
}

#[tauri::command]
pub async fn save_setup(
    state: State<'_, Arc<AppState>>,
    input: SetupInput,
) -> IpcResult<SetupView> {
    blocking(&state, move |state| {
        // Refused before anything is written, so a pasted credential never reaches the file.
        let secret = state.secret(&input.id).ok().flatten().map(|(s, _)| s);
        view::refuse_credentials(&input.domain, input.advanced.as_ref(), secret.as_ref())?;
        let mut setup = state.setups.get(&input.id)?;
        setup.name = input.name.trim().to_string();
        setup.domain = input.domain;
        setup.client_id = input.client_id;
        setup.advanced = input.advanced;
        setup.done_steps = input.done_steps.into_iter().collect();
        setup.group_provisioning = input.group_provisioning;
        setup.groups_note = input.groups_note;
        let setup = state.setups.upsert(setup)?;
        let secret = state.secret_state(&setup.id);
        Ok(view::setup_view(setup, secret))
    })
    .await
}

/// Deletes the setup and its keychain entry.
#[tauri::command]
pub async fn delete_setup(state: State<'_, Arc<AppState>>, id: String) -> IpcResult<()> {
    blocking(&state, move |state| {
        state.session.delete(&id)?;
        state.keychain.delete(&id)?;
        state.setups.delete(&id)?;
        Ok(())
    })
    .await
}

/// `id` names the setup being edited, so that its stored client secret pasted into a field
/// is recognised too (the keychain is read off the main thread).
#[tauri::command]
pub async fn preview_endpoints(
    state: State<'_, Arc<AppState>>,
    id: Option<String>,
    domain: String,
    advanced: Option<ExplicitUrls>,
) -> IpcResult<EndpointPreview> {
    blocking(&state, move |state| {
        let secret = id
            .and_then(|id| state.secret(&id).ok().flatten())
            .map(|(s, _)| s);
        Ok(view::preview(&domain, advanced.as_ref(), secret.as_ref()))
    })
    .await
}
