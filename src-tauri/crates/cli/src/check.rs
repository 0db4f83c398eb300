//! `haiilo-scim check`: the diagnostic ladder, live in the terminal or as JSON, and the
//! report file to hand over.

use crate::args::CheckArgs;
use crate::error::{CliError, Result};
use crate::style::Style;
use crate::{pingone_access, secret_input, target};
use haiilo_scim_core::check::PingOneCheckAccess;
use haiilo_scim_core::check::{
    self, CheckEvent, CheckOptions, CheckReport, CheckTarget, StepResult, StepStatus,
};
use haiilo_scim_core::client_id::ClientId;
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::findings::Severity;
use haiilo_scim_core::pingone_api::{AccessInput, PingOneAccess};
use haiilo_scim_core::report::{self, ReportContext, ReportFormat};
use haiilo_scim_core::secret::{ClientSecret, WorkerSecret};
use haiilo_scim_core::setups::GroupProvisioning;
use haiilo_scim_core::text::{printable, Lines};
use pingone_emulator::RunningEmulator;
use std::time::Duration;

/// Text for the terminal: every control character (ANSI escapes, carriage returns, bidi
/// overrides) removed, so a server's words cannot clear, recolour or reorder the screen.
/// The core already cleans what it reports; this keeps the terminal safe whatever the
/// source.
fn shown(text: &str) -> String {
    printable(text, Lines::Join)
}

