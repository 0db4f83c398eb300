//! PingOne's side of a setup, through the PingOne Platform API with the setup's PingOne
//! access: the plan for *Apply to PingOne*, the apply itself (only a plan the admin saw and
//! confirmed), and switching the rule on after PingOne's own connection test has passed.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::{AppState, SecretKind};
use crate::view;
use haiilo_scim_core::check::{
    pingone_api_finding, pingone_token_finding, PingOneCheckAccess, StepId, StepStatus,
};
use haiilo_scim_core::client_id::ClientId;
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::findings::Finding;
use haiilo_scim_core::http::HttpOptions;
use haiilo_scim_core::pingone_api::apply::{self, AppliedResource, ApplyPlan, DesiredSetup};
use haiilo_scim_core::pingone_api::switch_on::{SwitchOnError, SwitchedOn};
use haiilo_scim_core::pingone_api::PingOneClient;
use haiilo_scim_core::redact::Redactor;
use haiilo_scim_core::secret::{ClientSecret, WorkerSecret};
use haiilo_scim_core::setups::{now_ms, GroupProvisioning, Setup, SetupStoreError};
use haiilo_scim_core::{tr, trf};
use serde::Serialize;
use std::sync::Arc;
use tauri::State;

/// The plan for *Apply to PingOne*, or why PingOne could not be read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PingOnePlanView {
    pub plan: Option<ApplyPlan>,
    /// PingOne refused the worker app or a read (token, role, environment, rate limit).
    pub findings: Vec<Finding>,
    /// The PingOne console of the environment, to look at what was written.
    pub console_url: String,
}

/// What *Apply to PingOne* did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PingOneApplyView {
    /// The plan applied (or, when PingOne changed since it was shown, the new one).
    pub plan: Option<ApplyPlan>,
    /// Written resources, in order (also those written before a failure).
    pub written: Vec<AppliedResource>,
    pub findings: Vec<Finding>,
}

impl PingOneApplyView {
    /// PingOne could not be read (token, role, environment): nothing was planned or written.
    fn not_written(finding: Finding) -> Self {
        Self {
            plan: None,
            written: Vec::new(),
            findings: vec![finding],
        }
    }
}

/// The check's PingOne access for `setup`: `None` without access; an error when access is
/// set up but cannot be used, so that a run never reports PingOne as "not set up" when the
/// admin set it up.
pub fn check_access(state: &AppState, setup: &Setup) -> IpcResult<Option<PingOneCheckAccess>> {
    let (parsed, error) = view::pingone_access(setup);
    if let Some(error) = error {
        return Err(error);
    }
    let Some(parsed) = parsed else {
        return Ok(None);
    };
    let worker_secret = state
        .secret_of(SecretKind::PingoneWorker, &setup.id)?
        .map(|(secret, _)| WorkerSecret::new(secret.expose()))
        .ok_or_else(|| {
            IpcError::new(
                AppErrorCode::WorkerSecretMissing,
                tr!(
                    "Store the PingOne worker application's secret under PingOne access in Phase 2, \
                     or clear the PingOne access fields to test the Haiilo side only.",
                    "Speichern Sie das Secret der PingOne-Worker-App unter PingOne-Zugang in Phase 2, \
                     oder leeren Sie die Felder des PingOne-Zugangs, um nur die Haiilo-Seite zu testen."
                ),
            )
        })?;
    Ok(Some(PingOneCheckAccess {
        access: parsed.access,
        worker_secret,
    }))
}

/// Everything a PingOne write needs, read from the saved setup and the keychain.
struct WriteContext {
    setup: Setup,
    pingone: PingOneCheckAccess,
    endpoints: Endpoints,
    client_id: String,
    haiilo_secret: Option<ClientSecret>,
}

fn write_context(state: &AppState, id: &str) -> IpcResult<WriteContext> {
    let setup = state.setups.get(id)?;
    let pingone = check_access(state, &setup)?.ok_or_else(|| {
        IpcError::new(
            AppErrorCode::PingoneAccessMissing,
            tr!(
                "Add PingOne access in Phase 2 first: the region, the environment ID and a worker \
                 application with the Environment Admin role.",
                "Richten Sie zuerst in Phase 2 den PingOne-Zugang ein: die Region, die Umgebungs-ID und \
                 eine Worker-App mit der Rolle „Environment Admin“."
            ),
        )
    })?;
    let endpoints = view::endpoints_of(&setup)?;
    let client_id = ClientId::parse(&setup.client_id)
        .map_err(haiilo_scim_core::Error::from)?
        .value;
    let haiilo_secret = state.secret(id)?.map(|(secret, _)| secret);
    Ok(WriteContext {
        setup,
        pingone,
        endpoints,
        client_id,
        haiilo_secret,
    })
}

