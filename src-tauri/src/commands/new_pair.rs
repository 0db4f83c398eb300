//! Changing the Haiilo API client pair without an outage (`core::new_pair`): the new secret
//! waits in its own keychain entry (`SecretKind::HaiiloPending`, stored with `store_secret`);
//! a test in which Haiilo accepts the new pair makes it the setup's pair, a failed one
//! leaves the old pair in place and says why.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::{AppState, SecretKind, SecretState};
use crate::view::{self, SetupView};
use haiilo_scim_core::check::{self, CheckOptions, CheckReport, CheckTarget};
use haiilo_scim_core::client_id::ClientId;
use haiilo_scim_core::new_pair::{self, NewPairVerdict};
use haiilo_scim_core::setups::{now_ms, GroupProvisioning};
use haiilo_scim_core::{tr, trf};
use serde::Serialize;
use std::sync::Arc;
use tauri::State;

/// What a test with the new pair did to the setup.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewPairOutcome {
    /// The new pair is now the setup's: its Client ID, and its secret in the old one's place.
    pub promoted: bool,
    /// Why the old pair stays, or what to do next.
    pub message: String,
    /// The run with the new pair (Haiilo's side: PingOne still holds the old pair).
    pub report: CheckReport,
    /// The setup after the outcome.
    pub view: SetupView,
}

/// Whether a new secret is waiting (and where), so the UI can pick up a change of pair that
/// was started before the app was closed.
#[tauri::command]
pub async fn new_pair_state(state: State<'_, Arc<AppState>>, id: String) -> IpcResult<SecretState> {
    blocking(&state, move |state| {
        state.setups.get(&id)?;
        Ok(state.secret_state_of(SecretKind::HaiiloPending, &id))
    })
    .await
}

/// Tests the new pair (`client_id` and the pending secret) against Haiilo, and promotes it
/// when Haiilo accepted it.
#[tauri::command]
pub async fn test_new_pair(
    state: State<'_, Arc<AppState>>,
    id: String,
    client_id: String,
) -> IpcResult<NewPairOutcome> {
    let setup_id = id.clone();
    let (setup, secret) = blocking(&state, move |state| {
        let setup = state.setups.get(&setup_id)?;
        let secret = state
            .secret_of(SecretKind::HaiiloPending, &setup_id)?
            .map(|(secret, _)| secret)
            .ok_or_else(|| {
                IpcError::new(
                    AppErrorCode::SecretMissing,
                    tr!(
                        "Store the new pair's Client Secret first: the test signs in with it.",
                        "Speichern Sie zuerst das „Client Secret“ des neuen Paars: Der Test meldet sich damit an."
                    ),
                )
            })?;
        Ok((setup, secret))
    })
    .await?;
    let endpoints = view::endpoints_of(&setup)?;
    let client_id = ClientId::parse(&client_id)
        .map_err(haiilo_scim_core::Error::from)?
        .value;
    let target = CheckTarget {
        endpoints,
        client_id: client_id.clone(),
    };
    let options = CheckOptions {
        group_provisioning: setup.group_provisioning == GroupProvisioning::UsersAndGroups,
        practice_target: setup.is_demo,
        // PingOne still holds the old pair until the admin changes it: its steps would only
        // report that difference.
        pingone: None,
        ..CheckOptions::default()
    };
    let report = check::run_check(&target, &secret, &options, |_| {}).await;
    let verdict = new_pair::verdict(&report.steps);
    let (promoted, message, view) = blocking(&state, move |state| match verdict {
        NewPairVerdict::Promote => {
            let promoted = new_pair::promote(
                &state.session,
                &state.keychain,
                &SecretKind::HaiiloPending.key(&id),
                &SecretKind::Haiilo.key(&id),
            )?;
            if !promoted {
                return Err(IpcError::new(
                    AppErrorCode::SecretMissing,
                    tr!(
                        "The new secret was removed during the test; the old pair stays in use.",
                        "Das neue Secret wurde während des Tests entfernt; das alte Paar bleibt in Gebrauch."
                    ),
                ));
            }
            let setup = state.setups.update(&id, |setup| {
                setup.client_id = client_id;
                // The rotation is over: no new pair is waiting any more.
                setup.pending_client_id.clear();
                // PingOne never returns the secret: this tells the next apply to send it.
                setup.secret_saved_ms = Some(now_ms());
            })?;
            Ok((
                true,
                tr!(
                    "Haiilo accepts the new pair: it is now this setup's Client ID and Client Secret. \
                     Next, give it to PingOne.",
                    "Haiilo akzeptiert das neue Paar: Es ist jetzt „Client ID“ und „Client Secret“ dieses \
                     Setups. Tragen Sie es als Nächstes in PingOne ein."
                )
                .to_string(),
                state.setup_view(setup),
            ))
        }
        NewPairVerdict::Keep { reason } => Ok((
            false,
            trf!(
                "The old pair stays in use, nothing changed. The test with the new pair failed at {reason}",
                "Das alte Paar bleibt in Gebrauch, nichts wurde geändert. Der Test mit dem neuen Paar scheiterte bei {reason}"
            ),
            state.setup_view(state.setups.get(&id)?),
        )),
    })
    .await?;
    Ok(NewPairOutcome {
        promoted,
        message,
        report,
        view,
    })
}
