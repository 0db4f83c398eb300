//! PATCH (RFC 7644 §3.5.2): parsing the PatchOp message and applying its operations
//! to a copy of the stored resource. The caller then re-validates the result with the
//! same rules as PUT, so a PATCH can never store what a PUT could not, and commits it
//! only if every operation succeeded (the request is atomic, §3.5.2).

use serde_json::{Map, Value};

use crate::error::{ScimError, ScimType};
use crate::filter::{parse_attr_path, parse_patch_path, AttrPath, PatchPath};
use crate::json_keys::{get_ci, key_ci};
use crate::resource::always_assigned;
use crate::schema::{AttrDef, ResourceKind, PATCH_OP_SCHEMA};
use crate::store::MemberChange;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    Add,
    Replace,
    Remove,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PatchOperation {
    pub op: OpKind,
    pub path: Option<PatchPath>,
    pub value: Option<Value>,
}

fn syntax(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::InvalidSyntax, detail)
}

fn invalid_path(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::InvalidPath, detail)
}

fn no_target(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::NoTarget, detail)
}

/// Reads a PatchOp message body.
pub(crate) fn parse_patch_request(body: &Value) -> Result<Vec<PatchOperation>, ScimError> {
    let Some(body) = body.as_object() else {
        return Err(syntax("the PATCH body must be a JSON object"));
    };
    let has_schema = get_ci(body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| {
            s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(PATCH_OP_SCHEMA))
            })
        });
    if !has_schema {
        return Err(syntax(format!(
            "'schemas' must contain \"{PATCH_OP_SCHEMA}\" (RFC 7644 §3.5.2)"
        )));
    }
    let Some(operations) = get_ci(body, "Operations").and_then(Value::as_array) else {
        return Err(syntax("'Operations' must be an array of operations"));
    };
    if operations.is_empty() {
        return Err(syntax("'Operations' is empty"));
    }
    operations
        .iter()
        .enumerate()
        .map(|(i, op)| parse_operation(i, op))
        .collect()
}

fn parse_operation(index: usize, op: &Value) -> Result<PatchOperation, ScimError> {
    let Some(op) = op.as_object() else {
        return Err(syntax(format!("operation {index} is not an object")));
    };
    let name = get_ci(op, "op").and_then(Value::as_str).unwrap_or_default();
    // Operation names are case-insensitive in practice (Azure AD sends "Replace").
    let kind = match name.to_ascii_lowercase().as_str() {
        "add" => OpKind::Add,
        "replace" => OpKind::Replace,
        "remove" => OpKind::Remove,
        _ => {
            return Err(syntax(format!(
                "operation {index}: 'op' must be add, replace or remove, not '{name}'"
            )))
        }
    };
    let path = match get_ci(op, "path") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) if p.trim().is_empty() => None,
        Some(Value::String(p)) => Some(
            parse_patch_path(p)
                .map_err(|e| invalid_path(format!("operation {index}: path '{p}': {e}")))?,
        ),
        Some(_) => {
            return Err(invalid_path(format!(
                "operation {index}: 'path' must be a string"
            )))
        }
    };
    let value = get_ci(op, "value").cloned();
    match kind {
        OpKind::Remove if path.is_none() => Err(no_target(format!(
            "operation {index}: remove needs a 'path' (RFC 7644 §3.5.2.2)"
        ))),
        OpKind::Add | OpKind::Replace if value.is_none() => {
            Err(syntax(format!("operation {index}: {name} needs a 'value'")))
        }
        _ => Ok(PatchOperation {
            op: kind,
            path,
            value,
        }),
    }
}

/// When every operation only touches a group's `members` in one of the usual ways
/// (add/replace/remove `members`, remove `members[filter]`), the same request as
/// changes the store can apply to its member list directly; anything else gives `None`
/// and goes through [`apply_patch`].
pub(crate) fn member_changes(
    kind: ResourceKind,
    operations: &[PatchOperation],
) -> Option<Vec<MemberChange>> {
    if kind != ResourceKind::Group {
        return None;
    }
    operations
        .iter()
        .map(|operation| {
            let path = operation.path.as_ref()?;
            let attr = &path.attr;
            let is_members = attr.attr.eq_ignore_ascii_case("members")
                && attr.sub.is_none()
                && path.sub_after_filter.is_none()
                && attr
                    .urn
                    .as_deref()
                    .is_none_or(|u| u.eq_ignore_ascii_case(kind.core().id));
            if !is_members {
                return None;
            }
            let items = || operation.value.as_ref().map(as_items);
            Some(match (operation.op, &path.filter) {
                (OpKind::Add, None) => MemberChange::Add(items()?),
                (OpKind::Replace, None) => MemberChange::Replace(items()?),
                (OpKind::Remove, None) => match items() {
                    None => MemberChange::Clear,
                    Some(values) => MemberChange::RemoveValues(values),
                },
                (OpKind::Remove, Some(filter)) => {
                    MemberChange::RemoveMatching(filter.clone(), attr.clone())
                }
                _ => return None,
            })
        })
        .collect()
}

