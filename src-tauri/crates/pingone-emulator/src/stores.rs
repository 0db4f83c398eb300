//! `/environments/{env}/propagation/stores`: list, create, read, update, delete, and
//! the connection test (`stores/connection/status`).

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::api::{ApiResult, Call};
use crate::clock;
use crate::error::ApiError;
use crate::ids::random_uuid;
use crate::probe;
use crate::response::{empty, json_response};
use crate::state::{ref_id, StoreRecord};
use crate::store_config::{parse_store, SecretRule, WRITE_ONLY_KEYS};

/// Media type PingOne requires for the connection test.
pub(crate) const CONNECTION_CHECK_JSON: &str = "application/vnd.pingidentity.connection.check+json";

pub(crate) async fn route(call: &Call<'_>, rest: &[&str]) -> ApiResult {
    match (call.method, rest) {
        (&Method::GET, []) => Ok(list(call)),
        (&Method::POST, []) => create(call),
        (_, []) => Err(ApiError::method_not_allowed()),
        (&Method::POST, ["connection", "status"]) => probe::connection_test(call).await,
        (_, ["connection", "status"]) => Err(ApiError::method_not_allowed()),
        (&Method::GET, [id]) => read(call, id),
        (&Method::PUT, [id]) => update(call, id),
        (&Method::DELETE, [id]) => delete(call, id),
        (_, [_]) => Err(ApiError::method_not_allowed()),
        _ => Err(ApiError::not_found("no such API path")),
    }
}

fn list(call: &Call<'_>) -> axum::response::Response {
    let data = call.app.read_data();
    let items = data
        .stores
        .iter()
        .map(|s| s.to_json(&call.app.environment_id))
        .collect();
    call.list("stores", items)
}

fn create(call: &Call<'_>) -> ApiResult {
    let body = call.json_body("application/json")?;
    let parsed = parse_store(&body, SecretRule::MustBePresent)?;
    let now = clock::now();
    let record = StoreRecord {
        id: random_uuid().map_err(|e| ApiError::unexpected(e.to_string()))?,
        kind: parsed.kind,
        name: parsed.name,
        description: parsed.description,
        configuration: parsed.configuration,
        created_at: now.clone(),
        updated_at: now,
        sync_status: None,
    };
    let out = record.to_json(&call.app.environment_id);
    call.app.write_data().stores.push(record);
    Ok(json_response(StatusCode::CREATED, &out))
}

fn read(call: &Call<'_>, id: &str) -> ApiResult {
    let data = call.app.read_data();
    let store = data
        .store(id)
        .ok_or_else(|| ApiError::not_found(&format!("store {id}")))?;
    Ok(json_response(
        StatusCode::OK,
        &store.to_json(&call.app.environment_id),
    ))
}

fn update(call: &Call<'_>, id: &str) -> ApiResult {
    let body = call.json_body("application/json")?;
    let parsed = parse_store(&body, SecretRule::MayBeKept)?;
    let mut data = call.app.write_data();
    let store = data
        .stores
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or_else(|| ApiError::not_found(&format!("store {id}")))?;
    if store.kind != parsed.kind {
        return Err(ApiError::invalid_data(vec![crate::error::Detail::invalid(
            "type",
            format!("type is immutable; this store is '{}'", store.kind),
        )]));
    }
    let mut configuration = parsed.configuration;
    // Reads never return the secrets, so a read-modify-write PUT leaves them out:
    // keep the stored ones rather than erase them (assumed; see the README).
    for key in WRITE_ONLY_KEYS {
        if !configuration.contains_key(key) {
            if let Some(old) = store.configuration.get(key) {
                configuration.insert(key.to_owned(), old.clone());
            }
        }
    }
    store.name = parsed.name;
    store.description = parsed.description;
    store.configuration = configuration;
    store.updated_at = clock::now();
    let out = store.to_json(&call.app.environment_id);
    Ok(json_response(StatusCode::OK, &out))
}

fn delete(call: &Call<'_>, id: &str) -> ApiResult {
    let mut data = call.app.write_data();
    if data.store(id).is_none() {
        return Err(ApiError::not_found(&format!("store {id}")));
    }
    // "Store instances ... must not be deleted when referred to by a rule instance."
    let referenced = data.rules.iter().any(|rule| {
        ref_id(rule, "sourceStore") == Some(id) || ref_id(rule, "targetStore") == Some(id)
    });
    if referenced {
        return Err(ApiError::invalid_data(vec![crate::error::Detail::invalid(
            "id",
            "The store is used by a propagation rule; delete the rule first",
        )]));
    }
    data.stores.retain(|s| s.id != id);
    Ok(empty(StatusCode::NO_CONTENT))
}

/// The store body of a connection test, validated like a create.
pub(crate) fn parse_test_body(body: &Value) -> Result<crate::store_config::StoreBody, ApiError> {
    parse_store(body, SecretRule::MustBePresent)
}
