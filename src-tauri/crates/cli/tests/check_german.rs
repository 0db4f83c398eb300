//! The connection check in German: the fault scenarios of `fault_matrix.rs` (their setups,
//! not their English wording), each run twice, in English and in German. Every text the
//! Haiilo side of the report carries (step titles and summaries, every finding's summary,
//! detail and fix, every fact, the verdict) must hold no English outside „…“ quotes, and
//! each finding's German summary and fix must differ from its English ones: a finding left
//! untranslated fails here.
//!
//! The PingOne group's steps are left out: they are worded in `check/steps/pingone`.
#![allow(clippy::unwrap_used)]

mod support;

use demo_tenant::Fault;
use haiilo_scim_core::check::{CheckReport, StepGroup};
use haiilo_scim_core::findings::FindingCode;
use haiilo_scim_core::lang::{self, english_words, Lang};
use haiilo_scim_core::proxy::ProxyChoice;
use std::time::Duration;
use support::certs::{days, self_signed, tls_front, TestCa};
use support::front::{authenticated, unfiltered_user_listing, Action};
use support::proxy::connect_proxy;
use support::run::{
    demo, raw_endpoints, run_demo, run_demo_secret, run_demo_with, run_endpoints, run_urls,
    tenant_addr, Run,
};
use support::scenario::*;
use support::*;

const SCENARIO_LIMIT: Duration = Duration::from_secs(30);

const EMPTY_LIST: &str = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}"#;

/// Every text of the report's Haiilo side, each with where it came from.
fn texts(report: &CheckReport) -> Vec<(String, String)> {
    let mut texts = vec![(
        "verdict headline".to_string(),
        report.verdict.headline.clone(),
    )];
    for item in &report.verdict.items {
        texts.push((
            format!("verdict {}: summary", item.code),
            item.summary.clone(),
        ));
        texts.push((format!("verdict {}: fix", item.code), item.fix.clone()));
    }
    for step in report
        .steps
        .iter()
        .filter(|s| s.group != StepGroup::Pingone)
    {
        let id = step.id.as_str();
        texts.push((format!("{id}: title"), step.title.to_string()));
        texts.push((format!("{id}: summary"), step.summary.clone()));
        for finding in &step.findings {
            let code = finding.code;
            texts.push((format!("{id} {code}: summary"), finding.summary.clone()));
            texts.push((format!("{id} {code}: detail"), finding.detail.clone()));
            texts.push((format!("{id} {code}: fix"), finding.fix.clone()));
        }
        for fact in &step.facts {
            texts.push((format!("{id}: fact label"), fact.label.clone()));
            texts.push((format!("{id}: fact {}", fact.label), fact.value.clone()));
        }
    }
    texts
}

/// The German run: no English left in any text, and every finding worded apart from its
/// English twin (same code, same step).
fn assert_german(english: &Run, german: &Run, code: FindingCode) {
    let found = |run: &Run| {
        run.report
            .steps
            .iter()
            .any(|s| s.findings.iter().any(|f| f.code == code))
    };
    assert!(found(german), "the German run lacks {code}");
    assert!(found(english), "the English run lacks {code}");
    let english_left: Vec<String> = texts(&german.report)
        .into_iter()
        .filter_map(|(place, text)| {
            let words = english_words(&text);
            (!words.is_empty()).then(|| format!("{place}: {words:?} in {text:?}"))
        })
        .collect();
    assert!(
        english_left.is_empty(),
        "English in the German report:\n{}",
        english_left.join("\n")
    );
    for step in &german.report.steps {
        let twin = english.step(step.id.as_str());
        for finding in &step.findings {
            let Some(original) = twin.findings.iter().find(|f| f.code == finding.code) else {
                continue;
            };
            assert_ne!(
                finding.summary, original.summary,
                "{} has no German summary",
                finding.code
            );
            assert_ne!(
                finding.fix, original.fix,
                "{} has no German fix",
                finding.code
            );
        }
    }
    german.assert_no_secrets_anywhere();
}

macro_rules! german {
    ($( $name:ident: $code:ident => $body:expr; )+) => {
        $(
            #[tokio::test]
            async fn $name() {
                let english: Run = tokio::time::timeout(SCENARIO_LIMIT, async { $body })
                    .await
                    .expect("the English run ran past its time limit");
                let german: Run = tokio::time::timeout(
                    SCENARIO_LIMIT,
                    lang::scope(Lang::De, async { $body }),
                )
                .await
                .expect("the German run ran past its time limit");
                assert_german(&english, &german, FindingCode::$code);
            }
        )+
    };
}

