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
use crate::text::verbatim;
use crate::{tr, trf};
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

/// Seconds as the language writes them (`0.5` / `0,5`).
fn seconds(after: Duration) -> String {
    let text = after.as_secs_f32().to_string();
    tr!(text.clone(), text.replace('.', ","))
}

/// Names joined the way the language lists them.
fn and_list(items: &[String]) -> String {
    items.join(tr!(" and ", " und "))
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
            let shown = proxy.display();
            outcome.add_fact(
                origin.host.clone(),
                trf!(
                    "looked up by the proxy {shown}",
                    "vom Proxy {shown} nachgeschlagen"
                ),
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
                outcome.add_fact(
                    origin.host.clone(),
                    tr!(
                        "an IP address: nothing to look up",
                        "eine IP-Adresse: nichts nachzuschlagen"
                    ),
                );
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
                        let after = seconds(after);
                        trf!(
                            "no answer within {after} s",
                            "keine Antwort innerhalb von {after} s"
                        )
                    }
                };
                let host = &origin.host;
                outcome.add_finding(transport_finding(
                    &TransportError::DnsUnresolved {
                        host: origin.host.clone(),
                        reason,
                    },
                    &trf!("look up {host}", "{host} nachschlagen"),
                ));
            }
        }
    }
    outcome.summary = match outcome.findings.first() {
        Some(finding) => finding.summary.clone(),
        None if found.is_empty() => tr!(
            "Names are looked up by the proxy.",
            "Namen schlägt der Proxy nach."
        )
        .to_string(),
        None => {
            let found = and_list(&found);
            trf!("Found {found}.", "Gefunden: {found}.")
        }
    };
    outcome
}

