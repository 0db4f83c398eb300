//! The in-memory directory: users and groups in creation order, with indexes by id and
//! by the attribute that must be unique (userName / displayName, case-insensitively).
//!
//! A resource is kept as its attributes only; `id`, `schemas` and `meta` are derived
//! when it is read. Seeded users are kept as their seed index until first written
//! (see `seed.rs`), and group members as compact records, because a group such as
//! "All staff" can hold every user.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::clock::rfc3339;
use crate::error::{ScimError, ScimType};
use crate::filter::{AttrPath, AttrSource, Filter};
use crate::ids::random_uuid;
use crate::json_keys::get_ci;
use crate::resource::schemas_of;
use crate::schema::ResourceKind;
use crate::seed::{seeded_user_attribute, seeded_user_attributes, seeded_user_name, SeedSpec};

/// One member of a group (RFC 7643 §4.2); `$ref` is derived from the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    pub value: String,
    pub display: Option<String>,
    pub kind: ResourceKind,
}

impl Member {
    pub fn user(value: String, display: Option<String>) -> Self {
        Self {
            value,
            display,
            kind: ResourceKind::User,
        }
    }

    fn to_json(&self, scim_base: &str) -> Value {
        let mut member = Map::new();
        member.insert("value".into(), Value::String(self.value.clone()));
        if let Some(display) = &self.display {
            member.insert("display".into(), Value::String(display.clone()));
        }
        member.insert("type".into(), Value::String(self.kind.name().to_owned()));
        member.insert(
            "$ref".into(),
            Value::String(format!(
                "{scim_base}{}/{}",
                self.kind.endpoint(),
                self.value
            )),
        );
        Value::Object(member)
    }
}

#[derive(Debug, Clone)]
enum Body {
    /// A seeded user never written since: attributes follow from the index.
    Seeded(usize),
    /// Normalised attributes, without `id`, `schemas`, `meta` and `members`.
    Stored(Map<String, Value>),
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    id: String,
    body: Body,
    members: Vec<Member>,
    created: u64,
    last_modified: u64,
    version: u64,
}

/// All resources of one type.
#[derive(Debug)]
pub(crate) struct Collection {
    kind: ResourceKind,
    scim_base: String,
    seed: SeedSpec,
    /// Creation order, so pages are stable while nothing is created or deleted. A
    /// deleted resource leaves `None` behind, so positions (the values of the other
    /// indexes) never shift.
    by_seq: Vec<Option<Entry>>,
    live: usize,
    by_id: HashMap<String, usize>,
    /// Case-folded userName (users) or displayName (groups).
    by_unique: HashMap<String, usize>,
}

fn unique_attr(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::User => "userName",
        ResourceKind::Group => "displayName",
    }
}

/// userName is caseExact=false (RFC 7643 §4.1.1), so "Anna@X" and "anna@x" are the
/// same user; group names are compared the same way.
fn fold(value: &str) -> String {
    value.to_lowercase()
}

fn unique_key(kind: ResourceKind, attrs: &Map<String, Value>) -> Option<String> {
    attrs
        .get(unique_attr(kind))
        .and_then(Value::as_str)
        .map(fold)
}

/// A resource as read from a collection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    collection: &'a Collection,
    entry: &'a Entry,
}

