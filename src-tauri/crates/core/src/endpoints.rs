//! Turning whatever the admin pastes into the two Haiilo endpoints PingOne needs.
//!
//! Admins paste a bare host, the web app URL, the SCIM base URL, a PingOne field with
//! `//Users`, or an e-mail address. We accept every shape that unambiguously names a host,
//! derive `https://<host>/api/scim/v2` and `https://<host>/api/oauth/token`, and report each
//! change we made as a short note. Anything we cannot interpret safely is rejected with a
//! message that says what is wrong and what to type instead.

use serde::Serialize;
use std::net::IpAddr;
use url::{Host, Url};

/// Haiilo's fixed paths on every tenant (reference table).
pub const SCIM_PATH: &str = "/api/scim/v2";
pub const TOKEN_PATH: &str = "/api/oauth/token";

/// Where a user is told to look when a domain alone cannot describe their installation.
const ADVANCED_HINT: &str = "use Advanced to enter the SCIM base URL and token URL yourself";

/// Query keys that mean the admin pasted a URL carrying a credential. We refuse such input
/// rather than silently dropping it, so the admin learns the value was exposed.
const SECRET_QUERY_KEYS: &[&str] = &[
    "client_secret",
    "secret",
    "access_token",
    "token",
    "id_token",
    "refresh_token",
    "password",
    "pwd",
    "apikey",
    "api_key",
    "key",
    "code",
    "sig",
    "signature",
];

/// Characters that copy-paste from chat tools and PDFs carries along invisibly.
const INVISIBLE_CHARS: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Endpoints {
    /// Host name in ASCII (punycode), with `:port` when it is not the default.
    pub host: String,
    pub scim_base_url: String,
    pub token_url: String,
    /// One short sentence per change made to the input, for the UI and the CLI.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("Enter your Haiilo domain, for example acme.haiilo.app.")]
    Empty,
    #[error(
        "This is an e-mail address, not a domain. Type only the part after the @: {suggestion}"
    )]
    EmailAddress { suggestion: String },
    // The user name and password are never repeated: the message is shown and may be saved.
    #[error("The address contains a user name or password before the host (…@). Remove it and type only the domain, for example {host}. If that password is real, consider it exposed and change it.")]
    Credentials { host: String },
    #[error("The address contains what looks like a secret in its query string ({key}=…). Never paste secrets into this field; type only the domain, for example {host}. If that secret is real, consider it exposed and replace it.")]
    SecretInQuery { key: String, host: String },
    #[error("'{scheme}://' is not a web address Haiilo uses. Type the domain, for example acme.haiilo.app, or a https:// address.")]
    UnsupportedScheme { scheme: String },
    #[error("The domain '{host}' contains a space. Domains have no spaces: check for a typo, for example acme.haiilo.app.")]
    WhitespaceInHost { host: String },
    #[error("The domain '{host}' contains '{character}', which is not allowed in a domain name. Use only letters, digits, hyphens and dots, for example acme.haiilo.app.")]
    InvalidCharacter { host: String, character: char },
    #[error("'{host}' is not a full domain name (it has no dot). Type the whole name, for example {suggestion}.")]
    NoDot { host: String, suggestion: String },
    #[error("'{host}' is not a valid domain name: {reason}.")]
    InvalidHost { host: String, reason: String },
    #[error("The port '{port}' is not a number between 1 and 65535. Leave the port out unless your installation uses a special one.")]
    InvalidPort { port: String },
    #[error("The address has no domain in it. Type the domain, for example acme.haiilo.app.")]
    MissingHost,
    #[error("The {field} '{value}' is not a complete web address: {reason}. Type the full address starting with https://.")]
    InvalidUrl {
        field: &'static str,
        value: String,
        reason: String,
    },
    #[error("The {field} uses http://, which sends the token and the users' data unencrypted. Use https:// (plain http is only allowed for a local test server on 127.0.0.1 or localhost).")]
    InsecureHttp { field: &'static str },
    #[error(
        "The {field} must not contain {part}. Remove it: the address should look like {example}."
    )]
    UnexpectedUrlPart {
        field: &'static str,
        part: &'static str,
        example: &'static str,
    },
}

