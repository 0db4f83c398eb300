//! Every finding of the connection check, each provoked by one fault: the demo tenant's
//! injected faults where it has them, small loopback fixtures for the rest.
#![allow(clippy::unwrap_used)]

mod support;

use demo_tenant::{Fault, TenantConfig};
use haiilo_scim_core::check::StepStatus::{Fail, Pass, Skip, Warn};
use haiilo_scim_core::findings::FindingCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::*;

async fn demo(faults: Vec<Fault>) -> demo_tenant::RunningTenant {
    demo_tenant::start(TenantConfig {
        faults,
        ..TenantConfig::default()
    })
    .await
    .unwrap()
}

async fn check_demo(
    tenant: &demo_tenant::RunningTenant,
    secret: &str,
) -> haiilo_scim_core::check::CheckReport {
    check_with(
        &tenant.scim_base_url(),
        &tenant.token_url(),
        tenant.client_id(),
        secret,
        quick_options(),
    )
    .await
}

fn step<'a>(
    report: &'a haiilo_scim_core::check::CheckReport,
    id: &str,
) -> &'a haiilo_scim_core::check::StepResult {
    report.steps.iter().find(|s| s.id.as_str() == id).unwrap()
}

#[tokio::test]
async fn demo_tenant_passes_with_fifty_users_and_a_preview() {
    let tenant = demo(vec![]).await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert!(report.ok, "{report:#?}");
    assert_eq!(step(&report, "token").status, Pass);
    assert_eq!(step(&report, "list_users").status, Pass);
    let users = report.users.unwrap();
    assert_eq!(users.total_results, 50);
    assert_eq!(users.sample.len(), 10);
    assert!(users
        .sample
        .iter()
        .all(|u| !u.user_name.is_empty() && u.name.is_some()));
}

#[tokio::test]
async fn wrong_secret_is_invalid_client_and_skips_the_listing_with_a_reason() {
    let tenant = demo(vec![]).await;
    let report = check_demo(&tenant, "not-the-secret").await;
    assert_finding(&report, "token", Fail, FindingCode::InvalidClient);
    let fix = &step(&report, "token").finding.as_ref().unwrap().fix;
    assert!(fix.contains("new API client pair"), "{fix}");
    let list = step(&report, "list_users");
    assert_eq!(list.status, Skip);
    assert!(list.summary.contains("access token"));
    assert!(report.users.is_none());
    // The secret the tenant really has must not leak either.
    let json = serde_json::to_string(&report).unwrap();
    assert_no_secrets(&json, &[tenant.client_secret()]);
}

#[tokio::test]
async fn unknown_host_is_dns_unresolved() {
    // A 64-character label cannot be encoded in a DNS query, so the resolver fails locally
    // without sending anything anywhere. The `dns` step resolves the name before any TLS,
    // so https is fine (and plain http to a remote host would stop at `inputs`).
    let host = format!("{}.invalid", "a".repeat(64));
    let target = haiilo_scim_core::check::CheckTarget {
        endpoints: haiilo_scim_core::endpoints::Endpoints {
            host: host.clone(),
            scim_base_url: format!("https://{host}/api/scim/v2"),
            token_url: format!("https://{host}/api/oauth/token"),
            notes: vec![],
        },
        client_id: CLIENT_ID.into(),
    };
    let secret = haiilo_scim_core::secret::ClientSecret::new(SECRET);
    let report =
        haiilo_scim_core::check::run_check(&target, &secret, &quick_options(), |_| {}).await;
    assert_finding(&report, "dns", Fail, FindingCode::DnsUnresolved);
    assert!(step(&report, "dns").summary.contains(&host));
    let fix = &step(&report, "dns").finding.as_ref().unwrap().fix;
    assert!(fix.contains("spelling of the tenant name"), "{fix}");
    // Everything after the failed rung says why it did not run.
    let dns = step(&report, "dns");
    assert_eq!(dns.skipped_steps.len(), 11, "{dns:#?}");
    for skipped in &dns.skipped_steps {
        let skipped = step(&report, skipped.as_str());
        assert_eq!(skipped.status, Skip);
        assert_eq!(skipped.skipped_because.map(|s| s.as_str()), Some("dns"));
        assert!(
            skipped.summary.contains("Find the server"),
            "{}",
            skipped.summary
        );
    }
}

