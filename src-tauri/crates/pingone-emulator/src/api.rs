//! The management API under `/v1`: authorisation, then routing by path to the
//! propagation resources.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::error::{ApiError, Detail};
use crate::response::{json_response, media_type};
use crate::server::App;
use crate::{mappings, plans, revisions, rules, stores, token};

/// One management API call.
pub(crate) struct Call<'a> {
    pub app: &'a App,
    pub method: &'a Method,
    pub headers: &'a HeaderMap,
    pub body: &'a Bytes,
    /// The request path, for `_links.self`.
    pub path: &'a str,
}

pub(crate) type ApiResult = Result<Response, ApiError>;

impl Call<'_> {
    /// The body as JSON, requiring `Content-Type: <expected>`.
    pub fn json_body(&self, expected: &str) -> Result<Value, ApiError> {
        if media_type(self.headers).as_deref() != Some(expected) {
            return Err(ApiError::unsupported_media_type(expected));
        }
        serde_json::from_slice(self.body).map_err(|e| {
            ApiError::invalid_request(format!(
                "The request could not be completed. The body is not valid JSON: {e}."
            ))
        })
    }

    pub fn self_href(&self) -> String {
        format!("{}{}", self.app.base_url, self.path)
    }

    /// A collection in PingOne's HAL shape: `_links`, `_embedded.<name>`, `count`, `size`.
    pub fn list(&self, name: &str, items: Vec<Value>) -> Response {
        let count = items.len();
        json_response(
            StatusCode::OK,
            &json!({
                "_links": {"self": {"href": self.self_href()}},
                "_embedded": {name: items},
                "count": count,
                "size": count,
            }),
        )
    }
}

/// A required `{field: {id}}` reference in a body, checked to exist with `exists`.
pub(crate) fn reference(
    body: &Value,
    field: &str,
    exists: impl Fn(&str) -> bool,
    details: &mut Vec<Detail>,
) -> Option<String> {
    let target = format!("{field}.id");
    match body.get(field).and_then(|v| v.get("id")) {
        None | Some(Value::Null) => {
            details.push(Detail::required(target));
            None
        }
        Some(Value::String(id)) if exists(id) => Some(id.clone()),
        Some(Value::String(id)) => {
            details.push(Detail::invalid(
                target,
                format!("No resource with id '{id}' exists"),
            ));
            None
        }
        Some(_) => {
            details.push(Detail::invalid(
                target,
                format!("{field}.id must be a string"),
            ));
            None
        }
    }
}

/// `/v1/...`: `rest` is what follows `/v1/`.
pub(crate) async fn handle(call: &Call<'_>, rest: &str) -> ApiResult {
    let segments: Vec<&str> = rest.split('/').collect();
    let ["environments", environment, tail @ ..] = segments.as_slice() else {
        return Err(ApiError::not_found("no such API path"));
    };
    // The token decides before anything about the environment is revealed.
    token::authorize(call.app, call.headers)?;
    if *environment != call.app.environment_id {
        return Err(ApiError::not_found(&format!("environment {environment}")));
    }
    match tail {
        ["propagation", "stores", rest @ ..] => stores::route(call, rest).await,
        ["propagation", "plans", rest @ ..] => plans::route(call, rest),
        ["propagation", "rules", rest @ ..] => rules::route(call, rest),
        ["propagation", "mappings", rest @ ..] => mappings::route_by_id(call, rest),
        ["propagation", "revisions", rest @ ..] => revisions::route(call, rest),
        _ => Err(ApiError::not_found("no such API path")),
    }
}
