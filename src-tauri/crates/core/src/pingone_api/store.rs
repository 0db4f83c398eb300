//! Propagation stores (PingOne Platform API, *Identity Propagation (Provisioning)* ›
//! *Propagation Stores*): read them, and create or update the SCIM store for Haiilo.
//!
//! A store read from PingOne keeps no secret: `OAUTH_CLIENT_SECRET`, `BASIC_AUTH_PASSWORD`,
//! `OAUTH_ACCESS_TOKEN` (and any key that sounds like one) are dropped while parsing, so
//! they cannot reach a report, the UI or a log. PingOne's own "Read One Store" example shows
//! that it may return such values in clear.

use super::client::{embedded_items, id_of, str_at, PingOneClient, JSON};
use super::error::PingOneApiError;
use super::sync::StoreSyncStatus;
use crate::secret::ClientSecret;
use crate::tr;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Configuration keys of a store of type `scim` (PingOne's "Propagation store SCIM
/// configuration data model"; spelling as documented).
pub mod keys {
    pub const SCIM_URL: &str = "SCIM_URL";
    pub const SCIM_VERSION: &str = "SCIM_VERSION";
    pub const USERS_RESOURCE: &str = "USERS_RESOURCE";
    pub const GROUPS_RESOURCE: &str = "GROUPS_RESOURCE";
    pub const AUTHENTICATION_METHOD: &str = "AUTHENTICATION_METHOD";
    pub const AUTHORIZATION_TYPE: &str = "AUTHORIZATION_TYPE";
    pub const OAUTH_TOKEN_REQUEST: &str = "OAUTH_TOKEN_REQUEST";
    pub const OAUTH_CLIENT_ID: &str = "OAUTH_CLIENT_ID";
    pub const OAUTH_CLIENT_SECRET: &str = "OAUTH_CLIENT_SECRET";
    pub const USER_FILTER: &str = "USER_FILTER";
    pub const UNIQUE_USER_IDENTIFIER: &str = "UNIQUE_USER_IDENTIFIER";
    pub const CREATE_USERS: &str = "CREATE_USERS";
    pub const UPDATE_USERS: &str = "UPDATE_USERS";
    pub const DISABLE_USERS: &str = "DISABLE_USERS";
    pub const REMOVE_ACTION: &str = "REMOVE_ACTION";
}

/// Store type of an outbound SCIM connection, and of PingOne's own directory (the source of
/// an outbound rule), as `EnumPropagationStoreType` spells them.
pub const TYPE_SCIM: &str = "scim";
pub const TYPE_DIRECTORY: &str = "directory";

/// Keys whose values are credentials. Dropped on read; `OAUTH_TOKEN_REQUEST` is a URL.
fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_uppercase();
    k != keys::OAUTH_TOKEN_REQUEST
        && (k.contains("SECRET") || k.contains("PASSWORD") || k.contains("TOKEN"))
}

/// The settings of a SCIM store that Haiilo's walkthrough fixes, as PingOne holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScimSettings {
    pub scim_url: Option<String>,
    pub scim_version: Option<String>,
    pub users_resource: Option<String>,
    pub groups_resource: Option<String>,
    pub authentication_method: Option<String>,
    pub authorization_type: Option<String>,
    pub oauth_token_request: Option<String>,
    pub oauth_client_id: Option<String>,
    pub user_filter: Option<String>,
    pub unique_user_identifier: Option<String>,
    /// Whether PingOne returned a client secret (its value is never kept).
    pub has_oauth_client_secret: bool,
}

/// A propagation store as read from PingOne, without secrets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PropagationStore {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// `scim`, `directory`, `PingOne`, …
    pub store_type: String,
    pub status: Option<String>,
    /// For stores of type `scim`.
    pub scim: Option<ScimSettings>,
    pub sync_status: Option<StoreSyncStatus>,
    /// The other non-secret configuration keys (`CREATE_USERS`, `REMOVE_ACTION`, …), kept so
    /// that a full replace (PUT) does not reset the admin's choices.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub other_configuration: BTreeMap<String, Value>,
}

impl PropagationStore {
    pub fn is_scim(&self) -> bool {
        self.store_type.eq_ignore_ascii_case(TYPE_SCIM)
    }

    pub fn is_directory(&self) -> bool {
        self.store_type.eq_ignore_ascii_case(TYPE_DIRECTORY)
    }

