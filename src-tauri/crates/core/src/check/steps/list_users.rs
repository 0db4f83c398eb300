//! Rung 8, `list_users`: a plain `GET /Users` with the token, checked against RFC 7644
//! §3.4.2 (ListResponse) and §3.1 (media type).
//!
//! A listing that fails does not prove the SCIM API unusable: a server that cannot handle
//! `count` or `startIndex` may still answer PingOne's lookups, which use neither. So when the
//! paged request fails on the server's side, narrower ones follow (without `count`, without
//! `startIndex`, with neither); what failed is handed to the `paging` step to name, and the
//! steps after this one still run. Only an answer that says the endpoint itself is wrong or
//! refuses us (401, 403, 404, a sign-in page, no connection) stops them.

use super::scim_http::{get_list, note_exchange};
use crate::check::context::{Context, Exchange, RejectedListing};
use crate::check::outcome::StepOutcome;
use crate::check::StepId;
use crate::check::UsersPreview;
use crate::findings::{Evidence, Finding, FindingCode};
use crate::scim::{self, ListPage, UserQuery, UserSummary, LIST_RESPONSE_SCHEMA, SCIM_MEDIA_TYPE};
use crate::{tr, trf};

/// The listings tried, widest first: the paged request, then without `count`, without
/// `startIndex`, and with neither.
fn variants(count: u64) -> [UserQuery<'static>; 4] {
    let query = |start_index, count| UserQuery {
        start_index,
        count,
        filter: None,
    };
    [
        query(Some(1), Some(count)),
        query(Some(1), None),
        query(None, Some(count)),
        query(None, None),
    ]
}

/// `startIndex=1&count=10`, or "no paging parameters".
pub(crate) fn describe_parameters(query: &UserQuery<'_>) -> String {
    let mut parts = Vec::new();
    if let Some(start) = query.start_index {
        parts.push(format!("startIndex={start}"));
    }
    if let Some(count) = query.count {
        parts.push(format!("count={count}"));
    }
    if parts.is_empty() {
        crate::tr!("no paging parameters", "ohne Blätter-Parameter").to_string()
    } else {
        parts.join("&")
    }
}

/// Failures that say something about this request rather than about the endpoint: a
/// narrower request may still work.
fn worth_narrowing(finding: &Finding) -> bool {
    matches!(
        finding.code,
        FindingCode::ServerError
            | FindingCode::ScimRequestFailed
            | FindingCode::ScimInvalidListResponse
    )
}

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let mut rejected: Vec<RejectedListing> = Vec::new();
    for query in variants(ctx.options.sample_size) {
        let url = scim::users_url(&ctx.target.endpoints.scim_base_url, &query);
        match get_list(ctx, &url).await {
            Ok((page, exchange, evidence)) => {
                let parameters = describe_parameters(&query);
                if let Some(widest) = rejected.first() {
                    // One retry of the widest request tells a passing hiccup from a request
                    // the server cannot handle.
                    let widest_url = scim::users_url(
                        &ctx.target.endpoints.scim_base_url,
                        &variants(ctx.options.sample_size)[0],
                    );
                    if let Ok((page, exchange, evidence)) = get_list(ctx, &widest_url).await {
                        let hiccup = widest.finding.clone();
                        let mut outcome = listed(ctx, page, &exchange, evidence, None);
                        outcome.add_finding(intermittent(hiccup));
                        return outcome;
                    }
                }
                let narrowed = (!rejected.is_empty()).then_some(parameters);
                ctx.shared().rejected_listings = rejected;
                return listed(ctx, page, &exchange, evidence, narrowed);
            }
            Err(finding) if worth_narrowing(&finding) => rejected.push(RejectedListing {
                parameters: describe_parameters(&query),
                finding,
            }),
            // The endpoint is missing, refuses the token, or is not reachable: the other
            // SCIM steps would only repeat this.
            Err(finding) => return StepOutcome::found(finding),
        }
    }
    StepOutcome::found(every_listing_failed(&rejected)).keep_going()
}