impl WriteContext {
    /// The walkthrough's values for this tenant, with the group choice and whether the
    /// Haiilo secret has to be sent again.
    fn desired(&self, resend_secret: bool) -> DesiredSetup {
        // Users only: the rule provisions no groups. Groups chosen (or not decided yet):
        // the rule's groups are left as PingOne holds them, since the app does not know the
        // admin's PingOne groups; the rule check says when none are chosen.
        let groups = match self.setup.group_provisioning {
            GroupProvisioning::UsersOnly => Some(Vec::new()),
            GroupProvisioning::UsersAndGroups | GroupProvisioning::Undecided => None,
        };
        let mut desired = DesiredSetup::for_tenant(
            &self.endpoints,
            &self.client_id,
            self.haiilo_secret.clone(),
            groups,
        );
        desired.secret_changed = resend_secret || self.setup.secret_newer_than_pingone();
        desired
    }

    /// The worker token, with both secrets known to the client's redactor. A refused token
    /// is a finding, as in the check.
    async fn connect(&self) -> Result<PingOneClient, Finding> {
        let mut redactor = Redactor::default();
        if let Some(secret) = &self.haiilo_secret {
            redactor.add_client_credentials(&self.client_id, secret.expose());
        }
        let access = &self.pingone.access;
        match PingOneClient::connect(
            &HttpOptions::default(),
            access,
            &self.pingone.worker_secret,
            &redactor,
        )
        .await
        {
            // The client keeps `redactor`, which already knows the Haiilo secret.
            Ok((client, _)) => Ok(client),
            Err(error) => Err(pingone_token_finding(&error, access)),
        }
    }

    /// Reads PingOne and plans; a failed read is a finding.
    async fn plan(
        &self,
        client: &PingOneClient,
        resend_secret: bool,
    ) -> IpcResult<Result<ApplyPlan, Finding>> {
        let current = match client.read_state().await {
            Ok(current) => current,
            Err(error) => return Ok(Err(pingone_api_finding(&error))),
        };
        apply::plan_apply(&current, &self.desired(resend_secret), &self.endpoints)
            .map(Ok)
            .map_err(|e| IpcError::new(AppErrorCode::SecretMissing, e.to_string()))
    }
}

/// Reads PingOne and returns what *Apply* would write; remembers the plan, so that apply
/// writes only what the admin saw. `resend_secret`: send the Haiilo secret even when
/// nothing else changes (PingOne never returns it, so a wrong one cannot be seen).
#[tauri::command]
pub async fn pingone_plan(
    state: State<'_, Arc<AppState>>,
    id: String,
    resend_secret: bool,
) -> IpcResult<PingOnePlanView> {
    let context = {
        let id = id.clone();
        blocking(&state, move |state| write_context(state, &id)).await?
    };
    let console_url = context.pingone.access.console_url();
    let result = match context.connect().await {
        Ok(client) => context.plan(&client, resend_secret).await?,
        Err(finding) => Err(finding),
    };
    state.set_shown_plan(&id, result.as_ref().ok().cloned());
    Ok(match result {
        Ok(plan) => PingOnePlanView {
            plan: Some(plan),
            findings: Vec::new(),
            console_url,
        },
        Err(finding) => PingOnePlanView {
            plan: None,
            findings: vec![finding],
            console_url,
        },
    })
}

