//! Which SCIM store points at this Haiilo tenant, and how it differs from what Haiilo's
//! walkthrough says it should hold.
//!
//! API values (PingOne's "Propagation store SCIM configuration data model" and the published
//! enums of PingOne's API description):
//! - `AUTHENTICATION_METHOD`: the console's *OAuth 2 Client Credentials* is the API value
//!   `OAuth 2 Client Credentials` (documented: `EnumPropagationStoreTypeSCIMAuthenticationMethod`
//!   lists `OAuth 2 Client Credentials`, `OAuth 2 Bearer Token`, `Basic Authentication`).
//! - `UNIQUE_USER_IDENTIFIER`: `userName` (documented enum: `userName`, `workEmail`).
//! - `USER_FILTER`: PingOne's default `username Eq "%s"` (documented in the store examples
//!   and "SCIM filter expressions").
//! - `AUTHORIZATION_TYPE`: **assumed** `Bearer`. PingOne documents the key only as "the
//!   authorization header type"; its examples show `Basic` for the console's *Basic*, so the
//!   console's *Bearer* is taken to be `Bearer`. Listed in `docs/what-is-verified.md`.

use super::store::{keys, PropagationStore, ScimSettings, ScimStoreSpec};
use crate::endpoints::Endpoints;
use crate::pingone;
use serde::Serialize;
use url::Url;

pub const API_AUTHENTICATION_METHOD: &str = "OAuth 2 Client Credentials";
/// Assumed spelling; see the module documentation.
pub const API_AUTHORIZATION_TYPE: &str = "Bearer";
pub const DEFAULT_USER_FILTER: &str = "username Eq \"%s\"";
pub const UNIQUE_USER_IDENTIFIER: &str = "userName";

/// One managed field: API key, the label the console shows, how to read it from a store.
struct Field {
    key: &'static str,
    label: &'static str,
    read: fn(&ScimSettings) -> Option<&String>,
}

const FIELDS: &[Field] = &[
    Field {
        key: keys::SCIM_URL,
        label: "SCIM BASE URL",
        read: |s| s.scim_url.as_ref(),
    },
    Field {
        key: keys::SCIM_VERSION,
        label: "SCIM Version",
        read: |s| s.scim_version.as_ref(),
    },
    Field {
        key: keys::USERS_RESOURCE,
        label: "Users Resource",
        read: |s| s.users_resource.as_ref(),
    },
    Field {
        key: keys::GROUPS_RESOURCE,
        label: "Groups Resource",
        read: |s| s.groups_resource.as_ref(),
    },
    Field {
        key: keys::AUTHENTICATION_METHOD,
        label: "Authentication Method",
        read: |s| s.authentication_method.as_ref(),
    },
    Field {
        key: keys::OAUTH_TOKEN_REQUEST,
        label: "OAuth Token Request",
        read: |s| s.oauth_token_request.as_ref(),
    },
    Field {
        key: keys::OAUTH_CLIENT_ID,
        label: "OAuth Client ID",
        read: |s| s.oauth_client_id.as_ref(),
    },
    Field {
        key: keys::AUTHORIZATION_TYPE,
        label: "Auth Type Header",
        read: |s| s.authorization_type.as_ref(),
    },
    Field {
        key: keys::USER_FILTER,
        label: "User Filter Expression",
        read: |s| s.user_filter.as_ref(),
    },
    Field {
        key: keys::UNIQUE_USER_IDENTIFIER,
        label: "Unique User Identifier",
        read: |s| s.unique_user_identifier.as_ref(),
    },
];

/// The console label of a managed key.
pub fn label_of(key: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|f| f.key == key)
        .map_or("OAuth Client Secret", |f| f.label)
}

/// What every managed key should hold for this tenant, in [`FIELDS`] order.
pub fn expected_settings(endpoints: &Endpoints, client_id: &str) -> Vec<(&'static str, String)> {
    FIELDS
        .iter()
        .map(|f| {
            let value = match f.key {
                keys::SCIM_URL => endpoints.scim_base_url.clone(),
                keys::SCIM_VERSION => pingone::SCIM_VERSION.to_string(),
                keys::USERS_RESOURCE => pingone::USERS_RESOURCE.to_string(),
                keys::GROUPS_RESOURCE => pingone::GROUPS_RESOURCE.to_string(),
                keys::AUTHENTICATION_METHOD => API_AUTHENTICATION_METHOD.to_string(),
                keys::OAUTH_TOKEN_REQUEST => endpoints.token_url.clone(),
                keys::OAUTH_CLIENT_ID => client_id.to_string(),
                keys::AUTHORIZATION_TYPE => API_AUTHORIZATION_TYPE.to_string(),
                keys::USER_FILTER => DEFAULT_USER_FILTER.to_string(),
                _ => UNIQUE_USER_IDENTIFIER.to_string(),
            };
            (f.key, value)
        })
        .collect()
}

