//! Rung 7, `service_provider_config`: what the server says it supports (RFC 7643 §5).
//! PingOne does not read it, but it explains later findings (a filter the server says it
//! does not support) and tells support engineers what they are dealing with.

use super::scim_http::note_exchange;
use crate::check::context::{Auth, Context, ProviderFeatures};
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::{tr, trf};
use serde_json::Value;

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let url = ctx.scim_url("/ServiceProviderConfig");
    let exchange = match ctx.get(&url, Auth::Bearer).await {
        Ok(exchange) => exchange,
        // The provider config is optional for PingOne: its absence never stops the ladder.
        Err(finding) => return StepOutcome::found(finding).keep_going(),
    };
    let response = &exchange.response;
    let config = ((200..300).contains(&response.status))
        .then(|| serde_json::from_slice::<Value>(&response.body).ok())
        .flatten()
        .filter(Value::is_object);
    let Some(config) = config else {
        let evidence = ctx.evidence(&exchange);
        let mut outcome = StepOutcome::found(
            Finding::new(
                FindingCode::NoServiceProviderConfig,
                {
                    let status = response.status;
                    trf!(
                        "The server does not describe its SCIM features (/ServiceProviderConfig answered HTTP {status}).",
                        "Der Server beschreibt seine SCIM-Funktionen nicht (/ServiceProviderConfig antwortete mit HTTP {status})."
                    )
                },
                tr!(
                    "PingOne does not need it, so provisioning can still work; the lookups below test the features \
                     that matter directly. RFC 7644 §4 makes this endpoint mandatory, so mention it to Haiilo support \
                     if you contact them anyway.",
                    "PingOne braucht ihn nicht, die Provisionierung kann also trotzdem funktionieren; die Suchen \
                     unten prüfen die wichtigen Funktionen direkt. RFC 7644 §4 schreibt diesen Endpunkt vor; \
                     erwähnen Sie es dem Haiilo-Support, wenn Sie ihn ohnehin kontaktieren."
                ),
            )
            .warn()
            .with_evidence(evidence),
        );
        note_exchange(&mut outcome, &exchange);
        return outcome.keep_going();
    };

    let supported = |feature: &str| {
        config
            .get(feature)
            .and_then(|f| f.get("supported"))
            .and_then(Value::as_bool)
    };
    let yes_no = |value: Option<bool>| match value {
        Some(true) => tr!("supported", "unterstützt").to_string(),
        Some(false) => tr!("not supported", "nicht unterstützt").to_string(),
        None => tr!("not stated", "nicht angegeben").to_string(),
    };
    let filter = supported("filter");
    let mut outcome = StepOutcome::pass("");
    let max_results = config
        .get("filter")
        .and_then(|f| f.get("maxResults"))
        .and_then(Value::as_u64);
    outcome.add_fact(
        "Filter",
        match (filter, max_results) {
            (Some(true), Some(max)) => {
                let max = crate::lang::count(max);
                trf!(
                    "supported, at most {max} results",
                    "unterstützt, höchstens {max} Ergebnisse"
                )
            }
            _ => yes_no(filter),
        },
    );
    outcome.add_fact("PATCH", yes_no(supported("patch")));
    let bulk = supported("bulk");
    let bulk_max = config
        .get("bulk")
        .and_then(|b| b.get("maxOperations"))
        .and_then(Value::as_u64);
    outcome.add_fact(
        "Bulk",
        match (bulk, bulk_max) {
            (Some(true), Some(max)) => {
                let max = crate::lang::count(max);
                trf!(
                    "supported, up to {max} operations",
                    "unterstützt, bis zu {max} Operationen"
                )
            }
            _ => yes_no(bulk),
        },
    );
    outcome.add_fact(tr!("Sort", "Sortieren"), yes_no(supported("sort")));
    outcome.add_fact("ETag", yes_no(supported("etag")));
    outcome.add_fact(
        tr!("Change password", "Passwort ändern"),
        yes_no(supported("changePassword")),
    );
    let schemes: Vec<String> = config
        .get("authenticationSchemes")
        .and_then(Value::as_array)
        .map(|schemes| {
            schemes
                .iter()
                .filter_map(|s| {
                    s.get("type")
                        .or_else(|| s.get("name"))
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    outcome.add_fact(
        tr!("Authentication schemes", "Anmeldeverfahren"),
        if schemes.is_empty() {
            tr!("not stated", "nicht angegeben").to_string()
        } else {
            schemes.join(", ")
        },
    );
    outcome.summary = match filter {
        Some(false) => tr!(
            "Read the SCIM features; the server says it does not support filters.",
            "SCIM-Funktionen gelesen; der Server gibt an, keine Filter zu unterstützen."
        )
        .to_string(),
        _ => tr!(
            "Read the SCIM features the server supports.",
            "Die vom Server unterstützten SCIM-Funktionen gelesen."
        )
        .to_string(),
    };
    ctx.shared().provider = Some(ProviderFeatures {
        filter_supported: filter,
    });
    note_exchange(&mut outcome, &exchange);
    outcome
}
