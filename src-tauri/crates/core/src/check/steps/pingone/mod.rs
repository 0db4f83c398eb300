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
use crate::tr;

pub(super) fn no_access() -> &'static str {
    tr!(
        "No PingOne access set up for this setup: add the region, \
         environment ID and a worker application with the Environment Admin role to read PingOne's \
         side. Everything else is checked as before.",
        "Für dieses Setup ist kein PingOne-Zugang eingerichtet: Tragen Sie die Region, die Umgebungs-ID \
         und eine Worker-App mit der Rolle „Environment Admin“ ein, damit die PingOne-Seite gelesen werden \
         kann. Alles andere wird wie bisher geprüft."
    )
}

fn role_fix() -> &'static str {
    tr!(
        "In PingOne, open Applications › Applications › your worker application › \
         Roles › Grant Roles, and give it Environment Admin for this environment. Then run the check again.",
        "Öffnen Sie in PingOne „Applications › Applications“ › Ihre Worker-App › „Roles › Grant Roles“ und \
         geben Sie ihr „Environment Admin“ für diese Umgebung. Starten Sie den Verbindungstest dann erneut."
    )
}

fn environment_fix() -> &'static str {
    tr!(
        "Copy the environment ID again from the PingOne console (Settings › \
         Environment Properties, or the env= part of the console's address) and check the region: an \
         environment exists in one region only, and the region is in the console's address \
         (console.pingone.eu is Europe).",
        "Kopieren Sie die Umgebungs-ID erneut aus der PingOne-Konsole („Settings › Environment Properties“ \
         oder der Teil env= in der Adresse der Konsole) und prüfen Sie die Region: Eine Umgebung gibt es nur \
         in einer Region, und die Region steht in der Adresse der Konsole (console.pingone.eu ist Europa)."
    )
}

fn unreachable_fix() -> &'static str {
    tr!(
        "Check that this computer can open the PingOne console, the region \
         (or the PingOne URLs entered) and any proxy in between; then run the check again.",
        "Prüfen Sie, ob dieser Computer die PingOne-Konsole öffnen kann, die Region (oder die eingetragenen \
         PingOne-URLs) und einen etwaigen Proxy dazwischen; starten Sie den Verbindungstest dann erneut."
    )
}

fn rate_fix() -> &'static str {
    tr!(
        "PingOne limits how many API requests an environment may make. Wait a \
         minute and run the check again; if other tools use the same worker application, run it when \
         they are idle.",
        "PingOne begrenzt, wie viele API-Anfragen eine Umgebung stellen darf. Warten Sie eine Minute und \
         starten Sie den Verbindungstest erneut; nutzen andere Werkzeuge dieselbe Worker-App, prüfen Sie, wenn diese \
         ruhen."
    )
}

pub(super) async fn run(id: StepId, ctx: &Context) -> StepOutcome {
    let Some(pingone) = ctx.options.pingone.clone() else {
        return StepOutcome::not_applicable(no_access());
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
            tr!(
                "No PingOne worker token is available for this step.",
                "Für diesen Schritt ist kein Token der PingOne-Worker-App verfügbar."
            ),
            tr!(
                "Run the check again; if this persists, report it with this report.",
                "Starten Sie den Verbindungstest erneut; bleibt es dabei, melden Sie es mit diesem Bericht."
            ),
        ))
    })
}

/// A failed PingOne API call as a finding: 403 (role) and 404 (environment) told apart
/// from 401, rate limits and transport failures.
pub fn api_finding(error: &PingOneApiError) -> Finding {
    let (code, summary, fix) = match error.kind {
        ApiErrorKind::Forbidden => (
            FindingCode::PingoneRoleMissing,
            tr!(
                "PingOne issued the worker application a token, but refused it this request (HTTP 403): the worker application lacks the Environment Admin role.",
                "PingOne hat der Worker-App ein Token ausgestellt, diese Anfrage aber abgelehnt (HTTP 403): Der Worker-App fehlt die Rolle „Environment Admin“."
            ),
            role_fix(),
        ),
        ApiErrorKind::Unauthorized => (
            FindingCode::PingoneTokenRejected,
            tr!(
                "PingOne did not accept the worker application's token for this environment (HTTP 401).",
                "PingOne hat das Token der Worker-App für diese Umgebung nicht angenommen (HTTP 401)."
            ),
            tr!(
                "Check that the worker application belongs to this environment (its Client ID is shown under Applications › Applications in the same environment), then run the check again.",
                "Prüfen Sie, ob die Worker-App zu dieser Umgebung gehört (ihre „Client ID“ steht unter „Applications › Applications“ in derselben Umgebung), und starten Sie den Verbindungstest dann erneut."
            ),
        ),
        ApiErrorKind::NotFound => (
            FindingCode::PingoneEnvironmentNotFound,
            tr!(
                "PingOne's API does not know this environment (HTTP 404).",
                "PingOnes API kennt diese Umgebung nicht (HTTP 404)."
            ),
            environment_fix(),
        ),
        ApiErrorKind::RateLimited => (
            FindingCode::PingoneRateLimited,
            tr!(
                "PingOne is rate limiting the API requests (HTTP 429), even after waiting as it asked.",
                "PingOne drosselt die API-Anfragen (HTTP 429), auch nach der verlangten Wartezeit."
            ),
            rate_fix(),
        ),
        _ => (
            FindingCode::PingoneUnreachable,
            tr!(
                "PingOne's API could not be used from this computer.",
                "PingOnes API ließ sich von diesem Computer aus nicht verwenden."
            ),
            unreachable_fix(),
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
