//! The OAuth 2.0 token endpoint for the client credentials grant (RFC 6749 §4.4) and
//! the bearer-token check in front of SCIM (RFC 6750).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::header::{ALLOW, AUTHORIZATION, CACHE_CONTROL, PRAGMA, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::error::ScimError;
use crate::ids::random_token;
use crate::request_body::{media_type, read_body, BodyError};
use crate::response::{html, plain_json, redirect_to_login, set_header};
use crate::server::App;

/// Realm named in `WWW-Authenticate` challenges.
const REALM: &str = "haiilo";

/// Standard base64 that accepts input with or without `=` padding: clients differ, and
/// RFC 7617 doesn't make padding optional, but refusing it would only test base64.
const BASIC_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Issued access tokens and when they expire.
#[derive(Default)]
pub(crate) struct TokenStore {
    tokens: Mutex<HashMap<String, Instant>>,
}

/// What a presented bearer token turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenStatus {
    Valid,
    Expired,
    Unknown,
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

    pub fn status(&self, token: &str) -> TokenStatus {
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        match tokens.get(token) {
            None => TokenStatus::Unknown,
            Some(expiry) if Instant::now() >= *expiry => TokenStatus::Expired,
            Some(_) => TokenStatus::Valid,
        }
    }
}

/// An RFC 6749 §5.2 error response.
#[derive(Debug)]
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
        let mut response = plain_json(
            self.status,
            &json!({"error": self.error, "error_description": self.description}),
        );
        no_store(&mut response);
        if self.status == StatusCode::UNAUTHORIZED {
            // RFC 6749 §5.2 asks for the challenge when the client used Basic; HTTP
            // (RFC 9110 §15.5.2) requires one on every 401, so it is always sent.
            set_header(
                &mut response,
                WWW_AUTHENTICATE,
                &format!("Basic realm=\"{REALM}\""),
            );
        }
        response
    }
}

