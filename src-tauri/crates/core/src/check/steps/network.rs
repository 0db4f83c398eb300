//! Rungs 2–4, `dns`, `tcp` and `tls`: the layers under HTTP, probed on their own so that a
//! failure names its layer (a typo in the name, a firewall, a proxy that says no, TLS
//! inspection) instead of surfacing later as a failed token request.
//!
//! Each rung covers every origin the check talks to: usually one, two when the token URL is
//! on another host than the SCIM URL. Through a proxy, names are resolved by the proxy, so
//! `dns` looks up the proxy's name instead and `tcp` opens the proxy's tunnel.

use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::check::{human_duration, unix_to_rfc3339};
use crate::diagnose::transport_finding;
use crate::findings::{Evidence, Finding, FindingCode};
use crate::http::TransportError;
use crate::probe::certificate::{self, CertificateInfo};
use crate::probe::connect::{self, ConnectError, Connected};
use crate::probe::dns::{self, DnsError, Resolution};
use crate::probe::tls::{self, TlsFailure, TrustStore};
use crate::probe::Origin;
use crate::proxy::Proxy;
use std::net::IpAddr;
use std::time::Duration;
use tokio_rustls::rustls::CertificateError;

/// A certificate that runs out within this many days is worth a warning: renewals that
/// slip past the date take the link down for every sync until someone notices.
const EXPIRY_WARNING_DAYS: i64 = 14;

