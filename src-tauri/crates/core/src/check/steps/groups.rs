//! Rung 12, `groups`: `GET /Groups`, which PingOne uses for group provisioning. A failure is
//! an error only when group provisioning was chosen for this setup; otherwise it is worth a
//! warning, in case groups are added later.

use super::scim_http::note_exchange;
use crate::check::context::{Auth, Context};
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode, Severity};
use crate::scim;

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let url = ctx.scim_url("/Groups?startIndex=1&count=1");
    let severity = if ctx.options.group_provisioning {
        Severity::Error
    } else {
        Severity::Warn
    };
    let exchange = match ctx.get(&url, Auth::Bearer).await {
        Ok(exchange) => exchange,
        Err(finding) => return StepOutcome::found(finding),
    };
    let evidence = ctx.evidence(&exchange);
    let response = &exchange.response;
    let problem = if response.status == 429 {
        return StepOutcome::found(
            crate::diagnose::rate_limited_finding(
                &response.rate_limit_waits,
                response.retry_after,
                true,
            )
            .with_evidence(evidence),
        );
    } else if !(200..300).contains(&response.status) {
        Some(format!("GET /Groups answered HTTP {}.", response.status))
    } else {
        match scim::parse_list_response(&response.body) {
            Ok(page) => {
                let mut outcome = StepOutcome::pass(format!(
                    "Haiilo lists {} group{}.",
                    page.total_results,
                    if page.total_results == 1 { "" } else { "s" }
                ))
                .fact("Groups in the directory", page.total_results.to_string());
                if let Some(name) = page
                    .resources
                    .first()
                    .and_then(|g| g.get("displayName"))
                    .and_then(|v| v.as_str())
                {
                    outcome.add_fact("First group", name);
                }
                note_exchange(&mut outcome, &exchange);
                return outcome;
            }
            Err(scim::ListParseError::NotJson) => {
                Some("GET /Groups did not answer with SCIM JSON.".to_string())
            }
            Err(scim::ListParseError::Invalid(reason)) => Some(format!(
                "GET /Groups did not answer with a ListResponse: {reason}."
            )),
        }
    };
    let summary = problem.unwrap_or_default();
    let fix = if ctx.options.group_provisioning {
        "You chose group provisioning, and PingOne needs /Groups for it. Check that the API client may manage \
         groups in Haiilo and report the answer below to Haiilo support; until it works, leave the rule's \
         Group Provisioning section empty."
    } else {
        "You are not provisioning groups, so users can still be synced. If you plan to sync groups later, \
         report the answer below to Haiilo support first."
    };
    let mut outcome = StepOutcome::found(
        Finding::new(
            FindingCode::GroupsUnavailable,
            format!("The SCIM Groups endpoint does not work: {summary}"),
            fix,
        )
        .with_severity(severity)
        .with_evidence(evidence),
    );
    note_exchange(&mut outcome, &exchange);
    outcome
}
