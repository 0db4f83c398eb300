//! One HTTP exchange, bounded: timeouts on connect and on the whole exchange, a cap on the
//! body, no automatic redirects (a redirect to a sign-in page is a finding, not something
//! to follow), and transport failures sorted into the kinds an admin can act on.

use crate::proxy::{ProxyChoice, ProxySettings};
use crate::text::verbatim;
use crate::{tr, trf};
use std::error::Error as StdError;
use std::time::Duration;

/// Limits for every request the check makes.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    /// Whole exchange: connect, TLS, request, response headers and body.
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// Longest single wait we accept from a 429's `Retry-After` before giving up.
    pub max_retry_wait: Duration,
    /// How many times a 429 is retried after waiting.
    pub max_retries: u32,
    /// Where requests go: through the proxy the environment names (the default), directly,
    /// or through one proxy given explicitly (tests, and a future setting).
    pub proxy: ProxyChoice,
    /// Extra certificate authorities (DER) trusted on top of the OS trust store, by the
    /// requests and by the `tls` step alike. Empty unless a test injects its own CA.
    pub extra_root_certificates: Vec<Vec<u8>>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            // A page of 100 users is ~100 KB; 8 MiB leaves room for large pages while
            // stopping a download or an endless stream.
            max_body_bytes: 8 * 1024 * 1024,
            max_retry_wait: Duration::from_secs(10),
            max_retries: 2,
            proxy: ProxyChoice::default(),
            extra_root_certificates: Vec::new(),
        }
    }
}

/// A received response with its body read (up to the cap). Its `Debug` shows the status
/// and sizes only: the body and headers may echo credentials.
#[derive(Clone)]
pub struct HttpResponse {
    pub status: u16,
    /// `HTTP/1.1 401 Unauthorized`.
    pub status_line: String,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub www_authenticate: Option<String>,
    pub retry_after: Option<Duration>,
    /// The headers on the evidence allow-list (see `EVIDENCE_HEADERS`).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waits spent honouring 429 `Retry-After` before this response arrived.
    pub rate_limit_waits: Vec<Duration>,
}

/// Response headers worth keeping as evidence. An allow-list, so a `Set-Cookie` or an echoed
/// credential never reaches a report.
pub const EVIDENCE_HEADERS: &[&str] = &[
    "content-type",
    "location",
    "www-authenticate",
    "retry-after",
    "server",
    "via",
    "cache-control",
];

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.len())
            .field("body_bytes", &self.body.len())
            .field("rate_limit_waits", &self.rate_limit_waits.len())
            .finish_non_exhaustive()
    }
}

