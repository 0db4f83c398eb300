//! What can go wrong: values the admin typed for PingOne access (input errors, refused before
//! any request), and answers of the PingOne Platform API (API errors, which later become
//! findings).

use crate::http::{HttpResponse, TimeoutPhase, TransportError};
use crate::redact::Redactor;
use crate::{tr, trf};
use serde::{Deserialize, Serialize};

/// What is wrong with a PingOne access value, as a stable code the UI and the CLI's JSON
/// branch on (the same idea as [`crate::error::InputErrorCode`], kept apart so that the
/// existing bindings do not change until the lead wires this module in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AccessErrorCode {
    UnknownRegion,
    EnvironmentIdEmpty,
    EnvironmentIdInvalid,
    WorkerClientIdEmpty,
    WorkerClientIdInvalid,
    InvalidUrl,
    InsecureHttp,
    CredentialsInUrl,
    UnexpectedUrlPart,
}

/// A PingOne access value that cannot be used, with a message that says what to type instead
/// (in the current language: see the `Display` impl).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessError {
    UnknownRegion {
        value: String,
    },
    EnvironmentIdEmpty,
    EnvironmentIdInvalid {
        value: String,
    },
    WorkerClientIdEmpty,
    WorkerClientIdInvalid,
    InvalidUrl {
        field: &'static str,
        reason: String,
        example: &'static str,
    },
    InsecureHttp {
        field: &'static str,
    },
    CredentialsInUrl {
        field: &'static str,
    },
    UnexpectedUrlPart {
        field: &'static str,
        part: &'static str,
        example: &'static str,
    },
}

impl std::error::Error for AccessError {}

impl std::fmt::Display for AccessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::UnknownRegion { value } => trf!(
                "'{value}' is not a PingOne region. Choose one of: North America (com), Europe (eu), Canada (ca), Australia (com.au), Singapore (sg), Asia-Pacific (asia).",
                "„{value}“ ist keine PingOne-Region. Wählen Sie eine dieser: Nordamerika (com), Europa (eu), Kanada (ca), Australien (com.au), Singapur (sg), Asien-Pazifik (asia)."
            ),
            Self::EnvironmentIdEmpty => tr!(
                "Enter the PingOne environment ID. It is shown in the PingOne console under Environment › Settings › Environment ID, and in the console's address bar.",
                "Geben Sie die PingOne-Umgebungs-ID ein. Die PingOne-Konsole zeigt sie unter „Environment › Settings › Environment ID“ und in der Adresszeile."
            )
            .to_string(),
            Self::EnvironmentIdInvalid { value } => trf!(
                "'{value}' is not a PingOne environment ID. An environment ID is a UUID such as 9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01; copy it from Environment › Settings in the PingOne console, or paste the console's address.",
                "„{value}“ ist keine PingOne-Umgebungs-ID. Eine Umgebungs-ID ist eine UUID wie 9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01; kopieren Sie sie in der PingOne-Konsole unter „Environment › Settings“, oder fügen Sie die Adresse der Konsole ein."
            ),
            Self::WorkerClientIdEmpty => tr!(
                "Enter the Client ID of the PingOne worker application (Applications › Applications › your worker app › Overview).",
                "Geben Sie die „Client ID“ der PingOne-Worker-App ein („Applications › Applications“ › Ihre Worker-App › „Overview“)."
            )
            .to_string(),
            Self::WorkerClientIdInvalid => tr!(
                "The worker application's Client ID must not contain spaces or line breaks. Copy it again from the worker app's Overview tab in PingOne.",
                "Die „Client ID“ der Worker-App darf keine Leerzeichen oder Zeilenumbrüche enthalten. Kopieren Sie sie erneut aus dem Reiter „Overview“ der Worker-App in PingOne."
            )
            .to_string(),
            Self::InvalidUrl {
                field,
                reason,
                example,
            } => trf!(
                "The {field} is not a valid address ({reason}). Enter a full URL such as {example}.",
                "Die {field} ist keine gültige Adresse ({reason}). Geben Sie eine vollständige URL ein, etwa {example}."
            ),
            Self::InsecureHttp { field } => trf!(
                "The {field} uses http://, which would send the worker app's credentials unencrypted. Use https:// (plain http is only allowed for a local test server on 127.0.0.1 or localhost).",
                "Die {field} verwendet http://, womit die Zugangsdaten der Worker-App unverschlüsselt gesendet würden. Verwenden Sie https:// (reines http ist nur für einen lokalen Testserver auf 127.0.0.1 oder localhost erlaubt)."
            ),
            Self::CredentialsInUrl { field } => trf!(
                "The {field} contains a user name or password. Remove it: credentials never belong in a URL.",
                "Die {field} enthält einen Benutzernamen oder ein Passwort. Entfernen Sie es: Zugangsdaten gehören nie in eine URL."
            ),
            Self::UnexpectedUrlPart {
                field,
                part,
                example,
            } => trf!(
                "The {field} must not contain {part}. Remove it: the address should look like {example}.",
                "Die {field} darf {part} nicht enthalten. Entfernen Sie das: Die Adresse sollte so aussehen: {example}."
            ),
        };
        f.write_str(&text)
    }
}

