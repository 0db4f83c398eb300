//! Two defects at once, as real servers have them. Each scenario injects two demo-tenant
//! faults and asserts that both are named, that the worst one leads the verdict, and that no
//! step was skipped that could have run: a failed listing must not hide PingOne's lookups,
//! which need no paging.
#![allow(clippy::unwrap_used)]

mod support;

use demo_tenant::Fault;
use haiilo_scim_core::check::{StepId, StepStatus};
use haiilo_scim_core::findings::{FindingCode, Severity};
use support::front::Action;
use support::run::{run_demo, Run};

fn faults(names: &[&str]) -> Vec<Fault> {
    names
        .iter()
        .map(|name| name.parse::<Fault>().unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

async fn run_with(names: &[&str]) -> Run {
    run_demo(faults(names), |_| Action::Forward).await
}

fn codes(run: &Run) -> Vec<FindingCode> {
    run.report.verdict.items.iter().map(|i| i.code).collect()
}

/// No step was skipped: every one of them ran (or, where it truly had nothing to work on,
/// says so in its own words rather than pointing at another step).
fn assert_nothing_skipped(run: &Run) {
    for step in &run.report.steps {
        assert_eq!(
            step.skipped_because,
            None,
            "{} was skipped because of {:?}",
            step.id.as_str(),
            step.skipped_because
        );
    }
}

#[tokio::test]
async fn broken_count_and_an_ignored_filter_are_both_named_and_the_wrong_user_match_leads() {
    let run = run_with(&["count-broken", "filter-ignored"]).await;
    assert_nothing_skipped(&run);
    let codes = codes(&run);
    assert_eq!(
        codes.first(),
        Some(&FindingCode::FilterIgnored),
        "{codes:?}"
    );
    assert!(codes.contains(&FindingCode::PagingBroken), "{codes:?}");
    assert_eq!(run.step("list_users").status, StepStatus::Pass);
    let paging = run.step("paging").finding.as_ref().unwrap();
    assert_eq!(paging.code, FindingCode::PagingBroken);
    assert!(paging.summary.contains("count"), "{}", paging.summary);
    assert_eq!(run.step("pingone_lookup_absent").status, StepStatus::Fail);
    assert_eq!(
        run.report.verdict.items[0].severity,
        Severity::Critical,
        "an ignored filter would overwrite the wrong user"
    );
    assert!(!run.report.ok);
    run.assert_no_secrets_anywhere();
}

#[tokio::test]
async fn broken_start_index_and_case_sensitive_user_names_are_both_named() {
    let run = run_with(&["start-index-broken", "username-case-sensitive"]).await;
    assert_nothing_skipped(&run);
    let codes = codes(&run);
    assert!(
        codes.contains(&FindingCode::UsernameCaseSensitive),
        "{codes:?}"
    );
    assert!(codes.contains(&FindingCode::PagingBroken), "{codes:?}");
    let paging = run.step("paging").finding.as_ref().unwrap();
    assert!(paging.summary.contains("startIndex"), "{}", paging.summary);
    // Missed matches (409s, duplicates) hurt provisioning more than a listing detail.
    let position = |code| codes.iter().position(|c| *c == code).unwrap();
    assert!(position(FindingCode::UsernameCaseSensitive) < position(FindingCode::PagingBroken));
    run.assert_no_secrets_anywhere();
}

#[tokio::test]
async fn a_listing_that_always_fails_does_not_hide_working_lookups() {
    let run = run_with(&["list-server-error"]).await;
    let listing = run.step("list_users");
    assert_eq!(listing.status, StepStatus::Fail);
    assert!(
        listing.skipped_steps.is_empty(),
        "{:?}",
        listing.skipped_steps
    );
    for lookup in ["pingone_lookup_absent", "pingone_lookup_existing"] {
        assert_eq!(run.step(lookup).status, StepStatus::Pass, "{lookup}");
    }
    for other in ["service_provider_config", "groups", "error_format"] {
        assert_eq!(run.step(other).skipped_because, None, "{other}");
    }
    // Paging has no first page to compare with: it says so itself.
    let paging = run.step("paging");
    assert_eq!(paging.status, StepStatus::Skip);
    assert_eq!(paging.skipped_because, None);
    assert!(paging.summary.contains("no listing"), "{}", paging.summary);
    // The listing's finding does not blame the server in general or the values.
    let finding = listing.finding.as_ref().unwrap();
    assert!(
        !finding.fix.contains("not in your values"),
        "{}",
        finding.fix
    );
    assert!(
        finding.summary.contains("every form"),
        "{}",
        finding.summary
    );
    run.assert_no_secrets_anywhere();
}

#[tokio::test]
async fn missing_groups_with_everything_else_fine_is_a_warning_and_ready() {
    let run = run_with(&["groups-not-found"]).await;
    assert_nothing_skipped(&run);
    assert_eq!(codes(&run), [FindingCode::GroupsUnavailable]);
    assert_eq!(run.step("groups").status, StepStatus::Warn);
    for step in &run.report.steps {
        // Without PingOne access the PingOne group is not applicable (skipped).
        if step.id != StepId::Groups && step.group != haiilo_scim_core::check::StepGroup::Pingone {
            assert_eq!(step.status, StepStatus::Pass, "{}", step.id.as_str());
        }
    }
    assert!(run.report.ok, "{}", run.report.verdict.headline);
}

/// The facts the token step states about client authentication, when the server takes only
/// HTTP Basic: which one it takes, and that PingOne's own choice is not documented.
#[tokio::test]
async fn a_server_that_takes_only_basic_is_named_without_claiming_what_pingone_sends() {
    use support::front::is_token_request;
    let run = run_demo(vec![], |r| {
        let basic = r.headers.iter().any(|(k, _)| k == "authorization");
        if is_token_request(r) && !basic {
            Action::Reply(support::Response::json(
                401,
                r#"{"error":"invalid_client","error_description":"use HTTP Basic"}"#,
            ))
        } else {
            Action::Forward
        }
    })
    .await;
    let token = run.step("token");
    assert_eq!(token.status, StepStatus::Pass);
    let accepted = token
        .facts
        .iter()
        .find(|f| f.label == "Client authentication Haiilo accepts")
        .unwrap();
    assert!(
        accepted.value.starts_with("client_secret_basic only"),
        "{}",
        accepted.value
    );
    assert!(!accepted.value.contains("<redacted>"), "{}", accepted.value);
    assert!(
        accepted.value.contains("not documented"),
        "{}",
        accepted.value
    );
    assert!(run.report.ok);
}
