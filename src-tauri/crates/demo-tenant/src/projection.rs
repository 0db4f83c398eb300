//! The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.9): which
//! attributes a response carries. `id` and `schemas` are always returned.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::error::{ScimError, ScimType};
use crate::filter::{parse_attr_path, AttrPath};
use crate::json_keys::key_ci;
use crate::schema::ResourceKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Selection {
    Include(Vec<AttrPath>),
    Exclude(Vec<AttrPath>),
}

fn parse_list(text: &str) -> Result<Vec<AttrPath>, ScimError> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            parse_attr_path(p).map_err(|e| {
                ScimError::bad_request(ScimType::InvalidValue, format!("attribute list: {e}"))
            })
        })
        .collect()
}

/// Reads the two parameters; `attributes` wins when both are given.
pub(crate) fn parse_selection(
    attributes: Option<&str>,
    excluded: Option<&str>,
) -> Result<Option<Selection>, ScimError> {
    if let Some(list) = attributes.map(parse_list).transpose()? {
        if !list.is_empty() {
            return Ok(Some(Selection::Include(list)));
        }
    }
    if let Some(list) = excluded.map(parse_list).transpose()? {
        if !list.is_empty() {
            return Ok(Some(Selection::Exclude(list)));
        }
    }
    Ok(None)
}

impl Selection {
    /// Whether the response carries the core attribute `name` at all, so the caller
    /// can skip building what will be dropped (a large group's `members`).
    pub fn wants(&self, kind: ResourceKind, name: &str) -> bool {
        let names = |p: &AttrPath| is_core(kind, p) && p.attr.eq_ignore_ascii_case(name);
        match self {
            Selection::Include(paths) => paths.iter().any(names),
            Selection::Exclude(paths) => !paths.iter().any(|p| names(p) && p.sub.is_none()),
        }
    }
}

fn is_core(kind: ResourceKind, path: &AttrPath) -> bool {
    path.urn
        .as_deref()
        .is_none_or(|u| u.eq_ignore_ascii_case(kind.core().id))
}

fn always_returned(name: &str) -> bool {
    name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("schemas")
}

