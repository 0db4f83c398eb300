//! *Try with the demo tenant*: a local practice tenant started inside the app.

use super::blocking;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use crate::view::{self, SetupView};
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::secret_store::SecretStore;
use haiilo_scim_core::setups::{now_ms, ExplicitUrls, Setup};
use std::sync::Arc;
use tauri::State;

const DEMO_NAME: &str = "Demo tenant (local practice)";

/// Starts the demo tenant (once per app run) and returns the ready-made setup pointing at
/// it. Its secret is kept for the session only: it is public and changes nothing real.
#[tauri::command]
pub async fn start_demo(state: State<'_, Arc<AppState>>) -> IpcResult<SetupView> {
    let (urls, client_id, secret) = {
        let mut demo = state.demo.lock().await;
        if demo.is_none() {
            let tenant = demo_tenant::start(demo_tenant::TenantConfig::default())
                .await
                .map_err(|e| {
                    IpcError::new(
                        "demo_failed",
                        format!("Could not start the demo tenant: {e}"),
                    )
                })?;
            *demo = Some(tenant);
        }
        let tenant = demo
            .as_ref()
            .ok_or_else(|| IpcError::new("demo_failed", "The demo tenant is not running."))?;
        (
            ExplicitUrls {
                scim_base_url: tenant.scim_base_url(),
                token_url: tenant.token_url(),
            },
            tenant.client_id().to_string(),
            ClientSecret::new(tenant.client_secret()),
        )
    };
    blocking(&state, move |state| {
        // Found and refreshed under the store's lock: two quick clicks make one demo setup.
        let setup = state.setups.modify(|setups| {
            let index = match setups.iter().position(|s| s.is_demo) {
                Some(index) => index,
                None => {
                    setups.push(Setup::new(DEMO_NAME));
                    setups.len() - 1
                }
            };
            let setup = &mut setups[index];
            setup.is_demo = true;
            setup.domain = "demo.haiilo.test".into();
            // The port changes with every start, so the URLs are refreshed each time.
            setup.advanced = Some(urls);
            setup.client_id = client_id;
            setup.updated_ms = now_ms();
            Ok(setup.clone())
        })?;
        state.session.set(&setup.id, &secret)?;
        let secret_state = state.secret_state(&setup.id);
        Ok(state.with_setups_notice(view::setup_view(setup, secret_state)))
    })
    .await
}
