//! The environment's propagation resources: stores, plans, rules, mappings and
//! revisions, as JSON objects in the shape reads return them.

use serde_json::{json, Map, Value};

use crate::clock;
use crate::config::{SeededScimStore, SyncCounts};
use crate::ids::random_uuid;
use crate::store_config::{readable, OAUTH_CLIENT_CREDENTIALS};

/// A store: what reads show, plus the full configuration (secrets included).
#[derive(Debug, Clone)]
pub(crate) struct StoreRecord {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub description: Option<String>,
    pub configuration: Map<String, Value>,
    pub created_at: String,
    pub updated_at: String,
    pub sync_status: Option<SyncCounts>,
}

impl StoreRecord {
    pub fn to_json(&self, environment_id: &str) -> Value {
        let mut out = json!({
            "id": self.id,
            "environment": {"id": environment_id},
            "type": self.kind,
            "name": self.name,
            "configuration": readable(&self.configuration),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        });
        if let Some(description) = &self.description {
            out["description"] = json!(description);
        }
        if let Some(sync) = &self.sync_status {
            out["syncStatus"] = sync_status_json(sync);
        }
        out
    }
}

fn sync_status_json(sync: &SyncCounts) -> Value {
    let mut out = json!({
        "syncState": if sync.failed_state { "FAILED" } else { "SYNCING" },
        "lastSyncAt": sync.last_sync_at.clone().unwrap_or_else(clock::now),
        "successCount": sync.success_count,
        "failedCount": sync.failed_count,
        "failedDeprovisionCount": sync.failed_deprovision_count,
        "userTotal": sync.user_total,
    });
    if let Some(details) = &sync.details {
        out["details"] = json!(details);
    }
    out
}

/// Everything in the one environment.
#[derive(Debug, Default)]
pub(crate) struct Data {
    pub stores: Vec<StoreRecord>,
    pub plans: Vec<Map<String, Value>>,
    pub rules: Vec<Map<String, Value>>,
    pub mappings: Vec<Map<String, Value>>,
    pub revisions: Vec<Map<String, Value>>,
}

pub(crate) fn id_of(object: &Map<String, Value>) -> &str {
    object.get("id").and_then(Value::as_str).unwrap_or_default()
}

/// `object.<field>.id`, as rules refer to plans and stores.
pub(crate) fn ref_id<'a>(object: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    object.get(field)?.get("id")?.as_str()
}

impl Data {
    pub fn store(&self, id: &str) -> Option<&StoreRecord> {
        self.stores.iter().find(|s| s.id == id)
    }

    pub fn plan(&self, id: &str) -> Option<&Map<String, Value>> {
        self.plans.iter().find(|p| id_of(p) == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Map<String, Value>> {
        self.rules.iter().find(|r| id_of(r) == id)
    }

    /// PingOne's own directory store, present in every environment.
    fn seed_directory(&mut self) -> Result<(), getrandom::Error> {
        let now = clock::now();
        self.stores.push(StoreRecord {
            id: random_uuid()?,
            kind: "directory".into(),
            name: "PingOne Directory".into(),
            description: None,
            configuration: Map::new(),
            created_at: now.clone(),
            updated_at: now,
            sync_status: None,
        });
        Ok(())
    }

    /// Builds the environment's starting state.
    pub fn seeded(
        environment_id: &str,
        scim: Option<&SeededScimStore>,
        wrong_values: &[(String, String)],
    ) -> Result<Self, getrandom::Error> {
        let mut data = Data::default();
        data.seed_directory()?;
        let Some(seed) = scim else {
            return Ok(data);
        };
        let now = clock::now();
        let mut configuration = haiilo_configuration(seed);
        for (key, value) in wrong_values {
            configuration.insert(key.clone(), typed_value(value));
        }
        let store_id = random_uuid()?;
        data.stores.push(StoreRecord {
            id: store_id.clone(),
            kind: "scim".into(),
            name: seed.name.clone(),
            description: Some("SCIM Outbound to Haiilo".into()),
            configuration,
            created_at: now.clone(),
            updated_at: now.clone(),
            sync_status: seed.sync_status.clone(),
        });
        if let Some(rule) = &seed.with_rule {
            let plan_id = random_uuid()?;
            let mut plan = Map::new();
            plan.insert("id".into(), json!(plan_id));
            plan.insert("environment".into(), json!({"id": environment_id}));
            plan.insert("name".into(), json!("Default plan"));
            plan.insert("status".into(), json!("ACTIVE"));
            data.plans.push(plan);
            let directory_id = data.stores[0].id.clone();
            let mut object = Map::new();
            object.insert("id".into(), json!(random_uuid()?));
            object.insert("environment".into(), json!({"id": environment_id}));
            object.insert("name".into(), json!(rule.name));
            object.insert("plan".into(), json!({"id": plan_id}));
            object.insert("sourceStore".into(), json!({"id": directory_id}));
            object.insert("targetStore".into(), json!({"id": store_id}));
            object.insert("active".into(), json!(rule.active));
            if let Some(expression) = &rule.population_expression {
                object.insert("populationExpression".into(), json!(expression));
            }
            let groups: Vec<Value> = rule.group_ids.iter().map(|id| json!({"id": id})).collect();
            object.insert("groups".into(), Value::Array(groups));
            object.insert("createdAt".into(), json!(now));
            object.insert("updatedAt".into(), json!(now));
            data.rules.push(object);
        }
        Ok(data)
    }
}

/// `true`/`false` become booleans, everything else stays text, so a wrong value
/// given on the command line has the type the key has.
fn typed_value(value: &str) -> Value {
    match value {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        other => Value::String(other.to_owned()),
    }
}

/// The configuration Haiilo's walkthrough describes.
fn haiilo_configuration(seed: &SeededScimStore) -> Map<String, Value> {
    let value = json!({
        "SCIM_URL": seed.scim_url,
        "SCIM_VERSION": "2.0",
        "USERS_RESOURCE": "/Users",
        "GROUPS_RESOURCE": "/Groups",
        "AUTHENTICATION_METHOD": OAUTH_CLIENT_CREDENTIALS,
        "AUTHORIZATION_TYPE": "Bearer",
        "OAUTH_TOKEN_REQUEST": seed.token_url,
        "OAUTH_CLIENT_ID": seed.client_id,
        "OAUTH_CLIENT_SECRET": seed.client_secret,
        "UNIQUE_USER_IDENTIFIER": "userName",
        "USER_FILTER": "username Eq \"%s\"",
        "CREATE_USERS": true,
        "UPDATE_USERS": true,
        "DISABLE_USERS": true,
        "REMOVE_ACTION": "Disable",
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
