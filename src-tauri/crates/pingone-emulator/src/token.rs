//! The worker application's token endpoint, `POST /{environmentId}/as/token` on the
//! auth host (client credentials grant, RFC 6749 §4.4), and the bearer-token check in
//! front of the management API (RFC 6750).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::header::{ALLOW, AUTHORIZATION, CACHE_CONTROL, PRAGMA, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

use crate::config::ClientAuthMethod;
use crate::error::ApiError;
use crate::ids::random_token;
use crate::response::{json_response, media_type, set_header};
use crate::server::App;

/// Issued access tokens and when they expire.
#[derive(Default)]
pub(crate) struct TokenStore {
    tokens: Mutex<HashMap<String, Instant>>,
}

impl TokenStore {
    fn issue(&self, lifetime: Duration) -> Result<String, getrandom::Error> {
        let token = random_token()?;
        let now = Instant::now();
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens.retain(|_, expiry| *expiry > now);
        tokens.insert(token.clone(), now + lifetime);
        Ok(token)
    }

    /// `Ok` for a live token, else why it is refused.
    fn check(&self, token: &str) -> Result<(), &'static str> {
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        match tokens.get(token) {
            None => Err("The access token is not valid."),
            Some(expiry) if Instant::now() >= *expiry => Err("The access token has expired."),
            Some(_) => Ok(()),
        }
    }
}

/// An RFC 6749 §5.2 error.
struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl OAuthError {
    fn invalid_request(description: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_request",
            description: description.into(),
        }
    }

    fn invalid_client(description: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: description.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = json_response(
            self.status,
            &json!({"error": self.error, "error_description": self.description}),
        );
        no_store(&mut response);
        if self.status == StatusCode::UNAUTHORIZED {
            // RFC 6749 §5.2 asks for a challenge when the client tried Basic; HTTP
            // (RFC 9110 §15.5.2) wants one on every 401.
            set_header(&mut response, WWW_AUTHENTICATE, "Basic realm=\"PingOne\"");
        }
        response
    }
}

/// RFC 6749 §5.1: token responses must not be cached.
fn no_store(response: &mut Response) {
    set_header(response, CACHE_CONTROL, "no-store");
    set_header(response, PRAGMA, "no-cache");
}

fn authorization(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    Some((scheme.to_owned(), rest.trim().to_owned()))
}