/// Applies all operations in order to `resource` (a copy of the stored resource).
pub(crate) fn apply_patch(
    kind: ResourceKind,
    resource: &mut Map<String, Value>,
    operations: &[PatchOperation],
) -> Result<(), ScimError> {
    let kept: Vec<&'static str> = always_assigned(kind)
        .filter(|name| is_assigned(get_ci(resource, name)))
        .collect();
    for operation in operations {
        match &operation.path {
            Some(path) => apply_path(kind, resource, operation.op, path, operation.value.as_ref())?,
            None => apply_without_path(kind, resource, operation)?,
        }
    }
    refuse_unassigning(kind, resource, &kept)
}

/// RFC 7643 §2.5: null and an empty array mean the same as no value at all.
fn is_assigned(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Array(items)) => !items.is_empty(),
        Some(_) => true,
    }
}

/// A PATCH must not leave unassigned what the tenant always keeps (`kept`: those of
/// [`always_assigned`] that had a value before). Storing the result would either fail
/// later with a misleading message (a required `userName`) or, worse, silently put the
/// old value back (`active` would be defaulted to true again) while answering 200.
///
/// The scimType is `mutability`: RFC 7644 §3.5.2.2 (last paragraph) asks for it when
/// "an attribute is removed or becomes unassigned and is defined as a required
/// attribute or a read-only attribute". `active` is optional in RFC 7643, but this
/// tenant cannot unassign it; §3.12 defines `mutability` as a modification "not
/// compatible with the target attribute's mutability or current state", which is that
/// case. Not `invalidValue` (about a value sent, and a remove sends none) nor `noTarget`
/// (a path or filter that selects nothing, §3.5.2.2 first bullet and §3.5.2.3).
fn refuse_unassigning(
    kind: ResourceKind,
    resource: &Map<String, Value>,
    kept: &[&'static str],
) -> Result<(), ScimError> {
    let Some(name) = kept
        .iter()
        .find(|name| !is_assigned(get_ci(resource, name)))
    else {
        return Ok(());
    };
    let why = if kind.core().attr(name).is_some_and(|d| d.required) {
        format!("'{name}' is required")
    } else {
        format!("this tenant keeps '{name}' on every {}", kind.name())
    };
    let hint = if *name == "active" {
        "; to deactivate the user, replace 'active' with false"
    } else {
        ""
    };
    Err(ScimError::bad_request(
        ScimType::Mutability,
        format!("{why}, so it cannot be removed or set to null (RFC 7644 §3.5.2.2){hint}"),
    ))
}

/// RFC 7644 §3.5.2.1/§3.5.2.3: without a path, `value` is an object whose attributes
/// are added or replaced one by one.
fn apply_without_path(
    kind: ResourceKind,
    resource: &mut Map<String, Value>,
    operation: &PatchOperation,
) -> Result<(), ScimError> {
    let Some(Value::Object(attrs)) = &operation.value else {
        return Err(ScimError::bad_request(
            ScimType::InvalidValue,
            "without a 'path', 'value' must be an object of attributes",
        ));
    };
    for (key, value) in attrs {
        if ["schemas", "id", "meta"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key))
        {
            // readOnly: values sent by a client are ignored (RFC 7643 §7).
            continue;
        }
        if let (Some(extension), Value::Object(fields)) = (kind.extension(key), value) {
            for (field, field_value) in fields {
                let mut attr =
                    parse_attr_path(field).map_err(|e| invalid_path(format!("'{field}': {e}")))?;
                attr.urn = Some(extension.id.to_owned());
                let path = PatchPath {
                    attr,
                    filter: None,
                    sub_after_filter: None,
                };
                apply_path(kind, resource, operation.op, &path, Some(field_value))?;
            }
            continue;
        }
        // Keys may be paths themselves ("name.givenName"), as some IdPs send.
        let path = parse_patch_path(key).map_err(|e| invalid_path(format!("'{key}': {e}")))?;
        apply_path(kind, resource, operation.op, &path, Some(value))?;
    }
    Ok(())
}

