//! Apply: bring PingOne to what Haiilo's phases 2 and 3 describe, after showing the plan.
//!
//! The plan lists each resource (PingOne's directory store, the propagation plan, the SCIM
//! store, the rule, a revision) as *create*, *update* with the fields that change (old →
//! new), or *unchanged*. It never deletes anything, and never switches a rule on: a new rule
//! is created inactive and an existing rule keeps its `active` value.
//!
//! The Haiilo client secret cannot be compared: PingOne need not return it, and this module
//! drops it if it does. So the secret is written (a) when the store is created, (b) when the
//! store is rewritten for another field (an update is a PUT, which replaces the whole store,
//! so the secret must travel with it), and (c) when the caller says it changed since it was
//! last written (`secret_changed`, for example after the admin replaced the Haiilo client
//! pair). In the plan it shows only as "changed". Applying twice therefore changes nothing
//! the second time, as long as the caller does not claim a changed secret again.

use super::client::PingOneClient;
use super::compare::{compare_with_spec, label_of, matching_stores};
use super::error::PingOneApiError;
use super::plan::PropagationPlan;
use super::rule::{selects_enabled_users, NewRule, PropagationRule, RuleUpdate};
use super::store::{keys, PropagationStore, ScimStoreSpec};
use crate::endpoints::Endpoints;
use crate::lang::Lang;
use crate::secret::ClientSecret;
use crate::{tr, trf};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What PingOne should hold for one Haiilo tenant.
#[derive(Debug, Clone)]
pub struct DesiredSetup {
    pub store: ScimStoreSpec,
    /// The admin replaced the Haiilo secret since it was last written to PingOne.
    pub secret_changed: bool,
    pub rule_name: String,
    pub rule_description: String,
    pub population_expression: String,
    /// `None`: leave the rule's groups as they are; `Some(ids)`: exactly these PingOne groups.
    pub groups: Option<Vec<String>>,
    pub plan_name: String,
    pub directory_store_name: String,
}

impl DesiredSetup {
    /// The walkthrough's values for this tenant, with names that say what they are for.
    pub fn for_tenant(
        endpoints: &Endpoints,
        client_id: &str,
        secret: Option<ClientSecret>,
        groups: Option<Vec<String>>,
    ) -> Self {
        let name = format!("Haiilo ({})", endpoints.host);
        Self {
            store: ScimStoreSpec {
                name: name.clone(),
                description: "SCIM Outbound to Haiilo, set up by the Haiilo SCIM Setup Assistant"
                    .into(),
                settings: super::compare::expected_settings(endpoints, client_id),
                secret,
            },
            secret_changed: false,
            rule_name: name,
            rule_description: "Enabled users to Haiilo".into(),
            population_expression: super::rule::ENABLED_USERS_EXPRESSION.into(),
            groups,
            // PingOne's own example name; one plan per environment, so an existing one is used.
            plan_name: "Default Plan".into(),
            // The name in PingOne's "Create Store (directory)" example.
            directory_store_name: "PingOne Directory".into(),
        }
    }
}

/// PingOne's propagation configuration as read before planning.
#[derive(Debug, Clone, Default)]
pub struct CurrentState {
    pub stores: Vec<PropagationStore>,
    pub plans: Vec<PropagationPlan>,
    pub rules: Vec<PropagationRule>,
}

impl PingOneClient {
    /// Reads stores, plans and rules (three independent reads, sent together).
    pub async fn read_state(&self) -> Result<CurrentState, PingOneApiError> {
        let (stores, plans, rules) =
            tokio::join!(self.list_stores(), self.list_plans(), self.list_rules());
        Ok(CurrentState {
            stores: stores?,
            plans: plans?,
            rules: rules?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    DirectoryStore,
    Plan,
    ScimStore,
    Rule,
    Revision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Unchanged,
}

/// One field that changes. A secret's `from` is `None` and its `to` is `changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    pub from: Option<String>,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlannedResource {
    pub resource: ResourceKind,
    pub name: String,
    /// Existing resources only.
    pub id: Option<String>,
    pub action: Action,
    pub changes: Vec<FieldChange>,
}

/// What apply would do, to show before asking.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApplyPlan {
    pub resources: Vec<PlannedResource>,
    pub notes: Vec<String>,
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    preserved_store_configuration: BTreeMap<String, Value>,
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    rule_update: Option<RuleUpdate>,
}

impl ApplyPlan {
    /// Nothing to write.
    pub fn is_unchanged(&self) -> bool {
        self.resources.iter().all(|r| r.action == Action::Unchanged)
    }

