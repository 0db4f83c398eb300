//! The PingOne group: PingOne's own side of the connection, read through the PingOne
//! Platform API with the setup's PingOne access (a worker app with the Environment Admin
//! role). Without access, every step here is skipped as not applicable and the rest of the
//! check is unchanged.

mod cloud_test;
mod rule;
mod store;
mod sync;
mod token;

pub use token::token_finding;

use crate::check::context::Context;
use crate::check::model::StepId;
use crate::check::outcome::StepOutcome;
use crate::findings::{Evidence, Finding, FindingCode};
use crate::pingone_api::{ApiErrorKind, PingOneApiError, PingOneClient};

pub(super) const NO_ACCESS: &str = "No PingOne access set up for this setup: add the region, \
    environment ID and a worker application with the Environment Admin role to read PingOne's \
    side. Everything else is checked as before.";

const ROLE_FIX: &str = "In PingOne, open Applications › Applications › your worker application › \
    Roles › Grant Roles, and give it Environment Admin for this environment. Then run the check again.";

const ENVIRONMENT_FIX: &str = "Copy the environment ID again from the PingOne console (Settings › \
    Environment Properties, or the env= part of the console's address) and check the region: an \
    environment exists in one region only, and the region is in the console's address \
    (console.pingone.eu is Europe).";

const UNREACHABLE_FIX: &str = "Check that this computer can open the PingOne console, the region \
    (or the PingOne URLs entered) and any proxy in between; then run the check again.";

const RATE_FIX: &str = "PingOne limits how many API requests an environment may make. Wait a \
    minute and run the check again; if other tools use the same worker application, run it when \
    they are idle.";

pub(super) async fn run(id: StepId, ctx: &Context) -> StepOutcome {
    let Some(pingone) = ctx.options.pingone.clone() else {
        return StepOutcome::not_applicable(NO_ACCESS);
    };
    match id {
        StepId::PingoneToken => token::run(ctx, &pingone).await,
        StepId::PingoneStore => store::run(ctx).await,
        StepId::PingoneCloudTest => cloud_test::run(ctx).await,
        StepId::PingoneRule => rule::run(ctx).await,
        _ => sync::run(ctx).await,
    }
}

/// The API client with the worker token from `pingone_token` (which these steps need).
fn client(ctx: &Context) -> Result<PingOneClient, StepOutcome> {
    ctx.pingone_client().ok_or_else(|| {
        StepOutcome::found(Finding::new(
            FindingCode::PingoneTokenRejected,
            "No PingOne worker token is available for this step.",
            "Run the check again; if this persists, report it with this report.",
        ))
    })
}

/// A failed PingOne API call as a finding: 403 (role) and 404 (environment) told apart
/// from 401, rate limits and transport failures.
pub fn api_finding(error: &PingOneApiError) -> Finding {
    let (code, summary, fix) = match error.kind {
        ApiErrorKind::Forbidden => (
            FindingCode::PingoneRoleMissing,
            "PingOne issued the worker application a token, but refused it this request (HTTP 403): the worker application lacks the Environment Admin role.",
            ROLE_FIX,
        ),
        ApiErrorKind::Unauthorized => (
            FindingCode::PingoneTokenRejected,
            "PingOne did not accept the worker application's token for this environment (HTTP 401).",
            "Check that the worker application belongs to this environment (its Client ID is shown under Applications › Applications in the same environment), then run the check again.",
        ),
        ApiErrorKind::NotFound => (
            FindingCode::PingoneEnvironmentNotFound,
            "PingOne's API does not know this environment (HTTP 404).",
            ENVIRONMENT_FIX,
        ),
        ApiErrorKind::RateLimited => (
            FindingCode::PingoneRateLimited,
            "PingOne is rate limiting the API requests (HTTP 429), even after waiting as it asked.",
            RATE_FIX,
        ),
        _ => (
            FindingCode::PingoneUnreachable,
            "PingOne's API could not be used from this computer.",
            UNREACHABLE_FIX,
        ),
    };
    Finding::new(code, summary, fix)
        .with_detail(error.summary.clone())
        .with_evidence(Evidence {
            request: error.request.clone(),
            status: error.status,
            body_excerpt: error.excerpt.clone(),
            ..Evidence::default()
        })
}
