//! A loopback front for the demo tenant that changes exactly one behaviour: it answers,
//! rewrites or redirects the requests a scenario picks and passes everything else to the
//! compliant tenant behind it. It also remembers every access token the tenant hands out,
//! so tests can prove none of them leaks.

use super::{read_request, serve_raw, write_response, Fixture, Request, Response};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

type Edit = Box<dyn Fn(&mut Response) + Send + Sync>;

/// What the front does with one request.
pub enum Action {
    /// Pass it to the tenant unchanged.
    Forward,
    /// Pass it to the tenant with another request target (path and query).
    ForwardTo(String),
    /// Answer it here; the tenant never sees it.
    Reply(Response),
    /// Pass it on and change the tenant's answer.
    Edit(Edit),
}

impl Action {
    pub fn edit(f: impl Fn(&mut Response) + Send + Sync + 'static) -> Self {
        Action::Edit(Box::new(f))
    }
}

pub struct Front {
    pub fixture: Fixture,
    /// Access tokens seen in token responses.
    pub tokens: Arc<Mutex<Vec<String>>>,
}

impl Front {
    pub fn scim_url(&self) -> String {
        self.fixture.scim_url()
    }
    pub fn token_url(&self) -> String {
        self.fixture.token_url()
    }
    pub fn base(&self) -> String {
        self.fixture.base()
    }
    pub fn tokens(&self) -> Vec<String> {
        self.tokens.lock().unwrap().clone()
    }
}

/// Whether the request carries a bearer token.
pub fn authenticated(request: &Request) -> bool {
    request
        .headers
        .iter()
        .any(|(k, v)| k == "authorization" && v.to_ascii_lowercase().starts_with("bearer "))
}

/// A request to the tenant's token endpoint.
pub fn is_token_request(request: &Request) -> bool {
    request.path() == "/api/oauth/token"
}

/// A `GET /Users` with the token and without a filter: a listing, not one of PingOne's
/// lookups.
pub fn unfiltered_user_listing(request: &Request) -> bool {
    authenticated(request)
        && request.path().ends_with("/Users")
        && !request.target.contains("filter=")
}

/// Serves on 127.0.0.1 in front of the tenant at `tenant`.
pub async fn front(
    tenant: SocketAddr,
    handler: impl Fn(&Request) -> Action + Send + Sync + 'static,
) -> Front {
    let handler = Arc::new(handler);
    let tokens = Arc::new(Mutex::new(Vec::new()));
    let seen = tokens.clone();
    let fixture = serve_raw(move |mut stream| {
        let handler = handler.clone();
        let seen = seen.clone();
        async move {
            let Some(request) = read_request(&mut stream).await else {
                return;
            };
            let (target, edit) = match handler(&request) {
                Action::Reply(response) => {
                    write_response(&mut stream, &response).await;
                    return;
                }
                Action::Forward => (request.target.clone(), None),
                Action::ForwardTo(target) => (target, None),
                Action::Edit(edit) => (request.target.clone(), Some(edit)),
            };
            let Some(mut response) = forward(tenant, &request, &target).await else {
                return;
            };
            if let Ok(json) = serde_json::from_slice::<serde_json::Value>(&response.body) {
                if let Some(token) = json.get("access_token").and_then(|t| t.as_str()) {
                    seen.lock().unwrap().push(token.to_string());
                }
            }
            if let Some(edit) = edit {
                edit(&mut response);
            }
            write_response(&mut stream, &response).await;
        }
    })
    .await;
    Front { fixture, tokens }
}

/// Sends the request to the tenant over a fresh connection and reads the whole answer.
async fn forward(tenant: SocketAddr, request: &Request, target: &str) -> Option<Response> {
    let mut upstream = TcpStream::connect(tenant).await.ok()?;
    let mut head = format!("{} {target} HTTP/1.1\r\n", request.method);
    for (name, value) in &request.headers {
        if !matches!(name.as_str(), "connection" | "content-length" | "host") {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Host: {tenant}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        request.body.len()
    ));
    upstream.write_all(head.as_bytes()).await.ok()?;
    upstream.write_all(&request.body).await.ok()?;
    let mut raw = Vec::new();
    upstream.read_to_end(&mut raw).await.ok()?;
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let mut headers = Vec::new();
    let mut chunked = false;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_string();
            let lower = name.to_ascii_lowercase();
            if lower == "transfer-encoding" {
                chunked = value.to_ascii_lowercase().contains("chunked");
                continue;
            }
            if matches!(lower.as_str(), "content-length" | "connection") {
                continue;
            }
            headers.push((name, value.trim().to_string()));
        }
    }
    let body = if chunked {
        dechunk(&raw[end..])
    } else {
        raw[end..].to_vec()
    };
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..line_end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

impl Response {
    /// Replaces a header's value (adding it when absent).
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
    }

    /// Edits the JSON body.
    pub fn edit_json(&mut self, f: impl FnOnce(&mut serde_json::Value)) {
        if let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&self.body) {
            f(&mut json);
            self.body = serde_json::to_vec(&json).unwrap();
        }
    }
}