impl HttpResponse {
    /// The media type without parameters, lower-cased: `application/scim+json`.
    pub fn media_type(&self) -> Option<String> {
        self.content_type
            .as_deref()
            .and_then(|ct| ct.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
    }

    pub fn is_json(&self) -> bool {
        self.media_type()
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"))
    }

    pub fn looks_like_html(&self) -> bool {
        self.media_type().is_some_and(|m| m.contains("html")) || {
            let start = String::from_utf8_lossy(&self.body[..self.body.len().min(512)])
                .trim_start()
                .to_ascii_lowercase();
            start.starts_with("<!doctype html") || start.starts_with("<html")
        }
    }
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    DnsUnresolved {
        host: String,
        reason: String,
    },
    ConnectionRefused {
        address: String,
    },
    Timeout {
        phase: TimeoutPhase,
        after: Duration,
    },
    Tls {
        reason: String,
    },
    TooLarge {
        limit: usize,
    },
    Other {
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    Connect,
    Response,
}

/// Builds the client every check request goes through. Proxies come from the usual
/// environment variables (`HTTPS_PROXY`, `NO_PROXY`), as for other tools on the machine,
/// decided by [`ProxySettings`] so that the `tcp` step's probe and the requests agree.
pub fn build_client(options: &HttpOptions) -> Result<reqwest::Client, String> {
    let proxies = ProxySettings::from_choice(&options.proxy)?;
    build_client_with(options, &proxies)
}

/// As [`build_client`], with proxy settings already resolved.
pub fn build_client_with(
    options: &HttpOptions,
    proxies: &ProxySettings,
) -> Result<reqwest::Client, String> {
    let route = proxies.clone();
    let mut builder = reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .timeout(options.request_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("haiilo-scim-assistant/", env!("CARGO_PKG_VERSION")))
        // reqwest's own reading of the environment is replaced by ours, so that the probe
        // and the requests take the same route.
        .no_proxy()
        .proxy(reqwest::Proxy::custom(move |url| {
            route.proxy_for_url(url).map(|p| p.url.clone())
        }));
    for der in &options.extra_root_certificates {
        let certificate = reqwest::Certificate::from_der(der).map_err(|e| {
            let e = verbatim(&e.to_string());
            trf!(
                "an extra root certificate is not valid DER: {e}",
                "ein zusätzliches Stammzertifikat ist kein gültiges DER: {e}"
            )
        })?;
        builder = builder.add_root_certificate(certificate);
    }
    builder.build().map_err(|e| {
        let e = verbatim(&e.to_string());
        trf!(
            "could not set up the HTTP client: {e}",
            "der HTTP-Client ließ sich nicht einrichten: {e}"
        )
    })
}

/// Sends a request, honouring `429 Retry-After` within `options`' bounds, and reads the
/// body up to the cap. `make` builds a fresh request for each attempt.
pub async fn send(
    options: &HttpOptions,
    make: impl Fn() -> reqwest::RequestBuilder,
) -> Result<HttpResponse, TransportError> {
    let mut waits = Vec::new();
    loop {
        let mut response = send_once(options, make()).await?;
        if response.status != 429 || waits.len() as u32 >= options.max_retries {
            response.rate_limit_waits = waits;
            return Ok(response);
        }
        let wait = response.retry_after.unwrap_or(Duration::from_secs(1));
        if wait > options.max_retry_wait {
            response.rate_limit_waits = waits;
            return Ok(response);
        }
        tokio::time::sleep(wait).await;
        waits.push(wait);
    }
}

/// `Retry-After` as delay-seconds (RFC 9110 §10.2.3). An HTTP-date is not worth a date
/// parser here: we fall back to the default wait.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

async fn send_once(
    options: &HttpOptions,
    request: reqwest::RequestBuilder,
) -> Result<HttpResponse, TransportError> {
    let mut response = request.send().await.map_err(|e| classify(&e, options))?;
    let header = |name: reqwest::header::HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let status = response.status().as_u16();
    let status_line = format!(
        "{:?} {} {}",
        response.version(),
        status,
        response.status().canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_string();
    let headers: Vec<(String, String)> = EVIDENCE_HEADERS
        .iter()
        .filter_map(|name| {
            let values: Vec<&str> = response
                .headers()
                .get_all(*name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            (!values.is_empty()).then(|| (name.to_string(), values.join(", ")))
        })
        .collect();
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let location = header(reqwest::header::LOCATION);
    let www_authenticate = header(reqwest::header::WWW_AUTHENTICATE);
    let retry_after = header(reqwest::header::RETRY_AFTER).and_then(|v| parse_retry_after(&v));

    if response
        .content_length()
        .is_some_and(|len| len > options.max_body_bytes as u64)
    {
        return Err(TransportError::TooLarge {
            limit: options.max_body_bytes,
        });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| classify(&e, options))? {
        if body.len() + chunk.len() > options.max_body_bytes {
            return Err(TransportError::TooLarge {
                limit: options.max_body_bytes,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(HttpResponse {
        status,
        status_line,
        content_type,
        location,
        www_authenticate,
        retry_after,
        headers,
        body,
        rate_limit_waits: Vec::new(),
    })
}

/// Sorts a reqwest failure into what the admin can act on, by walking its cause chain.
fn classify(error: &reqwest::Error, options: &HttpOptions) -> TransportError {
    if error.is_timeout() {
        return if error.is_connect() {
            TransportError::Timeout {
                phase: TimeoutPhase::Connect,
                after: options.connect_timeout,
            }
        } else {
            TransportError::Timeout {
                phase: TimeoutPhase::Response,
                after: options.request_timeout,
            }
        };
    }
    let host = error
        .url()
        .and_then(|u| u.host_str())
        .unwrap_or_default()
        .to_string();
    let address = error
        .url()
        .map(|u| format!("{host}:{}", u.port_or_known_default().unwrap_or(443)))
        .unwrap_or_default();
    let chain = cause_chain(error);
    for cause in &chain {
        if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
            return TransportError::Tls {
                reason: describe_tls(tls),
            };
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    return TransportError::ConnectionRefused { address }
                }
                std::io::ErrorKind::TimedOut => {
                    return TransportError::Timeout {
                        phase: TimeoutPhase::Connect,
                        after: options.connect_timeout,
                    }
                }
                _ => {}
            }
        }
    }
    let messages: Vec<String> = chain.iter().map(|c| c.to_string()).collect();
    let joined = messages.join(": ");
    // hyper-util reports resolver failures only as text ("dns error: failed to lookup
    // address information: ...").
    if joined.contains("dns error") || joined.contains("failed to lookup address") {
        let reason = messages.last().map(|m| verbatim(m)).unwrap_or_default();
        return TransportError::DnsUnresolved { host, reason };
    }
    TransportError::Other {
        reason: messages.last().map_or_else(
            || tr!("the connection failed", "die Verbindung ist gescheitert").into(),
            |m| verbatim(m),
        ),
    }
}

/// The error and its causes, looking inside `io::Error`s, whose `source()` skips the
/// wrapped error (that is where rustls' error sits).
fn cause_chain<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut chain = Vec::new();
    let mut current = Some(error);
    while let Some(err) = current {
        chain.push(err);
        current = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => err.source(),
        };
    }
    chain
}

pub(crate) fn describe_tls(error: &rustls::Error) -> String {
    use rustls::{CertificateError, Error};
    match error {
        Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            tr!(
                "the server's certificate was issued by an authority this computer does not trust",
                "das Zertifikat des Servers stammt von einer Stelle, der dieser Computer nicht vertraut"
            )
            .into()
        }
        Error::InvalidCertificate(
            CertificateError::Expired | CertificateError::ExpiredContext { .. },
        ) => tr!(
            "the server's certificate has expired",
            "das Zertifikat des Servers ist abgelaufen"
        )
        .into(),
        Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => tr!(
            "the server's certificate is for a different host name",
            "das Zertifikat des Servers gilt für einen anderen Hostnamen"
        )
        .into(),
        Error::InvalidMessage(_) => tr!(
            "the server did not answer with TLS (is it plain http, or not a web server?)",
            "der Server hat nicht mit TLS geantwortet (unverschlüsseltes http oder kein Webserver?)"
        )
        .into(),
        other => verbatim(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_status_and_sizes_not_the_body_or_headers() {
        let response = HttpResponse {
            status: 401,
            status_line: "HTTP/1.1 401 Unauthorized".into(),
            content_type: Some("application/json".into()),
            location: Some("https://x/?secret=s3cr3t".into()),
            www_authenticate: Some("Basic s3cr3t".into()),
            retry_after: None,
            headers: vec![("server".into(), "s3cr3t".into())],
            body: br#"{"echo":"s3cr3t"}"#.to_vec(),
            rate_limit_waits: Vec::new(),
        };
        let shown = format!("{response:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(
            shown.contains("401") && shown.contains("body_bytes: 17"),
            "{shown}"
        );
    }

    #[test]
    fn retry_after_seconds_are_parsed() {
        assert_eq!(parse_retry_after(" 5 "), Some(Duration::from_secs(5)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