/// A page of users was read (perhaps only by a narrower request, named in `narrowed`).
fn listed(
    ctx: &Context,
    page: ListPage,
    exchange: &Exchange,
    evidence: Evidence,
    narrowed: Option<String>,
) -> StepOutcome {
    // A server that ignores `count` may send every user: the preview still shows a few.
    let sample: Vec<UserSummary> = page
        .resources
        .iter()
        .filter_map(scim::user_summary)
        .take(usize::try_from(ctx.options.sample_size).unwrap_or(usize::MAX))
        .collect();
    let plural = if page.total_results == 1 { "" } else { "s" };
    let total = page.total_results;
    let shown = crate::lang::count(total);
    let read = sample.len();
    let paging = StepId::Paging.title();
    let summary = match &narrowed {
        None => trf!(
            "Haiilo lists {shown} user{plural}; read the first {read}.",
            "Haiilo führt {shown} Benutzer; die ersten {read} gelesen."
        ),
        Some(parameters) => trf!(
            "Haiilo lists {shown} user{plural}, but only when asked with {parameters}: see \"{paging}\".",
            "Haiilo führt {shown} Benutzer, aber nur auf eine Anfrage mit {parameters}: siehe „{paging}“."
        ),
    };
    let mut outcome = StepOutcome::pass(summary).fact(
        tr!("Users in the directory", "Benutzer im Verzeichnis"),
        shown.clone(),
    );
    if let Some(parameters) = narrowed {
        outcome.add_fact(
            tr!("Listing that worked", "Auflistung, die funktioniert hat"),
            trf!(
                "GET /Users with {parameters}",
                "„GET /Users“ mit {parameters}"
            ),
        );
    }

    let media_type = exchange.response.media_type().unwrap_or_default();
    outcome.add_fact(
        tr!("Content type", "Inhaltstyp"),
        exchange.response.content_type.clone().unwrap_or_default(),
    );
    if media_type != SCIM_MEDIA_TYPE {
        outcome.add_finding(
            Finding::new(
                FindingCode::ScimContentType,
                trf!(
                    "SCIM answers with the media type {media_type} instead of {SCIM_MEDIA_TYPE}.",
                    "SCIM antwortet mit dem Medientyp {media_type} statt {SCIM_MEDIA_TYPE}."
                ),
                tr!(
                    "RFC 7644 §3.1 asks for application/scim+json. The lookups below show whether answers in this \
                     media type are read correctly here; whether PingOne insists on it is not documented. Mention \
                     it to Haiilo support if you contact them.",
                    "RFC 7644 §3.1 verlangt application/scim+json. Die Suchen unten zeigen, ob Antworten in diesem \
                     Medientyp hier richtig gelesen werden; ob PingOne darauf besteht, ist nicht dokumentiert. \
                     Erwähnen Sie es dem Haiilo-Support, wenn Sie ihn kontaktieren."
                ),
            )
            .warn()
            .with_evidence(evidence.clone()),
        );
    }

    let mut missing = Vec::new();
    if !page.schemas.iter().any(|s| s == LIST_RESPONSE_SCHEMA) {
        missing.push(trf!(
            "the schema {LIST_RESPONSE_SCHEMA}",
            "das Schema {LIST_RESPONSE_SCHEMA}"
        ));
    }
    if page.items_per_page.is_none() {
        missing.push(tr!("a numeric itemsPerPage", "ein numerisches itemsPerPage").to_string());
    }
    if page.start_index.is_none() {
        missing.push(tr!("a numeric startIndex", "ein numerischer startIndex").to_string());
    }
    if !missing.is_empty() {
        outcome.add_finding(
            Finding::new(
                FindingCode::ListResponseIncomplete,
                {
                    let missing = missing.join(", ");
                    trf!(
                        "The user list lacks {missing}.",
                        "In der Benutzerliste fehlt {missing}."
                    )
                },
                tr!(
                    "RFC 7644 §3.4.2 requires these fields in a ListResponse. The lookups below read totalResults \
                     and Resources, which are present; a client that pages relies on the rest. Report it to Haiilo \
                     support with the evidence below.",
                    "RFC 7644 §3.4.2 verlangt diese Felder in einer ListResponse. Die Suchen unten lesen \
                     totalResults und Resources, die vorhanden sind; ein Client, der blättert, braucht den Rest. \
                     Melden Sie es dem Haiilo-Support mit dem Nachweis unten."
                ),
            )
            .warn()
            .with_evidence(evidence),
        );
    }
    note_exchange(&mut outcome, exchange);

    let mut shared = ctx.shared();
    shared.users = Some(UsersPreview {
        total_results: page.total_results,
        sample,
    });
    shared.first_page = Some(page);
    drop(shared);
    outcome
}