#[tokio::test]
async fn closed_port_is_connection_refused() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let report = check(
        &format!("{base}/api/scim/v2"),
        &format!("{base}/api/oauth/token"),
        SECRET,
    )
    .await;
    assert_finding(&report, "tcp", Fail, FindingCode::ConnectionRefused);
}

#[tokio::test]
async fn silent_server_is_a_timeout_within_the_limit() {
    let fixture = serve_raw(|stream| async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(stream);
    })
    .await;
    let mut options = quick_options();
    options.http.request_timeout = Duration::from_millis(400);
    let started = Instant::now();
    let report = check_with(
        &fixture.scim_url(),
        &fixture.token_url(),
        CLIENT_ID,
        SECRET,
        options,
    )
    .await;
    assert_finding(&report, "token", Fail, FindingCode::Timeout);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn self_signed_certificate_is_untrusted_and_says_so() {
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    let cert =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.cert.der().clone()],
            tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(
                cert.signing_key.serialize_der().into(),
            ),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let fixture = serve_raw(move |stream| {
        let acceptor = acceptor.clone();
        async move {
            let _ = acceptor.accept(stream).await;
        }
    })
    .await;
    let base = format!("https://127.0.0.1:{}", fixture.addr.port());
    let report = check(
        &format!("{base}/api/scim/v2"),
        &format!("{base}/api/oauth/token"),
        SECRET,
    )
    .await;
    assert_finding(&report, "tls", Fail, FindingCode::TlsUntrustedCertificate);
    assert!(step(&report, "tls").summary.contains("self-signed"));
    let facts = &step(&report, "tls").facts;
    assert!(facts.iter().any(|f| f.label == "Issued by"), "{facts:#?}");
}

#[tokio::test]
async fn plain_http_answer_to_https_is_a_tls_error() {
    // Answers the TLS hello with plain HTTP, as a misconfigured port does.
    let fixture = serve_raw(|mut stream| async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut hello = [0u8; 512];
        let _ = stream.read(&mut hello).await;
        let _ = stream
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await;
    })
    .await;
    let base = format!("https://127.0.0.1:{}", fixture.addr.port());
    let report = check(
        &format!("{base}/api/scim/v2"),
        &format!("{base}/api/oauth/token"),
        SECRET,
    )
    .await;
    assert_finding(&report, "tls", Fail, FindingCode::TlsError);
}

#[tokio::test]
async fn connection_closed_without_answer_is_a_network_error() {
    let fixture = serve_raw(|mut stream| async move {
        let _ = read_request(&mut stream).await;
        drop(stream);
    })
    .await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "token", Fail, FindingCode::NetworkError);
}

#[tokio::test]
async fn unauthorized_client_error_is_named() {
    let fixture = serve(|_| {
        Response::json(
            400,
            r#"{"error":"unauthorized_client","error_description":"grant not allowed"}"#,
        )
    })
    .await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "token", Fail, FindingCode::UnauthorizedClient);
    assert!(step(&report, "token")
        .finding
        .as_ref()
        .unwrap()
        .detail
        .contains("grant not allowed"));
}

