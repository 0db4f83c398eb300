//! `/environments/{env}/propagation/plans`. PingOne allows one plan per environment
//! ("Propagation Plans": "At this time, a customer can define one plan per
//! environment"); deleting a plan deletes its rules and their mappings.

use axum::http::{Method, StatusCode};
use serde_json::{json, Map, Value};

use crate::api::{ApiResult, Call};
use crate::error::{ApiError, Detail};
use crate::ids::random_uuid;
use crate::response::{empty, json_response};
use crate::rules;
use crate::state::{id_of, ref_id};

pub(crate) fn route(call: &Call<'_>, rest: &[&str]) -> ApiResult {
    match (call.method, rest) {
        (&Method::GET, []) => {
            let items = call
                .app
                .read_data()
                .plans
                .iter()
                .cloned()
                .map(Value::Object)
                .collect();
            Ok(call.list("plans", items))
        }
        (&Method::POST, []) => create(call),
        (_, []) => Err(ApiError::method_not_allowed()),
        (&Method::GET, [id]) => {
            let data = call.app.read_data();
            let plan = data
                .plan(id)
                .ok_or_else(|| ApiError::not_found(&format!("plan {id}")))?;
            Ok(json_response(StatusCode::OK, &Value::Object(plan.clone())))
        }
        (&Method::PUT, [id]) => update(call, id),
        (&Method::DELETE, [id]) => delete(call, id),
        (_, [_]) => Err(ApiError::method_not_allowed()),
        (_, [plan_id, "rules", tail @ ..]) => {
            if call.app.read_data().plan(plan_id).is_none() {
                return Err(ApiError::not_found(&format!("plan {plan_id}")));
            }
            rules::route_under_plan(call, plan_id, tail)
        }
        _ => Err(ApiError::not_found("no such API path")),
    }
}

/// `name` (required) and `status` (optional, default `INACTIVE`).
fn parse(body: &Value) -> Result<(String, Option<String>), ApiError> {
    let mut details = Vec::new();
    let name = match body.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            details.push(Detail::required("name"));
            None
        }
        Some(_) => {
            details.push(Detail::invalid("name", "name must be a string"));
            None
        }
    };
    let status = match body.get("status") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s == "ACTIVE" || s == "INACTIVE" => Some(s.clone()),
        Some(_) => {
            details.push(Detail::invalid(
                "status",
                "status must be ACTIVE or INACTIVE",
            ));
            None
        }
    };
    match name {
        Some(name) if details.is_empty() => Ok((name, status)),
        _ => Err(ApiError::invalid_data(details)),
    }
}

fn create(call: &Call<'_>) -> ApiResult {
    let body = call.json_body("application/json")?;
    let (name, status) = parse(&body)?;
    let mut data = call.app.write_data();
    if !data.plans.is_empty() {
        return Err(ApiError::invalid_data(vec![Detail::invalid(
            "name",
            "This environment already has a propagation plan; one plan per environment is allowed",
        )]));
    }
    let mut plan = Map::new();
    plan.insert(
        "id".into(),
        json!(random_uuid().map_err(|e| ApiError::unexpected(e.to_string()))?),
    );
    plan.insert("environment".into(), json!({"id": call.app.environment_id}));
    plan.insert("name".into(), json!(name));
    plan.insert(
        "status".into(),
        json!(status.unwrap_or_else(|| "INACTIVE".into())),
    );
    data.plans.push(plan.clone());
    Ok(json_response(StatusCode::CREATED, &Value::Object(plan)))
}

fn update(call: &Call<'_>, id: &str) -> ApiResult {
    let body = call.json_body("application/json")?;
    let (name, status) = parse(&body)?;
    let mut data = call.app.write_data();
    let plan = data
        .plans
        .iter_mut()
        .find(|p| id_of(p) == id)
        .ok_or_else(|| ApiError::not_found(&format!("plan {id}")))?;
    plan.insert("name".into(), json!(name));
    if let Some(status) = status {
        plan.insert("status".into(), json!(status));
    }
    Ok(json_response(StatusCode::OK, &Value::Object(plan.clone())))
}

fn delete(call: &Call<'_>, id: &str) -> ApiResult {
    let mut data = call.app.write_data();
    if data.plan(id).is_none() {
        return Err(ApiError::not_found(&format!("plan {id}")));
    }
    data.plans.retain(|p| id_of(p) != id);
    let doomed: Vec<String> = data
        .rules
        .iter()
        .filter(|r| ref_id(r, "plan") == Some(id))
        .map(|r| id_of(r).to_owned())
        .collect();
    data.rules.retain(|r| ref_id(r, "plan") != Some(id));
    data.mappings
        .retain(|m| !ref_id(m, "rule").is_some_and(|rule| doomed.iter().any(|d| d == rule)));
    Ok(empty(StatusCode::NO_CONTENT))
}
