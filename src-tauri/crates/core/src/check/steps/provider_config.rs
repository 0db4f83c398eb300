//! Rung 7, `service_provider_config`: what the server says it supports (RFC 7643 §5).
//! PingOne does not read it, but it explains later findings (a filter the server says it
//! does not support) and tells support engineers what they are dealing with.

use super::scim_http::note_exchange;
use crate::check::context::{Auth, Context, ProviderFeatures};
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
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
                format!(
                    "The server does not describe its SCIM features (/ServiceProviderConfig answered HTTP {}).",
                    response.status
                ),
                "PingOne does not need it, so provisioning can still work; the lookups below test the features \
                 that matter directly. RFC 7644 §4 makes this endpoint mandatory, so mention it to Haiilo support \
                 if you contact them anyway.",
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
        Some(true) => "supported".to_string(),
        Some(false) => "not supported".to_string(),
        None => "not stated".to_string(),
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
            (Some(true), Some(max)) => format!("supported, at most {max} results"),
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
            (Some(true), Some(max)) => format!("supported, up to {max} operations"),
            _ => yes_no(bulk),
        },
    );
    outcome.add_fact("Sort", yes_no(supported("sort")));
    outcome.add_fact("ETag", yes_no(supported("etag")));
    outcome.add_fact("Change password", yes_no(supported("changePassword")));
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
        "Authentication schemes",
        if schemes.is_empty() {
            "not stated".to_string()
        } else {
            schemes.join(", ")
        },
    );
    outcome.summary = match filter {
        Some(false) => {
            "Read the SCIM features; the server says it does not support filters.".to_string()
        }
        _ => "Read the SCIM features the server supports.".to_string(),
    };
    ctx.shared().provider = Some(ProviderFeatures {
        filter_supported: filter,
    });
    note_exchange(&mut outcome, &exchange);
    outcome
}
