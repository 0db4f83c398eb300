//! Switching the Haiilo rule on: the one write that starts provisioning real users. Apply
//! creates the rule switched off; this is the separate, explicit action offered once
//! PingOne's own connection test has passed. It refuses whenever the rule it would switch
//! on is not exactly one rule, on exactly one store for this tenant, selecting enabled users.

use super::compare::matching_stores;
use super::rule::{selects_enabled_users, RuleUpdate};
use super::{PingOneApiError, PingOneClient};
use crate::endpoints::Endpoints;
use serde::Serialize;

/// What the switch did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SwitchedOn {
    pub rule_name: String,
    /// The rule was already on; nothing was written.
    pub already_on: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SwitchOnError {
    #[error("{0}")]
    Api(#[from] PingOneApiError),
    #[error("PingOne has no SCIM connection to this Haiilo tenant, so there is no rule to switch on. Create the connection first (Apply to PingOne, or Phase 2 by hand).")]
    NoStore,
    #[error("PingOne has {0} SCIM connections to this Haiilo tenant. Delete or rename the extra ones in PingOne (Integrations › Provisioning › Connections) so that one remains, then try again.")]
    SeveralStores(usize),
    #[error("No provisioning rule sends users to this tenant's connection. Create it first (Apply to PingOne, or Phase 3 by hand).")]
    NoRule,
    #[error("{0} rules send users to this tenant's connection; which to switch on is your decision. Switch the right one on in PingOne (Integrations › Provisioning › Rules).")]
    SeveralRules(usize),
    #[error("The rule \"{name}\" does not select exactly the enabled users (its filter is {expression}); switched on, it could provision users it should not. Set its user filter to Enabled Equals true (or Apply to PingOne) and try again.")]
    FilterNotEnabledUsers { name: String, expression: String },
}

impl PingOneClient {
    /// Switches on the one rule that targets this tenant's one SCIM store.
    pub async fn switch_rule_on(&self, endpoints: &Endpoints) -> Result<SwitchedOn, SwitchOnError> {
        let (stores, rules) = tokio::join!(self.list_stores(), self.list_rules());
        let (stores, rules) = (stores?, rules?);
        let store = match matching_stores(&stores, endpoints).as_slice() {
            [] => return Err(SwitchOnError::NoStore),
            [store] => store.id.clone(),
            several => return Err(SwitchOnError::SeveralStores(several.len())),
        };
        let targeting: Vec<_> = rules
            .iter()
            .filter(|r| r.target_store_id.as_deref() == Some(store.as_str()))
            .collect();
        let rule = match targeting.as_slice() {
            [] => return Err(SwitchOnError::NoRule),
            [rule] => *rule,
            several => return Err(SwitchOnError::SeveralRules(several.len())),
        };
        let expression = rule.population_expression.clone().unwrap_or_default();
        if !selects_enabled_users(&expression) {
            return Err(SwitchOnError::FilterNotEnabledUsers {
                name: rule.name.clone(),
                expression: if expression.is_empty() {
                    "empty".into()
                } else {
                    format!("\"{expression}\"")
                },
            });
        }
        if rule.active {
            return Ok(SwitchedOn {
                rule_name: rule.name.clone(),
                already_on: true,
            });
        }
        // Update Rule replaces the changeable fields: send them as PingOne holds them.
        let update = RuleUpdate {
            name: rule.name.clone(),
            description: rule.description.clone(),
            active: true,
            population_expression: expression,
            group_ids: rule.group_ids.clone(),
        };
        self.update_rule(&rule.id, &update).await?;
        Ok(SwitchedOn {
            rule_name: rule.name.clone(),
            already_on: false,
        })
    }
}
