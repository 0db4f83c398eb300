//! Propagation rules and their mappings (PingOne Platform API, *Propagation Rules*,
//! *Propagation Mappings*).
//!
//! Create (`POST /environments/{envID}/propagation/rules`) takes `name`, `description`,
//! `plan.id`, `sourceStore.id`, `targetStore.id`, `populationExpression`, `groups[].id` and
//! `active` ("defaults to false"). Update (`PUT …/propagation/rules/{ruleID}`) takes only
//! `active`, `description`, `groups`, `name` and `populationExpression` (its documented
//! request model): source, target and plan are fixed at creation.
//!
//! The API adds no attribute mappings, and "if at least one attribute mapping is defined in a
//! rule, then all default mappings are ignored": Haiilo's "leave the mapping unchanged"
//! therefore means creating none.

use super::client::{embedded_items, str_at, PingOneClient, JSON};
use super::error::PingOneApiError;
use serde::Serialize;
use serde_json::{Map, Value};

const RULES: &str = "/propagation/rules";

/// The population expression for the walkthrough's User Filter *Enabled Equals true*.
///
/// **Assumed**: PingOne documents `populationExpression` as "a SCIM filter applied to any user
/// attribute of the source identity store" and its user model's attribute as `enabled`, but
/// publishes no example of the console's *Enabled Equals true* as an expression. The
/// `pingone_rule` check compares against this value; `docs/what-is-verified.md` lists it.
pub const ENABLED_USERS_EXPRESSION: &str = "enabled eq true";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PropagationRule {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub active: bool,
    pub plan_id: Option<String>,
    pub source_store_id: Option<String>,
    pub target_store_id: Option<String>,
    pub population_expression: Option<String>,
    pub group_ids: Vec<String>,
}

impl PropagationRule {
    pub fn from_json(value: &Value) -> Option<Self> {
        Some(Self {
            id: str_at(value, "/id")?,
            name: str_at(value, "/name").unwrap_or_default(),
            description: str_at(value, "/description"),
            active: value
                .get("active")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            plan_id: str_at(value, "/plan/id"),
            source_store_id: str_at(value, "/sourceStore/id"),
            target_store_id: str_at(value, "/targetStore/id"),
            population_expression: str_at(value, "/populationExpression"),
            group_ids: value
                .get("groups")
                .and_then(Value::as_array)
                .map(|groups| groups.iter().filter_map(|g| str_at(g, "/id")).collect())
                .unwrap_or_default(),
        })
    }
}

/// An attribute mapping of a rule (read only: this app creates none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PropagationMapping {
    pub id: String,
    pub source_attribute: Option<String>,
    pub target_attribute: Option<String>,
    pub expression: Option<String>,
}

/// The rule this app creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRule {
    pub name: String,
    pub description: String,
    pub plan_id: String,
    pub source_store_id: String,
    pub target_store_id: String,
    pub population_expression: String,
    pub group_ids: Vec<String>,
}

impl NewRule {
    /// *Create Rule* body; `active` is always false: switching the rule on is a separate,
    /// explicit action after PingOne's own connection test has passed.
    pub fn request_body(&self) -> Value {
        let mut body = Map::new();
        body.insert("name".into(), Value::from(self.name.as_str()));
        if !self.description.is_empty() {
            body.insert("description".into(), Value::from(self.description.as_str()));
        }
        body.insert("plan".into(), serde_json::json!({ "id": self.plan_id }));
        body.insert(
            "sourceStore".into(),
            serde_json::json!({ "id": self.source_store_id }),
        );
        body.insert(
            "targetStore".into(),
            serde_json::json!({ "id": self.target_store_id }),
        );
        body.insert(
            "populationExpression".into(),
            Value::from(self.population_expression.as_str()),
        );
        if !self.group_ids.is_empty() {
            body.insert("groups".into(), groups_json(&self.group_ids));
        }
        body.insert("active".into(), Value::Bool(false));
        Value::Object(body)
    }
}

/// The changeable fields of an existing rule, for *Update Rule*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleUpdate {
    pub name: String,
    pub description: Option<String>,
    /// Kept as it is: this app never switches a rule on or off while applying.
    pub active: bool,
    pub population_expression: String,
    pub group_ids: Vec<String>,
}

