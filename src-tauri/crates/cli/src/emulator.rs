//! `haiilo-scim pingone-emulator`: a local PingOne Platform API stand-in.

use crate::args::{ClientAuthArg, PingoneEmulatorArgs};
use crate::error::{CliError, Result};
use crate::style::Style;
use haiilo_scim_core::pingone_api::rule::ENABLED_USERS_EXPRESSION;
use pingone_emulator::{
    ClientAuthMethod, EmulatorConfig, Fault, RunningEmulator, SeededRule, SeededScimStore,
};

fn client_auth(arg: ClientAuthArg) -> ClientAuthMethod {
    match arg {
        ClientAuthArg::Basic => ClientAuthMethod::Basic,
        ClientAuthArg::Post => ClientAuthMethod::Post,
        ClientAuthArg::Either => ClientAuthMethod::Either,
    }
}

/// A store and an inactive rule pointing at `tenant`, as a manual setup leaves them.
fn seeded_store(tenant: &demo_tenant::RunningTenant) -> SeededScimStore {
    SeededScimStore {
        with_rule: Some(SeededRule::default()),
        ..SeededScimStore::haiilo(
            tenant.scim_base_url(),
            tenant.token_url(),
            tenant.client_id(),
            tenant.client_secret(),
        )
    }
}

/// The PingOne group the demo's rule provisions when the run chooses groups. The stand-in
/// keeps no directory groups, so this ID stands for one an admin would have picked.
const DEMO_GROUP_ID: &str = "7c2e9a41-3b5d-4f86-a0c7-91d8e2f4b6a3";

/// The stand-in behind `check --demo`: the demo tenant's store as a finished setup leaves
/// it (with a group on the rule when `groups` is chosen), with `faults` (names as
/// `pingone-emulator --fault` takes them).
pub async fn start_for_demo(
    tenant: &demo_tenant::RunningTenant,
    groups: bool,
    faults: &[String],
) -> Result<RunningEmulator> {
    let faults = parse_faults(faults)?;
    let store = SeededScimStore {
        // Switched on with the enabled-users filter, unlike `--with-demo-tenant`: the demo
        // is practice that shows what a finished setup looks like, and nobody real is
        // provisioned from it. Seeded inactive, `pingone_rule` would warn on every demo
        // run and teach that a warning is the normal end state.
        with_rule: Some(SeededRule {
            active: true,
            population_expression: Some(ENABLED_USERS_EXPRESSION.to_owned()),
            group_ids: if groups {
                vec![DEMO_GROUP_ID.to_owned()]
            } else {
                Vec::new()
            },
            ..SeededRule::default()
        }),
        ..seeded_store(tenant)
    };
    let config = EmulatorConfig {
        client_auth: ClientAuthMethod::Basic,
        scim_store: Some(store),
        faults,
        ..EmulatorConfig::default()
    };
    pingone_emulator::start(config)
        .await
        .map_err(CliError::PingoneEmulator)
}

fn parse_faults(faults: &[String]) -> Result<Vec<Fault>> {
    faults
        .iter()
        .map(|f| f.parse::<Fault>().map_err(CliError::Usage))
        .collect()
}

async fn start(
    args: &PingoneEmulatorArgs,
    tenant: Option<&demo_tenant::RunningTenant>,
) -> Result<RunningEmulator> {
    let faults = parse_faults(&args.fault)?;
    let needs_store = faults
        .iter()
        .any(|f| matches!(f, Fault::StoreWrongValue { .. }));
    if needs_store && tenant.is_none() {
        return Err(CliError::Usage(
            "the store-wrong-value fault changes the pre-seeded SCIM store: add --with-demo-tenant"
                .into(),
        ));
    }
    let config = EmulatorConfig {
        port: args.port,
        client_auth: client_auth(args.client_auth),
        scim_store: tenant.map(seeded_store),
        faults,
        ..EmulatorConfig::default()
    };
    pingone_emulator::start(config)
        .await
        .map_err(CliError::PingoneEmulator)
}

fn print_human(
    args: &PingoneEmulatorArgs,
    pingone: &RunningEmulator,
    tenant: Option<&demo_tenant::RunningTenant>,
) {
    let style = Style::detect();
    println!(
        "{}",
        style.bold("PingOne emulator running (a local stand-in for PingOne's Platform API)")
    );
    println!("  Auth URL             {}", pingone.auth_url());
    println!("  Token URL            {}", pingone.token_url());
    println!("  API URL              {}", pingone.api_url());
    println!("  Environment ID       {}", pingone.environment_id());
    println!("  Worker client ID     {}", pingone.worker_client_id());
    // The stand-in's own throwaway worker credentials, printed on purpose like the demo
    // tenant's (issue 9): they exist only in this process on 127.0.0.1. No user's secret
    // is ever printed.
    println!("  Worker client secret {}", pingone.worker_client_secret());
    println!(
        "  Token auth method    {}",
        client_auth(args.client_auth).pingone_name()
    );
    if let Some(tenant) = tenant {
        println!("  Demo tenant SCIM URL {}", tenant.scim_base_url());
    }
    if !args.fault.is_empty() {
        println!("  Faults               {}", args.fault.join(", "));
    }
    println!();
    println!("{}", style.dim("Press Ctrl+C to stop."));
}

/// Serves until Ctrl+C.
pub async fn serve(args: &PingoneEmulatorArgs) -> Result<()> {
    let tenant = if args.with_demo_tenant {
        Some(crate::demo::start(0, demo_tenant::DEFAULT_USERS, &[]).await?)
    } else {
        None
    };
    let pingone = start(args, tenant.as_ref()).await?;
    if args.json {
        let mut line = serde_json::json!({
            "auth_url": pingone.auth_url(),
            "api_url": pingone.api_url(),
            "environment_id": pingone.environment_id(),
            "worker_client_id": pingone.worker_client_id(),
            "worker_client_secret": pingone.worker_client_secret(),
        });
        if let Some(tenant) = &tenant {
            line["demo_tenant"] = serde_json::json!({
                "scim_base_url": tenant.scim_base_url(),
                "token_url": tenant.token_url(),
                "client_id": tenant.client_id(),
                "client_secret": tenant.client_secret(),
            });
        }
        println!("{line}");
    } else {
        print_human(args, &pingone, tenant.as_ref());
    }
    // Ctrl+C ends the process either way; without a handler we serve until killed.
    let _ = tokio::signal::ctrl_c().await;
    pingone.shutdown().await;
    if let Some(tenant) = tenant {
        tenant.shutdown().await;
    }
    Ok(())
}
