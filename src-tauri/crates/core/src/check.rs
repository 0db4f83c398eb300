//! The connection check: the steps PingOne's provisioning depends on, run in order, each
//! reported the moment it finishes so the app and the CLI can show progress live.

use crate::endpoints::Endpoints;
use crate::findings::Finding;
use crate::http::{self, HttpOptions};
use crate::oauth::{self, ClientAuthMethod, TokenGrant, TokenRequest};
use crate::redact::Redactor;
use crate::scim::{self, UserQuery, UserSummary};
use crate::secret::ClientSecret;
use serde::Serialize;
use std::time::{Duration, Instant};

/// What the check talks to, and as whom.
#[derive(Debug, Clone)]
pub struct CheckTarget {
    pub endpoints: Endpoints,
    pub client_id: String,
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub http: HttpOptions,
    /// Users shown in the preview.
    pub sample_size: u64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            http: HttpOptions::default(),
            sample_size: 10,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    Token,
    ListUsers,
}

impl StepId {
    pub fn as_str(self) -> &'static str {
        match self {
            StepId::Token => "token",
            StepId::ListUsers => "list_users",
        }
    }

    /// What the step does, in a few words for the step list.
    pub fn title(self) -> &'static str {
        match self {
            StepId::Token => "Get an access token",
            StepId::ListUsers => "List users over SCIM",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Pass,
    Warn,
    Skip,
    Fail,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepResult {
    pub id: StepId,
    pub title: &'static str,
    pub status: StepStatus,
    pub duration_ms: u64,
    pub summary: String,
    pub finding: Option<Finding>,
}

/// Progress, in the order it happens.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CheckEvent {
    StepStarted { id: StepId, title: &'static str },
    StepFinished(Box<StepResult>),
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TargetSummary {
    pub scim_base_url: String,
    pub token_url: String,
    pub client_id: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UsersPreview {
    pub total_results: u64,
    pub sample: Vec<UserSummary>,
}

/// The whole run. Holds no secret: safe to print, save and send to the UI.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    pub ok: bool,
    pub target: TargetSummary,
    pub steps: Vec<StepResult>,
    pub users: Option<UsersPreview>,
}

/// Runs the check and calls `on_event` as each step starts and finishes.
pub async fn run_check(
    target: &CheckTarget,
    secret: &ClientSecret,
    options: &CheckOptions,
    mut on_event: impl FnMut(&CheckEvent),
) -> CheckReport {
    let mut redactor = Redactor::default();
    redactor.add(secret.expose());
    let mut run = Run {
        steps: Vec::new(),
        on_event: &mut on_event,
    };
    let mut users = None;

    let client = match http::build_client(&options.http) {
        Ok(client) => client,
        Err(reason) => {
            run.fail_all(&reason);
            return run.into_report(target, users);
        }
    };

    run.start(StepId::Token);
    let started = Instant::now();
    let request = TokenRequest {
        token_url: &target.endpoints.token_url,
        client_id: &target.client_id,
        secret,
        method: ClientAuthMethod::ClientSecretBasic,
    };
    let grant = match oauth::fetch_token(&client, &options.http, &request, &redactor).await {
        Ok((grant, response)) => {
            redactor.add(grant.access_token.expose());
            let waited = response.rate_limit_waits;
            run.finish_ok(StepId::Token, started, token_summary(&grant), &waited);
            Some(grant)
        }
        Err(finding) => {
            run.finish_failed(StepId::Token, started, finding);
            None
        }
    };

    match grant {
        None => run.skip(
            StepId::ListUsers,
            "Skipped: listing users needs an access token, and getting one failed.",
        ),
        Some(grant) => {
            run.start(StepId::ListUsers);
            let started = Instant::now();
            let query = UserQuery {
                start_index: Some(1),
                count: Some(options.sample_size),
                filter: None,
            };
            match scim::list_users(
                &client,
                &options.http,
                &target.endpoints.scim_base_url,
                &grant.access_token,
                &query,
                &redactor,
            )
            .await
            {
                Ok((page, response)) => {
                    let sample: Vec<UserSummary> = page
                        .resources
                        .iter()
                        .filter_map(scim::user_summary)
                        .collect();
                    let summary = format!(
                        "Haiilo lists {} user{}; read the first {}.",
                        page.total_results,
                        if page.total_results == 1 { "" } else { "s" },
                        sample.len()
                    );
                    users = Some(UsersPreview {
                        total_results: page.total_results,
                        sample,
                    });
                    run.finish_ok(
                        StepId::ListUsers,
                        started,
                        summary,
                        &response.rate_limit_waits,
                    );
                }
                Err(finding) => run.finish_failed(StepId::ListUsers, started, finding),
            }
        }
    }
    run.into_report(target, users)
}

fn token_summary(grant: &TokenGrant) -> String {
    match grant.expires_in {
        Some(secs) => format!(
            "Got a {} token, valid for {}.",
            grant.token_type,
            human_duration(Duration::from_secs(secs))
        ),
        None => format!(
            "Got a {} token (the server did not say how long it is valid).",
            grant.token_type
        ),
    }
}

fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0..=119 => format!("{secs} s"),
        120..=7199 => format!("{} min", secs / 60),
        _ => format!("{} h", secs / 3600),
    }
}

