//! Saved setups: list, create, save, delete; live endpoint preview.

use super::blocking;
use crate::error::IpcResult;
use crate::state::AppState;
use crate::view::{self, EndpointPreview, SetupView, StartView};
use haiilo_scim_core::endpoints;
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
    refuse_credentials(&input)?;
    blocking(&state, move |state| {
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

/// A password or secret pasted into the domain or an Advanced URL is refused before it
/// reaches setups.json; the error names the field's problem without repeating the value.
fn refuse_credentials(input: &SetupInput) -> IpcResult<()> {
    let advanced = input
        .advanced
        .iter()
        .flat_map(|a| [a.scim_base_url.as_str(), a.token_url.as_str()]);
    for field in std::iter::once(input.domain.as_str()).chain(advanced) {
        endpoints::refuse_credentials(field).map_err(haiilo_scim_core::Error::from)?;
    }
    Ok(())
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

#[tauri::command]
pub fn preview_endpoints(domain: String, advanced: Option<ExplicitUrls>) -> EndpointPreview {
    view::resolve_endpoints(&domain, advanced.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(domain: &str, scim: &str) -> SetupInput {
        SetupInput {
            id: "x".into(),
            name: String::new(),
            domain: domain.into(),
            client_id: String::new(),
            advanced: Some(ExplicitUrls {
                scim_base_url: scim.into(),
                token_url: String::new(),
            }),
            done_steps: Vec::new(),
            group_provisioning: GroupProvisioning::UsersAndGroups,
            groups_note: String::new(),
        }
    }

    #[test]
    fn credentials_in_the_domain_or_an_advanced_url_are_refused_unrepeated() {
        for (domain, scim) in [
            ("admin:hunter2@acme.haiilo.app", ""),
            (
                "acme.haiilo.app",
                "https://admin:hunter2@acme.haiilo.app/api/scim/v2",
            ),
            ("acme.haiilo.app/?client_secret=hunter2", ""),
        ] {
            let error = refuse_credentials(&input(domain, scim)).unwrap_err();
            let shown = serde_json::to_string(&error).unwrap();
            assert!(!shown.contains("hunter2"), "{shown}");
        }
        // Half-typed or mistaken values are still saved; only credentials are refused.
        for domain in ["acme", "jane.doe@acme.com", "https://acme.haiilo.app/api"] {
            assert!(refuse_credentials(&input(domain, "")).is_ok(), "{domain}");
        }
    }
}
