//! Switching the Haiilo rule on: the one write that starts provisioning real users. Apply
//! creates the rule switched off; this is the separate, explicit action offered once
//! PingOne's own connection test has passed. It refuses whenever the rule it would switch
//! on is not exactly one rule, on exactly one store for this tenant, selecting enabled users.

use super::compare::matching_stores;
use super::rule::{selects_enabled_users, RuleUpdate};
use super::{PingOneApiError, PingOneClient};
use crate::endpoints::Endpoints;
use crate::{tr, trf};
use serde::Serialize;

/// What the switch did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SwitchedOn {
    pub rule_name: String,
    /// The rule was already on; nothing was written.
    pub already_on: bool,
}

#[derive(Debug)]
pub enum SwitchOnError {
    Api(PingOneApiError),
    NoStore,
    SeveralStores(usize),
    NoRule,
    SeveralRules(usize),
    FilterNotEnabledUsers { name: String, expression: String },
}

impl From<PingOneApiError> for SwitchOnError {
    fn from(error: PingOneApiError) -> Self {
        Self::Api(error)
    }
}

impl std::error::Error for SwitchOnError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }
}

impl std::fmt::Display for SwitchOnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Api(error) => error.to_string(),
            Self::NoStore => tr!(
                "PingOne has no SCIM connection to this Haiilo tenant, so there is no rule to switch on. Create the connection first (Apply to PingOne, or Phase 2 by hand).",
                "PingOne hat keine SCIM-Verbindung zu diesem Haiilo-Tenant, also gibt es keine Regel zum Einschalten. Legen Sie zuerst die Verbindung an („In PingOne übertragen“ oder Phase 2 von Hand)."
            )
            .to_string(),
            Self::SeveralStores(count) => trf!(
                "PingOne has {count} SCIM connections to this Haiilo tenant. Delete or rename the extra ones in PingOne (Integrations › Provisioning › Connections) so that one remains, then try again.",
                "PingOne hat {count} SCIM-Verbindungen zu diesem Haiilo-Tenant. Löschen oder benennen Sie die überzähligen in PingOne um („Integrations › Provisioning › Connections“), sodass eine bleibt, und versuchen Sie es dann erneut."
            ),
            Self::NoRule => tr!(
                "No provisioning rule sends users to this tenant's connection. Create it first (Apply to PingOne, or Phase 3 by hand).",
                "Keine Provisionierungsregel sendet Benutzer an die Verbindung dieses Tenants. Legen Sie sie zuerst an („In PingOne übertragen“ oder Phase 3 von Hand)."
            )
            .to_string(),
            Self::SeveralRules(count) => trf!(
                "{count} rules send users to this tenant's connection; which to switch on is your decision. Switch the right one on in PingOne (Integrations › Provisioning › Rules).",
                "{count} Regeln senden Benutzer an die Verbindung dieses Tenants; welche eingeschaltet wird, entscheiden Sie. Schalten Sie die richtige in PingOne ein („Integrations › Provisioning › Rules“)."
            ),
            Self::FilterNotEnabledUsers { name, expression } => trf!(
                "The rule \"{name}\" does not select exactly the enabled users (its filter is {expression}); switched on, it could provision users it should not. Set its user filter to Enabled Equals true (or Apply to PingOne) and try again.",
                "Die Regel „{name}“ wählt nicht genau die aktivierten Benutzer aus (ihr Filter ist {expression}); eingeschaltet könnte sie Benutzer provisionieren, die sie nicht soll. Setzen Sie ihren „User Filter“ auf „Enabled Equals true“ (oder „In PingOne übertragen“) und versuchen Sie es erneut."
            ),
        };
        f.write_str(&text)
    }
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
                    tr!("empty", "leer").into()
                } else {
                    trf!("\"{expression}\"", "„{expression}“")
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
