//! Rung 11, `paging`: `startIndex=2&count=1` (RFC 7644 §3.4.2.4, 1-based) must give the
//! second user of the first page. Whether PingOne pages through users is not documented (its
//! lookups use a filter, not paging); a server whose paging is broken still misleads any
//! client that does page, such as a reconciliation or an export, so it is worth a warning.
//! When `list_users` could list only without some paging parameter, this step names it.

use super::scim_http::{get_list, note_exchange};
use crate::check::context::{Context, RejectedListing};
use crate::check::outcome::StepOutcome;
use crate::findings::{Evidence, Finding, FindingCode};
use crate::scim::{self, UserQuery};
use crate::{tr, trf};

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let rejected = ctx.shared().rejected_listings.clone();
    if !rejected.is_empty() {
        return StepOutcome::found(rejected_parameters(&rejected));
    }
    let first = ctx.shared().first_page.clone();
    let Some(first) = first else {
        return StepOutcome::not_applicable(tr!(
            "Not tested: no listing of users worked, so there is no first page to compare a second page with.",
            "Nicht geprüft: Keine Auflistung der Benutzer hat funktioniert, es gibt also keine erste Seite zum Vergleich mit einer zweiten."
        ));
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
        return StepOutcome::not_applicable(tr!(
            "Fewer than two users: there is nothing to page through yet.",
            "Weniger als zwei Benutzer: Es gibt noch nichts zum Blättern."
        ));
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
                    tr!(
                        "A request for the second user (startIndex=2, count=1) failed.",
                        "Eine Anfrage nach dem zweiten Benutzer (startIndex=2, count=1) ist gescheitert."
                    ),
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
        let returned = ids.len();
        Some(trf!(
            "Asked for one user (count=1), the server returned {returned}: count is ignored.",
            "Auf die Frage nach einem Benutzer (count=1) lieferte der Server {returned}: count wird ignoriert."
        ))
    } else if ids.is_empty() {
        Some(
            tr!(
                "Asked for the second user (startIndex=2, count=1), the server returned none.",
                "Auf die Frage nach dem zweiten Benutzer (startIndex=2, count=1) lieferte der Server keinen."
            )
            .to_string(),
        )
    } else if Some(ids[0]) == first_id.as_deref() {
        Some(tr!(
            "Asked for the second user (startIndex=2), the server returned the first one again: startIndex is ignored.",
            "Auf die Frage nach dem zweiten Benutzer (startIndex=2) lieferte der Server erneut den ersten: startIndex wird ignoriert."
        ).to_string())
    } else if ids[0] != expected {
        Some(tr!(
            "The second user differs between two requests: the order of users is not stable, so pages overlap or leave users out.",
            "Der zweite Benutzer unterscheidet sich zwischen zwei Anfragen: Die Reihenfolge der Benutzer ist nicht stabil, daher überlappen Seiten oder lassen Benutzer aus."
        ).to_string())
    } else if page.start_index.is_some_and(|s| s != 2) {
        let said = page.start_index.unwrap_or_default();
        Some(trf!(
            "The answer says startIndex {said}, though 2 was asked for.",
            "Die Antwort nennt startIndex {said}, obwohl 2 angefragt war."
        ))
    } else {
        None
    };
    let mut outcome = match problem {
        Some(problem) => StepOutcome::found(broken(&problem, evidence)),
        None => StepOutcome::pass(tr!(
            "startIndex and count work: the second page of one user is the second user.",
            "startIndex und count funktionieren: Die zweite Seite mit einem Benutzer ist der zweite Benutzer."
        )),
    };
    note_exchange(&mut outcome, &exchange);
    outcome
}

/// `list_users` got an answer only after leaving paging parameters out.
fn rejected_parameters(rejected: &[RejectedListing]) -> Finding {
    let tried: Vec<String> = rejected
        .iter()
        .map(|r| {
            let (parameters, summary) = (&r.parameters, &r.finding.summary);
            trf!(
                "with {parameters}: {summary}",
                "mit {parameters}: {summary}"
            )
        })
        .collect();
    // `list_users` tries, in this order, startIndex&count, startIndex alone, count alone,
    // neither (`list_users::variants`), and stops at the first that works: one rejection
    // means count broke it, two mean startIndex did, three mean either one alone does.
    let culprit = match rejected.len() {
        1 => "count",
        2 => "startIndex",
        _ => tr!("startIndex or count", "startIndex oder count"),
    };
    broken(
        &trf!(
            "Listing users fails when the request carries {culprit}, and works without it.",
            "Das Auflisten der Benutzer scheitert, wenn die Anfrage {culprit} enthält, und funktioniert ohne."
        ),
        rejected
            .first()
            .and_then(|r| r.finding.evidence.clone())
            .map(|e| *e)
            .unwrap_or_default(),
    )
    .with_more_detail({
        let tried = tried.join("; ");
        trf!("Tried: {tried}", "Versucht: {tried}")
    })
}

fn broken(summary: &str, evidence: Evidence) -> Finding {
    Finding::new(
        FindingCode::PagingBroken,
        summary.to_string(),
        tr!(
            "PingOne's user lookups do not page, so they are not affected (see PingOne's lookup steps). Whether PingOne \
             pages through users at other times is not documented; any client that does (RFC 7644 §3.4.2.4) would \
             miss users or see some twice. Report this to Haiilo support with the evidence below before relying \
             on listings of a large directory.",
            "PingOnes Benutzersuchen blättern nicht und sind daher nicht betroffen (siehe PingOnes Suchschritte). \
             Ob PingOne zu anderen Zeiten durch Benutzer blättert, ist nicht dokumentiert; jeder Client, der es \
             tut (RFC 7644 §3.4.2.4), würde Benutzer übersehen oder manche doppelt sehen. Melden Sie es dem \
             Haiilo-Support mit dem Nachweis unten, bevor Sie sich auf Auflistungen eines großen Verzeichnisses \
             verlassen."
        ),
    )
    .warn()
    .with_evidence(evidence)
}
