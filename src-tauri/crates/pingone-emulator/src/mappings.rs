//! Attribute mappings of a rule: `/propagation/rules/{rule}/mappings[/{id}]` and
//! `/propagation/mappings/{id}` ("Propagation Mappings", "Create Rule Mapping", "Read
//! One Mapping").

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::api::{ApiResult, Call};
use crate::error::{ApiError, Detail};
use crate::ids::random_uuid;
use crate::response::{empty, json_response};
use crate::state::{id_of, ref_id};

/// `/propagation/mappings/{id}` ("Read One Mapping"; also DELETE).
pub(crate) fn route_by_id(call: &Call<'_>, rest: &[&str]) -> ApiResult {
    let [id] = rest else {
        return Err(ApiError::not_found("no such API path"));
    };
    let rule_id = call
        .app
        .read_data()
        .mappings
        .iter()
        .find(|m| id_of(m) == *id)
        .and_then(|m| ref_id(m, "rule").map(str::to_owned))
        .ok_or_else(|| ApiError::not_found(&format!("mapping {id}")))?;
    route(call, &rule_id, rest)
}

/// `/rules/{rule}/mappings[/{id}]`. A mapping names `targetAttribute` and either
/// `sourceAttribute` or `expression`, not both ("Propagation Mappings", "Create Rule
/// Mapping"). `name` is listed as required there but left out of every example, so it
/// is not required here.
pub(crate) fn route(call: &Call<'_>, rule_id: &str, rest: &[&str]) -> ApiResult {
    match (call.method, rest) {
        (&Method::GET, []) => {
            let items = call
                .app
                .read_data()
                .mappings
                .iter()
                .filter(|m| ref_id(m, "rule") == Some(rule_id))
                .cloned()
                .map(Value::Object)
                .collect();
            Ok(call.list("mappings", items))
        }
        (&Method::POST, []) => create_mapping(call, rule_id),
        (_, []) => Err(ApiError::method_not_allowed()),
        (&Method::GET, [id]) => {
            let data = call.app.read_data();
            let mapping = data
                .mappings
                .iter()
                .find(|m| id_of(m) == *id && ref_id(m, "rule") == Some(rule_id))
                .ok_or_else(|| ApiError::not_found(&format!("mapping {id}")))?;
            Ok(json_response(
                StatusCode::OK,
                &Value::Object(mapping.clone()),
            ))
        }
        (&Method::DELETE, [id]) => {
            let mut data = call.app.write_data();
            let before = data.mappings.len();
            data.mappings
                .retain(|m| !(id_of(m) == *id && ref_id(m, "rule") == Some(rule_id)));
            if data.mappings.len() == before {
                return Err(ApiError::not_found(&format!("mapping {id}")));
            }
            Ok(empty(StatusCode::NO_CONTENT))
        }
        (_, [_]) => Err(ApiError::method_not_allowed()),
        _ => Err(ApiError::not_found("no such API path")),
    }
}

fn create_mapping(call: &Call<'_>, rule_id: &str) -> ApiResult {
    let body = call.json_body("application/json")?;
    let Some(object) = body.as_object() else {
        return Err(ApiError::invalid_request(
            "The request could not be completed. The body must be a JSON object.",
        ));
    };
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let mut details = Vec::new();
    if text("targetAttribute").is_none() {
        details.push(Detail::required("targetAttribute"));
    }
    match (text("sourceAttribute"), text("expression")) {
        (None, None) => details.push(Detail::required("sourceAttribute")),
        (Some(_), Some(_)) => details.push(Detail::invalid(
            "expression",
            "Give either sourceAttribute or expression, not both",
        )),
        _ => {}
    }
    if !details.is_empty() {
        return Err(ApiError::invalid_data(details));
    }
    let mut mapping = object.clone();
    mapping.insert(
        "id".into(),
        json!(random_uuid().map_err(|e| ApiError::unexpected(e.to_string()))?),
    );
    mapping.insert("environment".into(), json!({"id": call.app.environment_id}));
    mapping.insert("rule".into(), json!({"id": rule_id}));
    call.app.write_data().mappings.push(mapping.clone());
    Ok(json_response(StatusCode::CREATED, &Value::Object(mapping)))
}