impl AccessErrorCode {
    /// The code as the UI and the CLI's JSON spell it.
    pub fn as_str(self) -> &'static str {
        use AccessErrorCode as C;
        match self {
            C::UnknownRegion => "unknown_region",
            C::EnvironmentIdEmpty => "environment_id_empty",
            C::EnvironmentIdInvalid => "environment_id_invalid",
            C::WorkerClientIdEmpty => "worker_client_id_empty",
            C::WorkerClientIdInvalid => "worker_client_id_invalid",
            C::InvalidUrl => "invalid_url",
            C::InsecureHttp => "insecure_http",
            C::CredentialsInUrl => "credentials_in_url",
            C::UnexpectedUrlPart => "unexpected_url_part",
        }
    }
}

impl AccessError {
    pub fn code(&self) -> AccessErrorCode {
        use AccessErrorCode as C;
        match self {
            Self::UnknownRegion { .. } => C::UnknownRegion,
            Self::EnvironmentIdEmpty => C::EnvironmentIdEmpty,
            Self::EnvironmentIdInvalid { .. } => C::EnvironmentIdInvalid,
            Self::WorkerClientIdEmpty => C::WorkerClientIdEmpty,
            Self::WorkerClientIdInvalid => C::WorkerClientIdInvalid,
            Self::InvalidUrl { .. } => C::InvalidUrl,
            Self::InsecureHttp { .. } => C::InsecureHttp,
            Self::CredentialsInUrl { .. } => C::CredentialsInUrl,
            Self::UnexpectedUrlPart { .. } => C::UnexpectedUrlPart,
        }
    }
}

/// PingOne's error body: `{id, code, message, details[{code, target, message}]}` (PingOne
/// Platform API, "Errors"; the `P1Error` model of PingOne's published API description).
/// Every text in it is scrubbed before it is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PingOneErrorBody {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub details: Vec<PingOneErrorDetail>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PingOneErrorDetail {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

impl PingOneErrorBody {
    /// Parses a PingOne error body; `None` when the body is not one (an HTML page, an OAuth
    /// error, nothing at all). Texts pass through the redactor, since a server may echo the
    /// values it was sent, and the Haiilo secret is among them on a store write.
    pub fn parse(body: &[u8], redactor: &Redactor) -> Option<Self> {
        let mut parsed: Self = serde_json::from_slice(body).ok()?;
        if parsed.code.is_none() && parsed.message.is_none() && parsed.details.is_empty() {
            return None;
        }
        let scrub = |text: &mut Option<String>| {
            if let Some(t) = text.as_mut() {
                *t = redactor.scrub(t);
            }
        };
        scrub(&mut parsed.message);
        for detail in &mut parsed.details {
            scrub(&mut detail.message);
            scrub(&mut detail.target);
        }
        Some(parsed)
    }

    /// One line: `INVALID_DATA: The request could not be completed (SCIM_URL: must be https)`.
    pub fn describe(&self) -> String {
        let mut text = match (&self.code, &self.message) {
            (Some(c), Some(m)) => format!("{c}: {m}"),
            (Some(c), None) => c.clone(),
            (None, Some(m)) => m.clone(),
            (None, None) => String::new(),
        };
        let details: Vec<String> = self
            .details
            .iter()
            .filter_map(|d| {
                let message = d.message.as_deref().or(d.code.as_deref())?;
                Some(match &d.target {
                    Some(target) => format!("{target}: {message}"),
                    None => message.to_string(),
                })
            })
            .collect();
        if !details.is_empty() {
            text.push_str(&format!(" ({})", details.join("; ")));
        }
        text
    }
}

/// What kind of failure an API call met; the check turns each into its own finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorKind {
    /// 401: the access token was not accepted (expired, or from another environment).
    Unauthorized,
    /// 403: the token is valid but the worker app lacks a role (Environment Admin).
    Forbidden,
    /// 404: the environment or the resource does not exist (or is in another region).
    NotFound,
    /// 400 (and other 4xx not listed): PingOne refused the request's content.
    Rejected,
    /// 429 that stayed 429 after the bounded waits for `Retry-After`.
    RateLimited,
    /// 5xx.
    ServerError,
    /// A 2xx answer we could not read as the documented JSON.
    InvalidResponse,
    /// No host of that name (DNS): usually the wrong region or a typo in an override URL.
    HostNotFound,
    /// Connection refused, TLS failure, proxy trouble or another transport failure.
    Unreachable,
    /// No answer within the time limit.
    Timeout,
}

