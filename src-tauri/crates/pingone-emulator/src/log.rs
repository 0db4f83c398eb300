//! The request log tests read: what each request asked for, with secrets replaced.

use std::sync::Mutex;

use serde_json::{Map, Value};

use crate::store_config::WRITE_ONLY_KEYS;

/// Put in place of a secret, so a test sees that one was sent but not what it was.
pub const REDACTED: &str = "<redacted>";

/// One request as the emulator received it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    pub method: String,
    /// The path without the query.
    pub path: String,
    pub query: Option<String>,
    /// The `Content-Type` header as sent.
    pub content_type: Option<String>,
    /// The scheme of the `Authorization` header (`Basic`, `Bearer`), never its value.
    pub authorization_scheme: Option<String>,
    /// A JSON body, or a form body as an object of its parameters; secrets (the form's
    /// `client_secret`, a store's write-only configuration keys) are [`REDACTED`].
    pub body: Option<Value>,
    /// The status the emulator answered with.
    pub status: u16,
}

#[derive(Default)]
pub(crate) struct RequestLog {
    entries: Mutex<Vec<LoggedRequest>>,
}

impl RequestLog {
    pub fn push(&self, entry: LoggedRequest) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(entry);
    }

    pub fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// The body as the log keeps it.
pub(crate) fn loggable_body(content_type: Option<&str>, bytes: &[u8]) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    if content_type == Some("application/x-www-form-urlencoded") {
        let mut params = Map::new();
        for (name, value) in form_urlencoded::parse(bytes) {
            let value = if name == "client_secret" {
                REDACTED.to_owned()
            } else {
                value.into_owned()
            };
            params.insert(name.into_owned(), Value::String(value));
        }
        return Some(Value::Object(params));
    }
    let mut json: Value = serde_json::from_slice(bytes).ok()?;
    if let Some(configuration) = json.get_mut("configuration").and_then(Value::as_object_mut) {
        for key in WRITE_ONLY_KEYS {
            if let Some(value) = configuration.get_mut(key) {
                *value = Value::String(REDACTED.to_owned());
            }
        }
    }
    Some(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_in_form_and_json_bodies() {
        let form = loggable_body(
            Some("application/x-www-form-urlencoded"),
            b"grant_type=client_credentials&client_id=a&client_secret=s3cret",
        )
        .expect("body");
        assert_eq!(form["client_secret"], REDACTED);
        assert_eq!(form["client_id"], "a");
        let json = loggable_body(
            Some("application/json"),
            br#"{"configuration":{"OAUTH_CLIENT_SECRET":"s3cret","SCIM_URL":"u"}}"#,
        )
        .expect("body");
        assert_eq!(json["configuration"]["OAUTH_CLIENT_SECRET"], REDACTED);
        assert_eq!(json["configuration"]["SCIM_URL"], "u");
        assert!(!json.to_string().contains("s3cret"));
    }
}