impl RuleUpdate {
    pub fn request_body(&self) -> Value {
        let mut body = Map::new();
        body.insert("name".into(), Value::from(self.name.as_str()));
        if let Some(description) = &self.description {
            body.insert("description".into(), Value::from(description.as_str()));
        }
        body.insert("active".into(), Value::Bool(self.active));
        body.insert(
            "populationExpression".into(),
            Value::from(self.population_expression.as_str()),
        );
        if !self.group_ids.is_empty() {
            body.insert("groups".into(), groups_json(&self.group_ids));
        }
        Value::Object(body)
    }
}

fn groups_json(ids: &[String]) -> Value {
    Value::Array(
        ids.iter()
            .map(|id| serde_json::json!({ "id": id }))
            .collect(),
    )
}

/// Whether an expression selects exactly the enabled users, allowing the case and spacing
/// differences that SCIM filters allow (RFC 7644 §3.4.2.2: attribute names and operators are
/// case-insensitive).
pub fn selects_enabled_users(expression: &str) -> bool {
    let words: Vec<String> = expression
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    words == ["enabled", "eq", "true"]
}

/// Something about the rules for this store that stops provisioning as the walkthrough says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum RuleProblem {
    /// No rule sends users to the store.
    NoRule,
    /// Several rules target the store; each is assessed, this says so.
    SeveralRules { names: Vec<String> },
    /// The rule is switched off: nothing is provisioned.
    Inactive { name: String },
    /// The user filter does not select (exactly) the enabled users.
    FilterNotEnabledUsers {
        name: String,
        expression: Option<String>,
    },
    /// The setup chose to sync groups, and the rule has none.
    GroupsMissing { name: String },
    /// The setup chose users only, and the rule provisions groups.
    UnexpectedGroups { name: String, count: usize },
}

/// The setup's choice about groups, as far as the rule is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupChoice {
    Undecided,
    UsersOnly,
    UsersAndGroups,
}

/// Checks the rules that target `store_id`: one exists, is active, selects enabled users,
/// and provisions groups as the setup chose. Empty when all is well.
pub fn assess_rules(
    rules: &[PropagationRule],
    store_id: &str,
    groups: GroupChoice,
) -> Vec<RuleProblem> {
    let targeting: Vec<&PropagationRule> = rules
        .iter()
        .filter(|r| r.target_store_id.as_deref() == Some(store_id))
        .collect();
    let mut problems = Vec::new();
    match targeting.len() {
        0 => return vec![RuleProblem::NoRule],
        1 => {}
        _ => problems.push(RuleProblem::SeveralRules {
            names: targeting.iter().map(|r| r.name.clone()).collect(),
        }),
    }
    for rule in targeting {
        if !rule.active {
            problems.push(RuleProblem::Inactive {
                name: rule.name.clone(),
            });
        }
        if !rule
            .population_expression
            .as_deref()
            .is_some_and(selects_enabled_users)
        {
            problems.push(RuleProblem::FilterNotEnabledUsers {
                name: rule.name.clone(),
                expression: rule.population_expression.clone(),
            });
        }
        match (groups, rule.group_ids.len()) {
            (GroupChoice::UsersAndGroups, 0) => problems.push(RuleProblem::GroupsMissing {
                name: rule.name.clone(),
            }),
            (GroupChoice::UsersOnly, count) if count > 0 => {
                problems.push(RuleProblem::UnexpectedGroups {
                    name: rule.name.clone(),
                    count,
                })
            }
            _ => {}
        }
    }
    problems
}

impl PingOneClient {
    /// *Read All Rules*: `GET /environments/{envID}/propagation/rules`.
    pub async fn list_rules(&self) -> Result<Vec<PropagationRule>, PingOneApiError> {
        let described = format!("GET {}", self.access().environment_url(RULES));
        let answer = self.get(RULES).await?;
        Ok(embedded_items(&answer, "rules", &described)?
            .iter()
            .filter_map(PropagationRule::from_json)
            .collect())
    }

    /// *Create Rule*: `POST /environments/{envID}/propagation/rules`.
    pub async fn create_rule(&self, rule: &NewRule) -> Result<String, PingOneApiError> {
        self.create(RULES, &rule.request_body()).await
    }