/// The distinct origins of the SCIM and token URLs, SCIM first.
fn origins(ctx: &Context) -> Vec<Origin> {
    let mut origins = Vec::new();
    for url in [
        &ctx.target.endpoints.scim_base_url,
        &ctx.target.endpoints.token_url,
    ] {
        if let Some(origin) = Origin::from_url(url) {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
    }
    origins
}

fn list(ips: &[IpAddr]) -> String {
    ips.iter()
        .map(IpAddr::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) async fn dns(ctx: &Context) -> StepOutcome {
    let limit = ctx.options.http.connect_timeout;
    let mut outcome = StepOutcome::pass("");
    let mut found = Vec::new();
    for origin in origins(ctx) {
        if let Some(proxy) = ctx.proxies.proxy_for(&origin.scheme, &origin.host) {
            outcome.add_fact(
                origin.host.clone(),
                format!("looked up by the proxy {}", proxy.display()),
            );
            let (proxy_host, proxy_port) = proxy.authority();
            match dns::resolve(&proxy_host, proxy_port, limit).await {
                Ok(resolution) => {
                    let ips = resolution.addresses();
                    outcome.add_fact(format!("Proxy {proxy_host}"), list(&ips));
                    ctx.shared().addresses.insert(proxy_host, ips);
                }
                Err(error) => outcome.add_finding(proxy_dns_finding(proxy, &error)),
            }
            continue;
        }
        match dns::resolve(&origin.host, origin.port, limit).await {
            Ok(Resolution::Literal(ip)) => {
                outcome.add_fact(origin.host.clone(), "an IP address: nothing to look up");
                ctx.shared().addresses.insert(origin.host.clone(), vec![ip]);
                found.push(origin.host.clone());
            }
            Ok(Resolution::Resolved(ips)) => {
                outcome.add_fact(origin.host.clone(), list(&ips));
                found.push(format!("{} ({})", origin.host, list(&ips)));
                ctx.shared().addresses.insert(origin.host.clone(), ips);
            }
            Err(error) => {
                let reason = match error {
                    DnsError::Failed(reason) => reason,
                    DnsError::TimedOut(after) => {
                        format!("no answer within {} s", after.as_secs_f32())
                    }
                };
                outcome.add_finding(transport_finding(
                    &TransportError::DnsUnresolved {
                        host: origin.host.clone(),
                        reason,
                    },
                    &format!("look up {}", origin.host),
                ));
            }
        }
    }
    outcome.summary = match outcome.findings.first() {
        Some(finding) => finding.summary.clone(),
        None if found.is_empty() => "Names are looked up by the proxy.".to_string(),
        None => format!("Found {}.", found.join(" and ")),
    };
    outcome
}

fn proxy_dns_finding(proxy: &Proxy, error: &DnsError) -> Finding {
    let (host, _) = proxy.authority();
    let reason = match error {
        DnsError::Failed(reason) => reason.clone(),
        DnsError::TimedOut(after) => format!("no answer within {} s", after.as_secs_f32()),
    };
    Finding::new(
        FindingCode::DnsUnresolved,
        format!("The proxy's name {host} could not be found (DNS)."),
        format!(
            "The proxy comes from {}. Check its spelling there, or ask IT for the right proxy address; \
             unset it if this network needs no proxy.",
            proxy.source
        ),
    )
    .with_detail(format!("The resolver said: {reason}."))
}

/// Opens a connection for `origin` the way the requests will, or says why it cannot.
async fn open(ctx: &Context, origin: &Origin) -> Result<(Connected, Option<Proxy>), Finding> {
    let proxy = ctx.proxies.proxy_for(&origin.scheme, &origin.host).cloned();
    let addresses = ctx
        .shared()
        .addresses
        .get(&origin.host)
        .cloned()
        .unwrap_or_default();
    let limit = ctx.options.http.connect_timeout;
    match connect::connect(origin, &addresses, proxy.as_ref(), limit).await {
        Ok(connected) => Ok((connected, proxy)),
        Err(error) => Err(connect_finding(origin, proxy.as_ref(), error, ctx)),
    }
}

pub(super) async fn tcp(ctx: &Context) -> StepOutcome {
    let mut outcome = StepOutcome::pass("");
    let mut reached = Vec::new();
    for origin in origins(ctx) {
        match open(ctx, &origin).await {
            Ok((connected, proxy)) => {
                let ms = connected.connect_time.as_millis();
                match &proxy {
                    Some(proxy) => {
                        outcome.add_fact(
                            "Proxy",
                            format!("{} (from {})", proxy.display(), proxy.source),
                        );
                        outcome.add_fact(
                            format!("Through the proxy to {}", origin.authority()),
                            match &connected.tunnel {
                                Some(status) => format!("yes: tunnel open ({status})"),
                                None => "yes: plain http is forwarded by the proxy".to_string(),
                            },
                        );
                        ctx.shared().used_proxy = Some(proxy.display());
                        reached.push(format!("{} through the proxy", origin.authority()));
                    }
                    None => {
                        outcome.add_fact(
                            format!("Connected to {}", origin.authority()),
                            format!("{} in {ms} ms", connected.peer),
                        );
                        reached.push(origin.authority());
                    }
                }
            }
            Err(finding) => outcome.add_finding(finding),
        }
    }
    if ctx.shared().used_proxy.is_none() {
        let configured = ctx.proxies.any().map(Proxy::display);
        outcome.add_fact(
            "Proxy",
            match configured {
                Some(proxy) => format!(
                    "{proxy} is set, but not used for this host (NO_PROXY, or a local address)"
                ),
                None => "none (HTTPS_PROXY is not set)".to_string(),
            },
        );
    }
    outcome.summary = match outcome.findings.first() {
        Some(finding) => finding.summary.clone(),
        None => format!("Connected to {}.", reached.join(" and ")),
    };
    outcome
}

fn connect_finding(
    origin: &Origin,
    proxy: Option<&Proxy>,
    error: ConnectError,
    ctx: &Context,
) -> Finding {
    let via = proxy
        .map(|p| format!(" via proxy {}", p.display()))
        .unwrap_or_default();
    let request = format!("connect to {}{via}", origin.authority());
    match error {
        ConnectError::ProxyDns { error, .. } => match proxy {
            Some(proxy) => proxy_dns_finding(proxy, &error),
            None => transport_finding(
                &TransportError::Other {
                    reason: "the proxy's name did not resolve".into(),
                },
                &request,
            ),
        },
        ConnectError::Refused { address } => {
            let finding = transport_finding(&TransportError::ConnectionRefused { address }, &request);
            match proxy {
                Some(proxy) => finding.with_more_detail(format!(
                    "This is the proxy's address (from {}): check the address and port there.",
                    proxy.source
                )),
                None => finding,
            }
        }
        ConnectError::TimedOut { address, after } => Finding::new(
            FindingCode::ConnectTimeout,
            format!(
                "No answer from {address} within {} s: the connection attempt was silently dropped.",
                after.as_secs_f32()
            ),
            "A firewall on the way usually drops connections like this, or this network only lets traffic \
             out through a proxy. Ask IT whether outbound HTTPS to this host is allowed and whether a proxy \
             must be used (then set HTTPS_PROXY to its address).",
        )
        .with_evidence(Evidence {
            request,
            ..Evidence::default()
        }),
        ConnectError::Other { address, reason } => transport_finding(
            &TransportError::Other {
                reason: format!("{reason} ({address})"),
            },
            &request,
        ),
        ConnectError::ProxyBroken { reason, .. } => transport_finding(
            &TransportError::Other {
                reason: format!("the proxy failed: {reason}"),
            },
            &request,
        ),
        ConnectError::ProxyRejected { proxy: shown, answer } => {
            let redactor = ctx.redactor();
            let evidence = Evidence {
                request: format!("CONNECT {} via proxy {shown}", origin.authority()),
                status: Some(answer.status),
                status_line: Some(answer.status_line.clone()),
                content_type: answer
                    .headers
                    .iter()
                    .find(|(k, _)| k == "content-type")
                    .map(|(_, v)| v.clone()),
                location: None,
                headers: crate::diagnose::scrubbed_headers(&answer.headers, &redactor),
                body_excerpt: Some(redactor.excerpt(&answer.body)).filter(|b| !b.is_empty()),
            };
            let source = proxy.map_or("the settings", |p| p.source);
            if answer.status == 407 {
                Finding::new(
                    FindingCode::ProxyAuthRequired,
                    format!("The proxy {shown} wants a user name and password (HTTP 407)."),
                    format!(
                        "Put the proxy credentials IT gave you into the proxy address in {source}, as \
                         http://user:password@proxy:port, and run the check again. PingOne itself is not \
                         affected: it connects to Haiilo from the cloud, not through your proxy."
                    ),
                )
                .with_evidence(evidence)
            } else {
                Finding::new(
                    FindingCode::ProxyRefused,
                    format!(
                        "The proxy {shown} refused to connect to {} (HTTP {}).",
                        origin.host, answer.status
                    ),
                    format!(
                        "The proxy (from {source}) blocks this host. Ask IT to allow HTTPS to {} through \
                         the proxy, or, if it should be reached directly, add it to NO_PROXY. PingOne itself \
                         connects from the cloud and is not affected by your proxy.",
                        origin.host
                    ),
                )
                .with_evidence(evidence)
            }
        }
    }
}

pub(super) async fn tls(ctx: &Context) -> StepOutcome {
    let origins = origins(ctx);
    if !origins.iter().any(Origin::is_https) {
        return StepOutcome::pass(
            "Plain http to a test server on this computer: there is no TLS to check.",
        );
    }
    let extra = ctx.options.http.extra_root_certificates.clone();
    let trust = match tokio::task::spawn_blocking(move || tls::load_trust_store(&extra)).await {
        Ok(trust) => trust,
        Err(_) => tls::TrustStore {
            roots: std::sync::Arc::new(tokio_rustls::rustls::RootCertStore::empty()),
            system_count: 0,
        },
    };
    let mut outcome = StepOutcome::pass("").fact(
        "Trusted authorities",
        format!("{} from this computer's trust store", trust.system_count),
    );
    let mut secured = Vec::new();
    for origin in origins.iter().filter(|o| o.is_https()) {
        match handshake(ctx, origin, &trust).await {
            Ok((session, facts)) => {
                for (label, value) in facts {
                    outcome.add_fact(label, value);
                }
                if let Some(finding) = expiry_warning(origin, session.chain.first()) {
                    outcome.add_finding(finding);
                }
                secured.push(format!("{} ({})", origin.host, session.protocol));
            }
            Err((finding, facts)) => {
                for (label, value) in facts {
                    outcome.add_fact(label, value);
                }
                outcome.add_finding(finding);
            }
        }
    }
    for origin in origins.iter().filter(|o| !o.is_https()) {
        outcome.add_fact(
            origin.authority(),
            "plain http to a test server on this computer",
        );
    }
    outcome.summary = match outcome.findings.first() {
        Some(finding) => finding.summary.clone(),
        None => format!("Secure connection to {}.", secured.join(" and ")),
    };
    outcome
}

type Facts = Vec<(String, String)>;

async fn handshake(
    ctx: &Context,
    origin: &Origin,
    trust: &TrustStore,
) -> Result<(tls::TlsSession, Facts), (Finding, Facts)> {
    let (connected, _) = open(ctx, origin).await.map_err(|f| (f, Vec::new()))?;
    let limit = ctx.options.http.connect_timeout;
    let request = format!("TLS handshake with {}", origin.authority());
    let evidence = Evidence {
        request: request.clone(),
        ..Evidence::default()
    };
    match tls::handshake(connected.stream, &origin.host, trust, limit).await {
        Ok(session) => {
            let mut facts = vec![("Protocol".to_string(), session.protocol.clone())];
            if !session.cipher_suite.is_empty() {
                facts.push(("Cipher suite".into(), session.cipher_suite.clone()));
            }
            facts.extend(certificate_facts(session.chain.first()));
            Ok((session, facts))
        }
        Err(TlsFailure::Certificate { error, chain }) => {
            let facts = certificate_facts(chain.first());
            Err((
                certificate_finding(origin, &error, &chain).with_evidence(evidence),
                facts,
            ))
        }
        Err(TlsFailure::NotTls(reason)) => Err((
            transport_finding(
                &TransportError::Tls {
                    reason: format!(
                        "the server did not answer with TLS (is it plain http, or not a web server?): {reason}"
                    ),
                },
                &request,
            ),
            Vec::new(),
        )),
        Err(TlsFailure::TimedOut(after)) => Err((
            Finding::new(
                FindingCode::Timeout,
                format!(
                    "The server did not complete the TLS handshake within {} s.",
                    after.as_secs_f32()
                ),
                "Something accepts the connection but does not speak TLS to us: often a proxy or \
                 firewall that holds traffic it does not like. Check the port in the address, and ask IT \
                 whether HTTPS to this host is inspected or blocked.",
            )
            .with_evidence(evidence),
            Vec::new(),
        )),
        Err(TlsFailure::Other(reason)) => Err((
            transport_finding(&TransportError::Tls { reason }, &request),
            Vec::new(),
        )),
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

fn expiry_text(not_after: i64) -> String {
    let left = not_after - now_unix();
    let date = unix_to_rfc3339(not_after);
    if left < 0 {
        format!(
            "{date} (expired {} ago)",
            human_duration(Duration::from_secs(left.unsigned_abs()))
        )
    } else {
        format!(
            "{date} (in {})",
            human_duration(Duration::from_secs(left.unsigned_abs()))
        )
    }
}

fn certificate_facts(leaf: Option<&CertificateInfo>) -> Facts {
    let Some(leaf) = leaf else {
        return Vec::new();
    };
    let mut facts = vec![
        ("Certificate for".to_string(), leaf.subject.clone()),
        ("Issued by".to_string(), leaf.issuer.clone()),
        ("Valid until".to_string(), expiry_text(leaf.not_after)),
    ];
    if !leaf.names.is_empty() {
        facts.push(("Valid for".to_string(), leaf.names.join(", ")));
    }
    facts
}

fn expiry_warning(origin: &Origin, leaf: Option<&CertificateInfo>) -> Option<Finding> {
    let leaf = leaf?;
    let days = (leaf.not_after - now_unix()).div_euclid(86_400);
    (days < EXPIRY_WARNING_DAYS).then(|| {
        Finding::new(
            FindingCode::TlsExpiresSoon,
            format!(
                "The certificate of {} expires in {days} day{} ({}).",
                origin.host,
                if days == 1 { "" } else { "s" },
                unix_to_rfc3339(leaf.not_after)
            ),
            "When it expires, PingOne can no longer connect and provisioning stops. Haiilo renews the \
             certificates of its own tenants; for your own domain or a self-hosted installation, tell whoever \
             manages the certificate to renew it now.",
        )
        .warn()
    })
}

fn certificate_finding(
    origin: &Origin,
    error: &CertificateError,
    chain: &[CertificateInfo],
) -> Finding {
    let leaf = chain.first();
    let issuer = leaf.map_or_else(|| "an unknown authority".to_string(), |c| c.issuer.clone());
    match error {
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            let names = leaf.map(|c| c.names.join(", ")).unwrap_or_default();
            Finding::new(
                FindingCode::TlsHostnameMismatch,
                format!("The server's certificate is not for {}.", origin.host),
                "The address reaches a server that presents another site's certificate: usually the domain \
                 is not the Haiilo tenant (a typo, or an old name), or a load balancer serves the wrong \
                 certificate. Check the domain; if it is right, tell whoever runs the installation.",
            )
            .with_detail(if names.is_empty() {
                "The certificate names no host.".to_string()
            } else {
                format!("The certificate is valid for: {names}.")
            })
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            let when = leaf.map(|c| expiry_text(c.not_after)).unwrap_or_default();
            Finding::new(
                FindingCode::TlsCertificateExpired,
                format!("The certificate of {} has expired.", origin.host),
                "PingOne refuses expired certificates too, so provisioning cannot work until it is renewed. \
                 Tell whoever manages the certificate for this domain (Haiilo support for *.haiilo.app). If \
                 the date below looks wrong, check this computer's clock first.",
            )
            .with_detail(format!("Valid until {when}."))
        }
        CertificateError::UnknownIssuer | CertificateError::BadSignature => {
            untrusted_finding(origin, &issuer, leaf)
        }
        other => transport_finding(
            &TransportError::Tls {
                reason: format!("the server's certificate was rejected ({other:?})"),
            },
            &format!("TLS handshake with {}", origin.authority()),
        ),
    }
}

fn untrusted_finding(origin: &Origin, issuer: &str, leaf: Option<&CertificateInfo>) -> Finding {
    let self_signed = leaf.is_some_and(|c| c.self_signed);
    let summary = if self_signed {
        format!(
            "The certificate of {} is self-signed ({issuer}): no authority this computer trusts vouches for it.",
            origin.host
        )
    } else {
        format!(
            "The certificate of {} was issued by {issuer}, which this computer does not trust.",
            origin.host
        )
    };
    let public = certificate::is_public_ca(issuer);
    let (detail, fix) = if public {
        (
            format!("{issuer} is a public certificate authority: this computer's list of trusted authorities is probably out of date."),
            "Update this computer's CA certificates (Windows Update, macOS updates, or the ca-certificates \
             package on Linux) and run the check again."
                .to_string(),
        )
    } else {
        let who = match certificate::inspection_product(issuer) {
            Some(product) => format!("{issuer} points to {product}, a product that inspects HTTPS"),
            None => format!("{issuer} is not a public certificate authority"),
        };
        (
            format!(
                "{who}. On company networks this usually means TLS inspection: a proxy or firewall opens \
                 HTTPS traffic and re-signs it with the company's own certificate authority, which only \
                 company-managed computers trust."
            ),
            "Ask IT for the company's root CA certificate and install it in this computer's trust store \
             (Windows: certmgr, Trusted Root Certification Authorities; macOS: Keychain Access, System; \
             Linux: /usr/local/share/ca-certificates, then update-ca-certificates), or ask them to exempt \
             the Haiilo domain from inspection. PingOne connects from the cloud and is not affected. If \
             there is no inspection here, the server itself uses a certificate browsers reject: tell \
             whoever runs the installation."
                .to_string(),
        )
    };
    Finding::new(FindingCode::TlsUntrustedCertificate, summary, fix).with_detail(detail)
}
