//! The SCIM schemas this tenant serves (RFC 7643 §4, §7, §8.7) as one table that drives
//! validation of writes, case sensitivity in filters and the `/Schemas` endpoint, so the
//! three can't disagree.

use serde_json::{json, Map, Value};

pub(crate) const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub(crate) const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub(crate) const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub(crate) const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub(crate) const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub(crate) const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub(crate) const SEARCH_REQUEST_SCHEMA: &str =
    "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
pub(crate) const SERVICE_PROVIDER_CONFIG_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
pub(crate) const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
pub(crate) const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// RFC 7643 §2.3 data types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrType {
    String,
    Boolean,
    Reference,
    Complex,
}

/// RFC 7643 §7 `mutability`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mutability {
    ReadOnly,
    ReadWrite,
    Immutable,
    WriteOnly,
}

/// RFC 7643 §7 `returned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Returned {
    Default,
    Never,
}

/// One attribute definition (RFC 7643 §7).
#[derive(Debug)]
pub(crate) struct AttrDef {
    pub name: &'static str,
    pub kind: AttrType,
    pub multi_valued: bool,
    pub description: &'static str,
    pub required: bool,
    pub case_exact: bool,
    pub mutability: Mutability,
    pub returned: Returned,
    pub unique: bool,
    pub canonical_values: &'static [&'static str],
    pub reference_types: &'static [&'static str],
    pub sub_attributes: &'static [AttrDef],
}

impl AttrDef {
    const fn new(name: &'static str, kind: AttrType, description: &'static str) -> Self {
        Self {
            name,
            kind,
            multi_valued: false,
            description,
            required: false,
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            unique: false,
            canonical_values: &[],
            reference_types: &[],
            sub_attributes: &[],
        }
    }
    const fn string(name: &'static str, description: &'static str) -> Self {
        Self::new(name, AttrType::String, description)
    }
    const fn boolean(name: &'static str, description: &'static str) -> Self {
        Self::new(name, AttrType::Boolean, description)
    }
    const fn reference(
        name: &'static str,
        types: &'static [&'static str],
        description: &'static str,
    ) -> Self {
        let mut def = Self::new(name, AttrType::Reference, description);
        def.reference_types = types;
        def
    }
    const fn complex(
        name: &'static str,
        subs: &'static [AttrDef],
        description: &'static str,
    ) -> Self {
        let mut def = Self::new(name, AttrType::Complex, description);
        def.sub_attributes = subs;
        def
    }
    const fn multi(mut self) -> Self {
        self.multi_valued = true;
        self
    }
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    const fn case_exact(mut self) -> Self {
        self.case_exact = true;
        self
    }
    const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
    const fn mutability(mut self, mutability: Mutability) -> Self {
        self.mutability = mutability;
        self
    }
    const fn never_returned(mut self) -> Self {
        self.returned = Returned::Never;
        self
    }
    const fn canonical(mut self, values: &'static [&'static str]) -> Self {
        self.canonical_values = values;
        self
    }

    /// Looks up a sub-attribute, ignoring case (RFC 7643 §2.1: names are
    /// case-insensitive).
    pub fn sub(&self, name: &str) -> Option<&'static AttrDef> {
        find_attr(self.sub_attributes, name)
    }

    fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("name".into(), json!(self.name));
        let kind = match self.kind {
            AttrType::String => "string",
            AttrType::Boolean => "boolean",
            AttrType::Reference => "reference",
            AttrType::Complex => "complex",
        };
        out.insert("type".into(), json!(kind));
        out.insert("multiValued".into(), json!(self.multi_valued));
        out.insert("description".into(), json!(self.description));
        out.insert("required".into(), json!(self.required));
        if self.kind != AttrType::Complex && self.kind != AttrType::Boolean {
            out.insert("caseExact".into(), json!(self.case_exact));
        }
        let mutability = match self.mutability {
            Mutability::ReadOnly => "readOnly",
            Mutability::ReadWrite => "readWrite",
            Mutability::Immutable => "immutable",
            Mutability::WriteOnly => "writeOnly",
        };
        out.insert("mutability".into(), json!(mutability));
        let returned = match self.returned {
            Returned::Default => "default",
            Returned::Never => "never",
        };
        out.insert("returned".into(), json!(returned));
        if self.kind != AttrType::Complex && self.kind != AttrType::Boolean {
            let uniqueness = if self.unique { "server" } else { "none" };
            out.insert("uniqueness".into(), json!(uniqueness));
        }
        if !self.canonical_values.is_empty() {
            out.insert("canonicalValues".into(), json!(self.canonical_values));
        }
        if !self.reference_types.is_empty() {
            out.insert("referenceTypes".into(), json!(self.reference_types));
        }
        if !self.sub_attributes.is_empty() {
            let subs: Vec<Value> = self.sub_attributes.iter().map(AttrDef::to_json).collect();
            out.insert("subAttributes".into(), Value::Array(subs));
        }
        Value::Object(out)
    }
}

