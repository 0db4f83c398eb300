//! Rung 11, `paging`: `startIndex=2&count=1` (RFC 7644 §3.4.2.4, 1-based) must give the
//! second user of the first page. PingOne pages through users and groups when it reconciles;
//! a server that ignores either parameter makes it miss users or see some twice.

use super::scim_http::{get_list, note_exchange};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::findings::{Evidence, Finding, FindingCode};
use crate::scim::{self, UserQuery};

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let first = ctx.shared().first_page.clone();
    let Some(first) = first else {
        return StepOutcome::not_applicable("The first page of users is not available.");
    };
    let expected = first
        .resources
        .get(1)
        .and_then(|r| r.get("id"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let first_id = first
        .resources
        .first()
        .and_then(|r| r.get("id"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let (Some(expected), true) = (expected, first.total_results >= 2) else {
        return StepOutcome::not_applicable(
            "Fewer than two users: there is nothing to page through yet.",
        );
    };
    let query = UserQuery {
        start_index: Some(2),
        count: Some(1),
        filter: None,
    };
    let url = scim::users_url(&ctx.target.endpoints.scim_base_url, &query);
    let (page, exchange, evidence) = match get_list(ctx, &url).await {
        Ok(read) => read,
        Err(finding) => {
            // Rate limits, server errors and refusals keep their own names; anything else
            // that fails here fails because of the paging parameters.
            return StepOutcome::found(match finding.code {
                FindingCode::RateLimited
                | FindingCode::ServerError
                | FindingCode::ScimUnauthorized
                | FindingCode::ScimForbidden
                | FindingCode::Timeout
                | FindingCode::NetworkError => finding,
                _ => broken(
                    "A request for the second user (startIndex=2, count=1) failed.",
                    finding.evidence.clone().map(|e| *e).unwrap_or_default(),
                )
                .with_more_detail(finding.summary),
            });
        }
    };
    let ids: Vec<&str> = page
        .resources
        .iter()
        .filter_map(|r| r.get("id").and_then(|v| v.as_str()))
        .collect();
    let problem = if ids.len() > 1 {
        Some(format!(
            "Asked for one user (count=1), the server returned {}: count is ignored.",
            ids.len()
        ))
    } else if ids.is_empty() {
        Some(
            "Asked for the second user (startIndex=2, count=1), the server returned none."
                .to_string(),
        )
    } else if Some(ids[0]) == first_id.as_deref() {
        Some("Asked for the second user (startIndex=2), the server returned the first one again: startIndex is ignored.".to_string())
    } else if ids[0] != expected {
        Some("The second user differs between two requests: the order of users is not stable, so pages overlap or leave users out.".to_string())
    } else if page.start_index.is_some_and(|s| s != 2) {
        Some(format!(
            "The answer says startIndex {}, though 2 was asked for.",
            page.start_index.unwrap_or_default()
        ))
    } else {
        None
    };
    let mut outcome = match problem {
        Some(problem) => StepOutcome::found(broken(&problem, evidence)),
        None => StepOutcome::pass(
            "startIndex and count work: the second page of one user is the second user.",
        ),
    };
    note_exchange(&mut outcome, &exchange);
    outcome
}

fn broken(summary: &str, evidence: Evidence) -> Finding {
    Finding::new(
        FindingCode::PagingBroken,
        summary.to_string(),
        "PingOne pages through users with startIndex and count (RFC 7644 §3.4.2.4). With broken paging it \
         misses users or processes some twice during reconciliation. Report this to Haiilo support with the \
         evidence below before provisioning a large directory.",
    )
    .with_evidence(evidence)
}
