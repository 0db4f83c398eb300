//! Rung 8, `list_users`: the plainest SCIM request PingOne makes, `GET /Users` with the
//! token, checked against RFC 7644 §3.4.2 (ListResponse) and §3.1 (media type).

use super::scim_http::{get_list, note_exchange};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::check::UsersPreview;
use crate::findings::{Finding, FindingCode};
use crate::scim::{self, UserQuery, UserSummary, LIST_RESPONSE_SCHEMA, SCIM_MEDIA_TYPE};

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let query = UserQuery {
        start_index: Some(1),
        count: Some(ctx.options.sample_size),
        filter: None,
    };
    let url = scim::users_url(&ctx.target.endpoints.scim_base_url, &query);
    let (page, exchange, evidence) = match get_list(ctx, &url).await {
        Ok(read) => read,
        Err(finding) => return StepOutcome::found(finding),
    };
    let sample: Vec<UserSummary> = page
        .resources
        .iter()
        .filter_map(scim::user_summary)
        .collect();
    let mut outcome = StepOutcome::pass(format!(
        "Haiilo lists {} user{}; read the first {}.",
        page.total_results,
        if page.total_results == 1 { "" } else { "s" },
        sample.len()
    ))
    .fact("Users in the directory", page.total_results.to_string());

    let media_type = exchange.response.media_type().unwrap_or_default();
    outcome.add_fact(
        "Content type",
        exchange.response.content_type.clone().unwrap_or_default(),
    );
    if media_type != SCIM_MEDIA_TYPE {
        outcome.add_finding(
            Finding::new(
                FindingCode::ScimContentType,
                format!("SCIM answers with the media type {media_type} instead of {SCIM_MEDIA_TYPE}."),
                "RFC 7644 §3.1 asks for application/scim+json. PingOne accepts plain JSON today, so nothing \
                 breaks; mention it to Haiilo support if you contact them, in case a stricter client is used \
                 later.",
            )
            .warn()
            .with_evidence(evidence.clone()),
        );
    }

    let mut missing = Vec::new();
    if !page.schemas.iter().any(|s| s == LIST_RESPONSE_SCHEMA) {
        missing.push(format!("the schema {LIST_RESPONSE_SCHEMA}"));
    }
    if page.items_per_page.is_none() {
        missing.push("a numeric itemsPerPage".to_string());
    }
    if page.start_index.is_none() {
        missing.push("a numeric startIndex".to_string());
    }
    if !missing.is_empty() {
        outcome.add_finding(
            Finding::new(
                FindingCode::ListResponseIncomplete,
                format!("The user list lacks {}.", missing.join(", ")),
                "RFC 7644 §3.4.2 requires these fields in a ListResponse. PingOne reads totalResults and \
                 Resources, so provisioning can work, but paging through many users relies on the rest: report \
                 it to Haiilo support with the evidence below.",
            )
            .warn()
            .with_evidence(evidence),
        );
    }
    note_exchange(&mut outcome, &exchange);

    let mut shared = ctx.shared();
    shared.users = Some(UsersPreview {
        total_results: page.total_results,
        sample,
    });
    shared.first_page = Some(page);
    drop(shared);
    outcome
}