#[tokio::test]
async fn unsupported_grant_type_is_named() {
    let fixture = serve(|_| Response::json(400, r#"{"error":"unsupported_grant_type"}"#)).await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "token", Fail, FindingCode::UnsupportedGrantType);
}

#[tokio::test]
async fn other_oauth_errors_are_token_request_rejected() {
    let fixture = serve(|_| Response::json(400, r#"{"error":"invalid_scope"}"#)).await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "token", Fail, FindingCode::TokenRequestRejected);
    assert!(step(&report, "token").summary.contains("invalid_scope"));
}

#[tokio::test]
async fn bare_401_from_token_endpoint_is_invalid_client() {
    let fixture = serve(|_| {
        Response::new(401, "text/plain", "Unauthorized").with_header("WWW-Authenticate", "Basic")
    })
    .await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "token", Fail, FindingCode::InvalidClient);
}

#[tokio::test]
async fn wrong_token_path_is_token_endpoint_not_found() {
    let tenant = demo(vec![]).await;
    let report = check_with(
        &tenant.scim_base_url(),
        &format!("{}/oauth/token", tenant.base_url()),
        tenant.client_id(),
        tenant.client_secret(),
        quick_options(),
    )
    .await;
    assert_finding(&report, "token", Fail, FindingCode::TokenEndpointNotFound);
}

#[tokio::test]
async fn login_page_at_token_url_is_token_response_not_json() {
    let tenant = demo(vec![Fault::TokenLoginPage]).await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert_finding(&report, "token", Fail, FindingCode::TokenResponseNotJson);
    assert!(step(&report, "token").summary.contains("HTML"));
}

#[tokio::test]
async fn token_response_without_access_token_is_invalid() {
    let tenant = demo(vec![Fault::TokenMissingAccessToken]).await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert_finding(&report, "token", Fail, FindingCode::TokenResponseInvalid);
    assert!(step(&report, "token").summary.contains("access_token"));
}

#[tokio::test]
async fn token_redirect_to_login_is_named_with_its_target() {
    let tenant = demo(vec![Fault::TokenRedirectToLogin]).await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert_finding(&report, "token", Fail, FindingCode::RedirectedToLogin);
    let finding = step(&report, "token").finding.as_ref().unwrap();
    assert!(
        finding.summary.contains("sign-in page"),
        "{}",
        finding.summary
    );
    assert_eq!(finding.evidence.as_ref().unwrap().status, Some(302));
}

#[tokio::test]
async fn scim_redirect_to_login_is_named() {
    let tenant = demo(vec![Fault::ScimRedirectToLogin]).await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert_eq!(step(&report, "token").status, Pass);
    assert_finding(&report, "list_users", Fail, FindingCode::RedirectedToLogin);
}

#[tokio::test]
async fn rejected_token_on_scim_is_scim_unauthorized() {
    let fixture = serve(|req| match req.path() {
        "/api/oauth/token" => good_token(),
        _ => Response::scim(
            401,
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"token not accepted"}"#,
        ),
    })
    .await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "list_users", Fail, FindingCode::ScimUnauthorized);
    assert!(step(&report, "list_users")
        .finding
        .as_ref()
        .unwrap()
        .detail
        .contains("token not accepted"));
}

#[tokio::test]
async fn inactive_directory_is_scim_forbidden() {
    let tenant = demo(vec![Fault::ScimForbidden]).await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert_finding(&report, "list_users", Fail, FindingCode::ScimForbidden);
    assert!(step(&report, "list_users")
        .finding
        .as_ref()
        .unwrap()
        .fix
        .contains("Activate"));
}

#[tokio::test]
async fn wrong_scim_path_is_scim_not_found() {
    let tenant = demo(vec![]).await;
    let report = check_with(
        &format!("{}/api/scim", tenant.base_url()),
        &tenant.token_url(),
        tenant.client_id(),
        tenant.client_secret(),
        quick_options(),
    )
    .await;
    assert_finding(&report, "list_users", Fail, FindingCode::ScimNotFound);
}

#[tokio::test]
async fn login_page_at_scim_is_scim_response_not_json() {
    let tenant = demo(vec![Fault::ScimLoginPage]).await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert_finding(
        &report,
        "list_users",
        Fail,
        FindingCode::ScimResponseNotJson,
    );
}

#[tokio::test]
async fn json_that_is_not_a_list_response_is_named() {
    let fixture = serve(|req| match req.path() {
        "/api/oauth/token" => good_token(),
        _ => Response::json(200, r#"{"users":[{"name":"a"}]}"#),
    })
    .await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(
        &report,
        "list_users",
        Fail,
        FindingCode::ScimInvalidListResponse,
    );
    assert!(step(&report, "list_users").summary.contains("totalResults"));
}

#[tokio::test]
async fn other_scim_errors_are_scim_request_failed_with_the_servers_words() {
    let fixture = serve(|req| match req.path() {
        "/api/oauth/token" => good_token(),
        _ => Response::scim(
            400,
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidValue","detail":"count out of range"}"#,
        ),
    })
    .await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "list_users", Fail, FindingCode::ScimRequestFailed);
    assert!(step(&report, "list_users")
        .finding
        .as_ref()
        .unwrap()
        .detail
        .contains("count out of range"));
}

#[tokio::test]
async fn persistent_429_is_rate_limited_after_bounded_retries() {
    let fixture =
        serve(|_| Response::json(429, r#"{"error":"slow down"}"#).with_header("Retry-After", "1"))
            .await;
    let started = Instant::now();
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "token", Fail, FindingCode::RateLimited);
    // Two retries after one second each, then give up.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(2) && elapsed < Duration::from_secs(6),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn retry_after_beyond_the_limit_is_not_waited_for() {
    let fixture = serve(|_| Response::json(429, "{}").with_header("Retry-After", "3600")).await;
    let started = Instant::now();
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert_finding(&report, "token", Fail, FindingCode::RateLimited);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(step(&report, "token").summary.contains("3600"));
}

#[tokio::test]
async fn occasional_429_is_waited_out_and_reported_as_a_warning() {
    // Every 7th request is limited and retried after the Retry-After second.
    let tenant = demo(vec![Fault::RateLimitEvery {
        nth: 7,
        retry_after_secs: 1,
    }])
    .await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert!(report.ok, "{report:#?}");
    assert_finding(&report, "*", Warn, FindingCode::RateLimited);
    assert_eq!(report.users.unwrap().total_results, 50);
}

#[tokio::test]
async fn server_errors_are_named() {
    let tenant = demo(vec![Fault::ServerErrorEvery(1)]).await;
    let report = check_demo(&tenant, tenant.client_secret()).await;
    assert_finding(&report, "token", Fail, FindingCode::ServerError);
}

#[tokio::test]
async fn huge_answer_is_response_too_large() {
    let fixture = serve(|req| match req.path() {
        "/api/oauth/token" => good_token(),
        _ => Response::scim(
            200,
            &format!(r#"{{"totalResults":1,"pad":"{}"}}"#, "x".repeat(300_000)),
        ),
    })
    .await;
    let mut options = quick_options();
    options.http.max_body_bytes = 64 * 1024;
    let report = check_with(
        &fixture.scim_url(),
        &fixture.token_url(),
        CLIENT_ID,
        SECRET,
        options,
    )
    .await;
    assert_finding(&report, "list_users", Fail, FindingCode::ResponseTooLarge);
}

#[tokio::test]
async fn huge_streamed_answer_without_length_is_cut_off() {
    let fixture = serve_raw(|mut stream| async move {
        use tokio::io::AsyncWriteExt;
        let _ = read_request(&mut stream).await;
        let _ = stream
            .write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
            )
            .await;
        let block = vec![b' '; 16 * 1024];
        for _ in 0..64 {
            if stream.write_all(&block).await.is_err() {
                return;
            }
        }
    })
    .await;
    let mut options = quick_options();
    options.http.max_body_bytes = 64 * 1024;
    let report = check_with(
        &fixture.scim_url(),
        &fixture.token_url(),
        CLIENT_ID,
        SECRET,
        options,
    )
    .await;
    assert_finding(&report, "token", Fail, FindingCode::ResponseTooLarge);
}

#[tokio::test]
async fn token_request_is_rfc_6749_basic_with_form_encoded_credentials() {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let fixture = serve(move |req| {
        record.lock().unwrap().push((
            req.method.clone(),
            req.path().to_string(),
            req.headers.clone(),
            String::from_utf8_lossy(&req.body).to_string(),
        ));
        match req.path() {
            "/api/oauth/token" => good_token(),
            _ => Response::scim(200, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}"#),
        }
    })
    .await;
    let report = check(&fixture.scim_url(), &fixture.token_url(), SECRET).await;
    assert!(report.ok, "{report:#?}");
    let seen = seen.lock().unwrap();
    let (method, _, headers, body) = &seen[0];
    assert_eq!(method, "POST");
    assert_eq!(body, "grant_type=client_credentials");
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(header("content-type"), "application/x-www-form-urlencoded");
    use base64::Engine as _;
    let basic = header("authorization");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(basic.strip_prefix("Basic ").unwrap())
        .unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        "fixture-client:fixture%2BSecret%3A42%25%2Fx"
    );
    let bearer = format!("Bearer {TOKEN}");
    let listing = seen
        .iter()
        .find(|(_, path, headers, _)| {
            path == "/api/scim/v2/Users"
                && headers
                    .iter()
                    .any(|(k, v)| k == "authorization" && *v == bearer)
        })
        .map(|(_, path, _, _)| path.clone());
    assert_eq!(listing.as_deref(), Some("/api/scim/v2/Users"));
}
