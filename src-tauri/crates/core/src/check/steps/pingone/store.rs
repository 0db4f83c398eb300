//! `pingone_store`: the SCIM Outbound store that points at this Haiilo tenant (matched by
//! the SCIM URL's host, tolerant of the usual pasting variants), compared field by field
//! with the walkthrough's values. Each difference is its own finding, quoting PingOne's
//! value, the right one and the console's label.

use super::{api_finding, client};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::lang::Lang;
use crate::pingone_api::compare::{assess_stores, FieldDifference, StoreAssessment};
use crate::{tr, trf};

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
    let host = &endpoints.host;
    let scim_base_url = &endpoints.scim_base_url;
    match assess_stores(&stores, endpoints, &ctx.target.client_id) {
        StoreAssessment::None => StepOutcome::found(Finding::new(
            FindingCode::PingoneStoreMissing,
            trf!(
                "PingOne has no SCIM connection whose SCIM BASE URL points at {host}.",
                "PingOne hat keine SCIM-Verbindung, deren „SCIM BASE URL“ auf {host} zeigt."
            ),
            trf!(
                "Create it in PingOne ({CONNECTION_PATH} › + › New Connection › Identity Store › SCIM Outbound) with \
                 the values of phase 2, or let this app write it (haiilo-scim pingone apply). If it exists, its SCIM \
                 BASE URL names another host: correct it to {scim_base_url}.",
                "Legen Sie sie in PingOne an („{CONNECTION_PATH} › + › New Connection › Identity Store › SCIM \
                 Outbound“) mit den Werten aus Phase 2, oder lassen Sie diese App sie schreiben (haiilo-scim pingone \
                 apply). Gibt es sie schon, nennt ihre „SCIM BASE URL“ einen anderen Host: Korrigieren Sie sie auf \
                 {scim_base_url}."
            ),
        ))
        .fact(
            tr!("Stores in the environment", "SCIM-Verbindungen in der Umgebung"),
            crate::report::number(stores.len() as u64),
        ),
        StoreAssessment::Several { stores } => {
            let names: Vec<String> = stores
                .iter()
                .map(|s| {
                    let (name, id) = (&s.name, &s.id);
                    trf!("\"{name}\" ({id})", "„{name}“ ({id})")
                })
                .collect();
            let count = stores.len();
            let names = names.join(", ");
            StepOutcome::found(Finding::new(
                FindingCode::PingoneStoreAmbiguous,
                trf!(
                    "{count} SCIM connections in PingOne point at {host}: {names}.",
                    "{count} SCIM-Verbindungen in PingOne zeigen auf {host}: {names}."
                ),
                trf!(
                    "Two connections provisioning the same Haiilo tenant compete for the same users. In PingOne \
                     ({CONNECTION_PATH}), keep one and disable the others (this app never deletes anything in PingOne).",
                    "Zwei Verbindungen, die denselben Haiilo-Tenant provisionieren, konkurrieren um dieselben \
                     Benutzer. Behalten Sie in PingOne („{CONNECTION_PATH}“) eine und deaktivieren Sie die anderen \
                     (diese App löscht in PingOne nie etwas)."
                ),
            ))
        }
        StoreAssessment::One {
            store,
            differences,
            secret_returned,
        } => {
            ctx.shared().pingone.store_id = Some(store.id.clone());
            let name = &store.name;
            let mut outcome = if differences.is_empty() {
                StepOutcome::pass(trf!(
                    "PingOne's connection \"{name}\" holds every value as the walkthrough says.",
                    "PingOnes Verbindung „{name}“ enthält jeden Wert so, wie die Anleitung ihn nennt."
                ))
            } else {
                let count = differences.len();
                let plural = if count == 1 { "" } else { "s" };
                let mut outcome = StepOutcome::pass(match crate::lang::current() {
                    Lang::En => format!(
                        "{count} value{plural} of PingOne's connection \"{name}\" differ from the walkthrough."
                    ),
                    Lang::De => {
                        let werte = if count == 1 { "Wert" } else { "Werte" };
                        let weicht = if count == 1 { "weicht" } else { "weichen" };
                        format!(
                            "{count} {werte} der PingOne-Verbindung „{name}“ {weicht} von der Anleitung ab."
                        )
                    }
                });
                // One finding per field (not de-duplicated by code): each names its own fix.
                outcome
                    .findings
                    .extend(differences.iter().map(|d| mismatch(d, &store.name)));
                // The store exists: its rule and sync status can still be read.
                outcome.keep_going()
            };
            outcome.add_fact(
                tr!("Connection", "Verbindung"),
                format!("{} ({})", store.name, store.id),
            );
            if let Some(status) = &store.status {
                outcome.add_fact("Status", status.clone());
            }
            outcome.add_fact(
                tr!("Client secret", "Client Secret"),
                if secret_returned {
                    tr!(
                        "PingOne returned a stored secret (not shown, not compared)",
                        "PingOne hat ein gespeichertes Secret zurückgegeben (nicht angezeigt, nicht verglichen)"
                    )
                } else {
                    tr!(
                        "not returned by PingOne, so not compared; the cloud test sends the setup's secret",
                        "von PingOne nicht zurückgegeben, daher nicht verglichen; der Cloud-Test sendet das Secret des Setups"
                    )
                },
            );
            outcome
        }
    }
}

fn mismatch(difference: &FieldDifference, store_name: &str) -> Finding {
    let label = &difference.label;
    let expected = &difference.expected_value;
    let field = &difference.field;
    let held = match difference.pingone_value.as_deref() {
        Some(v) => trf!("\"{v}\"", "„{v}“"),
        None => tr!("empty", "leer").to_string(),
    };
    Finding::new(
        FindingCode::PingoneStoreMismatch,
        trf!(
            "PingOne's {label} is {held}; it should be \"{expected}\".",
            "PingOnes „{label}“ ist {held}; richtig ist „{expected}“."
        ),
        trf!(
            "In PingOne, open {CONNECTION_PATH} › \"{store_name}\" › Configuration › Edit, set {label} to \"{expected}\" and \
             save; or let this app write it (haiilo-scim pingone apply).",
            "Öffnen Sie in PingOne „{CONNECTION_PATH}“ › „{store_name}“ › „Configuration › Edit“, setzen Sie \
             „{label}“ auf „{expected}“ und speichern Sie; oder lassen Sie diese App den Wert schreiben \
             (haiilo-scim pingone apply)."
        ),
    )
    .with_detail(trf!(
        "Configuration key {field} of the store \"{store_name}\".",
        "Konfigurationsschlüssel {field} der SCIM-Verbindung „{store_name}“."
    ))
}
