//! How the ladder runs, beyond single findings: concurrency, renewal of an expiring token,
//! a proxy that lets the check through, the whole-run time limit, and reports that stay
//! safe with hostile server answers.
#![allow(clippy::unwrap_used)]

mod support;

use demo_tenant::Fault;
use haiilo_scim_core::check::{CheckEvent, StepId, StepStatus};
use haiilo_scim_core::findings::FindingCode;
use haiilo_scim_core::proxy::ProxyChoice;
use haiilo_scim_core::report::{self, ReportFormat};
use std::time::Duration;
use support::certs::{days, tls_front, TestCa};
use support::front::Action;
use support::proxy::connect_proxy;
use support::run::{demo, raw_endpoints, run_demo, run_endpoints, run_urls, tenant_addr};
use support::*;

#[tokio::test]
async fn steps_that_need_only_the_user_list_run_side_by_side() {
    let run = run_demo(vec![], |_| Action::Forward).await;
    let side_by_side = [
        StepId::ServiceProviderConfig,
        StepId::PingoneLookupExisting,
        StepId::Paging,
        StepId::Groups,
        StepId::ErrorFormat,
    ];
    let position =
        |wanted: &dyn Fn(&CheckEvent) -> bool| run.events.iter().position(wanted).unwrap();
    let last_start = side_by_side
        .iter()
        .map(|id| position(&|e| matches!(e, CheckEvent::StepStarted { id: s, .. } if s == id)))
        .max()
        .unwrap();
    let first_finish = side_by_side
        .iter()
        .map(|id| position(&|e| matches!(e, CheckEvent::StepFinished(r) if r.id == *id)))
        .min()
        .unwrap();
    assert!(last_start < first_finish, "{:#?}", run.events);
    // Every step that ran was announced before it finished.
    for step in &run.report.steps {
        let started =
            position(&|e| matches!(e, CheckEvent::StepStarted { id, .. } if *id == step.id));
        let finished = position(&|e| matches!(e, CheckEvent::StepFinished(r) if r.id == step.id));
        assert!(started < finished);
    }
}

#[tokio::test]
async fn sequential_runs_give_the_same_verdict_one_step_at_a_time() {
    let tenant = demo(vec![]).await;
    let mut options = quick_options();
    options.sequential = true;
    let run = run_endpoints(
        raw_endpoints(&tenant.scim_base_url(), &tenant.token_url()),
        tenant.client_id(),
        tenant.client_secret(),
        options,
        vec![],
    )
    .await;
    assert!(run.report.ok, "{}", report::summary_text(&run.report));
    // One at a time: every start is followed by its own finish.
    for pair in run.events.chunks(2) {
        match pair {
            [CheckEvent::StepStarted { id, .. }, CheckEvent::StepFinished(result)] => {
                assert_eq!(*id, result.id)
            }
            other => panic!("{other:#?}"),
        }
    }
}

#[tokio::test]
async fn a_token_that_expires_during_the_run_is_renewed() {
    // Tokens live one second and every request takes 400 ms: later steps outlive the first
    // token and must renew it, as PingOne does during a long sync.
    let run = run_demo(
        vec![
            Fault::ShortTokenLifetime(Duration::from_secs(1)),
            Fault::Latency(Duration::from_millis(400)),
        ],
        |_| Action::Forward,
    )
    .await;
    run.expect_only(FindingCode::TokenShortLifetime, "token", StepStatus::Warn);
    let renewed = run
        .report
        .steps
        .iter()
        .any(|s| s.facts.iter().any(|f| f.value.starts_with("renewed")));
    assert!(
        renewed,
        "{}",
        report::render(&run.report, ReportFormat::Markdown)
    );
}

