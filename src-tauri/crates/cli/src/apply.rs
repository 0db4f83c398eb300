//! `haiilo-scim pingone apply`: bring PingOne to what Haiilo's phases 2 and 3 describe.
//! Shows the plan (create / update with old → new / unchanged; secrets only as "changed"),
//! then writes only with --yes or after a yes on a terminal. Never deletes; a new rule is
//! created switched off.

use crate::args::ApplyArgs;
use crate::error::{CliError, Result};
use crate::style::Style;
use crate::{pingone_access, secret_input, target};
use haiilo_scim_core::check::{pingone_api_finding, pingone_token_finding};
use haiilo_scim_core::client_id::ClientId;
use haiilo_scim_core::findings::Finding;
use haiilo_scim_core::http::HttpOptions;
use haiilo_scim_core::pingone_api::apply::{self, Action, ApplyPlan, DesiredSetup};
use haiilo_scim_core::pingone_api::PingOneClient;
use haiilo_scim_core::redact::Redactor;
use haiilo_scim_core::text::{printable, Lines};
use serde_json::{json, Value};
use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

fn shown(text: &str) -> String {
    printable(text, Lines::Join)
}

/// Returns whether it ended without findings.
pub async fn run(args: &ApplyArgs) -> Result<bool> {
    let endpoints = target::endpoints(&args.target)?;
    let raw_id = args.client_id.as_deref().ok_or_else(|| {
        CliError::Usage("Give the Client ID of the Haiilo API client with --client-id.".into())
    })?;
    let client_id = ClientId::parse(raw_id).map_err(|e| CliError::Input(e.into()))?;
    let secret = secret_input::read(args.client_secret_stdin)?;
    let mut notes = Vec::new();
    let pingone = pingone_access::from_args(&args.pingone, &mut notes)?.ok_or_else(|| {
        CliError::Usage(
            "Say which PingOne to write to: --environment-id, --region (or --api-url and --auth-url) and \
             --worker-client-id, with the worker secret in PINGONE_WORKER_SECRET."
                .into(),
        )
    })?;
    if !args.yes && !args.dry_run && !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "Not writing to PingOne without a confirmation: add --yes to apply, or --dry-run to only see the plan."
                .into(),
        ));
    }

    let timeout = Duration::from_secs(args.timeout);
    let http = HttpOptions {
        request_timeout: timeout,
        ..HttpOptions::default()
    };
    let mut redactor = Redactor::default();
    redactor.add_client_credentials(&client_id.value, secret.expose());
    redactor.add_client_credentials(
        &pingone.access.worker_client_id,
        pingone.worker_secret.expose(),
    );
    let style = Style::detect();

    let mut client =
        match PingOneClient::connect(&http, &pingone.access, &pingone.worker_secret, &redactor)
            .await
        {
            Ok((client, _)) => client,
            Err(error) => {
                return report(
                    args,
                    None,
                    false,
                    &[pingone_token_finding(&error, &pingone.access)],
                    style,
                )
            }
        };
    client.protect(secret.expose());
    let state = match client.read_state().await {
        Ok(state) => state,
        Err(error) => return report(args, None, false, &[pingone_api_finding(&error)], style),
    };
    let groups = if args.groups { None } else { Some(Vec::new()) };
    let desired = DesiredSetup::for_tenant(&endpoints, &client_id.value, Some(secret), groups);
    let plan = apply::plan_apply(&state, &desired, &endpoints)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    if !args.json {
        print_plan(&plan, &notes, style);
    }
    let write = !plan.is_unchanged() && !args.dry_run && (args.yes || confirm()?);
    if !write {
        if !args.json && !plan.is_unchanged() {
            println!("Nothing was written.");
        }
        return report(args, Some(&plan), false, &[], style);
    }
    match apply::apply(&mut client, &plan, &desired).await {
        Ok(applied) => {
            if !args.json {
                println!(
                    "Written: {} resource(s). A new rule is created switched off: switch it on in PingOne once the check's pingone_cloud_test passes.",
                    applied.len()
                );
            }
            report(args, Some(&plan), true, &[], style)
        }
        Err(failure) => {
            let finding = pingone_api_finding(&failure.error).with_more_detail(format!(
                "Writing the {:?} \"{}\" failed after {} change(s); nothing was undone, and running apply again continues from there.",
                failure.resource,
                failure.name,
                failure.applied.len()
            ));
            report(
                args,
                Some(&plan),
                !failure.applied.is_empty(),
                &[finding],
                style,
            )
        }
    }
}

/// Asks on the terminal; anything but yes is no.
fn confirm() -> Result<bool> {
    print!("Write these changes to PingOne? [y/N] ");
    std::io::stdout().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CliError::Usage(format!("Could not read the answer: {e}")))?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

fn print_plan(plan: &ApplyPlan, notes: &[String], style: Style) {
    println!("{}", style.bold("Plan for PingOne"));
    for note in notes.iter().chain(&plan.notes) {
        println!("  {}", style.dim(&format!("note: {}", shown(note))));
    }
    for resource in &plan.resources {
        let action = match resource.action {
            Action::Create => style.green("create   "),
            Action::Update => style.yellow("update   "),
            Action::Unchanged => style.dim("unchanged"),
        };
        println!(
            "  {action} {:?} \"{}\"",
            resource.resource,
            shown(&resource.name)
        );
        for change in &resource.changes {
            println!(
                "            {}: {} → {}",
                shown(&change.label),
                shown(change.from.as_deref().unwrap_or("(empty)")),
                shown(&change.to)
            );
        }
    }
    if plan.is_unchanged() {
        println!("PingOne already holds every value: nothing to write.");
    }
}

fn plan_json(plan: &ApplyPlan) -> Value {
    Value::Array(
        plan.resources
            .iter()
            .map(|r| {
                json!({
                    "resource": r.resource,
                    "name": r.name,
                    "action": r.action,
                    "changes": r.changes.iter().map(|c| json!({
                        "field": c.field,
                        "from": c.from,
                        "to": c.to,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// Prints the JSON (with --json) or the findings; returns whether there were none.
fn report(
    args: &ApplyArgs,
    plan: Option<&ApplyPlan>,
    applied: bool,
    findings: &[Finding],
    style: Style,
) -> Result<bool> {
    let ok = findings.is_empty();
    if args.json {
        println!(
            "{}",
            json!({
                "ok": ok,
                "applied": applied,
                "plan": plan.map_or(Value::Array(Vec::new()), plan_json),
                "findings": findings,
            })
        );
    } else {
        for finding in findings {
            println!(
                "{} {}",
                style.red("problem"),
                style.bold(finding.code.as_str())
            );
            println!("  {}", shown(&finding.summary));
            for line in finding.detail.lines().filter(|l| !l.is_empty()) {
                println!("  {}", style.dim(&shown(line)));
            }
            println!("  fix: {}", shown(&finding.fix));
        }
    }
    Ok(ok)
}
