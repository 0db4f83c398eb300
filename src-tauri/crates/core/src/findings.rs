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
    // The values themselves (step `inputs`).
    UrlInvalid => "url_invalid",
    InsecureHttp => "insecure_http",
    UnexpectedPath => "unexpected_path",
    ClientIdMalformed => "client_id_malformed",
    SecretWhitespace => "secret_whitespace",
    TokenHostDiffers => "token_host_differs",
    UnreachableFromPingone => "unreachable_from_pingone",
    // The network (steps `tcp`, `tls`).
    ConnectTimeout => "connect_timeout",
    ProxyRefused => "proxy_refused",
    ProxyAuthRequired => "proxy_auth_required",
    TlsUntrustedCertificate => "tls_untrusted_certificate",
    TlsHostnameMismatch => "tls_hostname_mismatch",
    TlsCertificateExpired => "tls_certificate_expired",
    TlsExpiresSoon => "tls_expires_soon",
    // The token (step `token`).
    ClientAuthMethodMismatch => "client_auth_method_mismatch",
    TokenTypeNotBearer => "token_type_not_bearer",
    TokenShortLifetime => "token_short_lifetime",
    // SCIM (steps `scim_requires_auth` to `error_format`).
    ScimUnauthenticatedAccess => "scim_unauthenticated_access",
    NoServiceProviderConfig => "no_service_provider_config",
    ScimContentType => "scim_content_type",
    ListResponseIncomplete => "list_response_incomplete",
    LookupNotFoundStatus => "lookup_not_found_status",
    FilterUnsupported => "filter_unsupported",
    FilterIgnored => "filter_ignored",
    LookupExistingNotFound => "lookup_existing_not_found",
    LookupAmbiguous => "lookup_ambiguous",
    UsernameCaseSensitive => "username_case_sensitive",
    PagingBroken => "paging_broken",
    GroupsUnavailable => "groups_unavailable",
    ErrorFormatNotScim => "error_format_not_scim",
    // PingOne's side, through the Platform API (steps `pingone_token` to `pingone_sync`).
    PingoneTokenRejected => "pingone_token_rejected",
    PingoneRoleMissing => "pingone_role_missing",
    PingoneEnvironmentNotFound => "pingone_environment_not_found",
    PingoneUnreachable => "pingone_unreachable",
    PingoneRateLimited => "pingone_rate_limited",
    PingoneStoreMissing => "pingone_store_missing",
    PingoneStoreAmbiguous => "pingone_store_ambiguous",
    PingoneStoreMismatch => "pingone_store_mismatch",
    PingoneCloudTestFailed => "pingone_cloud_test_failed",
    PingoneCloudLocalDisagree => "pingone_cloud_local_disagree",
    PingoneRuleMissing => "pingone_rule_missing",
    PingoneRuleInactive => "pingone_rule_inactive",
    PingoneRuleFilter => "pingone_rule_filter",
    PingoneRuleGroups => "pingone_rule_groups",
    PingoneSyncFailures => "pingone_sync_failures",
}

/// What a defect does to PingOne's provisioning, worst first: the order of the verdict among
/// findings of the same severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProvisioningImpact {
    /// PingOne would match, and overwrite, the wrong user.
    WrongUser,
    /// Nothing reaches Haiilo: no connection, no token, or SCIM refuses.
    NoConnection,
    /// Existing users are not recognised: failed creates (409) or duplicates.
    MissedMatch,
    /// Listings and paging, which PingOne's lookups do not use.
    Listing,
    /// Group provisioning only.
    Groups,
    /// Works; worth knowing or tidying.
    Cosmetic,
}