impl<'a> View<'a> {
    #[cfg(test)]
    pub fn id(&self) -> &'a str {
        &self.entry.id
    }

    fn kind(&self) -> ResourceKind {
        self.collection.kind
    }

    pub fn location(&self) -> String {
        format!(
            "{}{}/{}",
            self.collection.scim_base,
            self.kind().endpoint(),
            self.entry.id
        )
    }

    /// The attributes without `id`, `schemas`, `meta` and `members`.
    fn attributes(&self) -> Cow<'a, Map<String, Value>> {
        match &self.entry.body {
            Body::Seeded(index) => Cow::Owned(seeded_user_attributes(self.collection.seed, *index)),
            Body::Stored(attrs) => Cow::Borrowed(attrs),
        }
    }

    fn meta(&self) -> Value {
        json!({
            "resourceType": self.kind().name(),
            "created": rfc3339(self.entry.created),
            "lastModified": rfc3339(self.entry.last_modified),
            "location": self.location(),
            // A weak entity tag (RFC 7643 §3.1, RFC 7232 §2.3).
            "version": format!("W/\"{}\"", self.entry.version),
        })
    }

    fn members_json(&self) -> Value {
        let base = &self.collection.scim_base;
        Value::Array(self.entry.members.iter().map(|m| m.to_json(base)).collect())
    }

    /// The full SCIM representation. `with_members: false` leaves out a group's
    /// members (for `excludedAttributes=members`, which then costs nothing).
    pub fn render(&self, with_members: bool) -> Map<String, Value> {
        let attrs = self.attributes();
        let mut out = Map::new();
        out.insert("schemas".into(), schemas_of(self.kind(), &attrs));
        out.insert("id".into(), Value::String(self.entry.id.clone()));
        out.extend(attrs.into_owned());
        if with_members && !self.entry.members.is_empty() {
            out.insert("members".into(), self.members_json());
        }
        out.insert("meta".into(), self.meta());
        out
    }

    /// The full representation for serialising as it is: a group's members are
    /// written straight from their records rather than built as JSON objects first.
    pub fn render_for_output(&self) -> Rendered<'a> {
        Rendered {
            resource: self.render(false),
            members: &self.entry.members,
            scim_base: &self.collection.scim_base,
        }
    }

    fn unique_key(&self) -> Option<String> {
        match &self.entry.body {
            // Seeded userNames are lower-case already.
            Body::Seeded(index) => Some(seeded_user_name(*index)),
            Body::Stored(attrs) => unique_key(self.kind(), attrs),
        }
    }

    fn display_name(&self) -> Option<String> {
        self.top("displayName")
            .and_then(|v| v.as_str().map(str::to_owned))
    }
}

/// A resource ready to serialise: its attributes plus, for groups, its members.
#[derive(Debug)]
pub(crate) struct Rendered<'a> {
    resource: Map<String, Value>,
    members: &'a [Member],
    scim_base: &'a str,
}

impl From<Map<String, Value>> for Rendered<'_> {
    fn from(resource: Map<String, Value>) -> Self {
        Self {
            resource,
            members: &[],
            scim_base: "",
        }
    }
}

impl Serialize for Rendered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let extra = usize::from(!self.members.is_empty());
        let mut map = serializer.serialize_map(Some(self.resource.len() + extra))?;
        for (key, value) in &self.resource {
            map.serialize_entry(key, value)?;
        }
        if !self.members.is_empty() {
            let members: Vec<MemberOut<'_>> = self
                .members
                .iter()
                .map(|member| MemberOut {
                    member,
                    scim_base: self.scim_base,
                })
                .collect();
            map.serialize_entry("members", &members)?;
        }
        map.end()
    }
}

struct MemberOut<'a> {
    member: &'a Member,
    scim_base: &'a str,
}

impl Serialize for MemberOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let m = self.member;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("value", &m.value)?;
        if let Some(display) = &m.display {
            map.serialize_entry("display", display)?;
        }
        map.serialize_entry("type", m.kind.name())?;
        let reference = format_args!("{}{}/{}", self.scim_base, m.kind.endpoint(), m.value);
        map.serialize_entry("$ref", &reference)?;
        map.end()
    }
}

