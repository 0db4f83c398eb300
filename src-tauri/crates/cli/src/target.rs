//! Resolving `--domain` or `--scim-base-url`/`--token-url` into endpoints.

use crate::args::TargetArgs;
use crate::error::{CliError, Result};
use haiilo_scim_core::endpoints::Endpoints;

pub fn endpoints(target: &TargetArgs) -> Result<Endpoints> {
    let endpoints = match (&target.domain, &target.scim_base_url, &target.token_url) {
        (Some(domain), _, _) => Endpoints::from_domain(domain),
        (None, Some(scim), Some(token)) => Endpoints::from_explicit(scim, token),
        _ => {
            return Err(CliError::Usage(
                "Say where the tenant is: --domain acme.haiilo.app, or --scim-base-url URL --token-url URL."
                    .into(),
            ))
        }
    };
    endpoints.map_err(|e| CliError::Input(e.into()))
}