impl EndpointError {
    /// Stable code for the UI and the CLI's JSON, which branch on it rather than on text.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::EmailAddress { .. } => "email_address",
            Self::Credentials { .. } => "credentials_in_url",
            Self::SecretInQuery { .. } => "secret_in_query",
            Self::UnsupportedScheme { .. } => "unsupported_scheme",
            Self::WhitespaceInHost { .. } => "whitespace_in_host",
            Self::InvalidCharacter { .. } => "invalid_character",
            Self::NoDot { .. } => "no_dot",
            Self::InvalidHost { .. } => "invalid_host",
            Self::InvalidPort { .. } => "invalid_port",
            Self::MissingHost => "missing_host",
            Self::InvalidUrl { .. } => "invalid_url",
            Self::InsecureHttp { .. } => "insecure_http",
            Self::UnexpectedUrlPart { .. } => "unexpected_url_part",
        }
    }
}

impl Endpoints {
    /// Derives both endpoints from a Haiilo domain in any of the shapes admins paste.
    pub fn from_domain(input: &str) -> Result<Self, EndpointError> {
        let mut notes = Vec::new();
        let text = clean_pasted_text(input, &mut notes);
        if text.is_empty() {
            return Err(EndpointError::Empty);
        }

        let rest = strip_scheme(&text, &mut notes)?;
        let (authority, tail) = split_authority(rest);
        let host_hint = authority
            .rsplit('@')
            .next()
            .unwrap_or(authority)
            .to_string();

        if let Some((userinfo, domain)) = authority.rsplit_once('@') {
            return Err(if rest.len() == text.len() && !userinfo.contains(':') {
                EndpointError::EmailAddress {
                    suggestion: domain.to_ascii_lowercase(),
                }
            } else {
                EndpointError::Credentials {
                    host: domain.to_ascii_lowercase(),
                }
            });
        }
        let (path, query, fragment) = split_tail(tail);
        if let Some(query) = query {
            check_query(query, &host_hint, &mut notes)?;
        }
        if fragment.is_some_and(|f| !f.is_empty()) {
            notes.push("Ignored the part after # (it belongs to the web app, not to SCIM).".into());
        }

        let (host, port) = parse_authority(authority, &mut notes)?;
        describe_path(path, &host, &mut notes);

        let host_port = match port {
            Some(port) if port != 443 => format!("{host}:{port}"),
            _ => host,
        };
        Ok(Self {
            scim_base_url: format!("https://{host_port}{SCIM_PATH}"),
            token_url: format!("https://{host_port}{TOKEN_PATH}"),
            host: host_port,
            notes,
        })
    }

    /// Uses explicitly given URLs, for self-hosted or proxied installations and local tests.
    /// `http://` is accepted only for loopback hosts.
    pub fn from_explicit(scim_base_url: &str, token_url: &str) -> Result<Self, EndpointError> {
        let mut notes = Vec::new();
        let scim = parse_explicit_url("SCIM base URL", scim_base_url, &mut notes)?;
        let token = parse_explicit_url("token URL", token_url, &mut notes)?;

        let mut path = scim.path().to_string();
        if path.ends_with('/') {
            path = path.trim_end_matches('/').to_string();
            notes.push("Removed the trailing slash from the SCIM base URL (PingOne adds /Users itself, a slash would make //Users).".into());
        }
        for resource in ["/Users", "/Groups"] {
            if path
                .to_ascii_lowercase()
                .ends_with(&resource.to_ascii_lowercase())
            {
                path.truncate(path.len() - resource.len());
                path = path.trim_end_matches('/').to_string();
                notes.push(format!(
                    "Removed {resource} from the end of the SCIM base URL (it is entered separately as a resource)."
                ));
            }
        }

        let host = host_with_port(&scim);
        if host_with_port(&token) != host {
            notes.push(format!(
                "The token URL is on {} but the SCIM base URL is on {host}; on Haiilo both live on the same host.",
                host_with_port(&token)
            ));
        }
        let origin = scim.origin().ascii_serialization();
        Ok(Self {
            scim_base_url: format!("{origin}{path}"),
            token_url: token.as_str().to_string(),
            host,
            notes,
        })
    }
}

