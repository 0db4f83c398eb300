//! The body of a propagation store (`type`, `name`, `description`, `configuration`)
//! and the checks on a SCIM store's configuration keys.

use serde_json::{Map, Value};

use crate::error::{ApiError, Detail};

/// Keys the SCIM store schema requires (PingOne Go SDK, `management/generate/pingone-management.yml`).
pub(crate) const REQUIRED_SCIM_KEYS: [&str; 7] = [
    "AUTHENTICATION_METHOD",
    "AUTHORIZATION_TYPE",
    "SCIM_URL",
    "SCIM_VERSION",
    "UNIQUE_USER_IDENTIFIER",
    "USER_FILTER",
    "USERS_RESOURCE",
];

/// Secrets: accepted on writes and by the connection test, never returned.
pub(crate) const WRITE_ONLY_KEYS: [&str; 3] = [
    "OAUTH_CLIENT_SECRET",
    "BASIC_AUTH_PASSWORD",
    "OAUTH_ACCESS_TOKEN",
];

/// The console's *OAuth 2 Client Credentials* authentication method.
pub(crate) const OAUTH_CLIENT_CREDENTIALS: &str = "OAuth 2 Client Credentials";

/// `AUTHENTICATION_METHOD` values: the options Ping's SCIM provisioner lists ("SCIM
/// provisioner settings reference": None, Basic Authentication, OAuth 2 Bearer Token,
/// OAuth 2 Client Credentials); PingOne's API example uses `None`. That the API takes
/// exactly these labels is assumed.
const AUTHENTICATION_METHODS: [&str; 4] = [
    "None",
    "Basic Authentication",
    "OAuth 2 Bearer Token",
    OAUTH_CLIENT_CREDENTIALS,
];

const BOOLEAN_KEYS: [&str; 3] = ["CREATE_USERS", "UPDATE_USERS", "DISABLE_USERS"];

/// A store body that passed validation.
#[derive(Debug, Clone)]
pub(crate) struct StoreBody {
    pub kind: String,
    pub name: String,
    pub description: Option<String>,
    pub configuration: Map<String, Value>,
}

/// Whether a store keeps a secret that the caller may leave out of a PUT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SecretRule {
    /// Create and connection test: the secret the method needs must be in the body.
    MustBePresent,
    /// Update: a missing secret keeps the stored one.
    MayBeKept,
}

fn string_field(
    object: &Map<String, Value>,
    key: &str,
    details: &mut Vec<Detail>,
) -> Option<String> {
    match object.get(key) {
        None | Some(Value::Null) => {
            details.push(Detail::required(key));
            None
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            details.push(Detail::required(key));
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            details.push(Detail::invalid(key, format!("{key} must be a string")));
            None
        }
    }
}

/// Parses and validates a store body. `type` values other than `scim` are refused:
/// this emulator only creates SCIM Outbound stores.
pub(crate) fn parse_store(body: &Value, secrets: SecretRule) -> Result<StoreBody, ApiError> {
    let Some(object) = body.as_object() else {
        return Err(ApiError::invalid_request(
            "The request could not be completed. The body must be a JSON object.",
        ));
    };
    let mut details = Vec::new();
    let kind = string_field(object, "type", &mut details);
    let name = string_field(object, "name", &mut details);
    let description = match object.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            details.push(Detail::invalid(
                "description",
                "description must be a string",
            ));
            None
        }
    };
    let configuration = match object.get("configuration") {
        Some(Value::Object(map)) => map.clone(),
        None | Some(Value::Null) => {
            details.push(Detail::required("configuration"));
            Map::new()
        }
        Some(_) => {
            details.push(Detail::invalid(
                "configuration",
                "configuration must be an object",
            ));
            Map::new()
        }
    };
    if let Some(kind) = &kind {
        if kind != "scim" {
            details.push(Detail::invalid(
                "type",
                format!("stores of type '{kind}' cannot be written here; this stand-in writes stores of type 'scim' only"),
            ));
        } else {
            check_scim_configuration(&configuration, secrets, &mut details);
        }
    }
    match (kind, name) {
        (Some(kind), Some(name)) if details.is_empty() => Ok(StoreBody {
            kind,
            name,
            description,
            configuration,
        }),
        _ => Err(ApiError::invalid_data(details)),
    }
}

fn config_string<'a>(configuration: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    configuration.get(key).and_then(Value::as_str)
}

