//! `pingone_store`: the SCIM Outbound store that points at this Haiilo tenant (matched by
//! the SCIM URL's host, tolerant of the usual pasting variants), compared field by field
//! with the walkthrough's values. Each difference is its own finding, quoting PingOne's
//! value, the right one and the console's label.

use super::{api_finding, client};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::pingone_api::compare::{assess_stores, FieldDifference, StoreAssessment};

const CONNECTION_PATH: &str = "Integrations › Provisioning";

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let cached = ctx.shared().pingone.stores.clone();
    let stores = match cached {
        Some(stores) => stores,
        None => {
            let client = match client(ctx) {
                Ok(client) => client,
                Err(outcome) => return outcome,
            };
            match client.list_stores().await {
                Ok(stores) => stores,
                Err(error) => return StepOutcome::found(api_finding(&error)),
            }
        }
    };
    let endpoints = &ctx.target.endpoints;
    match assess_stores(&stores, endpoints, &ctx.target.client_id) {
        StoreAssessment::None => StepOutcome::found(Finding::new(
            FindingCode::PingoneStoreMissing,
            format!(
                "PingOne has no SCIM connection whose SCIM BASE URL points at {}.",
                endpoints.host
            ),
            format!(
                "Create it in PingOne ({CONNECTION_PATH} › + › New Connection › Identity Store › SCIM Outbound) with \
                 the values of phase 2, or let this app write it (haiilo-scim pingone apply). If it exists, its SCIM \
                 BASE URL names another host: correct it to {}.",
                endpoints.scim_base_url
            ),
        ))
        .fact("Stores in the environment", stores.len().to_string()),
        StoreAssessment::Several { stores } => {
            let names: Vec<String> = stores
                .iter()
                .map(|s| format!("\"{}\" ({})", s.name, s.id))
                .collect();
            StepOutcome::found(Finding::new(
                FindingCode::PingoneStoreAmbiguous,
                format!(
                    "{} SCIM connections in PingOne point at {}: {}.",
                    stores.len(),
                    endpoints.host,
                    names.join(", ")
                ),
                format!(
                    "Two connections provisioning the same Haiilo tenant compete for the same users. In PingOne \
                     ({CONNECTION_PATH}), keep one and disable the others (this app never deletes anything in PingOne)."
                ),
            ))
        }
        StoreAssessment::One {
            store,
            differences,
            secret_returned,
        } => {
            ctx.shared().pingone.store_id = Some(store.id.clone());
            let mut outcome = if differences.is_empty() {
                StepOutcome::pass(format!(
                    "PingOne's connection \"{}\" holds every value as the walkthrough says.",
                    store.name
                ))
            } else {
                let mut outcome = StepOutcome::pass(format!(
                    "{} value{} of PingOne's connection \"{}\" differ from the walkthrough.",
                    differences.len(),
                    if differences.len() == 1 { "" } else { "s" },
                    store.name
                ));
                // One finding per field (not de-duplicated by code): each names its own fix.
                outcome
                    .findings
                    .extend(differences.iter().map(|d| mismatch(d, &store.name)));
                // The store exists: its rule and sync status can still be read.
                outcome.keep_going()
            };
            outcome.add_fact("Connection", format!("{} ({})", store.name, store.id));
            if let Some(status) = &store.status {
                outcome.add_fact("Status", status.clone());
            }
            outcome.add_fact(
                "Client secret",
                if secret_returned {
                    "PingOne returned a stored secret (not shown, not compared)"
                } else {
                    "not returned by PingOne, so not compared; the cloud test sends the setup's secret"
                },
            );
            outcome
        }
    }
}

fn mismatch(difference: &FieldDifference, store_name: &str) -> Finding {
    let held = difference
        .pingone_value
        .as_deref()
        .map_or_else(|| "empty".to_string(), |v| format!("\"{v}\""));
    Finding::new(
        FindingCode::PingoneStoreMismatch,
        format!(
            "PingOne's {} is {held}; it should be \"{}\".",
            difference.label, difference.expected_value
        ),
        format!(
            "In PingOne, open {CONNECTION_PATH} › \"{store_name}\" › Configuration › Edit, set {} to \"{}\" and \
             save; or let this app write it (haiilo-scim pingone apply).",
            difference.label, difference.expected_value
        ),
    )
    .with_detail(format!(
        "Configuration key {} of the store \"{store_name}\".",
        difference.field
    ))
}
