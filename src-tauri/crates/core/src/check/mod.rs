//! The connection check: a ladder of eighteen steps from the values themselves, through
//! the network, the token and SCIM, to the lookups PingOne makes before it creates or
//! updates a user, and (with PingOne access) PingOne's own side: its worker token, the SCIM
//! store, a connection test from PingOne's cloud, the rule and the sync status. Each step reports the moment it finishes, so the app and the CLI can show
//! progress live; independent steps run side by side over one HTTP client.

mod context;
mod ladder;
mod model;
mod outcome;
mod scrub;
mod steps;

pub use model::{
    CheckEvent, CheckReport, StepGroup, StepId, StepResult, StepStatus, TargetSummary,
    UsersPreview, Verdict, VerdictItem,
};
pub use steps::lookup::pingone_user_filter;
pub use steps::pingone::{
    api_finding as pingone_api_finding, token_finding as pingone_token_finding,
};

use crate::endpoints::Endpoints;
use crate::environment::Environment;
use crate::http::{self, HttpOptions};
use crate::pingone::PingOneValues;
use crate::pingone_api::PingOneAccess;
use crate::proxy::ProxySettings;
use crate::secret::{ClientSecret, WorkerSecret};
use context::{millis_since, Context};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What the check talks to, and as whom.
#[derive(Debug, Clone)]
pub struct CheckTarget {
    pub endpoints: Endpoints,
    pub client_id: String,
}

/// PingOne access for the PingOne steps: which environment, and the worker app's secret.
/// Never serialised: the secret's `Debug` shows no value.
#[derive(Debug, Clone)]
pub struct PingOneCheckAccess {
    pub access: PingOneAccess,
    pub worker_secret: WorkerSecret,
}

impl PingOneCheckAccess {
    /// The access points at this computer (the local PingOne stand-in), not at PingOne's
    /// cloud: what it can reach is what this computer can reach.
    pub fn is_local_stand_in(&self) -> bool {
        [self.access.token_url(), self.access.api_base()]
            .iter()
            .all(|u| {
                url::Url::parse(u)
                    .ok()
                    .and_then(|u| u.host_str().map(crate::proxy::is_loopback_host))
                    .unwrap_or(false)
            })
    }
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub http: HttpOptions,
    /// Users shown in the preview.
    pub sample_size: u64,
    /// Group provisioning was chosen for this setup: a failing `groups` step is then an
    /// error, not a warning.
    pub group_provisioning: bool,
    /// Run the steps one after another instead of side by side (for comparison in the
    /// benchmark; never needed otherwise).
    pub sequential: bool,
    /// The whole run's time limit; steps still running then fail with `timeout`.
    pub run_timeout: Duration,
    /// The target is a practice tenant on this computer (the demo): that PingOne's cloud
    /// cannot reach it is expected, not a problem.
    pub practice_target: bool,
    /// PingOne access for this setup; without it the PingOne steps are skipped.
    pub pingone: Option<PingOneCheckAccess>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            http: HttpOptions::default(),
            sample_size: 10,
            group_provisioning: false,
            sequential: false,
            run_timeout: Duration::from_secs(120),
            practice_target: false,
            pingone: None,
        }
    }
}

