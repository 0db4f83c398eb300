//! OAuth 2.0 client credentials (RFC 6749 §4.4), as PingOne uses it against Haiilo.

use crate::diagnose::{self, Endpoint};
use crate::findings::{Finding, FindingCode};
use crate::http::{self, HttpOptions, HttpResponse};
use crate::redact::Redactor;
use crate::secret::{AccessToken, ClientSecret};
use crate::{tr, trf};
use base64::Engine;
use serde::Serialize;
use serde_json::Value;
use std::time::Instant;

/// How the client proves who it is (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuthMethod {
    /// `Authorization: Basic`, what Haiilo's own integrations use (PingOne's choice is not
    /// documented).
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
}

/// `Authorization` header value for HTTP Basic client authentication. RFC 6749 §2.3.1:
/// id and secret are each form-urlencoded *before* base64, so a secret with `+`, `%`, `:`
/// or non-ASCII characters survives the trip.
pub fn basic_authorization(client_id: &str, secret: &ClientSecret) -> String {
    let id: String = form_urlencoded::byte_serialize(client_id.as_bytes()).collect();
    let secret: String = form_urlencoded::byte_serialize(secret.expose().as_bytes()).collect();
    let pair = format!("{id}:{secret}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// The form body of the token request.
pub fn token_form(method: ClientAuthMethod, client_id: &str, secret: &ClientSecret) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "client_credentials");
    if method == ClientAuthMethod::ClientSecretPost {
        form.append_pair("client_id", client_id);
        form.append_pair("client_secret", secret.expose());
    }
    form.finish()
}

/// A successful token response (RFC 6749 §5.1). Its `Debug` shows no server text and no
/// token.
#[derive(Clone)]
pub struct TokenGrant {
    pub access_token: AccessToken,
    pub token_type: String,
    pub expires_in: Option<u64>,
    pub scope: Option<String>,
    pub obtained_at: Instant,
}

impl std::fmt::Debug for TokenGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenGrant")
            .field("access_token", &self.access_token)
            .field("expires_in", &self.expires_in)
            .field("has_scope", &self.scope.is_some())
            .finish_non_exhaustive()
    }
}

/// An error response (RFC 6749 §5.2). Its `Debug` shows the error code's length only: a
/// server may quote the credentials in any field.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthErrorBody {
    pub error: String,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
}

impl std::fmt::Debug for OAuthErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthErrorBody")
            .field("error_chars", &self.error.chars().count())
            .field("has_description", &self.error_description.is_some())
            .field("has_uri", &self.error_uri.is_some())
            .finish()
    }
}

/// Why a 2xx token response is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenParseError {
    NotJson,
    Missing(&'static str),
}

/// Reads a token response member by member rather than into a struct, so that a member of
/// the wrong type (a number as `access_token`, an array as `scope`) is named as what is
/// missing instead of making the whole answer "not JSON", which it is.
pub fn parse_token_success(body: &[u8]) -> Result<TokenGrant, TokenParseError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| TokenParseError::NotJson)?;
    let access_token =
        non_empty_text(&value, "access_token").ok_or(TokenParseError::Missing("access_token"))?;
    let token_type =
        non_empty_text(&value, "token_type").ok_or(TokenParseError::Missing("token_type"))?;
    // Some servers send expires_in as a string; accept both rather than fail the check.
    let expires_in = match value.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    Ok(TokenGrant {
        access_token: AccessToken::new(access_token),
        token_type,
        expires_in,
        scope: text(&value, "scope"),
        obtained_at: Instant::now(),
    })
}

/// An RFC 6749 §5.2 error body: `error` must be a string; the optional members are kept
/// only when they are strings.
pub fn parse_token_error(body: &[u8]) -> Option<OAuthErrorBody> {
    let value: Value = serde_json::from_slice(body).ok()?;
    Some(OAuthErrorBody {
        error: text(&value, "error")?,
        error_description: text(&value, "error_description"),
        error_uri: text(&value, "error_uri"),
    })
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_string)
}

fn non_empty_text(value: &Value, key: &str) -> Option<String> {
    text(value, key).filter(|t| !t.is_empty())
}

/// Everything needed to ask for a token.
#[derive(Debug, Clone)]
pub struct TokenRequest<'a> {
    pub token_url: &'a str,
    pub client_id: &'a str,
    pub secret: &'a ClientSecret,
    pub method: ClientAuthMethod,
}