german! {
    // ── inputs ────────────────────────────────────────────────────────────────────────
    url_invalid: UrlInvalid => {
        run_urls("acme haiilo app", "https://127.0.0.1:9/api/oauth/token", quick_options()).await
    };
    insecure_http: InsecureHttp => {
        let host = unresolvable_host();
        run_urls(&format!("http://{host}/api/scim/v2"), &format!("http://{host}/api/oauth/token"), quick_options()).await
    };
    unreachable_from_pingone: UnreachableFromPingone => {
        run_demo_with(vec![], |_| Action::Forward, |options, front| {
            options.practice_target = false;
            (front.scim_url(), front.token_url())
        }).await
    };
    unexpected_path: UnexpectedPath => {
        run_demo_with(vec![], |r| {
            match r.target.strip_prefix("/scim/v2") {
                Some(rest) => Action::ForwardTo(format!("/api/scim/v2{rest}")),
                None => Action::Forward,
            }
        }, |_, front| (format!("{}/scim/v2", front.base()), front.token_url())).await
    };
    client_id_malformed: ClientIdMalformed => {
        run_endpoints(raw_endpoints("https://127.0.0.1:9/api/scim/v2", "https://127.0.0.1:9/api/oauth/token"),
            "demo-scim-client\u{200B}", SECRET, quick_options(), vec![]).await
    };
    secret_whitespace: SecretWhitespace => {
        run_demo_secret(vec![], &format!("{} ", demo_tenant::DEFAULT_CLIENT_SECRET)).await
    };
    token_host_differs: TokenHostDiffers => {
        run_demo_with(vec![], |_| Action::Forward, |_, front| {
            (front.scim_url(), format!("http://localhost:{}/api/oauth/token", front.fixture.addr.port()))
        }).await
    };

    // ── network ───────────────────────────────────────────────────────────────────────
    dns_unresolved: DnsUnresolved => {
        let host = unresolvable_host();
        run_urls(&format!("https://{host}/api/scim/v2"), &format!("https://{host}/api/oauth/token"), quick_options()).await
    };
    connection_refused: ConnectionRefused => {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        run_urls(&format!("{base}/api/scim/v2"), &format!("{base}/api/oauth/token"), quick_options()).await
    };
    proxy_refused: ProxyRefused => refusing_proxy_run(403).await;
    proxy_auth_required: ProxyAuthRequired => refusing_proxy_run(407).await;
    tls_error: TlsError => {
        let fixture = serve_raw(|mut stream| async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello).await;
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
        }).await;
        let base = format!("https://127.0.0.1:{}", fixture.addr.port());
        run_urls(&format!("{base}/api/scim/v2"), &format!("{base}/api/oauth/token"), quick_options()).await
    };
    tls_self_signed: TlsUntrustedCertificate => {
        tls_run(self_signed(&["127.0.0.1"]), None, false).await
    };
    tls_inspection: TlsUntrustedCertificate => {
        let ca = TestCa::new("Zscaler Intermediate Root CA", "Zscaler Inc.");
        tls_run(ca.server(&["127.0.0.1"], days(-1), days(90)), None, false).await
    };
    tls_hostname_mismatch: TlsHostnameMismatch => {
        let ca = TestCa::new("Test Root CA", "Test");
        tls_run(ca.server(&["other.invalid"], days(-1), days(90)), Some(&ca), false).await
    };
    tls_certificate_expired: TlsCertificateExpired => {
        let ca = TestCa::new("Test Root CA", "Test");
        tls_run(ca.server(&["127.0.0.1"], days(-90), days(-2)), Some(&ca), false).await
    };
    tls_expires_soon: TlsExpiresSoon => {
        let ca = TestCa::new("Test Root CA", "Test");
        tls_run(ca.server(&["127.0.0.1"], days(-60), days(5)), Some(&ca), true).await
    };
    timeout: Timeout => {
        let fixture = serve_raw(|stream| async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(stream);
        }).await;
        let mut options = quick_options();
        options.http.request_timeout = Duration::from_millis(500);
        run_urls(&fixture.scim_url(), &fixture.token_url(), options).await
    };
    network_error: NetworkError => {
        let fixture = serve_raw(|mut stream| async move {
            let _ = read_request(&mut stream).await;
            drop(stream);
        }).await;
        run_urls(&fixture.scim_url(), &fixture.token_url(), quick_options()).await
    };
    response_too_large: ResponseTooLarge => {
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
    invalid_client: InvalidClient => run_demo_secret(vec![], "Wrong+Secret:%").await;
    client_auth_method_mismatch: ClientAuthMethodMismatch => {
        run_demo(vec![], |r| {
            let basic = r.headers.iter().any(|(k, _)| k == "authorization");
            if is_token(r) && basic {
                json_reply(401, r#"{"error":"invalid_client","error_description":"client authentication failed"}"#)
            } else {
                Action::Forward
            }
        }).await
    };
    unauthorized_client: UnauthorizedClient => {
        run_demo(vec![], |r| if is_token(r) {
            json_reply(400, r#"{"error":"unauthorized_client","error_description":"grant not allowed"}"#)
        } else { Action::Forward }).await
    };
    unsupported_grant_type: UnsupportedGrantType => {
        run_demo(vec![], |r| if is_token(r) { json_reply(400, r#"{"error":"unsupported_grant_type"}"#) } else { Action::Forward }).await
    };
    token_request_rejected: TokenRequestRejected => {
        run_demo(vec![], |r| if is_token(r) { json_reply(400, r#"{"error":"invalid_scope"}"#) } else { Action::Forward }).await
    };
    token_endpoint_not_found: TokenEndpointNotFound => {
        run_demo(vec![], |r| if is_token(r) { json_reply(404, r#"{"error":"not found"}"#) } else { Action::Forward }).await
    };
    token_response_not_json: TokenResponseNotJson => {
        run_demo(vec![Fault::TokenLoginPage], |_| Action::Forward).await
    };
    token_response_invalid: TokenResponseInvalid => {
        run_demo(vec![Fault::TokenMissingAccessToken], |_| Action::Forward).await
    };
    token_redirected_to_login: RedirectedToLogin => {
        run_demo(vec![Fault::TokenRedirectToLogin], |_| Action::Forward).await
    };
    token_type_not_bearer: TokenTypeNotBearer => {
        run_demo(vec![], |r| if is_token(r) {
            Action::edit(|response| response.edit_json(|json| json["token_type"] = "mac".into()))
        } else { Action::Forward }).await
    };
    token_short_lifetime: TokenShortLifetime => {
        run_demo(vec![Fault::ShortTokenLifetime(Duration::from_secs(1))], |_| Action::Forward).await
    };
    server_error: ServerError => {
        run_demo(vec![Fault::ServerErrorEvery(1)], |_| Action::Forward).await
    };
    rate_limited: RateLimited => {
        run_demo(vec![], |_| Action::Reply(Response::json(429, r#"{"error":"slow down"}"#).with_header("Retry-After", "1"))).await
    };
    rate_limit_waited_out: RateLimited => {
        run_demo(vec![Fault::RateLimitEvery { nth: 7, retry_after_secs: 1 }], |_| Action::Forward).await
    };

    // ── SCIM ──────────────────────────────────────────────────────────────────────────
    scim_unauthenticated_access: ScimUnauthenticatedAccess => {
        run_demo(vec![], |r| if !authenticated(r) && r.path().ends_with("/Users") {
            scim_reply(200, EMPTY_LIST)
        } else { Action::Forward }).await
    };
    scim_unauthorized: ScimUnauthorized => {
        run_demo(vec![], |r| if authenticated(r) {
            scim_reply(401, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"token not accepted"}"#)
        } else { Action::Forward }).await
    };
    scim_forbidden: ScimForbidden => {
        run_demo(vec![Fault::ScimForbidden], |_| Action::Forward).await
    };
    scim_not_found: ScimNotFound => {
        run_demo(vec![], |r| if r.path().ends_with("/Users") { json_reply(404, r#"{"error":"not found"}"#) } else { Action::Forward }).await
    };
    scim_request_failed: ScimRequestFailed => {
        run_demo(vec![], |r| if unfiltered_user_listing(r) {
            scim_reply(422, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"422","detail":"count out of range"}"#)
        } else { Action::Forward }).await
    };
    scim_response_not_json: ScimResponseNotJson => {
        run_demo(vec![Fault::ScimLoginPage], |_| Action::Forward).await
    };
    scim_redirected_to_login: RedirectedToLogin => {
        run_demo(vec![Fault::ScimRedirectToLogin], |_| Action::Forward).await
    };
    scim_invalid_list_response: ScimInvalidListResponse => {
        run_demo(vec![], |r| if unfiltered_user_listing(r) {
            json_reply(200, r#"{"users":[{"name":"a"}]}"#)
        } else { Action::Forward }).await
    };
    scim_content_type: ScimContentType => {
        run_demo(vec![], |r| if authenticated(r) && r.path().ends_with("/Users") {
            Action::edit(|response| response.set_header("Content-Type", "application/json"))
        } else { Action::Forward }).await
    };
    list_response_incomplete: ListResponseIncomplete => {
        run_demo(vec![], |r| if authenticated(r) && r.target.contains("count=10") {
            Action::edit(|response| response.edit_json(|json| {
                let object = json.as_object_mut().unwrap();
                object.remove("schemas");
                object.remove("itemsPerPage");
                object.remove("startIndex");
            }))
        } else { Action::Forward }).await
    };
    no_service_provider_config: NoServiceProviderConfig => {
        run_demo(vec![], |r| if r.path().ends_with("/ServiceProviderConfig") {
            json_reply(404, r#"{"error":"not found"}"#)
        } else { Action::Forward }).await
    };
    groups_unavailable: GroupsUnavailable => {
        run_demo(vec![Fault::GroupsNotFound], |_| Action::Forward).await
    };
    groups_unavailable_with_group_provisioning: GroupsUnavailable => {
        run_demo_with(vec![], |r| if r.path().ends_with("/Groups") { json_reply(403, r#"{"error":"forbidden"}"#) } else { Action::Forward },
            |options, front| { options.group_provisioning = true; (front.scim_url(), front.token_url()) }).await
    };
    error_format_not_scim: ErrorFormatNotScim => {
        run_demo(vec![], |r| if r.path().starts_with("/api/scim/v2/Users/") {
            Action::Reply(Response::new(404, "text/plain", "Not Found"))
        } else { Action::Forward }).await
    };

    // ── PingOne compatibility ─────────────────────────────────────────────────────────
    lookup_not_found_status: LookupNotFoundStatus => {
        run_demo(vec![], |r| if r.target.contains("haiilo-check-absent") {
            scim_reply(404, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"no such user"}"#)
        } else { Action::Forward }).await
    };
    filter_unsupported: FilterUnsupported => {
        run_demo(vec![], |r| if is_filtered(r) {
            scim_reply(400, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"filters are not supported"}"#)
        } else { Action::Forward }).await
    };
    filter_ignored: FilterIgnored => {
        run_demo(vec![Fault::FilterIgnored], |_| Action::Forward).await
    };
    lookup_existing_not_found: LookupExistingNotFound => {
        run_demo(vec![], |r| if is_filtered(r) { scim_reply(200, EMPTY_LIST) } else { Action::Forward }).await
    };
    lookup_ambiguous: LookupAmbiguous => {
        run_demo(vec![], |r| {
            if is_filtered(r) && !r.target.contains("haiilo-check-absent") {
                scim_reply(200, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2,"startIndex":1,"itemsPerPage":2,
                    "Resources":[{"id":"u-1","userName":"ann@x.test"},{"id":"u-2","userName":"ann@x.test"}]}"#)
            } else {
                Action::Forward
            }
        }).await
    };
    username_case_sensitive: UsernameCaseSensitive => {
        run_demo(vec![Fault::UserNameCaseSensitive], |_| Action::Forward).await
    };
    paging_broken_start_index: PagingBroken => {
        run_demo(vec![Fault::StartIndexBroken], |_| Action::Forward).await
    };
    paging_broken_count: PagingBroken => {
        run_demo(vec![Fault::CountBroken], |_| Action::Forward).await
    };
    every_listing_failed: ServerError => {
        run_demo(vec![Fault::ListServerError], |_| Action::Forward).await
    };
}

/// A run without faults: the passing steps' summaries and facts (addresses, TLS, token
/// lifetime, SCIM features, users) are German too, and the headline says it passed on the practice tenant.
#[tokio::test]
async fn a_passing_run_is_german_throughout() {
    let run = lang::scope(Lang::De, run_demo(vec![], |_| Action::Forward)).await;
    assert!(run.report.ok, "{:#?}", run.report.verdict);
    assert_eq!(
        run.report.verdict.headline,
        "Auf dem Übungs-Tenant bestanden"
    );
    let english_left: Vec<String> = texts(&run.report)
        .into_iter()
        .filter_map(|(place, text)| {
            let words = english_words(&text);
            (!words.is_empty()).then(|| format!("{place}: {words:?} in {text:?}"))
        })
        .collect();
    assert!(english_left.is_empty(), "{}", english_left.join("\n"));
    let list = run.step("list_users");
    assert!(
        list.summary.starts_with("Haiilo führt 50 Benutzer"),
        "{}",
        list.summary
    );
    assert_eq!(run.step("token").title, "Ein Zugriffstoken holen");
    // Numbers in the German format.
    assert_eq!(
        fact(&run, "service_provider_config", "Filter"),
        "unterstützt, höchstens 1.000 Ergebnisse"
    );
}

/// The same run in English is worded as before: English stays the default.
#[tokio::test]
async fn outside_a_german_scope_the_run_stays_english() {
    let run = run_demo(vec![], |_| Action::Forward).await;
    assert_eq!(run.report.verdict.headline, "Passed on the practice tenant");
    assert!(run
        .step("list_users")
        .summary
        .starts_with("Haiilo lists 50 users"));
}

fn assert_no_english(report: &CheckReport) {
    let english_left: Vec<String> = texts(report)
        .into_iter()
        .filter_map(|(place, text)| {
            let words = english_words(&text);
            (!words.is_empty()).then(|| format!("{place}: {words:?} in {text:?}"))
        })
        .collect();
    assert!(english_left.is_empty(), "{}", english_left.join("\n"));
}

fn fact<'a>(run: &'a Run, step: &str, label: &str) -> &'a str {
    run.step(step)
        .facts
        .iter()
        .find(|f| f.label == label)
        .map_or("", |f| f.value.as_str())
}

/// The run's own time limit: the step still running fails, the rest never start.
#[tokio::test]
async fn the_time_limit_is_german() {
    let tenant = demo(vec![Fault::Latency(Duration::from_secs(5))]).await;
    let mut options = quick_options();
    options.http.request_timeout = Duration::from_secs(10);
    options.run_timeout = Duration::from_millis(800);
    let run = tokio::time::timeout(
        Duration::from_secs(4),
        lang::scope(
            Lang::De,
            run_endpoints(
                raw_endpoints(&tenant.scim_base_url(), &tenant.token_url()),
                tenant.client_id(),
                tenant.client_secret(),
                options,
                vec![],
            ),
        ),
    )
    .await
    .expect("the run did not stop at its limit");
    let token = run.step("token");
    assert_eq!(token.finding.as_ref().unwrap().code, FindingCode::Timeout);
    assert!(
        token
            .summary
            .contains("Zeitlimit des Verbindungstests von 0,8 s"),
        "{}",
        token.summary
    );
    let list = &run.step("list_users").summary;
    assert!(
        list.starts_with("Übersprungen") || list.starts_with("Nicht gestartet"),
        "{list}"
    );
    assert_no_english(&run.report);
}

/// Through a proxy, over TLS: the proxy, tunnel, protocol and certificate facts.
#[tokio::test]
async fn the_proxy_and_certificate_facts_are_german() {
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
    let run = lang::scope(
        Lang::De,
        run_endpoints(
            raw_endpoints(
                &format!("{base}/api/scim/v2"),
                &format!("{base}/api/oauth/token"),
            ),
            tenant.client_id(),
            tenant.client_secret(),
            options,
            vec![],
        ),
    )
    .await;
    assert!(run.report.ok, "{:#?}", run.report.verdict);
    let tunnel = run
        .step("tcp")
        .facts
        .iter()
        .find(|f| f.label.starts_with("Über den Proxy zu"))
        .unwrap();
    assert!(
        tunnel.value.starts_with("ja: Tunnel offen"),
        "{}",
        tunnel.value
    );
    assert!(fact(&run, "tls", "Protokoll").starts_with("TLS 1."));
    let valid = fact(&run, "tls", "Gültig bis");
    assert!(
        valid.contains("(noch ") && valid.ends_with(" Tage)"),
        "{valid}"
    );
    assert_no_english(&run.report);
}

/// A JWT's issuer, audience and expiry, labelled in German.
#[tokio::test]
async fn the_jwt_facts_are_german() {
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
    let mut run = lang::scope(
        Lang::De,
        run_urls(&fixture.scim_url(), &fixture.token_url(), quick_options()),
    )
    .await;
    run.secrets.push(jwt);
    assert_eq!(
        fact(&run, "token", "Token-Format"),
        "JWT, signiert mit RS256"
    );
    assert_eq!(
        fact(&run, "token", "JWT-Aussteller (iss)"),
        "„https://acme.haiilo.app“"
    );
    assert_eq!(fact(&run, "token", "Gültigkeitsdauer"), "60 min");
    assert_no_english(&run.report);
    run.assert_no_secrets_anywhere();
}
