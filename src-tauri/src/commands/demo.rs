//! *Try with the demo tenant*: a local practice tenant started inside the app.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
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
        // Found and refreshed under the store's lock: two quick clicks make one demo setup.
        let setup = state.setups.modify(|setups| {
            let index = setups.iter().position(|s| s.is_demo);
            let mut refreshed = demo_setup(index.map(|i| setups[i].clone()), urls, client_id);
            refreshed.updated_ms = now_ms();
            match index {
                Some(i) => setups[i] = refreshed.clone(),
                None => setups.push(refreshed.clone()),
            }
            Ok(refreshed)
        })?;
        state.session.set(&setup.id, &secret)?;
        let secret_state = state.secret_state(&setup.id);
        Ok(state.with_setups_notice(view::setup_view(setup, secret_state)))
    })
    .await
}

/// The saved demo setup pointed at the running practice tenant. The tenant listens on a
/// new port after every app start, so the URLs are refreshed; a result obtained from an
/// earlier tenant says nothing about this one and is dropped (a fresh tenant also has
/// fresh data), while a result from this tenant is kept.
fn demo_setup(existing: Option<Setup>, urls: ExplicitUrls, client_id: String) -> Setup {
    let mut setup = existing.unwrap_or_else(|| Setup::new(DEMO_NAME));
    if setup.advanced.as_ref() != Some(&urls) || setup.client_id != client_id {
        setup.last_check = None;
    }
    setup.is_demo = true;
    setup.domain = "demo.haiilo.test".into();
    setup.advanced = Some(urls);
    setup.client_id = client_id;
    setup
}

#[cfg(test)]
mod tests {
    use super::*;
    use haiilo_scim_core::setups::LastCheck;

    fn urls(port: u16) -> ExplicitUrls {
        ExplicitUrls {
            scim_base_url: format!("http://127.0.0.1:{port}/api/scim/v2"),
            token_url: format!("http://127.0.0.1:{port}/api/oauth/token"),
        }
    }

    fn passed() -> LastCheck {
        LastCheck {
            at_ms: 1,
            ok: true,
            summary: "50 users in Haiilo".into(),
            finding_codes: Vec::new(),
            total_users: Some(50),
        }
    }

    #[test]
    fn a_pass_from_an_earlier_practice_tenant_is_not_claimed_after_a_restart() {
        let mut saved = demo_setup(None, urls(40001), "demo-client".into());
        saved.last_check = Some(passed());
        saved.done_steps = ["p1-open-directory".to_string()].into();

        let reopened = demo_setup(Some(saved.clone()), urls(40002), "demo-client".into());
        assert_eq!(reopened.id, saved.id, "the same saved setup is reused");
        assert_eq!(reopened.advanced, Some(urls(40002)));
        assert_eq!(reopened.last_check, None);
        assert_eq!(
            reopened.done_steps, saved.done_steps,
            "ticks are the admin's own"
        );
        assert!(reopened.is_demo);
    }

    #[test]
    fn reopening_while_the_same_tenant_runs_keeps_its_result() {
        let mut saved = demo_setup(None, urls(40001), "demo-client".into());
        saved.last_check = Some(passed());
        let reopened = demo_setup(Some(saved), urls(40001), "demo-client".into());
        assert_eq!(reopened.last_check, Some(passed()));
    }
}
