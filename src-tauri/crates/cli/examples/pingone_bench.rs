//! Wall time of PingOne verify and apply against the local PingOne stand-in and the demo
//! tenant, both adding 100 ms to every request: requests side by side (as the app and CLI
//! send them) versus the same requests one after another.
//!
//! - verify: the whole check with PingOne access (Haiilo steps and the five PingOne steps),
//!   `CheckOptions::sequential` off and on;
//! - apply: what `haiilo-scim pingone apply --yes` does into an empty environment (worker
//!   token, read stores/plans/rules, plan, writes). Only its three reads are independent;
//!   the writes need each other's IDs (store before rule, rule before revision), so they
//!   are one after another either way.
//!
//! Run: `cargo run --release -p haiilo-scim-cli --example pingone_bench`

use demo_tenant::{RunningTenant, TenantConfig};
use haiilo_scim_core::check::{
    self, CheckOptions, CheckTarget, PingOneCheckAccess, StepGroup, StepStatus,
};
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::http::HttpOptions;
use haiilo_scim_core::pingone_api::apply::{self, CurrentState, DesiredSetup};
use haiilo_scim_core::pingone_api::rule::ENABLED_USERS_EXPRESSION;
use haiilo_scim_core::pingone_api::{AccessInput, PingOneAccess, PingOneClient};
use haiilo_scim_core::proxy::ProxyChoice;
use haiilo_scim_core::redact::Redactor;
use haiilo_scim_core::secret::{ClientSecret, WorkerSecret};
use pingone_emulator::{EmulatorConfig, Fault, RunningEmulator, SeededRule, SeededScimStore};
use std::time::{Duration, Instant};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const RUNS: usize = 5;
const LATENCY: Duration = Duration::from_millis(100);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> BenchResult<()> {
    let tenant = demo_tenant::start(TenantConfig {
        faults: vec![demo_tenant::Fault::Latency(LATENCY)],
        ..TenantConfig::default()
    })
    .await?;
    let target = CheckTarget {
        endpoints: Endpoints::from_explicit(&tenant.scim_base_url(), &tenant.token_url())?,
        client_id: tenant.client_id().to_string(),
    };
    let secret = ClientSecret::new(tenant.client_secret());
    println!(
        "PingOne against the stand-in and the demo tenant, {} ms added to every request, median of {RUNS} runs:",
        LATENCY.as_millis()
    );
    verify(&tenant, &target, &secret).await?;
    apply_runs(&target, &secret).await?;
    tenant.shutdown().await;
    Ok(())
}

async fn stand_in(store: Option<SeededScimStore>) -> BenchResult<RunningEmulator> {
    Ok(pingone_emulator::start(EmulatorConfig {
        scim_store: store,
        faults: vec![format!("latency={}ms", LATENCY.as_millis()).parse::<Fault>()?],
        ..EmulatorConfig::default()
    })
    .await?)
}

fn access_to(pingone: &RunningEmulator) -> BenchResult<PingOneCheckAccess> {
    let parsed = PingOneAccess::parse(&AccessInput {
        region: "com",
        environment_id: pingone.environment_id(),
        worker_client_id: pingone.worker_client_id(),
        auth_url: Some(&pingone.auth_url()),
        api_url: Some(&pingone.api_url()),
    })?;
    Ok(PingOneCheckAccess {
        access: parsed.access,
        worker_secret: WorkerSecret::new(pingone.worker_client_secret()),
    })
}

fn http() -> HttpOptions {
    HttpOptions {
        proxy: ProxyChoice::Direct,
        ..HttpOptions::default()
    }
}

struct Figures {
    times: Vec<Duration>,
    requests: u64,
}

impl Figures {
    fn median(&mut self) -> Duration {
        self.times.sort();
        self.times[RUNS / 2]
    }

    fn print(&mut self, label: &str, what: &str) {
        let median = self.median();
        println!(
            "    {label} {:>6} ms   (min {} ms, max {} ms; {} HTTP requests per run{what})",
            median.as_millis(),
            self.times[0].as_millis(),
            self.times[RUNS - 1].as_millis(),
            self.requests
        );
    }
}