impl AttrSource for View<'_> {
    fn top(&self, name: &str) -> Option<Cow<'_, Value>> {
        if name.eq_ignore_ascii_case("id") {
            return Some(Cow::Owned(Value::String(self.entry.id.clone())));
        }
        if name.eq_ignore_ascii_case("meta") {
            return Some(Cow::Owned(self.meta()));
        }
        if name.eq_ignore_ascii_case("schemas") {
            return Some(Cow::Owned(schemas_of(self.kind(), &self.attributes())));
        }
        if self.kind() == ResourceKind::Group && name.eq_ignore_ascii_case("members") {
            return (!self.entry.members.is_empty()).then(|| Cow::Owned(self.members_json()));
        }
        match &self.entry.body {
            Body::Seeded(index) => {
                seeded_user_attribute(self.collection.seed, *index, name).map(Cow::Owned)
            }
            Body::Stored(attrs) => get_ci(attrs, name).map(Cow::Borrowed),
        }
    }

    fn sub_values(&self, name: &str, sub: &str) -> Option<Vec<Value>> {
        if self.kind() != ResourceKind::Group || !name.eq_ignore_ascii_case("members") {
            return None;
        }
        let members = self.entry.members.iter();
        let text = |s: &str| Value::String(s.to_owned());
        Some(match sub.to_ascii_lowercase().as_str() {
            "value" => members.map(|m| text(&m.value)).collect(),
            "display" => members
                .filter_map(|m| m.display.as_deref().map(text))
                .collect(),
            "type" => members.map(|m| text(m.kind.name())).collect(),
            _ => return None,
        })
    }
}

impl Collection {
    fn new(kind: ResourceKind, scim_base: String, seed: SeedSpec) -> Self {
        Self {
            kind,
            scim_base,
            seed,
            by_seq: Vec::new(),
            live: 0,
            by_id: HashMap::new(),
            by_unique: HashMap::new(),
        }
    }

    fn view<'a>(&'a self, entry: &'a Entry) -> View<'a> {
        View {
            collection: self,
            entry,
        }
    }

    fn entry(&self, seq: usize) -> Option<&Entry> {
        self.by_seq.get(seq).and_then(Option::as_ref)
    }

    fn entry_mut(&mut self, seq: usize) -> Option<&mut Entry> {
        self.by_seq.get_mut(seq).and_then(Option::as_mut)
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn iter(&self) -> impl Iterator<Item = View<'_>> {
        self.by_seq.iter().flatten().map(|e| self.view(e))
    }

    pub fn get(&self, id: &str) -> Option<View<'_>> {
        let seq = self.by_id.get(id)?;
        self.entry(*seq).map(|e| self.view(e))
    }

    /// The resource whose unique attribute equals `value` ignoring case.
    pub fn find_unique(&self, value: &str) -> Option<View<'_>> {
        let seq = self.by_unique.get(&fold(value))?;
        self.entry(*seq).map(|e| self.view(e))
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    fn insert(&mut self, entry: Entry, unique: Option<String>) {
        let seq = self.by_seq.len();
        self.live += 1;
        self.by_id.insert(entry.id.clone(), seq);
        if let Some(key) = unique {
            self.by_unique.insert(key, seq);
        }
        self.by_seq.push(Some(entry));
    }

    /// Makes room for `additional` more resources at once instead of growing the
    /// indexes step by step while seeding.
    pub fn reserve(&mut self, additional: usize) {
        self.by_seq.reserve(additional);
        self.by_id.reserve(additional);
        self.by_unique.reserve(additional);
    }

    /// Adds seeded user `index` (known to be valid and unique).
    pub fn insert_seeded_user(&mut self, index: usize, id: String, created: u64, modified: u64) {
        let entry = Entry {
            id,
            body: Body::Seeded(index),
            members: Vec::new(),
            created,
            last_modified: modified,
            version: 1,
        };
        self.insert(entry, Some(seeded_user_name(index)));
    }

    /// Adds a seeded group (known to be valid and unique).
    pub fn insert_seeded_group(
        &mut self,
        id: String,
        attrs: Map<String, Value>,
        members: Vec<Member>,
        created: u64,
    ) {
        let unique = unique_key(self.kind, &attrs);
        let entry = Entry {
            id,
            body: Body::Stored(attrs),
            members,
            created,
            last_modified: created,
            version: 1,
        };
        self.insert(entry, unique);
    }

    /// The id of another resource already using `attrs`' unique value, if any.
    fn conflict(&self, attrs: &Map<String, Value>, except_id: Option<&str>) -> Option<String> {
        let key = unique_key(self.kind, attrs)?;
        let seq = self.by_unique.get(&key)?;
        let other = self.entry(*seq)?;
        (Some(other.id.as_str()) != except_id).then(|| other.id.clone())
    }

    fn uniqueness_error(&self, attrs: &Map<String, Value>, other_id: &str) -> ScimError {
        let attr = unique_attr(self.kind);
        let value = attrs.get(attr).and_then(Value::as_str).unwrap_or_default();
        ScimError::uniqueness(format!(
            "{attr} '{value}' is already used by {} {other_id} (compared case-insensitively)",
            self.kind.name()
        ))
    }
}

