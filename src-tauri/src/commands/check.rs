//! The connection test, streamed to the UI step by step.

use super::{blocking, pingone};
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::AppState;
use crate::view;
use haiilo_scim_core::check::{
    self, CheckEvent, CheckOptions, CheckReport, CheckTarget, StepGroup, StepId, StepStatus,
};
use haiilo_scim_core::setups::{
    now_ms, GroupProvisioning, LastCheck, PingOneLine, SetupStoreError,
};
use haiilo_scim_core::text;
use haiilo_scim_core::{tr, trf};
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::State;

#[tauri::command]
pub async fn run_check(
    state: State<'_, Arc<AppState>>,
    id: String,
    on_event: Channel<CheckEvent>,
) -> IpcResult<CheckReport> {
    let setup_id = id.clone();
    let (setup, secret, pingone) = blocking(&state, move |state| {
        let setup = state.setups.get(&setup_id)?;
        let secret = state.secret(&setup_id)?.map(|(s, _)| s).ok_or_else(|| {
            IpcError::new(
                AppErrorCode::SecretMissing,
                tr!(
                    "Store the Client Secret in Phase 1 before testing the connection.",
                    "Speichern Sie das „Client Secret“ in Phase 1, bevor Sie die Verbindung testen."
                ),
            )
        })?;
        let pingone = pingone::check_access(state, &setup)?;
        Ok((setup, secret, pingone))
    })
    .await?;

    let endpoints = view::endpoints_of(&setup)?;
    let client_id = haiilo_scim_core::client_id::ClientId::parse(&setup.client_id)
        .map_err(haiilo_scim_core::Error::from)?;
    let target = CheckTarget {
        endpoints,
        client_id: client_id.value,
    };
    let options = CheckOptions {
        group_provisioning: setup.group_provisioning == GroupProvisioning::UsersAndGroups,
        practice_target: setup.is_demo,
        pingone,
        ..CheckOptions::default()
    };
    let report = check::run_check(&target, &secret, &options, |event| {
        // The window may have gone away mid-run; the report is still saved below.
        let _ = on_event.send(event.clone());
    })
    .await;

    let last = last_check(&report);
    state.set_last_report(&id, report.clone());
    // Only the result is written, under the store's lock, so fields the autosave stored
    // during the run are kept. A damaged file found here is reported by the UI's next
    // `list_setups`, which it calls after every run.
    blocking(&state, move |state| {
        match state
            .setups
            .update(&id, |setup| setup.last_check = Some(last))
        {
            // Deleted (or set aside) during the run: the report is still the answer.
            Ok(_) | Err(SetupStoreError::NotFound(_)) => Ok(()),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    Ok(report)
}

/// Longest summary kept in setups.json: a line on the start screen.
const LAST_CHECK_SUMMARY_CHARS: usize = 160;

/// What the start screen shows of a run: no evidence, no secret.
fn last_check(report: &CheckReport) -> LastCheck {
    let failed = report
        .steps
        .iter()
        .filter(|s| s.status == StepStatus::Fail)
        .count();
    let summary = match (&report.users, failed) {
        (Some(users), 0) => users_in_haiilo(users.total_results),
        (_, 0) => tr!("Connected", "Verbunden").to_string(),
        (_, n) => report
            .steps
            .iter()
            .find(|s| s.status == StepStatus::Fail)
            .map(|s| s.summary.clone())
            .unwrap_or_else(|| trf!("{n} steps failed", "{n} Schritte fehlgeschlagen")),
    };
    LastCheck {
        at_ms: now_ms(),
        ok: report.ok,
        // The step summary may quote a server (already scrubbed by the check): the saved
        // file keeps one short line of it.
        summary: text::cap(
            text::printable(&summary, text::Lines::Join).trim(),
            LAST_CHECK_SUMMARY_CHARS,
        ),
        finding_codes: report
            .steps
            .iter()
            .filter_map(|s| s.finding.as_ref().map(|f| f.code.as_str().to_string()))
            .collect(),
        total_users: report.users.as_ref().map(|u| u.total_results),
        pingone: pingone_line(report),
        lang: haiilo_scim_core::lang::current(),
    }
}

/// PingOne's side of a run for the setup's card: the first PingOne step that failed or
/// warned, else the sync status. `None` when the PingOne steps did not run (no access).
fn pingone_line(report: &CheckReport) -> Option<PingOneLine> {
    let steps: Vec<_> = report
        .steps
        .iter()
        .filter(|s| s.group == StepGroup::Pingone)
        .collect();
    if steps.iter().all(|s| s.status == StepStatus::Skip) {
        return None;
    }
    let worst = steps
        .iter()
        .find(|s| s.status == StepStatus::Fail)
        .or_else(|| steps.iter().find(|s| s.status == StepStatus::Warn));
    let (ok, summary) = match worst {
        Some(step) => (false, step.summary.clone()),
        None => (
            true,
            steps
                .iter()
                .find(|s| s.id == StepId::PingoneSync)
                .map(|s| s.summary.clone())
                .unwrap_or_else(|| {
                    tr!("PingOne's side passed", "PingOne-Seite ohne Befund").into()
                }),
        ),
    };
    Some(PingOneLine {
        ok,
        summary: text::cap(
            text::printable(&summary, text::Lines::Join).trim(),
            LAST_CHECK_SUMMARY_CHARS,
        ),
    })
}

/// A passed run's summary. The start screen shows it after "Passed: ", so it has no
/// prefix of its own (the UI's local summary is worded the same way).
fn users_in_haiilo(total: u64) -> String {
    let shown = haiilo_scim_core::lang::count(total);
    let noun = if total == 1 { "user" } else { "users" };
    trf!("{shown} {noun} in Haiilo", "{shown} Benutzer in Haiilo")
}

#[cfg(test)]
mod tests {
    use super::*;
    use haiilo_scim_core::endpoints::Endpoints;
    use haiilo_scim_core::proxy::ProxyChoice;
    use haiilo_scim_core::secret::ClientSecret;

    /// A real report (from a run that cannot start: its proxy is unusable), with a failing
    /// step whose summary is what a hostile server might make of it.
    fn report_with_summary(summary: &str) -> CheckReport {
        let target = CheckTarget {
            endpoints: Endpoints::from_explicit(
                "http://127.0.0.1:9/api/scim/v2",
                "http://127.0.0.1:9/api/oauth/token",
            )
            .unwrap(),
            client_id: "id".into(),
        };
        let mut options = CheckOptions::default();
        options.http.proxy = ProxyChoice::Explicit("socks5://nowhere:1".into());
        let mut report = tauri::async_runtime::block_on(check::run_check(
            &target,
            &ClientSecret::new("s"),
            &options,
            |_| {},
        ));
        report.steps[0].summary = summary.to_string();
        report
    }

    #[test]
    fn the_saved_summary_is_one_short_line_without_controls() {
        let hostile = format!("\u{1b}[2Jfirst\r\nsecond\u{202E}{}", "x".repeat(2000));
        let last = last_check(&report_with_summary(&hostile));
        assert!(last.summary.chars().count() <= LAST_CHECK_SUMMARY_CHARS);
        assert!(
            last.summary.starts_with("first secondxx"),
            "{}",
            last.summary
        );
        assert!(!last
            .summary
            .chars()
            .any(|c| c.is_control() || c == '\u{202E}'));
        assert!(!last.ok);
    }

    #[test]
    fn the_cards_pingone_line_is_the_first_problem_or_the_sync_status() {
        let mut report = report_with_summary("x");
        let set = |report: &mut CheckReport, id: StepId, status: StepStatus, summary: &str| {
            let step = report.steps.iter_mut().find(|s| s.id == id).unwrap();
            step.status = status;
            step.summary = summary.into();
        };
        for id in [
            StepId::PingoneToken,
            StepId::PingoneStore,
            StepId::PingoneCloudTest,
            StepId::PingoneRule,
            StepId::PingoneSync,
        ] {
            set(&mut report, id, StepStatus::Skip, "No PingOne access");
        }
        assert_eq!(pingone_line(&report), None, "no access: no line");

        for id in [
            StepId::PingoneToken,
            StepId::PingoneStore,
            StepId::PingoneCloudTest,
            StepId::PingoneRule,
        ] {
            set(&mut report, id, StepStatus::Pass, "fine");
        }
        set(
            &mut report,
            StepId::PingoneSync,
            StepStatus::Pass,
            "PingOne has not synchronised yet: 0 users.",
        );
        assert_eq!(
            pingone_line(&report),
            Some(PingOneLine {
                ok: true,
                summary: "PingOne has not synchronised yet: 0 users.".into()
            })
        );

        set(
            &mut report,
            StepId::PingoneRule,
            StepStatus::Warn,
            "The rule is switched off.",
        );
        set(
            &mut report,
            StepId::PingoneStore,
            StepStatus::Fail,
            "PingOne has no connection\nto this tenant.",
        );
        assert_eq!(
            pingone_line(&report),
            Some(PingOneLine {
                ok: false,
                summary: "PingOne has no connection to this tenant.".into()
            }),
            "a failure comes before a warning, on one line"
        );
    }

    #[test]
    fn a_passed_summary_has_no_prefix_to_double_the_cards_passed() {
        assert_eq!(users_in_haiilo(50), "50 users in Haiilo");
        assert_eq!(users_in_haiilo(1), "1 user in Haiilo");
        assert!(!users_in_haiilo(50).contains(':'));
    }
}
