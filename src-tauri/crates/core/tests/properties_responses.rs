//! Properties of reading what a server sends back: the OAuth token response (success and
//! error), the SCIM ListResponse and Error, and the peek into a JWT access token. No body
//! makes them panic, and what they return agrees with a plain reading of the JSON.

mod strategies;

use base64::Engine;
use haiilo_scim_core::jwt;
use haiilo_scim_core::oauth::{parse_token_error, parse_token_success, TokenParseError};
use haiilo_scim_core::scim::{
    parse_list_response, parse_scim_error, user_summary, ListParseError, ERROR_SCHEMA,
};
use proptest::prelude::*;
use serde_json::Value;
use strategies::{any_text, body_bytes, json_object_with, json_value};

const TOKEN_KEYS: &[&str] = &["access_token", "token_type", "expires_in", "scope"];
const OAUTH_ERROR_KEYS: &[&str] = &["error", "error_description", "error_uri"];
const LIST_KEYS: &[&str] = &[
    "totalResults",
    "Resources",
    "startIndex",
    "itemsPerPage",
    "schemas",
];
const SCIM_ERROR_KEYS: &[&str] = &["schemas", "status", "scimType", "detail"];

fn non_empty_str(object: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Absent, null or a string: what an optional string member of a SCIM Error may be.
fn optional_string_ok(object: &serde_json::Map<String, Value>, key: &str) -> bool {
    matches!(object.get(key), None | Some(Value::Null | Value::String(_)))
}

fn check_token_success(body: &[u8]) -> Result<(), TestCaseError> {
    let result = parse_token_success(body);
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        prop_assert!(matches!(result, Err(TokenParseError::NotJson)));
        return Ok(());
    };
    let empty = serde_json::Map::new();
    let object = value.as_object().unwrap_or(&empty);
    match (
        non_empty_str(object, "access_token"),
        non_empty_str(object, "token_type"),
    ) {
        (None, _) => prop_assert_eq!(result.err(), Some(TokenParseError::Missing("access_token"))),
        (Some(_), None) => {
            prop_assert_eq!(result.err(), Some(TokenParseError::Missing("token_type")))
        }
        (Some(token), Some(token_type)) => {
            let grant = result.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(grant.access_token.expose(), token.as_str());
            prop_assert_eq!(&grant.token_type, &token_type);
            let expires = match object.get("expires_in") {
                Some(Value::Number(n)) => n.as_u64(),
                Some(Value::String(s)) => s.parse().ok(),
                _ => None,
            };
            prop_assert_eq!(grant.expires_in, expires);
            prop_assert_eq!(
                grant.scope.as_deref(),
                object.get("scope").and_then(Value::as_str)
            );
            // The grant can be logged: its Debug form never holds the token.
            let shown = format!("{grant:?}");
            let scope = grant.scope.clone().unwrap_or_default();
            if token.len() >= 8 && !token_type.contains(&token) && !scope.contains(&token) {
                prop_assert!(!shown.contains(&token), "token in Debug: {shown}");
            }
        }
    }
    Ok(())
}

fn check_token_error(body: &[u8]) -> Result<(), TestCaseError> {
    let result = parse_token_error(body);
    let object = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.as_object().cloned());
    let error = object
        .as_ref()
        .and_then(|o| o.get("error"))
        .and_then(Value::as_str);
    match (result, error) {
        (Some(parsed), Some(error)) => {
            prop_assert_eq!(parsed.error.as_str(), error);
            let member = |key: &str| {
                object
                    .as_ref()
                    .and_then(|o| o.get(key))
                    .and_then(Value::as_str)
            };
            prop_assert_eq!(
                parsed.error_description.as_deref(),
                member("error_description")
            );
            prop_assert_eq!(parsed.error_uri.as_deref(), member("error_uri"));
        }
        (None, None) => {}
        (parsed, error) => prop_assert!(
            false,
            "parser says {parsed:?}, a plain reading says error {error:?}"
        ),
    }
    Ok(())
}

fn check_list(body: &[u8]) -> Result<(), TestCaseError> {
    let result = parse_list_response(body);
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        prop_assert_eq!(result.err(), Some(ListParseError::NotJson));
        return Ok(());
    };
    let Some(object) = value.as_object() else {
        prop_assert!(matches!(result, Err(ListParseError::Invalid(_))));
        return Ok(());
    };
    let total = object.get("totalResults").and_then(Value::as_u64);
    let resources = match object.get("Resources") {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) => Some(items.clone()),
        Some(_) => None,
    };
    match (result, total, resources) {
        (Ok(page), Some(total), Some(resources)) => {
            prop_assert_eq!(page.total_results, total);
            prop_assert_eq!(&page.resources, &resources);
            prop_assert_eq!(
                page.start_index,
                object.get("startIndex").and_then(Value::as_u64)
            );
            for resource in &page.resources {
                if let Some(user) = user_summary(resource) {
                    prop_assert_eq!(Some(user.id.as_str()), resource["id"].as_str());
                    prop_assert_eq!(Some(user.user_name.as_str()), resource["userName"].as_str());
                }
            }
        }
        (Err(ListParseError::Invalid(reason)), total, resources) => {
            prop_assert!(total.is_none() || resources.is_none());
            // The reason is shown to the admin: short and one line, whatever the server sent.
            prop_assert!(!reason.is_empty());
        }
        (result, total, resources) => prop_assert!(
            false,
            "parser says {result:?}, a plain reading says total {total:?}, resources {}",
            resources.map_or("invalid".to_string(), |r| r.len().to_string())
        ),
    }
    Ok(())
}

