//! Pieces of the Haiilo-side fault scenarios that `fault_matrix.rs` runs in English and
//! `check_german.rs` runs again in German.

use super::certs::{tls_front, TestCa};
use super::front::Action;
use super::proxy::connect_proxy;
use super::run::{demo, raw_endpoints, run_endpoints, run_urls, tenant_addr, Run};
use super::{quick_options, Request, Response};
use haiilo_scim_core::proxy::ProxyChoice;

/// A 64-character label cannot be encoded in a DNS query, so the resolver fails locally
/// without sending anything anywhere.
pub fn unresolvable_host() -> String {
    format!("{}.invalid", "a".repeat(64))
}

pub fn json_reply(status: u16, body: &str) -> Action {
    Action::Reply(Response::json(status, body))
}

pub fn scim_reply(status: u16, body: &str) -> Action {
    Action::Reply(Response::scim(status, body))
}

pub fn is_token(request: &Request) -> bool {
    super::front::is_token_request(request)
}

pub fn is_filtered(request: &Request) -> bool {
    request.target.contains("filter=")
}

/// The demo tenant behind a TLS front with `config`; `trusted` is added to the check's
/// roots; without `backend` the front answers nothing behind the handshake.
pub async fn tls_run(
    config: std::sync::Arc<tokio_rustls::rustls::ServerConfig>,
    trusted: Option<&TestCa>,
    backend: bool,
) -> Run {
    let tenant = demo(vec![]).await;
    let fixture = tls_front(config, backend.then(|| tenant_addr(&tenant))).await;
    let base = format!("https://127.0.0.1:{}", fixture.addr.port());
    let mut options = quick_options();
    if let Some(ca) = trusted {
        options.http.extra_root_certificates = vec![ca.der.clone()];
    }
    run_endpoints(
        raw_endpoints(
            &format!("{base}/api/scim/v2"),
            &format!("{base}/api/oauth/token"),
        ),
        tenant.client_id(),
        tenant.client_secret(),
        options,
        vec![tenant.client_secret().to_string()],
    )
    .await
}

/// A check through an HTTP proxy that answers CONNECT with `status`.
pub async fn refusing_proxy_run(status: u16) -> Run {
    let proxy = connect_proxy(Some(status)).await;
    let mut options = quick_options();
    options.http.proxy = ProxyChoice::Explicit(format!("http://{}", proxy.addr));
    // The proxy refuses, so this port is never contacted.
    run_urls(
        "https://127.0.0.1:9/api/scim/v2",
        "https://127.0.0.1:9/api/oauth/token",
        options,
    )
    .await
}