/// One field PingOne holds differently from what it should be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldDifference {
    /// The API key: `SCIM_URL`.
    pub field: String,
    /// The console's label: `SCIM BASE URL`.
    pub label: String,
    /// `None` when PingOne holds no value.
    pub pingone_value: Option<String>,
    pub expected_value: String,
}

/// Compares every managed field exactly (a trailing slash or a different case is a
/// difference: PingOne appends the resources to the URL as it is).
pub fn compare_store(
    settings: &ScimSettings,
    expected: &[(&'static str, String)],
) -> Vec<FieldDifference> {
    FIELDS
        .iter()
        .filter_map(|f| {
            let want = expected.iter().find(|(k, _)| *k == f.key)?.1.clone();
            let have = (f.read)(settings).cloned();
            (have.as_deref().map(str::trim) != Some(want.as_str())).then(|| FieldDifference {
                field: f.key.to_string(),
                label: f.label.to_string(),
                pingone_value: have,
                expected_value: want,
            })
        })
        .collect()
}

/// Differences between a store and the spec the app would write.
pub fn compare_with_spec(settings: &ScimSettings, spec: &ScimStoreSpec) -> Vec<FieldDifference> {
    compare_store(settings, &spec.settings)
}

/// `host[:port]` of a SCIM URL as admins paste it: no scheme, a trailing slash, `/Users`,
/// upper case or the default port all name the same host.
pub fn scim_url_host(url: &str) -> Option<String> {
    let text = url.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    let parsed = Url::parse(&with_scheme).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    // `Url::port` is `None` for the scheme's default port.
    Some(match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// The SCIM stores whose SCIM URL names this tenant's host.
pub fn matching_stores<'a>(
    stores: &'a [PropagationStore],
    endpoints: &Endpoints,
) -> Vec<&'a PropagationStore> {
    let want = scim_url_host(&endpoints.scim_base_url)
        .unwrap_or_else(|| endpoints.host.to_ascii_lowercase());
    stores
        .iter()
        .filter(|s| s.is_scim())
        .filter(|s| {
            s.scim
                .as_ref()
                .and_then(|c| c.scim_url.as_deref())
                .and_then(scim_url_host)
                .is_some_and(|host| host == want)
        })
        .collect()
}

/// What the `pingone_store` step found: no store for this tenant, several, or one with its
/// differences (empty when every field is right).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "found", rename_all = "snake_case")]
pub enum StoreAssessment {
    None,
    Several {
        stores: Vec<StoreSummary>,
    },
    One {
        store: StoreSummary,
        differences: Vec<FieldDifference>,
        /// PingOne returned no client secret. Whether it hides a stored one or holds none is
        /// not documented, so this is shown as a fact, not a finding.
        secret_returned: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreSummary {
    pub id: String,
    pub name: String,
    pub status: Option<String>,
    pub scim_url: Option<String>,
}

impl StoreSummary {
    fn of(store: &PropagationStore) -> Self {
        Self {
            id: store.id.clone(),
            name: store.name.clone(),
            status: store.status.clone(),
            scim_url: store.scim.as_ref().and_then(|s| s.scim_url.clone()),
        }
    }
}

/// Finds this tenant's SCIM store and compares it with the walkthrough's values.
pub fn assess_stores(
    stores: &[PropagationStore],
    endpoints: &Endpoints,
    client_id: &str,
) -> StoreAssessment {
    let found = matching_stores(stores, endpoints);
    match found.as_slice() {
        [] => StoreAssessment::None,
        [store] => {
            let settings = store.scim.clone().unwrap_or_default();
            StoreAssessment::One {
                store: StoreSummary::of(store),
                differences: compare_store(&settings, &expected_settings(endpoints, client_id)),
                secret_returned: settings.has_oauth_client_secret,
            }
        }
        several => StoreAssessment::Several {
            stores: several.iter().map(|s| StoreSummary::of(s)).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn acme() -> Endpoints {
        Endpoints::from_domain("acme.haiilo.app").unwrap()
    }

    fn store(id: &str, scim_url: &str) -> PropagationStore {
        PropagationStore::from_json(&json!({
            "id": id, "name": id, "type": "scim",
            "configuration": { "SCIM_URL": scim_url }
        }))
        .unwrap()
    }

    #[test]
    fn stores_match_by_host_whatever_was_pasted() {
        let stores = vec![
            store("trailing", "https://acme.haiilo.app/api/scim/v2/"),
            store("users", "https://ACME.haiilo.app/api/scim/v2/Users"),
            store("port", "https://acme.haiilo.app:443/api/scim/v2"),
            store("bare", "acme.haiilo.app/api/scim/v2"),
            store("other", "https://other.haiilo.app/api/scim/v2"),
            store("other-port", "https://acme.haiilo.app:8443/api/scim/v2"),
        ];
        let ids: Vec<_> = matching_stores(&stores, &acme())
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, ["trailing", "users", "port", "bare"]);
    }

    #[test]
    fn none_one_and_several_stores_are_reported() {
        assert_eq!(assess_stores(&[], &acme(), "c"), StoreAssessment::None);
        let one = [store("a", "https://acme.haiilo.app/api/scim/v2/")];
        match assess_stores(&one, &acme(), "c") {
            StoreAssessment::One {
                store, differences, ..
            } => {
                assert_eq!(store.id, "a");
                assert!(differences.iter().any(|d| d.field == "SCIM_URL"));
                assert!(differences.iter().any(|d| d.field == "OAUTH_CLIENT_ID"));
            }
            other => panic!("{other:?}"),
        }
        let two = [one[0].clone(), store("b", "acme.haiilo.app")];
        match assess_stores(&two, &acme(), "c") {
            StoreAssessment::Several { stores } => assert_eq!(stores.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_directory_store_never_matches() {
        let dir = PropagationStore::from_json(&json!({
            "id": "d", "type": "directory", "configuration": { "SCIM_URL": "https://acme.haiilo.app" }
        }))
        .unwrap();
        assert!(matching_stores(&[dir], &acme()).is_empty());
    }

    #[test]
    fn every_wrong_field_is_one_difference_with_label_and_both_values() {
        let expected = expected_settings(&acme(), "client-1");
        let settings = ScimSettings {
            scim_url: Some("https://acme.haiilo.app/api/scim/v2/Users".into()),
            scim_version: Some("2.0".into()),
            users_resource: Some("/Users".into()),
            groups_resource: None,
            authentication_method: Some("OAuth 2 Client Credentials".into()),
            authorization_type: Some("Basic".into()),
            oauth_token_request: Some("https://acme.haiilo.app/api/oauth/token".into()),
            oauth_client_id: Some("client-0".into()),
            user_filter: Some(DEFAULT_USER_FILTER.into()),
            unique_user_identifier: Some("userName".into()),
            has_oauth_client_secret: false,
        };
        let diffs = compare_store(&settings, &expected);
        let fields: Vec<_> = diffs.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "SCIM_URL",
                "GROUPS_RESOURCE",
                "OAUTH_CLIENT_ID",
                "AUTHORIZATION_TYPE"
            ]
        );
        let url = &diffs[0];
        assert_eq!(url.label, "SCIM BASE URL");
        assert_eq!(
            url.pingone_value.as_deref(),
            Some("https://acme.haiilo.app/api/scim/v2/Users")
        );
        assert_eq!(url.expected_value, "https://acme.haiilo.app/api/scim/v2");
        assert_eq!(diffs[1].pingone_value, None);
        assert_eq!(diffs[3].label, "Auth Type Header");
        assert_eq!(diffs[3].expected_value, "Bearer");
    }

    #[test]
    fn a_correct_store_has_no_difference() {
        let expected = expected_settings(&acme(), "client-1");
        let mut settings = ScimSettings::default();
        for (key, value) in &expected {
            let slot = match *key {
                keys::SCIM_URL => &mut settings.scim_url,
                keys::SCIM_VERSION => &mut settings.scim_version,
                keys::USERS_RESOURCE => &mut settings.users_resource,
                keys::GROUPS_RESOURCE => &mut settings.groups_resource,
                keys::AUTHENTICATION_METHOD => &mut settings.authentication_method,
                keys::AUTHORIZATION_TYPE => &mut settings.authorization_type,
                keys::OAUTH_TOKEN_REQUEST => &mut settings.oauth_token_request,
                keys::OAUTH_CLIENT_ID => &mut settings.oauth_client_id,
                keys::USER_FILTER => &mut settings.user_filter,
                _ => &mut settings.unique_user_identifier,
            };
            *slot = Some(value.clone());
        }
        assert!(compare_store(&settings, &expected).is_empty());
        assert_eq!(expected.len(), 10);
    }
}
