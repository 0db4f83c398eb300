//! Rung 12, `groups`: `GET /Groups`, which PingOne uses for group provisioning. A failure is
//! an error only when group provisioning was chosen for this setup; otherwise it is worth a
//! warning, in case groups are added later.

use super::scim_http::note_exchange;
use crate::check::context::{Auth, Context};
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode, Severity};
use crate::scim;
use crate::{tr, trf};

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
        let status = response.status;
        Some(trf!(
            "GET /Groups answered HTTP {status}.",
            "„GET /Groups“ antwortete mit HTTP {status}."
        ))
    } else {
        match scim::parse_list_response(&response.body) {
            Ok(page) => {
                let total = page.total_results;
                let plural = if total == 1 { "" } else { "s" };
                let shown = crate::lang::count(total);
                let german_plural = if total == 1 { "" } else { "n" };
                let mut outcome = StepOutcome::pass(trf!(
                    "Haiilo lists {shown} group{plural}.",
                    "Haiilo führt {shown} Gruppe{german_plural}."
                ))
                .fact(
                    tr!("Groups in the directory", "Gruppen im Verzeichnis"),
                    shown.clone(),
                );
                if let Some(name) = page
                    .resources
                    .first()
                    .and_then(|g| g.get("displayName"))
                    .and_then(|v| v.as_str())
                {
                    outcome.add_fact(
                        tr!("First group", "Erste Gruppe"),
                        crate::text::verbatim(name),
                    );
                }
                note_exchange(&mut outcome, &exchange);
                return outcome;
            }
            Err(scim::ListParseError::NotJson) => Some(
                tr!(
                    "GET /Groups did not answer with SCIM JSON.",
                    "„GET /Groups“ antwortete nicht mit SCIM-JSON."
                )
                .to_string(),
            ),
            Err(scim::ListParseError::Invalid(reason)) => Some(trf!(
                "GET /Groups did not answer with a ListResponse: {reason}.",
                "„GET /Groups“ antwortete nicht mit einer ListResponse: {reason}."
            )),
        }
    };
    let summary = problem.unwrap_or_default();
    let fix = if ctx.options.group_provisioning {
        tr!(
            "You chose group provisioning, and PingOne needs /Groups for it. Check that the API client may manage \
             groups in Haiilo and report the answer below to Haiilo support; until it works, leave the rule's \
             Group Provisioning section empty.",
            "Sie haben die Provisionierung von Gruppen gewählt, und PingOne braucht dafür /Groups. Prüfen Sie, \
             ob der API-Client in Haiilo Gruppen verwalten darf, und melden Sie die Antwort unten dem \
             Haiilo-Support; lassen Sie den Abschnitt „Group Provisioning“ der Regel leer, bis es funktioniert."
        )
    } else {
        tr!(
            "You are not provisioning groups, so users can still be synced. If you plan to sync groups later, \
             report the answer below to Haiilo support first.",
            "Sie provisionieren keine Gruppen, Benutzer lassen sich also trotzdem synchronisieren. Wollen Sie \
             später Gruppen synchronisieren, melden Sie die Antwort unten vorher dem Haiilo-Support."
        )
    };
    let mut outcome = StepOutcome::found(
        Finding::new(
            FindingCode::GroupsUnavailable,
            trf!(
                "The SCIM Groups endpoint does not work: {summary}",
                "Der SCIM-Endpunkt /Groups funktioniert nicht: {summary}"
            ),
            fix,
        )
        .with_severity(severity)
        .with_evidence(evidence),
    );
    note_exchange(&mut outcome, &exchange);
    outcome
}
