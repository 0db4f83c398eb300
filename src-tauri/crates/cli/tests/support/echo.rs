//! A hostile server: it echoes every credential it receives (the Authorization header, the
//! decoded Basic pair, the form body, the bearer token, the query) back into every place a
//! server controls, in every encoding a careless or malicious server might use, with
//! terminal escape sequences and bidi overrides mixed in. It issues a JWT whose claims
//! quote the secret, answers the first token request with `invalid_client` and a quoting
//! `error_description`, and gives each SCIM endpoint a different quoting answer (a list
//! whose user names quote the secret, SCIM errors with `scimType`/`detail`, a redirect
//! whose `Location` carries it, a plain-text 500). A check run against it must show none
//! of it.

use super::{serve, Fixture, Request, Response};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use haiilo_scim_core::redact::forbidden_forms;
use std::sync::{Arc, Mutex};

/// What the server does at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAnswer {
    /// HTTP Basic is refused with `invalid_client`, the form body gets a token: the whole
    /// ladder runs.
    IssueOnPost,
    /// Every token request is refused with an unknown `error` that quotes the request.
    RefuseWithEcho,
}

/// Control sequences a hostile server might slip into text meant for a terminal.
pub const TERMINAL_ATTACK: &str = "\u{1b}[2J\u{1b}[31m\u{1b}]0;owned\u{7}\r\u{202E}\u{9b}1;1H";

/// What the server has heard and handed out so far.
#[derive(Default)]
struct Memory {
    /// Credentials from token requests, echoed again in every later answer.
    heard: Vec<String>,
    /// Access tokens issued (each a JWT quoting the secret).
    issued: Vec<String>,
}

pub struct EchoServer {
    pub fixture: Fixture,
    memory: Arc<Mutex<Memory>>,
}

impl EchoServer {
    pub fn scim_url(&self) -> String {
        self.fixture.scim_url()
    }
    pub fn token_url(&self) -> String {
        self.fixture.token_url()
    }
    pub fn issued_tokens(&self) -> Vec<String> {
        self.memory.lock().unwrap().issued.clone()
    }
}

pub async fn echo_server(token_answer: TokenAnswer) -> EchoServer {
    let memory = Arc::new(Mutex::new(Memory::default()));
    let shared = memory.clone();
    let fixture = serve(move |request| answer(request, token_answer, &shared)).await;
    EchoServer { fixture, memory }
}

/// The credentials in a request, as sent and decoded.
fn material(request: &Request) -> Vec<String> {
    let mut found = Vec::new();
    if let Some((_, auth)) = request.headers.iter().find(|(k, _)| k == "authorization") {
        found.push(auth.clone());
        if let Some(encoded) = auth.strip_prefix("Basic ") {
            found.push(encoded.to_string());
            if let Some(pair) = STANDARD
                .decode(encoded)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
            {
                found.push(pair.clone());
                if let Some((id, secret)) = pair.split_once(':') {
                    found.push(form_decode(id));
                    found.push(form_decode(secret));
                }
            }
        }
        if let Some(token) = auth.strip_prefix("Bearer ") {
            found.push(token.to_string());
        }
    }
    let body = String::from_utf8_lossy(&request.body).to_string();
    if !body.is_empty() {
        for (key, value) in form_urlencoded::parse(body.as_bytes()) {
            if key == "client_secret" {
                found.push(value.into_owned());
            }
        }
        found.push(body);
    }
    found.push(request.target.clone());
    found
}