/// The checks on a SCIM store's `configuration`, each failure a `details[]` entry
/// targeting `configuration.<KEY>`.
fn check_scim_configuration(
    configuration: &Map<String, Value>,
    secrets: SecretRule,
    details: &mut Vec<Detail>,
) {
    let target = |key: &str| format!("configuration.{key}");
    let require = |key: &str, details: &mut Vec<Detail>| match configuration.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        Some(Value::String(_)) | None | Some(Value::Null) => {
            details.push(Detail::required(target(key)))
        }
        Some(_) => details.push(Detail::invalid(
            target(key),
            format!("{key} must be a string"),
        )),
    };
    for key in REQUIRED_SCIM_KEYS {
        require(key, details);
    }
    if let Some(method) = config_string(configuration, "AUTHENTICATION_METHOD") {
        if !method.trim().is_empty() && !AUTHENTICATION_METHODS.contains(&method) {
            details.push(Detail::invalid(
                target("AUTHENTICATION_METHOD"),
                format!(
                    "AUTHENTICATION_METHOD '{method}' is not one of: {}",
                    AUTHENTICATION_METHODS.join(", ")
                ),
            ));
        }
    }
    if config_string(configuration, "AUTHENTICATION_METHOD") == Some(OAUTH_CLIENT_CREDENTIALS) {
        require("OAUTH_TOKEN_REQUEST", details);
        require("OAUTH_CLIENT_ID", details);
        if secrets == SecretRule::MustBePresent {
            require("OAUTH_CLIENT_SECRET", details);
        }
        check_url(configuration, "OAUTH_TOKEN_REQUEST", details);
    }
    check_url(configuration, "SCIM_URL", details);
    if let Some(version) = config_string(configuration, "SCIM_VERSION") {
        if version != "1.1" && version != "2.0" {
            details.push(Detail::invalid(
                target("SCIM_VERSION"),
                format!("SCIM_VERSION '{version}' is not supported; use 1.1 or 2.0"),
            ));
        }
    }
    if let Some(action) = configuration.get("REMOVE_ACTION") {
        if action != "Disable" && action != "Delete" {
            details.push(Detail::invalid(
                target("REMOVE_ACTION"),
                "REMOVE_ACTION must be Disable or Delete",
            ));
        }
    }
    for key in BOOLEAN_KEYS {
        if configuration.get(key).is_some_and(|v| !v.is_boolean()) {
            details.push(Detail::invalid(
                target(key),
                format!("{key} must be true or false"),
            ));
        }
    }
}

fn check_url(configuration: &Map<String, Value>, key: &str, details: &mut Vec<Detail>) {
    let Some(url) = config_string(configuration, key) else {
        return;
    };
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
        details.push(Detail::invalid(
            format!("configuration.{key}"),
            format!("{key} must be an absolute http(s) URL"),
        ));
    }
}

/// The configuration as reads return it: write-only keys left out.
pub(crate) fn readable(configuration: &Map<String, Value>) -> Map<String, Value> {
    configuration
        .iter()
        .filter(|(key, _)| !WRITE_ONLY_KEYS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn haiilo_store() -> Value {
        json!({
            "type": "scim",
            "name": "Haiilo",
            "configuration": {
                "SCIM_URL": "https://acme.haiilo.app/api/scim/v2",
                "SCIM_VERSION": "2.0",
                "USERS_RESOURCE": "/Users",
                "GROUPS_RESOURCE": "/Groups",
                "AUTHENTICATION_METHOD": "OAuth 2 Client Credentials",
                "AUTHORIZATION_TYPE": "Bearer",
                "OAUTH_TOKEN_REQUEST": "https://acme.haiilo.app/api/oauth/token",
                "OAUTH_CLIENT_ID": "id",
                "OAUTH_CLIENT_SECRET": "secret",
                "UNIQUE_USER_IDENTIFIER": "userName",
                "USER_FILTER": "username Eq \"%s\"",
                "CREATE_USERS": true
            }
        })
    }

    #[test]
    fn a_complete_store_passes_and_reads_without_its_secret() {
        let store = parse_store(&haiilo_store(), SecretRule::MustBePresent).expect("valid");
        assert_eq!(store.kind, "scim");
        let read = readable(&store.configuration);
        assert!(!read.contains_key("OAUTH_CLIENT_SECRET"));
        assert_eq!(read["OAUTH_CLIENT_ID"], "id");
    }

    #[test]
    fn missing_and_bad_values_are_each_a_detail() {
        let mut body = haiilo_store();
        let config = body["configuration"].as_object_mut().expect("object");
        config.remove("SCIM_URL");
        config.remove("OAUTH_CLIENT_SECRET");
        config.insert("SCIM_VERSION".into(), json!("3"));
        config.insert("CREATE_USERS".into(), json!("yes"));
        let error = parse_store(&body, SecretRule::MustBePresent).expect_err("invalid");
        let targets: Vec<&str> = error.details.iter().map(|d| d.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "configuration.SCIM_URL",
                "configuration.OAUTH_CLIENT_SECRET",
                "configuration.SCIM_VERSION",
                "configuration.CREATE_USERS"
            ]
        );
        assert_eq!(error.details[0].code, "REQUIRED_VALUE");
        assert_eq!(error.details[2].code, "INVALID_VALUE");
        let mut body = haiilo_store();
        body["configuration"]["AUTHENTICATION_METHOD"] = json!("OAuth2 client credentials");
        let error = parse_store(&body, SecretRule::MustBePresent).expect_err("invalid");
        assert_eq!(
            error.details[0].target,
            "configuration.AUTHENTICATION_METHOD"
        );
        assert!(error.details[0]
            .message
            .contains("OAuth 2 Client Credentials"));
        // On an update the stored secret may stand.
        let mut body = haiilo_store();
        body["configuration"]
            .as_object_mut()
            .expect("object")
            .remove("OAUTH_CLIENT_SECRET");
        assert!(parse_store(&body, SecretRule::MayBeKept).is_ok());
    }
}