pub(crate) fn find_attr(attrs: &'static [AttrDef], name: &str) -> Option<&'static AttrDef> {
    attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

/// A schema definition (RFC 7643 §7).
#[derive(Debug)]
pub(crate) struct SchemaDef {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub attributes: &'static [AttrDef],
}

impl SchemaDef {
    pub fn attr(&self, name: &str) -> Option<&'static AttrDef> {
        find_attr(self.attributes, name)
    }

    pub fn to_json(&self, scim_base: &str) -> Value {
        let attributes: Vec<Value> = self.attributes.iter().map(AttrDef::to_json).collect();
        json!({
            "schemas": [SCHEMA_SCHEMA],
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "attributes": attributes,
            "meta": {
                "resourceType": "Schema",
                "location": format!("{scim_base}/Schemas/{}", self.id),
            },
        })
    }
}

const PLURAL_TYPES_WORK_HOME_OTHER: &[&str] = &["work", "home", "other"];

const NAME_SUBS: &[AttrDef] = &[
    AttrDef::string("formatted", "The full name, formatted for display."),
    AttrDef::string("familyName", "The family (last) name."),
    AttrDef::string("givenName", "The given (first) name."),
    AttrDef::string("middleName", "The middle name(s)."),
    AttrDef::string("honorificPrefix", "Title before the name, e.g. 'Dr.'."),
    AttrDef::string("honorificSuffix", "Suffix after the name, e.g. 'III'."),
];

const EMAIL_SUBS: &[AttrDef] = &[
    AttrDef::string("value", "The e-mail address."),
    AttrDef::string("display", "A label for display."),
    AttrDef::string("type", "Kind of address.").canonical(PLURAL_TYPES_WORK_HOME_OTHER),
    AttrDef::boolean("primary", "Whether this is the preferred address."),
];

const PHONE_SUBS: &[AttrDef] = &[
    AttrDef::string("value", "The phone number."),
    AttrDef::string("display", "A label for display."),
    AttrDef::string("type", "Kind of number.")
        .canonical(&["work", "home", "mobile", "fax", "pager", "other"]),
    AttrDef::boolean("primary", "Whether this is the preferred number."),
];

const ADDRESS_SUBS: &[AttrDef] = &[
    AttrDef::string("formatted", "The full address, formatted for display."),
    AttrDef::string("streetAddress", "Street and house number."),
    AttrDef::string("locality", "City or locality."),
    AttrDef::string("region", "State or region."),
    AttrDef::string("postalCode", "Postal code."),
    AttrDef::string("country", "ISO 3166-1 alpha-2 country code."),
    AttrDef::string("type", "Kind of address.").canonical(PLURAL_TYPES_WORK_HOME_OTHER),
    AttrDef::boolean("primary", "Whether this is the preferred address."),
];

const PHOTO_SUBS: &[AttrDef] = &[
    AttrDef::reference("value", &["external"], "URL of the image."),
    AttrDef::string("display", "A label for display."),
    AttrDef::string("type", "Kind of image.").canonical(&["photo", "thumbnail"]),
    AttrDef::boolean("primary", "Whether this is the preferred image."),
];

const USER_ATTRS: &[AttrDef] = &[
    AttrDef::string(
        "userName",
        "Unique identifier of the user, used to sign in. Compared case-insensitively.",
    )
    .required()
    .unique(),
    AttrDef::complex("name", NAME_SUBS, "The components of the user's name."),
    AttrDef::string("displayName", "The name shown for the user."),
    AttrDef::string("nickName", "A casual name."),
    AttrDef::reference("profileUrl", &["external"], "URL of the user's profile."),
    AttrDef::string("title", "Job title."),
    AttrDef::string(
        "userType",
        "Relationship to the organisation, e.g. 'Employee'.",
    ),
    AttrDef::string("preferredLanguage", "Preferred language (RFC 7231 §5.3.5)."),
    AttrDef::string("locale", "Locale for localised formats, e.g. 'de-DE'."),
    AttrDef::string("timezone", "IANA time zone, e.g. 'Europe/Berlin'."),
    AttrDef::boolean("active", "Whether the user may sign in."),
    AttrDef::string("password", "Accepted and discarded; never returned.")
        .case_exact()
        .mutability(Mutability::WriteOnly)
        .never_returned(),
    AttrDef::complex("emails", EMAIL_SUBS, "E-mail addresses.").multi(),
    AttrDef::complex("phoneNumbers", PHONE_SUBS, "Phone numbers.").multi(),
    AttrDef::complex("addresses", ADDRESS_SUBS, "Postal addresses.").multi(),
    AttrDef::complex("photos", PHOTO_SUBS, "Pictures of the user.").multi(),
];

const MANAGER_SUBS: &[AttrDef] = &[
    AttrDef::string("value", "The id of the manager's User resource."),
    AttrDef::reference("$ref", &["User"], "URI of the manager's User resource."),
    AttrDef::string("displayName", "The manager's display name.").mutability(Mutability::ReadOnly),
];

const ENTERPRISE_ATTRS: &[AttrDef] = &[
    AttrDef::string("employeeNumber", "Identifier assigned by the organisation."),
    AttrDef::string("costCenter", "Cost centre."),
    AttrDef::string("organization", "Organisation."),
    AttrDef::string("division", "Division."),
    AttrDef::string("department", "Department."),
    AttrDef::complex("manager", MANAGER_SUBS, "The user's manager."),
];

const MEMBER_SUBS: &[AttrDef] = &[
    AttrDef::string("value", "The id of the member resource.")
        .case_exact()
        .mutability(Mutability::Immutable),
    AttrDef::reference("$ref", &["User", "Group"], "URI of the member resource.")
        .case_exact()
        .mutability(Mutability::Immutable),
    AttrDef::string("display", "The member's display name."),
    AttrDef::string("type", "The member's resource type.")
        .mutability(Mutability::Immutable)
        .canonical(&["User", "Group"]),
];

const GROUP_ATTRS: &[AttrDef] = &[
    AttrDef::string(
        "displayName",
        "Name of the group. Unique, compared case-insensitively.",
    )
    .required()
    .unique(),
    AttrDef::complex("members", MEMBER_SUBS, "Users and groups in this group.").multi(),
];

pub(crate) static USER: SchemaDef = SchemaDef {
    id: USER_SCHEMA,
    name: "User",
    description: "User account",
    attributes: USER_ATTRS,
};

pub(crate) static ENTERPRISE_USER: SchemaDef = SchemaDef {
    id: ENTERPRISE_USER_SCHEMA,
    name: "EnterpriseUser",
    description: "Enterprise user extension",
    attributes: ENTERPRISE_ATTRS,
};

pub(crate) static GROUP: SchemaDef = SchemaDef {
    id: GROUP_SCHEMA,
    name: "Group",
    description: "Group",
    attributes: GROUP_ATTRS,
};

/// All schemas served by `/Schemas`.
pub(crate) static ALL_SCHEMAS: [&SchemaDef; 3] = [&USER, &ENTERPRISE_USER, &GROUP];

/// The two resource types (RFC 7643 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceKind {
    User,
    Group,
}

