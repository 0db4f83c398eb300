//! Command-line arguments.

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "haiilo-scim",
    version,
    about = "PingOne → Haiilo SCIM provisioning: the exact PingOne values, and a connection check that says what is wrong.",
    after_help = "Exit status: 0 when no check step failed, 1 when one did, 2 for bad input or usage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the values for PingOne's SCIM Outbound connection and the provisioning rule.
    Values(ValuesArgs),
    /// Test the connection with the requests PingOne makes (as far as they are documented),
    /// from DNS to PingOne's user lookups, and diagnose what fails.
    Check(CheckArgs),
    /// Read or write PingOne's side through the PingOne Platform API (needs a worker app).
    #[command(subcommand)]
    Pingone(PingoneCommand),
    /// Serve a local practice tenant that behaves like Haiilo's SCIM API.
    DemoTenant(DemoTenantArgs),
    /// Serve a local stand-in for the PingOne Platform API (worker-app token, propagation
    /// stores with the connection test, plans, rules, mappings, revisions, sync status).
    PingoneEmulator(PingoneEmulatorArgs),
    /// For test suites in other languages: the spellings of each value read from stdin (one
    /// per line) that must never appear in any output, one per line, as JSON strings.
    // Test tooling only: left out of release builds, like the app's test overrides.
    #[cfg(debug_assertions)]
    #[command(hide = true)]
    ForbiddenForms(ForbiddenFormsArgs),
}

#[cfg(debug_assertions)]
#[derive(Debug, Args)]
pub struct ForbiddenFormsArgs {
    /// Also list the `Authorization: Basic` values each value makes as a secret with this
    /// Client ID.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
}

/// Where the tenant is: a domain, or both URLs explicitly.
#[derive(Debug, Args)]
#[group(required = false, multiple = true)]
pub struct TargetArgs {
    /// Your Haiilo domain, e.g. acme.haiilo.app (a pasted URL works too).
    #[arg(long, value_name = "DOMAIN", conflicts_with_all = ["scim_base_url", "token_url"])]
    pub domain: Option<String>,
    /// Explicit SCIM base URL, for self-hosted or proxied installations (with --token-url).
    #[arg(long, value_name = "URL", requires = "token_url")]
    pub scim_base_url: Option<String>,
    /// Explicit OAuth token URL (with --scim-base-url).
    #[arg(long, value_name = "URL", requires = "scim_base_url")]
    pub token_url: Option<String>,
}

/// PingOne access: which PingOne, which environment, which worker application. The worker
/// app's secret comes from PINGONE_WORKER_SECRET or, with --worker-secret-stdin, standard
/// input; never from an argument.
#[derive(Debug, Args, Default)]
pub struct PingOneAccessArgs {
    /// The PingOne environment ID (a UUID; a pasted console address works too).
    #[arg(long, value_name = "ENV")]
    pub environment_id: Option<String>,
    /// The PingOne region: com, eu, ca, com.au, sg or asia.
    #[arg(long, value_name = "REGION", conflicts_with_all = ["api_url", "auth_url"])]
    pub region: Option<String>,
    /// Instead of --region: the PingOne API base URL, e.g. https://api.pingone.eu/v1 (with --auth-url).
    #[arg(long, value_name = "URL", requires = "auth_url")]
    pub api_url: Option<String>,
    /// Instead of --region: the PingOne auth host, e.g. https://auth.pingone.eu (with --api-url).
    #[arg(long, value_name = "URL", requires = "api_url")]
    pub auth_url: Option<String>,
    /// The Client ID of the PingOne worker application (Environment Admin role).
    #[arg(long, value_name = "ID")]
    pub worker_client_id: Option<String>,
    /// Read the worker application's secret from standard input (otherwise from
    /// PINGONE_WORKER_SECRET). With --client-secret-stdin too, the Haiilo secret is the
    /// first line and the worker secret the second.
    #[arg(long)]
    pub worker_secret_stdin: bool,
}

impl PingOneAccessArgs {
    /// Whether any PingOne access option was given.
    pub fn given(&self) -> bool {
        self.environment_id.is_some()
            || self.region.is_some()
            || self.api_url.is_some()
            || self.auth_url.is_some()
            || self.worker_client_id.is_some()
            || self.worker_secret_stdin
    }
}

