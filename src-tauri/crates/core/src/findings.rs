//! Findings: what the check found wrong, with evidence and a fix an admin can act on.
//!
//! The snake_case codes are a contract with the tests, the CLI's JSON, the reports and the
//! UI. Never rename one; add new ones instead.

use serde::Serialize;
use std::fmt;

macro_rules! finding_codes {
    ($($variant:ident => $code:literal,)+) => {
        /// A stable identifier of one diagnosis.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum FindingCode {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl FindingCode {
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $code,)+
                }
            }
        }
    };
}

finding_codes! {
    DnsUnresolved => "dns_unresolved",
    ConnectionRefused => "connection_refused",
    Timeout => "timeout",
    TlsError => "tls_error",
    NetworkError => "network_error",
    ResponseTooLarge => "response_too_large",
    RedirectedToLogin => "redirected_to_login",
    RateLimited => "rate_limited",
    ServerError => "server_error",
    InvalidClient => "invalid_client",
    UnauthorizedClient => "unauthorized_client",
    UnsupportedGrantType => "unsupported_grant_type",
    TokenRequestRejected => "token_request_rejected",
    TokenEndpointNotFound => "token_endpoint_not_found",
    TokenResponseNotJson => "token_response_not_json",
    TokenResponseInvalid => "token_response_invalid",
    ScimUnauthorized => "scim_unauthorized",
    ScimForbidden => "scim_forbidden",
    ScimNotFound => "scim_not_found",
    ScimRequestFailed => "scim_request_failed",
    ScimResponseNotJson => "scim_response_not_json",
    ScimInvalidListResponse => "scim_invalid_list_response",
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What was observed on the wire, already scrubbed of secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    /// Method and URL, e.g. `POST https://acme.haiilo.app/api/oauth/token`.
    pub request: String,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    /// Redirect target, for 3xx answers.
    pub location: Option<String>,
    pub body_excerpt: Option<String>,
}

impl Evidence {
    /// One line for humans: "HTTP 401 · application/json · {"error":...}".
    pub fn describe(&self) -> String {
        let mut parts = vec![self.request.clone()];
        if let Some(status) = self.status {
            parts.push(format!("HTTP {status}"));
        }
        if let Some(ct) = &self.content_type {
            parts.push(ct.clone());
        }
        if let Some(location) = &self.location {
            parts.push(format!("Location: {location}"));
        }
        if let Some(body) = self.body_excerpt.as_deref().filter(|b| !b.is_empty()) {
            parts.push(format!("body: {body}"));
        }
        parts.join(" · ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub code: FindingCode,
    /// One line: what is wrong.
    pub summary: String,
    /// Why we think so: the evidence in words.
    pub detail: String,
    /// What the admin should do about it, concretely.
    pub fix: String,
    pub evidence: Option<Evidence>,
}

impl Finding {
    pub fn new(code: FindingCode, summary: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            code,
            summary: summary.into(),
            detail: String::new(),
            fix: fix.into(),
            evidence: None,
        }
    }

    /// Attaches the evidence; its one-line description goes after any explanation
    /// already in `detail`.
    pub fn with_evidence(mut self, evidence: Evidence) -> Self {
        let line = evidence.describe();
        self.detail = if self.detail.is_empty() {
            line
        } else {
            format!("{}\n{line}", self.detail)
        };
        self.evidence = Some(evidence);
        self
    }

    /// Sets the explanation; call before `with_evidence`.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}
