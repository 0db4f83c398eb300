//! Turning whatever the admin pastes into the two Haiilo endpoints PingOne needs.
//!
//! Admins paste a bare host, the web app URL, the SCIM base URL, a PingOne field with
//! `//Users`, or an e-mail address. We accept every shape that unambiguously names a host,
//! derive `https://<host>/api/scim/v2` and `https://<host>/api/oauth/token`, and report each
//! change we made as a short note. Anything we cannot interpret safely is rejected with a
//! message that says what is wrong and what to type instead.

use crate::error::InputErrorCode;
use crate::{tr, trf};
use serde::Serialize;
use std::net::IpAddr;
use url::{Host, Url};

mod credentials;
pub use credentials::{refuse_credentials, AddressField};

/// Haiilo's fixed paths on every tenant (reference table).
pub const SCIM_PATH: &str = "/api/scim/v2";
pub const TOKEN_PATH: &str = "/api/oauth/token";

/// Where a user is told to look when a domain alone cannot describe their installation.
fn advanced_hint() -> &'static str {
    tr!(
        "use Advanced to enter the SCIM base URL and token URL yourself",
        "geben Sie die SCIM-Basis-URL und die Token-URL unter „Erweitert“ selbst ein"
    )
}

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointError {
    Empty,
    /// The part after the @ of an e-mail address is the mail domain, which is rarely the
    /// host of the Haiilo web app, so no domain is suggested from it.
    EmailAddress,
    // The messages below name the kind of credential only, never the value.
    Credentials {
        field: AddressField,
        example: &'static str,
    },
    SecretInQuery {
        field: AddressField,
        key: String,
        example: &'static str,
    },
    CredentialPasted {
        field: AddressField,
        what: &'static str,
        example: &'static str,
    },
    ClientSecretPasted {
        field: AddressField,
        example: &'static str,
    },
    UnsupportedScheme {
        scheme: String,
    },
    WhitespaceInHost {
        host: String,
    },
    InvalidCharacter {
        host: String,
        character: char,
    },
    NoDot {
        host: String,
        suggestion: String,
    },
    InvalidHost {
        host: String,
        reason: String,
    },
    InvalidPort {
        port: String,
    },
    MissingHost,
    InvalidUrl {
        field: AddressField,
        value: String,
        reason: String,
    },
    InsecureHttp {
        field: AddressField,
    },
    UnexpectedUrlPart {
        field: AddressField,
        part: &'static str,
        example: &'static str,
    },
}