#[derive(Debug, Subcommand)]
pub enum PingoneCommand {
    /// Create or update, in PingOne, the SCIM Outbound connection and the rule Haiilo's
    /// walkthrough describes (then a revision). Prints the plan first; writes only with
    /// --yes or after you confirm on a terminal. Never deletes anything; a new rule is
    /// created switched off.
    Apply(ApplyArgs),
    /// Switch on the rule that sends users to this Haiilo tenant, after PingOne's own
    /// connection test (run first, from PingOne's cloud) has passed. From then on PingOne
    /// provisions real users: switches only with --yes or after you confirm on a terminal.
    SwitchOn(ApplyArgs),
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// The Client ID of the Haiilo API client.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// Read the Haiilo client secret from standard input (otherwise from HAIILO_CLIENT_SECRET).
    #[arg(long)]
    pub client_secret_stdin: bool,
    #[command(flatten)]
    pub pingone: PingOneAccessArgs,
    /// Group provisioning is chosen: keep the rule's groups (this app picks none itself).
    #[arg(long)]
    pub groups: bool,
    /// Print the plan and stop; write nothing.
    #[arg(long, conflicts_with = "yes")]
    pub dry_run: bool,
    /// Write without asking.
    #[arg(long)]
    pub yes: bool,
    /// Print {ok, applied, plan, findings} as JSON.
    #[arg(long)]
    pub json: bool,
    /// Give up on a request after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct ValuesArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// The Client ID of the Haiilo API client.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// The Client ID of the Haiilo API client.
    #[arg(long, value_name = "ID", conflicts_with = "demo")]
    pub client_id: Option<String>,
    /// Read the client secret from standard input (otherwise from HAIILO_CLIENT_SECRET).
    #[arg(long, conflicts_with = "demo")]
    pub client_secret_stdin: bool,
    /// Check against a local demo tenant started for this run.
    #[arg(long, conflicts_with_all = ["domain", "scim_base_url", "token_url"])]
    pub demo: bool,
    /// With --demo: make the demo tenant misbehave (repeatable). See `demo-tenant --help`.
    #[arg(long, value_name = "FAULT", requires = "demo")]
    pub fault: Vec<String>,
    /// With --demo: make the PingOne stand-in misbehave (repeatable), e.g. missing-role.
    /// See `pingone-emulator --help`.
    #[arg(long, value_name = "FAULT", requires = "demo")]
    pub pingone_fault: Vec<String>,
    /// Give up on a request after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// Print the whole result as JSON when done.
    #[arg(long)]
    pub json: bool,
    /// Also save the run as a report to hand over: .md (Markdown), .html (a page that
    /// prints cleanly) or .json. It holds no secret and no token.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
    /// With --report: also list the first users' userNames and names. The report then
    /// holds personal data; without this flag it gives only their number.
    #[arg(long, requires = "report")]
    pub include_users: bool,
    /// Group provisioning is chosen for this setup: a failing /Groups is then a problem,
    /// not just a warning.
    #[arg(long)]
    pub groups: bool,
    /// The target is a practice tenant on this computer (such as `haiilo-scim demo-tenant`):
    /// that PingOne's cloud cannot reach it is then expected, not a problem.
    #[arg(long)]
    pub practice_tenant: bool,
    #[command(flatten)]
    pub pingone: PingOneAccessArgs,
}

#[derive(Debug, Args)]
pub struct DemoTenantArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Number of seeded users.
    #[arg(long, default_value_t = 50)]
    pub users: usize,
    /// A fault to inject (repeatable), e.g. latency=100ms, rate-limit=3:2, scim-forbidden.
    #[arg(long, value_name = "FAULT", long_help = fault_long_help())]
    pub fault: Vec<String>,
    /// Print one JSON line {"scim_base_url", "token_url", "client_id", "client_secret"}
    /// first, then keep serving.
    #[arg(long)]
    pub json: bool,
}

/// Which client authentication the emulated worker application accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClientAuthArg {
    /// CLIENT_SECRET_BASIC: HTTP Basic.
    Basic,
    /// CLIENT_SECRET_POST: client_id and client_secret in the form body.
    Post,
    /// Both (no single PingOne application does this).
    Either,
}

#[derive(Debug, Args)]
pub struct PingoneEmulatorArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// A fault to inject (repeatable), e.g. missing-role, rate-limit=3:2, cloud-test-unreachable.
    #[arg(long, value_name = "FAULT", long_help = pingone_fault_long_help())]
    pub fault: Vec<String>,
    /// The worker application's token endpoint authentication method.
    #[arg(long, value_enum, default_value_t = ClientAuthArg::Basic)]
    pub client_auth: ClientAuthArg,
    /// Also start a demo tenant and find a SCIM Outbound store (and an inactive rule)
    /// pointing at it in the environment, as after a manual setup. Needed by the
    /// store-wrong-value fault.
    #[arg(long)]
    pub with_demo_tenant: bool,
    /// Print one JSON line {"auth_url", "api_url", "environment_id", "worker_client_id",
    /// "worker_client_secret"} first, then keep serving.
    #[arg(long)]
    pub json: bool,
}

fn pingone_fault_long_help() -> String {
    format!(
        "A fault to inject (repeatable). Available faults:\n{}",
        pingone_emulator::fault_help()
    )
}

fn fault_long_help() -> String {
    format!(
        "A fault to inject (repeatable). Available faults:\n{}",
        demo_tenant::fault_help()
    )
}
