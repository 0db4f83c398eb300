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
            ClientAuthMethod::ClientSecretBasic => {
                "The worker application accepts Client Secret Basic (HTTP Basic)."
            }
            ClientAuthMethod::ClientSecretPost => {
                "The worker application refused HTTP Basic and accepted the credentials in the form body: its Token Endpoint Authentication Method is Client Secret Post."
            }
        }
    }
}

/// Why no worker token was issued, sorted into what the admin can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkerTokenError {
    #[error("The host {host} does not exist (DNS). Check the region; if you entered a PingOne auth URL, check it for typos.")]
    HostNotFound { host: String },
    #[error("PingOne's token endpoint could not be reached: {reason}.")]
    Unreachable { reason: String },
    #[error("PingOne's token endpoint did not answer within {after_secs} s.")]
    Timeout { after_secs: u64 },
    #[error("PingOne has no environment {environment_id} at {token_url} (HTTP {status}). Either the environment ID is wrong or the environment is in another region: an environment exists in one region only.{}", detail_suffix(.detail))]
    EnvironmentNotFound {
        environment_id: String,
        token_url: String,
        status: u16,
        detail: Option<String>,
    },
    #[error("PingOne refused the worker application's Client ID or secret (invalid_client, tried with HTTP Basic and in the form body). PingOne gives the same answer for an unknown Client ID and for a wrong secret: copy both again from the worker app in PingOne (Applications › Applications › your worker app › Overview and Configuration; generate a new secret if in doubt).{}", detail_suffix(.description))]
    InvalidClient { description: Option<String> },
    #[error("The worker application may not use the client-credentials grant (unauthorized_client). In PingOne, the application must be of type Worker (Applications › Applications › your app › Configuration › Grant Type: Client Credentials).{}", detail_suffix(.description))]
    UnauthorizedClient { description: Option<String> },
    #[error("PingOne refused the token request (HTTP {status}{}).{}", error.as_deref().map(|e| format!(", {e}")).unwrap_or_default(), detail_suffix(.description))]
    Rejected {
        status: u16,
        error: Option<String>,
        description: Option<String>,
    },
    #[error("PingOne is rate limiting the token requests (HTTP 429); try again in a minute.")]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("PingOne's token endpoint had an internal error (HTTP {status}); try again later.")]
    ServerError { status: u16 },
    #[error("The token endpoint answered (HTTP {status}) with something that is not PingOne's JSON token response; check the region or the PingOne auth URL.")]
    NotATokenResponse {
        status: u16,
        excerpt: Option<String>,
    },
}

fn detail_suffix(detail: &Option<String>) -> String {
    detail
        .as_deref()
        .map(|d| format!(" PingOne said: {d}"))
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
            reason: format!("the connection to {address} was refused"),
        },
        TransportError::Tls { reason } => WorkerTokenError::Unreachable {
            reason: format!("the TLS handshake failed ({reason})"),
        },
        TransportError::TooLarge { limit } => WorkerTokenError::Unreachable {
            reason: format!("the answer is larger than {limit} bytes"),
        },
        TransportError::Other { reason } => WorkerTokenError::Unreachable {
            reason: reason.clone(),
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
