//! Checking and normalising a written User or Group against its schema: attribute
//! names are brought to their canonical spelling, types are checked, read-only and
//! write-only values are dropped and unknown attributes (such as Haiilo's
//! `profileField_*` fields) are kept as given.

use serde_json::{Map, Value};

use crate::error::{ScimError, ScimType};
use crate::schema::{AttrDef, AttrType, Mutability, ResourceKind};

fn invalid(detail: String) -> ScimError {
    ScimError::bad_request(ScimType::InvalidValue, detail)
}

fn type_name(def: &AttrDef) -> &'static str {
    match def.kind {
        AttrType::String | AttrType::Reference => "a string",
        AttrType::Boolean => "a boolean (true or false)",
        AttrType::Complex => "an object",
    }
}

/// Checks one (single) value; `None` means "unassigned" (RFC 7643 §2.5: null and
/// empty values are the same as no value).
fn single_value(def: &AttrDef, value: Value, label: &str) -> Result<Option<Value>, ScimError> {
    match (def.kind, value) {
        (_, Value::Null) => Ok(None),
        (AttrType::String | AttrType::Reference, Value::String(s)) => Ok(Some(Value::String(s))),
        (AttrType::Boolean, Value::Bool(b)) => Ok(Some(Value::Bool(b))),
        (AttrType::Complex, Value::Object(object)) => {
            let mut out = Map::new();
            for (key, sub_value) in object {
                match def.sub(&key) {
                    Some(sub) if sub.mutability == Mutability::ReadOnly => {}
                    Some(sub) => {
                        let sub_label = format!("{label}.{}", sub.name);
                        if out.contains_key(sub.name) {
                            return Err(invalid(format!("'{sub_label}' is given twice")));
                        }
                        if let Some(v) = single_value(sub, sub_value, &sub_label)? {
                            out.insert(sub.name.to_owned(), v);
                        }
                    }
                    None if sub_value.is_null() => {}
                    None => {
                        out.insert(key, sub_value);
                    }
                }
            }
            Ok((!out.is_empty()).then_some(Value::Object(out)))
        }
        (_, other) => Err(invalid(format!(
            "'{label}' must be {}, not {}",
            type_name(def),
            json_type(&other)
        ))),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Checks a value against its definition, multi-valued or not.
fn attribute_value(def: &AttrDef, value: Value, label: &str) -> Result<Option<Value>, ScimError> {
    if !def.multi_valued {
        return single_value(def, value, label);
    }
    let items = match value {
        Value::Null => return Ok(None),
        Value::Array(items) => items,
        other => {
            return Err(invalid(format!(
                "'{label}' is multi-valued and must be an array, not {}",
                json_type(&other)
            )))
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let Some(v) = single_value(def, item, label)? {
            out.push(v);
        }
    }
    // RFC 7643 §2.4: "primary" may be true for at most one value.
    let primaries = out
        .iter()
        .filter(|v| v.get("primary") == Some(&Value::Bool(true)))
        .count();
    if primaries > 1 {
        return Err(invalid(format!(
            "'{label}' has {primaries} values marked primary; at most one may be"
        )));
    }
    Ok((!out.is_empty()).then_some(Value::Array(out)))
}

fn insert_once(out: &mut Map<String, Value>, key: &str, value: Value) -> Result<(), ScimError> {
    if out.contains_key(key) {
        return Err(ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!("attribute '{key}' is given more than once (names are case-insensitive)"),
        ));
    }
    out.insert(key.to_owned(), value);
    Ok(())
}

/// Normalises a written resource. `id`, `meta` and `schemas` are dropped: the store
/// assigns them (RFC 7643 §3.1: readOnly values sent by a client are ignored).
pub(crate) fn normalize(
    kind: ResourceKind,
    input: Map<String, Value>,
) -> Result<Map<String, Value>, ScimError> {
    let core = kind.core();
    let mut out = Map::new();
    for (key, value) in input {
        if value.is_null() {
            continue;
        }
        if ["schemas", "id", "meta"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(&key))
        {
            continue;
        }
        if kind == ResourceKind::User && key.eq_ignore_ascii_case("groups") {
            // readOnly (RFC 7643 §4.1.2): membership is written through /Groups.
            continue;
        }
        if key.eq_ignore_ascii_case("externalId") {
            match value {
                Value::String(s) => insert_once(&mut out, "externalId", Value::String(s))?,
                other => {
                    return Err(invalid(format!(
                        "'externalId' must be a string, not {}",
                        json_type(&other)
                    )))
                }
            }
            continue;
        }
        if let Some(def) = core.attr(&key) {
            if def.mutability == Mutability::WriteOnly {
                // Accepted and discarded: this tenant stores no passwords.
                continue;
            }
            if let Some(v) = attribute_value(def, value, def.name)? {
                insert_once(&mut out, def.name, v)?;
            }
            continue;
        }
        if let Some(extension) = kind.extension(&key) {
            let Value::Object(fields) = value else {
                return Err(invalid(format!(
                    "extension '{}' must be an object",
                    extension.id
                )));
            };
            let mut ext_out = Map::new();
            for (field, field_value) in fields {
                match extension.attr(&field) {
                    Some(def) => {
                        if let Some(v) = attribute_value(def, field_value, def.name)? {
                            insert_once(&mut ext_out, def.name, v)?;
                        }
                    }
                    None if field_value.is_null() => {}
                    None => {
                        ext_out.insert(field, field_value);
                    }
                }
            }
            if !ext_out.is_empty() {
                insert_once(&mut out, extension.id, Value::Object(ext_out))?;
            }
            continue;
        }
        // Unknown attributes (Haiilo's `profileField_*`, other extensions) are kept.
        insert_once(&mut out, &key, value)?;
    }
    for def in core.attributes.iter().filter(|d| d.required) {
        let ok = match out.get(def.name) {
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(_) => true,
            None => false,
        };
        if !ok {
            return Err(invalid(format!("'{}' is required", def.name)));
        }
    }
    for (name, default) in defaulted(kind) {
        if !out.contains_key(*name) {
            out.insert((*name).into(), default.clone());
        }
    }
    Ok(out)
}

/// Attributes a write may leave out but the tenant then fills in, so a stored resource
/// always has them. Like Haiilo, a user here is either active or deactivated; there is
/// no third "unknown" state.
fn defaulted(kind: ResourceKind) -> &'static [(&'static str, Value)] {
    const USER: &[(&str, Value)] = &[("active", Value::Bool(true))];
    match kind {
        ResourceKind::User => USER,
        ResourceKind::Group => &[],
    }
}

