//! PingOne access from the command line: `--environment-id`, `--region` or
//! `--api-url`/`--auth-url`, `--worker-client-id`, and the worker secret from
//! PINGONE_WORKER_SECRET or standard input.

use crate::args::PingOneAccessArgs;
use crate::error::{CliError, Result};
use crate::secret_input;
use haiilo_scim_core::check::PingOneCheckAccess;
use haiilo_scim_core::pingone_api::{AccessInput, PingOneAccess};

/// Nominal region when explicit URLs are given: the URLs decide where requests go.
const NOMINAL_REGION: &str = "com";

/// The access the options describe, or `None` when none was given. Notes about what was
/// normalised go to `notes`.
pub fn from_args(
    args: &PingOneAccessArgs,
    notes: &mut Vec<String>,
) -> Result<Option<PingOneCheckAccess>> {
    if !args.given() {
        return Ok(None);
    }
    let environment_id = args.environment_id.as_deref().ok_or_else(|| {
        CliError::Usage(
            "PingOne access needs --environment-id (the UUID in the console's address after env=)."
                .into(),
        )
    })?;
    let worker_client_id = args.worker_client_id.as_deref().ok_or_else(|| {
        CliError::Usage(
            "PingOne access needs --worker-client-id: the Client ID of a worker application with the Environment Admin role."
                .into(),
        )
    })?;
    let region = match (&args.region, &args.api_url) {
        (Some(region), _) => region.as_str(),
        (None, Some(_)) => NOMINAL_REGION,
        // A console address pasted as the environment ID names the region itself.
        (None, None) => "",
    };
    let parsed = PingOneAccess::parse(&AccessInput {
        region,
        environment_id,
        worker_client_id,
        auth_url: args.auth_url.as_deref(),
        api_url: args.api_url.as_deref(),
    })
    .map_err(|e| match e.code() {
        haiilo_scim_core::pingone_api::AccessErrorCode::UnknownRegion if region.is_empty() => {
            CliError::Usage(
                "Say which PingOne: --region (com, eu, ca, com.au, sg or asia), or --api-url and --auth-url."
                    .into(),
            )
        }
        _ => CliError::Usage(e.to_string()),
    })?;
    notes.extend(parsed.notes);
    let worker_secret = secret_input::read_worker(args.worker_secret_stdin)?;
    Ok(Some(PingOneCheckAccess {
        access: parsed.access,
        worker_secret,
    }))
}
