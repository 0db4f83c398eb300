//! The connection test, `POST …/propagation/stores/connection/status` with
//! `Content-Type: application/vnd.pingidentity.connection.check+json` ("Test
//! Connection Configuration"): it takes a proposed store and really tries it, as
//! PingOne does from its cloud before anything is saved.
//!
//! What PingOne's test sends to the target is not documented. This one does what the
//! configuration describes: for *OAuth 2 Client Credentials* it requests a token from
//! `OAUTH_TOKEN_REQUEST` (client credentials, the client authenticated with HTTP
//! Basic as RFC 6749 §2.3.1 recommends), then `GET {SCIM_URL}{USERS_RESOURCE}` with
//! `Authorization: {AUTHORIZATION_TYPE} {token}`. A pass answers 200 with no body; a
//! failure answers 400 in PingOne's error shape, with one `details[]` entry naming the
//! configuration key whose value failed. Neither the secret nor any token appears in
//! an answer.

use axum::http::StatusCode;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{Map, Value};

use crate::api::{ApiResult, Call};
use crate::error::{ApiError, Detail};
use crate::response::empty;
use crate::store_config::OAUTH_CLIENT_CREDENTIALS;
use crate::stores::{parse_test_body, CONNECTION_CHECK_JSON};

/// Why a test failed: the key to blame and what happened.
struct Failure {
    key: &'static str,
    message: String,
}

fn fail(key: &'static str, message: impl Into<String>) -> Failure {
    Failure {
        key,
        message: message.into(),
    }
}

pub(crate) async fn connection_test(call: &Call<'_>) -> ApiResult {
    let body = call.json_body(CONNECTION_CHECK_JSON)?;
    let store = parse_test_body(&body)?;
    let outcome = if call.app.plan.cloud_test_unreachable {
        Err(unreachable_from_cloud(&store.configuration))
    } else {
        run(call.app.http(), &store.configuration).await
    };
    match outcome {
        Ok(()) => Ok(empty(StatusCode::OK)),
        Err(failure) => {
            let mut error = ApiError::invalid_data(vec![Detail::invalid(
                format!("configuration.{}", failure.key),
                failure.message,
            )]);
            error.message = "The connection test failed.".into();
            Err(error)
        }
    }
}

fn text<'a>(configuration: &'a Map<String, Value>, key: &str) -> &'a str {
    configuration
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The host part of a URL, for messages.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn unreachable_from_cloud(configuration: &Map<String, Value>) -> Failure {
    let url = text(configuration, "SCIM_URL");
    fail(
        "SCIM_URL",
        format!(
            "Could not connect to {}: the connection timed out (the host is not reachable from PingOne's cloud).",
            host_of(url)
        ),
    )
}

/// Describes a transport error without the URL's query or any credentials.
fn transport_error(what: &str, url: &str, error: &reqwest::Error) -> String {
    let why = if error.is_timeout() {
        "the request timed out"
    } else if error.is_connect() {
        "the connection failed"
    } else {
        "the request failed"
    };
    format!("{what} to {} failed: {why}.", host_of(url))
}

fn form_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn run(http: &reqwest::Client, configuration: &Map<String, Value>) -> Result<(), Failure> {
    let method = text(configuration, "AUTHENTICATION_METHOD");
    let authorization = if method == OAUTH_CLIENT_CREDENTIALS {
        let token = fetch_token(http, configuration).await?;
        Some(format!(
            "{} {token}",
            text(configuration, "AUTHORIZATION_TYPE")
        ))
    } else if !text(configuration, "OAUTH_ACCESS_TOKEN").is_empty() {
        Some(format!(
            "{} {}",
            text(configuration, "AUTHORIZATION_TYPE"),
            text(configuration, "OAUTH_ACCESS_TOKEN")
        ))
    } else if !text(configuration, "BASIC_AUTH_USER").is_empty() {
        let pair = format!(
            "{}:{}",
            text(configuration, "BASIC_AUTH_USER"),
            text(configuration, "BASIC_AUTH_PASSWORD")
        );
        Some(format!("Basic {}", STANDARD.encode(pair)))
    } else {
        None
    };
    list_users(http, configuration, authorization).await
}