/// The top-level attributes every stored resource of `kind` has a value for: the
/// schema's required ones and the ones [`normalize`] fills in. A PATCH may change them
/// but never leave them unassigned.
pub(crate) fn always_assigned(kind: ResourceKind) -> impl Iterator<Item = &'static str> {
    let required = kind
        .core()
        .attributes
        .iter()
        .filter(|d| d.required)
        .map(|d| d.name);
    required.chain(defaulted(kind).iter().map(|(name, _)| *name))
}

/// The `schemas` value of a stored resource: its core schema plus the URN of every
/// extension object it carries (RFC 7643 §3: "schemas" lists the extensions in use).
pub(crate) fn schemas_of(kind: ResourceKind, resource: &Map<String, Value>) -> Value {
    let mut schemas = vec![Value::String(kind.core().id.to_owned())];
    for (key, value) in resource {
        if value.is_object() && key.len() > 4 && key[..4].eq_ignore_ascii_case("urn:") {
            schemas.push(Value::String(key.clone()));
        }
    }
    Value::Array(schemas)
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

    #[test]
    fn canonicalises_names_and_keeps_unknown_attributes() {
        let input = object(json!({
            "schemas": ["x"],
            "id": "client-chosen",
            "USERNAME": "a@b.test",
            "Name": {"GIVENNAME": "A", "custom": 1},
            "emails": [{"VALUE": "a@b.test", "Primary": true}],
            "profileField_location": "Berlin",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"Department": "Ops"},
            "password": "hunter2",
            "groups": [{"value": "g1"}],
            "nickName": null
        }));
        let out = normalize(ResourceKind::User, input).expect("valid");
        assert_eq!(out["userName"], "a@b.test");
        assert_eq!(out["name"], json!({"givenName": "A", "custom": 1}));
        assert_eq!(out["emails"][0]["value"], "a@b.test");
        assert_eq!(out["emails"][0]["primary"], true);
        assert_eq!(out["profileField_location"], "Berlin");
        assert_eq!(out[ENTERPRISE_USER_SCHEMA]["department"], "Ops");
        assert_eq!(out["active"], true);
        for gone in ["schemas", "id", "password", "groups", "nickName"] {
            assert!(!out.contains_key(gone), "{gone}");
        }
        let schemas = schemas_of(ResourceKind::User, &out);
        assert_eq!(schemas.as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn rejects_wrong_types_and_missing_required() {
        let cases = [
            json!({"displayName": "x"}),
            json!({"userName": "  "}),
            json!({"userName": 5}),
            json!({"userName": "a", "active": "false"}),
            json!({"userName": "a", "emails": {"value": "x"}}),
            json!({"userName": "a", "name": "A B"}),
            json!({"userName": "a", "emails": [{"value": "x", "primary": true}, {"value": "y", "primary": true}]}),
            json!({"userName": "a", "externalId": 3}),
        ];
        for case in cases {
            let err = normalize(ResourceKind::User, object(case.clone())).expect_err("invalid");
            assert_eq!(err.scim_type, Some(ScimType::InvalidValue), "{case}");
        }
        let err = normalize(
            ResourceKind::User,
            object(json!({"userName": "a", "USERNAME": "b"})),
        )
        .expect_err("duplicate");
        assert_eq!(err.scim_type, Some(ScimType::InvalidSyntax));
        let err =
            normalize(ResourceKind::Group, object(json!({"members": []}))).expect_err("no name");
        assert!(err.detail.contains("displayName"));
    }
}
