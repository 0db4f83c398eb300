//! Small loopback servers that each misbehave in one way, and helpers shared by the suites.
#![allow(dead_code, clippy::unwrap_used)]

pub mod certs;
pub mod echo;
pub mod front;
pub mod proxy;
pub mod run;
pub mod scenario;

use haiilo_scim_core::check::{self, CheckOptions, CheckReport, CheckTarget, StepStatus};
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::findings::FindingCode;
use haiilo_scim_core::redact::{basic_credential_forms, bearer_credential_forms, forbidden_forms};
use haiilo_scim_core::secret::ClientSecret;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The secret every fixture accepts; it contains characters that break naive encoders.
pub const SECRET: &str = "fixture+Secret:42%/x";
/// The token every fixture hands out; asserted absent from every output.
pub const TOKEN: &str = "fixture-access-token-7f3a9c";
pub const CLIENT_ID: &str = "fixture-client";

pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }
    pub fn json(status: u16, body: &str) -> Self {
        Self::new(status, "application/json", body)
    }
    pub fn scim(status: u16, body: &str) -> Self {
        Self::new(status, "application/scim+json", body)
    }
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A good token response, for fixtures whose fault is on the SCIM side.
pub fn good_token() -> Response {
    Response::json(
        200,
        &format!(r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":3600}}"#),
    )
}

pub struct Fixture {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Fixture {
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn scim_url(&self) -> String {
        format!("{}/api/scim/v2", self.base())
    }
    pub fn token_url(&self) -> String {
        format!("{}/api/oauth/token", self.base())
    }
}

/// An HTTP/1.1 server on 127.0.0.1 answering every request with `handler`.
pub async fn serve(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Fixture {
    let handler = Arc::new(handler);
    serve_raw(move |mut stream| {
        let handler = handler.clone();
        async move {
            let Some(request) = read_request(&mut stream).await else {
                return;
            };
            let response = handler(&request);
            write_response(&mut stream, &response).await;
        }
    })
    .await
}

/// Writes `response` and closes the connection.
pub async fn write_response<S: tokio::io::AsyncWrite + Unpin>(stream: &mut S, response: &Response) {
    let mut head = format!("HTTP/1.1 {} X\r\n", response.status);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&response.body).await;
    let _ = stream.shutdown().await;
}

/// A TCP server on 127.0.0.1 handing each connection to `on_connection`.
pub async fn serve_raw<F, Fut>(on_connection: F) -> Fixture
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let on_connection = Arc::new(on_connection);
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(on_connection(stream));
        }
    });
    Fixture { addr, task }
}

pub async fn read_request<S: tokio::io::AsyncRead + Unpin>(stream: &mut S) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

/// Options for tests: short timeouts and rate-limit waits so no scenario lingers.
pub fn quick_options() -> CheckOptions {
    let mut options = CheckOptions::default();
    options.http.connect_timeout = Duration::from_secs(3);
    options.http.request_timeout = Duration::from_secs(5);
    options.http.max_retry_wait = Duration::from_secs(2);
    // Tests never use the machine's proxy settings.
    options.http.proxy = haiilo_scim_core::proxy::ProxyChoice::Direct;
    options.run_timeout = Duration::from_secs(20);
    // The test servers are practice tenants on this computer, like the demo; the scenarios
    // about addresses PingOne cannot reach turn this off.
    options.practice_target = true;
    options
}

pub async fn check(scim_url: &str, token_url: &str, secret: &str) -> CheckReport {
    check_with(scim_url, token_url, CLIENT_ID, secret, quick_options()).await
}

pub async fn check_with(
    scim_url: &str,
    token_url: &str,
    client_id: &str,
    secret: &str,
    options: CheckOptions,
) -> CheckReport {
    let target = CheckTarget {
        endpoints: Endpoints::from_explicit(scim_url, token_url).unwrap(),
        client_id: client_id.to_string(),
    };
    let report = check::run_check(&target, &ClientSecret::new(secret), &options, |_| {}).await;
    assert_no_credentials(
        &serde_json::to_string(&report).unwrap(),
        client_id,
        &[secret, TOKEN],
    );
    assert_no_credentials(&format!("{report:?}"), client_id, &[secret, TOKEN]);
    report
}

/// Every spelling of each value that must never appear (see
/// `haiilo_scim_core::redact::forbidden_forms`: plain, trimmed, percent-, JSON- and
/// base64-encoded) and, given the Client ID, the `Authorization: Basic` values each makes.
pub fn forbidden(values: &[&str], client_id: Option<&str>) -> Vec<String> {
    let mut forms = Vec::new();
    for value in values.iter().filter(|v| !v.trim().is_empty()) {
        forms.extend(forbidden_forms(value));
        forms.extend(bearer_credential_forms(value));
        if let Some(id) = client_id {
            forms.extend(basic_credential_forms(id, value));
            forms.extend(basic_credential_forms(id, value.trim()));
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

/// Fails the test if any secret value appears in `text`, in any of its forbidden forms.
pub fn assert_no_secrets(text: &str, secrets: &[&str]) {
    assert_none_of(text, &forbidden(secrets, None));
}

/// As `assert_no_secrets`, with the Basic header values made with `client_id` as well.
pub fn assert_no_credentials(text: &str, client_id: &str, secrets: &[&str]) {
    assert_none_of(text, &forbidden(secrets, Some(client_id)));
}

/// Fails the test if any of `forms` appears in `text`, naming the form (not the text, which
/// would print the leak into the test log).
pub fn assert_none_of(text: &str, forms: &[String]) {
    for form in forms {
        if let Some(at) = text.find(form.as_str()) {
            let before: String = text[..at]
                .chars()
                .rev()
                .take(60)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            panic!(
                "a secret leaked into output, spelled as form #{} of {} ({} chars), after: {before:?}",
                forms.iter().position(|f| f == form).unwrap_or(0),
                forms.len(),
                form.chars().count()
            );
        }
    }
}

/// Fails when an `Authorization` header value is spelled out in `text`: the only thing that
/// may follow `authorization: ` is `<redacted>` (or the start of it, where a length cap
/// cut the text with `…`).
pub fn assert_no_authorization_header(text: &str, what: &str) {
    let lower = text.to_ascii_lowercase();
    for (at, _) in lower.match_indices("authorization: ") {
        let rest = text[at + "authorization: ".len()..]
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        let cut = rest.split('…').next().unwrap_or_default();
        let redacted = rest.starts_with(haiilo_scim_core::redact::REDACTED)
            || (!cut.is_empty()
                && cut.len() < rest.len()
                && haiilo_scim_core::redact::REDACTED.starts_with(cut));
        assert!(
            redacted,
            "an Authorization header leaked into {what} (byte {at})"
        );
    }
}

/// Asserts the step ended with this status and this finding as its worst, with a fix to
/// act on. `step` "*" means the first step that has this finding.
pub fn assert_finding(report: &CheckReport, step: &str, status: StepStatus, code: FindingCode) {
    let found = report
        .steps
        .iter()
        .find(|s| {
            s.id.as_str() == step || (step == "*" && s.findings.iter().any(|f| f.code == code))
        })
        .unwrap_or_else(|| panic!("no step {step} in {report:#?}"));
    assert_eq!(found.status, status, "{found:#?}");
    let finding = found
        .finding
        .as_ref()
        .unwrap_or_else(|| panic!("no finding: {found:#?}"));
    assert_eq!(finding.code, code, "{found:#?}");
    assert!(finding.fix.len() > 40, "fix too thin: {}", finding.fix);
    assert!(!finding.summary.is_empty());
    if status == StepStatus::Fail {
        assert!(!report.ok);
    }
}
