//! `haiilo-scim pingone apply`: bring PingOne to what Haiilo's phases 2 and 3 describe; and
//! `pingone switch-on`, the separate step that switches the rule on after PingOne's own test.
//! Shows the plan (create / update with old → new / unchanged; secrets only as "changed"),
//! then writes only with --yes or after a yes on a terminal. Never deletes; a new rule is
//! created switched off.

use crate::args::ApplyArgs;
use crate::error::{CliError, Result};
use crate::style::Style;
use crate::{pingone_access, secret_input, target};
use haiilo_scim_core::check::{pingone_api_finding, pingone_token_finding};
use haiilo_scim_core::client_id::ClientId;
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::findings::{Finding, FindingCode};
use haiilo_scim_core::http::HttpOptions;
use haiilo_scim_core::pingone_api::apply::{self, Action, ApplyPlan, DesiredSetup};
use haiilo_scim_core::pingone_api::cloud_test::CloudTestOutcome;
use haiilo_scim_core::pingone_api::switch_on::{SwitchOnError, SwitchedOn};
use haiilo_scim_core::pingone_api::PingOneClient;
use haiilo_scim_core::redact::Redactor;
use haiilo_scim_core::secret::ClientSecret;
use haiilo_scim_core::text::{printable, Lines};
use serde_json::{json, Value};
use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

fn shown(text: &str) -> String {
    printable(text, Lines::Join)
}

/// What both `apply` and `switch-on` need: the tenant, its secret, PingOne access, and a
/// worker token (or the finding that says why there is none).
struct Prepared {
    endpoints: Endpoints,
    client_id: String,
    secret: ClientSecret,
    notes: Vec<String>,
    client: std::result::Result<PingOneClient, Finding>,
}

async fn prepare(args: &ApplyArgs) -> Result<Prepared> {
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
            "Not writing to PingOne without a confirmation: add --yes to write, or --dry-run to only see what would happen."
                .into(),
        ));
    }

    let http = HttpOptions {
        request_timeout: Duration::from_secs(args.timeout),
        ..HttpOptions::default()
    };
    let mut redactor = Redactor::default();
    redactor.add_client_credentials(&client_id.value, secret.expose());
    redactor.add_client_credentials(
        &pingone.access.worker_client_id,
        pingone.worker_secret.expose(),
    );
    let client =
        match PingOneClient::connect(&http, &pingone.access, &pingone.worker_secret, &redactor)
            .await
        {
            // The client keeps `redactor`, which already knows the Haiilo secret.
            Ok((client, _)) => Ok(client),
            Err(error) => Err(pingone_token_finding(&error, &pingone.access)),
        };
    Ok(Prepared {
        endpoints,
        client_id: client_id.value,
        secret,
        notes,
        client,
    })
}

/// Returns whether it ended without findings.
pub async fn run(args: &ApplyArgs) -> Result<bool> {
    let prepared = prepare(args).await?;
    let style = Style::detect();
    let mut client = match prepared.client {
        Ok(client) => client,
        Err(finding) => return report(args, None, false, &[finding], style),
    };
    let state = match client.read_state().await {
        Ok(state) => state,
        Err(error) => return report(args, None, false, &[pingone_api_finding(&error)], style),
    };
    let groups = if args.groups { None } else { Some(Vec::new()) };
    let desired = DesiredSetup::for_tenant(
        &prepared.endpoints,
        &prepared.client_id,
        Some(prepared.secret),
        groups,
    );
    let plan = apply::plan_apply(&state, &desired, &prepared.endpoints)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    if !args.json {
        print_plan(&plan, &prepared.notes, style);
    }
    let write = !plan.is_unchanged()
        && !args.dry_run
        && (args.yes || confirm("Write these changes to PingOne?")?);
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
                    "Written: {} resource(s). A new rule is created switched off: run the check, then `haiilo-scim pingone switch-on` once its pingone_cloud_test passes.",
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

/// `pingone switch-on`: PingOne's own connection test first (from its cloud, with the
/// values this tenant needs); only when it passes, and after a confirmation, the rule that
/// targets this tenant's connection is switched on. Returns whether it ended without findings.
pub async fn switch_on(args: &ApplyArgs) -> Result<bool> {
    let prepared = prepare(args).await?;
    let style = Style::detect();
    let mut client = match prepared.client {
        Ok(client) => client,
        Err(finding) => return switch_report(args, None, &[finding], style),
    };
    let desired = DesiredSetup::for_tenant(
        &prepared.endpoints,
        &prepared.client_id,
        Some(prepared.secret),
        None,
    );
    match client.test_connection(&desired.store).await {
        Ok(CloudTestOutcome::Passed { .. }) => {}
        Ok(failed) => {
            let finding = Finding::new(
                FindingCode::PingoneCloudTestFailed,
                format!(
                    "PingOne's own connection test did not pass, so the rule stays off: {}",
                    failed.describe()
                ),
                "Run `haiilo-scim check` with the same PingOne access to see what PingOne and this computer each reach, fix that, and switch on again.",
            );
            return switch_report(args, None, &[finding], style);
        }
        Err(error) => return switch_report(args, None, &[pingone_api_finding(&error)], style),
    }
    if !args.json {
        println!("PingOne's own connection test passed.");
    }
    if args.dry_run
        || !(args.yes || confirm("Switch the rule on? PingOne then provisions real users.")?)
    {
        if !args.json {
            println!("The rule was not switched on.");
        }
        return switch_report(args, None, &[], style);
    }
    match client.switch_rule_on(&prepared.endpoints).await {
        Ok(switched) => {
            if !args.json {
                if switched.already_on {
                    println!(
                        "The rule \"{}\" was already on.",
                        shown(&switched.rule_name)
                    );
                } else {
                    println!(
                        "The rule \"{}\" is on: PingOne provisions with its next sync.",
                        shown(&switched.rule_name)
                    );
                }
            }
            switch_report(args, Some(&switched), &[], style)
        }
        Err(SwitchOnError::Api(error)) => {
            switch_report(args, None, &[pingone_api_finding(&error)], style)
        }
        Err(refused) => {
            let finding = Finding::new(
                FindingCode::PingoneRuleMissing,
                refused.to_string(),
                "Bring PingOne to one connection and one rule for this tenant (`haiilo-scim pingone apply`), then switch on again.",
            );
            switch_report(args, None, &[finding], style)
        }
    }
}

fn switch_report(
    args: &ApplyArgs,
    switched: Option<&SwitchedOn>,
    findings: &[Finding],
    style: Style,
) -> Result<bool> {
    if args.json {
        println!(
            "{}",
            json!({
                "ok": findings.is_empty(),
                "switched_on": switched.is_some_and(|s| !s.already_on),
                "rule": switched.map(|s| s.rule_name.as_str()),
                "already_on": switched.is_some_and(|s| s.already_on),
                "findings": findings,
            })
        );
        return Ok(findings.is_empty());
    }
    print_findings(findings, style);
    Ok(findings.is_empty())
}

/// Asks on the terminal; anything but yes is no.
fn confirm(question: &str) -> Result<bool> {
    print!("{question} [y/N] ");
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
        print_findings(findings, style);
    }
    Ok(ok)
}

fn print_findings(findings: &[Finding], style: Style) {
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