fn form_decode(text: &str) -> String {
    form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Values longer than this (the issued JWT) are echoed in fewer spellings.
const LONG_VALUE: usize = 1000;

/// Every credential in every forbidden spelling, plus mixed spellings no list holds (some
/// characters JSON-escaped, hex in mixed case, HTML references), plus terminal attacks.
fn echoes(request: &Request, memory: &Mutex<Memory>) -> Vec<String> {
    let heard = {
        let mut memory = memory.lock().unwrap();
        if request.path().ends_with("/oauth/token") {
            for value in material(request) {
                if !memory.heard.contains(&value) {
                    memory.heard.push(value);
                }
            }
        }
        memory.heard.clone()
    };
    let mut values = heard;
    for value in material(request) {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    let mut all = Vec::new();
    for value in values {
        if value.len() > LONG_VALUE {
            // A long token: as it is and half-escaped keeps the answers a few MB at most.
            all.push(half_json_escaped(&value));
            all.push(value);
            continue;
        }
        all.extend(forbidden_forms(&value));
        all.push(half_json_escaped(&value));
        all.push(mixed_case_percent(&value));
        all.push(html_references(&value));
        all.push(format!("Authorization: {value}"));
    }
    all.push(TERMINAL_ATTACK.to_string());
    all
}

/// Every other character as `\uXXXX`.
fn half_json_escaped(value: &str) -> String {
    value
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 && (c as u32) < 0x10000 {
                format!("\\u{:04x}", c as u32)
            } else if c == '"' || c == '\\' {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Every byte percent-encoded, the hex of every other one in lower case.
fn mixed_case_percent(value: &str) -> String {
    value
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            if i % 2 == 0 {
                format!("%{b:02x}")
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn html_references(value: &str) -> String {
    value.chars().map(|c| format!("&#{};", c as u32)).collect()
}

/// Longest header value sent (well under the 64 KiB hyper accepts for a whole head).
const HEADER_BYTES: usize = 6000;

/// A header value may only hold visible ASCII: the echoes that fit, joined, the secret's
/// forms first.
fn header_value(echoes: &[String]) -> String {
    header_value_within(echoes, HEADER_BYTES)
}

fn header_value_within(echoes: &[String], limit: usize) -> String {
    let mut value = String::new();
    for echo in echoes
        .iter()
        .filter(|e| e.chars().all(|c| c.is_ascii_graphic() || c == ' '))
    {
        if value.len() + echo.len() + 1 > limit {
            continue;
        }
        if !value.is_empty() {
            value.push(' ');
        }
        value.push_str(echo);
    }
    value
}

fn json_echo(echoes: &[String]) -> serde_json::Value {
    serde_json::Value::String(echoes.join(" | "))
}

/// The response headers a server controls, each quoting the request.
fn with_echo_headers(mut response: Response, echoes: &[String]) -> Response {
    let quoted = header_value(echoes);
    for name in ["Server", "Via", "Cache-Control", "X-Echo"] {
        response = response.with_header(name, &quoted);
    }
    response
}

fn answer(request: &Request, token_answer: TokenAnswer, memory: &Mutex<Memory>) -> Response {
    let echoes = echoes(request, memory);
    let text = json_echo(&echoes);
    let path = request.path();
    let authenticated = request
        .headers
        .iter()
        .any(|(k, v)| k == "authorization" && v.starts_with("Bearer "));
    let response = if path.ends_with("/oauth/token") {
        let basic = request
            .headers
            .iter()
            .any(|(k, v)| k == "authorization" && v.starts_with("Basic "));
        match token_answer {
            TokenAnswer::RefuseWithEcho => Response::json(
                400,
                &serde_json::json!({
                    "error": text, "error_description": text, "error_uri": text,
                    "echo": {"authorization": echoes.first(), "password": text}
                })
                .to_string(),
            )
            .with_header("Location", &header_value(&echoes))
            .with_header(
                "WWW-Authenticate",
                &format!("Basic realm=\"{}\"", header_value(&echoes)),
            ),
            TokenAnswer::IssueOnPost if basic => Response::json(
                401,
                &serde_json::json!({"error": "invalid_client", "error_description": text})
                    .to_string(),
            )
            .with_header(
                "WWW-Authenticate",
                &format!("Basic realm=\"{}\"", header_value(&echoes)),
            ),
            TokenAnswer::IssueOnPost => {
                let token = jwt_quoting(&echoes);
                memory.lock().unwrap().issued.push(token.clone());
                Response::json(
                    200,
                    &serde_json::json!({
                        "access_token": token,
                        "token_type": format!("Bearer {}", echoes.join(" ")),
                        "scope": text,
                        "expires_in": 3600,
                    })
                    .to_string(),
                )
            }
        }
    } else if !authenticated {
        Response::scim(401, &scim_error("401", None, &text)).with_header(
            "WWW-Authenticate",
            &format!(
                "Bearer realm=\"{}\", error_description=\"{}\"",
                header_value(&echoes),
                header_value(&echoes)
            ),
        )
    } else if path.ends_with("/ServiceProviderConfig") {
        Response::new(
            500,
            &format!("text/plain; charset={}", header_value(&echoes[..1])),
            echoes.join("\n"),
        )
    } else if path.ends_with("/Groups") {
        Response::new(
            302,
            "text/html",
            format!("<a href=\"{}\">moved</a>", echoes.join(" ")),
        )
        .with_header(
            "Location",
            &format!(
                "https://{}@login.example/sso?{}",
                mixed_case_percent(&echoes[0]),
                header_value(&echoes)
            ),
        )
    } else if request.target.contains("filter=") {
        Response::scim(400, &scim_error("400", Some(&text), &text))
    } else if path.ends_with("/Users") {
        Response::scim(200, &list_quoting(&echoes))
    } else {
        Response::scim(404, &scim_error("404", Some(&text), &text))
    };
    with_echo_headers(response, &echoes)
}

fn scim_error(
    status: &str,
    scim_type: Option<&serde_json::Value>,
    detail: &serde_json::Value,
) -> String {
    serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": status,
        "scimType": scim_type,
        "detail": detail,
    })
    .to_string()
}

/// A ListResponse whose users' names and ids quote the request.
fn list_quoting(echoes: &[String]) -> String {
    let users: Vec<serde_json::Value> = echoes
        .iter()
        .take(12)
        .enumerate()
        .map(|(i, e)| {
            serde_json::json!({
                "id": format!("{i}-{e}"),
                "userName": e,
                "name": {"formatted": format!("{e}{TERMINAL_ATTACK}")},
                "displayName": e,
                "active": true,
            })
        })
        .collect();
    serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": users.len(),
        "startIndex": 1,
        "itemsPerPage": users.len(),
        "Resources": users,
    })
    .to_string()
}

/// An unsigned JWT whose issuer, audience and algorithm quote the request (a few KB of it,
/// so the token still fits in a header).
fn jwt_quoting(echoes: &[String]) -> String {
    let quoted = header_value_within(echoes, 1200);
    let header = serde_json::json!({"alg": quoted, "typ": "JWT"});
    let claims = serde_json::json!({
        "iss": quoted,
        "aud": [quoted.clone(), echoes.first()],
        "sub": echoes.first(),
        "exp": 4_102_444_800i64,
    });
    format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}