/// RFC 6749 §5.1: token responses must not be cached.
fn no_store(response: &mut Response) {
    set_header(response, CACHE_CONTROL, "no-store");
    set_header(response, PRAGMA, "no-cache");
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space and `%XX` a
/// byte. Malformed escapes are an error rather than passed through, so a client that
/// didn't encode a secret containing '%' is told so by a failed authentication.
fn form_urldecode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Client credentials from `Authorization: Basic` (RFC 6749 §2.3.1): base64 of
/// `urlencode(id) ":" urlencode(secret)`. Split at the first ':' (an encoded id holds
/// none), then form-decode each part.
fn basic_credentials(encoded: &str) -> Result<(String, String), OAuthError> {
    let malformed = || OAuthError::invalid_client("malformed HTTP Basic credentials");
    let decoded = BASIC_BASE64
        .decode(encoded.trim())
        .map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    let not_encoded = || {
        OAuthError::invalid_client(
            "client id or secret is not form-urlencoded as RFC 6749 §2.3.1 requires",
        )
    };
    Ok((
        form_urldecode(id).ok_or_else(not_encoded)?,
        form_urldecode(secret).ok_or_else(not_encoded)?,
    ))
}

/// Compares without stopping at the first difference, so response timing doesn't
/// reveal how much of a guessed secret was right.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The scheme and credentials of an `Authorization` header.
fn authorization(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    Some((scheme.to_owned(), rest.trim().to_owned()))
}

/// `POST /api/oauth/token`.
pub(crate) async fn token_endpoint(app: &App, request: Request) -> Response {
    let plan = &app.plan;
    if plan.token_login_page {
        return html(StatusCode::OK, crate::login_page::page());
    }
    if plan.token_redirect {
        return redirect_to_login(request.uri().path());
    }
    if request.method() != Method::POST {
        let mut response =
            OAuthError::invalid_request("the token endpoint only accepts POST").into_response();
        *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        set_header(&mut response, ALLOW, "POST");
        return response;
    }
    match issue_token(app, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn issue_token(app: &App, request: Request) -> Result<Response, OAuthError> {
    let (parts, body) = request.into_parts();
    if media_type(&parts.headers).as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(OAuthError::invalid_request(
            "the request must be application/x-www-form-urlencoded (RFC 6749 §4.4.2)",
        ));
    }
    let bytes = match read_body(&parts.headers, body).await {
        Ok(bytes) => bytes,
        Err(BodyError::TooLarge) => {
            return Err(OAuthError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                error: "invalid_request",
                description: BodyError::TooLarge.to_string(),
            })
        }
        Err(e) => return Err(OAuthError::invalid_request(e.to_string())),
    };

    let mut params: HashMap<String, String> = HashMap::new();
    for (name, value) in form_urlencoded::parse(&bytes) {
        // RFC 6749 §3.1: parameters without a value count as omitted, and none may
        // be repeated.
        if value.is_empty() {
            continue;
        }
        if params.contains_key(name.as_ref()) {
            return Err(OAuthError::invalid_request(format!(
                "parameter '{name}' is given more than once"
            )));
        }
        params.insert(name.into_owned(), value.into_owned());
    }
    let param = |name: &str| params.get(name).map(String::as_str);

    let basic = match authorization(&parts.headers) {
        Some((scheme, credentials)) if scheme.eq_ignore_ascii_case("basic") => Some(credentials),
        _ => None,
    };
    let body_id = param("client_id");
    let body_secret = param("client_secret");

    let (client_id, client_secret) = match basic {
        Some(encoded) => {
            // RFC 6749 §2.3: one authentication method per request. A client_id in
            // the body is tolerated only when it names the same client.
            if body_secret.is_some() {
                return Err(OAuthError::invalid_request(
                    "client credentials were sent both in the Authorization header and in the body; use one method",
                ));
            }
            let (id, secret) = basic_credentials(&encoded)?;
            if body_id.is_some_and(|body_id| body_id != id) {
                return Err(OAuthError::invalid_request(
                    "client_id in the body differs from the one in the Authorization header",
                ));
            }
            (id, secret)
        }
        None => match (body_id, body_secret) {
            (Some(id), Some(secret)) => (id.to_owned(), secret.to_owned()),
            (Some(_), None) => {
                return Err(OAuthError::invalid_client("client_secret is missing"));
            }
            _ => {
                return Err(OAuthError::invalid_client(
                    "no client authentication: send HTTP Basic credentials (RFC 6749 §2.3.1)",
                ));
            }
        },
    };

    let Some(grant_type) = param("grant_type") else {
        return Err(OAuthError::invalid_request("grant_type is missing"));
    };
    if !(same_secret(&client_id, &app.client_id) & same_secret(&client_secret, &app.client_secret))
    {
        return Err(OAuthError::invalid_client(
            "unknown client or wrong client secret",
        ));
    }
    if grant_type != "client_credentials" {
        return Err(OAuthError {
            status: StatusCode::BAD_REQUEST,
            error: "unsupported_grant_type",
            description: format!(
                "grant_type '{grant_type}' is not supported; use client_credentials"
            ),
        });
    }

    let lifetime = app.token_lifetime();
    // RFC 6749 §5.1 expresses the lifetime in whole seconds; round up so the client
    // is never told a token lives for 0 s.
    let expires_in = lifetime.as_secs() + u64::from(lifetime.subsec_nanos() > 0);
    let mut body = Map::new();
    if !app.plan.token_missing_access_token {
        let token = app.tokens.issue(lifetime).map_err(|e| OAuthError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: "server_error",
            description: format!("could not generate a token: {e}"),
        })?;
        body.insert("access_token".into(), Value::String(token));
    }
    body.insert("token_type".into(), json!("Bearer"));
    body.insert("expires_in".into(), json!(expires_in));
    body.insert("scope".into(), json!("scim"));
    let mut response = plain_json(StatusCode::OK, &Value::Object(body));
    no_store(&mut response);
    Ok(response)
}