/// Runs the check; returns whether every step passed (or only warned).
pub async fn run(args: &CheckArgs) -> Result<bool> {
    // Refuse a report name we cannot honour before anything is sent anywhere.
    let report_format = match &args.report {
        None => None,
        Some(path) => Some(ReportFormat::from_path(path).ok_or_else(|| {
            CliError::Usage(format!(
                "--report {}: end the file name in .md, .html or .json to choose the format.",
                path.display()
            ))
        })?),
    };
    if args.demo && args.pingone.given() {
        return Err(CliError::Usage(
            "--demo starts its own PingOne stand-in: leave out the PingOne access options (use --pingone-fault to make it misbehave)."
                .into(),
        ));
    }
    let mut demo = None;
    let mut demo_pingone = None;
    let (check_target, secret) = if args.demo {
        let tenant = crate::demo::start(0, 50, &args.fault).await?;
        let pingone = match crate::emulator::start_for_demo(
            &tenant,
            args.groups,
            &args.pingone_fault,
        )
        .await
        {
            Ok(pingone) => pingone,
            Err(error) => {
                tenant.shutdown().await;
                return Err(error);
            }
        };
        demo_pingone = Some(pingone);
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
    // A chain of steps each allowed `timeout`: the run as a whole gets a few of them.
    options.run_timeout = options.run_timeout.max(timeout * 4);
    options.group_provisioning = args.groups;
    // The tenant this run started, or one the caller names as practice; any other address
    // out of PingOne's reach is a finding.
    options.practice_target = demo.is_some() || args.practice_tenant;
    // Read after the Haiilo secret: with both on stdin, the worker secret is the second line.
    let mut pingone_notes = Vec::new();
    options.pingone = match &demo_pingone {
        Some(stand_in) => Some(demo_pingone_access(stand_in)?),
        None => pingone_access::from_args(&args.pingone, &mut pingone_notes)?,
    };

    let style = Style::detect();
    if !args.json {
        print_header(&check_target, demo.is_some(), style);
        if demo_pingone.is_some() {
            pingone_notes.push(
                "a local PingOne stand-in started for this run, with a connection to the demo tenant and a rule switched on"
                    .into(),
            );
        }
        print_pingone_header(options.pingone.as_ref(), &pingone_notes, style);
    }
    let report = check::run_check(&check_target, &secret, &options, |event| {
        if !args.json {
            if let CheckEvent::StepFinished(step) = event {
                print_step(step, style);
            }
        }
    })
    .await;

    let context = ReportContext {
        setup_name: None,
        groups: if args.groups {
            GroupProvisioning::UsersAndGroups
        } else {
            GroupProvisioning::Undecided
        },
        practice_tenant: demo.is_some(),
        include_users: false,
    };
    if args.json {
        // Standard output is the admin's own screen, which lists the users anyway.
        let screen = ReportContext {
            include_users: true,
            ..context.clone()
        };
        println!(
            "{}",
            report::render_with(&report, ReportFormat::Json, &screen)
        );
    } else {
        print_outcome(&report, style);
    }
    if let (Some(path), Some(format)) = (&args.report, report_format) {
        let context = ReportContext {
            include_users: args.include_users,
            ..context
        };
        std::fs::write(path, report::render_with(&report, format, &context)).map_err(|source| {
            CliError::Report {
                path: path.display().to_string(),
                source,
            }
        })?;
        if !args.json {
            println!();
            println!("Report saved to {}", path.display());
        }
    }
    if let Some(pingone) = demo_pingone {
        pingone.shutdown().await;
    }
    if let Some(tenant) = demo {
        tenant.shutdown().await;
    }
    Ok(report.ok)
}

/// The worker application of the stand-in `--demo` started, reached at its own URLs.
fn demo_pingone_access(stand_in: &RunningEmulator) -> Result<PingOneCheckAccess> {
    let parsed = PingOneAccess::parse(&AccessInput {
        // Nominal: the explicit URLs decide where requests go.
        region: "com",
        environment_id: stand_in.environment_id(),
        worker_client_id: stand_in.worker_client_id(),
        auth_url: Some(&stand_in.auth_url()),
        api_url: Some(&stand_in.api_url()),
    })
    .map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(PingOneCheckAccess {
        access: parsed.access,
        worker_secret: WorkerSecret::new(stand_in.worker_client_secret()),
    })
}

fn print_header(target: &CheckTarget, demo: bool, style: Style) {
    let e = &target.endpoints;
    println!(
        "{}",
        style.bold("Checking the connection with the requests PingOne makes")
    );
    println!("  SCIM base URL  {}", shown(&e.scim_base_url));
    println!("  Token URL      {}", shown(&e.token_url));
    println!("  Client ID      {}", shown(&target.client_id));
    if demo {
        println!(
            "  {}",
            style.dim(
                "(a local demo tenant started for this run: the PingOne stand-in started with it reaches it, the real PingOne cannot)"
            )
        );
    }
    for note in &e.notes {
        println!("  {}", style.dim(&format!("note: {}", shown(note))));
    }
    println!();
}

fn print_pingone_header(
    pingone: Option<&check::PingOneCheckAccess>,
    notes: &[String],
    style: Style,
) {
    let Some(pingone) = pingone else {
        return;
    };
    let access = &pingone.access;
    println!("{}", style.bold("PingOne access"));
    println!("  Environment ID {}", shown(&access.environment_id));
    println!("  Token URL      {}", shown(&access.token_url()));
    println!("  API            {}", shown(&access.api_base()));
    println!("  Worker app     {}", shown(&access.worker_client_id));
    for note in notes {
        println!("  {}", style.dim(&format!("note: {}", shown(note))));
    }
    println!();
}

/// One step as it finishes (steps run side by side, so in the order they finish).
fn print_step(step: &StepResult, style: Style) {
    let label = match step.status {
        StepStatus::Pass => style.green("PASS"),
        StepStatus::Warn => style.yellow("WARN"),
        StepStatus::Fail => style.red("FAIL"),
        StepStatus::Skip => style.dim("SKIP"),
    };
    println!(
        "  {label}  {:<38} {:>7}  {}",
        step.title,
        format!("{} ms", step.duration_ms),
        shown(&step.summary)
    );
    let indent = " ".repeat(8);
    for fact in &step.facts {
        println!(
            "{indent}{}",
            style.dim(&format!("· {}: {}", shown(&fact.label), shown(&fact.value)))
        );
    }
    for finding in &step.findings {
        let code = finding.code.as_str();
        println!(
            "{indent}{} {}",
            style.dim("finding "),
            match finding.severity {
                Severity::Warn => style.yellow(code),
                Severity::Error | Severity::Critical => style.bold(code),
            }
        );
        if step.findings.len() > 1 {
            println!(
                "{indent}{} {}",
                style.dim("        "),
                shown(&finding.summary)
            );
        }
        for line in finding.detail.lines().filter(|l| !l.is_empty()) {
            println!("{indent}{} {}", style.dim("evidence"), shown(line));
        }
        println!("{indent}{} {}", style.dim("fix     "), shown(&finding.fix));
    }
    if !step.skipped_steps.is_empty() {
        let ids: Vec<&str> = step.skipped_steps.iter().map(|s| s.as_str()).collect();
        println!(
            "{indent}{} {}",
            style.dim("skips   "),
            style.dim(&ids.join(", "))
        );
    }
}

fn print_outcome(report: &CheckReport, style: Style) {
    println!();
    let verdict = &report.verdict;
    let headline = if verdict.ready {
        style.green(&verdict.headline)
    } else {
        style.red(&verdict.headline)
    };
    println!(
        "{}  {}",
        style.bold(&headline),
        style.dim(&format!("({} ms)", report.duration_ms))
    );
    for item in &verdict.items {
        let severity = match item.severity {
            Severity::Warn => style.yellow("warning "),
            Severity::Error => style.red("problem "),
            Severity::Critical => style.red("CRITICAL"),
        };
        println!(
            "  {severity} {} {}",
            style.bold(item.code.as_str()),
            shown(&item.summary)
        );
    }
    if !verdict.ready {
        println!("Fix the findings above and run the check again.");
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
                shown(&user.user_name),
                shown(user.name.as_deref().unwrap_or(""))
            );
        }
    }
}