/// True for 127.0.0.0/8, ::1 and `localhost`: the only places plain http may go.
pub fn is_loopback_host(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
    }
}

fn host_with_port(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// Removes what copy-paste adds around a value: invisible characters, white space,
/// quotes and angle brackets (from e-mails and chat messages).
fn clean_pasted_text(input: &str, notes: &mut Vec<String>) -> String {
    let mut text: String = input.replace('\u{00A0}', " ");
    if text.contains(INVISIBLE_CHARS) {
        text.retain(|c| !INVISIBLE_CHARS.contains(&c));
        notes.push("Removed invisible characters that came with the pasted text.".into());
    }
    let trimmed = text.trim();
    if trimmed.len() != text.len() && !trimmed.is_empty() {
        notes.push("Removed spaces around the domain.".into());
    }
    let mut text = trimmed.to_string();
    for (open, close) in [('"', '"'), ('\'', '\''), ('<', '>'), ('`', '`')] {
        if text.len() >= 2 && text.starts_with(open) && text.ends_with(close) {
            text = text[1..text.len() - 1].trim().to_string();
            notes.push("Removed the quotes around the domain.".into());
        }
    }
    text
}

fn strip_scheme<'a>(text: &'a str, notes: &mut Vec<String>) -> Result<&'a str, EndpointError> {
    if let Some((scheme, rest)) = text.split_once("://") {
        // Only treat it as a scheme when it looks like one (letters only), so that a
        // stray "://" inside a path does not swallow the host.
        if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic()) {
            return match scheme.to_ascii_lowercase().as_str() {
                "https" => Ok(rest),
                "http" => {
                    notes.push(
                        "Switched http:// to https:// (Haiilo and PingOne only talk over HTTPS)."
                            .into(),
                    );
                    Ok(rest)
                }
                other => Err(EndpointError::UnsupportedScheme {
                    scheme: other.to_string(),
                }),
            };
        }
    }
    Ok(text.strip_prefix("//").unwrap_or(text))
}

/// Splits `host[:port]` from the rest at the first `/`, `?`, `#` or `\`.
/// Refuses a domain or URL field holding a credential: a password before the host
/// (`user:pass@`, or any `user@` in a URL with a scheme) or a secret-looking query key.
/// An e-mail address typed as a domain is not refused here (it is no secret; the domain
/// check explains it). Run before a field is saved, so that setups.json never holds one;
/// the error does not repeat the credential.
pub fn refuse_credentials(input: &str) -> Result<(), EndpointError> {
    let text = input.trim();
    let (has_scheme, rest) = match text.find("://") {
        Some(i) => (true, &text[i + 3..]),
        None => (false, text),
    };
    let (authority, tail) = split_authority(rest);
    if let Some((userinfo, host)) = authority.rsplit_once('@') {
        if has_scheme || userinfo.contains(':') {
            return Err(EndpointError::Credentials {
                host: host.to_ascii_lowercase(),
            });
        }
    }
    let (_, query, _) = split_tail(tail);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(query) = query {
        for (key, _) in form_urlencoded::parse(query.as_bytes()) {
            let key = key.to_ascii_lowercase();
            if SECRET_QUERY_KEYS.contains(&key.as_str()) {
                return Err(EndpointError::SecretInQuery {
                    key,
                    host: host.to_ascii_lowercase(),
                });
            }
        }
    }
    Ok(())
}

fn split_authority(rest: &str) -> (&str, &str) {
    match rest.find(['/', '?', '#', '\\']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    }
}

