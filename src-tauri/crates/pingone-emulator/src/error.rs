//! PingOne's API error body: `{id, code, message, details[{code, target, message}]}`
//! ("Error codes", PingOne Platform APIs › Reference). The top-level codes used here
//! are PingOne's published constants; which one PingOne picks in each situation is
//! this emulator's reading (see the README).

use axum::http::header::RETRY_AFTER;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::ids::random_uuid;
use crate::response::{json_response, set_header};

/// One entry of `details[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Detail {
    pub code: &'static str,
    pub target: String,
    pub message: String,
}

impl Detail {
    pub fn required(target: impl Into<String>) -> Self {
        let target = target.into();
        Self {
            code: "REQUIRED_VALUE",
            message: format!("{target} is required"),
            target,
        }
    }

    pub fn invalid(target: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: "INVALID_VALUE",
            target: target.into(),
            message: message.into(),
        }
    }
}

/// An error answered with PingOne's error body.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Vec<Detail>,
    pub retry_after: Option<u32>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
        }
    }

    pub fn invalid_data(details: Vec<Detail>) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_DATA",
            "The request could not be completed. One or more validation errors were in the request.",
        );
        error.details = details;
        error
    }

    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_REQUEST", message)
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "INVALID_REQUEST",
            format!("The request could not be completed. The body is larger than {limit} bytes or could not be read."),
        )
    }

    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "INVALID_REQUEST",
            format!("The request could not be completed. The Content-Type must be {expected}."),
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            format!("The requested resource was not found: {what}."),
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "The request could not be completed. The method is not allowed for this resource.",
        )
    }

    pub fn invalid_token(why: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_TOKEN",
            format!("The request could not be completed. {why}"),
        )
    }

    pub fn access_failed() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "ACCESS_FAILED",
            "The request could not be completed. You do not have access to this resource.",
        )
    }

    pub fn request_limited(retry_after: u32) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "REQUEST_LIMITED",
            "The request could not be completed. Too many requests were made.",
        );
        error.retry_after = Some(retry_after);
        error
    }

    pub fn unexpected(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "UNEXPECTED_ERROR",
            message,
        )
    }

    pub fn body(&self) -> Value {
        // Each error gets its own id, as PingOne's do (it is what support asks for).
        let id = random_uuid().unwrap_or_else(|_| "00000000-0000-4000-8000-000000000000".into());
        let mut body = json!({"id": id, "code": self.code, "message": self.message});
        if !self.details.is_empty() {
            let details: Vec<Value> = self
                .details
                .iter()
                .map(|d| json!({"code": d.code, "target": d.target, "message": d.message}))
                .collect();
            body["details"] = Value::Array(details);
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = json_response(self.status, &self.body());
        if let Some(seconds) = self.retry_after {
            set_header(&mut response, RETRY_AFTER, &seconds.to_string());
        }
        if self.status == StatusCode::UNAUTHORIZED {
            // RFC 6750 §3: a 401 for a protected resource names the Bearer scheme.
            set_header(
                &mut response,
                axum::http::header::WWW_AUTHENTICATE,
                "Bearer error=\"invalid_token\"",
            );
        }
        response
    }
}
