//! One check run in a test, and the assertions every fault scenario makes: the named finding
//! at its step with its status and a fix, no other finding code anywhere, and no secret in
//! any output or report format.

use super::front::{front, Action, Front};
use super::{
    assert_finding, assert_no_authorization_header, assert_none_of, forbidden, quick_options,
    Request, CLIENT_ID, SECRET, TOKEN,
};
use demo_tenant::{Fault, RunningTenant, TenantConfig};
use haiilo_scim_core::check::{
    self, CheckEvent, CheckOptions, CheckReport, CheckTarget, StepStatus,
};
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::findings::FindingCode;
use haiilo_scim_core::report::{self, ReportFormat};
use haiilo_scim_core::secret::ClientSecret;
use std::collections::BTreeSet;
use std::net::SocketAddr;

pub struct Run {
    pub report: CheckReport,
    pub events: Vec<CheckEvent>,
    /// Values that must appear in no output.
    pub secrets: Vec<String>,
    /// The Client ID the run used, for the Basic header values the secrets make.
    pub client_id: String,
}

impl Run {
    /// The scenario's contract: this code, at this step with this status, and nothing else.
    pub fn expect_only(&self, code: FindingCode, step: &str, status: StepStatus) {
        assert_finding(&self.report, step, status, code);
        let codes: BTreeSet<&str> = self
            .report
            .steps
            .iter()
            .flat_map(|s| s.findings.iter().map(|f| f.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            BTreeSet::from([code.as_str()]),
            "expected only {code}:\n{}",
            report::summary_text(&self.report)
        );
        self.assert_no_secrets_anywhere();
    }

    /// The secret and every token are absent from the report in every format, the copied
    /// summary, the events and the debug output.
    pub fn assert_no_secrets_anywhere(&self) {
        let secrets: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        let forms = forbidden(&secrets, Some(&self.client_id));
        for format in [
            ReportFormat::Markdown,
            ReportFormat::Html,
            ReportFormat::Json,
        ] {
            let text = report::render(&self.report, format);
            assert_none_of(&text, &forms);
            assert_no_authorization_header(&text, &format!("the {format:?} report"));
        }
        assert_none_of(&report::summary_text(&self.report), &forms);
        assert_none_of(&format!("{:?}", self.report), &forms);
        assert_none_of(&format!("{:?}", self.events), &forms);
        assert_none_of(&serde_json::to_string(&self.events).unwrap(), &forms);
    }

    pub fn step(&self, id: &str) -> &haiilo_scim_core::check::StepResult {
        self.report
            .steps
            .iter()
            .find(|s| s.id.as_str() == id)
            .unwrap()
    }
}

/// Runs the check against explicit endpoints (which may be anything, even unusable).
pub async fn run_endpoints(
    endpoints: Endpoints,
    client_id: &str,
    secret: &str,
    options: CheckOptions,
    mut secrets: Vec<String>,
) -> Run {
    let target = CheckTarget {
        endpoints,
        client_id: client_id.to_string(),
    };
    let mut events = Vec::new();
    let report = check::run_check(&target, &ClientSecret::new(secret), &options, |event| {
        events.push(event.clone())
    })
    .await;
    secrets.extend([secret.to_string(), SECRET.to_string(), TOKEN.to_string()]);
    let trimmed = secret.trim().to_string();
    if !trimmed.is_empty() {
        secrets.push(trimmed);
    }
    Run {
        report,
        events,
        secrets,
        client_id: client_id.to_string(),
    }
}

/// Endpoints on a host that needs no normalisation (loopback fixtures, odd schemes).
pub fn raw_endpoints(scim_base_url: &str, token_url: &str) -> Endpoints {
    Endpoints {
        host: url_host(scim_base_url),
        scim_base_url: scim_base_url.to_string(),
        token_url: token_url.to_string(),
        notes: vec![],
    }
}

fn url_host(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
        .to_string()
}

/// Runs against fixture URLs with the fixture credentials.
pub async fn run_urls(scim_url: &str, token_url: &str, options: CheckOptions) -> Run {
    run_endpoints(
        raw_endpoints(scim_url, token_url),
        CLIENT_ID,
        SECRET,
        options,
        vec![],
    )
    .await
}

pub async fn demo(faults: Vec<Fault>) -> RunningTenant {
    demo_tenant::start(TenantConfig {
        faults,
        ..TenantConfig::default()
    })
    .await
    .unwrap()
}

pub fn tenant_addr(tenant: &RunningTenant) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], tenant.port()))
}

/// A demo tenant with `faults`, behind a front that applies `handler`, checked with
/// `options` (via `adjust`) and the tenant's own credentials.
pub async fn run_demo_with(
    faults: Vec<Fault>,
    handler: impl Fn(&Request) -> Action + Send + Sync + 'static,
    adjust: impl FnOnce(&mut CheckOptions, &Front) -> (String, String),
) -> Run {
    let tenant = demo(faults).await;
    let front = front(tenant_addr(&tenant), handler).await;
    let mut options = quick_options();
    let (scim, token) = adjust(&mut options, &front);
    let run = run_endpoints(
        raw_endpoints(&scim, &token),
        tenant.client_id(),
        tenant.client_secret(),
        options,
        vec![tenant.client_secret().to_string()],
    )
    .await;
    with_tokens(run, &front)
}

/// A demo tenant with `faults` behind a front applying `handler`.
pub async fn run_demo(
    faults: Vec<Fault>,
    handler: impl Fn(&Request) -> Action + Send + Sync + 'static,
) -> Run {
    run_demo_with(faults, handler, |_, front| {
        (front.scim_url(), front.token_url())
    })
    .await
}

/// As `run_demo`, with another secret than the tenant's.
pub async fn run_demo_secret(faults: Vec<Fault>, secret: &str) -> Run {
    let tenant = demo(faults).await;
    let front = front(tenant_addr(&tenant), |_| Action::Forward).await;
    let run = run_endpoints(
        raw_endpoints(&front.scim_url(), &front.token_url()),
        tenant.client_id(),
        secret,
        quick_options(),
        vec![tenant.client_secret().to_string()],
    )
    .await;
    with_tokens(run, &front)
}

fn with_tokens(mut run: Run, front: &Front) -> Run {
    run.secrets.extend(front.tokens());
    run.assert_no_secrets_anywhere();
    run
}