/// A change to a group's members that needs no other attribute (the common PATCH
/// forms), applied without building the whole group.
#[derive(Debug, Clone)]
pub(crate) enum MemberChange {
    Add(Vec<Value>),
    Replace(Vec<Value>),
    Clear,
    RemoveValues(Vec<Value>),
    RemoveMatching(Filter, AttrPath),
}

/// Users and groups.
#[derive(Debug)]
pub(crate) struct Store {
    pub users: Collection,
    pub groups: Collection,
}

impl Store {
    pub fn new(scim_base: String, seed: SeedSpec) -> Self {
        Self {
            users: Collection::new(ResourceKind::User, scim_base.clone(), seed),
            groups: Collection::new(ResourceKind::Group, scim_base, seed),
        }
    }

    pub fn collection(&self, kind: ResourceKind) -> &Collection {
        match kind {
            ResourceKind::User => &self.users,
            ResourceKind::Group => &self.groups,
        }
    }

    fn collection_mut(&mut self, kind: ResourceKind) -> &mut Collection {
        match kind {
            ResourceKind::User => &mut self.users,
            ResourceKind::Group => &mut self.groups,
        }
    }

    /// Checks one written member: it must name an existing User or Group (never the
    /// group itself). `display` defaults to the member's displayName.
    fn resolve_member(&self, group_id: Option<&str>, member: &Value) -> Result<Member, ScimError> {
        let invalid = |detail: String| ScimError::bad_request(ScimType::InvalidValue, detail);
        let Some(member) = member.as_object() else {
            return Err(invalid("each member must be an object".into()));
        };
        let Some(value) = get_ci(member, "value").and_then(Value::as_str) else {
            return Err(invalid(
                "each member needs a 'value' holding the member's id".into(),
            ));
        };
        if Some(value) == group_id {
            return Err(invalid("a group cannot be a member of itself".into()));
        }
        let (kind, target) = if let Some(user) = self.users.get(value) {
            (ResourceKind::User, user)
        } else if let Some(group) = self.groups.get(value) {
            (ResourceKind::Group, group)
        } else {
            return Err(invalid(format!(
                "member '{value}' is neither a User nor a Group of this tenant"
            )));
        };
        let display = get_ci(member, "display")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| target.display_name());
        Ok(Member {
            value: value.to_owned(),
            display,
            kind,
        })
    }

    fn resolve_members(
        &self,
        group_id: Option<&str>,
        values: &[Value],
    ) -> Result<Vec<Member>, ScimError> {
        let mut members: Vec<Member> = Vec::with_capacity(values.len());
        let mut seen = std::collections::HashSet::new();
        for value in values {
            let member = self.resolve_member(group_id, value)?;
            // Listing a member twice means the same as once.
            if seen.insert(member.value.clone()) {
                members.push(member);
            }
        }
        Ok(members)
    }

    /// Takes `members` out of a group's normalised attributes and checks them.
    fn split_members(
        &self,
        kind: ResourceKind,
        group_id: Option<&str>,
        attrs: &mut Map<String, Value>,
    ) -> Result<Vec<Member>, ScimError> {
        if kind != ResourceKind::Group {
            return Ok(Vec::new());
        }
        match attrs.remove("members") {
            Some(Value::Array(values)) => self.resolve_members(group_id, &values),
            _ => Ok(Vec::new()),
        }
    }

    /// Creates a resource from normalised attributes.
    pub fn create(
        &mut self,
        kind: ResourceKind,
        mut attrs: Map<String, Value>,
        now: u64,
    ) -> Result<View<'_>, ScimError> {
        let collection = self.collection(kind);
        if let Some(other) = collection.conflict(&attrs, None) {
            return Err(collection.uniqueness_error(&attrs, &other));
        }
        let mut id = new_id()?;
        while collection.contains(&id) {
            id = new_id()?;
        }
        let members = self.split_members(kind, Some(&id), &mut attrs)?;
        let unique = unique_key(kind, &attrs);
        let entry = Entry {
            id: id.clone(),
            body: Body::Stored(attrs),
            members,
            created: now,
            last_modified: now,
            version: 1,
        };
        let collection = self.collection_mut(kind);
        collection.insert(entry, unique);
        self.collection(kind)
            .get(&id)
            .ok_or_else(|| ScimError::internal("created resource vanished"))
    }

    /// Replaces all attributes of an existing resource (PUT, and the result of PATCH).
    /// `id` and `meta.created` stay; the version goes up.
    pub fn replace(
        &mut self,
        kind: ResourceKind,
        id: &str,
        mut attrs: Map<String, Value>,
        now: u64,
    ) -> Result<View<'_>, ScimError> {
        let collection = self.collection(kind);
        let Some(current) = collection.get(id) else {
            return Err(not_found(kind, id));
        };
        if let Some(other) = collection.conflict(&attrs, Some(id)) {
            return Err(collection.uniqueness_error(&attrs, &other));
        }
        let old_key = current.unique_key();
        let members = self.split_members(kind, Some(id), &mut attrs)?;
        let new_key = unique_key(kind, &attrs);
        let collection = self.collection_mut(kind);
        let Some(seq) = collection.by_id.get(id).copied() else {
            return Err(not_found(kind, id));
        };
        let Some(entry) = collection.entry_mut(seq) else {
            return Err(not_found(kind, id));
        };
        entry.body = Body::Stored(attrs);
        entry.members = members;
        entry.last_modified = now;
        entry.version += 1;
        if let Some(old) = old_key {
            collection.by_unique.remove(&old);
        }
        if let Some(new) = new_key {
            collection.by_unique.insert(new, seq);
        }
        self.collection(kind)
            .get(id)
            .ok_or_else(|| ScimError::internal("replaced resource vanished"))
    }

    /// Applies member changes to a group in place (PATCH on `members` only).
    pub fn change_members(
        &mut self,
        id: &str,
        changes: &[MemberChange],
        now: u64,
    ) -> Result<View<'_>, ScimError> {
        if !self.groups.contains(id) {
            return Err(not_found(ResourceKind::Group, id));
        }
        // Check every new member first (nothing changes if one is wrong: PATCH is
        // atomic, RFC 7644 §3.5.2).
        let mut resolved = Vec::with_capacity(changes.len());
        for change in changes {
            resolved.push(match change {
                MemberChange::Add(values) | MemberChange::Replace(values) => {
                    self.resolve_members(Some(id), values)?
                }
                _ => Vec::new(),
            });
        }
        let Some(seq) = self.groups.by_id.get(id).copied() else {
            return Err(not_found(ResourceKind::Group, id));
        };
        let base = self.groups.scim_base.clone();
        let Some(entry) = self.groups.entry_mut(seq) else {
            return Err(not_found(ResourceKind::Group, id));
        };
        for (change, new_members) in changes.iter().zip(resolved) {
            let members = &mut entry.members;
            match change {
                MemberChange::Add(_) => {
                    for member in new_members {
                        if !members.iter().any(|m| m.value == member.value) {
                            members.push(member);
                        }
                    }
                }
                MemberChange::Replace(_) => *members = new_members,
                MemberChange::Clear => members.clear(),
                MemberChange::RemoveValues(values) => {
                    let doomed: Vec<&str> = values
                        .iter()
                        .filter_map(|v| match v {
                            Value::Object(o) => get_ci(o, "value").and_then(Value::as_str),
                            Value::String(s) => Some(s.as_str()),
                            _ => None,
                        })
                        .collect();
                    members.retain(|m| !doomed.contains(&m.value.as_str()));
                }
                MemberChange::RemoveMatching(filter, parent) => {
                    match filter.simple_equality(ResourceKind::Group) {
                        // `members[value eq "id"]`, by far the common case.
                        Some((attr, value)) if attr.eq_ignore_ascii_case("value") => {
                            members.retain(|m| m.value != value);
                        }
                        _ => {
                            members.retain(|m| match m.to_json(&base) {
                                Value::Object(o) => {
                                    !filter.matches_value(ResourceKind::Group, &o, parent)
                                }
                                _ => true,
                            });
                        }
                    }
                }
            }
        }
        entry.last_modified = now;
        entry.version += 1;
        self.groups
            .get(id)
            .ok_or_else(|| ScimError::internal("changed group vanished"))
    }

    /// Deletes a resource and every group membership pointing at it.
    pub fn delete(&mut self, kind: ResourceKind, id: &str, now: u64) -> Result<(), ScimError> {
        let key = self
            .collection(kind)
            .get(id)
            .ok_or_else(|| not_found(kind, id))?
            .unique_key();
        let collection = self.collection_mut(kind);
        if let Some(seq) = collection.by_id.remove(id) {
            if collection
                .by_seq
                .get_mut(seq)
                .and_then(Option::take)
                .is_some()
            {
                collection.live -= 1;
            }
        }
        if let Some(key) = key {
            collection.by_unique.remove(&key);
        }
        for entry in self.groups.by_seq.iter_mut().flatten() {
            let before = entry.members.len();
            entry.members.retain(|m| m.value != id);
            if entry.members.len() != before {
                entry.version += 1;
                entry.last_modified = now;
            }
        }
        Ok(())
    }

    pub fn exists(&self, kind: ResourceKind, id: &str) -> bool {
        self.collection(kind).contains(id)
    }
}

