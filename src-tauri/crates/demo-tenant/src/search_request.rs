//! `POST …/.search` (RFC 7644 §3.4.3): the SearchRequest message carries the same
//! parameters a GET list query has in its URL. It is turned into those query
//! parameters, so a search answers exactly what the equivalent GET would.

use serde_json::{Map, Value};

use crate::error::{ScimError, ScimType};
use crate::json_keys::get_ci;
use crate::list::QueryParams;
use crate::schema::SEARCH_REQUEST_SCHEMA;

fn syntax(detail: impl Into<String>) -> ScimError {
    // §3.12: invalidSyntax is "the request body message structure was invalid or did
    // not conform to the request schema".
    ScimError::bad_request(ScimType::InvalidSyntax, detail)
}

/// `attributes` / `excludedAttributes`: "a multi-valued list of strings" (§3.4.3).
fn string_list(body: &Map<String, Value>, name: &str) -> Result<Option<String>, ScimError> {
    let Some(value) = get_ci(body, name) else {
        return Ok(None);
    };
    let items = match value {
        Value::Null => return Ok(None),
        Value::Array(items) => items,
        _ => {
            return Err(syntax(format!(
                "'{name}' must be an array of attribute names, e.g. [\"userName\"]"
            )))
        }
    };
    let names = items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty() && !s.contains(','))
                .ok_or_else(|| {
                    syntax(format!(
                        "'{name}' must hold attribute names as strings, one per item, not {item}"
                    ))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((!names.is_empty()).then(|| names.join(",")))
}

fn string(body: &Map<String, Value>, name: &str) -> Result<Option<String>, ScimError> {
    match get_ci(body, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(syntax(format!("'{name}' must be a string, not {other}"))),
    }
}

fn integer(body: &Map<String, Value>, name: &str) -> Result<Option<String>, ScimError> {
    match get_ci(body, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(other) => Err(syntax(format!(
            "'{name}' must be a whole number, not {other}"
        ))),
    }
}

/// Reads a SearchRequest body into the query parameters of the equivalent GET.
/// Unknown members are ignored, as unknown query parameters are.
pub(crate) fn search_params(body: &Value) -> Result<QueryParams, ScimError> {
    let Some(body) = body.as_object() else {
        return Err(syntax(
            "the search body must be a JSON object (a SearchRequest)",
        ));
    };
    let names_schema = get_ci(body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|schemas| {
            schemas.iter().any(|s| {
                s.as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(SEARCH_REQUEST_SCHEMA))
            })
        });
    if !names_schema {
        return Err(syntax(format!(
            "'schemas' must contain \"{SEARCH_REQUEST_SCHEMA}\" (RFC 7644 §3.4.3)"
        )));
    }
    let fields = [
        ("attributes", string_list(body, "attributes")?),
        (
            "excludedAttributes",
            string_list(body, "excludedAttributes")?,
        ),
        ("filter", string(body, "filter")?),
        ("sortBy", string(body, "sortBy")?),
        ("sortOrder", string(body, "sortOrder")?),
        ("startIndex", integer(body, "startIndex")?),
        ("count", integer(body, "count")?),
    ];
    let pairs = fields
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name.to_owned(), v)))
        .collect();
    Ok(QueryParams::from_pairs(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(body: Value) -> Result<QueryParams, ScimError> {
        search_params(&body)
    }

    #[test]
    fn every_member_becomes_the_matching_query_parameter() {
        let p = params(json!({
            "schemas": [SEARCH_REQUEST_SCHEMA],
            "Attributes": ["userName", "name.givenName"],
            "filter": "userName sw \"a\"",
            "sortBy": "userName",
            "sortOrder": "descending",
            "startIndex": 3,
            "count": 0,
            "somethingElse": true
        }))
        .expect("valid");
        assert_eq!(p.get("attributes"), Some("userName,name.givenName"));
        assert_eq!(p.get("filter"), Some("userName sw \"a\""));
        assert_eq!(p.get("sortOrder"), Some("descending"));
        assert_eq!(p.get("startIndex"), Some("3"));
        assert_eq!(p.get("count"), Some("0"));
        assert_eq!(p.get("excludedAttributes"), None);
        assert_eq!(p.get("somethingElse"), None);
    }

    #[test]
    fn a_bare_request_is_a_plain_listing() {
        let p = params(json!({"schemas": [SEARCH_REQUEST_SCHEMA]})).expect("valid");
        for name in ["filter", "count", "startIndex", "attributes"] {
            assert_eq!(p.get(name), None, "{name}");
        }
    }

    #[test]
    fn malformed_requests_are_invalid_syntax() {
        for body in [
            json!([]),
            json!({"filter": "userName pr"}),
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}),
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "attributes": "userName"}),
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "attributes": [1]}),
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "attributes": ["a,b"]}),
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "filter": 5}),
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "count": "10"}),
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "startIndex": 1.5}),
            json!({"schemas": [SEARCH_REQUEST_SCHEMA], "sortOrder": false}),
        ] {
            let err = params(body.clone())
                .err()
                .unwrap_or_else(|| panic!("{body}"));
            assert_eq!(err.scim_type, Some(ScimType::InvalidSyntax), "{body}");
        }
    }
}