fn split_tail(tail: &str) -> (&str, Option<&str>, Option<&str>) {
    let (before_fragment, fragment) = match tail.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (tail, None),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((a, b)) => (a, Some(b)),
        None => (before_fragment, None),
    };
    (path, query, fragment)
}

fn check_query(query: &str, host: &str, notes: &mut Vec<String>) -> Result<(), EndpointError> {
    for (key, _) in form_urlencoded::parse(query.as_bytes()) {
        let key = key.to_ascii_lowercase();
        if SECRET_QUERY_KEYS.contains(&key.as_str()) {
            return Err(EndpointError::SecretInQuery {
                key,
                host: host.to_ascii_lowercase(),
            });
        }
    }
    if !query.is_empty() {
        notes.push("Ignored the query string after ? (SCIM does not use it).".into());
    }
    Ok(())
}

/// Validates and normalises `host[:port]`: lower case, punycode, no trailing dot.
fn parse_authority(
    authority: &str,
    notes: &mut Vec<String>,
) -> Result<(String, Option<u16>), EndpointError> {
    if authority.is_empty() {
        return Err(EndpointError::MissingHost);
    }
    if authority.chars().any(char::is_whitespace) {
        return Err(EndpointError::WhitespaceInHost {
            host: authority.to_string(),
        });
    }
    let (raw_host, raw_port) = split_port(authority);
    let port = match raw_port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return Err(EndpointError::InvalidPort {
                    port: p.to_string(),
                })
            }
        },
    };
    if let Some(port) = port.filter(|p| *p != 443) {
        notes.push(format!("Kept port {port} from what you typed."));
    }

    if let Some(inner) = raw_host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return match inner.parse::<std::net::Ipv6Addr>() {
            Ok(ip) => Ok((format!("[{ip}]"), port)),
            Err(_) => Err(EndpointError::InvalidHost {
                host: raw_host.to_string(),
                reason: "the part in brackets is not an IPv6 address".into(),
            }),
        };
    }

    let mut host = raw_host.to_string();
    if host.ends_with('.') && host.len() > 1 {
        host.pop();
        notes.push("Removed the dot at the end of the domain.".into());
    }
    if let Some(bad) = host
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(EndpointError::InvalidCharacter {
            host: raw_host.to_string(),
            character: bad,
        });
    }
    if host.contains("..") || host.starts_with('.') {
        return Err(EndpointError::InvalidHost {
            host: raw_host.to_string(),
            reason: "it has an empty part between two dots".into(),
        });
    }
    if host.parse::<IpAddr>().is_ok() {
        return Ok((host, port));
    }
    if !host.contains('.') {
        return Err(EndpointError::NoDot {
            suggestion: format!("{}.haiilo.app", host.to_lowercase()),
            host,
        });
    }

    let ascii = match Host::parse(&host) {
        Ok(Host::Domain(name)) => name,
        Ok(other) => return Ok((other.to_string(), port)),
        Err(e) => {
            return Err(EndpointError::InvalidHost {
                host: raw_host.to_string(),
                reason: e.to_string(),
            })
        }
    };
    validate_labels(&ascii, raw_host)?;
    if ascii.contains("xn--") && !host.to_ascii_lowercase().contains("xn--") {
        notes.push(format!(
            "Converted the international domain name to its ASCII form {ascii}."
        ));
    } else if host != ascii {
        notes.push("Converted the domain to lower case.".into());
    }
    Ok((ascii, port))
}

/// Splits a trailing `:port`, leaving IPv6 literals in brackets intact.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.rsplit_once("]:") {
            Some((host, port)) => (&authority[..host.len() + 1], Some(port)),
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

/// DNS label rules (RFC 1035 §2.3.4, RFC 5891): 1–63 octets, no hyphen at either end,
/// at most 253 octets in all.
fn validate_labels(ascii: &str, raw: &str) -> Result<(), EndpointError> {
    let invalid = |reason: &str| EndpointError::InvalidHost {
        host: raw.to_string(),
        reason: reason.to_string(),
    };
    if ascii.len() > 253 {
        return Err(invalid("it is longer than 253 characters"));
    }
    for label in ascii.split('.') {
        if label.len() > 63 {
            return Err(invalid("one of its parts is longer than 63 characters"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid("a part of it starts or ends with a hyphen"));
        }
    }
    if ascii
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(invalid("its last part is a number"));
    }
    Ok(())
}