fn new_id() -> Result<String, ScimError> {
    random_uuid().map_err(|e| ScimError::internal(format!("no randomness for an id: {e}")))
}

pub(crate) fn not_found(kind: ResourceKind, id: &str) -> ScimError {
    ScimError::not_found(format!("{} '{id}' not found", kind.name()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse_patch_path;

    fn attrs(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    const NOW: u64 = 1_735_689_600;

    fn store() -> Store {
        Store::new("http://h/api/scim/v2".into(), SeedSpec::default())
    }

    fn create(store: &mut Store, kind: ResourceKind, value: Value) -> Result<String, ScimError> {
        store
            .create(kind, attrs(value), NOW)
            .map(|v| v.id().to_owned())
    }

    #[test]
    fn create_replace_delete_keep_indexes_consistent() {
        let mut store = store();
        let a = create(
            &mut store,
            ResourceKind::User,
            json!({"userName": "A@x.test"}),
        )
        .expect("create");
        let dup = create(
            &mut store,
            ResourceKind::User,
            json!({"userName": "a@X.TEST"}),
        )
        .expect_err("duplicate");
        assert_eq!(dup.scim_type, Some(ScimType::Uniqueness));

        let gid = create(
            &mut store,
            ResourceKind::Group,
            json!({"displayName": "G", "members": [{"value": a}, {"value": a}]}),
        )
        .expect("group");
        let group = store.groups.get(&gid).expect("group").render(true);
        let members = group["members"].as_array().expect("members");
        assert_eq!(members.len(), 1, "duplicates collapse");
        assert_eq!(members[0]["type"], "User");
        assert!(members[0]["$ref"]
            .as_str()
            .is_some_and(|r| r.ends_with(&format!("/Users/{a}"))));

        let renamed = store
            .replace(
                ResourceKind::User,
                &a,
                attrs(json!({"userName": "b@x.test"})),
                NOW + 60,
            )
            .expect("replace")
            .render(true);
        assert_eq!(renamed["meta"]["created"], "2025-01-01T00:00:00Z");
        assert_eq!(renamed["meta"]["lastModified"], "2025-01-01T00:01:00Z");
        assert_eq!(renamed["meta"]["version"], "W/\"2\"");
        // The old name is free again, the new one is taken.
        create(
            &mut store,
            ResourceKind::User,
            json!({"userName": "a@x.test"}),
        )
        .expect("old name free");
        assert!(create(
            &mut store,
            ResourceKind::User,
            json!({"userName": "B@x.test"})
        )
        .is_err());
        assert_eq!(
            store
                .users
                .find_unique("B@X.test")
                .map(|v| v.id().to_owned()),
            Some(a.clone())
        );

        store.delete(ResourceKind::User, &a, NOW).expect("delete");
        let group = store.groups.get(&gid).expect("group stays").render(true);
        assert!(group.get("members").is_none());
        assert_eq!(group["meta"]["version"], "W/\"2\"");
        assert!(store.delete(ResourceKind::User, &a, NOW).is_err());
        assert!(store.users.find_unique("b@x.test").is_none());
    }

    #[test]
    fn unknown_members_are_rejected() {
        let mut store = store();
        let err = create(
            &mut store,
            ResourceKind::Group,
            json!({"displayName": "G", "members": [{"value": "nope"}]}),
        )
        .expect_err("unknown member");
        assert_eq!(err.scim_type, Some(ScimType::InvalidValue));
    }

    #[test]
    fn member_changes_in_place() {
        let mut store = store();
        let u1 = create(
            &mut store,
            ResourceKind::User,
            json!({"userName": "u1", "displayName": "One"}),
        )
        .expect("u1");
        let u2 = create(&mut store, ResourceKind::User, json!({"userName": "u2"})).expect("u2");
        let gid = create(&mut store, ResourceKind::Group, json!({"displayName": "G"})).expect("g");
        let path = parse_patch_path(&format!("members[value eq \"{u1}\"]")).expect("path");
        let members = |store: &Store| -> Vec<String> {
            store
                .groups
                .get(&gid)
                .expect("g")
                .render(true)
                .get("members")
                .and_then(Value::as_array)
                .map(|m| {
                    m.iter()
                        .map(|m| m["value"].as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        store
            .change_members(
                &gid,
                &[MemberChange::Add(vec![
                    json!({"value": u1}),
                    json!({"value": u2}),
                ])],
                NOW,
            )
            .expect("add");
        assert_eq!(members(&store), vec![u1.clone(), u2.clone()]);
        assert_eq!(
            store.groups.get(&gid).expect("g").render(true)["members"][0]["display"],
            "One"
        );
        store
            .change_members(
                &gid,
                &[MemberChange::RemoveMatching(
                    path.filter.clone().expect("filter"),
                    path.attr.clone(),
                )],
                NOW,
            )
            .expect("remove");
        assert_eq!(members(&store), vec![u2.clone()]);
        let err = store
            .change_members(
                &gid,
                &[
                    MemberChange::Clear,
                    MemberChange::Add(vec![json!({"value": "ghost"})]),
                ],
                NOW,
            )
            .expect_err("unknown member");
        assert_eq!(err.scim_type, Some(ScimType::InvalidValue));
        assert_eq!(
            members(&store),
            vec![u2.clone()],
            "a failed change leaves members alone"
        );
        store
            .change_members(
                &gid,
                &[MemberChange::RemoveValues(vec![json!({"value": u2})])],
                NOW,
            )
            .expect("remove by value");
        assert!(members(&store).is_empty());
    }
}