/// Requests a token and turns every failure into a finding.
pub async fn fetch_token(
    client: &reqwest::Client,
    options: &HttpOptions,
    request: &TokenRequest<'_>,
    redactor: &Redactor,
) -> Result<(TokenGrant, HttpResponse), Finding> {
    let described = format!("POST {}", request.token_url);
    let response = http::send(options, || {
        let builder = client
            .post(request.token_url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(token_form(
                request.method,
                request.client_id,
                request.secret,
            ));
        match request.method {
            ClientAuthMethod::ClientSecretBasic => builder.header(
                reqwest::header::AUTHORIZATION,
                basic_authorization(request.client_id, request.secret),
            ),
            ClientAuthMethod::ClientSecretPost => builder,
        }
    })
    .await
    .map_err(|e| diagnose::transport_finding(&e, &described))?;

    let evidence = diagnose::evidence(&described, &response, redactor);
    if let Some(finding) = diagnose::common_http_finding(Endpoint::Token, &response, &evidence) {
        return Err(finding);
    }
    let status = response.status;
    if matches!(status, 404 | 405 | 410) {
        return Err(Finding::new(
            FindingCode::TokenEndpointNotFound,
            {
                let url = request.token_url;
                trf!(
                    "There is no token endpoint at {url} (HTTP {status}).",
                    "Unter {url} gibt es keinen Token-Endpunkt (HTTP {status})."
                )
            },
            tr!(
                "The OAuth Token Request URL is always https://<your-haiilo-domain>/api/oauth/token. Check the \
                 domain for typos; if you entered the token URL under Advanced, correct it.",
                "Die „OAuth Token Request URL“ ist immer https://<ihre-haiilo-domain>/api/oauth/token. Prüfen Sie \
                 die Domain auf Tippfehler; haben Sie die Token-URL unter „Erweitert“ eingegeben, korrigieren Sie sie."
            ),
        )
        .with_evidence(evidence));
    }
    if let Some(error) = parse_token_error(&response.body) {
        return Err(oauth_error_finding(&error, status, redactor).with_evidence(evidence));
    }
    if status == 401 {
        return Err(invalid_client_finding(None).with_evidence(evidence));
    }
    if !(200..300).contains(&status) {
        return Err(rejected_finding(status, None).with_evidence(evidence));
    }
    match parse_token_success(&response.body) {
        Ok(grant) => Ok((grant, response)),
        Err(TokenParseError::NotJson) => Err(not_json_finding(&response).with_evidence(evidence)),
        Err(TokenParseError::Missing(field)) => Err(Finding::new(
            FindingCode::TokenResponseInvalid,
            trf!(
                "The token response is JSON but has no {field}.",
                "Die Token-Antwort ist JSON, hat aber kein {field}."
            ),
            tr!(
                "RFC 6749 requires access_token and token_type in a token response. The URL answers, but not \
                 like Haiilo's token endpoint: check that the token URL is https://<your-haiilo-domain>/api/oauth/token \
                 and not another service. If it is, contact Haiilo support with the evidence below.",
                "RFC 6749 verlangt access_token und token_type in einer Token-Antwort. Die URL antwortet, aber nicht \
                 wie der Token-Endpunkt von Haiilo: Prüfen Sie, ob die Token-URL https://<ihre-haiilo-domain>/api/oauth/token \
                 ist und kein anderer Dienst. Ist sie es, wenden Sie sich mit dem Nachweis unten an den Haiilo-Support."
            ),
        )
        .with_evidence(evidence)),
    }
}

fn not_json_finding(response: &HttpResponse) -> Finding {
    let what = if response.looks_like_html() {
        tr!("a web page (HTML)", "einer Webseite (HTML)")
    } else {
        tr!("something that is not JSON", "etwas, das kein JSON ist")
    };
    Finding::new(
        FindingCode::TokenResponseNotJson,
        trf!(
            "The token URL answered with {what} instead of a JSON token response.",
            "Die Token-URL antwortete mit {what} statt mit einer Token-Antwort in JSON."
        ),
        tr!(
            "This is usually the Haiilo web app or a sign-in page, not the API: check the domain, and that the \
             token URL ends in /api/oauth/token. A gateway or proxy that shows its own page can cause this too.",
            "Das ist meist die Web-App von Haiilo oder eine Anmeldeseite, nicht die API: Prüfen Sie die Domain \
             und ob die Token-URL auf /api/oauth/token endet. Auch ein Gateway oder Proxy mit eigener Seite kann \
             das verursachen."
        ),
    )
}

fn invalid_client_finding(description: Option<&str>) -> Finding {
    let summary = match description {
        Some(d) => trf!(
            "Haiilo rejected the Client ID or Client Secret (invalid_client: {d}).",
            "Haiilo hat „Client ID“ oder „Client Secret“ abgelehnt (invalid_client: „{d}“)."
        ),
        None => tr!(
            "Haiilo rejected the Client ID or Client Secret (invalid_client).",
            "Haiilo hat „Client ID“ oder „Client Secret“ abgelehnt (invalid_client)."
        )
        .to_string(),
    };
    Finding::new(
        FindingCode::InvalidClient,
        summary,
        tr!(
            "Copy the Client ID again from the API clients tab of the SCIM user directory in Haiilo \
             (Administration › User directories), and check that the directory is activated. Haiilo shows the \
             Client Secret only once: if you are not certain you have it exactly, with no space before or after, \
             create a new API client pair in that directory. Then use the new pair everywhere: in this app, \
             Phase 1 › Client ID and Client Secret › Replace; in PingOne, the connection's OAuth Client ID and \
             OAuth Client Secret fields (save the connection). Then test again.",
            "Kopieren Sie die „Client ID“ erneut aus dem Reiter „API-Clients“ des SCIM-Benutzerverzeichnisses in \
             Haiilo („Administration › Benutzerverzeichnisse“) und prüfen Sie, ob das Verzeichnis „Aktiv“ ist. \
             Haiilo zeigt das „Client Secret“ nur einmal: Sind Sie nicht sicher, dass Sie es genau haben, ohne \
             Leerzeichen davor oder danach, erstellen Sie in diesem Verzeichnis ein neues API-Client-Paar. \
             Verwenden Sie das neue Paar dann überall: in dieser App unter „Phase 1 › Client ID und Client Secret \
             › Ersetzen“; in PingOne in den Feldern „OAuth Client ID“ und „OAuth Client Secret“ der Verbindung \
             (speichern Sie die Verbindung). Testen Sie dann erneut."
        ),
    )
}

fn rejected_finding(status: u16, error: Option<&str>) -> Finding {
    let summary = match error {
        Some(code) => trf!(
            "The token request was rejected ({code}, HTTP {status}).",
            "Die Token-Anfrage wurde abgelehnt („{code}“, HTTP {status})."
        ),
        None => trf!(
            "The token request was rejected (HTTP {status}).",
            "Die Token-Anfrage wurde abgelehnt (HTTP {status})."
        ),
    };
    Finding::new(
        FindingCode::TokenRequestRejected,
        summary,
        tr!(
            "The token URL refused a standard client-credentials request. Check that the token URL is \
             https://<your-haiilo-domain>/api/oauth/token; if it is, contact Haiilo support with the evidence below.",
            "Die Token-URL hat eine übliche Client-Credentials-Anfrage abgelehnt. Prüfen Sie, ob die Token-URL \
             https://<ihre-haiilo-domain>/api/oauth/token ist; ist sie es, wenden Sie sich mit dem Nachweis unten \
             an den Haiilo-Support."
        ),
    )
}

fn oauth_error_finding(error: &OAuthErrorBody, status: u16, redactor: &Redactor) -> Finding {
    let description = error
        .error_description
        .as_deref()
        .map(|d| redactor.server_text(d, crate::redact::SERVER_TEXT_CHARS));
    match error.error.as_str() {
        "invalid_client" => invalid_client_finding(description.as_deref()),
        "unauthorized_client" => Finding::new(
            FindingCode::UnauthorizedClient,
            tr!(
                "This API client is not allowed to use the client-credentials grant (unauthorized_client).",
                "Dieser API-Client darf das Client-Credentials-Verfahren nicht verwenden (unauthorized_client)."
            ),
            tr!(
                "Use an API client created in the API clients tab of a SCIM user directory (not another kind of \
                 Haiilo client), and check that the directory is activated.",
                "Verwenden Sie einen API-Client, der im Reiter „API-Clients“ eines SCIM-Benutzerverzeichnisses \
                 erstellt wurde (keine andere Art von Haiilo-Client), und prüfen Sie, ob das Verzeichnis „Aktiv“ ist."
            ),
        ),
        "unsupported_grant_type" => Finding::new(
            FindingCode::UnsupportedGrantType,
            tr!(
                "The token endpoint does not support the client-credentials grant (unsupported_grant_type).",
                "Der Token-Endpunkt unterstützt das Client-Credentials-Verfahren nicht (unsupported_grant_type)."
            ),
            tr!(
                "PingOne's OAuth 2 Client Credentials method needs it. Check that the token URL points to Haiilo's \
                 /api/oauth/token and not to another OAuth server (for example your identity provider's).",
                "PingOnes Methode „OAuth 2 Client Credentials“ braucht es. Prüfen Sie, ob die Token-URL auf \
                 /api/oauth/token von Haiilo zeigt und nicht auf einen anderen OAuth-Server (etwa den Ihres \
                 Identitätsanbieters)."
            ),
        ),
        other => rejected_finding(
            status,
            Some(&redactor.server_text(other, crate::redact::SERVER_TEXT_CHARS)),
        ),
    }
    .with_detail(
        description
            .map(|d| trf!("Server's description: {d}", "Beschreibung des Servers: „{d}“"))
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_form_encodes_before_base64() {
        let secret = ClientSecret::new("a+b:c%d é");
        let header = basic_authorization("my id", &secret);
        let encoded = header.strip_prefix("Basic ").unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(
            String::from_utf8(decoded).unwrap(),
            "my+id:a%2Bb%3Ac%25d+%C3%A9"
        );
    }

    #[test]
    fn form_carries_credentials_only_for_post_method() {
        let secret = ClientSecret::new("s&=");
        assert_eq!(
            token_form(ClientAuthMethod::ClientSecretBasic, "id", &secret),
            "grant_type=client_credentials"
        );
        assert_eq!(
            token_form(ClientAuthMethod::ClientSecretPost, "id", &secret),
            "grant_type=client_credentials&client_id=id&client_secret=s%26%3D"
        );
    }

    #[test]
    fn success_response_is_parsed() {
        let grant = parse_token_success(
            br#"{"access_token":"abc","token_type":"Bearer","expires_in":"3600","scope":"scim"}"#,
        )
        .unwrap();
        assert_eq!(grant.access_token.expose(), "abc");
        assert_eq!(grant.expires_in, Some(3600));
        assert_eq!(grant.scope.as_deref(), Some("scim"));
    }

    #[test]
    fn a_grant_debugs_without_token_or_server_text() {
        let grant = parse_token_success(
            br#"{"access_token":"tok-s3cr3t","token_type":"s3cr3t","scope":"s3cr3t"}"#,
        )
        .unwrap();
        let shown = format!("{grant:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        let error =
            parse_token_error(br#"{"error":"s3cr3t","error_description":"s3cr3t"}"#).unwrap();
        assert!(!format!("{error:?}").contains("s3cr3t"));
    }

    #[test]
    fn missing_fields_and_non_json_are_told_apart() {
        assert_eq!(
            parse_token_success(br#"{"token_type":"Bearer"}"#).unwrap_err(),
            TokenParseError::Missing("access_token")
        );
        assert_eq!(
            parse_token_success(br#"{"access_token":"x"}"#).unwrap_err(),
            TokenParseError::Missing("token_type")
        );
        assert_eq!(
            parse_token_success(b"<html></html>").unwrap_err(),
            TokenParseError::NotJson
        );
    }

    #[test]
    fn error_body_is_parsed() {
        let e =
            parse_token_error(br#"{"error":"invalid_client","error_description":"bad"}"#).unwrap();
        assert_eq!(e.error, "invalid_client");
        assert_eq!(e.error_description.as_deref(), Some("bad"));
        assert!(parse_token_error(br#"{"access_token":"x"}"#).is_none());
    }

    /// Found by the property tests: a member of the wrong type made the whole answer
    /// "not JSON", and a numeric error_description hid the error code.
    #[test]
    fn members_of_the_wrong_type_are_named_not_called_non_json() {
        assert_eq!(
            parse_token_success(br#"{"access_token":42,"token_type":"Bearer"}"#).unwrap_err(),
            TokenParseError::Missing("access_token")
        );
        let grant =
            parse_token_success(br#"{"access_token":"t","token_type":"Bearer","scope":["a"]}"#)
                .unwrap();
        assert_eq!(grant.scope, None);
        assert_eq!(
            parse_token_success(br#"["t","Bearer"]"#).unwrap_err(),
            TokenParseError::Missing("access_token")
        );
        let e = parse_token_error(br#"{"error":"invalid_client","error_description":7}"#).unwrap();
        assert_eq!(e.error, "invalid_client");
        assert_eq!(e.error_description, None);
    }
}