fn proxy_dns_finding(proxy: &Proxy, error: &DnsError) -> Finding {
    let (host, _) = proxy.authority();
    let reason = match error {
        DnsError::Failed(reason) => reason.clone(),
        DnsError::TimedOut(after) => {
            let after = seconds(*after);
            trf!(
                "no answer within {after} s",
                "keine Antwort innerhalb von {after} s"
            )
        }
    };
    let source = proxy.source;
    Finding::new(
        FindingCode::DnsUnresolved,
        trf!(
            "The proxy's name {host} could not be found (DNS).",
            "Der Name des Proxys, {host}, wurde nicht gefunden (DNS)."
        ),
        trf!(
            "The proxy comes from {source}. Check its spelling there, or ask IT for the right proxy address; \
             unset it if this network needs no proxy.",
            "Der Proxy stammt aus {source}. Prüfen Sie dort die Schreibweise oder fragen Sie die Netzwerkadministration nach der \
             richtigen Proxy-Adresse; entfernen Sie die Angabe, wenn dieses Netz keinen Proxy braucht."
        ),
    )
    .with_detail(trf!(
        "The resolver said: {reason}.",
        "Der Resolver meldete: {reason}."
    ))
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
                        let (shown, source) = (proxy.display(), proxy.source);
                        outcome.add_fact(
                            "Proxy",
                            trf!("{shown} (from {source})", "{shown} (aus {source})"),
                        );
                        let authority = origin.authority();
                        outcome.add_fact(
                            trf!(
                                "Through the proxy to {authority}",
                                "Über den Proxy zu {authority}"
                            ),
                            match &connected.tunnel {
                                Some(status) => {
                                    trf!(
                                        "yes: tunnel open ({status})",
                                        "ja: Tunnel offen ({status})"
                                    )
                                }
                                None => tr!(
                                    "yes: plain http is forwarded by the proxy",
                                    "ja: unverschlüsseltes http leitet der Proxy weiter"
                                )
                                .to_string(),
                            },
                        );
                        ctx.shared().used_proxy = Some(proxy.display());
                        reached.push(trf!(
                            "{authority} through the proxy",
                            "{authority} über den Proxy"
                        ));
                    }
                    None => {
                        let (authority, peer) = (origin.authority(), &connected.peer);
                        outcome.add_fact(
                            trf!("Connected to {authority}", "Verbunden mit {authority}"),
                            trf!("{peer} in {ms} ms", "{peer} in {ms} ms"),
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
                Some(proxy) => trf!(
                    "{proxy} is set, but not used for this host (NO_PROXY, or a local address)",
                    "{proxy} ist gesetzt, wird für diesen Host aber nicht verwendet (NO_PROXY oder eine lokale Adresse)"
                ),
                None => tr!(
                    "none (HTTPS_PROXY is not set)",
                    "keiner (HTTPS_PROXY ist nicht gesetzt)"
                )
                .to_string(),
            },
        );
    }
    outcome.summary = match outcome.findings.first() {
        Some(finding) => finding.summary.clone(),
        None => {
            let reached = and_list(&reached);
            trf!("Connected to {reached}.", "Verbunden mit {reached}.")
        }
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
        .map(|p| {
            let shown = p.display();
            trf!(" via proxy {shown}", " über den Proxy {shown}")
        })
        .unwrap_or_default();
    let authority = origin.authority();
    let request = trf!(
        "connect to {authority}{via}",
        "mit {authority}{via} verbinden"
    );
    match error {
        ConnectError::ProxyDns { error, .. } => match proxy {
            Some(proxy) => proxy_dns_finding(proxy, &error),
            None => transport_finding(
                &TransportError::Other {
                    reason: tr!(
                        "the proxy's name did not resolve",
                        "der Name des Proxys ließ sich nicht auflösen"
                    )
                    .into(),
                },
                &request,
            ),
        },
        ConnectError::Refused { address } => {
            let finding = transport_finding(&TransportError::ConnectionRefused { address }, &request);
            match proxy {
                Some(proxy) => {
                    let source = proxy.source;
                    finding.with_more_detail(trf!(
                        "This is the proxy's address (from {source}): check the address and port there.",
                        "Das ist die Adresse des Proxys (aus {source}): Prüfen Sie dort Adresse und Port."
                    ))
                }
                None => finding,
            }
        }
        ConnectError::TimedOut { address, after } => Finding::new(
            FindingCode::ConnectTimeout,
            {
                let after = seconds(after);
                trf!(
                    "No answer from {address} within {after} s: the connection attempt was silently dropped.",
                    "Keine Antwort von {address} innerhalb von {after} s: Der Verbindungsversuch wurde stillschweigend verworfen."
                )
            },
            tr!(
                "A firewall on the way usually drops connections like this, or this network only lets traffic \
                 out through a proxy. Ask IT whether outbound HTTPS to this host is allowed and whether a proxy \
                 must be used (then set HTTPS_PROXY to its address).",
                "Meist verwirft eine Firewall unterwegs solche Verbindungen, oder dieses Netz lässt Verkehr nur \
                 über einen Proxy hinaus. Fragen Sie die Netzwerkadministration, ob ausgehendes HTTPS zu diesem Host erlaubt ist und \
                 ob ein Proxy nötig ist (setzen Sie dann HTTPS_PROXY auf seine Adresse)."
            ),
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
                reason: trf!("the proxy failed: {reason}", "der Proxy ist gescheitert: {reason}"),
            },
            &request,
        ),
        ConnectError::ProxyRejected { proxy: shown, answer } => {
            let redactor = ctx.redactor();
            let evidence = Evidence {
                request: trf!(
                    "CONNECT {authority} via proxy {shown}",
                    "CONNECT {authority} über den Proxy {shown}"
                ),
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
            let source = proxy.map_or(tr!("the settings", "den Einstellungen"), |p| p.source);
            if answer.status == 407 {
                Finding::new(
                    FindingCode::ProxyAuthRequired,
                    trf!(
                        "The proxy {shown} wants a user name and password (HTTP 407).",
                        "Der Proxy {shown} verlangt einen Benutzernamen und ein Passwort (HTTP 407)."
                    ),
                    trf!(
                        "Put the proxy credentials IT gave you into the proxy address in {source}, as \
                         http://user:password@proxy:port, and run the check again. PingOne itself is not \
                         affected: it connects to Haiilo from the cloud, not through your proxy.",
                        "Tragen Sie die Proxy-Zugangsdaten von der Netzwerkadministration in die Proxy-Adresse in {source} ein, als \
                         http://benutzer:passwort@proxy:port, und starten Sie den Verbindungstest erneut. PingOne \
                         selbst betrifft das nicht: Es verbindet sich aus der Cloud mit Haiilo, nicht über Ihren Proxy."
                    ),
                )
                .with_evidence(evidence)
            } else {
                Finding::new(
                    FindingCode::ProxyRefused,
                    {
                        let (host, status) = (&origin.host, answer.status);
                        trf!(
                            "The proxy {shown} refused to connect to {host} (HTTP {status}).",
                            "Der Proxy {shown} hat die Verbindung zu {host} abgelehnt (HTTP {status})."
                        )
                    },
                    {
                        let host = &origin.host;
                        trf!(
                            "The proxy (from {source}) blocks this host. Ask IT to allow HTTPS to {host} through \
                             the proxy, or, if it should be reached directly, add it to NO_PROXY. PingOne itself \
                             connects from the cloud and is not affected by your proxy.",
                            "Der Proxy (aus {source}) sperrt diesen Host. Bitten Sie die Netzwerkadministration, HTTPS zu {host} über \
                             den Proxy zu erlauben, oder tragen Sie ihn in NO_PROXY ein, wenn er direkt erreichbar \
                             sein soll. PingOne verbindet sich aus der Cloud und ist von Ihrem Proxy nicht betroffen."
                        )
                    },
                )
                .with_evidence(evidence)
            }
        }
    }
}