impl FindingCode {
    pub fn provisioning_impact(self) -> ProvisioningImpact {
        use FindingCode as C;
        match self {
            C::FilterIgnored | C::LookupAmbiguous => ProvisioningImpact::WrongUser,
            C::LookupExistingNotFound
            | C::UsernameCaseSensitive
            | C::FilterUnsupported
            | C::LookupNotFoundStatus => ProvisioningImpact::MissedMatch,
            C::PagingBroken | C::ScimInvalidListResponse | C::ListResponseIncomplete => {
                ProvisioningImpact::Listing
            }
            C::GroupsUnavailable | C::PingoneRuleGroups => ProvisioningImpact::Groups,
            C::ScimContentType
            | C::ErrorFormatNotScim
            | C::NoServiceProviderConfig
            | C::TokenShortLifetime
            | C::TokenTypeNotBearer
            | C::TlsExpiresSoon
            | C::ScimUnauthenticatedAccess => ProvisioningImpact::Cosmetic,
            _ => ProvisioningImpact::NoConnection,
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a finding is. Ordered: the worst compares greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Works today, but worth fixing (or knowing) before provisioning starts.
    Warn,
    /// PingOne provisioning will not work until this is fixed.
    Error,
    /// Provisioning would seem to work and silently do damage (e.g. update the wrong user).
    Critical,
}

/// One response header kept as evidence (an allow-list; never `Authorization` or cookies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvidenceHeader {
    pub name: String,
    pub value: String,
}

/// What was observed on the wire, already scrubbed of secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    /// Method and URL, e.g. `POST https://acme.haiilo.app/api/oauth/token`.
    pub request: String,
    pub status: Option<u16>,
    /// `HTTP/1.1 401 Unauthorized`, when there was an HTTP answer.
    pub status_line: Option<String>,
    pub content_type: Option<String>,
    /// Redirect target, for 3xx answers.
    pub location: Option<String>,
    /// A few telling response headers (content type, challenge, retry, server, via).
    pub headers: Vec<EvidenceHeader>,
    /// At most 2 KB of the body, scrubbed of anything secret-looking.
    pub body_excerpt: Option<String>,
}

/// Longest body excerpt shown inline in `Finding::detail`; the evidence keeps more.
const DESCRIBE_BODY_CHARS: usize = 400;

impl Evidence {
    /// One line for humans: "HTTP 401 · application/json · {"error":...}".
    pub fn describe(&self) -> String {
        // German quotes an HTTP request line (`GET https://…`: the method is an English
        // word); our own descriptions (`TLS-Handshake mit …`) are already German.
        let is_request_line = matches!(
            self.request.split_whitespace().collect::<Vec<_>>()[..],
            [method, _] if method.chars().all(|c| c.is_ascii_uppercase())
        );
        let mut parts = vec![if is_request_line {
            crate::text::verbatim(&self.request)
        } else {
            self.request.clone()
        }];
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
            // The server's words: German quotes them, as they stay in the server's language.
            if body.chars().count() > DESCRIBE_BODY_CHARS {
                let cut: String = body.chars().take(DESCRIBE_BODY_CHARS).collect();
                parts.push(crate::trf!("body: {cut}…", "Inhalt: „{cut}…“"));
            } else {
                parts.push(crate::trf!("body: {body}", "Inhalt: „{body}“"));
            }
        }
        parts.join(" · ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    /// One line: what is wrong.
    pub summary: String,
    /// Why we think so: the evidence in words.
    pub detail: String,
    /// What the admin should do about it, concretely.
    pub fix: String,
    /// Boxed: findings travel in `Result`s, and most have no evidence.
    pub evidence: Option<Box<Evidence>>,
}

impl Finding {
    pub fn new(code: FindingCode, summary: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
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
        self.evidence = Some(Box::new(evidence));
        self
    }

    /// Marks the finding as a warning: worth fixing, but provisioning can work.
    pub fn warn(mut self) -> Self {
        self.severity = Severity::Warn;
        self
    }

    /// Marks the finding as critical: provisioning would do damage.
    pub fn critical(mut self) -> Self {
        self.severity = Severity::Critical;
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Adds a sentence of explanation after what `detail` already says.
    pub fn with_more_detail(mut self, more: impl AsRef<str>) -> Self {
        let more = more.as_ref();
        if !more.is_empty() {
            self.detail = if self.detail.is_empty() {
                more.to_string()
            } else {
                format!("{}\n{more}", self.detail)
            };
        }
        self
    }

    /// Sets the explanation; call before `with_evidence`.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// Something the check observed that is worth showing even when nothing is wrong: the
/// addresses a name resolved to, the TLS version, the token's lifetime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fact {
    pub label: String,
    pub value: String,
}

impl Fact {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
        }
    }
}
