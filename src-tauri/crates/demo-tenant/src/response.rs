//! Small builders for the kinds of responses the tenant sends.

use axum::body::Body;
use axum::http::header::{HeaderName, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde::Serialize;

/// RFC 7644 §3.1: SCIM's media type.
pub(crate) const SCIM_MEDIA_TYPE: &str = "application/scim+json";

fn with_body(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn serialize(value: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(value)
}

/// A JSON body served as `application/scim+json`.
pub(crate) fn scim_json(status: StatusCode, value: &impl Serialize) -> Response {
    match serialize(value) {
        Ok(bytes) => scim_bytes(status, bytes),
        Err(_) => with_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            b"could not serialise the response".to_vec(),
        ),
    }
}

/// Already serialised SCIM JSON.
pub(crate) fn scim_bytes(status: StatusCode, bytes: Vec<u8>) -> Response {
    with_body(status, SCIM_MEDIA_TYPE, bytes)
}

/// A plain `application/json` body (token endpoint and non-SCIM paths).
pub(crate) fn plain_json(status: StatusCode, value: &impl Serialize) -> Response {
    match serialize(value) {
        Ok(bytes) => with_body(status, "application/json; charset=utf-8", bytes),
        Err(_) => with_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            b"could not serialise the response".to_vec(),
        ),
    }
}

/// An HTML page.
pub(crate) fn html(status: StatusCode, page: String) -> Response {
    with_body(status, "text/html; charset=utf-8", page.into_bytes())
}

/// An empty response, e.g. 204 after DELETE.
pub(crate) fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// Adds a header; values that aren't valid header text are left out rather than
/// failing the response (all values here are built from ASCII).
pub(crate) fn set_header(response: &mut Response, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

/// 302 to the sign-in page, as a web front end does for an unauthenticated browser.
pub(crate) fn redirect_to_login(from_path: &str) -> Response {
    let target: String = form_urlencoded::byte_serialize(from_path.as_bytes()).collect();
    let mut response = html(
        StatusCode::FOUND,
        "<html><body>Redirecting to <a href=\"/login\">sign in</a></body></html>".to_owned(),
    );
    set_header(
        &mut response,
        LOCATION,
        &format!("/login?redirect={target}"),
    );
    response
}
