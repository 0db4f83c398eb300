//! Everything under `/api/scim/v2`: the SCIM faults, bearer authentication, routing
//! and request bodies.

use axum::extract::Request;
use axum::http::header::ALLOW;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::discovery;
use crate::error::{ScimError, ScimType};
use crate::list::QueryParams;
use crate::login_page;
use crate::oauth::bearer_rejection;
use crate::request_body::{media_type, read_body, BodyError};
use crate::response::{html, redirect_to_login, scim_json, set_header};
use crate::schema::ResourceKind;
use crate::scim_resources;
use crate::search_request::search_params;
use crate::server::App;

/// Path prefix of the SCIM API.
pub(crate) const SCIM_PREFIX: &str = "/api/scim/v2";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    Collection(ResourceKind),
    /// `/Users/.search`, `/Groups/.search`, or `/.search` (`None`: every kind).
    Search(Option<ResourceKind>),
    Resource(ResourceKind, String),
    ServiceProviderConfig,
    Schemas,
    Schema(String),
    ResourceTypes,
    ResourceType(String),
}

/// Decodes `%XX` escapes in a path segment ('+' stays '+': this is a path, not a form).
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl Route {
    /// Resource paths are matched exactly: `//Users` or `/Users/` are not `/Users`,
    /// as on a strict server, so clients that build URLs carelessly notice.
    fn parse(rest: &str) -> Option<Self> {
        let segments: Vec<&str> = rest.strip_prefix('/')?.split('/').collect();
        let id = |s: &str| percent_decode(s).filter(|id| !id.is_empty());
        Some(match segments.as_slice() {
            ["Users"] => Route::Collection(ResourceKind::User),
            ["Groups"] => Route::Collection(ResourceKind::Group),
            // RFC 7644 §3.4.3: ".search" cannot be a resource id, so it is matched
            // before the id routes.
            [".search"] => Route::Search(None),
            ["Users", ".search"] => Route::Search(Some(ResourceKind::User)),
            ["Groups", ".search"] => Route::Search(Some(ResourceKind::Group)),
            ["Users", s] => Route::Resource(ResourceKind::User, id(s)?),
            ["Groups", s] => Route::Resource(ResourceKind::Group, id(s)?),
            ["ServiceProviderConfig"] => Route::ServiceProviderConfig,
            ["Schemas"] => Route::Schemas,
            ["Schemas", s] => Route::Schema(id(s)?),
            ["ResourceTypes"] => Route::ResourceTypes,
            ["ResourceTypes", s] => Route::ResourceType(id(s)?),
            _ => return None,
        })
    }

    /// The resource type the route is about, if it is one.
    fn kind(&self) -> Option<ResourceKind> {
        match self {
            Route::Collection(kind) | Route::Resource(kind, _) => Some(*kind),
            Route::Search(kind) => *kind,
            _ => None,
        }
    }

    fn allowed(&self) -> &'static str {
        match self {
            Route::Collection(_) => "GET, POST",
            Route::Search(_) => "POST",
            Route::Resource(..) => "GET, PUT, PATCH, DELETE",
            _ => "GET",
        }
    }
}

fn method_not_allowed(route: &Route, method: &Method) -> Response {
    let mut response = ScimError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        None,
        format!(
            "{method} is not supported here; allowed: {}",
            route.allowed()
        ),
    )
    .into_response();
    set_header(&mut response, ALLOW, route.allowed());
    response
}

/// Reads a JSON request body (RFC 7644 §3.1: `application/scim+json`; plain
/// `application/json` is accepted as well, and so is a body without a content type).
async fn json_body(request: Request) -> Result<Value, ScimError> {
    let (parts, body) = request.into_parts();
    if let Some(media) = media_type(&parts.headers) {
        if media != "application/scim+json" && media != "application/json" {
            return Err(ScimError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                None,
                format!("content type '{media}' is not supported; send application/scim+json"),
            ));
        }
    }
    let bytes = read_body(&parts.headers, body).await.map_err(|e| match e {
        BodyError::TooLarge => ScimError::new(StatusCode::PAYLOAD_TOO_LARGE, None, e.to_string()),
        BodyError::Read(_) => ScimError::bad_request(ScimType::InvalidSyntax, e.to_string()),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!("the body is not valid JSON: {e}"),
        )
    })
}

