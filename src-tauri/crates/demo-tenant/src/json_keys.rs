//! Case-insensitive access to JSON object keys: RFC 7643 §2.1 makes attribute names
//! case-insensitive, so `USERNAME` in a request must reach the stored `userName`.

use serde_json::{Map, Value};

/// The stored key equal to `name` ignoring ASCII case.
pub(crate) fn key_ci<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a String> {
    map.keys().find(|k| k.eq_ignore_ascii_case(name))
}

/// The value under `name`, ignoring ASCII case (exact match tried first: it is the
/// common case and a map lookup).
pub(crate) fn get_ci<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if let Some(value) = map.get(name) {
        return Some(value);
    }
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}