/// Writes the plan last shown for this setup, after reading PingOne again: when PingOne
/// changed meanwhile, nothing is written and the new plan is returned with `plan_changed`.
#[tauri::command]
pub async fn pingone_apply(
    state: State<'_, Arc<AppState>>,
    id: String,
    resend_secret: bool,
) -> IpcResult<PingOneApplyView> {
    let shown = state.shown_plan(&id).ok_or_else(|| {
        IpcError::new(
            AppErrorCode::NoPlanShown,
            tr!(
                "Show the plan first: nothing is written to PingOne before you have seen what changes.",
                "Lassen Sie zuerst den Plan anzeigen: In PingOne wird nichts geschrieben, bevor Sie gesehen haben, was sich ändert."
            ),
        )
    })?;
    let context = {
        let id = id.clone();
        blocking(&state, move |state| write_context(state, &id)).await?
    };
    let (mut client, plan) = match context.connect().await {
        Ok(client) => match context.plan(&client, resend_secret).await? {
            Ok(plan) => (client, plan),
            Err(finding) => return Ok(PingOneApplyView::not_written(finding)),
        },
        Err(finding) => return Ok(PingOneApplyView::not_written(finding)),
    };
    if plan != shown {
        state.set_shown_plan(&id, Some(plan));
        return Err(IpcError::new(
            AppErrorCode::PlanChanged,
            tr!(
                "PingOne changed since the plan was shown, so nothing was written. Look at the new plan and confirm again.",
                "PingOne hat sich geändert, seit der Plan angezeigt wurde, daher wurde nichts geschrieben. Sehen Sie sich den neuen Plan an und bestätigen Sie erneut."
            ),
        ));
    }
    let desired = context.desired(resend_secret);
    let (written, findings) = match apply::apply(&mut client, &plan, &desired).await {
        Ok(written) => (written, Vec::new()),
        Err(failure) => {
            let (name, count) = (&failure.name, failure.applied.len());
            let finding = pingone_api_finding(&failure.error).with_more_detail(trf!(
                "Writing \"{name}\" failed after {count} change(s). Nothing was undone; applying again continues from there.",
                "Das Schreiben von „{name}“ ist nach {count} Änderung(en) gescheitert. Nichts wurde rückgängig gemacht; erneutes Übertragen setzt dort fort."
            ));
            (failure.applied, vec![finding])
        }
    };
    state.set_shown_plan(&id, None);
    if findings.is_empty() {
        blocking(&state, move |state| {
            match state
                .setups
                .update(&id, |setup| setup.pingone_applied_ms = Some(now_ms()))
            {
                Ok(_) | Err(SetupStoreError::NotFound(_)) => Ok(()),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    }
    Ok(PingOneApplyView {
        plan: Some(plan),
        written,
        findings,
    })
}

/// Switches on the rule that sends users to this tenant. Offered, and allowed, only when
/// this session's last run of the check saw PingOne's own connection test pass and the
/// right SCIM store: from then on PingOne provisions real users.
#[tauri::command]
pub async fn pingone_switch_rule_on(
    state: State<'_, Arc<AppState>>,
    id: String,
) -> IpcResult<SwitchedOn> {
    let report = state.last_report(&id).map(|worded| worded.report);
    let context = blocking(&state, move |state| write_context(state, &id)).await?;
    let passed = |step: StepId| {
        report.as_ref().is_some_and(|report| {
            report
                .steps
                .iter()
                .any(|s| s.id == step && s.status == StepStatus::Pass)
        })
    };
    // The run must be of the setup as it is now: a pass for other values proves nothing.
    let current = report.as_ref().is_some_and(|report| {
        report.target.scim_base_url == context.endpoints.scim_base_url
            && report.target.token_url == context.endpoints.token_url
            && report.target.client_id == context.client_id
    });
    if !current || !passed(StepId::PingoneCloudTest) || !passed(StepId::PingoneStore) {
        return Err(IpcError::new(
            AppErrorCode::CloudTestNotPassed,
            tr!(
                "Run the test first: the rule is switched on only after PingOne's own connection test has passed for the values the setup has now, and PingOne's connection holds them.",
                "Starten Sie zuerst den Test: Die Regel wird erst eingeschaltet, wenn PingOnes eigener Verbindungstest mit den jetzigen Werten des Setups bestanden ist und PingOnes Verbindung diese Werte enthält."
            ),
        ));
    }
    let client = context
        .connect()
        .await
        .map_err(|finding| IpcError::new(AppErrorCode::SwitchOnRefused, finding.summary))?;
    client
        .switch_rule_on(&context.endpoints)
        .await
        .map_err(|error| {
            let message = match &error {
                SwitchOnError::Api(api) => pingone_api_finding(api).summary,
                other => other.to_string(),
            };
            IpcError::new(AppErrorCode::SwitchOnRefused, message)
        })
}