impl ResourceKind {
    pub fn name(self) -> &'static str {
        match self {
            ResourceKind::User => "User",
            ResourceKind::Group => "Group",
        }
    }

    /// The endpoint under the SCIM base, e.g. "/Users".
    pub fn endpoint(self) -> &'static str {
        match self {
            ResourceKind::User => "/Users",
            ResourceKind::Group => "/Groups",
        }
    }

    pub fn core(self) -> &'static SchemaDef {
        match self {
            ResourceKind::User => &USER,
            ResourceKind::Group => &GROUP,
        }
    }

    pub fn extensions(self) -> &'static [&'static SchemaDef] {
        static USER_EXTENSIONS: [&SchemaDef; 1] = [&ENTERPRISE_USER];
        match self {
            ResourceKind::User => &USER_EXTENSIONS,
            ResourceKind::Group => &[],
        }
    }

    /// The extension schema whose URN is `urn` (ignoring case).
    pub fn extension(self, urn: &str) -> Option<&'static SchemaDef> {
        self.extensions()
            .iter()
            .copied()
            .find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// Whether string comparison on this attribute honours case. Common attributes
    /// (RFC 7643 §3.1): `id` and `externalId` are caseExact; schema attributes follow
    /// their definition; anything unknown uses the RFC default (caseExact false).
    pub fn case_exact(self, urn: Option<&str>, attr: &str, sub: Option<&str>) -> bool {
        let schema = match urn {
            Some(urn) if !urn.eq_ignore_ascii_case(self.core().id) => self.extension(urn),
            _ => {
                if attr.eq_ignore_ascii_case("id") || attr.eq_ignore_ascii_case("externalId") {
                    return sub.is_none();
                }
                if attr.eq_ignore_ascii_case("meta") {
                    return sub.is_some_and(|s| {
                        s.eq_ignore_ascii_case("location") || s.eq_ignore_ascii_case("version")
                    });
                }
                Some(self.core())
            }
        };
        let Some(def) = schema.and_then(|s| s.attr(attr)) else {
            return false;
        };
        match sub {
            Some(sub) => def.sub(sub).is_some_and(|d| d.case_exact),
            // A complex attribute compared directly stands for its `value`.
            None if def.kind == AttrType::Complex => def.sub("value").is_some_and(|d| d.case_exact),
            None => def.case_exact,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_exactness_follows_rfc7643() {
        let user = ResourceKind::User;
        assert!(!user.case_exact(None, "userName", None));
        assert!(!user.case_exact(None, "USERNAME", None));
        assert!(!user.case_exact(None, "emails", Some("value")));
        assert!(user.case_exact(None, "id", None));
        assert!(user.case_exact(None, "externalId", None));
        assert!(user.case_exact(Some(USER_SCHEMA), "externalId", None));
        assert!(!user.case_exact(None, "profileField_x", None));
        assert!(ResourceKind::Group.case_exact(None, "members", Some("value")));
        assert!(ResourceKind::Group.case_exact(None, "members", None));
        assert!(!ResourceKind::Group.case_exact(None, "displayName", None));
    }

    #[test]
    fn schema_json_lists_attributes() {
        let json = USER.to_json("http://x/api/scim/v2");
        let attrs = json["attributes"].as_array().expect("attributes");
        assert!(attrs.iter().any(|a| a["name"] == "userName"
            && a["required"] == true
            && a["uniqueness"] == "server"));
        let emails = attrs
            .iter()
            .find(|a| a["name"] == "emails")
            .expect("emails");
        assert_eq!(emails["multiValued"], true);
        assert_eq!(emails["subAttributes"].as_array().map(Vec::len), Some(4));
    }
}
