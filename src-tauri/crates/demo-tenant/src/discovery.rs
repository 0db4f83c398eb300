//! Discovery endpoints (RFC 7644 §4): `/ServiceProviderConfig`, `/Schemas` and
//! `/ResourceTypes`, describing what this tenant actually implements.

use serde_json::{json, Value};

use crate::error::ScimError;
use crate::list::{ListResponse, MAX_COUNT};
use crate::schema::{
    ResourceKind, ALL_SCHEMAS, RESOURCE_TYPE_SCHEMA, SERVICE_PROVIDER_CONFIG_SCHEMA,
};

/// RFC 7643 §5. `filter.supported` is false under the filter-ignored fault, so a
/// client that reads the config can explain why its filters are not honoured.
pub(crate) fn service_provider_config(scim_base: &str, filter_supported: bool) -> Value {
    json!({
        "schemas": [SERVICE_PROVIDER_CONFIG_SCHEMA],
        "documentationUri": "https://www.rfc-editor.org/rfc/rfc7644",
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": filter_supported, "maxResults": MAX_COUNT},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": "Access token from the OAuth 2.0 client credentials grant at /api/oauth/token",
            "specUri": "https://www.rfc-editor.org/info/rfc6750",
            "primary": true
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{scim_base}/ServiceProviderConfig")
        }
    })
}

pub(crate) fn schemas(scim_base: &str) -> ListResponse<Value> {
    let all: Vec<Value> = ALL_SCHEMAS.iter().map(|s| s.to_json(scim_base)).collect();
    ListResponse::new(all.len(), 1, all)
}

pub(crate) fn schema(scim_base: &str, id: &str) -> Result<Value, ScimError> {
    ALL_SCHEMAS
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(id))
        .map(|s| s.to_json(scim_base))
        .ok_or_else(|| ScimError::not_found(format!("schema '{id}' not found")))
}

fn resource_type(scim_base: &str, kind: ResourceKind) -> Value {
    let extensions: Vec<Value> = kind
        .extensions()
        .iter()
        .map(|s| json!({"schema": s.id, "required": false}))
        .collect();
    let mut value = json!({
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": kind.name(),
        "name": kind.name(),
        "endpoint": kind.endpoint(),
        "description": match kind {
            ResourceKind::User => "Users of the tenant",
            ResourceKind::Group => "Groups of users",
        },
        "schema": kind.core().id,
        "meta": {
            "resourceType": "ResourceType",
            "location": format!("{scim_base}/ResourceTypes/{}", kind.name())
        }
    });
    if !extensions.is_empty() {
        value["schemaExtensions"] = Value::Array(extensions);
    }
    value
}

const KINDS: [ResourceKind; 2] = [ResourceKind::User, ResourceKind::Group];

pub(crate) fn resource_types(scim_base: &str) -> ListResponse<Value> {
    let all: Vec<Value> = KINDS.iter().map(|k| resource_type(scim_base, *k)).collect();
    ListResponse::new(all.len(), 1, all)
}

pub(crate) fn resource_type_by_id(scim_base: &str, id: &str) -> Result<Value, ScimError> {
    KINDS
        .iter()
        .find(|k| k.name().eq_ignore_ascii_case(id))
        .map(|k| resource_type(scim_base, *k))
        .ok_or_else(|| ScimError::not_found(format!("resource type '{id}' not found")))
}