#[tokio::test]
async fn a_proxy_that_lets_the_check_through_is_reported() {
    let tenant = demo(vec![]).await;
    let ca = TestCa::new("Test Root CA", "Test");
    let server = tls_front(
        ca.server(&["127.0.0.1"], days(-1), days(90)),
        Some(tenant_addr(&tenant)),
    )
    .await;
    let proxy = connect_proxy(None).await;
    let mut options = quick_options();
    options.http.extra_root_certificates = vec![ca.der.clone()];
    options.http.proxy = ProxyChoice::Explicit(format!("http://{}", proxy.addr));
    let base = format!("https://127.0.0.1:{}", server.addr.port());
    let run = run_endpoints(
        raw_endpoints(
            &format!("{base}/api/scim/v2"),
            &format!("{base}/api/oauth/token"),
        ),
        tenant.client_id(),
        tenant.client_secret(),
        options,
        vec![],
    )
    .await;
    assert!(run.report.ok, "{}", report::summary_text(&run.report));
    assert!(run.report.steps.iter().all(|s| s.findings.is_empty()));
    let tcp = run.step("tcp");
    assert!(
        tcp.facts
            .iter()
            .any(|f| f.label.starts_with("Through the proxy") && f.value.starts_with("yes")),
        "{tcp:#?}"
    );
    let used = run.report.environment.proxy.clone().unwrap();
    assert_eq!(used, format!("http://{}", proxy.addr));
    let tls = run.step("tls");
    assert!(tls.facts.iter().any(|f| f.label == "Protocol"), "{tls:#?}");
}

#[tokio::test]
async fn a_jwt_shows_issuer_audience_and_expiry_but_never_itself() {
    use base64::Engine;
    let encode = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let jwt = format!(
        "{}.{}.c2lnbmF0dXJl",
        encode(r#"{"alg":"RS256","typ":"JWT"}"#),
        encode(r#"{"iss":"https://acme.haiilo.app","aud":"scim","exp":4102444800}"#)
    );
    let token_body =
        format!(r#"{{"access_token":"{jwt}","token_type":"Bearer","expires_in":3600}}"#);
    let fixture = serve(move |req| match req.path() {
        "/api/oauth/token" => Response::json(200, &token_body),
        _ => Response::scim(401, "{}"),
    })
    .await;
    let mut run = run_urls(&fixture.scim_url(), &fixture.token_url(), quick_options()).await;
    run.secrets.push(jwt.clone());
    let token = run.step("token");
    let fact = |label: &str| {
        token
            .facts
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(fact("JWT issuer (iss)"), "https://acme.haiilo.app");
    assert_eq!(fact("JWT audience (aud)"), "scim");
    assert!(fact("JWT expires (exp)").starts_with("2100-01-01"));
    assert_eq!(fact("Token format"), "JWT, signed with RS256");
    run.assert_no_secrets_anywhere();
}

#[tokio::test]
async fn the_whole_run_stops_at_its_time_limit() {
    let tenant = demo(vec![Fault::Latency(Duration::from_secs(5))]).await;
    let mut options = quick_options();
    options.http.request_timeout = Duration::from_secs(10);
    options.run_timeout = Duration::from_millis(800);
    let run = tokio::time::timeout(
        Duration::from_secs(4),
        run_endpoints(
            raw_endpoints(&tenant.scim_base_url(), &tenant.token_url()),
            tenant.client_id(),
            tenant.client_secret(),
            options,
            vec![],
        ),
    )
    .await
    .expect("the run did not stop at its limit");
    assert_finding(&run.report, "token", StepStatus::Fail, FindingCode::Timeout);
    assert!(run.step("token").summary.contains("time limit"));
    let list = run.step("list_users");
    assert_eq!(list.status, StepStatus::Skip);
}

#[tokio::test]
async fn hostile_server_text_is_escaped_in_the_html_report() {
    let fixture = serve(|req| match req.path() {
        "/api/oauth/token" => Response::json(
            400,
            r#"{"error":"invalid_request","error_description":"<script>alert('x')</script>"}"#,
        ),
        _ => Response::scim(401, "{}"),
    })
    .await;
    let run = run_urls(&fixture.scim_url(), &fixture.token_url(), quick_options()).await;
    assert_finding(
        &run.report,
        "token",
        StepStatus::Fail,
        FindingCode::TokenRequestRejected,
    );
    let html = report::render(&run.report, ReportFormat::Html);
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("@media print"));
    let markdown = report::render(&run.report, ReportFormat::Markdown);
    assert!(markdown.contains("token_request_rejected"));
    let summary = report::summary_text(&run.report);
    assert!(
        summary.starts_with("Haiilo SCIM check: 1 problem to fix"),
        "{summary}"
    );
}