/// Explains what we did with a path the admin pasted; the path itself is never used, because
/// Haiilo's SCIM and token paths are fixed on every tenant.
fn describe_path(path: &str, host: &str, notes: &mut Vec<String>) {
    let had_double_slash = path.contains("//");
    let segments: Vec<&str> = path.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return;
    }
    let mut rest: Vec<String> = segments.iter().map(|s| s.to_ascii_lowercase()).collect();
    if let Some(last) = rest.last().cloned() {
        if last == "users" || last == "groups" {
            rest.pop();
            let shown = segments.last().copied().unwrap_or_default();
            notes.push(format!(
                "Removed /{shown} from the end (PingOne adds the Users and Groups resources itself)."
            ));
        }
    }
    if had_double_slash {
        notes.push("The pasted address had a double slash (like //Users): the SCIM BASE URL must not end with a slash.".into());
    }
    let rest_path = format!("/{}", rest.join("/"));
    match rest_path.as_str() {
        "/" => {}
        SCIM_PATH => notes.push("Took the domain from the SCIM base URL you pasted.".into()),
        TOKEN_PATH => notes.push("Took the domain from the token URL you pasted.".into()),
        p if p.ends_with(SCIM_PATH) => notes.push(format!(
            "Ignored the path before /api/scim/v2. If your installation really lives under {}, {ADVANCED_HINT}.",
            &p[..p.len() - SCIM_PATH.len()]
        )),
        _ => notes.push(format!(
            "Ignored the path {rest_path}: the SCIM address is always https://{host}{SCIM_PATH} (if your installation differs, {ADVANCED_HINT})."
        )),
    }
}

fn parse_explicit_url(
    field: &'static str,
    input: &str,
    notes: &mut Vec<String>,
) -> Result<Url, EndpointError> {
    let text: String = input
        .trim()
        .chars()
        .filter(|c| !INVISIBLE_CHARS.contains(c))
        .collect();
    if text.len() != input.len() && !text.is_empty() {
        notes.push(format!(
            "Removed spaces or invisible characters around the {field}."
        ));
    }
    if text.is_empty() {
        return Err(EndpointError::InvalidUrl {
            field,
            value: String::new(),
            reason: "it is empty".into(),
        });
    }
    // A malformed URL is repeated in the error, unless it holds a credential: then the
    // error says so instead, and does not repeat it.
    let invalid = |reason: String| match refuse_credentials(&text) {
        Err(credentials) => credentials,
        Ok(()) => EndpointError::InvalidUrl {
            field,
            value: text.clone(),
            reason,
        },
    };
    let url = Url::parse(&text).map_err(|e| invalid(e.to_string()))?;
    let example = if field == "token URL" {
        "https://acme.haiilo.app/api/oauth/token"
    } else {
        "https://acme.haiilo.app/api/scim/v2"
    };
    let host = url.host().ok_or_else(|| invalid("it has no host".into()))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(&host) => {}
        "http" => return Err(EndpointError::InsecureHttp { field }),
        other => {
            return Err(EndpointError::UnsupportedScheme {
                scheme: other.to_string(),
            })
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(EndpointError::UnexpectedUrlPart {
            field,
            part: "a user name or password",
            example,
        });
    }
    if url.query().is_some() {
        return Err(EndpointError::UnexpectedUrlPart {
            field,
            part: "a query string (?…)",
            example,
        });
    }
    if url.fragment().is_some() {
        return Err(EndpointError::UnexpectedUrlPart {
            field,
            part: "a fragment (#…)",
            example,
        });
    }
    Ok(url)
}

#[cfg(test)]
mod tests;