/// The check with PingOne access, against a store and a switched-on rule as a finished
/// setup leaves them (the `check --demo` seeding), so every PingOne step runs.
async fn verify(
    tenant: &RunningTenant,
    target: &CheckTarget,
    secret: &ClientSecret,
) -> BenchResult<()> {
    let pingone = stand_in(Some(SeededScimStore {
        with_rule: Some(SeededRule {
            active: true,
            population_expression: Some(ENABLED_USERS_EXPRESSION.to_owned()),
            ..SeededRule::default()
        }),
        ..SeededScimStore::haiilo(
            tenant.scim_base_url(),
            tenant.token_url(),
            tenant.client_id(),
            tenant.client_secret(),
        )
    }))
    .await?;
    println!("  verify (the whole check, PingOne steps included):");
    let mut medians = Vec::new();
    for (label, sequential) in [("side by side ", false), ("one by one   ", true)] {
        let mut options = CheckOptions {
            sequential,
            practice_target: true,
            pingone: Some(access_to(&pingone)?),
            ..CheckOptions::default()
        };
        options.http.proxy = ProxyChoice::Direct;
        let mut times = Vec::new();
        let (haiilo_before, pingone_before) = (tenant.request_count(), pingone.request_count());
        for _ in 0..RUNS {
            let started = Instant::now();
            let report = check::run_check(target, secret, &options, |_| {}).await;
            times.push(started.elapsed());
            if !report.ok {
                return Err(format!("the check failed: {}", report.verdict.headline).into());
            }
            let ran = report
                .steps
                .iter()
                .filter(|s| s.group == StepGroup::Pingone && s.status == StepStatus::Pass)
                .count();
            if ran != 5 {
                return Err(format!("{ran} of the 5 PingOne steps passed").into());
            }
        }
        let per_run = |now: u64, before: u64| (now - before) / RUNS as u64;
        let to_haiilo = per_run(tenant.request_count(), haiilo_before);
        let to_pingone = per_run(pingone.request_count(), pingone_before);
        let mut figures = Figures {
            times,
            requests: to_haiilo + to_pingone,
        };
        medians.push(figures.median());
        // Haiilo's count includes the requests the stand-in's connection test sends it.
        figures.print(
            label,
            &format!(": {to_pingone} to PingOne, {to_haiilo} to Haiilo"),
        );
    }
    println!(
        "    speed-up      {:.1}x",
        medians[1].as_secs_f64() / medians[0].as_secs_f64()
    );
    pingone.shutdown().await;
    Ok(())
}

/// `pingone apply --yes` into a fresh, empty environment each run (so every run writes).
/// Apply sends nothing to Haiilo: the tenant gives the store's URLs only.
async fn apply_runs(target: &CheckTarget, secret: &ClientSecret) -> BenchResult<()> {
    println!("  apply (worker token, 3 reads, plan, writes into an empty environment):");
    let mut medians = Vec::new();
    for (label, sequential) in [("side by side ", false), ("one by one   ", true)] {
        let mut times = Vec::new();
        let mut requests = 0;
        for _ in 0..RUNS {
            let pingone = stand_in(None).await?;
            let access = access_to(&pingone)?;
            let started = Instant::now();
            let written = apply_once(&access, target, secret, sequential).await?;
            times.push(started.elapsed());
            if written == 0 {
                return Err("apply wrote nothing into an empty environment".into());
            }
            requests = pingone.request_count();
            pingone.shutdown().await;
        }
        let mut figures = Figures { times, requests };
        medians.push(figures.median());
        figures.print(label, " to PingOne");
    }
    println!(
        "    speed-up      {:.1}x  (only the three reads can overlap; the writes depend on each other)",
        medians[1].as_secs_f64() / medians[0].as_secs_f64()
    );
    Ok(())
}

/// What `haiilo-scim pingone apply --yes` runs; `sequential` reads stores, plans and
/// rules one after another instead of together. Returns how many resources it wrote.
async fn apply_once(
    pingone: &PingOneCheckAccess,
    target: &CheckTarget,
    secret: &ClientSecret,
    sequential: bool,
) -> BenchResult<usize> {
    let redactor = Redactor::default();
    let (mut client, _) =
        PingOneClient::connect(&http(), &pingone.access, &pingone.worker_secret, &redactor).await?;
    let state = if sequential {
        CurrentState {
            stores: client.list_stores().await?,
            plans: client.list_plans().await?,
            rules: client.list_rules().await?,
        }
    } else {
        client.read_state().await?
    };
    let desired = DesiredSetup::for_tenant(
        &target.endpoints,
        &target.client_id,
        Some(secret.clone()),
        Some(Vec::new()),
    );
    let plan = apply::plan_apply(&state, &desired, &target.endpoints)?;
    let applied = apply::apply(&mut client, &plan, &desired)
        .await
        .map_err(|failure| format!("apply failed at {}: {}", failure.name, failure.error))?;
    Ok(applied.len())
}
