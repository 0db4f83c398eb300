//! Findings shared by every step: transport failures and the HTTP answers that mean the
//! same thing wherever they come from (redirects, rate limits, server errors).

use crate::findings::{Evidence, EvidenceHeader, Finding, FindingCode};
use crate::http::{HttpResponse, TimeoutPhase, TransportError};
use crate::redact::Redactor;
use crate::{tr, trf};

/// What a step was talking to; decides the words of the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Token,
    Scim,
}

impl Endpoint {
    fn name(self) -> &'static str {
        match self {
            Endpoint::Token => tr!("the token endpoint", "der Token-Endpunkt"),
            Endpoint::Scim => tr!("the SCIM API", "die SCIM-API"),
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
fn proxy_how() -> &'static str {
    tr!(
        "If this network needs a proxy, set the environment variable HTTPS_PROXY to its \
         address (for example http://proxy.example.com:3128; IT knows it) for your user account, then start the \
         app or the haiilo-scim command again: both read it only when they start, and do not use the \
         operating system's proxy settings.",
        "Braucht dieses Netz einen Proxy, setzen Sie für Ihr Benutzerkonto die Umgebungsvariable HTTPS_PROXY \
         auf seine Adresse (zum Beispiel http://proxy.example.com:3128; die Netzwerkadministration kennt sie) und starten Sie die \
         App oder den Befehl haiilo-scim neu: Beide lesen sie nur beim Start und verwenden nicht die \
         Proxy-Einstellungen des Betriebssystems."
    )
}

pub fn transport_finding(error: &TransportError, request: &str) -> Finding {
    let evidence = Evidence {
        request: request.to_string(),
        ..Evidence::default()
    };
    let proxy_how = proxy_how();
    let finding = match error {
        TransportError::DnsUnresolved { host, reason } => Finding::new(
            FindingCode::DnsUnresolved,
            trf!(
                "The name {host} could not be found (DNS).",
                "Der Name {host} wurde nicht gefunden (DNS)."
            ),
            trf!(
                "Check the spelling of the tenant name in the domain (for example acme.haiilo.app, not \
                 acme.haiio.app). If it is right, this network's DNS does not know the name: ask IT whether \
                 external names resolve here or whether a proxy must be used. {proxy_how}",
                "Prüfen Sie die Schreibweise des Tenant-Namens in der Domain (zum Beispiel acme.haiilo.app, nicht \
                 acme.haiio.app). Stimmt sie, kennt das DNS dieses Netzes den Namen nicht: Fragen Sie die Netzwerkadministration, ob \
                 externe Namen hier aufgelöst werden oder ob ein Proxy nötig ist. {proxy_how}"
            ),
        )
        .with_detail(trf!(
            "The resolver said: {reason}.",
            "Der Resolver meldete: {reason}."
        )),
        TransportError::ConnectionRefused { address } => Finding::new(
            FindingCode::ConnectionRefused,
            trf!(
                "Nothing accepted the connection at {address}.",
                "Unter {address} hat nichts die Verbindung angenommen."
            ),
            trf!(
                "Check the domain and any port you typed. If they are right, a firewall or a required proxy \
                 is blocking the connection: ask IT to allow outbound HTTPS to this host. {proxy_how}",
                "Prüfen Sie die Domain und einen eingegebenen Port. Stimmen sie, blockiert eine Firewall oder \
                 ein nötiger Proxy die Verbindung: Bitten Sie die Netzwerkadministration, ausgehendes HTTPS zu diesem Host zu \
                 erlauben. {proxy_how}"
            ),
        )
        .with_detail(tr!(
            "The host was found, but the connection was refused.",
            "Der Host wurde gefunden, aber die Verbindung wurde abgelehnt."
        )),
        TransportError::Timeout { phase, after } => {
            let seconds = after.as_secs_f32();
            let seconds_de = seconds.to_string().replace('.', ",");
            let summary = match phase {
                TimeoutPhase::Connect => trf!(
                    "The server could not be reached within {seconds} s.",
                    "Der Server war innerhalb von {seconds_de} s nicht erreichbar."
                ),
                TimeoutPhase::Response => trf!(
                    "The server did not answer within {seconds} s.",
                    "Der Server hat innerhalb von {seconds_de} s nicht geantwortet."
                ),
            };
            Finding::new(
                FindingCode::Timeout,
                summary,
                trf!(
                    "The network may silently drop the traffic (firewall) or require a proxy, or the server \
                     is overloaded. Check that this computer can open the Haiilo web app, then run the check \
                     again. {proxy_how}",
                    "Vielleicht verwirft das Netz den Verkehr stillschweigend (Firewall) oder verlangt einen \
                     Proxy, oder der Server ist überlastet. Prüfen Sie, ob dieser Computer die Web-App von \
                     Haiilo öffnen kann, und starten Sie den Verbindungstest dann erneut. {proxy_how}"
                ),
            )
        }
        TransportError::Tls { reason } => Finding::new(
            FindingCode::TlsError,
            trf!(
                "The secure connection (TLS) failed: {reason}.",
                "Die sichere Verbindung (TLS) ist gescheitert: {reason}."
            ),
            tr!(
                "If your company inspects HTTPS traffic with its own certificate authority, install that CA in \
                 this computer's trust store (PingOne, in the cloud, is not affected by it). Otherwise check that \
                 the address is your Haiilo tenant, served over HTTPS.",
                "Prüft Ihr Unternehmen HTTPS-Verkehr mit einer eigenen Zertifizierungsstelle, installieren Sie \
                 diese CA im Zertifikatsspeicher dieses Computers (PingOne in der Cloud betrifft das nicht). \
                 Prüfen Sie sonst, ob die Adresse Ihr Haiilo-Tenant ist und über HTTPS bereitgestellt wird."
            ),
        ),
        TransportError::TooLarge { limit } => Finding::new(
            FindingCode::ResponseTooLarge,
            {
                let mib = limit / (1024 * 1024);
                trf!(
                    "The answer was larger than {mib} MiB and was not read.",
                    "Die Antwort war größer als {mib} MiB und wurde nicht gelesen."
                )
            },
            tr!(
                "A Haiilo API endpoint does not send answers this large: check that the domain (or, under Advanced, \
                 the URL) points to the Haiilo API and not to a download or a web page.",
                "Ein API-Endpunkt von Haiilo sendet keine so großen Antworten: Prüfen Sie, ob die Domain (oder \
                 unter „Erweitert“ die URL) auf die API von Haiilo zeigt und nicht auf einen Download oder eine \
                 Webseite."
            ),
        ),
        TransportError::Other { reason } => Finding::new(
            FindingCode::NetworkError,
            trf!(
                "The connection failed: {reason}.",
                "Die Verbindung ist gescheitert: {reason}."
            ),
            tr!(
                "The server closed the connection or answered with something that is not HTTP. Check the domain \
                 and port; if a proxy or security appliance sits between this computer and Haiilo, ask IT whether \
                 it interferes with HTTPS to this host.",
                "Der Server hat die Verbindung geschlossen oder mit etwas geantwortet, das kein HTTP ist. Prüfen \
                 Sie Domain und Port; sitzt ein Proxy oder ein Sicherheitsgerät zwischen diesem Computer und \
                 Haiilo, fragen Sie die Netzwerkadministration, ob es HTTPS zu diesem Host stört."
            ),
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
                .unwrap_or_else(|| tr!("(no Location header)", "(kein Location-Header)").into());
            let looks_like_login = ["login", "signin", "sign-in", "sso", "auth", "saml"]
                .iter()
                .any(|word| location.to_ascii_lowercase().contains(word));
            let name = capitalise(endpoint.name());
            let summary = if looks_like_login {
                trf!(
                    "{name} redirected to a sign-in page ({location}) instead of answering.",
                    "{name} hat auf eine Anmeldeseite ({location}) weitergeleitet, statt zu antworten."
                )
            } else {
                trf!(
                    "{name} redirected to {location} instead of answering.",
                    "{name} hat auf {location} weitergeleitet, statt zu antworten."
                )
            };
            let expected = endpoint.expected_url();
            Finding::new(
                FindingCode::RedirectedToLogin,
                summary,
                trf!(
                    "A server-to-server client such as PingOne cannot sign in on a web page: the address must be the API itself, {expected}. \
                     A redirect usually means the domain is the web or SSO front door rather than the tenant, or \
                     that a gateway in front of Haiilo demands a sign-in. Check the domain; if such a gateway exists, \
                     ask IT to let /api/ through without it.",
                    "Ein Client zwischen Servern wie PingOne kann sich nicht auf einer Webseite anmelden: Die Adresse muss die API selbst sein, {expected}. \
                     Eine Weiterleitung bedeutet meist, dass die Domain der Web- oder SSO-Eingang ist statt des Tenants, \
                     oder dass ein Gateway vor Haiilo eine Anmeldung verlangt. Prüfen Sie die Domain; gibt es ein solches \
                     Gateway, bitten Sie die Netzwerkadministration, /api/ ohne Anmeldung durchzulassen."
                ),
            )
        }
        429 => rate_limited_finding(&response.rate_limit_waits, response.retry_after, true),
        500..=599 => Finding::new(
            FindingCode::ServerError,
            {
                let name = capitalise(endpoint.name());
                trf!(
                    "{name} answered with a server error (HTTP {status}).",
                    "{name} hat mit einem Serverfehler geantwortet (HTTP {status})."
                )
            },
            tr!(
                "The problem is on the server's side, not in your values. Try again in a few minutes; if it \
                 persists, contact Haiilo support and include the evidence below.",
                "Das Problem liegt beim Server, nicht bei Ihren Werten. Versuchen Sie es in einigen Minuten \
                 erneut; bleibt es dabei, wenden Sie sich an den Haiilo-Support und fügen Sie den Nachweis unten bei."
            ),
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
    let waited_de = waited.to_string().replace('.', ",");
    let summary = if failed {
        match retry_after {
            Some(after) => {
                let asked = after.as_secs();
                trf!(
                    "Haiilo is rate limiting this client (HTTP 429, asked to wait {asked} s); gave up after waiting {waited} s.",
                    "Haiilo begrenzt die Anfragen dieses Clients (HTTP 429, Bitte um {asked} s Wartezeit); nach {waited_de} s Warten aufgegeben."
                )
            }
            None => trf!(
                "Haiilo is rate limiting this client (HTTP 429); gave up after waiting {waited} s.",
                "Haiilo begrenzt die Anfragen dieses Clients (HTTP 429); nach {waited_de} s Warten aufgegeben."
            ),
        }
    } else {
        trf!(
            "Haiilo asked to slow down (HTTP 429); waited {waited} s as its Retry-After said, then it answered.",
            "Haiilo bat um langsamere Anfragen (HTTP 429); wie im Header „Retry-After“ angegeben {waited_de} s gewartet, dann kam die Antwort."
        )
    };
    Finding::new(
        FindingCode::RateLimited,
        summary,
        tr!(
            "Wait a few minutes and run the check again. If PingOne provisioning is running against the same \
             client at the same time, it shares the limit: pause the rule while testing. Frequent limits during \
             sync are worth raising with Haiilo support.",
            "Warten Sie einige Minuten und starten Sie den Verbindungstest erneut. Läuft gleichzeitig die \
             Provisionierung von PingOne mit demselben Client, teilt sie sich das Limit: Pausieren Sie die Regel \
             während des Tests. Häufige Limits während der Synchronisierung sollten Sie beim Haiilo-Support ansprechen."
        ),
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