// The messages name the kind of credential only, never the value. Worded when shown, in
// the language of that moment.
impl std::fmt::Display for EndpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Empty => tr!(
                "Enter your Haiilo domain, for example acme.haiilo.app.",
                "Geben Sie Ihre Haiilo-Domain ein, zum Beispiel acme.haiilo.app."
            )
            .to_string(),
            Self::EmailAddress => tr!(
                "This looks like an e-mail address. The Haiilo domain is the address of your Haiilo web app, not the domain of your e-mail addresses: for example acme.haiilo.app, or your company's own host name for Haiilo. Open Haiilo in your browser and copy the address from there.",
                "Das sieht aus wie eine E-Mail-Adresse. Die Haiilo-Domain ist die Adresse Ihrer Haiilo-Web-App, nicht die Domain Ihrer E-Mail-Adressen: zum Beispiel acme.haiilo.app oder der eigene Hostname Ihres Unternehmens für Haiilo. Öffnen Sie Haiilo im Browser und kopieren Sie die Adresse von dort."
            )
            .to_string(),
            Self::Credentials { field, example } => trf!(
                "The {field} contains a user name or password before the host (the part before @). Remove it and type only the address, for example {example}. If that password is real, consider it exposed and change it.",
                "Das Feld „{field}“ enthält vor dem Host einen Benutzernamen oder ein Passwort (den Teil vor @). Entfernen Sie ihn und geben Sie nur die Adresse ein, zum Beispiel {example}. Ist das Passwort echt, betrachten Sie es als offengelegt und ändern Sie es."
            ),
            Self::SecretInQuery {
                field,
                key,
                example,
            } => trf!(
                "The {field} contains what looks like a secret ({key}=…). Never paste secrets into this field; type only the address, for example {example}. If that secret is real, consider it exposed and replace it.",
                "Das Feld „{field}“ enthält offenbar ein Secret ({key}=…). Fügen Sie nie Secrets in dieses Feld ein; geben Sie nur die Adresse ein, zum Beispiel {example}. Ist das Secret echt, betrachten Sie es als offengelegt und ersetzen Sie es."
            ),
            Self::CredentialPasted {
                field,
                what,
                example,
            } => trf!(
                "The {field} contains {what}, not an address. Never paste credentials into this field; type only the address, for example {example}. If that credential is real, consider it exposed and replace it.",
                "Das Feld „{field}“ enthält {what}, keine Adresse. Fügen Sie nie Zugangsdaten in dieses Feld ein; geben Sie nur die Adresse ein, zum Beispiel {example}. Sind die Zugangsdaten echt, betrachten Sie sie als offengelegt und ersetzen Sie sie."
            ),
            Self::ClientSecretPasted { field, example } => trf!(
                "The {field} contains this setup's Client Secret. Type the secret only into the Client Secret field; here, type the address, for example {example}.",
                "Das Feld „{field}“ enthält das „Client Secret“ dieses Setups. Geben Sie das Secret nur in das Feld „Client Secret“ ein; hier gehört die Adresse hin, zum Beispiel {example}."
            ),
            Self::UnsupportedScheme { scheme } => trf!(
                "'{scheme}://' is not a web address Haiilo uses. Type the domain, for example acme.haiilo.app, or a https:// address.",
                "„{scheme}://“ ist keine Webadresse, die Haiilo verwendet. Geben Sie die Domain ein, zum Beispiel acme.haiilo.app, oder eine https://-Adresse."
            ),
            Self::WhitespaceInHost { host } => trf!(
                "The domain '{host}' contains a space. Domains have no spaces: check for a typo, for example acme.haiilo.app.",
                "Die Domain „{host}“ enthält ein Leerzeichen. Domains haben keine Leerzeichen: Prüfen Sie sie auf Tippfehler, zum Beispiel acme.haiilo.app."
            ),
            Self::InvalidCharacter { host, character } => trf!(
                "The domain '{host}' contains '{character}', which is not allowed in a domain name. Use only letters, digits, hyphens and dots, for example acme.haiilo.app.",
                "Die Domain „{host}“ enthält „{character}“, das in einem Domainnamen nicht erlaubt ist. Verwenden Sie nur Buchstaben, Ziffern, Bindestriche und Punkte, zum Beispiel acme.haiilo.app."
            ),
            Self::NoDot { host, suggestion } => trf!(
                "'{host}' is not a full domain name (it has no dot). Type the whole name, for example {suggestion}.",
                "„{host}“ ist kein vollständiger Domainname (er hat keinen Punkt). Geben Sie den ganzen Namen ein, zum Beispiel {suggestion}."
            ),
            Self::InvalidHost { host, reason } => trf!(
                "'{host}' is not a valid domain name: {reason}.",
                "„{host}“ ist kein gültiger Domainname: {reason}."
            ),
            Self::InvalidPort { port } => trf!(
                "The port '{port}' is not a number between 1 and 65535. Leave the port out unless your installation uses a special one.",
                "Der Port „{port}“ ist keine Zahl zwischen 1 und 65535. Lassen Sie den Port weg, es sei denn, Ihre Installation verwendet einen besonderen."
            ),
            Self::MissingHost => tr!(
                "The address has no domain in it. Type the domain, for example acme.haiilo.app.",
                "Die Adresse enthält keine Domain. Geben Sie die Domain ein, zum Beispiel acme.haiilo.app."
            )
            .to_string(),
            Self::InvalidUrl {
                field,
                value,
                reason,
            } => trf!(
                "The {field} '{value}' is not a complete web address: {reason}. Type the full address starting with https://.",
                "Die Angabe „{value}“ im Feld „{field}“ ist keine vollständige Webadresse: {reason}. Geben Sie die vollständige Adresse mit https:// ein."
            ),
            Self::InsecureHttp { field } => trf!(
                "The {field} uses http://, which sends the token and the users' data unencrypted. Use https:// (plain http is only allowed for a local test server on 127.0.0.1 or localhost).",
                "Das Feld „{field}“ verwendet http://; damit gingen das Token und die Daten der Benutzer unverschlüsselt übers Netz. Verwenden Sie https:// (unverschlüsseltes http ist nur für einen lokalen Testserver auf 127.0.0.1 oder localhost erlaubt)."
            ),
            Self::UnexpectedUrlPart {
                field,
                part,
                example,
            } => trf!(
                "The {field} must not contain {part}. Remove it: the address should look like {example}.",
                "Das Feld „{field}“ darf {part} nicht enthalten. Entfernen Sie das: Die Adresse sollte so aussehen: {example}."
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for EndpointError {}

impl EndpointError {
    /// Stable code for the UI and the CLI's JSON, which branch on it rather than on text.
    pub fn code(&self) -> InputErrorCode {
        match self {
            Self::Empty => InputErrorCode::Empty,
            Self::EmailAddress => InputErrorCode::EmailAddress,
            Self::Credentials { .. } => InputErrorCode::CredentialsInUrl,
            Self::SecretInQuery { .. } => InputErrorCode::SecretInQuery,
            Self::CredentialPasted { .. } => InputErrorCode::CredentialPasted,
            Self::ClientSecretPasted { .. } => InputErrorCode::ClientSecretPasted,
            Self::UnsupportedScheme { .. } => InputErrorCode::UnsupportedScheme,
            Self::WhitespaceInHost { .. } => InputErrorCode::WhitespaceInHost,
            Self::InvalidCharacter { .. } => InputErrorCode::InvalidCharacter,
            Self::NoDot { .. } => InputErrorCode::NoDot,
            Self::InvalidHost { .. } => InputErrorCode::InvalidHost,
            Self::InvalidPort { .. } => InputErrorCode::InvalidPort,
            Self::MissingHost => InputErrorCode::MissingHost,
            Self::InvalidUrl { .. } => InputErrorCode::InvalidUrl,
            Self::InsecureHttp { .. } => InputErrorCode::InsecureHttp,
            Self::UnexpectedUrlPart { .. } => InputErrorCode::UnexpectedUrlPart,
        }
    }
}

impl Endpoints {
    /// Which of the two Advanced fields a refusal of [`Endpoints::from_explicit`] is about:
    /// the SCIM base URL is read first, so the token URL is at fault only when the SCIM base
    /// URL passes.
    pub fn explicit_error_field(scim_base_url: &str) -> AddressField {
        match parse_explicit_url(AddressField::ScimBaseUrl, scim_base_url, &mut Vec::new()) {
            Err(_) => AddressField::ScimBaseUrl,
            Ok(_) => AddressField::TokenUrl,
        }
    }

    /// Derives both endpoints from a Haiilo domain in any of the shapes admins paste.
    pub fn from_domain(input: &str) -> Result<Self, EndpointError> {
        let mut notes = Vec::new();
        let text = clean_pasted_text(input, &mut notes);
        if text.is_empty() {
            return Err(EndpointError::Empty);
        }

        // Before anything else, so that no later message can repeat a credential.
        refuse_credentials(AddressField::Domain, &text, None)?;

        let rest = strip_scheme(&text, &mut notes)?;
        let (authority, tail) = split_authority(rest);
        // What is left with an @ is `name@domain` without a scheme or password (anything
        // else was refused above as a credential).
        if authority.contains('@') {
            return Err(EndpointError::EmailAddress);
        }
        let (path, query, fragment) = split_tail(tail);
        if query.is_some_and(|q| !q.is_empty()) {
            notes.push(
                tr!(
                    "Ignored the query string after ? (SCIM does not use it).",
                    "Den Abfrageteil nach ? ignoriert (SCIM verwendet ihn nicht)."
                )
                .into(),
            );
        }
        if fragment.is_some_and(|f| !f.is_empty()) {
            notes.push(
                tr!(
                    "Ignored the part after # (it belongs to the web app, not to SCIM).",
                    "Den Teil nach # ignoriert (er gehört zur Web-App, nicht zu SCIM)."
                )
                .into(),
            );
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
        let scim = parse_explicit_url(AddressField::ScimBaseUrl, scim_base_url, &mut notes)?;
        let token = parse_explicit_url(AddressField::TokenUrl, token_url, &mut notes)?;

        let mut path = scim.path().to_string();
        if path.ends_with('/') {
            path = path.trim_end_matches('/').to_string();
            notes.push(tr!(
                "Removed the trailing slash from the SCIM base URL (PingOne adds /Users itself, a slash would make //Users).",
                "Den Schrägstrich am Ende der SCIM-Basis-URL entfernt (PingOne hängt /Users selbst an, ein Schrägstrich ergäbe //Users)."
            ).into());
        }
        // Repeated until none is left, so that the result, entered again, stays as it is
        // (`/Users/Groups` would otherwise lose only `/Groups` the first time).
        while let Some(resource) = ["/Users", "/Groups"]
            .into_iter()
            .find(|r| path.to_ascii_lowercase().ends_with(&r.to_ascii_lowercase()))
        {
            path.truncate(path.len() - resource.len());
            path = path.trim_end_matches('/').to_string();
            notes.push(trf!(
                "Removed {resource} from the end of the SCIM base URL (it is entered separately as a resource).",
                "{resource} vom Ende der SCIM-Basis-URL entfernt (es wird getrennt als Ressource eingetragen)."
            ));
        }

        let host = host_with_port(&scim);
        if host_with_port(&token) != host {
            let token_host = host_with_port(&token);
            notes.push(trf!(
                "The token URL is on {token_host} but the SCIM base URL is on {host}; on Haiilo both live on the same host.",
                "Die Token-URL liegt auf {token_host}, die SCIM-Basis-URL aber auf {host}; bei Haiilo liegen beide auf demselben Host."
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
        notes.push(
            tr!(
                "Removed invisible characters that came with the pasted text.",
                "Unsichtbare Zeichen entfernt, die mit dem eingefügten Text kamen."
            )
            .into(),
        );
    }
    let trimmed = text.trim();
    if trimmed.len() != text.len() && !trimmed.is_empty() {
        notes.push(
            tr!(
                "Removed spaces around the domain.",
                "Leerzeichen um die Domain entfernt."
            )
            .into(),
        );
    }
    let mut text = trimmed.to_string();
    for (open, close) in [('"', '"'), ('\'', '\''), ('<', '>'), ('`', '`')] {
        if text.len() >= 2 && text.starts_with(open) && text.ends_with(close) {
            text = text[1..text.len() - 1].trim().to_string();
            notes.push(
                tr!(
                    "Removed the quotes around the domain.",
                    "Die Anführungszeichen um die Domain entfernt."
                )
                .into(),
            );
        }
    }
    text
}

fn strip_scheme<'a>(text: &'a str, notes: &mut Vec<String>) -> Result<&'a str, EndpointError> {
    if text
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
    {
        return Err(EndpointError::EmailAddress);
    }
    if let Some((scheme, rest)) = text.split_once("://") {
        // Only treat it as a scheme when it looks like one (letters only), so that a
        // stray "://" inside a path does not swallow the host.
        if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic()) {
            return match scheme.to_ascii_lowercase().as_str() {
                "https" => Ok(rest),
                "http" => {
                    notes.push(
                        tr!(
                            "Switched http:// to https:// (Haiilo and PingOne only talk over HTTPS).",
                            "http:// durch https:// ersetzt (Haiilo und PingOne sprechen nur über HTTPS)."
                        )
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
        notes.push(trf!(
            "Kept port {port} from what you typed.",
            "Port {port} aus Ihrer Eingabe übernommen."
        ));
    }

    if let Some(inner) = raw_host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return match inner.parse::<std::net::Ipv6Addr>() {
            // The URL standard's form (`::ffff:7f00:1`, not Rust's `::ffff:127.0.0.1`), so
            // the address we show is the one every URL parser keeps as it is.
            Ok(ip) => Ok((Host::<String>::Ipv6(ip).to_string(), port)),
            Err(_) => Err(EndpointError::InvalidHost {
                host: raw_host.to_string(),
                reason: tr!(
                    "the part in brackets is not an IPv6 address",
                    "der Teil in eckigen Klammern ist keine IPv6-Adresse"
                )
                .into(),
            }),
        };
    }

    let mut host = raw_host.to_string();
    if host.ends_with('.') && host.len() > 1 {
        host.pop();
        notes.push(
            tr!(
                "Removed the dot at the end of the domain.",
                "Den Punkt am Ende der Domain entfernt."
            )
            .into(),
        );
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
            reason: tr!(
                "it has an empty part between two dots",
                "er hat einen leeren Teil zwischen zwei Punkten"
            )
            .into(),
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
                reason: url_error_reason(e),
            })
        }
    };
    validate_labels(&ascii, raw_host)?;
    if ascii.contains("xn--") && !host.to_ascii_lowercase().contains("xn--") {
        notes.push(trf!(
            "Converted the international domain name to its ASCII form {ascii}.",
            "Den internationalen Domainnamen in seine ASCII-Form {ascii} umgewandelt."
        ));
    } else if host != ascii {
        notes.push(
            tr!(
                "Converted the domain to lower case.",
                "Die Domain in Kleinbuchstaben umgewandelt."
            )
            .into(),
        );
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
        return Err(invalid(tr!(
            "it is longer than 253 characters",
            "er ist länger als 253 Zeichen"
        )));
    }
    for label in ascii.split('.') {
        if label.len() > 63 {
            return Err(invalid(tr!(
                "one of its parts is longer than 63 characters",
                "einer seiner Teile ist länger als 63 Zeichen"
            )));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid(tr!(
                "a part of it starts or ends with a hyphen",
                "ein Teil davon beginnt oder endet mit einem Bindestrich"
            )));
        }
    }
    if ascii
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(invalid(tr!(
            "its last part is a number",
            "sein letzter Teil ist eine Zahl"
        )));
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
            notes.push(trf!(
                "Removed /{shown} from the end (PingOne adds the Users and Groups resources itself).",
                "/{shown} vom Ende entfernt (PingOne hängt die Ressourcen Users und Groups selbst an)."
            ));
        }
    }
    if had_double_slash {
        notes.push(tr!(
            "The pasted address had a double slash (like //Users): the SCIM BASE URL must not end with a slash.",
            "Die eingefügte Adresse hatte einen doppelten Schrägstrich (wie //Users): Die „SCIM BASE URL“ darf nicht mit einem Schrägstrich enden."
        ).into());
    }
    let rest_path = format!("/{}", rest.join("/"));
    match rest_path.as_str() {
        "/" => {}
        SCIM_PATH => notes.push(
            tr!(
                "Took the domain from the SCIM base URL you pasted.",
                "Die Domain aus der eingefügten SCIM-Basis-URL übernommen."
            )
            .into(),
        ),
        TOKEN_PATH => notes.push(
            tr!(
                "Took the domain from the token URL you pasted.",
                "Die Domain aus der eingefügten Token-URL übernommen."
            )
            .into(),
        ),
        p if p.ends_with(SCIM_PATH) => {
            let prefix = &p[..p.len() - SCIM_PATH.len()];
            let hint = advanced_hint();
            notes.push(trf!(
                "Ignored the path before /api/scim/v2. If your installation really lives under {prefix}, {hint}.",
                "Den Pfad vor /api/scim/v2 ignoriert. Liegt Ihre Installation wirklich unter {prefix}, {hint}."
            ))
        }
        _ => {
            let hint = advanced_hint();
            notes.push(trf!(
                "Ignored the path {rest_path}: the SCIM address is always https://{host}{SCIM_PATH} (if your installation differs, {hint}).",
                "Den Pfad {rest_path} ignoriert: Die SCIM-Adresse ist immer https://{host}{SCIM_PATH} (weicht Ihre Installation ab, {hint})."
            ))
        }
    }
}