/// Handles a request whose path starts with [`SCIM_PREFIX`]; `rest` is what follows it.
pub(crate) async fn handle(app: &App, request: Request, rest: &str) -> Response {
    let plan = &app.plan;
    if plan.scim_login_page {
        return html(StatusCode::OK, login_page::page());
    }
    if plan.scim_redirect {
        return redirect_to_login(request.uri().path());
    }
    if let Some(response) = bearer_rejection(app, request.headers()) {
        return response;
    }
    if plan.scim_forbidden {
        return ScimError::new(
            StatusCode::FORBIDDEN,
            None,
            "the SCIM user directory is inactive: the API client may not provision users",
        )
        .into_response();
    }
    let no_endpoint = || {
        ScimError::not_found(format!("no SCIM endpoint at '{}'", request.uri().path()))
            .into_response()
    };
    let Some(route) = Route::parse(rest) else {
        return no_endpoint();
    };
    if plan.groups_not_found && route.kind() == Some(ResourceKind::Group) {
        return no_endpoint();
    }
    match route_request(app, route, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn route_request(app: &App, route: Route, request: Request) -> Result<Response, ScimError> {
    let params = QueryParams::parse(request.uri().query());
    let scim_base = &app.scim_base;
    let method = request.method().clone();
    match (&route, &method) {
        (Route::Collection(kind), &Method::GET) => scim_resources::list(app, &[*kind], &params),
        (Route::Search(kind), &Method::POST) => {
            let search = search_params(&json_body(request).await?)?;
            let kinds = match kind {
                Some(kind) => vec![*kind],
                // Under groups-not-found the root search finds users only, as on a
                // server that has no groups.
                None if app.plan.groups_not_found => vec![ResourceKind::User],
                None => vec![ResourceKind::User, ResourceKind::Group],
            };
            scim_resources::list(app, &kinds, &search)
        }
        (Route::Collection(kind), &Method::POST) => {
            let body = json_body(request).await?;
            scim_resources::create(app, *kind, body, &params)
        }
        (Route::Resource(kind, id), &Method::GET) => scim_resources::get(app, *kind, id, &params),
        (Route::Resource(kind, id), &Method::PUT) => {
            let body = json_body(request).await?;
            scim_resources::replace(app, *kind, id, body, &params)
        }
        (Route::Resource(kind, id), &Method::PATCH) => {
            let body = json_body(request).await?;
            scim_resources::patch(app, *kind, id, body, &params)
        }
        (Route::Resource(kind, id), &Method::DELETE) => scim_resources::delete(app, *kind, id),
        (Route::ServiceProviderConfig, &Method::GET) => Ok(scim_json(
            StatusCode::OK,
            &discovery::service_provider_config(scim_base, !app.plan.filter_ignored),
        )),
        (Route::Schemas, &Method::GET) => {
            Ok(scim_json(StatusCode::OK, &discovery::schemas(scim_base)))
        }
        (Route::Schema(id), &Method::GET) => Ok(scim_json(
            StatusCode::OK,
            &discovery::schema(scim_base, id)?,
        )),
        (Route::ResourceTypes, &Method::GET) => Ok(scim_json(
            StatusCode::OK,
            &discovery::resource_types(scim_base),
        )),
        (Route::ResourceType(id), &Method::GET) => Ok(scim_json(
            StatusCode::OK,
            &discovery::resource_type_by_id(scim_base, id)?,
        )),
        _ => Ok(method_not_allowed(&route, &method)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_exactly() {
        assert_eq!(
            Route::parse("/Users"),
            Some(Route::Collection(ResourceKind::User))
        );
        assert_eq!(Route::parse("/.search"), Some(Route::Search(None)));
        assert_eq!(
            Route::parse("/Groups/.search"),
            Some(Route::Search(Some(ResourceKind::Group)))
        );
        assert_eq!(
            Route::parse("/Groups/a%20b"),
            Some(Route::Resource(ResourceKind::Group, "a b".into()))
        );
        assert_eq!(
            Route::parse("/Schemas/urn%3Aietf%3Aparams"),
            Some(Route::Schema("urn:ietf:params".into()))
        );
        for bad in [
            "",
            "/",
            "//Users",
            "/Users/",
            "/users",
            "/Users/x/y",
            "/Users/%zz",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
    }
}
