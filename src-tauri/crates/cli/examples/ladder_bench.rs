//! Wall time of the full ladder against a local demo tenant that adds 100 ms to every
//! request, with independent steps side by side (as the app and CLI run it) versus the
//! same steps one after another.
//!
//! Run: `cargo run --release -p haiilo-scim-cli --example ladder_bench`

use demo_tenant::{Fault, TenantConfig};
use haiilo_scim_core::check::{self, CheckOptions, CheckTarget};
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::proxy::ProxyChoice;
use haiilo_scim_core::secret::ClientSecret;
use std::time::{Duration, Instant};

const RUNS: usize = 5;
const LATENCY: Duration = Duration::from_millis(100);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tenant = demo_tenant::start(TenantConfig {
        faults: vec![Fault::Latency(LATENCY)],
        ..TenantConfig::default()
    })
    .await?;
    let target = CheckTarget {
        endpoints: Endpoints::from_explicit(&tenant.scim_base_url(), &tenant.token_url())?,
        client_id: tenant.client_id().to_string(),
    };
    let secret = ClientSecret::new(tenant.client_secret());
    println!(
        "Full ladder against the demo tenant, {} ms added to every request, median of {RUNS} runs:",
        LATENCY.as_millis()
    );
    let mut medians = Vec::new();
    for (label, sequential) in [("side by side ", false), ("one by one   ", true)] {
        let mut options = CheckOptions {
            sequential,
            practice_target: true,
            ..CheckOptions::default()
        };
        options.http.proxy = ProxyChoice::Direct;
        let mut times = Vec::new();
        let before = tenant.request_count();
        for _ in 0..RUNS {
            let started = Instant::now();
            let report = check::run_check(&target, &secret, &options, |_| {}).await;
            times.push(started.elapsed());
            if !report.ok {
                return Err(format!("the check failed: {}", report.verdict.headline).into());
            }
        }
        let requests = (tenant.request_count() - before) / RUNS as u64;
        times.sort();
        let median = times[RUNS / 2];
        medians.push(median);
        println!(
            "  {label} {:>6} ms   (min {} ms, max {} ms; {requests} HTTP requests per run)",
            median.as_millis(),
            times[0].as_millis(),
            times[RUNS - 1].as_millis()
        );
    }
    println!(
        "  speed-up      {:.1}x",
        medians[1].as_secs_f64() / medians[0].as_secs_f64()
    );
    tenant.shutdown().await;
    Ok(())
}
