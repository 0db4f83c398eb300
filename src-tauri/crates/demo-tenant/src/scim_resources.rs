//! The User and Group endpoints (RFC 7644 §3.3–§3.6). Both resource types follow the
//! same rules, so one set of handlers serves both, parameterised by the kind.

use std::sync::{PoisonError, RwLockReadGuard, RwLockWriteGuard};

use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use crate::clock::now_unix;
use crate::error::{ScimError, ScimType};
use crate::fault::ListShape;
use crate::filter::{parse_filter, Casing, Filter};
use crate::json_keys::get_ci;
use crate::list::{ListQuery, ListResponse, QueryParams};
use crate::patch::{apply_patch, member_changes, parse_patch_request};
use crate::projection::{project, Selection};
use crate::resource::normalize;
use crate::response::{empty, scim_json, set_header};
use crate::schema::ResourceKind;
use crate::server::App;
use crate::store::{not_found, Collection, Rendered, Store, View};

fn read(app: &App) -> RwLockReadGuard<'_, Store> {
    app.store.read().unwrap_or_else(PoisonError::into_inner)
}

fn write(app: &App) -> RwLockWriteGuard<'_, Store> {
    app.store.write().unwrap_or_else(PoisonError::into_inner)
}

/// The resource as the client asked for it (`attributes` / `excludedAttributes`).
fn shaped<'a>(kind: ResourceKind, view: View<'a>, selection: Option<&Selection>) -> Rendered<'a> {
    match selection {
        None => view.render_for_output(),
        Some(selection) => {
            let full = view.render(selection.wants(kind, "members"));
            project(kind, &full, Some(selection)).into_owned().into()
        }
    }
}

/// A resource response with its `Location` header (RFC 7644 §3.1, §3.4.1).
fn resource_response(
    status: StatusCode,
    kind: ResourceKind,
    view: View<'_>,
    selection: Option<&Selection>,
) -> Response {
    let mut response = scim_json(status, &shaped(kind, view, selection));
    set_header(&mut response, LOCATION, &view.location());
    response
}

/// Answers `<unique attribute> eq "…"` and `id eq "…"` from the indexes: the lookup an
/// IdP makes before every create (PingOne: `username Eq "%s"`) stays cheap however
/// large the directory is. `None` when the filter has another shape.
fn indexed_lookup<'a>(
    collection: &'a Collection,
    kind: ResourceKind,
    filter: &Filter,
) -> Option<Option<View<'a>>> {
    let (attr, value) = filter.simple_equality(kind)?;
    let unique = match kind {
        ResourceKind::User => "userName",
        ResourceKind::Group => "displayName",
    };
    if attr.eq_ignore_ascii_case(unique) {
        Some(collection.find_unique(value))
    } else if attr.eq_ignore_ascii_case("id") {
        Some(collection.get(value))
    } else {
        None
    }
}

/// One resource type's share of a list: how many match, and the matching resources
/// from `skip` on, at most `count`. Filters other than the indexed lookups are a
/// linear scan; only the requested page is kept.
fn matching<'a>(
    collection: &'a Collection,
    kind: ResourceKind,
    filter: Option<&Filter>,
    casing: Casing,
    skip: usize,
    count: usize,
) -> (usize, Vec<View<'a>>) {
    let Some(filter) = filter else {
        let page = collection.iter().skip(skip).take(count).collect();
        return (collection.len(), page);
    };
    if let Some(found) = indexed_lookup(collection, kind, filter) {
        // The index ignores case; under `username-case-sensitive` the match is
        // checked again with the fault's rules.
        let found: Vec<View<'_>> = found
            .into_iter()
            .filter(|view| casing == Casing::Schema || filter.matches_with(kind, view, casing))
            .collect();
        let page = found.iter().copied().skip(skip).take(count).collect();
        return (found.len(), page);
    }
    let mut total = 0;
    let mut page = Vec::new();
    for view in collection
        .iter()
        .filter(|v| filter.matches_with(kind, v, casing))
    {
        if total >= skip && page.len() < count {
            page.push(view);
        }
        total += 1;
    }
    (total, page)
}