/// The schema definition of `attr`, if the attribute is known.
fn definition(kind: ResourceKind, attr: &AttrPath) -> Option<&'static AttrDef> {
    match attr.urn.as_deref() {
        None => kind.core().attr(&attr.attr),
        Some(urn) if urn.eq_ignore_ascii_case(kind.core().id) => kind.core().attr(&attr.attr),
        Some(urn) => kind.extension(urn)?.attr(&attr.attr),
    }
}

/// The object that holds `attr`: the resource, or the extension object named by its
/// URN (created on demand when `create`).
fn container<'a>(
    kind: ResourceKind,
    resource: &'a mut Map<String, Value>,
    attr: &AttrPath,
    create: bool,
) -> Result<Option<&'a mut Map<String, Value>>, ScimError> {
    let urn = match attr.urn.as_deref() {
        None => return Ok(Some(resource)),
        Some(urn) if urn.eq_ignore_ascii_case(kind.core().id) => return Ok(Some(resource)),
        Some(urn) => urn,
    };
    let key = match key_ci(resource, urn) {
        Some(key) => key.clone(),
        None if create => {
            let canonical = kind.extension(urn).map_or(urn, |s| s.id);
            resource.insert(canonical.to_owned(), Value::Object(Map::new()));
            canonical.to_owned()
        }
        None => return Ok(None),
    };
    match resource.get_mut(&key) {
        Some(Value::Object(object)) => Ok(Some(object)),
        Some(_) => Err(invalid_path(format!("'{urn}' is not an extension object"))),
        None => Ok(None),
    }
}

/// The key to use for `name` in `object`: the existing spelling if present.
fn key_for(object: &Map<String, Value>, name: &str) -> String {
    key_ci(object, name)
        .cloned()
        .unwrap_or_else(|| name.to_owned())
}

