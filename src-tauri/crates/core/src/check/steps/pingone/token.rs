//! `pingone_token`: the worker application gets a token at
//! `<auth base>/<environmentId>/as/token`, and one read of the environment's stores proves
//! the Environment Admin role (PingOne answers 403 without it, 401 for a refused token).

use super::{api_finding, environment_fix, rate_fix, unreachable_fix};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::check::PingOneCheckAccess;
use crate::findings::{Finding, FindingCode};
use crate::oauth::ClientAuthMethod;
use crate::pingone_api::{fetch_worker_token, PingOneAccess, WorkerTokenError};
use crate::{tr, trf};

pub(super) async fn run(ctx: &Context, pingone: &PingOneCheckAccess) -> StepOutcome {
    let access = &pingone.access;
    let grant = match fetch_worker_token(
        &ctx.client,
        &ctx.options.http,
        access,
        &pingone.worker_secret,
        &ctx.redactor(),
    )
    .await
    {
        Ok(grant) => grant,
        Err(error) => return StepOutcome::found(token_finding(&error, access)),
    };
    ctx.protect(|r| r.add_token(grant.access_token.expose()));
    ctx.shared().pingone.grant = Some(grant.clone());
    let Some(client) = ctx.pingone_client() else {
        return StepOutcome::not_applicable(super::no_access());
    };
    let stores = match client.list_stores().await {
        Ok(stores) => stores,
        Err(error) => return StepOutcome::found(api_finding(&error)),
    };
    let count = stores.len();
    ctx.shared().pingone.stores = Some(stores);
    let mut outcome = StepOutcome::pass(tr!(
        "The worker application got a token and may read this environment's provisioning.",
        "Die Worker-App hat ein Token erhalten und darf die Provisionierung dieser Umgebung lesen."
    ))
    .fact(tr!("Token URL", "Token-URL"), access.token_url())
    .fact("API", access.api_base())
    .fact(
        tr!("Environment ID", "Umgebungs-ID"),
        access.environment_id.clone(),
    )
    .fact(
        tr!("Client authentication", "Client-Authentifizierung"),
        grant.method_note(),
    )
    .fact(
        tr!(
            "Stores in the environment",
            "SCIM-Verbindungen in der Umgebung"
        ),
        crate::report::number(count as u64),
    );
    if grant.method == ClientAuthMethod::ClientSecretPost {
        outcome.add_fact(
            tr!("Note", "Hinweis"),
            tr!(
                "HTTP Basic was refused and the form body accepted: the worker application's Token Endpoint Authentication Method is Client Secret Post.",
                "HTTP Basic wurde abgelehnt und der Formular-Body angenommen: Die „Token Endpoint Authentication Method“ der Worker-App ist „Client Secret Post“."
            ),
        );
    }
    outcome
}

/// A refused worker token as a finding: unknown client and wrong secret are one (PingOne
/// answers both with `invalid_client`), the environment and the region are another.
pub fn token_finding(error: &WorkerTokenError, access: &PingOneAccess) -> Finding {
    let said = error.to_string();
    let (code, summary, fix) = match error {
        WorkerTokenError::InvalidClient { .. } => (
            FindingCode::PingoneTokenRejected,
            tr!(
                "PingOne refused the worker application's Client ID or secret (invalid_client). PingOne does not tell an unknown Client ID from a wrong secret.",
                "PingOne hat die „Client ID“ oder das Secret der Worker-App abgelehnt (invalid_client). PingOne unterscheidet eine unbekannte „Client ID“ nicht von einem falschen Secret."
            )
            .to_string(),
            tr!(
                "Copy the Client ID and the Client Secret again from the worker application in PingOne (Applications › Applications › your worker app › Overview and Configuration); generate a new secret if in doubt. The application must be in this environment.",
                "Kopieren Sie „Client ID“ und „Client Secret“ erneut aus der Worker-App in PingOne („Applications › Applications“ › Ihre Worker-App › „Overview“ und „Configuration“); erzeugen Sie im Zweifel ein neues Secret. Die App muss in dieser Umgebung liegen."
            )
            .to_string(),
        ),
        WorkerTokenError::UnauthorizedClient { .. } | WorkerTokenError::Rejected { .. } => (
            FindingCode::PingoneTokenRejected,
            tr!(
                "PingOne refused the worker application's token request.",
                "PingOne hat die Token-Anfrage der Worker-App abgelehnt."
            )
            .to_string(),
            tr!(
                "The application must be of type Worker with the grant type Client Credentials (Applications › Applications › your app › Configuration).",
                "Die App muss vom Typ „Worker“ sein, mit dem Grant-Typ „Client Credentials“ („Applications › Applications“ › Ihre App › „Configuration“)."
            )
            .to_string(),
        ),
        WorkerTokenError::EnvironmentNotFound { .. } => (
            FindingCode::PingoneEnvironmentNotFound,
            match &access.auth_url {
                Some(_) => {
                    let (id, url) = (&access.environment_id, access.token_url());
                    trf!(
                        "PingOne has no environment {id} at {url}.",
                        "PingOne hat keine Umgebung {id} unter {url}."
                    )
                }
                None => {
                    let (id, region, tld) = (
                        &access.environment_id,
                        access.region.name(),
                        access.region.tld(),
                    );
                    trf!(
                        "PingOne has no environment {id} in the region {region} ({tld}).",
                        "PingOne hat keine Umgebung {id} in der Region {region} ({tld})."
                    )
                }
            },
            environment_fix().to_string(),
        ),
        WorkerTokenError::RateLimited { .. } => (
            FindingCode::PingoneRateLimited,
            tr!(
                "PingOne is rate limiting the worker application's token requests (HTTP 429).",
                "PingOne drosselt die Token-Anfragen der Worker-App (HTTP 429)."
            )
            .to_string(),
            rate_fix().to_string(),
        ),
        WorkerTokenError::HostNotFound { .. }
        | WorkerTokenError::Unreachable { .. }
        | WorkerTokenError::Timeout { .. }
        | WorkerTokenError::ServerError { .. }
        | WorkerTokenError::NotATokenResponse { .. } => (
            FindingCode::PingoneUnreachable,
            {
                let first = first_sentence(&said);
                trf!(
                    "PingOne's token endpoint could not be used: {first}",
                    "PingOnes Token-Endpunkt ließ sich nicht verwenden: {first}"
                )
            },
            unreachable_fix().to_string(),
        ),
    };
    Finding::new(code, summary, fix).with_detail(format!("POST {}: {said}", access.token_url()))
}

fn first_sentence(text: &str) -> &str {
    text.split_once(". ").map_or(text, |(first, _)| first)
}