fn check_scim_error(body: &[u8]) -> Result<(), TestCaseError> {
    let result = parse_scim_error(body);
    let object = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.as_object().cloned());
    let Some(object) = object else {
        prop_assert!(result.is_none());
        return Ok(());
    };
    let schemas = match object.get("schemas") {
        None => Some(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|s| s.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>(),
        Some(_) => None,
    };
    let well_formed = schemas.is_some()
        && optional_string_ok(&object, "scimType")
        && optional_string_ok(&object, "detail");
    let detail = object.get("detail").and_then(Value::as_str);
    let is_error = schemas
        .as_ref()
        .is_some_and(|s| s.iter().any(|s| s == ERROR_SCHEMA))
        || detail.is_some();
    match result {
        Some(parsed) => {
            prop_assert!(well_formed && is_error, "accepted {object:?}");
            prop_assert_eq!(parsed.detail.as_deref(), detail);
            let status = match object.get("status") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            prop_assert_eq!(parsed.status, status);
        }
        None => prop_assert!(!(well_formed && is_error), "refused {object:?}"),
    }
    Ok(())
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A part of a JWT: proper base64url JSON, or base64 garbage of every flavour.
fn jwt_part() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => json_value().prop_map(|v| b64(v.to_string().as_bytes())),
        2 => prop::collection::vec(any::<u8>(), 0..96).prop_map(|b| b64(&b)),
        1 => prop::collection::vec(any::<u8>(), 0..96)
            .prop_map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
        1 => "[A-Za-z0-9_=+/-]{0,64}",
        1 => any_text(),
    ]
}

/// Claims in lower case and punctuation only, so that an upper-case signature can never be
/// a substring of them by chance.
fn claim_text() -> impl Strategy<Value = String> {
    "[a-z0-9:/. _-]{0,24}"
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn token_success_agrees_with_a_plain_reading(body in body_bytes(json_object_with(TOKEN_KEYS))) {
        check_token_success(&body)?;
    }

    #[test]
    fn token_error_agrees_with_a_plain_reading(
        body in body_bytes(json_object_with(OAUTH_ERROR_KEYS)),
    ) {
        check_token_error(&body)?;
    }

    #[test]
    fn list_response_agrees_with_a_plain_reading(body in body_bytes(json_object_with(LIST_KEYS))) {
        check_list(&body)?;
    }

    #[test]
    fn scim_error_agrees_with_a_plain_reading(body in body_bytes(json_object_with(SCIM_ERROR_KEYS))) {
        check_scim_error(&body)?;
    }

    #[test]
    fn parsers_never_panic_on_any_body(body in body_bytes(json_value())) {
        let _ = parse_token_success(&body);
        let _ = parse_token_error(&body);
        let _ = parse_list_response(&body);
        let _ = parse_scim_error(&body);
        if let Ok(value) = serde_json::from_slice::<Value>(&body) {
            let _ = user_summary(&value);
        }
    }

    #[test]
    fn jwt_peek_never_panics_on_garbage(
        parts in prop::collection::vec(jwt_part(), 0..5),
        separator in prop::sample::select(vec![".", ".", "..", " . ", "\n"]),
    ) {
        let token = parts.join(separator);
        if let Some(claims) = jwt::peek(&token) {
            // Only the three claims and the algorithm come out, never the token itself.
            let shown = format!("{claims:?}");
            if token.len() > 64 {
                prop_assert!(!shown.contains(&token));
            }
        }
    }

    #[test]
    fn jwt_peek_reads_the_claims_and_never_the_signature(
        alg in claim_text(),
        iss in prop::option::of(claim_text()),
        aud in prop::option::of(prop::collection::vec(claim_text(), 0..4)),
        exp in prop::option::of(any::<i64>()),
        extra in json_value(),
        signature in "[A-Z0-9_-]{16,64}",
        padding in prop::sample::select(vec!["", "=", "=="]),
    ) {
        let mut payload = serde_json::json!({ "sub": "s", "extra": extra });
        if let Some(iss) = &iss { payload["iss"] = Value::from(iss.as_str()); }
        if let Some(aud) = &aud { payload["aud"] = Value::from(aud.clone()); }
        if let Some(exp) = exp { payload["exp"] = Value::from(exp); }
        let header = serde_json::json!({ "alg": alg, "typ": "JWT" });
        let token = format!(
            "{}{padding}.{}{padding}.{signature}",
            b64(header.to_string().as_bytes()),
            b64(payload.to_string().as_bytes())
        );
        let claims = jwt::peek(&token);
        prop_assert!(claims.is_some(), "a well-formed JWT was not read: {token}");
        let claims = claims.ok_or_else(|| TestCaseError::fail("no claims"))?;
        let shown = format!("{claims:?}");
        prop_assert_eq!(claims.algorithm.as_deref(), Some(alg.as_str()));
        prop_assert_eq!(claims.issuer, iss);
        prop_assert_eq!(claims.audience, aud.map(|a| a.join(", ")));
        prop_assert_eq!(claims.expires_at, exp);
        prop_assert!(!shown.contains(&signature), "signature shown: {shown}");
        prop_assert!(!shown.contains(&token));
    }
}