fn parse_explicit_url(
    address_field: AddressField,
    input: &str,
    notes: &mut Vec<String>,
) -> Result<Url, EndpointError> {
    let field = address_field;
    let example = address_field.example();
    let text: String = input
        .trim()
        .chars()
        .filter(|c| !INVISIBLE_CHARS.contains(c))
        .collect();
    // Before parsing, so that neither a parse error nor a later message repeats it.
    refuse_credentials(address_field, &text, None)?;
    if text.len() != input.len() && !text.is_empty() {
        notes.push(trf!(
            "Removed spaces or invisible characters around the {field}.",
            "Leerzeichen oder unsichtbare Zeichen um das Feld „{field}“ entfernt."
        ));
    }
    if text.is_empty() {
        return Err(EndpointError::InvalidUrl {
            field,
            value: String::new(),
            reason: tr!("it is empty", "sie ist leer").into(),
        });
    }
    let url = Url::parse(&text).map_err(|e| EndpointError::InvalidUrl {
        field,
        value: text.clone(),
        reason: url_error_reason(e),
    })?;
    let host = url.host().ok_or_else(|| EndpointError::InvalidUrl {
        field,
        value: text.clone(),
        reason: tr!("it has no host", "sie hat keinen Host").into(),
    })?;
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
        return Err(EndpointError::Credentials { field, example });
    }
    if url.query().is_some() {
        return Err(EndpointError::UnexpectedUrlPart {
            field,
            part: tr!("a query string (?…)", "einen Abfrageteil (?…)"),
            example,
        });
    }
    if url.fragment().is_some() {
        return Err(EndpointError::UnexpectedUrlPart {
            field,
            part: tr!("a fragment (#…)", "ein Fragment (#…)"),
            example,
        });
    }
    Ok(url)
}

/// Why the URL parser refused a text, in words (the parser's own messages are English).
fn url_error_reason(error: url::ParseError) -> String {
    use url::ParseError as E;
    let de = match error {
        E::EmptyHost => "der Host fehlt",
        E::IdnaError => "der internationale Domainname ist ungültig",
        E::InvalidPort => "die Portnummer ist ungültig",
        E::InvalidIpv4Address => "die IPv4-Adresse ist ungültig",
        E::InvalidIpv6Address => "die IPv6-Adresse ist ungültig",
        E::InvalidDomainCharacter => "der Domainname enthält ein unzulässiges Zeichen",
        E::RelativeUrlWithoutBase => "sie ist eine relative Adresse ohne Schema wie https://",
        E::Overflow => "sie ist zu lang",
        _ => "sie lässt sich nicht als Adresse lesen",
    };
    tr!(error.to_string(), de.to_string())
}

#[cfg(test)]
mod tests;
