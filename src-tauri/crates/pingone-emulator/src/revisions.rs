//! `/environments/{env}/propagation/revisions`: snapshots that make API changes show
//! in the admin console ("Propagation Revisions").

use axum::http::{Method, StatusCode};
use serde_json::{json, Map, Value};

use crate::api::{ApiResult, Call};
use crate::clock;
use crate::error::ApiError;
use crate::ids::random_uuid;
use crate::response::json_response;
use crate::state::id_of;

pub(crate) fn route(call: &Call<'_>, rest: &[&str]) -> ApiResult {
    match (call.method, rest) {
        (&Method::GET, []) => {
            let items = call
                .app
                .read_data()
                .revisions
                .iter()
                .cloned()
                .map(Value::Object)
                .collect();
            Ok(call.list("revisions", items))
        }
        (&Method::POST, []) => create(call),
        (_, []) => Err(ApiError::method_not_allowed()),
        (&Method::GET, [id]) => {
            let data = call.app.read_data();
            let revision = data
                .revisions
                .iter()
                .find(|r| id_of(r) == *id)
                .ok_or_else(|| ApiError::not_found(&format!("revision {id}")))?;
            Ok(json_response(
                StatusCode::OK,
                &Value::Object(revision.clone()),
            ))
        }
        (_, [_]) => Err(ApiError::method_not_allowed()),
        _ => Err(ApiError::not_found("no such API path")),
    }
}

/// PingOne's example sends an empty body; any body is ignored.
fn create(call: &Call<'_>) -> ApiResult {
    let mut data = call.app.write_data();
    let mut revision = Map::new();
    revision.insert(
        "id".into(),
        json!(random_uuid().map_err(|e| ApiError::unexpected(e.to_string()))?),
    );
    revision.insert("environment".into(), json!({"id": call.app.environment_id}));
    revision.insert("createdAt".into(), json!(clock::now()));
    revision.insert("createdBy".into(), json!(call.app.worker_client_id));
    if let Some(previous) = data.revisions.last() {
        revision.insert("previousRevision".into(), json!({"id": id_of(previous)}));
    }
    data.revisions.push(revision.clone());
    Ok(json_response(StatusCode::CREATED, &Value::Object(revision)))
}
