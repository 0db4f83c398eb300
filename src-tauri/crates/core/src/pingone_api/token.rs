//! The worker application's access token: OAuth 2 client credentials (RFC 6749 §4.4) at
//! `POST <auth base>/<environmentId>/as/token`.
//!
//! A PingOne application has one *Token Endpoint Authentication Method* (`CLIENT_SECRET_BASIC`,
//! `CLIENT_SECRET_POST` or `NONE` in PingOne's published API description); which one a new
//! worker app gets is not something we rely on. We try HTTP Basic first and, when that is
//! refused with `invalid_client`, the credentials in the form body; the grant says which one
//! worked, so the app can tell the admin what their worker app needs.
//!
//! What PingOne's answers tell apart (RFC 6749 §5.2, and PingOne's token endpoint follows it):
//! an unknown client ID and a wrong secret both give `invalid_client`, so they are one
//! finding here; we do not parse PingOne's `error_description` wording to guess which (its
//! text is not a documented contract) but pass it on, scrubbed, as the server's words. An
//! unknown environment is in the path, so it shows as 404 (or a 400 that is not an OAuth
//! error); a wrong region gives the same, or no host at all for a mistyped override.

use super::access::PingOneAccess;
use crate::http::{self, HttpOptions, HttpResponse, TransportError};
use crate::oauth::{self, ClientAuthMethod, OAuthErrorBody, TokenParseError};
use crate::redact::Redactor;
use crate::secret::{AccessToken, ClientSecret, WorkerSecret};
use crate::{tr, trf};
use serde::Serialize;
use std::time::Instant;

/// A token for the PingOne Platform API.
#[derive(Debug, Clone)]
pub struct WorkerGrant {
    pub access_token: AccessToken,
    /// How the worker app authenticated: Basic, or the form body after Basic was refused.
    pub method: ClientAuthMethod,
    pub expires_in: Option<u64>,
    pub obtained_at: Instant,
}

impl WorkerGrant {
    /// One sentence for the step's facts: which method the worker app accepts.
    pub fn method_note(&self) -> &'static str {
        match self.method {
            ClientAuthMethod::ClientSecretBasic => tr!(
                "The worker application accepts Client Secret Basic (HTTP Basic).",
                "Die Worker-App akzeptiert „Client Secret Basic“ (HTTP Basic)."
            ),
            ClientAuthMethod::ClientSecretPost => tr!(
                "The worker application refused HTTP Basic and accepted the credentials in the form body: its Token Endpoint Authentication Method is Client Secret Post.",
                "Die Worker-App hat HTTP Basic abgelehnt und die Zugangsdaten im Formular-Body angenommen: Ihre „Token Endpoint Authentication Method“ ist „Client Secret Post“."
            ),
        }
    }
}

/// Why no worker token was issued, sorted into what the admin can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkerTokenError {
    HostNotFound {
        host: String,
    },
    Unreachable {
        reason: String,
    },
    Timeout {
        after_secs: u64,
    },
    EnvironmentNotFound {
        environment_id: String,
        token_url: String,
        status: u16,
        detail: Option<String>,
    },
    InvalidClient {
        description: Option<String>,
    },
    UnauthorizedClient {
        description: Option<String>,
    },
    Rejected {
        status: u16,
        error: Option<String>,
        description: Option<String>,
    },
    RateLimited {
        retry_after_secs: Option<u64>,
    },
    ServerError {
        status: u16,
    },
    NotATokenResponse {
        status: u16,
        excerpt: Option<String>,
    },
}

impl std::error::Error for WorkerTokenError {}

