//! Findings shared by every step: transport failures and the HTTP answers that mean the
//! same thing wherever they come from (redirects, rate limits, server errors).

use crate::findings::{Evidence, EvidenceHeader, Finding, FindingCode};
use crate::http::{HttpResponse, TimeoutPhase, TransportError};
use crate::redact::Redactor;

/// What a step was talking to; decides the words of the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Token,
    Scim,
}

impl Endpoint {
    fn name(self) -> &'static str {
        match self {
            Endpoint::Token => "the token endpoint",
            Endpoint::Scim => "the SCIM API",
        }
    }

    fn expected_url(self) -> &'static str {
        match self {
            Endpoint::Token => "https://<your-haiilo-domain>/api/oauth/token",
            Endpoint::Scim => "https://<your-haiilo-domain>/api/scim/v2",
        }
    }
}

/// Evidence for a response, scrubbed of secrets.
pub fn evidence(request: &str, response: &HttpResponse, redactor: &Redactor) -> Evidence {
    Evidence {
        request: request.to_string(),
        status: Some(response.status),
        status_line: Some(response.status_line.clone()).filter(|l| !l.is_empty()),
        content_type: response
            .content_type
            .as_deref()
            .map(|c| redactor.server_text(c, crate::redact::SERVER_TEXT_CHARS)),
        location: response
            .location
            .as_deref()
            .map(|l| redactor.server_text(l, crate::redact::SERVER_TEXT_CHARS)),
        headers: scrubbed_headers(&response.headers, redactor),
        body_excerpt: Some(redactor.excerpt(&response.body)).filter(|b| !b.is_empty()),
    }
}

/// Response headers as evidence, each value scrubbed of secrets.
pub fn scrubbed_headers(headers: &[(String, String)], redactor: &Redactor) -> Vec<EvidenceHeader> {
    headers
        .iter()
        .map(|(name, value)| EvidenceHeader {
            name: name.clone(),
            value: redactor.server_text(value, crate::redact::SERVER_TEXT_CHARS),
        })
        .collect()
}

/// How to use a proxy, true for the desktop app and the CLI alike: both take it from the
/// environment they were started with (see `proxy.rs`); neither has a proxy setting of its
/// own, nor reads the operating system's proxy settings.
const PROXY_HOW: &str = "If this network needs a proxy, set the environment variable HTTPS_PROXY to its \
     address (for example http://proxy.example.com:3128; IT knows it) for your user account, then start the \
     app or the haiilo-scim command again: both read it only when they start, and do not use the \
     operating system's proxy settings.";

pub fn transport_finding(error: &TransportError, request: &str) -> Finding {
    let evidence = Evidence {
        request: request.to_string(),
        ..Evidence::default()
    };
    let finding = match error {
        TransportError::DnsUnresolved { host, reason } => Finding::new(
            FindingCode::DnsUnresolved,
            format!("The name {host} could not be found (DNS)."),
            format!(
                "Check the spelling of the tenant name in the domain (for example acme.haiilo.app, not \
                 acme.haiio.app). If it is right, this network's DNS does not know the name: ask IT whether \
                 external names resolve here or whether a proxy must be used. {PROXY_HOW}"
            ),
        )
        .with_detail(format!("The resolver said: {reason}.")),
        TransportError::ConnectionRefused { address } => Finding::new(
            FindingCode::ConnectionRefused,
            format!("Nothing accepted the connection at {address}."),
            format!(
                "Check the domain and any port you typed. If they are right, a firewall or a required proxy \
                 is blocking the connection: ask IT to allow outbound HTTPS to this host. {PROXY_HOW}"
            ),
        )
        .with_detail("The host was found, but the connection was refused."),
        TransportError::Timeout { phase, after } => {
            let what = match phase {
                TimeoutPhase::Connect => "could not be reached",
                TimeoutPhase::Response => "did not answer",
            };
            Finding::new(
                FindingCode::Timeout,
                format!("The server {what} within {} s.", after.as_secs_f32()),
                format!(
                    "The network may silently drop the traffic (firewall) or require a proxy, or the server \
                     is overloaded. Check that this computer can open the Haiilo web app, then run the check \
                     again. {PROXY_HOW}"
                ),
            )
        }
        TransportError::Tls { reason } => Finding::new(
            FindingCode::TlsError,
            format!("The secure connection (TLS) failed: {reason}."),
            "If your company inspects HTTPS traffic with its own certificate authority, install that CA in \
             this computer's trust store (PingOne, in the cloud, is not affected by it). Otherwise check that \
             the address is your Haiilo tenant, served over HTTPS.",
        ),
        TransportError::TooLarge { limit } => Finding::new(
            FindingCode::ResponseTooLarge,
            format!("The answer was larger than {} MiB and was not read.", limit / (1024 * 1024)),
            "A Haiilo API endpoint does not send answers this large: check that the domain (or, under Advanced, \
             the URL) points to the Haiilo API and not to a download or a web page.",
        ),
        TransportError::Other { reason } => Finding::new(
            FindingCode::NetworkError,
            format!("The connection failed: {reason}."),
            "The server closed the connection or answered with something that is not HTTP. Check the domain \
             and port; if a proxy or security appliance sits between this computer and Haiilo, ask IT whether \
             it interferes with HTTPS to this host.",
        ),
    };
    finding.with_evidence(evidence)
}

