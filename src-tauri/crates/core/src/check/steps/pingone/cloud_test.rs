//! `pingone_cloud_test`: PingOne's own *Test Connection Configuration*, run from PingOne's
//! cloud with the configuration this setup describes (including the Haiilo secret, which
//! PingOne needs for the test; it is registered with the redactor before it is sent). The
//! same two requests are made from this computer (token, then `GET /Users?count=1`), so a
//! pass on one side and a fail on the other is named for what it means: the network path
//! from PingOne's cloud differs from this computer's.

use super::{api_finding, client};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::http;
use crate::oauth::ClientAuthMethod;
use crate::pingone_api::apply::DesiredSetup;
use crate::pingone_api::cloud_test::CloudTestOutcome;

const IP_REFERENCE: &str = "PingOne's documentation page \"IP address and domain reference\" \
    (docs.pingidentity.com) lists the addresses PingOne calls from";

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let mut client = match client(ctx) {
        Ok(client) => client,
        Err(outcome) => return outcome,
    };
    let desired = DesiredSetup::for_tenant(
        &ctx.target.endpoints,
        &ctx.target.client_id,
        Some(ctx.secret.clone()),
        None,
    );
    let cloud = match client.test_connection(&desired.store).await {
        Ok(cloud) => cloud,
        Err(error) => return StepOutcome::found(api_finding(&error)),
    };
    let local = local_test(ctx).await;
    let outcome = match (&cloud, &local) {
        (CloudTestOutcome::Passed { .. }, Ok(())) => StepOutcome::pass(
            "PingOne reached Haiilo from its cloud with these values, as this computer does.",
        ),
        (CloudTestOutcome::Passed { .. }, Err(why)) => StepOutcome::found(
            Finding::new(
                FindingCode::PingoneCloudLocalDisagree,
                format!(
                    "PingOne's cloud test passed, but the same requests fail from this computer ({why})."
                ),
                "Provisioning runs from PingOne's cloud, so it can work. The network path from this computer \
                 differs (a firewall, proxy or DNS name on your network): the Haiilo steps above show where it fails.",
            )
            .warn(),
        ),
        (CloudTestOutcome::Failed { .. }, Ok(())) => StepOutcome::found(
            Finding::new(
                FindingCode::PingoneCloudLocalDisagree,
                format!(
                    "PingOne's cloud test failed ({}), while the same requests work from this computer.",
                    cloud.pingone_said()
                ),
                format!(
                    "PingOne calls Haiilo over the internet from its own addresses, so the network path differs from \
                     this computer's: a firewall or IP allow-list in front of Haiilo, or a name that resolves only \
                     inside your network. {IP_REFERENCE}: allow them, or ask Haiilo support whether the tenant \
                     restricts callers."
                ),
            ),
        ),
        (CloudTestOutcome::Failed { .. }, Err(why)) => StepOutcome::found(Finding::new(
            FindingCode::PingoneCloudTestFailed,
            format!(
                "PingOne's cloud test failed ({}), and the same requests fail from this computer ({why}).",
                cloud.pingone_said()
            ),
            "The values or the tenant do not work from anywhere: fix what the Haiilo steps above report, then run \
             the check again.",
        )),
    };
    outcome.fact("PingOne's cloud test", cloud.describe()).fact(
        "From this computer",
        match &local {
            Ok(()) => "token and GET /Users answered".to_string(),
            Err(why) => why.clone(),
        },
    )
}

/// The requests PingOne's test makes, from this computer: a token with HTTP Basic, then
/// one page of users with it. `Err` says what failed, without any secret.
async fn local_test(ctx: &Context) -> Result<(), String> {
    let (grant, _) = ctx
        .request_token(ClientAuthMethod::ClientSecretBasic, &ctx.secret)
        .await
        .map_err(|f| format!("token: {}", f.summary))?;
    let url = ctx.scim_url("/Users?count=1");
    let response = http::send(&ctx.options.http, || {
        ctx.client
            .get(&url)
            .header(
                reqwest::header::ACCEPT,
                "application/scim+json, application/json",
            )
            .bearer_auth(grant.access_token.expose())
    })
    .await
    .map_err(|e| {
        format!(
            "GET /Users: {}",
            crate::diagnose::transport_finding(&e, &url).summary
        )
    })?;
    match response.status {
        200..=299 => Ok(()),
        status => Err(format!("GET /Users answered HTTP {status}")),
    }
}