/// Runs the check and calls `on_event` as each step starts and finishes.
pub async fn run_check(
    target: &CheckTarget,
    secret: &ClientSecret,
    options: &CheckOptions,
    mut on_event: impl FnMut(&CheckEvent),
) -> CheckReport {
    let started_at = now_rfc3339();
    let run_started = Instant::now();
    let prepared = ProxySettings::from_choice(&options.http.proxy).and_then(|proxies| {
        http::build_client_with(&options.http, &proxies).map(|client| (proxies, client))
    });
    let (steps, users, proxies, used_proxy) = match prepared {
        Err(reason) => (
            unstartable(&reason, &mut on_event),
            None,
            ProxySettings::default(),
            None,
        ),
        Ok((proxies, client)) => {
            let ctx = Arc::new(Context::new(
                target.clone(),
                secret.clone(),
                options.clone(),
                proxies.clone(),
                client,
            ));
            // Every event and the final results pass the scrubber with the redactor as it
            // is then (it learns each token as it is issued).
            let gate = ctx.clone();
            let mut scrubbed_events =
                |event: &CheckEvent| on_event(&scrub::event(event, &gate.redactor()));
            let steps = ladder::run(ctx.clone(), &mut scrubbed_events, run_started).await;
            let redactor = ctx.redactor();
            let steps = steps.iter().map(|s| scrub::step(s, &redactor)).collect();
            let shared = ctx.shared();
            (
                steps,
                shared.users.as_ref().map(|u| scrub::users(u, &redactor)),
                proxies,
                shared.used_proxy.clone(),
            )
        }
    };
    let verdict = Verdict::from_steps(&steps, options.practice_target);
    CheckReport {
        ok: verdict.ready,
        target: TargetSummary {
            scim_base_url: target.endpoints.scim_base_url.clone(),
            token_url: target.endpoints.token_url.clone(),
            client_id: target.client_id.clone(),
        },
        steps,
        users,
        verdict,
        pingone: PingOneValues::new(&target.endpoints, Some(&target.client_id)),
        group_provisioning: options.group_provisioning,
        started_at,
        duration_ms: millis_since(run_started),
        environment: Environment::new(&proxies, used_proxy),
    }
}

/// Every step failed before it began: the HTTP client itself could not be set up.
fn unstartable(reason: &str, on_event: &mut impl FnMut(&CheckEvent)) -> Vec<StepResult> {
    StepId::ALL
        .iter()
        .map(|&id| {
            let result = StepResult::not_run(id, StepStatus::Fail, reason.to_string());
            on_event(&CheckEvent::StepFinished(Box::new(result.clone())));
            result
        })
        .collect()
}

/// Now, as RFC 3339 in UTC to the second.
pub(crate) fn now_rfc3339() -> String {
    unix_to_rfc3339(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0)),
    )
}

/// Seconds since the Unix epoch as RFC 3339 in UTC (`2025-01-31T12:00:00Z`).
pub(crate) fn unix_to_rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| crate::trf!("{seconds} s after 1970", "{seconds} s nach 1970"))
}

/// "3 s", "4 min", "2 h", "12 days": a duration in its most telling unit.
pub(crate) fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0..=119 => format!("{secs} s"),
        120..=7199 => format!("{} min", secs / 60),
        7200..=172_799 => format!("{} h", secs / 3600),
        _ => {
            let days = secs / 86_400;
            crate::trf!("{days} days", "{days} Tage")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pingone_api::{AccessInput, PingOneAccess};

    fn access(auth: Option<&str>, api: Option<&str>) -> PingOneCheckAccess {
        let parsed = PingOneAccess::parse(&AccessInput {
            region: "eu",
            environment_id: "9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01",
            worker_client_id: "worker",
            auth_url: auth,
            api_url: api,
        })
        .unwrap();
        PingOneCheckAccess {
            access: parsed.access,
            worker_secret: WorkerSecret::new("s"),
        }
    }

    #[test]
    fn only_a_pingone_on_this_computer_is_a_local_stand_in() {
        assert!(!access(None, None).is_local_stand_in());
        assert!(
            access(Some("http://127.0.0.1:9001"), Some("http://[::1]:9001/v1")).is_local_stand_in()
        );
        // One half in PingOne's cloud: requests still come from the real PingOne.
        assert!(!access(
            Some("http://127.0.0.1:9001"),
            Some("https://api.pingone.eu/v1")
        )
        .is_local_stand_in());
    }

    #[test]
    fn the_worker_secret_never_shows_in_the_options_debug_output() {
        let mut pingone = access(None, None);
        pingone.worker_secret = WorkerSecret::new("worker-s3cret");
        let options = CheckOptions {
            pingone: Some(pingone),
            ..CheckOptions::default()
        };
        let shown = format!("{options:?}");
        assert!(shown.contains("worker"), "{shown}");
        assert!(!shown.contains("worker-s3cret"), "{shown}");
    }
}