impl std::fmt::Display for WorkerTokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::HostNotFound { host } => trf!(
                "The host {host} does not exist (DNS). Check the region; if you entered a PingOne auth URL, check it for typos.",
                "Den Host {host} gibt es nicht (DNS). Prüfen Sie die Region; haben Sie eine PingOne-Auth-URL eingetragen, prüfen Sie sie auf Tippfehler."
            ),
            Self::Unreachable { reason } => trf!(
                "PingOne's token endpoint could not be reached: {reason}.",
                "PingOnes Token-Endpunkt war nicht erreichbar: {reason}."
            ),
            Self::Timeout { after_secs } => trf!(
                "PingOne's token endpoint did not answer within {after_secs} s.",
                "PingOnes Token-Endpunkt hat nicht innerhalb von {after_secs} s geantwortet."
            ),
            Self::EnvironmentNotFound {
                environment_id,
                token_url,
                status,
                detail,
            } => {
                let said = detail_suffix(detail);
                trf!(
                    "PingOne has no environment {environment_id} at {token_url} (HTTP {status}). Either the environment ID is wrong or the environment is in another region: an environment exists in one region only.{said}",
                    "PingOne hat keine Umgebung {environment_id} unter {token_url} (HTTP {status}). Entweder ist die Umgebungs-ID falsch, oder die Umgebung liegt in einer anderen Region: Eine Umgebung gibt es nur in einer Region.{said}"
                )
            }
            Self::InvalidClient { description } => {
                let said = detail_suffix(description);
                trf!(
                    "PingOne refused the worker application's Client ID or secret (invalid_client, tried with HTTP Basic and in the form body). PingOne gives the same answer for an unknown Client ID and for a wrong secret: copy both again from the worker app in PingOne (Applications › Applications › your worker app › Overview and Configuration; generate a new secret if in doubt).{said}",
                    "PingOne hat „Client ID“ oder Secret der Worker-App abgelehnt (invalid_client, versucht mit HTTP Basic und im Formular-Body). PingOne antwortet gleich auf eine unbekannte „Client ID“ und auf ein falsches Secret: Kopieren Sie beide erneut aus der Worker-App in PingOne („Applications › Applications“ › Ihre Worker-App › „Overview“ und „Configuration“; erzeugen Sie im Zweifel ein neues Secret).{said}"
                )
            }
            Self::UnauthorizedClient { description } => {
                let said = detail_suffix(description);
                trf!(
                    "The worker application may not use the client-credentials grant (unauthorized_client). In PingOne, the application must be of type Worker (Applications › Applications › your app › Configuration › Grant Type: Client Credentials).{said}",
                    "Die Worker-App darf den Client-Credentials-Grant nicht verwenden (unauthorized_client). In PingOne muss die App vom Typ „Worker“ sein („Applications › Applications“ › Ihre App › „Configuration › Grant Type: Client Credentials“).{said}"
                )
            }
            Self::Rejected {
                status,
                error,
                description,
            } => {
                let code = error
                    .as_deref()
                    .map(|e| format!(", {e}"))
                    .unwrap_or_default();
                let said = detail_suffix(description);
                trf!(
                    "PingOne refused the token request (HTTP {status}{code}).{said}",
                    "PingOne hat die Token-Anfrage abgelehnt (HTTP {status}{code}).{said}"
                )
            }
            Self::RateLimited { .. } => tr!(
                "PingOne is rate limiting the token requests (HTTP 429); try again in a minute.",
                "PingOne drosselt die Token-Anfragen (HTTP 429); versuchen Sie es in einer Minute erneut."
            )
            .to_string(),
            Self::ServerError { status } => trf!(
                "PingOne's token endpoint had an internal error (HTTP {status}); try again later.",
                "PingOnes Token-Endpunkt hatte einen internen Fehler (HTTP {status}); versuchen Sie es später erneut."
            ),
            Self::NotATokenResponse { status, .. } => trf!(
                "The token endpoint answered (HTTP {status}) with something that is not PingOne's JSON token response; check the region or the PingOne auth URL.",
                "Der Token-Endpunkt antwortete (HTTP {status}) mit etwas, das nicht PingOnes JSON-Token-Antwort ist; prüfen Sie die Region oder die PingOne-Auth-URL."
            ),
        };
        f.write_str(&text)
    }
}

/// PingOne's own words after a message: English, so German quotes them.
fn detail_suffix(detail: &Option<String>) -> String {
    detail
        .as_deref()
        .map(|d| trf!(" PingOne said: {d}", " PingOne sagte: „{d}“"))
        .unwrap_or_default()
}

fn from_transport(error: &TransportError) -> WorkerTokenError {
    match error {
        TransportError::DnsUnresolved { host, .. } => {
            WorkerTokenError::HostNotFound { host: host.clone() }
        }
        TransportError::Timeout { after, .. } => WorkerTokenError::Timeout {
            after_secs: after.as_secs(),
        },
        TransportError::ConnectionRefused { address } => WorkerTokenError::Unreachable {
            reason: trf!(
                "the connection to {address} was refused",
                "die Verbindung zu {address} wurde abgelehnt"
            ),
        },
        TransportError::Tls { reason } => WorkerTokenError::Unreachable {
            reason: trf!(
                "the TLS handshake failed ({reason})",
                "der TLS-Handshake ist gescheitert („{reason}“)"
            ),
        },
        TransportError::TooLarge { limit } => WorkerTokenError::Unreachable {
            reason: {
                let limit = crate::report::number(*limit as u64);
                trf!(
                    "the answer is larger than {limit} bytes",
                    "die Antwort ist größer als {limit} Bytes"
                )
            },
        },
        TransportError::Other { reason } => WorkerTokenError::Unreachable {
            reason: trf!("{reason}", "„{reason}“"),
        },
    }
}

