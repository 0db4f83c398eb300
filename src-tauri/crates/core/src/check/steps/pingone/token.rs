//! `pingone_token`: the worker application gets a token at
//! `<auth base>/<environmentId>/as/token`, and one read of the environment's stores proves
//! the Environment Admin role (PingOne answers 403 without it, 401 for a refused token).

use super::{api_finding, ENVIRONMENT_FIX, RATE_FIX, UNREACHABLE_FIX};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::check::PingOneCheckAccess;
use crate::findings::{Finding, FindingCode};
use crate::oauth::ClientAuthMethod;
use crate::pingone_api::{fetch_worker_token, PingOneAccess, WorkerTokenError};

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
        return StepOutcome::not_applicable(super::NO_ACCESS);
    };
    let stores = match client.list_stores().await {
        Ok(stores) => stores,
        Err(error) => return StepOutcome::found(api_finding(&error)),
    };
    let count = stores.len();
    ctx.shared().pingone.stores = Some(stores);
    let mut outcome = StepOutcome::pass(
        "The worker application got a token and may read this environment's provisioning.",
    )
    .fact("Token URL", access.token_url())
    .fact("API", access.api_base())
    .fact("Environment ID", access.environment_id.clone())
    .fact("Client authentication", grant.method_note())
    .fact("Stores in the environment", count.to_string());
    if grant.method == ClientAuthMethod::ClientSecretPost {
        outcome.add_fact(
            "Note",
            "HTTP Basic was refused and the form body accepted: the worker application's Token Endpoint Authentication Method is Client Secret Post.",
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
            "PingOne refused the worker application's Client ID or secret (invalid_client). PingOne does not tell an unknown Client ID from a wrong secret.".to_string(),
            "Copy the Client ID and the Client Secret again from the worker application in PingOne (Applications › Applications › your worker app › Overview and Configuration); generate a new secret if in doubt. The application must be in this environment.".to_string(),
        ),
        WorkerTokenError::UnauthorizedClient { .. } | WorkerTokenError::Rejected { .. } => (
            FindingCode::PingoneTokenRejected,
            "PingOne refused the worker application's token request.".to_string(),
            "The application must be of type Worker with the grant type Client Credentials (Applications › Applications › your app › Configuration).".to_string(),
        ),
        WorkerTokenError::EnvironmentNotFound { .. } => (
            FindingCode::PingoneEnvironmentNotFound,
            match &access.auth_url {
                Some(_) => format!(
                    "PingOne has no environment {} at {}.",
                    access.environment_id,
                    access.token_url()
                ),
                None => format!(
                    "PingOne has no environment {} in the region {} ({}).",
                    access.environment_id,
                    access.region.label(),
                    access.region.tld()
                ),
            },
            ENVIRONMENT_FIX.to_string(),
        ),
        WorkerTokenError::RateLimited { .. } => (
            FindingCode::PingoneRateLimited,
            "PingOne is rate limiting the worker application's token requests (HTTP 429).".to_string(),
            RATE_FIX.to_string(),
        ),
        WorkerTokenError::HostNotFound { .. }
        | WorkerTokenError::Unreachable { .. }
        | WorkerTokenError::Timeout { .. }
        | WorkerTokenError::ServerError { .. }
        | WorkerTokenError::NotATokenResponse { .. } => (
            FindingCode::PingoneUnreachable,
            format!("PingOne's token endpoint could not be used: {}", first_sentence(&said)),
            UNREACHABLE_FIX.to_string(),
        ),
    };
    Finding::new(code, summary, fix).with_detail(format!("POST {}: {said}", access.token_url()))
}

fn first_sentence(text: &str) -> &str {
    text.split_once(". ").map_or(text, |(first, _)| first)
}