    /// *Update Rule*: `PUT /environments/{envID}/propagation/rules/{ruleID}`.
    pub async fn update_rule(
        &self,
        rule_id: &str,
        update: &RuleUpdate,
    ) -> Result<(), PingOneApiError> {
        let path = format!("{RULES}/{rule_id}");
        self.send(
            reqwest::Method::PUT,
            &path,
            JSON,
            Some(&update.request_body()),
        )
        .await
        .map(|_| ())
    }

    /// *Read One Rule Mapping*: `GET /environments/{envID}/propagation/rules/{ruleID}/mappings`.
    pub async fn list_mappings(
        &self,
        rule_id: &str,
    ) -> Result<Vec<PropagationMapping>, PingOneApiError> {
        let path = format!("{RULES}/{rule_id}/mappings");
        let described = format!("GET {}", self.access().environment_url(&path));
        let answer = self.get(&path).await?;
        Ok(embedded_items(&answer, "mappings", &described)?
            .iter()
            .filter_map(|m| {
                Some(PropagationMapping {
                    id: str_at(m, "/id")?,
                    source_attribute: str_at(m, "/sourceAttribute"),
                    target_attribute: str_at(m, "/targetAttribute"),
                    expression: str_at(m, "/expression"),
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabled_filter_is_recognised_in_any_case() {
        assert!(selects_enabled_users(ENABLED_USERS_EXPRESSION));
        assert!(selects_enabled_users(" Enabled  EQ true "));
        assert!(!selects_enabled_users("enabled eq false"));
        assert!(!selects_enabled_users("enabled eq true or name sw \"a\""));
        assert!(!selects_enabled_users(""));
    }

    fn rule(active: bool, expression: Option<&str>, groups: &[&str]) -> PropagationRule {
        PropagationRule {
            id: "r".into(),
            name: "Haiilo".into(),
            description: None,
            active,
            plan_id: None,
            source_store_id: Some("dir".into()),
            target_store_id: Some("s".into()),
            population_expression: expression.map(str::to_string),
            group_ids: groups.iter().map(|g| g.to_string()).collect(),
        }
    }

    #[test]
    fn rules_are_assessed_for_existence_state_filter_and_groups() {
        let good = rule(true, Some("enabled eq true"), &[]);
        assert!(assess_rules(std::slice::from_ref(&good), "s", GroupChoice::UsersOnly).is_empty());
        assert_eq!(
            assess_rules(std::slice::from_ref(&good), "other", GroupChoice::Undecided),
            [RuleProblem::NoRule]
        );
        let problems = assess_rules(
            &[rule(false, Some("population.id eq \"x\""), &["g"])],
            "s",
            GroupChoice::UsersOnly,
        );
        assert_eq!(
            problems,
            [
                RuleProblem::Inactive {
                    name: "Haiilo".into()
                },
                RuleProblem::FilterNotEnabledUsers {
                    name: "Haiilo".into(),
                    expression: Some("population.id eq \"x\"".into())
                },
                RuleProblem::UnexpectedGroups {
                    name: "Haiilo".into(),
                    count: 1
                },
            ]
        );
        assert_eq!(
            assess_rules(
                std::slice::from_ref(&good),
                "s",
                GroupChoice::UsersAndGroups
            ),
            [RuleProblem::GroupsMissing {
                name: "Haiilo".into()
            }]
        );
        let several = assess_rules(&[good.clone(), good], "s", GroupChoice::Undecided);
        assert!(matches!(several[0], RuleProblem::SeveralRules { .. }));
    }

    #[test]
    fn a_new_rule_is_inactive_and_an_update_keeps_active_as_it_was() {
        let rule = NewRule {
            name: "Haiilo".into(),
            description: String::new(),
            plan_id: "p".into(),
            source_store_id: "s".into(),
            target_store_id: "t".into(),
            population_expression: ENABLED_USERS_EXPRESSION.into(),
            group_ids: vec![],
        };
        let body = rule.request_body();
        assert_eq!(body["active"], false);
        assert!(body.get("groups").is_none());
        let update = RuleUpdate {
            name: "Haiilo".into(),
            description: None,
            active: true,
            population_expression: ENABLED_USERS_EXPRESSION.into(),
            group_ids: vec!["g1".into()],
        };
        let body = update.request_body();
        assert_eq!(body["active"], true);
        assert_eq!(body["groups"][0]["id"], "g1");
        for fixed in ["plan", "sourceStore", "targetStore"] {
            assert!(body.get(fixed).is_none(), "{fixed}");
        }
    }
}