/// A failed call to the PingOne Platform API, safe to show: no token, no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PingOneApiError {
    pub kind: ApiErrorKind,
    /// `GET https://api.pingone.eu/v1/environments/…/propagation/stores`.
    pub request: String,
    pub status: Option<u16>,
    /// PingOne's `{id, code, message, details[]}`, when the body was one (boxed: errors
    /// travel in `Result`s and should stay small).
    pub body: Option<Box<PingOneErrorBody>>,
    /// A short scrubbed excerpt of the body when it was not PingOne's error format.
    pub excerpt: Option<String>,
    /// Seconds PingOne asked us to wait (429), when it said.
    pub retry_after_secs: Option<u64>,
    pub summary: String,
}

impl std::error::Error for PingOneApiError {}

impl std::fmt::Display for PingOneApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (request, summary) = (&self.request, &self.summary);
        f.write_str(&trf!(
            "{request} failed: {summary}",
            "„{request}“ ist gescheitert: {summary}"
        ))
    }
}

impl PingOneApiError {
    pub fn from_response(request: String, response: &HttpResponse, redactor: &Redactor) -> Self {
        let status = response.status;
        let kind = match status {
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            429 => ApiErrorKind::RateLimited,
            500..=599 => ApiErrorKind::ServerError,
            200..=299 => ApiErrorKind::InvalidResponse,
            _ => ApiErrorKind::Rejected,
        };
        let body = PingOneErrorBody::parse(&response.body, redactor).map(Box::new);
        let excerpt = if body.is_none() {
            Some(redactor.excerpt(&response.body)).filter(|e| !e.is_empty())
        } else {
            None
        };
        // PingOne's own words are English: German quotes them.
        let said = body
            .as_ref()
            .map(|b| {
                let described = b.describe();
                trf!(": {described}", ": „{described}“")
            })
            .unwrap_or_default();
        let summary = match kind {
            ApiErrorKind::Unauthorized => trf!(
                "PingOne did not accept the access token (HTTP 401){said}",
                "PingOne hat das Zugriffstoken nicht angenommen (HTTP 401){said}"
            ),
            ApiErrorKind::Forbidden => trf!(
                "the worker application may not do this (HTTP 403){said}; it needs the Environment Admin role in this environment",
                "die Worker-App darf das nicht (HTTP 403){said}; sie braucht die Rolle „Environment Admin“ in dieser Umgebung"
            ),
            ApiErrorKind::NotFound => trf!(
                "not found (HTTP 404){said}",
                "nicht gefunden (HTTP 404){said}"
            ),
            ApiErrorKind::RateLimited => trf!(
                "PingOne is rate limiting the requests (HTTP 429){said}",
                "PingOne drosselt die Anfragen (HTTP 429){said}"
            ),
            ApiErrorKind::ServerError => trf!(
                "PingOne had an internal error (HTTP {status}){said}",
                "PingOne hatte einen internen Fehler (HTTP {status}){said}"
            ),
            ApiErrorKind::InvalidResponse => trf!(
                "the answer (HTTP {status}) is not the JSON PingOne documents",
                "die Antwort (HTTP {status}) ist nicht das JSON, das PingOne dokumentiert"
            ),
            _ => trf!(
                "PingOne refused the request (HTTP {status}){said}",
                "PingOne hat die Anfrage abgelehnt (HTTP {status}){said}"
            ),
        };
        Self {
            kind,
            request,
            status: Some(status),
            body,
            excerpt,
            retry_after_secs: response.retry_after.map(|d| d.as_secs()),
            summary,
        }
    }

    pub fn from_transport(request: String, error: &TransportError) -> Self {
        let (kind, summary) = match error {
            TransportError::DnsUnresolved { host, .. } => (
                ApiErrorKind::HostNotFound,
                trf!(
                    "the host name {host} does not exist (DNS); check the region or the URL",
                    "den Hostnamen {host} gibt es nicht (DNS); prüfen Sie die Region oder die URL"
                ),
            ),
            TransportError::Timeout { phase, after } => (
                ApiErrorKind::Timeout,
                match phase {
                    TimeoutPhase::Connect => {
                        let secs = after.as_secs();
                        trf!(
                            "no connection within {secs} s",
                            "keine Verbindung innerhalb von {secs} s"
                        )
                    }
                    TimeoutPhase::Response => {
                        let secs = after.as_secs();
                        trf!(
                            "no answer within {secs} s",
                            "keine Antwort innerhalb von {secs} s"
                        )
                    }
                },
            ),
            TransportError::ConnectionRefused { address } => (
                ApiErrorKind::Unreachable,
                trf!(
                    "the connection to {address} was refused",
                    "die Verbindung zu {address} wurde abgelehnt"
                ),
            ),
            TransportError::Tls { reason } => (
                ApiErrorKind::Unreachable,
                trf!(
                    "the TLS handshake failed: {reason}",
                    "der TLS-Handshake ist gescheitert: „{reason}“"
                ),
            ),
            TransportError::TooLarge { limit } => (ApiErrorKind::InvalidResponse, {
                let limit = crate::report::number(*limit as u64);
                trf!(
                    "the answer is larger than {limit} bytes",
                    "die Antwort ist größer als {limit} Bytes"
                )
            }),
            TransportError::Other { reason } => {
                (ApiErrorKind::Unreachable, trf!("{reason}", "„{reason}“"))
            }
        };
        Self {
            kind,
            request,
            status: None,
            body: None,
            excerpt: None,
            retry_after_secs: None,
            summary,
        }
    }