/// Decodes one `application/x-www-form-urlencoded` component (RFC 6749 §2.3.1 encodes
/// id and secret this way before joining them for Basic): `+` is a space, `%XX` a byte.
/// A `%` not followed by two hex digits stays as it is, so an unencoded secret that
/// holds no `+` or `%` still matches.
fn form_decode(part: &str) -> String {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| part.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (byte, None) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn basic_credentials(encoded: &str) -> Result<(String, String), OAuthError> {
    let malformed = || OAuthError::invalid_client("Malformed HTTP Basic credentials.");
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    Ok((form_decode(id), form_decode(secret)))
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// How the client authenticated.
enum Presented {
    Basic(String, String),
    Post(String, String),
}

pub(crate) fn token_endpoint(
    app: &App,
    method: &Method,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    if method != Method::POST {
        let mut response =
            OAuthError::invalid_request("The token endpoint only accepts POST.").into_response();
        *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        set_header(&mut response, ALLOW, "POST");
        return response;
    }
    match issue(app, headers, body) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

fn presented_credentials(
    headers: &HeaderMap,
    params: &HashMap<String, String>,
) -> Result<Presented, OAuthError> {
    let basic = match authorization(headers) {
        Some((scheme, credentials)) if scheme.eq_ignore_ascii_case("basic") => Some(credentials),
        _ => None,
    };
    let body_id = params.get("client_id");
    let body_secret = params.get("client_secret");
    match (basic, body_id, body_secret) {
        (Some(_), _, Some(_)) => Err(OAuthError::invalid_request(
            "Client credentials were sent both in the Authorization header and in the body; use one method (RFC 6749 §2.3).",
        )),
        (Some(encoded), _, None) => {
            let (id, secret) = basic_credentials(&encoded)?;
            Ok(Presented::Basic(id, secret))
        }
        (None, Some(id), Some(secret)) => Ok(Presented::Post(id.clone(), secret.clone())),
        (None, Some(_), None) => Err(OAuthError::invalid_client("client_secret is missing.")),
        (None, None, _) => Err(OAuthError::invalid_client(
            "No client authentication was sent.",
        )),
    }
}

fn issue(app: &App, headers: &HeaderMap, body: &Bytes) -> Result<Response, OAuthError> {
    if media_type(headers).as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(OAuthError::invalid_request(
            "The request must be application/x-www-form-urlencoded (RFC 6749 §4.4.2).",
        ));
    }
    let mut params = HashMap::new();
    for (name, value) in form_urlencoded::parse(body) {
        if !value.is_empty() {
            params.insert(name.into_owned(), value.into_owned());
        }
    }
    let presented = presented_credentials(headers, &params)?;
    let (used, id, secret) = match presented {
        Presented::Basic(id, secret) => (ClientAuthMethod::Basic, id, secret),
        Presented::Post(id, secret) => (ClientAuthMethod::Post, id, secret),
    };
    let plan = &app.plan;
    if plan.unknown_client || !same(&id, &app.worker_client_id) {
        return Err(OAuthError::invalid_client(
            "Client authentication failed: no application with this client ID exists in this environment.",
        ));
    }
    let accepted = app.client_auth == ClientAuthMethod::Either || app.client_auth == used;
    if !accepted {
        return Err(OAuthError::invalid_client(format!(
            "Client authentication failed: the application's token endpoint authentication method is {}, but the request used {}.",
            app.client_auth.pingone_name(),
            used.pingone_name()
        )));
    }
    if plan.wrong_secret || !same(&secret, &app.worker_client_secret) {
        return Err(OAuthError::invalid_client(
            "Client authentication failed: the client secret is not valid.",
        ));
    }
    match params.get("grant_type").map(String::as_str) {
        None => return Err(OAuthError::invalid_request("grant_type is missing.")),
        Some("client_credentials") => {}
        Some(other) => {
            return Err(OAuthError {
                status: StatusCode::BAD_REQUEST,
                error: "unsupported_grant_type",
                description: format!(
                    "grant_type '{other}' is not supported; use client_credentials."
                ),
            })
        }
    }
    let token = app
        .tokens
        .issue(app.token_lifetime)
        .map_err(|e| OAuthError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: "server_error",
            description: format!("could not generate a token: {e}"),
        })?;
    let expires_in = app.token_lifetime.as_secs().max(1);
    let mut response = json_response(
        StatusCode::OK,
        &json!({"access_token": token, "token_type": "Bearer", "expires_in": expires_in}),
    );
    no_store(&mut response);
    Ok(response)
}

/// Checks `Authorization: Bearer <token>` and the worker application's role; gives
/// the error to answer with when the call may not proceed.
pub(crate) fn authorize(app: &App, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = match authorization(headers) {
        // RFC 9110 §11.1: the scheme name is case-insensitive.
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() => {
            token
        }
        _ => {
            return Err(ApiError::invalid_token(
                "An access token is required: Authorization: Bearer <token>.",
            ))
        }
    };
    app.tokens.check(&token).map_err(ApiError::invalid_token)?;
    if app.plan.missing_role {
        return Err(ApiError::access_failed());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_form_decoded() {
        let encoded = STANDARD.encode("my%2Bid:a%3Ab+c");
        let (id, secret) = basic_credentials(&encoded).ok().expect("valid");
        assert_eq!(id, "my+id");
        assert_eq!(secret, "a:b c");
        assert_eq!(form_decode("a&b=c%zz%7e"), "a&b=c%zz~");
    }

    #[test]
    fn tokens_expire() {
        let store = TokenStore::default();
        let token = store.issue(Duration::from_millis(0)).expect("token");
        assert_eq!(store.check(&token), Err("The access token has expired."));
        assert_eq!(store.check("nope"), Err("The access token is not valid."));
        let live = store.issue(Duration::from_secs(60)).expect("token");
        assert_eq!(store.check(&live), Ok(()));
    }
}