async fn fetch_token(
    http: &reqwest::Client,
    configuration: &Map<String, Value>,
) -> Result<String, Failure> {
    let url = text(configuration, "OAUTH_TOKEN_REQUEST");
    let credentials = format!(
        "{}:{}",
        form_encode(text(configuration, "OAUTH_CLIENT_ID")),
        form_encode(text(configuration, "OAUTH_CLIENT_SECRET"))
    );
    let response = http
        .post(url)
        .header(
            "Authorization",
            format!("Basic {}", STANDARD.encode(credentials)),
        )
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body("grant_type=client_credentials")
        .send()
        .await
        .map_err(|e| {
            fail(
                "OAUTH_TOKEN_REQUEST",
                transport_error("The token request", url, &e),
            )
        })?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(|e| {
        fail(
            "OAUTH_TOKEN_REQUEST",
            transport_error("The token request", url, &e),
        )
    })?;
    let json: Option<Value> = serde_json::from_slice(&bytes).ok();
    if !status.is_success() {
        let oauth_error = json
            .as_ref()
            .and_then(|j| j.get("error"))
            .and_then(Value::as_str)
            .unwrap_or("no OAuth error code");
        let key = if oauth_error == "invalid_client" {
            "OAUTH_CLIENT_ID"
        } else {
            "OAUTH_TOKEN_REQUEST"
        };
        return Err(fail(
            key,
            format!(
                "The token request to {} was refused: HTTP {} ({oauth_error}).",
                host_of(url),
                status.as_u16()
            ),
        ));
    }
    json.as_ref()
        .and_then(|j| j.get("access_token"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            fail(
                "OAUTH_TOKEN_REQUEST",
                format!(
                    "The token response from {} holds no access_token (is this an OAuth token endpoint?).",
                    host_of(url)
                ),
            )
        })
}

async fn list_users(
    http: &reqwest::Client,
    configuration: &Map<String, Value>,
    authorization: Option<String>,
) -> Result<(), Failure> {
    // Concatenated as given: a SCIM_URL ending in '/' gives '//Users', as it would in PingOne.
    let url = format!(
        "{}{}",
        text(configuration, "SCIM_URL"),
        text(configuration, "USERS_RESOURCE")
    );
    let mut request = http
        .get(format!("{url}?count=1"))
        .header("Accept", "application/scim+json, application/json");
    if let Some(authorization) = authorization {
        request = request.header("Authorization", authorization);
    }
    let response = request
        .send()
        .await
        .map_err(|e| fail("SCIM_URL", transport_error("The SCIM request", &url, &e)))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| fail("SCIM_URL", transport_error("The SCIM request", &url, &e)))?;
    if !status.is_success() {
        let key = match status.as_u16() {
            401 | 403 => "AUTHORIZATION_TYPE",
            _ => "SCIM_URL",
        };
        return Err(fail(
            key,
            format!(
                "GET {}{} answered HTTP {}.",
                host_of(&url),
                path_of(&url),
                status.as_u16()
            ),
        ));
    }
    let is_list = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .is_some_and(|v| v.get("totalResults").is_some() || v.get("Resources").is_some());
    if !is_list {
        return Err(fail(
            "SCIM_URL",
            format!(
                "GET {}{} answered HTTP {} but not with a SCIM list of users.",
                host_of(&url),
                path_of(&url),
                status.as_u16()
            ),
        ));
    }
    Ok(())
}

fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/').map_or("", |i| &rest[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_paths_are_cut_from_urls() {
        assert_eq!(
            host_of("https://acme.haiilo.app/api/scim/v2"),
            "acme.haiilo.app"
        );
        assert_eq!(host_of("http://127.0.0.1:8080?x"), "127.0.0.1:8080");
        assert_eq!(
            path_of("https://acme.haiilo.app/api/scim/v2//Users"),
            "/api/scim/v2//Users"
        );
        assert_eq!(path_of("https://acme.haiilo.app"), "");
    }
}
