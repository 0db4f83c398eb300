//! Rung 6, `scim_requires_auth`: `GET /Users` without a token must be refused (RFC 6750
//! §3: 401 with a Bearer challenge). A user list handed to anyone who asks is a security
//! problem, even though PingOne itself would work.

use crate::check::context::{Auth, Context};
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::scim;
use crate::{tr, trf};

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let url = ctx.scim_url("/Users?count=1");
    let exchange = match ctx.get(&url, Auth::None).await {
        Ok(exchange) => exchange,
        Err(finding) => return StepOutcome::found(finding),
    };
    let response = &exchange.response;
    let mut outcome = match response.status {
        401 => {
            let mut outcome = StepOutcome::pass(tr!(
                "Without a token, SCIM answers 401 as it should.",
                "Ohne Token antwortet SCIM wie vorgesehen mit 401."
            ));
            if let Some(challenge) = &response.www_authenticate {
                outcome.add_fact(
                    "WWW-Authenticate",
                    crate::text::verbatim(
                        &ctx.redactor()
                            .server_text(challenge, crate::redact::SERVER_TEXT_CHARS),
                    ),
                );
            }
            outcome
        }
        200..=299 if scim::parse_list_response(&response.body).is_ok() => {
            let evidence = ctx.evidence(&exchange);
            StepOutcome::found(
                Finding::new(
                    FindingCode::ScimUnauthenticatedAccess,
                    tr!(
                        "SCIM lists users to anyone: a request without a token got the user list.",
                        "SCIM zeigt die Benutzer jedem: Eine Anfrage ohne Token erhielt die Benutzerliste."
                    ),
                    tr!(
                        "PingOne will still work, but anyone who can reach this address can read your users. Tell \
                         whoever runs the installation (Haiilo support for a Haiilo tenant) right away; a gateway or \
                         proxy in front of Haiilo that adds credentials on its own is a common cause.",
                        "PingOne funktioniert trotzdem, aber jeder, der diese Adresse erreicht, kann Ihre Benutzer \
                         lesen. Sagen Sie es sofort den Betreibern der Installation (bei einem Haiilo-Tenant dem \
                         Haiilo-Support); häufige Ursache ist ein Gateway oder Proxy vor Haiilo, der selbst \
                         Zugangsdaten hinzufügt."
                    ),
                )
                .warn()
                .with_evidence(evidence),
            )
        }
        429 => {
            let evidence = ctx.evidence(&exchange);
            StepOutcome::found(
                crate::diagnose::rate_limited_finding(
                    &response.rate_limit_waits,
                    response.retry_after,
                    true,
                )
                .with_evidence(evidence),
            )
        }
        // Anything else (403, a redirect, an error page) gives nothing away; whether SCIM
        // works with a token is for `list_users` to say.
        status => StepOutcome::pass(trf!(
            "Without a token, SCIM gives nothing away (HTTP {status}).",
            "Ohne Token gibt SCIM nichts preis (HTTP {status})."
        ))
        .fact(
            tr!("Answer without a token", "Antwort ohne Token"),
            crate::text::verbatim(&response.status_line),
        ),
    };
    outcome.note_waits(&response.rate_limit_waits);
    outcome
}