pub(super) async fn tls(ctx: &Context) -> StepOutcome {
    let origins = origins(ctx);
    if !origins.iter().any(Origin::is_https) {
        return StepOutcome::pass(tr!(
            "Plain http to a test server on this computer: there is no TLS to check.",
            "Unverschlüsseltes http zu einem Testserver auf diesem Computer: Es gibt kein TLS zu prüfen."
        ));
    }
    let extra = ctx.options.http.extra_root_certificates.clone();
    let trust = match tokio::task::spawn_blocking(move || tls::load_trust_store(&extra)).await {
        Ok(trust) => trust,
        Err(_) => tls::TrustStore {
            roots: std::sync::Arc::new(tokio_rustls::rustls::RootCertStore::empty()),
            system_count: 0,
        },
    };
    let count = trust.system_count;
    let mut outcome = StepOutcome::pass("").fact(
        tr!(
            "Trusted authorities",
            "Vertrauenswürdige Zertifizierungsstellen"
        ),
        trf!(
            "{count} from this computer's trust store",
            "{count} aus dem Zertifikatsspeicher dieses Computers"
        ),
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
            tr!(
                "plain http to a test server on this computer",
                "unverschlüsseltes http zu einem Testserver auf diesem Computer"
            ),
        );
    }
    outcome.summary = match outcome.findings.first() {
        Some(finding) => finding.summary.clone(),
        None => {
            let secured = and_list(&secured);
            trf!(
                "Secure connection to {secured}.",
                "Sichere Verbindung zu {secured}."
            )
        }
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
    let request = handshake_request(origin);
    let evidence = Evidence {
        request: request.clone(),
        ..Evidence::default()
    };
    match tls::handshake(connected.stream, &origin.host, trust, limit).await {
        Ok(session) => {
            let mut facts = vec![(
                tr!("Protocol", "Protokoll").to_string(),
                session.protocol.clone(),
            )];
            if !session.cipher_suite.is_empty() {
                facts.push((
                    tr!("Cipher suite", "Verschlüsselungsverfahren").into(),
                    session.cipher_suite.clone(),
                ));
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
                    reason: trf!(
                        "the server did not answer with TLS (is it plain http, or not a web server?): {reason}",
                        "der Server hat nicht mit TLS geantwortet (unverschlüsseltes http oder kein Webserver?): {reason}"
                    ),
                },
                &request,
            ),
            Vec::new(),
        )),
        Err(TlsFailure::TimedOut(after)) => Err((
            Finding::new(
                FindingCode::Timeout,
                {
                    let after = seconds(after);
                    trf!(
                        "The server did not complete the TLS handshake within {after} s.",
                        "Der Server hat den TLS-Handshake nicht innerhalb von {after} s abgeschlossen."
                    )
                },
                tr!(
                    "Something accepts the connection but does not speak TLS to us: often a proxy or \
                     firewall that holds traffic it does not like. Check the port in the address, and ask IT \
                     whether HTTPS to this host is inspected or blocked.",
                    "Etwas nimmt die Verbindung an, spricht aber kein TLS mit uns: oft ein Proxy oder eine \
                     Firewall, die unerwünschten Verkehr aufhält. Prüfen Sie den Port in der Adresse und fragen \
                     Sie die Netzwerkadministration, ob HTTPS zu diesem Host untersucht oder gesperrt wird."
                ),
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
    let span = human_duration(Duration::from_secs(left.unsigned_abs()));
    if left < 0 {
        trf!(
            "{date} (expired {span} ago)",
            "{date} (abgelaufen, das ist {span} her)"
        )
    } else {
        trf!("{date} (in {span})", "{date} (noch {span})")
    }
}

fn certificate_facts(leaf: Option<&CertificateInfo>) -> Facts {
    let Some(leaf) = leaf else {
        return Vec::new();
    };
    let mut facts = vec![
        (
            tr!("Certificate for", "Zertifikat für").to_string(),
            verbatim(&leaf.subject),
        ),
        (
            tr!("Issued by", "Ausgestellt von").to_string(),
            verbatim(&leaf.issuer),
        ),
        (
            tr!("Valid until", "Gültig bis").to_string(),
            expiry_text(leaf.not_after),
        ),
    ];
    if !leaf.names.is_empty() {
        facts.push((
            tr!("Valid for", "Gültig für").to_string(),
            verbatim(&leaf.names.join(", ")),
        ));
    }
    facts
}

fn expiry_warning(origin: &Origin, leaf: Option<&CertificateInfo>) -> Option<Finding> {
    let leaf = leaf?;
    let days = (leaf.not_after - now_unix()).div_euclid(86_400);
    (days < EXPIRY_WARNING_DAYS).then(|| {
        Finding::new(
            FindingCode::TlsExpiresSoon,
            {
                let host = &origin.host;
                let date = unix_to_rfc3339(leaf.not_after);
                match crate::lang::current() {
                    crate::lang::Lang::En => {
                        let plural = if days == 1 { "" } else { "s" };
                        format!("The certificate of {host} expires in {days} day{plural} ({date}).")
                    }
                    crate::lang::Lang::De => {
                        let span = if days == 1 {
                            "einem Tag".to_string()
                        } else {
                            format!("{days} Tagen")
                        };
                        format!("Das Zertifikat von {host} läuft in {span} ab ({date}).")
                    }
                }
            },
            tr!(
                "When it expires, PingOne can no longer connect and provisioning stops. Haiilo renews the \
                 certificates of its own tenants; for your own domain or a self-hosted installation, tell whoever \
                 manages the certificate to renew it now.",
                "Ist es abgelaufen, kann PingOne sich nicht mehr verbinden und die Provisionierung stoppt. Haiilo \
                 erneuert die Zertifikate seiner eigenen Tenants; bei Ihrer eigenen Domain oder einer selbst \
                 betriebenen Installation bitten Sie die Zuständigen, das Zertifikat jetzt zu erneuern."
            ),
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
    let issuer = leaf.map_or_else(
        || {
            tr!(
                "an unknown authority",
                "einer unbekannten Zertifizierungsstelle"
            )
            .to_string()
        },
        |c| c.issuer.clone(),
    );
    match error {
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            let names = leaf
                .map(|c| verbatim(&c.names.join(", ")))
                .unwrap_or_default();
            Finding::new(
                FindingCode::TlsHostnameMismatch,
                {
                    let host = &origin.host;
                    trf!(
                        "The server's certificate is not for {host}.",
                        "Das Zertifikat des Servers gilt nicht für {host}."
                    )
                },
                tr!(
                    "The address reaches a server that presents another site's certificate: usually the domain \
                     is not the Haiilo tenant (a typo, or an old name), or a load balancer serves the wrong \
                     certificate. Check the domain; if it is right, tell whoever runs the installation.",
                    "Die Adresse erreicht einen Server, der das Zertifikat einer anderen Website zeigt: Meist ist \
                     die Domain nicht der Haiilo-Tenant (ein Tippfehler oder ein alter Name), oder ein Load \
                     Balancer liefert das falsche Zertifikat. Prüfen Sie die Domain; stimmt sie, sagen Sie es \
                     den Betreibern der Installation."
                ),
            )
            .with_detail(if names.is_empty() {
                tr!(
                    "The certificate names no host.",
                    "Das Zertifikat nennt keinen Host."
                )
                .to_string()
            } else {
                trf!(
                    "The certificate is valid for: {names}.",
                    "Das Zertifikat gilt für: {names}."
                )
            })
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            let when = leaf.map(|c| expiry_text(c.not_after)).unwrap_or_default();
            Finding::new(
                FindingCode::TlsCertificateExpired,
                {
                    let host = &origin.host;
                    trf!(
                        "The certificate of {host} has expired.",
                        "Das Zertifikat von {host} ist abgelaufen."
                    )
                },
                tr!(
                    "PingOne refuses expired certificates too, so provisioning cannot work until it is renewed. \
                     Tell whoever manages the certificate for this domain (Haiilo support for *.haiilo.app). If \
                     the date below looks wrong, check this computer's clock first.",
                    "Auch PingOne lehnt abgelaufene Zertifikate ab, daher kann die Provisionierung erst nach der \
                     Erneuerung funktionieren. Sagen Sie es den Zuständigen für das Zertifikat dieser Domain \
                     (dem Haiilo-Support bei *.haiilo.app). Sieht das Datum unten falsch aus, prüfen Sie zuerst \
                     die Uhr dieses Computers."
                ),
            )
            .with_detail(trf!("Valid until {when}.", "Gültig bis {when}."))
        }
        CertificateError::UnknownIssuer | CertificateError::BadSignature => {
            untrusted_finding(origin, &issuer, leaf)
        }
        other => transport_finding(
            &TransportError::Tls {
                reason: trf!(
                    "the server's certificate was rejected ({other:?})",
                    "das Zertifikat des Servers wurde abgelehnt ({other:?})"
                ),
            },
            &handshake_request(origin),
        ),
    }
}

/// The evidence's request line for a handshake.
fn handshake_request(origin: &Origin) -> String {
    let authority = origin.authority();
    trf!(
        "TLS handshake with {authority}",
        "TLS-Handshake mit {authority}"
    )
}

fn untrusted_finding(origin: &Origin, issuer: &str, leaf: Option<&CertificateInfo>) -> Finding {
    let self_signed = leaf.is_some_and(|c| c.self_signed);
    let host = &origin.host;
    let summary = if self_signed {
        trf!(
            "The certificate of {host} is self-signed ({issuer}): no authority this computer trusts vouches for it.",
            "Das Zertifikat von {host} ist selbst signiert ({issuer}): Keine Zertifizierungsstelle, der dieser Computer vertraut, bürgt dafür."
        )
    } else {
        trf!(
            "The certificate of {host} was issued by {issuer}, which this computer does not trust.",
            "Das Zertifikat von {host} wurde von {issuer} ausgestellt; dieser Stelle vertraut dieser Computer nicht."
        )
    };
    let public = certificate::is_public_ca(issuer);
    let (detail, fix) = if public {
        (
            trf!(
                "{issuer} is a public certificate authority: this computer's list of trusted authorities is probably out of date.",
                "{issuer} ist eine öffentliche Zertifizierungsstelle: Die Liste vertrauenswürdiger Stellen auf diesem Computer ist wohl veraltet."
            ),
            tr!(
                "Update this computer's CA certificates (Windows Update, macOS updates, or the ca-certificates \
                 package on Linux) and run the check again.",
                "Aktualisieren Sie die CA-Zertifikate dieses Computers (Windows Update, macOS-Updates oder das \
                 Paket ca-certificates unter Linux) und starten Sie den Verbindungstest erneut."
            )
            .to_string(),
        )
    } else {
        let who = match certificate::inspection_product(issuer) {
            Some(product) => trf!(
                "{issuer} points to {product}, a product that inspects HTTPS",
                "{issuer} deutet auf {product} hin, ein Produkt, das HTTPS untersucht"
            ),
            None => trf!(
                "{issuer} is not a public certificate authority",
                "{issuer} ist keine öffentliche Zertifizierungsstelle"
            ),
        };
        (
            trf!(
                "{who}. On company networks this usually means TLS inspection: a proxy or firewall opens \
                 HTTPS traffic and re-signs it with the company's own certificate authority, which only \
                 company-managed computers trust.",
                "{who}. In Firmennetzen bedeutet das meist TLS-Inspektion: Ein Proxy oder eine Firewall öffnet \
                 HTTPS-Verkehr und signiert ihn neu mit der eigenen Zertifizierungsstelle des Unternehmens, der \
                 nur firmenverwaltete Computer vertrauen."
            ),
            tr!(
                "Ask IT for the company's root CA certificate and install it in this computer's trust store \
                 (Windows: certmgr, Trusted Root Certification Authorities; macOS: Keychain Access, System; \
                 Linux: /usr/local/share/ca-certificates, then update-ca-certificates), or ask them to exempt \
                 the Haiilo domain from inspection. PingOne connects from the cloud and is not affected. If \
                 there is no inspection here, the server itself uses a certificate browsers reject: tell \
                 whoever runs the installation.",
                "Bitten Sie die Netzwerkadministration um das Stamm-CA-Zertifikat des Unternehmens und installieren Sie es im \
                 Zertifikatsspeicher dieses Computers (Windows: certmgr, „Vertrauenswürdige \
                 Stammzertifizierungsstellen“; macOS: Schlüsselbundverwaltung, „System“; Linux: \
                 /usr/local/share/ca-certificates, danach update-ca-certificates), oder bitten Sie sie, die \
                 Haiilo-Domain von der Inspektion auszunehmen. PingOne verbindet sich aus der Cloud und ist nicht \
                 betroffen. Gibt es hier keine Inspektion, verwendet der Server selbst ein Zertifikat, das Browser \
                 ablehnen: Sagen Sie es den Betreibern der Installation."
            )
            .to_string(),
        )
    };
    Finding::new(FindingCode::TlsUntrustedCertificate, summary, fix).with_detail(detail)
}
