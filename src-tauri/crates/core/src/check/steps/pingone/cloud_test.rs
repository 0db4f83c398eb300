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
use crate::{tr, trf};

fn ip_reference() -> &'static str {
    tr!(
        "PingOne's documentation page \"IP address and domain reference\" \
         (docs.pingidentity.com) lists the addresses PingOne calls from",
        "PingOnes Dokumentationsseite „IP address and domain reference“ (docs.pingidentity.com) \
         nennt die Adressen, von denen PingOne aus aufruft"
    )
}

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
    let said = cloud.pingone_said();
    let ip_reference = ip_reference();
    let outcome = match (&cloud, &local) {
        (CloudTestOutcome::Passed { .. }, Ok(())) => StepOutcome::pass(tr!(
            "PingOne reached Haiilo from its cloud with these values, as this computer does.",
            "PingOne hat Haiilo mit diesen Werten aus seiner Cloud erreicht, genau wie dieser Computer."
        )),
        (CloudTestOutcome::Passed { .. }, Err(why)) => StepOutcome::found(
            Finding::new(
                FindingCode::PingoneCloudLocalDisagree,
                trf!(
                    "PingOne's cloud test passed, but the same requests fail from this computer ({why}).",
                    "PingOnes Cloud-Test ist bestanden, aber dieselben Anfragen scheitern von diesem Computer aus ({why})."
                ),
                tr!(
                    "Provisioning runs from PingOne's cloud, so it can work. The network path from this computer \
                     differs (a firewall, proxy or DNS name on your network): the Haiilo steps above show where it fails.",
                    "Die Provisionierung läuft aus PingOnes Cloud, kann also funktionieren. Der Netzwerkweg von diesem \
                     Computer ist ein anderer (eine Firewall, ein Proxy oder ein DNS-Name in Ihrem Netz): Die \
                     Haiilo-Schritte oben zeigen, wo es scheitert."
                ),
            )
            .warn(),
        ),
        (CloudTestOutcome::Failed { .. }, Ok(())) => StepOutcome::found(Finding::new(
            FindingCode::PingoneCloudLocalDisagree,
            trf!(
                "PingOne's cloud test failed ({said}), while the same requests work from this computer.",
                "PingOnes Cloud-Test ist gescheitert („{said}“), während dieselben Anfragen von diesem Computer aus funktionieren."
            ),
            trf!(
                "PingOne calls Haiilo over the internet from its own addresses, so the network path differs from \
                 this computer's: a firewall or IP allow-list in front of Haiilo, or a name that resolves only \
                 inside your network. {ip_reference}: allow them, or ask Haiilo support whether the tenant \
                 restricts callers.",
                "PingOne ruft Haiilo über das Internet von eigenen Adressen auf, der Netzwerkweg unterscheidet sich \
                 also von dem dieses Computers: eine Firewall oder IP-Freigabeliste vor Haiilo, oder ein Name, der \
                 sich nur in Ihrem Netz auflösen lässt. {ip_reference}: Geben Sie diese frei, oder fragen Sie den \
                 Haiilo-Support, ob der Tenant Aufrufer beschränkt."
            ),
        )),
        (CloudTestOutcome::Failed { .. }, Err(why)) => StepOutcome::found(Finding::new(
            FindingCode::PingoneCloudTestFailed,
            trf!(
                "PingOne's cloud test failed ({said}), and the same requests fail from this computer ({why}).",
                "PingOnes Cloud-Test ist gescheitert („{said}“), und dieselben Anfragen scheitern auch von diesem Computer aus ({why})."
            ),
            tr!(
                "The values or the tenant do not work from anywhere: fix what the Haiilo steps above report, then run \
                 the check again.",
                "Die Werte oder der Tenant funktionieren von nirgendwo: Beheben Sie, was die Haiilo-Schritte oben \
                 melden, und starten Sie den Verbindungstest dann erneut."
            ),
        )),
    };
    outcome
        .fact(
            tr!("PingOne's cloud test", "PingOnes Cloud-Test"),
            cloud.describe(),
        )
        .fact(
            tr!("From this computer", "Von diesem Computer"),
            match &local {
                Ok(()) => tr!(
                    "token and GET /Users answered",
                    "Token und „GET /Users“ haben geantwortet"
                )
                .to_string(),
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
        .map_err(|f| {
            let summary = f.summary;
            trf!("token: {summary}", "Token: {summary}")
        })?;
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
        let summary = crate::diagnose::transport_finding(&e, &url).summary;
        trf!("GET /Users: {summary}", "„GET /Users“: {summary}")
    })?;
    match response.status {
        200..=299 => Ok(()),
        status => Err(trf!(
            "GET /Users answered HTTP {status}",
            "„GET /Users“ antwortete mit HTTP {status}"
        )),
    }
}