    /// Reads one store object of PingOne's answer.
    pub fn from_json(value: &Value) -> Option<Self> {
        let id = str_at(value, "/id")?;
        let store_type = str_at(value, "/type").unwrap_or_default();
        let configuration = value
            .get("configuration")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let text = |key: &str| configuration.get(key).and_then(value_text);
        let scim = store_type
            .eq_ignore_ascii_case(TYPE_SCIM)
            .then(|| ScimSettings {
                scim_url: text(keys::SCIM_URL),
                scim_version: text(keys::SCIM_VERSION),
                users_resource: text(keys::USERS_RESOURCE),
                groups_resource: text(keys::GROUPS_RESOURCE),
                authentication_method: text(keys::AUTHENTICATION_METHOD),
                authorization_type: text(keys::AUTHORIZATION_TYPE),
                oauth_token_request: text(keys::OAUTH_TOKEN_REQUEST),
                oauth_client_id: text(keys::OAUTH_CLIENT_ID),
                user_filter: text(keys::USER_FILTER),
                unique_user_identifier: text(keys::UNIQUE_USER_IDENTIFIER),
                has_oauth_client_secret: configuration
                    .get(keys::OAUTH_CLIENT_SECRET)
                    .is_some_and(|v| !v.is_null() && v.as_str() != Some("")),
            });
        let other_configuration = configuration
            .into_iter()
            .filter(|(k, _)| !is_secret_key(k) && !MANAGED_KEYS.contains(&k.as_str()))
            .collect();
        Some(Self {
            id,
            name: str_at(value, "/name").unwrap_or_default(),
            description: str_at(value, "/description"),
            store_type,
            status: str_at(value, "/status"),
            scim,
            sync_status: value.get("syncStatus").map(StoreSyncStatus::from_json),
            other_configuration,
        })
    }
}

/// A configuration value as text: strings as they are, numbers and booleans spelt out.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The keys this app decides; everything else in a store's configuration is the admin's.
pub const MANAGED_KEYS: &[&str] = &[
    keys::SCIM_URL,
    keys::SCIM_VERSION,
    keys::USERS_RESOURCE,
    keys::GROUPS_RESOURCE,
    keys::AUTHENTICATION_METHOD,
    keys::AUTHORIZATION_TYPE,
    keys::OAUTH_TOKEN_REQUEST,
    keys::OAUTH_CLIENT_ID,
    keys::USER_FILTER,
    keys::UNIQUE_USER_IDENTIFIER,
];

/// The SCIM store this app writes: the values of Haiilo's walkthrough, and the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimStoreSpec {
    pub name: String,
    pub description: String,
    /// The managed keys with their values, in [`MANAGED_KEYS`] order.
    pub settings: Vec<(&'static str, String)>,
    /// Sent only in the request body; `Debug` shows `<redacted>`.
    pub secret: Option<ClientSecret>,
}

impl ScimStoreSpec {
    /// The request body of *Create Store (SCIM)*, *Update Store* and *Test Connection
    /// Configuration*: `{type, name, description, configuration}`. `preserved` carries the
    /// admin's other settings on an update; on a create the user actions are switched on
    /// and removal disables (as in PingOne's documented example body), never deletes.
    pub fn request_body(&self, preserved: Option<&BTreeMap<String, Value>>) -> Value {
        let mut configuration = Map::new();
        match preserved {
            Some(other) => configuration.extend(other.clone()),
            None => {
                configuration.insert(keys::CREATE_USERS.into(), Value::Bool(true));
                configuration.insert(keys::UPDATE_USERS.into(), Value::Bool(true));
                configuration.insert(keys::DISABLE_USERS.into(), Value::Bool(true));
                configuration.insert(keys::REMOVE_ACTION.into(), Value::from("Disable"));
            }
        }
        for (key, value) in &self.settings {
            configuration.insert((*key).into(), Value::from(value.as_str()));
        }
        if let Some(secret) = &self.secret {
            configuration.insert(
                keys::OAUTH_CLIENT_SECRET.into(),
                Value::from(secret.expose()),
            );
        }
        let mut body = Map::new();
        body.insert("type".into(), Value::from(TYPE_SCIM));
        body.insert("name".into(), Value::from(self.name.as_str()));
        if !self.description.is_empty() {
            body.insert("description".into(), Value::from(self.description.as_str()));
        }
        body.insert("configuration".into(), Value::Object(configuration));
        Value::Object(body)
    }

    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

const STORES: &str = "/propagation/stores";

fn parse_store(
    value: &Value,
    described: &str,
    status: u16,
) -> Result<PropagationStore, PingOneApiError> {
    PropagationStore::from_json(value).ok_or_else(|| {
        PingOneApiError::invalid_response(
            described.to_string(),
            status,
            tr!("a store without an id", "ein Store ohne id"),
        )
    })
}

impl PingOneClient {
    /// *Read All Stores*: `GET /environments/{envID}/propagation/stores`.
    pub async fn list_stores(&self) -> Result<Vec<PropagationStore>, PingOneApiError> {
        let described = format!("GET {}", self.access().environment_url(STORES));
        let answer = self.get(STORES).await?;
        embedded_items(&answer, "stores", &described)?
            .iter()
            .map(|item| parse_store(item, &described, 200))
            .collect()
    }

    /// *Read One Store*: `GET /environments/{envID}/propagation/stores/{storeID}`.
    pub async fn get_store(&self, store_id: &str) -> Result<PropagationStore, PingOneApiError> {
        let path = format!("{STORES}/{store_id}");
        let described = format!("GET {}", self.access().environment_url(&path));
        parse_store(&self.get(&path).await?, &described, 200)
    }