/// Sends one token request with one client authentication method.
async fn request_once(
    client: &reqwest::Client,
    options: &HttpOptions,
    token_url: &str,
    client_id: &str,
    secret: &ClientSecret,
    method: ClientAuthMethod,
) -> Result<HttpResponse, WorkerTokenError> {
    http::send(options, || {
        let builder = client
            .post(token_url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(oauth::token_form(method, client_id, secret));
        match method {
            ClientAuthMethod::ClientSecretBasic => builder.header(
                reqwest::header::AUTHORIZATION,
                oauth::basic_authorization(client_id, secret),
            ),
            ClientAuthMethod::ClientSecretPost => builder,
        }
    })
    .await
    .map_err(|e| from_transport(&e))
}

/// Reads one answer: a grant, or why not.
fn interpret(
    response: &HttpResponse,
    access: &PingOneAccess,
    method: ClientAuthMethod,
    redactor: &Redactor,
) -> Result<WorkerGrant, WorkerTokenError> {
    let status = response.status;
    let oauth_error: Option<OAuthErrorBody> = oauth::parse_token_error(&response.body);
    let description = oauth_error
        .as_ref()
        .and_then(|e| e.error_description.as_deref())
        .map(|d| redactor.scrub(d));
    if let Some(error) = &oauth_error {
        return Err(match error.error.as_str() {
            "invalid_client" => WorkerTokenError::InvalidClient { description },
            "unauthorized_client" => WorkerTokenError::UnauthorizedClient { description },
            other => WorkerTokenError::Rejected {
                status,
                error: Some(other.to_string()),
                description,
            },
        });
    }
    match status {
        200..=299 => match oauth::parse_token_success(&response.body) {
            Ok(grant) => Ok(WorkerGrant {
                access_token: grant.access_token,
                method,
                expires_in: grant.expires_in,
                obtained_at: grant.obtained_at,
            }),
            Err(TokenParseError::NotJson | TokenParseError::Missing(_)) => {
                Err(WorkerTokenError::NotATokenResponse {
                    status,
                    excerpt: Some(redactor.excerpt(&response.body)).filter(|e| !e.is_empty()),
                })
            }
        },
        // An unknown environment is part of the path: not found, or a request PingOne
        // cannot route (a 400 without an OAuth error body).
        400 | 404 => Err(WorkerTokenError::EnvironmentNotFound {
            environment_id: access.environment_id.clone(),
            token_url: access.token_url(),
            status,
            detail: super::error::PingOneErrorBody::parse(&response.body, redactor)
                .map(|b| b.describe()),
        }),
        401 => Err(WorkerTokenError::InvalidClient { description: None }),
        429 => Err(WorkerTokenError::RateLimited {
            retry_after_secs: response.retry_after.map(|d| d.as_secs()),
        }),
        500..=599 => Err(WorkerTokenError::ServerError { status }),
        _ if response.looks_like_html() || !response.is_json() => {
            Err(WorkerTokenError::NotATokenResponse {
                status,
                excerpt: Some(redactor.excerpt(&response.body)).filter(|e| !e.is_empty()),
            })
        }
        _ => Err(WorkerTokenError::Rejected {
            status,
            error: None,
            description: None,
        }),
    }
}

/// Gets a worker token: HTTP Basic first, then credentials in the form body when Basic is
/// refused as `invalid_client`.
pub async fn fetch_worker_token(
    client: &reqwest::Client,
    options: &HttpOptions,
    access: &PingOneAccess,
    secret: &WorkerSecret,
    redactor: &Redactor,
) -> Result<WorkerGrant, WorkerTokenError> {
    let mut redactor = redactor.clone();
    redactor.add_client_credentials(&access.worker_client_id, secret.expose());
    let token_url = access.token_url();
    let client_id = access.worker_client_id.as_str();
    let secret = ClientSecret::new(secret.expose());

    let basic = request_once(
        client,
        options,
        &token_url,
        client_id,
        &secret,
        ClientAuthMethod::ClientSecretBasic,
    )
    .await?;
    match interpret(
        &basic,
        access,
        ClientAuthMethod::ClientSecretBasic,
        &redactor,
    ) {
        Err(WorkerTokenError::InvalidClient { description: first }) => {
            let post = request_once(
                client,
                options,
                &token_url,
                client_id,
                &secret,
                ClientAuthMethod::ClientSecretPost,
            )
            .await?;
            match interpret(&post, access, ClientAuthMethod::ClientSecretPost, &redactor) {
                Err(WorkerTokenError::InvalidClient { description }) => {
                    Err(WorkerTokenError::InvalidClient {
                        description: description.or(first),
                    })
                }
                other => other,
            }
        }
        other => other,
    }
}
