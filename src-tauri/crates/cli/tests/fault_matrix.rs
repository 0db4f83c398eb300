//! The fault matrix: each scenario injects one fault (a demo-tenant fault, a front that
//! changes one behaviour of the tenant, a small fixture server, a certificate made here, a
//! proxy that refuses) and must provoke exactly one named finding: that code, at its step,
//! with its status and a fix, no other code anywhere in the report, and no secret or token
//! in any output or report format. Every finding code in the code base is provoked by at
//! least one scenario (`every_finding_code_is_provoked`).
#![allow(clippy::unwrap_used)]

mod support;

use demo_tenant::Fault;
use haiilo_scim_core::check::StepStatus::{self, Fail, Warn};
use haiilo_scim_core::findings::FindingCode;
use std::collections::BTreeSet;
use std::time::Duration;
use support::certs::{days, self_signed, TestCa};
use support::front::{authenticated, unfiltered_user_listing, Action};
use support::run::{
    raw_endpoints, run_demo, run_demo_secret, run_demo_with, run_endpoints, run_urls, Run,
};
use support::scenario::*;
use support::*;

/// No scenario may take longer than this, whatever it waits for.
const SCENARIO_LIMIT: Duration = Duration::from_secs(30);

macro_rules! scenarios {
    ($( $(#[$doc:meta])* $name:ident: $code:ident at $step:literal is $status:ident => $body:expr; )+) => {
        /// Every scenario and the finding it provokes.
        const MATRIX: &[(&str, FindingCode)] = &[$( (stringify!($name), FindingCode::$code), )+];
        $(
            $(#[$doc])*
            #[tokio::test]
            async fn $name() {
                let run: Run = tokio::time::timeout(SCENARIO_LIMIT, async { $body })
                    .await
                    .expect("the scenario ran past its time limit");
                run.expect_only(FindingCode::$code, $step, $status);
            }
        )+
    };
}

const EMPTY_LIST: &str = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}"#;

/// The quoted value of a filtered request, still URL-encoded.
fn filter_value(request: &Request) -> String {
    request
        .target
        .split("%22")
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

/// A listener whose accept queue is full: further connection attempts are silently
/// dropped, as a firewall does. Returns the port and what must stay alive.
async fn silent_port() -> (u16, Vec<tokio::net::TcpStream>, tokio::net::TcpListener) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    for _ in 0..16 {
        match tokio::time::timeout(
            Duration::from_millis(300),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            Ok(Ok(stream)) => held.push(stream),
            _ => break,
        }
    }
    (addr.port(), held, listener)
}

scenarios! {
    // ── inputs ────────────────────────────────────────────────────────────────────────
    not_a_url_is_url_invalid: UrlInvalid at "inputs" is Fail => {
        run_urls("acme haiilo app", "https://127.0.0.1:9/api/oauth/token", quick_options()).await
    };
    plain_http_to_another_host_is_refused_before_sending_the_secret: InsecureHttp at "inputs" is Fail => {
        let host = unresolvable_host();
        run_urls(&format!("http://{host}/api/scim/v2"), &format!("http://{host}/api/oauth/token"), quick_options()).await
    };
    /// A working tenant on this computer that is not the practice tenant: every step runs
    /// and passes from here, but PingOne's cloud could never reach it, so it is not ready.
    a_tenant_on_this_computer_is_unreachable_from_pingone: UnreachableFromPingone at "inputs" is Fail => {
        let run = run_demo_with(vec![], |_| Action::Forward, |options, front| {
            options.practice_target = false;
            (front.scim_url(), front.token_url())
        }).await;
        assert!(!run.report.ok);
        assert_eq!(run.report.verdict.headline, "1 problem to fix");
        assert!(run.report.pingone.notes[0].starts_with("PingOne cannot use these addresses"), "{:?}", run.report.pingone.notes);
        assert!(run.report.steps.iter().all(|s| s.skipped_because.is_none()), "the rest of the check still runs");
        assert_eq!(run.step("list_users").status, StepStatus::Pass);
        run
    };
    a_path_other_than_haiilos_is_unexpected_path: UnexpectedPath at "inputs" is Warn => {
        run_demo_with(vec![], |r| {
            match r.target.strip_prefix("/scim/v2") {
                Some(rest) => Action::ForwardTo(format!("/api/scim/v2{rest}")),
                None => Action::Forward,
            }
        }, |_, front| (format!("{}/scim/v2", front.base()), front.token_url())).await
    };
    an_invisible_character_in_the_client_id_is_client_id_malformed: ClientIdMalformed at "inputs" is Fail => {
        run_endpoints(raw_endpoints("https://127.0.0.1:9/api/scim/v2", "https://127.0.0.1:9/api/oauth/token"),
            "demo-scim-client\u{200B}", SECRET, quick_options(), vec![]).await
    };
    a_space_after_the_secret_is_secret_whitespace: SecretWhitespace at "token" is Fail => {
        let run = run_demo_secret(vec![], &format!("{} ", demo_tenant::DEFAULT_CLIENT_SECRET)).await;
        // Both steps that see the space give the same fix, which names the app's own copy, and
        // the verdict files the problem under the step that failed, not the one that warned.
        let fixes: Vec<&str> = ["inputs", "token"].iter().map(|id| run.step(id).finding.as_ref().unwrap().fix.as_str()).collect();
        assert_eq!(fixes[0], fixes[1]);
        assert!(fixes[0].contains("In this app"), "{}", fixes[0]);
        let item = &run.report.verdict.items[0];
        assert_eq!((item.step.as_str(), item.severity), ("token", haiilo_scim_core::findings::Severity::Error));
        run
    };
    a_token_url_on_another_host_is_token_host_differs: TokenHostDiffers at "inputs" is Warn => {
        run_demo_with(vec![], |_| Action::Forward, |_, front| {
            (front.scim_url(), format!("http://localhost:{}/api/oauth/token", front.fixture.addr.port()))
        }).await
    };

    // ── network ───────────────────────────────────────────────────────────────────────
    an_unknown_name_is_dns_unresolved: DnsUnresolved at "dns" is Fail => {
        let host = unresolvable_host();
        run_urls(&format!("https://{host}/api/scim/v2"), &format!("https://{host}/api/oauth/token"), quick_options()).await
    };
    a_closed_port_is_connection_refused: ConnectionRefused at "tcp" is Fail => {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        run_urls(&format!("{base}/api/scim/v2"), &format!("{base}/api/oauth/token"), quick_options()).await
    };
    a_dropped_connection_attempt_is_connect_timeout: ConnectTimeout at "tcp" is Fail => {
        let (port, _held, _listener) = silent_port().await;
        let mut options = quick_options();
        options.http.connect_timeout = Duration::from_secs(1);
        let base = format!("http://127.0.0.1:{port}");
        run_urls(&format!("{base}/api/scim/v2"), &format!("{base}/api/oauth/token"), options).await
    };
    a_proxy_that_forbids_the_host_is_proxy_refused: ProxyRefused at "tcp" is Fail => {
        refusing_proxy_run(403).await
    };
    a_proxy_that_wants_credentials_is_proxy_auth_required: ProxyAuthRequired at "tcp" is Fail => {
        refusing_proxy_run(407).await
    };
    plain_http_on_an_https_port_is_a_tls_error: TlsError at "tls" is Fail => {
        let fixture = serve_raw(|mut stream| async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello).await;
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
        }).await;
        let base = format!("https://127.0.0.1:{}", fixture.addr.port());
        run_urls(&format!("{base}/api/scim/v2"), &format!("{base}/api/oauth/token"), quick_options()).await
    };
    a_self_signed_certificate_is_untrusted: TlsUntrustedCertificate at "tls" is Fail => {
        tls_run(self_signed(&["127.0.0.1"]), None, false).await
    };
    a_tls_inspection_ca_this_computer_lacks_is_untrusted: TlsUntrustedCertificate at "tls" is Fail => {
        let ca = TestCa::new("Zscaler Intermediate Root CA", "Zscaler Inc.");
        let run = tls_run(ca.server(&["127.0.0.1"], days(-1), days(90)), None, false).await;
        let finding = run.step("tls").finding.clone().unwrap();
        assert!(finding.summary.contains("Zscaler"), "{}", finding.summary);
        assert!(finding.detail.contains("TLS inspection"), "{}", finding.detail);
        run
    };
    a_certificate_for_another_host_is_hostname_mismatch: TlsHostnameMismatch at "tls" is Fail => {
        let ca = TestCa::new("Test Root CA", "Test");
        tls_run(ca.server(&["other.invalid"], days(-1), days(90)), Some(&ca), false).await
    };
    an_expired_certificate_is_named: TlsCertificateExpired at "tls" is Fail => {
        let ca = TestCa::new("Test Root CA", "Test");
        tls_run(ca.server(&["127.0.0.1"], days(-90), days(-2)), Some(&ca), false).await
    };
    a_certificate_expiring_in_five_days_is_a_warning: TlsExpiresSoon at "tls" is Warn => {
        let ca = TestCa::new("Test Root CA", "Test");
        let run = tls_run(ca.server(&["127.0.0.1"], days(-60), days(5)), Some(&ca), true).await;
        assert!(run.report.ok, "{:#?}", run.report.verdict);
        run
    };
    a_server_that_never_answers_is_a_timeout: Timeout at "token" is Fail => {
        let fixture = serve_raw(|stream| async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(stream);
        }).await;
        let mut options = quick_options();
        options.http.request_timeout = Duration::from_millis(500);
        run_urls(&fixture.scim_url(), &fixture.token_url(), options).await
    };
    a_connection_closed_without_answer_is_a_network_error: NetworkError at "token" is Fail => {
        let fixture = serve_raw(|mut stream| async move {
            let _ = read_request(&mut stream).await;
            drop(stream);
        }).await;
        run_urls(&fixture.scim_url(), &fixture.token_url(), quick_options()).await
    };
    a_huge_user_list_is_response_too_large: ResponseTooLarge at "list_users" is Fail => {
        run_demo_with(vec![], |r| {
            if authenticated(r) && r.target.contains("count=10") {
                Action::Reply(Response::scim(200, &format!(r#"{{"totalResults":1,"pad":"{}"}}"#, "x".repeat(300_000))))
            } else {
                Action::Forward
            }
        }, |options, front| {
            options.http.max_body_bytes = 64 * 1024;
            (front.scim_url(), front.token_url())
        }).await
    };

    // ── token ─────────────────────────────────────────────────────────────────────────
    a_wrong_secret_is_invalid_client: InvalidClient at "token" is Fail => {
        let run = run_demo_secret(vec![], "Wrong+Secret:%").await;
        assert_eq!(run.step("list_users").skipped_because.map(|s| s.as_str()), Some("token"));
        // The fix covers the whole replacement: a new pair, in the app and in PingOne, then a test.
        let fix = &run.step("token").finding.as_ref().unwrap().fix;
        for part in ["new API client pair", "Replace", "OAuth Client Secret", "test again"] {
            assert!(fix.contains(part), "the fix lacks {part:?}: {fix}");
        }
        run
    };
    a_server_wanting_body_credentials_is_client_auth_method_mismatch: ClientAuthMethodMismatch at "token" is Warn => {
        let run = run_demo(vec![], |r| {
            let basic = r.headers.iter().any(|(k, _)| k == "authorization");
            if is_token(r) && basic {
                json_reply(401, r#"{"error":"invalid_client","error_description":"client authentication failed"}"#)
            } else {
                Action::Forward
            }
        }).await;
        // The token obtained the other way still lets every SCIM step run.
        assert!(run.report.steps.iter().all(|s| s.status != StepStatus::Skip || s.group == haiilo_scim_core::check::StepGroup::Pingone), "{}", haiilo_scim_core::report::summary_text(&run.report));
        run
    };
    unauthorized_client_is_named: UnauthorizedClient at "token" is Fail => {
        run_demo(vec![], |r| if is_token(r) {
            json_reply(400, r#"{"error":"unauthorized_client","error_description":"grant not allowed"}"#)
        } else { Action::Forward }).await
    };
    unsupported_grant_type_is_named: UnsupportedGrantType at "token" is Fail => {
        run_demo(vec![], |r| if is_token(r) { json_reply(400, r#"{"error":"unsupported_grant_type"}"#) } else { Action::Forward }).await
    };
    other_oauth_errors_are_token_request_rejected: TokenRequestRejected at "token" is Fail => {
        run_demo(vec![], |r| if is_token(r) { json_reply(400, r#"{"error":"invalid_scope"}"#) } else { Action::Forward }).await
    };
    no_token_endpoint_is_token_endpoint_not_found: TokenEndpointNotFound at "token" is Fail => {
        run_demo(vec![], |r| if is_token(r) { json_reply(404, r#"{"error":"not found"}"#) } else { Action::Forward }).await
    };
    a_login_page_at_the_token_url_is_not_json: TokenResponseNotJson at "token" is Fail => {
        run_demo(vec![Fault::TokenLoginPage], |_| Action::Forward).await
    };
    a_token_response_without_access_token_is_invalid: TokenResponseInvalid at "token" is Fail => {
        run_demo(vec![Fault::TokenMissingAccessToken], |_| Action::Forward).await
    };
    a_token_redirect_to_a_login_page_is_named: RedirectedToLogin at "token" is Fail => {
        run_demo(vec![Fault::TokenRedirectToLogin], |_| Action::Forward).await
    };
    a_mac_token_is_token_type_not_bearer: TokenTypeNotBearer at "token" is Warn => {
        run_demo(vec![], |r| if is_token(r) {
            Action::edit(|response| response.edit_json(|json| json["token_type"] = "mac".into()))
        } else { Action::Forward }).await
    };
    a_one_second_token_is_short_lived: TokenShortLifetime at "token" is Warn => {
        run_demo(vec![Fault::ShortTokenLifetime(Duration::from_secs(1))], |_| Action::Forward).await
    };
    server_errors_are_named: ServerError at "token" is Fail => {
        run_demo(vec![Fault::ServerErrorEvery(1)], |_| Action::Forward).await
    };
    persistent_429_is_rate_limited_after_bounded_retries: RateLimited at "token" is Fail => {
        let run = run_demo(vec![], |_| Action::Reply(Response::json(429, r#"{"error":"slow down"}"#).with_header("Retry-After", "1"))).await;
        assert!(run.step("token").summary.contains("gave up"));
        run
    };
    occasional_429_is_waited_out_as_a_warning: RateLimited at "*" is Warn => {
        // Every 7th request is limited: at least one of the dozen requests, never one
        // request three times in a row.
        let run = run_demo(vec![Fault::RateLimitEvery { nth: 7, retry_after_secs: 1 }], |_| Action::Forward).await;
        assert!(run.report.ok);
        run
    };

    // ── SCIM ──────────────────────────────────────────────────────────────────────────
    a_user_list_without_a_token_is_unauthenticated_access: ScimUnauthenticatedAccess at "scim_requires_auth" is Warn => {
        run_demo(vec![], |r| if !authenticated(r) && r.path().ends_with("/Users") {
            scim_reply(200, EMPTY_LIST)
        } else { Action::Forward }).await
    };
    a_refused_token_is_scim_unauthorized: ScimUnauthorized at "list_users" is Fail => {
        run_demo(vec![], |r| if authenticated(r) {
            scim_reply(401, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"token not accepted"}"#)
        } else { Action::Forward }).await
    };
    an_inactive_directory_is_scim_forbidden: ScimForbidden at "list_users" is Fail => {
        run_demo(vec![Fault::ScimForbidden], |_| Action::Forward).await
    };
    no_users_endpoint_is_scim_not_found: ScimNotFound at "list_users" is Fail => {
        run_demo(vec![], |r| if r.path().ends_with("/Users") { json_reply(404, r#"{"error":"not found"}"#) } else { Action::Forward }).await
    };
    another_scim_error_is_scim_request_failed: ScimRequestFailed at "list_users" is Fail => {
        run_demo(vec![], |r| if unfiltered_user_listing(r) {
            scim_reply(422, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"422","detail":"count out of range"}"#)
        } else { Action::Forward }).await
    };
    a_login_page_at_scim_is_not_json: ScimResponseNotJson at "list_users" is Fail => {
        run_demo(vec![Fault::ScimLoginPage], |_| Action::Forward).await
    };
    a_scim_redirect_to_a_login_page_is_named: RedirectedToLogin at "list_users" is Fail => {
        run_demo(vec![Fault::ScimRedirectToLogin], |_| Action::Forward).await
    };
    json_that_is_not_a_list_is_invalid_list_response: ScimInvalidListResponse at "list_users" is Fail => {
        run_demo(vec![], |r| if unfiltered_user_listing(r) {
            json_reply(200, r#"{"users":[{"name":"a"}]}"#)
        } else { Action::Forward }).await
    };
    plain_json_media_type_is_scim_content_type: ScimContentType at "list_users" is Warn => {
        run_demo(vec![], |r| if authenticated(r) && r.path().ends_with("/Users") {
            Action::edit(|response| response.set_header("Content-Type", "application/json"))
        } else { Action::Forward }).await
    };
    a_list_without_paging_fields_is_incomplete: ListResponseIncomplete at "list_users" is Warn => {
        run_demo(vec![], |r| if authenticated(r) && r.target.contains("count=10") {
            Action::edit(|response| response.edit_json(|json| {
                let object = json.as_object_mut().unwrap();
                object.remove("schemas");
                object.remove("itemsPerPage");
                object.remove("startIndex");
            }))
        } else { Action::Forward }).await
    };
    a_missing_provider_config_is_a_warning: NoServiceProviderConfig at "service_provider_config" is Warn => {
        run_demo(vec![], |r| if r.path().ends_with("/ServiceProviderConfig") {
            json_reply(404, r#"{"error":"not found"}"#)
        } else { Action::Forward }).await
    };
    broken_groups_are_a_warning_without_group_provisioning: GroupsUnavailable at "groups" is Warn => {
        run_demo(vec![], |r| if r.path().ends_with("/Groups") { json_reply(404, r#"{"error":"not found"}"#) } else { Action::Forward }).await
    };
    broken_groups_fail_when_group_provisioning_is_chosen: GroupsUnavailable at "groups" is Fail => {
        run_demo_with(vec![], |r| if r.path().ends_with("/Groups") { json_reply(403, r#"{"error":"forbidden"}"#) } else { Action::Forward },
            |options, front| { options.group_provisioning = true; (front.scim_url(), front.token_url()) }).await
    };
    a_plain_404_for_a_missing_user_is_error_format_not_scim: ErrorFormatNotScim at "error_format" is Warn => {
        run_demo(vec![], |r| if r.path().starts_with("/api/scim/v2/Users/") {
            Action::Reply(Response::new(404, "text/plain", "Not Found"))
        } else { Action::Forward }).await
    };

    // ── PingOne compatibility ─────────────────────────────────────────────────────────
    a_404_for_an_empty_search_is_lookup_not_found_status: LookupNotFoundStatus at "pingone_lookup_absent" is Fail => {
        run_demo(vec![], |r| if r.target.contains("haiilo-check-absent") {
            scim_reply(404, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"no such user"}"#)
        } else { Action::Forward }).await
    };
    a_rejected_filter_is_filter_unsupported: FilterUnsupported at "pingone_lookup_absent" is Fail => {
        run_demo(vec![], |r| if is_filtered(r) {
            scim_reply(400, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"filters are not supported"}"#)
        } else { Action::Forward }).await
    };
    an_ignored_filter_is_critical: FilterIgnored at "pingone_lookup_absent" is Fail => {
        let run = run_demo(vec![Fault::FilterIgnored], |_| Action::Forward).await;
        let finding = run.step("pingone_lookup_existing").finding.clone().unwrap();
        assert_eq!(finding.code, FindingCode::FilterIgnored);
        assert_eq!(finding.severity, haiilo_scim_core::findings::Severity::Critical);
        run
    };
    an_existing_user_not_found_is_lookup_existing_not_found: LookupExistingNotFound at "pingone_lookup_existing" is Fail => {
        run_demo(vec![], |r| if is_filtered(r) { scim_reply(200, EMPTY_LIST) } else { Action::Forward }).await
    };
    several_users_for_one_name_is_lookup_ambiguous: LookupAmbiguous at "pingone_lookup_existing" is Fail => {
        run_demo(vec![], |r| {
            if is_filtered(r) && !r.target.contains("haiilo-check-absent") {
                scim_reply(200, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2,"startIndex":1,"itemsPerPage":2,
                    "Resources":[{"id":"u-1","userName":"ann@x.test"},{"id":"u-2","userName":"ann@x.test"}]}"#)
            } else {
                Action::Forward
            }
        }).await
    };
    a_case_sensitive_lookup_is_a_warning: UsernameCaseSensitive at "pingone_lookup_existing" is Warn => {
        run_demo(vec![], |r| {
            if is_filtered(r) && filter_value(r).chars().any(|c| c.is_ascii_uppercase()) {
                scim_reply(200, EMPTY_LIST)
            } else {
                Action::Forward
            }
        }).await
    };
    an_ignored_start_index_is_paging_broken: PagingBroken at "paging" is Warn => {
        run_demo(vec![], |r| if r.target.contains("startIndex=2") {
            Action::ForwardTo(r.target.replace("startIndex=2", "startIndex=1"))
        } else { Action::Forward }).await
    };
}

#[test]
fn every_finding_code_is_provoked() {
    let mut provoked: BTreeSet<&str> = MATRIX.iter().map(|(_, code)| code.as_str()).collect();
    // The PingOne group's scenarios live in pingone_check.rs (they need the PingOne
    // stand-in); count each `name: Code at "step"` line there.
    provoked.extend(pingone_scenario_codes());
    let all: BTreeSet<&str> = FindingCode::ALL.iter().map(|c| c.as_str()).collect();
    let missing: Vec<&&str> = all.difference(&provoked).collect();
    assert!(missing.is_empty(), "no scenario provokes {missing:?}");
    assert!(MATRIX.len() >= 35, "only {} scenarios", MATRIX.len());
}

/// The codes of the scenarios in `pingone_check.rs`, read from its `scenarios!` lines.
fn pingone_scenario_codes() -> Vec<&'static str> {
    let source = include_str!("pingone_check.rs");
    FindingCode::ALL
        .iter()
        .filter(|code| {
            let variant = format!("{code:?}");
            source.lines().any(|line| {
                line.split_once(": ")
                    .is_some_and(|(_, rest)| rest.starts_with(&format!("{variant} at \"")))
            })
        })
        .map(|code| code.as_str())
        .collect()
}

#[tokio::test]
async fn the_full_ladder_against_the_demo_tenant_finds_nothing_above_warn() {
    let run = run_demo(vec![], |_| Action::Forward).await;
    let ids: Vec<&str> = run.report.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "inputs",
            "dns",
            "tcp",
            "tls",
            "token",
            "scim_requires_auth",
            "service_provider_config",
            "list_users",
            "pingone_lookup_absent",
            "pingone_lookup_existing",
            "paging",
            "groups",
            "error_format",
            "pingone_token",
            "pingone_store",
            "pingone_cloud_test",
            "pingone_rule",
            "pingone_sync"
        ]
    );
    for step in &run.report.steps {
        if step.group == haiilo_scim_core::check::StepGroup::Pingone {
            // No PingOne access here: not applicable.
            assert_eq!(step.status, StepStatus::Skip, "{step:#?}");
            continue;
        }
        assert!(
            step.findings
                .iter()
                .all(|f| f.severity <= haiilo_scim_core::findings::Severity::Warn),
            "{step:#?}"
        );
        assert_eq!(step.status, StepStatus::Pass, "{step:#?}");
    }
    assert!(run.report.ok);
    assert_eq!(run.report.verdict.headline, "Passed on the practice tenant");
    assert_eq!(run.report.users.as_ref().unwrap().total_results, 50);
}
