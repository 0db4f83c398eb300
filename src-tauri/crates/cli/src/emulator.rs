//! `haiilo-scim pingone-emulator`: a local PingOne Platform API stand-in.

use crate::args::{ClientAuthArg, PingoneEmulatorArgs};
use crate::error::{CliError, Result};
use crate::style::Style;
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

async fn start(
    args: &PingoneEmulatorArgs,
    tenant: Option<&demo_tenant::RunningTenant>,
) -> Result<RunningEmulator> {
    let faults = args
        .fault
        .iter()
        .map(|f| f.parse::<Fault>().map_err(CliError::Usage))
        .collect::<Result<Vec<_>>>()?;
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
