//! Saved setups: list, create, save, delete; live endpoint preview.

use super::blocking;
use crate::error::IpcResult;
use crate::state::{AppState, SecretKind};
use crate::view::{self, EndpointPreview, SetupView, StartView};
use haiilo_scim_core::setups::{
    now_ms, ExplicitUrls, GroupProvisioning, PingOneAccessFields, Setup, SetupStoreError,
};
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
    /// The new client pair's Client ID while a rotation is under way (see `Setup`).
    pub pending_client_id: String,
    pub advanced: Option<ExplicitUrls>,
    pub done_steps: Vec<String>,
    pub group_provisioning: GroupProvisioning,
    pub groups_note: String,
    /// PingOne access as typed; all blank: none.
    pub pingone: PingOneAccessFields,
}

#[tauri::command]
pub async fn list_setups(state: State<'_, Arc<AppState>>) -> IpcResult<StartView> {
    blocking(&state, |state| {
        let loaded = state.setups.load()?;
        let mut setups: Vec<SetupView> = state.setup_views(loaded);
        setups.sort_by_key(|s| std::cmp::Reverse(s.setup.updated_ms));
        Ok(StartView {
            setups,
            notice: state.take_setups_notice(),
        })
    })
    .await
}

/// An empty name stays empty until a domain is known; `save_setup` then names the setup
/// after its Haiilo host.
#[tauri::command]
pub async fn create_setup(state: State<'_, Arc<AppState>>, name: String) -> IpcResult<SetupView> {
    blocking(&state, move |state| {
        let setup = state.setups.upsert(Setup::new(&name))?;
        Ok(state.with_setups_notice(state.setup_view(setup)))
    })
    .await
}

#[tauri::command]
pub async fn save_setup(
    state: State<'_, Arc<AppState>>,
    input: SetupInput,
) -> IpcResult<SetupView> {
    // The demo's URLs, to recognise the demo setup should it have to be recreated below.
    let demo_urls = state.demo.lock().await.as_ref().map(|tenant| ExplicitUrls {
        scim_base_url: tenant.scim_base_url(),
        token_url: tenant.token_url(),
    });
    blocking(&state, move |state| {
        // Refused before anything is written, so a pasted credential never reaches the file.
        let secret = state.secret(&input.id).ok().flatten().map(|(s, _)| s);
        view::refuse_credentials(&input.domain, input.advanced.as_ref(), secret.as_ref())?;
        if !input.pingone.is_blank() {
            let worker = state
                .secret_of(SecretKind::PingoneWorker, &input.id)
                .ok()
                .flatten()
                .map(|(s, _)| s);
            view::refuse_secrets_in_access(&input.pingone, [secret.as_ref(), worker.as_ref()])?;
        }
        let setup = state.setups.modify(|setups| {
            let index = match setups.iter().position(|s| s.id == input.id) {
                Some(index) => index,
                None => {
                    // Gone from the file (set aside as damaged, or deleted in another
                    // window) while the admin was typing into it: keep what they typed.
                    let mut setup = Setup::new("");
                    setup.id = input.id.clone();
                    setup.is_demo = demo_urls.is_some() && demo_urls == input.advanced;
                    setups.push(setup);
                    setups.len() - 1
                }
            };
            let setup = &mut setups[index];
            apply_input(setup, input);
            setup.updated_ms = now_ms();
            Ok(setup.clone())
        })?;
        Ok(state.with_setups_notice(state.setup_view(setup)))
    })
    .await
}

/// Copies what the UI may change; the check result, id and times stay the app's own, and
/// a concurrent check's result stored meanwhile is kept.
fn apply_input(setup: &mut Setup, input: SetupInput) {
    setup.name = setup_name(&input);
    setup.domain = input.domain;
    setup.client_id = input.client_id;
    setup.pending_client_id = input.pending_client_id;
    setup.advanced = input.advanced;
    setup.done_steps = input.done_steps.into_iter().collect();
    setup.group_provisioning = input.group_provisioning;
    setup.groups_note = input.groups_note;
    setup.pingone = (!input.pingone.is_blank()).then_some(input.pingone);
}

/// The admin's name for the setup; when they gave none, the Haiilo host it points at (the
/// domain, or the SCIM base URL's host), which is how admins tell their tenants apart.
fn setup_name(input: &SetupInput) -> String {
    let typed = input.name.trim();
    if !typed.is_empty() {
        return typed.to_string();
    }
    view::resolve_endpoints(&input.domain, input.advanced.as_ref())
        .endpoints
        .map(|e| e.host)
        .unwrap_or_default()
}

/// Deletes the setup and its keychain entry. Resolves to a notice when the setups file
/// turned out to be damaged and was set aside (the setup is then gone with the rest).
#[tauri::command]
pub async fn delete_setup(
    state: State<'_, Arc<AppState>>,
    id: String,
) -> IpcResult<Option<String>> {
    blocking(&state, move |state| {
        state.delete_secrets(&id)?;
        state.set_shown_plan(&id, None);
        let deleted = state.setups.delete(&id);
        let notice = state.take_setups_notice();
        match deleted {
            Ok(()) => Ok(notice),
            Err(SetupStoreError::NotFound(_)) if notice.is_some() => Ok(notice),
            Err(e) => Err(e.into()),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, domain: &str, advanced: Option<(&str, &str)>) -> SetupInput {
        SetupInput {
            id: "s1".into(),
            name: name.into(),
            domain: domain.into(),
            client_id: String::new(),
            pending_client_id: String::new(),
            advanced: advanced.map(|(scim, token)| ExplicitUrls {
                scim_base_url: scim.into(),
                token_url: token.into(),
            }),
            done_steps: Vec::new(),
            group_provisioning: GroupProvisioning::Undecided,
            groups_note: String::new(),
            pingone: PingOneAccessFields::default(),
        }
    }

    #[test]
    fn an_unnamed_setup_is_named_after_its_haiilo_domain() {
        assert_eq!(
            setup_name(&input("  ", "HTTPS://Acme.Haiilo.app/api/scim/v2", None)),
            "acme.haiilo.app"
        );
    }

    #[test]
    fn an_unnamed_setup_with_advanced_urls_takes_the_scim_host() {
        let urls = Some((
            "https://scim.proxy.example/api/scim/v2",
            "https://auth.proxy.example/api/oauth/token",
        ));
        assert_eq!(setup_name(&input("", "", urls)), "scim.proxy.example");
    }

    #[test]
    fn a_typed_name_wins_and_nothing_known_stays_unnamed() {
        assert_eq!(
            setup_name(&input(" Acme prod ", "acme.haiilo.app", None)),
            "Acme prod"
        );
        assert_eq!(setup_name(&input("", "", None)), "");
        assert_eq!(setup_name(&input("", "not a domain", None)), "");
    }

    #[test]
    fn saving_keeps_the_check_result_stored_meanwhile() {
        let mut stored = Setup::new("Acme");
        stored.last_check = Some(haiilo_scim_core::setups::LastCheck {
            at_ms: 1,
            ok: true,
            summary: "Connected".into(),
            finding_codes: Vec::new(),
            total_users: Some(3),
            pingone: None,
            lang: Default::default(),
        });
        apply_input(&mut stored, input("Acme", "acme.haiilo.app", None));
        assert_eq!(stored.domain, "acme.haiilo.app");
        assert!(stored.last_check.is_some());
    }
}