/// Checks `Authorization: Bearer <token>` on a SCIM request (RFC 6750 §2.1, §3);
/// gives the 401 to send when it doesn't hold a valid token.
pub(crate) fn bearer_rejection(app: &App, headers: &HeaderMap) -> Option<Response> {
    let token = match authorization(headers) {
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() => {
            token
        }
        _ => {
            return Some(unauthorized(
                None,
                "an access token is required: Authorization: Bearer <token>",
            ))
        }
    };
    match app.tokens.status(&token) {
        TokenStatus::Valid => None,
        TokenStatus::Expired => Some(unauthorized(
            Some("the access token expired"),
            "the access token expired; request a new one",
        )),
        TokenStatus::Unknown => Some(unauthorized(
            Some("the access token is not known"),
            "the access token is not valid for this tenant",
        )),
    }
}

/// 401 with a Bearer challenge; `error="invalid_token"` only when a token was
/// presented (RFC 6750 §3.1: no error code when authentication was missing).
fn unauthorized(token_problem: Option<&str>, detail: &str) -> Response {
    let challenge = match token_problem {
        None => format!("Bearer realm=\"{REALM}\""),
        Some(problem) => format!(
            "Bearer realm=\"{REALM}\", error=\"invalid_token\", error_description=\"{problem}\""
        ),
    };
    let mut response = ScimError::new(StatusCode::UNAUTHORIZED, None, detail).into_response();
    set_header(&mut response, WWW_AUTHENTICATE, &challenge);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;

    fn encode(id: &str, secret: &str) -> String {
        let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
        let secret: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        STANDARD.encode(format!("{id}:{secret}"))
    }

    #[test]
    fn basic_credentials_are_form_decoded_after_base64() {
        let (id, secret) =
            basic_credentials(&encode("demo client", "d3mo+Secret:50%/x")).expect("valid");
        assert_eq!(id, "demo client");
        assert_eq!(secret, "d3mo+Secret:50%/x");
        let unpadded = encode("a", "b").trim_end_matches('=').to_owned();
        assert_eq!(basic_credentials(&unpadded).expect("valid").1, "b");
    }

    #[test]
    fn naive_basic_encoding_does_not_yield_the_secret() {
        let naive = STANDARD.encode("demo-scim-client:d3mo+Secret:50%/x");
        match basic_credentials(&naive) {
            Ok((_, secret)) => assert_ne!(secret, "d3mo+Secret:50%/x"),
            Err(e) => assert_eq!(e.error, "invalid_client"),
        }
        let naive = STANDARD.encode("id:a+b");
        assert_eq!(basic_credentials(&naive).expect("decodes").1, "a b");
    }

    #[test]
    fn malformed_basic_is_invalid_client() {
        for bad in [
            "***",
            &STANDARD.encode("no-colon"),
            &STANDARD.encode([0xff, b':', b'a']),
        ] {
            assert_eq!(
                basic_credentials(bad).expect_err(bad).error,
                "invalid_client"
            );
        }
    }

    #[test]
    fn form_decoding() {
        assert_eq!(form_urldecode("a%2Bb+c%3A%25").as_deref(), Some("a+b c:%"));
        assert_eq!(form_urldecode("%zz"), None);
        assert_eq!(form_urldecode("50%"), None);
        assert_eq!(form_urldecode("%C3%A4").as_deref(), Some("ä"));
    }

    #[test]
    fn secret_comparison() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }

    #[test]
    fn token_store_expires_tokens() {
        let store = TokenStore::default();
        let token = store.issue(Duration::from_secs(60)).expect("token");
        assert_eq!(store.status(&token), TokenStatus::Valid);
        let short = store.issue(Duration::ZERO).expect("token");
        assert_eq!(store.status(&short), TokenStatus::Expired);
        assert_eq!(store.status("nope"), TokenStatus::Unknown);
    }
}