/// Answers that mean the same at every endpoint. `None` when the step must judge the
/// response itself.
pub fn common_http_finding(
    endpoint: Endpoint,
    response: &HttpResponse,
    evidence: &Evidence,
) -> Option<Finding> {
    let status = response.status;
    let finding = match status {
        300..=399 => {
            // The evidence's copy of Location, already scrubbed; shortened for a summary.
            let location = evidence
                .location
                .as_deref()
                .map(|l| crate::text::cap(&crate::text::printable(l, crate::text::Lines::Join), 200))
                .unwrap_or_else(|| "(no Location header)".into());
            let looks_like_login = ["login", "signin", "sign-in", "sso", "auth", "saml"]
                .iter()
                .any(|word| location.to_ascii_lowercase().contains(word));
            let summary = if looks_like_login {
                format!("{} redirected to a sign-in page ({location}) instead of answering.", capitalise(endpoint.name()))
            } else {
                format!("{} redirected to {location} instead of answering.", capitalise(endpoint.name()))
            };
            Finding::new(
                FindingCode::RedirectedToLogin,
                summary,
                format!(
                    "A server-to-server client such as PingOne cannot sign in on a web page: the address must be the API itself, {}. \
                     A redirect usually means the domain is the web or SSO front door rather than the tenant, or \
                     that a gateway in front of Haiilo demands a sign-in. Check the domain; if such a gateway exists, \
                     ask IT to let /api/ through without it.",
                    endpoint.expected_url()
                ),
            )
        }
        429 => rate_limited_finding(&response.rate_limit_waits, response.retry_after, true),
        500..=599 => Finding::new(
            FindingCode::ServerError,
            format!("{} answered with a server error (HTTP {status}).", capitalise(endpoint.name())),
            "The problem is on the server's side, not in your values. Try again in a few minutes; if it \
             persists, contact Haiilo support and include the evidence below.",
        ),
        _ => return None,
    };
    Some(finding.with_evidence(evidence.clone()))
}

/// A 429: `failed` when we gave up, otherwise a warning that we had to wait.
pub fn rate_limited_finding(
    waits: &[std::time::Duration],
    retry_after: Option<std::time::Duration>,
    failed: bool,
) -> Finding {
    let waited: f32 = waits.iter().map(|w| w.as_secs_f32()).sum();
    let summary = if failed {
        match retry_after {
            Some(after) => format!(
                "Haiilo is rate limiting this client (HTTP 429, asked to wait {} s); gave up after waiting {waited} s.",
                after.as_secs()
            ),
            None => format!("Haiilo is rate limiting this client (HTTP 429); gave up after waiting {waited} s."),
        }
    } else {
        format!("Haiilo asked to slow down (HTTP 429); waited {waited} s as its Retry-After said, then it answered.")
    };
    Finding::new(
        FindingCode::RateLimited,
        summary,
        "Wait a few minutes and run the check again. If PingOne provisioning is running against the same \
         client at the same time, it shares the limit: pause the rule while testing. Frequent limits during \
         sync are worth raising with Haiilo support.",
    )
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The network findings a desktop user meets first must say how to use a proxy in a way
    /// that works for the app, not only for a shell.
    #[test]
    fn proxy_advice_is_right_for_the_desktop_app_and_the_cli() {
        let errors = [
            TransportError::DnsUnresolved {
                host: "acme.haiilo.app".into(),
                reason: "no such host".into(),
            },
            TransportError::ConnectionRefused {
                address: "127.0.0.1:9".into(),
            },
            TransportError::Timeout {
                phase: TimeoutPhase::Connect,
                after: Duration::from_secs(10),
            },
        ];
        for error in errors {
            let fix = transport_finding(&error, "GET https://acme.haiilo.app/").fix;
            assert!(!fix.contains("(set HTTPS_PROXY)"), "{fix}");
            assert!(fix.contains("environment variable HTTPS_PROXY"), "{fix}");
            assert!(
                fix.contains("start the app or the haiilo-scim command again"),
                "{fix}"
            );
            assert!(
                fix.contains("do not use the operating system's proxy settings"),
                "{fix}"
            );
        }
    }
}