/// Collects step results and forwards events.
struct Run<'a, F: FnMut(&CheckEvent)> {
    steps: Vec<StepResult>,
    on_event: &'a mut F,
}

impl<F: FnMut(&CheckEvent)> Run<'_, F> {
    fn start(&mut self, id: StepId) {
        (self.on_event)(&CheckEvent::StepStarted {
            id,
            title: id.title(),
        });
    }

    fn record(&mut self, result: StepResult) {
        (self.on_event)(&CheckEvent::StepFinished(Box::new(result.clone())));
        self.steps.push(result);
    }

    /// A passing step; a warning instead if we had to wait out rate limits to get there.
    fn finish_ok(&mut self, id: StepId, started: Instant, summary: String, waits: &[Duration]) {
        let (status, finding) = if waits.is_empty() {
            (StepStatus::Pass, None)
        } else {
            let finding = crate::diagnose::rate_limited_finding(waits, None, false);
            (StepStatus::Warn, Some(finding))
        };
        self.record(StepResult {
            id,
            title: id.title(),
            status,
            duration_ms: elapsed_ms(started),
            summary,
            finding,
        });
    }

    fn finish_failed(&mut self, id: StepId, started: Instant, finding: Finding) {
        self.record(StepResult {
            id,
            title: id.title(),
            status: StepStatus::Fail,
            duration_ms: elapsed_ms(started),
            summary: finding.summary.clone(),
            finding: Some(finding),
        });
    }

    fn skip(&mut self, id: StepId, reason: &str) {
        self.record(StepResult {
            id,
            title: id.title(),
            status: StepStatus::Skip,
            duration_ms: 0,
            summary: reason.to_string(),
            finding: None,
        });
    }

    fn fail_all(&mut self, reason: &str) {
        for id in [StepId::Token, StepId::ListUsers] {
            self.record(StepResult {
                id,
                title: id.title(),
                status: StepStatus::Fail,
                duration_ms: 0,
                summary: reason.to_string(),
                finding: None,
            });
        }
    }

    fn into_report(self, target: &CheckTarget, users: Option<UsersPreview>) -> CheckReport {
        CheckReport {
            ok: self.steps.iter().all(|s| s.status != StepStatus::Fail),
            target: TargetSummary {
                scim_base_url: target.endpoints.scim_base_url.clone(),
                token_url: target.endpoints.token_url.clone(),
                client_id: target.client_id.clone(),
            },
            steps: self.steps,
            users,
        }
    }
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