/// `GET /Users`, `GET /Groups`, `POST /Users/.search`, `POST /Groups/.search` (one
/// kind) and `POST /.search` (every kind, users first; RFC 7644 §3.4.3). The list
/// faults apply to all of them alike, since they share this query engine.
pub(crate) fn list(
    app: &App,
    kinds: &[ResourceKind],
    params: &QueryParams,
) -> Result<Response, ScimError> {
    let shape = ListShape {
        users: kinds.contains(&ResourceKind::User),
        filter: params.get("filter").is_some_and(|f| !f.trim().is_empty()),
        count: params.get("count").is_some(),
        start_index: params.get("startIndex").is_some(),
    };
    if let Some(detail) = app.plan.list_failure(shape) {
        return Err(ScimError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            detail,
        ));
    }
    let query = ListQuery::parse(params)?;
    let filter = match (&query.filter, app.plan.filter_ignored) {
        (Some(text), false) => Some(parse_filter(text).map_err(|e| {
            ScimError::bad_request(ScimType::InvalidFilter, format!("filter '{text}': {e}"))
        })?),
        _ => None,
    };
    let casing = if app.plan.user_name_case_sensitive {
        Casing::UserNameExact
    } else {
        Casing::Schema
    };
    let store = read(app);
    let mut skip = query.start_index - 1;
    let mut room = query.count;
    let mut total = 0;
    let mut resources: Vec<Rendered<'_>> = Vec::new();
    for &kind in kinds {
        let collection = store.collection(kind);
        let (found, page) = matching(collection, kind, filter.as_ref(), casing, skip, room);
        // The page continues across kinds: what this kind had before `skip` is
        // skipped here, the rest of the page comes from the next kind.
        skip = skip.saturating_sub(found);
        room -= page.len();
        total += found;
        resources.extend(
            page.into_iter()
                .map(|view| shaped(kind, view, query.selection.as_ref())),
        );
    }
    Ok(scim_json(
        StatusCode::OK,
        &ListResponse::new(total, query.start_index, resources),
    ))
}

/// `GET /Users/{id}`, `GET /Groups/{id}`.
pub(crate) fn get(
    app: &App,
    kind: ResourceKind,
    id: &str,
    params: &QueryParams,
) -> Result<Response, ScimError> {
    let selection = params.selection()?;
    let store = read(app);
    let view = store
        .collection(kind)
        .get(id)
        .ok_or_else(|| not_found(kind, id))?;
    Ok(resource_response(
        StatusCode::OK,
        kind,
        view,
        selection.as_ref(),
    ))
}

/// RFC 7643 §3: a written resource names its schema in `schemas`.
fn written_attributes(kind: ResourceKind, body: Value) -> Result<Map<String, Value>, ScimError> {
    let Value::Object(body) = body else {
        return Err(ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!(
                "the body must be a JSON object representing a {}",
                kind.name()
            ),
        ));
    };
    let names_core = get_ci(&body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|schemas| {
            schemas.iter().any(|s| {
                s.as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(kind.core().id))
            })
        });
    if !names_core {
        return Err(ScimError::bad_request(
            ScimType::InvalidValue,
            format!("'schemas' must contain \"{}\"", kind.core().id),
        ));
    }
    normalize(kind, body)
}

/// `POST /Users`, `POST /Groups`: 201 with the created resource.
pub(crate) fn create(
    app: &App,
    kind: ResourceKind,
    body: Value,
    params: &QueryParams,
) -> Result<Response, ScimError> {
    let selection = params.selection()?;
    let attrs = written_attributes(kind, body)?;
    let mut store = write(app);
    let created = store.create(kind, attrs, now_unix())?;
    Ok(resource_response(
        StatusCode::CREATED,
        kind,
        created,
        selection.as_ref(),
    ))
}

/// `PUT /Users/{id}`, `PUT /Groups/{id}`: replaces every writable attribute.
pub(crate) fn replace(
    app: &App,
    kind: ResourceKind,
    id: &str,
    body: Value,
    params: &QueryParams,
) -> Result<Response, ScimError> {
    let selection = params.selection()?;
    let mut store = write(app);
    if !store.exists(kind, id) {
        return Err(not_found(kind, id));
    }
    let attrs = written_attributes(kind, body)?;
    let replaced = store.replace(kind, id, attrs, now_unix())?;
    Ok(resource_response(
        StatusCode::OK,
        kind,
        replaced,
        selection.as_ref(),
    ))
}

/// `PATCH /Users/{id}`, `PATCH /Groups/{id}`. Users: 200 with the resource. Groups:
/// 204 unless `attributes`/`excludedAttributes` ask for a body (RFC 7644 §3.5.2
/// allows either), since a group like "All staff" can be very large.
pub(crate) fn patch(
    app: &App,
    kind: ResourceKind,
    id: &str,
    body: Value,
    params: &QueryParams,
) -> Result<Response, ScimError> {
    let selection = params.selection()?;
    let operations = parse_patch_request(&body)?;
    let mut store = write(app);
    let patched = match member_changes(kind, &operations) {
        Some(changes) => store.change_members(id, &changes, now_unix())?,
        None => {
            let mut resource = store
                .collection(kind)
                .get(id)
                .ok_or_else(|| not_found(kind, id))?
                .render(true);
            apply_patch(kind, &mut resource, &operations)?;
            let attrs = normalize(kind, resource)?;
            store.replace(kind, id, attrs, now_unix())?
        }
    };
    if kind == ResourceKind::Group && selection.is_none() {
        return Ok(empty(StatusCode::NO_CONTENT));
    }
    Ok(resource_response(
        StatusCode::OK,
        kind,
        patched,
        selection.as_ref(),
    ))
}

/// `DELETE /Users/{id}`, `DELETE /Groups/{id}`: 204; memberships go with it.
pub(crate) fn delete(app: &App, kind: ResourceKind, id: &str) -> Result<Response, ScimError> {
    write(app).delete(kind, id, now_unix())?;
    Ok(empty(StatusCode::NO_CONTENT))
}