    /// *Create Store (SCIM)*: `POST /environments/{envID}/propagation/stores`.
    pub async fn create_store(&mut self, spec: &ScimStoreSpec) -> Result<String, PingOneApiError> {
        if let Some(secret) = &spec.secret {
            self.protect(secret.expose());
        }
        self.create(STORES, &spec.request_body(None)).await
    }

    /// *Create Store (directory)*: `{"type": "directory", "name": …}` as documented.
    pub async fn create_directory_store(&self, name: &str) -> Result<String, PingOneApiError> {
        let body = serde_json::json!({ "type": TYPE_DIRECTORY, "name": name });
        self.create(STORES, &body).await
    }

    /// *Update Store*: `PUT /environments/{envID}/propagation/stores/{storeID}`. A PUT
    /// replaces the whole store, so the body carries the admin's other settings too.
    pub async fn update_store(
        &mut self,
        store_id: &str,
        spec: &ScimStoreSpec,
        preserved: &BTreeMap<String, Value>,
    ) -> Result<(), PingOneApiError> {
        if let Some(secret) = &spec.secret {
            self.protect(secret.expose());
        }
        let path = format!("{STORES}/{store_id}");
        self.send(
            reqwest::Method::PUT,
            &path,
            JSON,
            Some(&spec.request_body(Some(preserved))),
        )
        .await
        .map(|_| ())
    }

    /// POSTs a JSON body and returns the new resource's id.
    pub(crate) async fn create(&self, path: &str, body: &Value) -> Result<String, PingOneApiError> {
        let described = format!("POST {}", self.access().environment_url(path));
        let (status, answer) = self
            .send(reqwest::Method::POST, path, JSON, Some(body))
            .await?;
        let answer = answer.ok_or_else(|| {
            PingOneApiError::invalid_response(
                described.clone(),
                status,
                tr!("the body is empty", "der Body ist leer"),
            )
        })?;
        id_of(&answer, &described, status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PingOne's "Read One Store" example response (developer.pingidentity.com, Propagation
    /// Stores › Read One Store), abridged: a SCIM store with Basic auth and a password in clear.
    const READ_ONE_STORE_EXAMPLE: &str = r#"{"id":"b3a46f0d-7ba3-4423-80db-1b1ca459901e","environment":{"id":"abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6"},"createdAt":"2022-01-28T16:56:12.260Z","updatedAt":"2022-01-28T16:56:12.260Z","image":{},"description":"SCIM-connector","type":"scim","status":"ACTIVE","configuration":{"BASIC_AUTH_PASSWORD":"$3cr3t_p@55w0rd","UPDATE_USERS":true,"SCIM_VERSION":"2.0","CREATE_USERS":true,"USERS_RESOURCE":"/user","DISABLE_USERS":true,"USER_FILTER":"username Eq \"%s\"","AUTHORIZATION_TYPE":"Basic","AUTHENTICATION_METHOD":"Basic Authentication","UNIQUE_USER_IDENTIFIER":"userName","SCIM_URL":"https://ort-directory-api.pingone.com/api/directory","BASIC_AUTH_USER":"BASIC_AUTH_USER","REMOVE_ACTION":"Delete"},"name":"SCIM-connector","managed":true}"#;

    #[test]
    fn a_read_store_keeps_no_secret() {
        let value: Value = serde_json::from_str(READ_ONE_STORE_EXAMPLE).unwrap();
        let store = PropagationStore::from_json(&value).unwrap();
        assert!(store.is_scim());
        let scim = store.scim.as_ref().unwrap();
        assert_eq!(scim.users_resource.as_deref(), Some("/user"));
        assert_eq!(
            scim.authentication_method.as_deref(),
            Some("Basic Authentication")
        );
        assert!(!scim.has_oauth_client_secret);
        assert_eq!(
            store.other_configuration.get("REMOVE_ACTION"),
            Some(&Value::from("Delete"))
        );
        assert!(!store
            .other_configuration
            .contains_key("BASIC_AUTH_PASSWORD"));
        for shown in [format!("{store:?}"), serde_json::to_string(&store).unwrap()] {
            assert!(!shown.contains("p@55w0rd"), "{shown}");
        }
    }

    #[test]
    fn an_update_body_keeps_the_admins_choices_and_carries_the_secret() {
        let value: Value = serde_json::from_str(READ_ONE_STORE_EXAMPLE).unwrap();
        let store = PropagationStore::from_json(&value).unwrap();
        let spec = ScimStoreSpec {
            name: "Haiilo".into(),
            description: String::new(),
            settings: vec![(keys::SCIM_URL, "https://acme.haiilo.app/api/scim/v2".into())],
            secret: Some(ClientSecret::new("hs")),
        };
        let body = spec.request_body(Some(&store.other_configuration));
        assert_eq!(body["configuration"]["REMOVE_ACTION"], "Delete");
        assert_eq!(body["configuration"]["OAUTH_CLIENT_SECRET"], "hs");
        assert_eq!(
            body["configuration"]["SCIM_URL"],
            "https://acme.haiilo.app/api/scim/v2"
        );
        assert!(body.get("description").is_none());
        assert!(!format!("{spec:?}").contains("\"hs\""));
    }
}