fn as_items(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// Sets each attribute of `source` on `target` (RFC 7644 §3.5.2.1: sub-attributes not
/// named are left as they are).
fn merge_into(target: &mut Map<String, Value>, source: &Map<String, Value>) {
    for (key, value) in source {
        let key = key_for(target, key);
        target.insert(key, value.clone());
    }
}

fn is_primary(value: &Value) -> bool {
    value
        .as_object()
        .and_then(|o| get_ci(o, "primary"))
        .is_some_and(|p| p == &Value::Bool(true))
}

fn clear_primary(items: &mut [Value]) {
    for item in items {
        if let Some(object) = item.as_object_mut() {
            if let Some(key) = key_ci(object, "primary").cloned() {
                object.insert(key, Value::Bool(false));
            }
        }
    }
}

/// The identity of a multi-valued item for removal by value: its `value`
/// sub-attribute for complex items (e.g. a group member's id), else itself.
fn item_identity(item: &Value) -> &Value {
    item.as_object()
        .and_then(|o| get_ci(o, "value"))
        .unwrap_or(item)
}

fn apply_path(
    kind: ResourceKind,
    resource: &mut Map<String, Value>,
    op: OpKind,
    path: &PatchPath,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let attr = &path.attr;
    let core_level = attr
        .urn
        .as_deref()
        .is_none_or(|u| u.eq_ignore_ascii_case(kind.core().id));
    if core_level
        && ["id", "meta", "schemas"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(&attr.attr))
    {
        return Err(ScimError::bad_request(
            ScimType::Mutability,
            format!("'{}' is read-only", attr.attr),
        ));
    }
    let def = definition(kind, attr);
    let Some(object) = container(kind, resource, attr, op != OpKind::Remove)? else {
        // Removing from an extension that isn't there: nothing to do (§3.5.2.2).
        return Ok(());
    };
    let key = key_for(object, &attr.attr);
    let multi =
        def.is_some_and(|d| d.multi_valued) || object.get(&key).is_some_and(Value::is_array);

    if let Some(filter) = &path.filter {
        return apply_filtered(kind, object, &key, op, path, filter, value);
    }
    match &attr.sub {
        None => apply_attribute(object, &key, op, multi, value),
        Some(sub) => apply_sub_attribute(object, &key, sub, op, multi, value),
    }
}

fn required_value(value: Option<&Value>) -> Result<&Value, ScimError> {
    value.ok_or_else(|| syntax("this operation needs a 'value'"))
}

/// `path` names a whole attribute.
fn apply_attribute(
    object: &mut Map<String, Value>,
    key: &str,
    op: OpKind,
    multi: bool,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    match op {
        OpKind::Add if multi => {
            let new_items = as_items(required_value(value)?);
            let current = object
                .entry(key.to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            if !current.is_array() {
                *current = Value::Array(vec![current.clone()]);
            }
            if let Value::Array(items) = current {
                // §3.5.2.1: a new primary value demotes the existing one.
                if new_items.iter().any(is_primary) {
                    clear_primary(items);
                }
                for item in new_items {
                    if !items.contains(&item) {
                        items.push(item);
                    }
                }
            }
        }
        OpKind::Add | OpKind::Replace => {
            let value = required_value(value)?;
            match (object.get_mut(key), value) {
                // A complex value: named sub-attributes are replaced, others kept.
                (Some(Value::Object(current)), Value::Object(new)) if !multi => {
                    merge_into(current, new);
                }
                _ if multi => {
                    object.insert(key.to_owned(), Value::Array(as_items(value)));
                }
                _ => {
                    object.insert(key.to_owned(), value.clone());
                }
            }
        }
        OpKind::Remove => match (object.get_mut(key), value) {
            // Removing listed values from a multi-valued attribute, e.g. group
            // members given in `value` (a common IdP form).
            (Some(Value::Array(items)), Some(value)) => {
                let doomed = as_items(value);
                let doomed: Vec<&Value> = doomed.iter().map(item_identity).collect();
                items.retain(|item| !doomed.contains(&item_identity(item)));
                if items.is_empty() {
                    object.remove(key);
                }
            }
            _ => {
                object.remove(key);
            }
        },
    }
    Ok(())
}

/// `path` is `attr.sub`.
fn apply_sub_attribute(
    object: &mut Map<String, Value>,
    key: &str,
    sub: &str,
    op: OpKind,
    multi: bool,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let set = |element: &mut Map<String, Value>, v: &Value| {
        let sub_key = key_for(element, sub);
        element.insert(sub_key, v.clone());
    };
    match object.get_mut(key) {
        None => {
            if op == OpKind::Remove {
                return Ok(());
            }
            let mut element = Map::new();
            set(&mut element, required_value(value)?);
            let new = if multi {
                Value::Array(vec![Value::Object(element)])
            } else {
                Value::Object(element)
            };
            object.insert(key.to_owned(), new);
        }
        Some(Value::Object(element)) => match op {
            OpKind::Remove => {
                if let Some(sub_key) = key_ci(element, sub).cloned() {
                    element.remove(&sub_key);
                }
                if element.is_empty() {
                    object.remove(key);
                }
            }
            _ => set(element, required_value(value)?),
        },
        // `emails.value` without a filter addresses that sub-attribute in every value.
        Some(Value::Array(items)) => {
            for element in items.iter_mut().filter_map(Value::as_object_mut) {
                match op {
                    OpKind::Remove => {
                        if let Some(sub_key) = key_ci(element, sub).cloned() {
                            element.remove(&sub_key);
                        }
                    }
                    _ => set(element, required_value(value)?),
                }
            }
        }
        Some(_) => {
            return Err(invalid_path(format!(
                "'{key}' has no sub-attributes, so '{key}.{sub}' names nothing"
            )))
        }
    }
    Ok(())
}

/// `path` is `attr[filter]` or `attr[filter].sub`.
fn apply_filtered(
    kind: ResourceKind,
    object: &mut Map<String, Value>,
    key: &str,
    op: OpKind,
    path: &PatchPath,
    filter: &crate::filter::Filter,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let parent = &path.attr;
    let sub = path.sub_after_filter.as_deref();
    let items = match object.get_mut(key) {
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(invalid_path(format!(
                "'{key}' is not multi-valued, so a value filter cannot select from it"
            )))
        }
        None if op == OpKind::Remove => return Ok(()),
        None => {
            object.insert(key.to_owned(), Value::Array(Vec::new()));
            match object.get_mut(key) {
                Some(Value::Array(items)) => items,
                _ => return Err(ScimError::internal("inserted array vanished")),
            }
        }
    };
    let matching: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            item.as_object()
                .is_some_and(|o| filter.matches_value(kind, o, parent))
        })
        .map(|(i, _)| i)
        .collect();

    match op {
        OpKind::Remove => {
            match sub {
                None => {
                    let mut index = 0;
                    items.retain(|_| {
                        let keep = !matching.contains(&index);
                        index += 1;
                        keep
                    });
                }
                Some(sub) => {
                    for &i in &matching {
                        if let Some(element) = items.get_mut(i).and_then(Value::as_object_mut) {
                            if let Some(sub_key) = key_ci(element, sub).cloned() {
                                element.remove(&sub_key);
                            }
                        }
                    }
                }
            }
            if items.is_empty() {
                object.remove(key);
            }
        }
        OpKind::Add | OpKind::Replace => {
            let value = required_value(value)?;
            if matching.is_empty() {
                // RFC 7644 §3.5.2.3: replace with a filter that matches nothing is
                // noTarget. For add, a filter made of equalities describes the value to
                // create (`emails[type eq "work"].value`), which IdPs rely on.
                let seed = match (op, filter.equalities()) {
                    (OpKind::Add, Some(seed)) => seed,
                    _ => return Err(no_target(format!("no value of '{key}' matches the filter"))),
                };
                let mut element = seed;
                match (sub, value) {
                    (Some(sub), v) => {
                        element.insert(sub.to_owned(), v.clone());
                    }
                    (None, Value::Object(fields)) => merge_into(&mut element, fields),
                    (None, _) => {
                        return Err(ScimError::bad_request(
                            ScimType::InvalidValue,
                            "the value for a filtered path must be an object",
                        ))
                    }
                }
                items.push(Value::Object(element));
                return Ok(());
            }
            for &i in &matching {
                let Some(element) = items.get_mut(i) else {
                    continue;
                };
                match (sub, op, value) {
                    (Some(sub), _, v) => {
                        if let Some(element) = element.as_object_mut() {
                            let sub_key = key_for(element, sub);
                            element.insert(sub_key, v.clone());
                        }
                    }
                    // §3.5.2.3: the matched values are replaced.
                    (None, OpKind::Replace, v) => *element = v.clone(),
                    (None, _, Value::Object(fields)) => {
                        if let Some(element) = element.as_object_mut() {
                            merge_into(element, fields);
                        }
                    }
                    (None, _, _) => {
                        return Err(ScimError::bad_request(
                            ScimType::InvalidValue,
                            "the value for a filtered path must be an object",
                        ))
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::ENTERPRISE_USER_SCHEMA;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn user() -> Map<String, Value> {
        object(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "u1",
            "userName": "anna@x.test",
            "displayName": "Anna",
            "name": {"givenName": "Anna", "familyName": "Schmidt"},
            "emails": [{"value": "anna@x.test", "type": "work", "primary": true}],
            "active": true,
            "meta": {"resourceType": "User"}
        }))
    }

    fn group() -> Map<String, Value> {
        object(json!({
            "id": "g1",
            "displayName": "Team",
            "members": [{"value": "u1"}, {"value": "u2"}]
        }))
    }

    fn patch(
        kind: ResourceKind,
        resource: &mut Map<String, Value>,
        ops: Value,
    ) -> Result<(), ScimError> {
        let body = json!({"schemas": [PATCH_OP_SCHEMA], "Operations": ops});
        let ops = parse_patch_request(&body)?;
        apply_patch(kind, resource, &ops)
    }

    #[test]
    fn replace_simple_attributes_with_and_without_path() {
        let mut u = user();
        patch(
            ResourceKind::User,
            &mut u,
            json!([
                {"op": "Replace", "path": "active", "value": false},
                {"op": "replace", "path": "USERNAME", "value": "anna.s@x.test"},
                {"op": "replace", "path": "name.givenName", "value": "Anne"},
                {"op": "add", "path": "externalId", "value": "ext-9"},
                {"op": "replace", "value": {"displayName": "Anne S", "name.familyName": "Schulz"}}
            ]),
        )
        .expect("patch");
        assert_eq!(u["active"], false);
        assert_eq!(u["userName"], "anna.s@x.test");
        assert!(!u.contains_key("USERNAME"));
        assert_eq!(
            u["name"],
            json!({"givenName": "Anne", "familyName": "Schulz"})
        );
        assert_eq!(u["externalId"], "ext-9");
        assert_eq!(u["displayName"], "Anne S");
    }

    #[test]
    fn complex_value_merges_sub_attributes() {
        let mut u = user();
        patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "replace", "path": "name", "value": {"familyName": "Meyer"}}]),
        )
        .expect("patch");
        assert_eq!(
            u["name"],
            json!({"givenName": "Anna", "familyName": "Meyer"})
        );
    }

    #[test]
    fn emails_add_replace_and_filtered_paths() {
        let mut u = user();
        patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "add", "path": "emails", "value": [{"value": "a@home.test", "type": "home", "primary": true}]}]),
        )
        .expect("add email");
        let emails = u["emails"].as_array().expect("emails");
        assert_eq!(emails.len(), 2);
        assert_eq!(
            emails[0]["primary"], false,
            "new primary demotes the old one"
        );
        patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@x.test"}]),
        )
        .expect("replace work email");
        assert_eq!(u["emails"][0]["value"], "new@x.test");
        let err = patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "replace", "path": "emails[type eq \"other\"].value", "value": "o@x.test"}]),
        )
        .expect_err("no target");
        assert_eq!(err.scim_type, Some(ScimType::NoTarget));
        patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "add", "path": "emails[type eq \"other\"].value", "value": "o@x.test"}]),
        )
        .expect("add creates the value the filter describes");
        assert_eq!(
            u["emails"][2],
            json!({"type": "other", "value": "o@x.test"})
        );
        patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "replace", "path": "emails", "value": [{"value": "only@x.test"}]}]),
        )
        .expect("replace all");
        assert_eq!(u["emails"], json!([{"value": "only@x.test"}]));
    }

    #[test]
    fn enterprise_extension_and_custom_fields() {
        let mut u = user();
        patch(
            ResourceKind::User,
            &mut u,
            json!([
                {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Sales"},
                {"op": "add", "value": {"profileField_location": "Berlin",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"costCenter": "42"}}}
            ]),
        )
        .expect("patch");
        assert_eq!(
            u[ENTERPRISE_USER_SCHEMA],
            json!({"department": "Sales", "costCenter": "42"})
        );
        assert_eq!(u["profileField_location"], "Berlin");
        patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"}]),
        )
        .expect("remove");
        assert_eq!(u[ENTERPRISE_USER_SCHEMA], json!({"department": "Sales"}));
    }

    #[test]
    fn group_members_add_remove_replace() {
        let mut g = group();
        patch(
            ResourceKind::Group,
            &mut g,
            json!([{"op": "add", "path": "members", "value": [{"value": "u3"}, {"value": "u1"}]}]),
        )
        .expect("add");
        assert_eq!(g["members"].as_array().map(Vec::len), Some(3));
        patch(
            ResourceKind::Group,
            &mut g,
            json!([{"op": "remove", "path": "members[value eq \"u2\"]"}]),
        )
        .expect("remove by filter");
        assert_eq!(g["members"], json!([{"value": "u1"}, {"value": "u3"}]));
        patch(
            ResourceKind::Group,
            &mut g,
            json!([{"op": "remove", "path": "members", "value": [{"value": "u1"}]}]),
        )
        .expect("remove by value");
        assert_eq!(g["members"], json!([{"value": "u3"}]));
        patch(
            ResourceKind::Group,
            &mut g,
            json!([{"op": "remove", "path": "members[value eq \"absent\"]"}]),
        )
        .expect("removing nothing succeeds");
        patch(
            ResourceKind::Group,
            &mut g,
            json!([{"op": "replace", "path": "members", "value": [{"value": "u9"}]},
                   {"op": "replace", "path": "displayName", "value": "Renamed"}]),
        )
        .expect("replace");
        assert_eq!(g["members"], json!([{"value": "u9"}]));
        assert_eq!(g["displayName"], "Renamed");
        patch(
            ResourceKind::Group,
            &mut g,
            json!([{"op": "remove", "path": "members"}]),
        )
        .expect("clear");
        assert!(!g.contains_key("members"));
    }

    #[test]
    fn bad_requests_get_the_right_scim_type() {
        let cases = [
            (
                json!({"Operations": [{"op": "add", "path": "x", "value": 1}]}),
                ScimType::InvalidSyntax,
            ),
            (
                json!({"schemas": [PATCH_OP_SCHEMA], "Operations": []}),
                ScimType::InvalidSyntax,
            ),
            (
                json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [{"op": "move", "path": "x"}]}),
                ScimType::InvalidSyntax,
            ),
            (
                json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [{"op": "remove"}]}),
                ScimType::NoTarget,
            ),
            (
                json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [{"op": "add", "path": "a[b", "value": 1}]}),
                ScimType::InvalidPath,
            ),
            (
                json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [{"op": "add", "path": "x"}]}),
                ScimType::InvalidSyntax,
            ),
        ];
        for (body, expected) in cases {
            let err = parse_patch_request(&body).expect_err("bad request");
            assert_eq!(err.scim_type, Some(expected), "{body}");
        }
        let mut u = user();
        let err = patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "replace", "path": "id", "value": "x"}]),
        )
        .expect_err("read-only");
        assert_eq!(err.scim_type, Some(ScimType::Mutability));
        let err = patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "add", "path": "userName.x", "value": "x"}]),
        )
        .expect_err("no sub-attributes");
        assert_eq!(err.scim_type, Some(ScimType::InvalidPath));
    }

    #[test]
    fn unassigning_what_the_tenant_keeps_is_mutability() {
        for ops in [
            json!([{"op": "remove", "path": "active"}]),
            json!([{"op": "replace", "value": {"active": null}}]),
            json!([{"op": "remove", "path": "userName"}]),
            json!([{"op": "add", "path": "userName", "value": null}]),
        ] {
            let err = patch(ResourceKind::User, &mut user(), ops.clone()).expect_err("kept");
            assert_eq!(err.scim_type, Some(ScimType::Mutability), "{ops}");
            assert!(err.detail.contains("RFC 7644 §3.5.2.2"), "{}", err.detail);
        }
        let err = patch(
            ResourceKind::Group,
            &mut group(),
            json!([{"op": "remove", "path": "displayName"}]),
        )
        .expect_err("required");
        assert_eq!(err.scim_type, Some(ScimType::Mutability));
        // Removing and setting again in one request leaves it assigned: allowed.
        let mut u = user();
        patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "remove", "path": "active"},
                   {"op": "add", "path": "active", "value": false}]),
        )
        .expect("re-assigned");
        assert_eq!(u["active"], false);
        // What was not assigned before is not held against the request.
        let mut bare = group();
        bare.remove("displayName");
        patch(
            ResourceKind::Group,
            &mut bare,
            json!([{"op": "remove", "path": "displayName"}]),
        )
        .expect("nothing to keep");
    }

    #[test]
    fn simple_member_operations_take_the_fast_path() {
        let body = json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": "u1"}]},
            {"op": "remove", "path": "members[value eq \"u2\"]"},
            {"op": "remove", "path": "members"}
        ]});
        let ops = parse_patch_request(&body).expect("valid");
        let changes = member_changes(ResourceKind::Group, &ops).expect("fast path");
        assert!(matches!(changes[0], MemberChange::Add(ref v) if v.len() == 1));
        assert!(matches!(changes[1], MemberChange::RemoveMatching(..)));
        assert!(matches!(changes[2], MemberChange::Clear));
        assert!(member_changes(ResourceKind::User, &ops).is_none());
        for other in [
            json!({"op": "replace", "path": "displayName", "value": "x"}),
            json!({"op": "replace", "value": {"members": []}}),
            json!({"op": "replace", "path": "members[value eq \"a\"].display", "value": "x"}),
        ] {
            let body = json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [other]});
            let ops = parse_patch_request(&body).expect("valid");
            assert!(
                member_changes(ResourceKind::Group, &ops).is_none(),
                "{body}"
            );
        }
    }

    #[test]
    fn failed_operation_leaves_caller_copy_to_be_discarded() {
        // Operations are applied to a copy; the caller commits only on success, so a
        // later failing operation must surface as an error.
        let mut u = user();
        let result = patch(
            ResourceKind::User,
            &mut u,
            json!([{"op": "replace", "path": "active", "value": false},
                   {"op": "replace", "path": "meta", "value": {}}]),
        );
        assert!(result.is_err());
    }
}
