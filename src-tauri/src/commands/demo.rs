//! *Try with the demo tenant*: a local practice tenant started inside the app.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::AppState;
use crate::view::{self, SetupView};
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::secret_store::SecretStore;
use haiilo_scim_core::setups::{ExplicitUrls, Setup};
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
                        AppErrorCode::DemoFailed,
                        format!("Could not start the demo tenant: {e}"),
                    )
                })?;
            *demo = Some(tenant);
        }
        let tenant = demo.as_ref().ok_or_else(|| {
            IpcError::new(AppErrorCode::DemoFailed, "The demo tenant is not running.")
        })?;
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
        let existing = state.setups.load()?.setups.into_iter().find(|s| s.is_demo);
        let mut setup = existing.unwrap_or_else(|| Setup::new(DEMO_NAME));
        setup.is_demo = true;
        setup.domain = "demo.haiilo.test".into();
        // The port changes with every start, so the URLs are refreshed each time.
        setup.advanced = Some(urls);
        setup.client_id = client_id;
        let setup = state.setups.upsert(setup)?;
        state.session.set(&setup.id, &secret)?;
        let secret_state = state.secret_state(&setup.id);
        Ok(view::setup_view(setup, secret_state))
    })
    .await
}
