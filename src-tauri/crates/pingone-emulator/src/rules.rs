//! `/environments/{env}/propagation/rules` (also listed and created under
//! `/plans/{plan}/rules`) and each rule's `/mappings`.
//!
//! Rule fields ("Propagation Rules" data model, "Create Rule", "Update Rule"): `name`
//! (required), `description`, `plan.id`, `sourceStore.id`, `targetStore.id` (required
//! on create, not part of an update), `active` (default false), `populationExpression`,
//! `groups[].id`; the API adds no default mappings.

use axum::http::{Method, StatusCode};
use serde_json::{json, Map, Value};

use crate::api::{reference, ApiResult, Call};
use crate::clock;
use crate::error::{ApiError, Detail};
use crate::ids::random_uuid;
use crate::mappings;
use crate::response::{empty, json_response};
use crate::state::{id_of, ref_id, Data};

pub(crate) fn route(call: &Call<'_>, rest: &[&str]) -> ApiResult {
    match (call.method, rest) {
        (&Method::GET, []) => Ok(list(call, None)),
        (&Method::POST, []) => create(call, None),
        (_, []) => Err(ApiError::method_not_allowed()),
        (&Method::GET, [id]) => {
            let data = call.app.read_data();
            let rule = data
                .rule(id)
                .ok_or_else(|| ApiError::not_found(&format!("rule {id}")))?;
            Ok(json_response(StatusCode::OK, &Value::Object(rule.clone())))
        }
        (&Method::PUT, [id]) => update(call, id),
        (&Method::DELETE, [id]) => delete(call, id),
        (_, [_]) => Err(ApiError::method_not_allowed()),
        (_, [rule_id, "mappings", tail @ ..]) => {
            if call.app.read_data().rule(rule_id).is_none() {
                return Err(ApiError::not_found(&format!("rule {rule_id}")));
            }
            mappings::route(call, rule_id, tail)
        }
        _ => Err(ApiError::not_found("no such API path")),
    }
}

/// `/plans/{plan}/rules...`
pub(crate) fn route_under_plan(call: &Call<'_>, plan_id: &str, rest: &[&str]) -> ApiResult {
    match (call.method, rest) {
        (&Method::GET, []) => Ok(list(call, Some(plan_id))),
        (&Method::POST, []) => create(call, Some(plan_id)),
        (_, []) => Err(ApiError::method_not_allowed()),
        _ => route(call, rest),
    }
}

fn list(call: &Call<'_>, plan: Option<&str>) -> axum::response::Response {
    let items = call
        .app
        .read_data()
        .rules
        .iter()
        .filter(|r| plan.is_none_or(|p| ref_id(r, "plan") == Some(p)))
        .cloned()
        .map(Value::Object)
        .collect();
    call.list("rules", items)
}

/// How a rule body is read.
#[derive(Clone, Copy)]
enum Write<'a> {
    /// Create; the plan comes from the path when the rule is created under one.
    Create { plan: Option<&'a str> },
    /// Update: plan and stores are not part of the request and stay as they are.
    Update,
}

/// `plan.id`, `sourceStore.id` and `targetStore.id` of a create, each checked to exist.
fn references(
    body: &Value,
    data: &Data,
    plan: Option<&str>,
    details: &mut Vec<Detail>,
) -> Option<(String, String, String)> {
    let plan_id = match plan {
        Some(plan) => Some(plan.to_owned()),
        None => reference(body, "plan", |id| data.plan(id).is_some(), details),
    };
    let store_exists = |id: &str| data.store(id).is_some();
    let source = reference(body, "sourceStore", store_exists, details);
    let target = reference(body, "targetStore", store_exists, details);
    if source.is_some() && source == target {
        details.push(Detail::invalid(
            "targetStore.id",
            "The target store must differ from the source store",
        ));
    }
    Some((plan_id?, source?, target?))
}