    pub fn invalid_response(request: String, status: u16, what: &str) -> Self {
        Self {
            kind: ApiErrorKind::InvalidResponse,
            request,
            status: Some(status),
            body: None,
            excerpt: None,
            retry_after_secs: None,
            summary: trf!(
                "the answer (HTTP {status}) is not what PingOne documents: {what}",
                "die Antwort (HTTP {status}) entspricht nicht PingOnes Dokumentation: {what}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            status_line: format!("HTTP/1.1 {status}"),
            content_type: Some("application/json".into()),
            location: None,
            www_authenticate: None,
            retry_after: Some(Duration::from_secs(3)).filter(|_| status == 429),
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
            rate_limit_waits: Vec::new(),
        }
    }

    /// PingOne's documented error shape, with a detail that echoes a secret value.
    const ERROR_BODY: &str = r#"{"id":"5e9a1f3c-0000-4000-8000-000000000001","code":"INVALID_DATA","message":"The request could not be completed. One or more validation errors were in the request.","details":[{"code":"INVALID_VALUE","target":"configuration.OAUTH_CLIENT_SECRET","message":"value s3cr3t-value is not accepted"}]}"#;

    #[test]
    fn access_codes_are_spelt_as_serialised() {
        use AccessErrorCode as C;
        for code in [
            C::UnknownRegion,
            C::EnvironmentIdEmpty,
            C::EnvironmentIdInvalid,
            C::WorkerClientIdEmpty,
            C::WorkerClientIdInvalid,
            C::InvalidUrl,
            C::InsecureHttp,
            C::CredentialsInUrl,
            C::UnexpectedUrlPart,
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }

    #[test]
    fn pingone_error_body_is_parsed_and_scrubbed() {
        let mut redactor = Redactor::default();
        redactor.add("s3cr3t-value");
        let e =
            PingOneApiError::from_response("PUT x".into(), &response(400, ERROR_BODY), &redactor);
        assert_eq!(e.kind, ApiErrorKind::Rejected);
        let body = e.body.as_ref().unwrap();
        assert_eq!(body.code.as_deref(), Some("INVALID_DATA"));
        assert_eq!(
            body.details[0].target.as_deref(),
            Some("configuration.OAUTH_CLIENT_SECRET")
        );
        assert!(!e.summary.contains("s3cr3t-value"));
        assert!(!format!("{e:?}").contains("s3cr3t-value"));
        assert!(e.summary.contains("configuration.OAUTH_CLIENT_SECRET"));
    }

    #[test]
    fn unauthorized_and_forbidden_are_told_apart() {
        let r = Redactor::default();
        let unauthorized = PingOneApiError::from_response("GET x".into(), &response(401, "{}"), &r);
        let forbidden = PingOneApiError::from_response(
            "GET x".into(),
            &response(
                403,
                r#"{"code":"ACCESS_FAILED","message":"Actor does not have permissions"}"#,
            ),
            &r,
        );
        assert_eq!(unauthorized.kind, ApiErrorKind::Unauthorized);
        assert_eq!(forbidden.kind, ApiErrorKind::Forbidden);
        assert!(forbidden.summary.contains("Environment Admin"));
        assert!(forbidden.summary.contains("ACCESS_FAILED"));
    }

    #[test]
    fn rate_limit_keeps_the_wait_pingone_asked_for() {
        let e = PingOneApiError::from_response(
            "GET x".into(),
            &response(429, ""),
            &Redactor::default(),
        );
        assert_eq!(e.kind, ApiErrorKind::RateLimited);
        assert_eq!(e.retry_after_secs, Some(3));
    }

    #[test]
    fn html_is_kept_as_an_excerpt_not_as_an_error_body() {
        let e = PingOneApiError::from_response(
            "GET x".into(),
            &response(404, "<html><body>Not here</body></html>"),
            &Redactor::default(),
        );
        assert!(e.body.is_none());
        assert!(e.excerpt.unwrap().contains("Not here"));
    }
}
