//! `haiilo-scim demo-tenant`, and the in-process tenant behind `check --demo`.

use crate::args::DemoTenantArgs;
use crate::error::{CliError, Result};
use crate::style::Style;
use demo_tenant::{Fault, RunningTenant, TenantConfig};

pub async fn start(port: u16, users: usize, faults: &[String]) -> Result<RunningTenant> {
    let faults = faults
        .iter()
        .map(|f| f.parse::<Fault>().map_err(CliError::Usage))
        .collect::<Result<Vec<_>>>()?;
    let config = TenantConfig {
        port,
        users,
        faults,
        ..TenantConfig::default()
    };
    demo_tenant::start(config)
        .await
        .map_err(CliError::DemoTenant)
}

/// Serves until Ctrl+C.
pub async fn serve(args: &DemoTenantArgs) -> Result<()> {
    let tenant = start(args.port, args.users, &args.fault).await?;
    if args.json {
        let line = serde_json::json!({
            "scim_base_url": tenant.scim_base_url(),
            "token_url": tenant.token_url(),
            "client_id": tenant.client_id(),
            "client_secret": tenant.client_secret(),
        });
        // One line, so a script can read it and go on; stdout is line-buffered.
        println!("{line}");
        let _ = tokio::signal::ctrl_c().await;
        tenant.shutdown().await;
        return Ok(());
    }
    let style = Style::detect();
    println!(
        "{}",
        style.bold("Demo tenant running (a local practice tenant; PingOne cannot reach it)")
    );
    println!("  SCIM base URL   {}", tenant.scim_base_url());
    println!("  Token URL       {}", tenant.token_url());
    println!("  Client ID       {}", tenant.client_id());
    println!("  Client secret   {}", tenant.client_secret());
    if !args.fault.is_empty() {
        println!("  Faults          {}", args.fault.join(", "));
    }
    println!();
    println!("Try it:");
    println!(
        "  HAIILO_CLIENT_SECRET='{}' haiilo-scim check --scim-base-url {} --token-url {} --client-id {}",
        tenant.client_secret(),
        tenant.scim_base_url(),
        tenant.token_url(),
        tenant.client_id()
    );
    println!();
    println!("{}", style.dim("Press Ctrl+C to stop."));
    // Ctrl+C ends the process either way; if the signal handler cannot be installed we
    // still serve until killed.
    let _ = tokio::signal::ctrl_c().await;
    tenant.shutdown().await;
    Ok(())
}
