//! Rung 13, `error_format`: a user that does not exist must give 404 with a SCIM Error body
//! (RFC 7644 §3.12). An error body is how a server tells a client what went wrong; whether
//! PingOne shows it in its provisioning log is not documented, but without one there is
//! nothing beyond the status code to show.

use super::scim_http::note_exchange;
use crate::check::context::{Auth, Context};
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::scim::{self, ERROR_SCHEMA};
use crate::{tr, trf};

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let url = ctx.scim_url(&format!("/Users/haiilo-check-{id}"));
    let exchange = match ctx.get(&url, Auth::Bearer).await {
        Ok(exchange) => exchange,
        Err(finding) => return StepOutcome::found(finding),
    };
    let response = &exchange.response;
    let evidence = ctx.evidence(&exchange);
    if response.status == 429 {
        return StepOutcome::found(
            crate::diagnose::rate_limited_finding(
                &response.rate_limit_waits,
                response.retry_after,
                true,
            )
            .with_evidence(evidence),
        );
    }
    let error = scim::parse_scim_error(&response.body)
        .filter(|e| e.schemas.iter().any(|s| s == ERROR_SCHEMA));
    let problem = match (&error, response.status) {
        (Some(_), 404) => None,
        (_, status @ 200..=299) => Some(trf!(
            "A user that does not exist was answered with HTTP {status} instead of 404.",
            "Die Anfrage nach einem Benutzer, den es nicht gibt, wurde mit HTTP {status} statt 404 beantwortet."
        )),
        (None, 404) => Some(
            tr!(
                "A user that does not exist gives 404, but without a SCIM Error body.",
                "Ein Benutzer, den es nicht gibt, ergibt 404, aber ohne SCIM-Fehlerinhalt (Error)."
            )
            .to_string(),
        ),
        (_, status) => Some(trf!(
            "A user that does not exist was answered with HTTP {status} instead of 404.",
            "Die Anfrage nach einem Benutzer, den es nicht gibt, wurde mit HTTP {status} statt 404 beantwortet."
        )),
    };
    let mut outcome = match problem {
        None => {
            let mut outcome = StepOutcome::pass(tr!(
                "A missing user gives 404 with a SCIM Error body.",
                "Ein fehlender Benutzer ergibt 404 mit einem SCIM-Fehlerinhalt (Error)."
            ));
            if let Some(detail) = error.and_then(|e| e.detail) {
                outcome.add_fact(
                    tr!("Error detail", "Fehlerdetail"),
                    crate::text::verbatim(
                        &ctx.redactor()
                            .server_text(&detail, crate::redact::SERVER_TEXT_CHARS),
                    ),
                );
            }
            outcome
        }
        Some(summary) => StepOutcome::found(
            Finding::new(
                FindingCode::ErrorFormatNotScim,
                summary,
                tr!(
                    "Provisioning can still work, but when a sync fails there is little more than the status code \
                     to go on (whether PingOne's log shows error bodies is not documented), which makes problems \
                     slow to diagnose. RFC 7644 §3.12 asks for a JSON body \
                     with the schema urn:ietf:params:scim:api:messages:2.0:Error; mention it to Haiilo support.",
                    "Die Provisionierung kann trotzdem funktionieren, aber scheitert eine Synchronisierung, gibt es \
                     kaum mehr als den Statuscode (ob PingOnes Protokoll Fehlerinhalte zeigt, ist nicht \
                     dokumentiert); das macht Probleme mühsam zu untersuchen. RFC 7644 §3.12 verlangt einen \
                     JSON-Inhalt mit dem Schema urn:ietf:params:scim:api:messages:2.0:Error; erwähnen Sie es dem \
                     Haiilo-Support."
                ),
            )
            .warn()
            .with_evidence(evidence),
        ),
    };
    note_exchange(&mut outcome, &exchange);
    outcome
}