fn include_into(out: &mut Map<String, Value>, source: &Map<String, Value>, path: &AttrPath) {
    let Some(key) = key_ci(source, &path.attr) else {
        return;
    };
    let value = &source[key];
    let Some(sub) = &path.sub else {
        out.insert(key.clone(), value.clone());
        return;
    };
    match value {
        Value::Object(object) => {
            if let Some(sub_key) = key_ci(object, sub) {
                let target = out
                    .entry(key.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(target) = target {
                    target.insert(sub_key.clone(), object[sub_key].clone());
                }
            }
        }
        Value::Array(items) => {
            let target = out.entry(key.clone()).or_insert_with(|| {
                Value::Array(items.iter().map(|_| Value::Object(Map::new())).collect())
            });
            if let Value::Array(targets) = target {
                for (target, item) in targets.iter_mut().zip(items) {
                    if let (Value::Object(target), Value::Object(item)) = (target, item) {
                        if let Some(sub_key) = key_ci(item, sub) {
                            target.insert(sub_key.clone(), item[sub_key].clone());
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn exclude_from(object: &mut Map<String, Value>, path: &AttrPath) {
    let Some(key) = key_ci(object, &path.attr).cloned() else {
        return;
    };
    let Some(sub) = &path.sub else {
        object.remove(&key);
        return;
    };
    let remove_sub = |value: &mut Value| {
        if let Value::Object(o) = value {
            if let Some(sub_key) = key_ci(o, sub).cloned() {
                o.remove(&sub_key);
            }
        }
    };
    match object.get_mut(&key) {
        Some(Value::Array(items)) => items.iter_mut().for_each(remove_sub),
        Some(value) => remove_sub(value),
        None => {}
    }
}

/// The resource as the selection asks for it (borrowed when nothing is selected).
pub(crate) fn project<'a>(
    kind: ResourceKind,
    resource: &'a Map<String, Value>,
    selection: Option<&Selection>,
) -> Cow<'a, Map<String, Value>> {
    match selection {
        None => Cow::Borrowed(resource),
        Some(Selection::Include(paths)) => {
            let mut out = Map::new();
            for (key, value) in resource {
                if always_returned(key) {
                    out.insert(key.clone(), value.clone());
                }
            }
            for path in paths {
                if is_core(kind, path) {
                    include_into(&mut out, resource, path);
                    continue;
                }
                let urn = path.urn.as_deref().unwrap_or_default();
                let Some(ext_key) = key_ci(resource, urn) else {
                    continue;
                };
                let Some(Value::Object(extension)) = resource.get(ext_key) else {
                    continue;
                };
                let target = out
                    .entry(ext_key.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(target) = target {
                    include_into(target, extension, path);
                }
            }
            Cow::Owned(out)
        }
        Some(Selection::Exclude(paths)) => {
            let mut out = resource.clone();
            for path in paths {
                if is_core(kind, path) {
                    if path.sub.is_none() && always_returned(&path.attr) {
                        continue;
                    }
                    exclude_from(&mut out, path);
                } else if let Some(ext_key) =
                    key_ci(resource, path.urn.as_deref().unwrap_or_default())
                {
                    if let Some(Value::Object(extension)) = out.get_mut(ext_key) {
                        exclude_from(extension, path);
                    }
                }
            }
            Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::ENTERPRISE_USER_SCHEMA;
    use serde_json::json;

    fn user() -> Map<String, Value> {
        match json!({
            "schemas": ["s"],
            "id": "1",
            "userName": "a",
            "name": {"givenName": "A", "familyName": "B"},
            "emails": [{"value": "a@x", "type": "work"}, {"value": "b@x", "type": "home"}],
            ENTERPRISE_USER_SCHEMA: {"department": "D", "costCenter": "C"},
            "meta": {"resourceType": "User"}
        }) {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn select(attributes: Option<&str>, excluded: Option<&str>) -> Value {
        let selection = parse_selection(attributes, excluded).expect("valid");
        let u = user();
        Value::Object(project(ResourceKind::User, &u, selection.as_ref()).into_owned())
    }

    #[test]
    fn include_keeps_id_schemas_and_the_named_attributes() {
        assert_eq!(
            select(Some("USERNAME, name.givenName,emails.value"), None),
            json!({"schemas": ["s"], "id": "1", "userName": "a",
                   "name": {"givenName": "A"},
                   "emails": [{"value": "a@x"}, {"value": "b@x"}]})
        );
        assert_eq!(
            select(
                Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
                None
            ),
            json!({"schemas": ["s"], "id": "1", ENTERPRISE_USER_SCHEMA: {"department": "D"}})
        );
    }

    #[test]
    fn exclude_removes_but_never_id() {
        let out = select(None, Some("emails,id,meta,name.familyName"));
        assert_eq!(out["id"], "1");
        assert!(out.get("emails").is_none());
        assert!(out.get("meta").is_none());
        assert_eq!(out["name"], json!({"givenName": "A"}));
    }

    #[test]
    fn wants_tells_whether_members_are_needed() {
        let group = ResourceKind::Group;
        let wants = |a: Option<&str>, e: Option<&str>| {
            parse_selection(a, e)
                .expect("valid")
                .is_none_or(|s| s.wants(group, "members"))
        };
        assert!(wants(None, None));
        assert!(!wants(None, Some("members")));
        assert!(wants(None, Some("members.display")));
        assert!(!wants(Some("displayName"), None));
        assert!(wants(Some("displayName,MEMBERS.value"), None));
    }

    #[test]
    fn bad_lists_are_rejected() {
        assert!(parse_selection(Some("a b"), None).is_err());
        assert_eq!(parse_selection(Some(" , "), None).expect("empty"), None);
    }
}
