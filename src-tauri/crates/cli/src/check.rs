//! `haiilo-scim check`: the connection test, live in the terminal or as JSON.

use crate::args::CheckArgs;
use crate::error::{CliError, Result};
use crate::style::Style;
use crate::{secret_input, target};
use haiilo_scim_core::check::{
    self, CheckEvent, CheckOptions, CheckReport, CheckTarget, StepResult, StepStatus,
};
use haiilo_scim_core::client_id::ClientId;
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::secret::ClientSecret;
use std::time::Duration;

/// Runs the check; returns whether every step passed (or only warned).
pub async fn run(args: &CheckArgs) -> Result<bool> {
    let mut demo = None;
    let (check_target, secret) = if args.demo {
        let tenant = crate::demo::start(0, 50, &args.fault).await?;
        let endpoints = Endpoints::from_explicit(&tenant.scim_base_url(), &tenant.token_url())
            .map_err(|e| CliError::Input(e.into()))?;
        let pair = (
            CheckTarget {
                endpoints,
                client_id: tenant.client_id().to_string(),
            },
            ClientSecret::new(tenant.client_secret()),
        );
        demo = Some(tenant);
        pair
    } else {
        let endpoints = target::endpoints(&args.target)?;
        let raw_id = args.client_id.as_deref().ok_or_else(|| {
            CliError::Usage("Give the Client ID of the Haiilo API client with --client-id.".into())
        })?;
        let client_id = ClientId::parse(raw_id).map_err(|e| CliError::Input(e.into()))?;
        let secret = secret_input::read(args.client_secret_stdin)?;
        (
            CheckTarget {
                endpoints,
                client_id: client_id.value,
            },
            secret,
        )
    };

    let timeout = Duration::from_secs(args.timeout);
    let mut options = CheckOptions::default();
    options.http.request_timeout = timeout;
    options.http.connect_timeout = options.http.connect_timeout.min(timeout);

    let style = Style::detect();
    if !args.json {
        print_header(&check_target, demo.is_some(), style);
    }
    let report = check::run_check(&check_target, &secret, &options, |event| {
        if !args.json {
            if let CheckEvent::StepFinished(step) = event {
                print_step(step, style);
            }
        }
    })
    .await;

    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report)
                .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        );
    } else {
        print_outcome(&report, style);
    }
    if let Some(tenant) = demo {
        tenant.shutdown().await;
    }
    Ok(report.ok)
}

fn print_header(target: &CheckTarget, demo: bool, style: Style) {
    let e = &target.endpoints;
    println!("{}", style.bold("Checking the connection as PingOne would"));
    println!("  SCIM base URL  {}", e.scim_base_url);
    println!("  Token URL      {}", e.token_url);
    println!("  Client ID      {}", target.client_id);
    if demo {
        println!(
            "  {}",
            style.dim("(a local demo tenant started for this run; PingOne cannot reach it)")
        );
    }
    for note in &e.notes {
        println!("  {}", style.dim(&format!("note: {note}")));
    }
    println!();
}

fn print_step(step: &StepResult, style: Style) {
    let label = match step.status {
        StepStatus::Pass => style.green("PASS"),
        StepStatus::Warn => style.yellow("WARN"),
        StepStatus::Fail => style.red("FAIL"),
        StepStatus::Skip => style.dim("SKIP"),
    };
    println!(
        "  {label}  {:<24} {:>6}  {}",
        step.title,
        format!("{} ms", step.duration_ms),
        step.summary
    );
    if let Some(finding) = &step.finding {
        let indent = " ".repeat(8);
        println!(
            "{indent}{} {}",
            style.dim("finding "),
            style.bold(finding.code.as_str())
        );
        for line in finding.detail.lines().filter(|l| !l.is_empty()) {
            println!("{indent}{} {line}", style.dim("evidence"));
        }
        println!("{indent}{} {}", style.dim("fix     "), finding.fix);
    }
}

fn print_outcome(report: &CheckReport, style: Style) {
    println!();
    let failed = report
        .steps
        .iter()
        .filter(|s| s.status == StepStatus::Fail)
        .count();
    if report.ok {
        println!(
            "{}",
            style.green("Ready: PingOne can get a token and list users with these values.")
        );
    } else {
        println!(
            "{}",
            style.red(&format!(
                "{failed} step{} failed: fix the finding above and run the check again.",
                if failed == 1 { "" } else { "s" }
            ))
        );
    }
    if let Some(users) = &report.users {
        println!();
        println!(
            "{}",
            style.bold(&format!(
                "Users in Haiilo: {} (first {} shown)",
                users.total_results,
                users.sample.len()
            ))
        );
        for user in &users.sample {
            let active = match user.active {
                Some(true) => "active",
                Some(false) => "inactive",
                None => "",
            };
            println!(
                "  {:<40} {:<28} {active}",
                user.user_name,
                user.name.as_deref().unwrap_or("")
            );
        }
    }
}