/// The paged listing failed once and then worked: a passing server error, not paging.
fn intermittent(hiccup: Finding) -> Finding {
    let status = hiccup
        .evidence
        .as_ref()
        .and_then(|e| e.status)
        .map_or_else(String::new, |s| format!(" (HTTP {s})"));
    Finding::new(
        hiccup.code,
        trf!(
            "Listing users failed once{status}, and the same request worked when repeated.",
            "Das Auflisten der Benutzer scheiterte einmal{status}; dieselbe Anfrage klappte bei der Wiederholung."
        ),
        tr!(
            "A server that fails now and then makes PingOne retry or report single users as failed. Nothing \
             needs to change in your values; if it happens again, report it to Haiilo support with the evidence \
             below.",
            "Ein Server, der ab und zu scheitert, lässt PingOne Anfragen wiederholen oder einzelne Benutzer als \
             gescheitert melden. An Ihren Werten muss sich nichts ändern; geschieht es wieder, melden Sie es dem \
             Haiilo-Support mit dem Nachweis unten."
        ),
    )
    .warn()
    .with_evidence(hiccup.evidence.map(|e| *e).unwrap_or_default())
}

/// Every listing failed on the server's side. PingOne's lookups do not list, so the steps
/// after this one still run and show what works.
fn every_listing_failed(rejected: &[RejectedListing]) -> Finding {
    let Some(first) = rejected.first() else {
        // Unreachable: this is called only after every variant was rejected.
        return Finding::new(
            FindingCode::ScimRequestFailed,
            tr!(
                "Listing users failed.",
                "Das Auflisten der Benutzer ist gescheitert."
            ),
            tr!(
                "Run the check again.",
                "Starten Sie den Verbindungstest erneut."
            ),
        );
    };
    let tried: Vec<String> = rejected
        .iter()
        .map(|r| format!("{}: {}", r.parameters, r.finding.summary))
        .collect();
    let mut finding = first.finding.clone();
    let why = first.finding.summary.trim_end_matches('.');
    finding.summary = trf!(
        "Listing users fails in every form tried, with and without startIndex and count ({why}).",
        "Das Auflisten der Benutzer scheitert in jeder versuchten Form, mit und ohne startIndex und count ({why})."
    );
    finding.fix = tr!(
        "PingOne's own lookups (further down) use a filter instead of a listing: whether they work \
         decides whether users can be matched. Whether PingOne also lists users (for example in its \
         Test Connection) is not documented, so a failing listing may still stop it. Report the \
         failing GET /Users to Haiilo support with the evidence below.",
        "PingOnes eigene Suchen (weiter unten) verwenden einen Filter statt einer Auflistung: Ob sie \
         funktionieren, entscheidet, ob Benutzer zugeordnet werden können. Ob PingOne Benutzer auch \
         auflistet (etwa bei „Test Connection“), ist nicht dokumentiert; eine scheiternde Auflistung kann es \
         also trotzdem aufhalten. Melden Sie das scheiternde „GET /Users“ dem Haiilo-Support mit dem Nachweis unten."
    )
    .to_string();
    let (tried, detail) = (tried.join("; "), &finding.detail);
    finding.detail = trf!("Tried: {tried}\n{detail}", "Versucht: {tried}\n{detail}");
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paged_request_comes_first_and_the_plain_one_last() {
        let tried: Vec<String> = variants(10).iter().map(describe_parameters).collect();
        assert_eq!(
            tried,
            [
                "startIndex=1&count=10",
                "startIndex=1",
                "count=10",
                "no paging parameters"
            ]
        );
    }

    #[test]
    fn only_failures_of_the_request_itself_are_narrowed() {
        let finding = |code| Finding::new(code, "", "");
        assert!(worth_narrowing(&finding(FindingCode::ServerError)));
        assert!(worth_narrowing(&finding(FindingCode::ScimRequestFailed)));
        assert!(!worth_narrowing(&finding(FindingCode::ScimNotFound)));
        assert!(!worth_narrowing(&finding(FindingCode::ScimUnauthorized)));
        assert!(!worth_narrowing(&finding(FindingCode::RedirectedToLogin)));
    }
}
