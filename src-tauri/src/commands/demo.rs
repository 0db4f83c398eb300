//! *Try with the demo tenant*: a local practice tenant started inside the app, with a local
//! PingOne stand-in beside it, so that the demo shows PingOne's side too. The stand-in
//! starts as a new PingOne environment does (its directory, no provisioning): *Apply to
//! PingOne* adds the connection and the rule.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::{AppState, SecretKind};
use crate::view::SetupView;
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::secret_store::SecretStore;
use haiilo_scim_core::setups::{now_ms, ExplicitUrls, PingOneAccessFields, Setup};
use haiilo_scim_core::{tr, trf};
use std::sync::Arc;
use tauri::State;

/// The demo setup's name when it is first made (kept as the admin sees it afterwards).
fn demo_name() -> &'static str {
    tr!("Demo tenant (local practice)", "Demo-Tenant (lokale Übung)")
}

/// Starts the demo tenant and the PingOne stand-in (once per app run) and returns the
/// ready-made setup pointing at them. Their secrets are kept for the session only: they are
/// public and change nothing real.
#[tauri::command]
pub async fn start_demo(state: State<'_, Arc<AppState>>) -> IpcResult<SetupView> {
    let (pingone, worker_secret) = start_pingone_stand_in(&state).await?;
    let (urls, client_id, secret) = {
        let mut demo = state.demo.lock().await;
        if demo.is_none() {
            let tenant = demo_tenant::start(demo_tenant::TenantConfig::default())
                .await
                .map_err(|e| {
                    IpcError::new(
                        AppErrorCode::DemoFailed,
                        trf!(
                            "Could not start the demo tenant: {e}",
                            "Der Demo-Tenant ließ sich nicht starten: „{e}“"
                        ),
                    )
                })?;
            *demo = Some(tenant);
        }
        let tenant = demo.as_ref().ok_or_else(|| {
            IpcError::new(
                AppErrorCode::DemoFailed,
                tr!(
                    "The demo tenant is not running.",
                    "Der Demo-Tenant läuft nicht."
                ),
            )
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
            with_stand_in(&mut refreshed, pingone);
            refreshed.updated_ms = now_ms();
            match index {
                Some(i) => setups[i] = refreshed.clone(),
                None => setups.push(refreshed.clone()),
            }
            Ok(refreshed)
        })?;
        state
            .session
            .set(&SecretKind::Haiilo.key(&setup.id), &secret)?;
        state
            .session
            .set(&SecretKind::PingoneWorker.key(&setup.id), &worker_secret)?;
        Ok(state.with_setups_notice(state.setup_view(setup)))
    })
    .await
}

/// Starts the PingOne stand-in once per app run; returns the access fields pointing at it
/// and its worker secret. It reaches the demo tenant on this computer, as PingOne's cloud
/// would reach Haiilo.
async fn start_pingone_stand_in(
    state: &AppState,
) -> IpcResult<(PingOneAccessFields, ClientSecret)> {
    let mut running = state.demo_pingone.lock().await;
    if running.is_none() {
        let stand_in = pingone_emulator::start(pingone_emulator::EmulatorConfig::default())
            .await
            .map_err(|e| {
                IpcError::new(
                    AppErrorCode::DemoFailed,
                    trf!(
                        "Could not start the PingOne stand-in for the demo: {e}",
                        "Die PingOne-Nachbildung für die Demo ließ sich nicht starten: „{e}“"
                    ),
                )
            })?;
        *running = Some(stand_in);
    }
    let stand_in = running.as_ref().ok_or_else(|| {
        IpcError::new(
            AppErrorCode::DemoFailed,
            tr!(
                "The PingOne stand-in is not running.",
                "Die PingOne-Nachbildung läuft nicht."
            ),
        )
    })?;
    Ok((
        PingOneAccessFields {
            // Any region parses; the explicit URLs below replace its hosts.
            region: "com".into(),
            environment_id: stand_in.environment_id().to_string(),
            worker_client_id: stand_in.worker_client_id().to_string(),
            auth_url: stand_in.auth_url(),
            api_url: stand_in.api_url(),
        },
        ClientSecret::new(stand_in.worker_client_secret()),
    ))
}

/// Points the demo setup's PingOne access at the running stand-in. A stand-in started by an
/// earlier app run is gone with everything written to it, so the record of the last apply
/// goes too.
fn with_stand_in(setup: &mut Setup, access: PingOneAccessFields) {
    if setup.pingone.as_ref() != Some(&access) {
        setup.pingone_applied_ms = None;
        setup.pingone = Some(access);
    }
}

/// The saved demo setup pointed at the running practice tenant. The tenant listens on a
/// new port after every app start, so the URLs are refreshed; a result obtained from an
/// earlier tenant says nothing about this one and is dropped (a fresh tenant also has
/// fresh data), while a result from this tenant is kept.
fn demo_setup(existing: Option<Setup>, urls: ExplicitUrls, client_id: String) -> Setup {
    let mut setup = existing.unwrap_or_else(|| Setup::new(demo_name()));
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
            pingone: None,
            lang: Default::default(),
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
    fn a_new_stand_in_forgets_what_was_applied_to_the_last_one() {
        let access = |port: u16| PingOneAccessFields {
            region: "com".into(),
            environment_id: "0b3f5d8e-6a21-4c9f-8e47-d1a2b3c4e5f6".into(),
            worker_client_id: "worker".into(),
            auth_url: format!("http://127.0.0.1:{port}"),
            api_url: format!("http://127.0.0.1:{port}/v1"),
        };
        let mut setup = demo_setup(None, urls(40001), "demo-client".into());
        with_stand_in(&mut setup, access(50001));
        setup.pingone_applied_ms = Some(5);
        with_stand_in(&mut setup, access(50001));
        assert_eq!(
            setup.pingone_applied_ms,
            Some(5),
            "the same stand-in still holds it"
        );
        with_stand_in(&mut setup, access(50002));
        assert_eq!(setup.pingone, Some(access(50002)));
        assert_eq!(setup.pingone_applied_ms, None);
    }

    #[test]
    fn reopening_while_the_same_tenant_runs_keeps_its_result() {
        let mut saved = demo_setup(None, urls(40001), "demo-client".into());
        saved.last_check = Some(passed());
        let reopened = demo_setup(Some(saved), urls(40001), "demo-client".into());
        assert_eq!(reopened.last_check, Some(passed()));
    }
}