    pub fn resource(&self, kind: ResourceKind) -> Option<&PlannedResource> {
        self.resources.iter().find(|r| r.resource == kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// `"created"` or `"updated"`: what the store needs (the message words it per language).
    SecretNeeded(&'static str),
}

impl std::error::Error for PlanError {}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Self::SecretNeeded(what) = self;
        let text = match crate::lang::current() {
            Lang::En => format!("The SCIM store in PingOne has to be {what}, and that needs the Haiilo client secret: enter it in Phase 1 (it is kept in the system keychain)."),
            Lang::De => {
                let done = if *what == "created" {
                    "angelegt"
                } else {
                    "aktualisiert"
                };
                format!("Der SCIM-Store in PingOne muss {done} werden, und dafür braucht es das Haiilo-Client-Secret: Geben Sie es in Phase 1 ein (es wird im Schlüsselbund des Betriebssystems aufbewahrt).")
            }
        };
        f.write_str(&text)
    }
}

/// What the plan shows for the secret: it changes, its value is never shown.
fn secret_changed() -> &'static str {
    tr!("changed", "geändert")
}

fn setting_changes(current: Option<&PropagationStore>, spec: &ScimStoreSpec) -> Vec<FieldChange> {
    match current.and_then(|s| s.scim.as_ref()) {
        Some(settings) => compare_with_spec(settings, spec)
            .into_iter()
            .map(|d| FieldChange {
                field: d.field,
                label: d.label,
                from: d.pingone_value,
                to: d.expected_value,
            })
            .collect(),
        None => spec
            .settings
            .iter()
            .map(|(key, value)| FieldChange {
                field: (*key).to_string(),
                label: label_of(key).to_string(),
                from: None,
                to: value.clone(),
            })
            .collect(),
    }
}

fn secret_change() -> FieldChange {
    FieldChange {
        field: keys::OAUTH_CLIENT_SECRET.to_string(),
        label: "OAuth Client Secret".to_string(),
        from: None,
        to: secret_changed().to_string(),
    }
}

fn planned(
    resource: ResourceKind,
    name: &str,
    id: Option<&str>,
    action: Action,
    changes: Vec<FieldChange>,
) -> PlannedResource {
    PlannedResource {
        resource,
        name: name.to_string(),
        id: id.map(str::to_string),
        action,
        changes,
    }
}

fn same_expression(current: Option<&str>, desired: &str) -> bool {
    match current {
        Some(c) if c.trim() == desired.trim() => true,
        Some(c) => selects_enabled_users(c) && selects_enabled_users(desired),
        None => false,
    }
}

/// Plans the writes that bring `current` to `desired`.
pub fn plan_apply(
    current: &CurrentState,
    desired: &DesiredSetup,
    endpoints: &Endpoints,
) -> Result<ApplyPlan, PlanError> {
    let mut resources = Vec::new();
    let mut notes = Vec::new();

    let directory = current.stores.iter().find(|s| s.is_directory());
    resources.push(match directory {
        Some(d) => planned(
            ResourceKind::DirectoryStore,
            &d.name,
            Some(&d.id),
            Action::Unchanged,
            vec![],
        ),
        None => planned(
            ResourceKind::DirectoryStore,
            &desired.directory_store_name,
            None,
            Action::Create,
            vec![FieldChange {
                field: "type".into(),
                label: "Type".into(),
                from: None,
                to: super::store::TYPE_DIRECTORY.into(),
            }],
        ),
    });

    let plan = current.plans.first();
    if current.plans.len() > 1 {
        let (count, first) = (current.plans.len(), &current.plans[0].name);
        notes.push(trf!(
            "PingOne lists {count} propagation plans; the rule goes into the first, '{first}'.",
            "PingOne führt {count} Propagation-Pläne; die Regel kommt in den ersten, „{first}“."
        ));
    }
    resources.push(match plan {
        Some(p) => planned(
            ResourceKind::Plan,
            &p.name,
            Some(&p.id),
            Action::Unchanged,
            vec![],
        ),
        None => planned(
            ResourceKind::Plan,
            &desired.plan_name,
            None,
            Action::Create,
            vec![FieldChange {
                field: "name".into(),
                label: "Name".into(),
                from: None,
                to: desired.plan_name.clone(),
            }],
        ),
    });

    let candidates = matching_stores(&current.stores, endpoints);
    let store = candidates
        .iter()
        .find(|s| s.name == desired.store.name)
        .or_else(|| candidates.first())
        .copied();
    if candidates.len() > 1 {
        let (count, host, name) = (
            candidates.len(),
            &endpoints.host,
            store.map(|s| s.name.as_str()).unwrap_or_default(),
        );
        notes.push(trf!(
            "{count} SCIM stores in PingOne point at {host}; this plan changes '{name}' only. Check the others in Integrations › Provisioning.",
            "{count} SCIM-Stores in PingOne zeigen auf {host}; dieser Plan ändert nur „{name}“. Prüfen Sie die anderen unter „Integrations › Provisioning“."
        ));
    }
    let mut store_changes = setting_changes(store, &desired.store);
    let store_action = match store {
        None => Action::Create,
        Some(_) if !store_changes.is_empty() || desired.secret_changed => Action::Update,
        Some(_) => Action::Unchanged,
    };
    if store_action != Action::Unchanged {
        if desired.store.secret.is_none() {
            return Err(PlanError::SecretNeeded(if store_action == Action::Create {
                "created"
            } else {
                "updated"
            }));
        }
        if store_action == Action::Create || desired.secret_changed {
            store_changes.push(secret_change());
        } else {
            notes.push(tr!(
                "PingOne replaces a store as a whole when it is updated, so the Haiilo client secret from the keychain is sent with the other values.",
                "PingOne ersetzt einen Store bei einer Aktualisierung als Ganzes, daher wird das Haiilo-Client-Secret aus dem Schlüsselbund mit den anderen Werten gesendet."
            ).into());
        }
    }
    resources.push(planned(
        ResourceKind::ScimStore,
        store.map_or(desired.store.name.as_str(), |s| s.name.as_str()),
        store.map(|s| s.id.as_str()),
        store_action,
        store_changes,
    ));

    let rules: Vec<&PropagationRule> = store
        .map(|s| {
            current
                .rules
                .iter()
                .filter(|r| r.target_store_id.as_deref() == Some(s.id.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let rule = rules
        .iter()
        .find(|r| r.name == desired.rule_name)
        .or_else(|| rules.first())
        .copied();
    if rules.len() > 1 {
        let (count, name) = (
            rules.len(),
            rule.map(|r| r.name.as_str()).unwrap_or_default(),
        );
        notes.push(trf!(
            "{count} rules send users to this store; this plan changes '{name}' only.",
            "{count} Regeln senden Benutzer an diesen Store; dieser Plan ändert nur „{name}“."
        ));
    }
    let mut rule_update = None;
    let rule_entry = match rule {
        None => {
            let mut changes = vec![FieldChange {
                field: "populationExpression".into(),
                label: "User Filter".into(),
                from: None,
                to: desired.population_expression.clone(),
            }];
            if let Some(groups) = desired.groups.as_ref().filter(|g| !g.is_empty()) {
                changes.push(groups_change(&[], groups));
            }
            changes.push(FieldChange {
                field: "active".into(),
                label: "Enabled".into(),
                from: None,
                to: "false".into(),
            });
            planned(
                ResourceKind::Rule,
                &desired.rule_name,
                None,
                Action::Create,
                changes,
            )
        }
        Some(r) => {
            let mut changes = Vec::new();
            let mut expression = r.population_expression.clone().unwrap_or_default();
            if !same_expression(
                r.population_expression.as_deref(),
                &desired.population_expression,
            ) {
                changes.push(FieldChange {
                    field: "populationExpression".into(),
                    label: "User Filter".into(),
                    from: r.population_expression.clone(),
                    to: desired.population_expression.clone(),
                });
                expression = desired.population_expression.clone();
            }
            let mut group_ids = r.group_ids.clone();
            if let Some(groups) = &desired.groups {
                let have: BTreeSet<&String> = r.group_ids.iter().collect();
                let want: BTreeSet<&String> = groups.iter().collect();
                if have != want {
                    changes.push(groups_change(&r.group_ids, groups));
                    group_ids = groups.clone();
                }
            }
            if changes.is_empty() {
                planned(
                    ResourceKind::Rule,
                    &r.name,
                    Some(&r.id),
                    Action::Unchanged,
                    vec![],
                )
            } else {
                rule_update = Some(RuleUpdate {
                    name: r.name.clone(),
                    description: r.description.clone(),
                    active: r.active,
                    population_expression: expression,
                    group_ids,
                });
                planned(
                    ResourceKind::Rule,
                    &r.name,
                    Some(&r.id),
                    Action::Update,
                    changes,
                )
            }
        }
    };
    if rule.is_some_and(|r| !r.active) || rule.is_none() {
        notes.push(tr!(
            "The rule stays switched off; switch it on after PingOne's own connection test has passed.",
            "Die Regel bleibt ausgeschaltet; schalten Sie sie ein, wenn PingOnes eigener Verbindungstest bestanden ist."
        ).into());
    }
    resources.push(rule_entry);

    let anything = resources.iter().any(|r| r.action != Action::Unchanged);
    resources.push(planned(
        ResourceKind::Revision,
        tr!("Propagation revision", "Propagation-Revision"),
        None,
        if anything {
            Action::Create
        } else {
            Action::Unchanged
        },
        vec![],
    ));

    Ok(ApplyPlan {
        resources,
        notes,
        preserved_store_configuration: store
            .map(|s| s.other_configuration.clone())
            .unwrap_or_default(),
        rule_update,
    })
}

fn groups_change(from: &[String], to: &[String]) -> FieldChange {
    FieldChange {
        field: "groups".into(),
        label: "Group Provisioning".into(),
        from: (!from.is_empty()).then(|| from.join(", ")),
        to: if to.is_empty() {
            tr!("none", "keine").into()
        } else {
            to.join(", ")
        },
    }
}

/// A resource written by apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppliedResource {
    pub resource: ResourceKind,
    pub name: String,
    pub action: Action,
    pub id: Option<String>,
}

/// Apply stopped at one resource; what was written before it stays (nothing is undone or
/// deleted), and planning again picks up from there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApplyFailure {
    pub applied: Vec<AppliedResource>,
    pub resource: ResourceKind,
    pub name: String,
    pub error: Box<PingOneApiError>,
}

impl std::error::Error for ApplyFailure {}

impl std::fmt::Display for ApplyFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let resource = match (crate::lang::current(), self.resource) {
            (Lang::En, kind) => format!("{kind:?}"),
            (Lang::De, ResourceKind::DirectoryStore) => "Verzeichnis-Store".into(),
            (Lang::De, ResourceKind::Plan) => "Propagation-Plan".into(),
            (Lang::De, ResourceKind::ScimStore) => "SCIM-Store".into(),
            (Lang::De, ResourceKind::Rule) => "Regel".into(),
            (Lang::De, ResourceKind::Revision) => "Propagation-Revision".into(),
        };
        let (name, error) = (&self.name, &self.error);
        f.write_str(&trf!(
            "Writing the {resource} '{name}' failed: {error}",
            "Das Schreiben von {resource} „{name}“ ist gescheitert: {error}"
        ))
    }
}

/// Executes `plan` (made from `desired`) in order: directory store, plan, SCIM store, rule,
/// revision.
pub async fn apply(
    client: &mut PingOneClient,
    plan: &ApplyPlan,
    desired: &DesiredSetup,
) -> Result<Vec<AppliedResource>, ApplyFailure> {
    let mut applied = Vec::new();
    let mut ids: BTreeMap<ResourceKind, Option<String>> = BTreeMap::new();
    for entry in &plan.resources {
        let result = match (entry.resource, entry.action) {
            (_, Action::Unchanged) => Ok(entry.id.clone()),
            (ResourceKind::DirectoryStore, _) => {
                client.create_directory_store(&entry.name).await.map(Some)
            }
            (ResourceKind::Plan, _) => client.create_plan(&entry.name).await.map(Some),
            (ResourceKind::ScimStore, Action::Create) => {
                client.create_store(&desired.store).await.map(Some)
            }
            (ResourceKind::ScimStore, _) => {
                let id = entry.id.clone().unwrap_or_default();
                client
                    .update_store(&id, &desired.store, &plan.preserved_store_configuration)
                    .await
                    .map(|()| Some(id))
            }
            (ResourceKind::Rule, Action::Create) => {
                let rule = NewRule {
                    name: desired.rule_name.clone(),
                    description: desired.rule_description.clone(),
                    plan_id: id_for(&ids, ResourceKind::Plan),
                    source_store_id: id_for(&ids, ResourceKind::DirectoryStore),
                    target_store_id: id_for(&ids, ResourceKind::ScimStore),
                    population_expression: desired.population_expression.clone(),
                    group_ids: desired.groups.clone().unwrap_or_default(),
                };
                client.create_rule(&rule).await.map(Some)
            }
            (ResourceKind::Rule, _) => {
                let id = entry.id.clone().unwrap_or_default();
                match &plan.rule_update {
                    Some(update) => client.update_rule(&id, update).await.map(|()| Some(id)),
                    None => Ok(Some(id)),
                }
            }
            (ResourceKind::Revision, _) => client.create_revision().await,
        };
        match result {
            Ok(id) => {
                ids.insert(entry.resource, id.clone());
                if entry.action != Action::Unchanged {
                    applied.push(AppliedResource {
                        resource: entry.resource,
                        name: entry.name.clone(),
                        action: entry.action,
                        id,
                    });
                }
            }
            Err(error) => {
                return Err(ApplyFailure {
                    applied,
                    resource: entry.resource,
                    name: entry.name.clone(),
                    error: Box::new(error),
                })
            }
        }
    }
    Ok(applied)
}

fn id_for(ids: &BTreeMap<ResourceKind, Option<String>>, kind: ResourceKind) -> String {
    ids.get(&kind).cloned().flatten().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn endpoints() -> Endpoints {
        Endpoints::from_domain("acme.haiilo.app").unwrap()
    }

    fn desired(groups: Option<Vec<String>>) -> DesiredSetup {
        DesiredSetup::for_tenant(&endpoints(), "c1", Some(ClientSecret::new("s")), groups)
    }

    /// A state where the store is right, so only the rule can differ.
    fn state_with_rule(groups: &[&str]) -> CurrentState {
        let want = desired(None);
        let mut configuration = serde_json::Map::new();
        for (k, v) in &want.store.settings {
            configuration.insert((*k).into(), json!(v));
        }
        let stores = vec![
            PropagationStore::from_json(&json!({ "id": "dir", "type": "directory", "name": "PingOne Directory" })).unwrap(),
            PropagationStore::from_json(&json!({ "id": "s1", "type": "scim", "name": "Haiilo", "configuration": configuration })).unwrap(),
        ];
        let rule = json!({
            "id": "r1", "name": "Mine", "active": true,
            "targetStore": { "id": "s1" }, "sourceStore": { "id": "dir" },
            "populationExpression": "enabled eq true",
            "groups": groups.iter().map(|g| json!({ "id": g })).collect::<Vec<_>>()
        });
        CurrentState {
            stores,
            plans: vec![PropagationPlan {
                id: "p1".into(),
                name: "Default Plan".into(),
                status: None,
            }],
            rules: vec![PropagationRule::from_json(&rule).unwrap()],
        }
    }

    #[test]
    fn groups_follow_the_setup_only_when_it_has_chosen() {
        let state = state_with_rule(&["a"]);
        let leave = plan_apply(&state, &desired(None), &endpoints()).unwrap();
        assert!(leave.is_unchanged());

        let plan = plan_apply(&state, &desired(Some(vec!["b".into()])), &endpoints()).unwrap();
        let rule = plan.resource(ResourceKind::Rule).unwrap();
        assert_eq!(rule.action, Action::Update);
        assert_eq!(rule.changes[0].from.as_deref(), Some("a"));
        assert_eq!(rule.changes[0].to, "b");
        let update = plan.rule_update.as_ref().unwrap();
        assert!(update.active, "an active rule stays active");
        assert_eq!(update.name, "Mine", "the admin's rule keeps its name");
        assert_eq!(
            plan.resource(ResourceKind::Revision).unwrap().action,
            Action::Create
        );

        let users_only = plan_apply(&state, &desired(Some(vec![])), &endpoints()).unwrap();
        let rule = users_only.resource(ResourceKind::Rule).unwrap();
        assert_eq!(rule.changes[0].to, "none");
    }

    #[test]
    fn several_stores_for_the_tenant_are_named_in_a_note() {
        let mut state = state_with_rule(&[]);
        let mut copy = state.stores[1].clone();
        copy.id = "s2".into();
        copy.name = "Old copy".into();
        state.stores.push(copy);
        let plan = plan_apply(&state, &desired(None), &endpoints()).unwrap();
        assert!(plan.notes.iter().any(|n| n.starts_with("2 SCIM stores")));
        assert_eq!(
            plan.resource(ResourceKind::ScimStore)
                .unwrap()
                .id
                .as_deref(),
            Some("s1")
        );
    }

    #[test]
    fn creating_the_store_needs_the_secret() {
        let mut want = desired(None);
        want.store.secret = None;
        let error = plan_apply(&CurrentState::default(), &want, &endpoints()).unwrap_err();
        assert_eq!(error, PlanError::SecretNeeded("created"));
    }
}