/// Validates a rule body.
fn parse_rule(body: &Value, data: &Data, write: Write<'_>) -> Result<Map<String, Value>, ApiError> {
    if !body.is_object() {
        return Err(ApiError::invalid_request(
            "The request could not be completed. The body must be a JSON object.",
        ));
    }
    let mut details = Vec::new();
    let mut rule = Map::new();
    let references = match write {
        Write::Create { plan } => references(body, data, plan, &mut details),
        Write::Update => None,
    };
    match body.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => {
            rule.insert("name".into(), json!(name));
        }
        Some(Value::String(_)) | None | Some(Value::Null) => {
            details.push(Detail::required("name"));
        }
        Some(_) => details.push(Detail::invalid("name", "name must be a string")),
    }
    match body.get("description") {
        None | Some(Value::Null) => {}
        Some(Value::String(description)) => {
            rule.insert("description".into(), json!(description));
        }
        Some(_) => details.push(Detail::invalid(
            "description",
            "description must be a string",
        )),
    }
    match body.get("active") {
        None | Some(Value::Null) => {
            rule.insert("active".into(), json!(false));
        }
        Some(Value::Bool(active)) => {
            rule.insert("active".into(), json!(active));
        }
        Some(_) => details.push(Detail::invalid("active", "active must be true or false")),
    }
    match body.get("populationExpression") {
        None | Some(Value::Null) => {}
        Some(Value::String(expression)) => {
            rule.insert("populationExpression".into(), json!(expression));
        }
        Some(_) => details.push(Detail::invalid(
            "populationExpression",
            "populationExpression must be a string",
        )),
    }
    match body.get("groups") {
        None | Some(Value::Null) => {}
        Some(Value::Array(groups)) => {
            let well_formed = groups
                .iter()
                .all(|g| g.get("id").is_some_and(Value::is_string));
            if well_formed {
                rule.insert("groups".into(), Value::Array(groups.clone()));
            } else {
                details.push(Detail::invalid(
                    "groups",
                    "groups must be a list of {\"id\": \"...\"}",
                ));
            }
        }
        Some(_) => details.push(Detail::invalid("groups", "groups must be a list")),
    }
    if let Some(deprovision) = body.get("deprovision") {
        rule.insert("deprovision".into(), deprovision.clone());
    }
    if !details.is_empty() {
        return Err(ApiError::invalid_data(details));
    }
    if let Some((plan, source, target)) = references {
        rule.insert("plan".into(), json!({"id": plan}));
        rule.insert("sourceStore".into(), json!({"id": source}));
        rule.insert("targetStore".into(), json!({"id": target}));
    }
    Ok(rule)
}

fn create(call: &Call<'_>, plan: Option<&str>) -> ApiResult {
    let body = call.json_body("application/json")?;
    let mut data = call.app.write_data();
    let mut rule = parse_rule(&body, &data, Write::Create { plan })?;
    let now = clock::now();
    rule.insert(
        "id".into(),
        json!(random_uuid().map_err(|e| ApiError::unexpected(e.to_string()))?),
    );
    rule.insert("environment".into(), json!({"id": call.app.environment_id}));
    rule.insert("createdAt".into(), json!(now));
    rule.insert("updatedAt".into(), json!(now));
    data.rules.push(rule.clone());
    Ok(json_response(StatusCode::CREATED, &Value::Object(rule)))
}

fn update(call: &Call<'_>, id: &str) -> ApiResult {
    let body = call.json_body("application/json")?;
    let mut data = call.app.write_data();
    let Some(existing) = data.rule(id).cloned() else {
        return Err(ApiError::not_found(&format!("rule {id}")));
    };
    let mut rule = parse_rule(&body, &data, Write::Update)?;
    for key in [
        "id",
        "environment",
        "plan",
        "sourceStore",
        "targetStore",
        "createdAt",
    ] {
        if let Some(value) = existing.get(key) {
            rule.insert(key.into(), value.clone());
        }
    }
    rule.insert("updatedAt".into(), json!(clock::now()));
    if let Some(slot) = data.rules.iter_mut().find(|r| id_of(r) == id) {
        *slot = rule.clone();
    }
    Ok(json_response(StatusCode::OK, &Value::Object(rule)))
}

fn delete(call: &Call<'_>, id: &str) -> ApiResult {
    let mut data = call.app.write_data();
    if data.rule(id).is_none() {
        return Err(ApiError::not_found(&format!("rule {id}")));
    }
    data.rules.retain(|r| id_of(r) != id);
    data.mappings.retain(|m| ref_id(m, "rule") != Some(id));
    Ok(empty(StatusCode::NO_CONTENT))
}
