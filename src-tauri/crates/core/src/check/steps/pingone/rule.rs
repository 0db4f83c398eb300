//! `pingone_rule`: a rule targets the store, is switched on, selects the enabled users, and
//! provisions groups as the setup chose. An inactive rule is a warning: apply creates the
//! rule inactive on purpose, and switching it on is the admin's separate decision.

use super::{api_finding, client};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::pingone_api::rule::{assess_rules, GroupChoice, RuleProblem, ENABLED_USERS_EXPRESSION};

const RULES: &str = "Integrations › Provisioning › Rules";

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let client = match client(ctx) {
        Ok(client) => client,
        Err(outcome) => return outcome,
    };
    let Some(store_id) = ctx.shared().pingone.store_id.clone() else {
        return StepOutcome::not_applicable("No single SCIM connection whose rule could be read.");
    };
    let rules = match client.list_rules().await {
        Ok(rules) => rules,
        Err(error) => return StepOutcome::found(api_finding(&error)),
    };
    let groups = if ctx.options.group_provisioning {
        GroupChoice::UsersAndGroups
    } else {
        GroupChoice::Undecided
    };
    let problems = assess_rules(&rules, &store_id, groups);
    let targeting: Vec<_> = rules
        .iter()
        .filter(|r| r.target_store_id.as_deref() == Some(store_id.as_str()))
        .collect();
    let mut outcome = StepOutcome::pass(match targeting.as_slice() {
        [rule] => format!(
            "The rule \"{}\" sends the enabled users to this connection{}.",
            rule.name,
            if rule.active { "" } else { " (switched off)" }
        ),
        _ => "Checked the rules that send users to this connection.".to_string(),
    });
    for rule in &targeting {
        outcome.add_fact(
            "Rule",
            format!(
                "{} ({}, user filter: {}, {} group{})",
                rule.name,
                if rule.active { "active" } else { "inactive" },
                rule.population_expression.as_deref().unwrap_or("none"),
                rule.group_ids.len(),
                if rule.group_ids.len() == 1 { "" } else { "s" }
            ),
        );
    }
    for problem in problems {
        match finding(&problem) {
            Some(finding) => outcome.findings.push(finding),
            None => {
                if let RuleProblem::SeveralRules { names } = &problem {
                    outcome.add_fact("Several rules", names.join(", "));
                }
            }
        }
    }
    if let Some(first) = outcome.sorted_findings().first() {
        outcome.summary = first.summary.clone();
    }
    outcome
}

fn finding(problem: &RuleProblem) -> Option<Finding> {
    Some(match problem {
        RuleProblem::NoRule => Finding::new(
            FindingCode::PingoneRuleMissing,
            "No provisioning rule sends users to this connection: PingOne provisions nobody.",
            format!(
                "In PingOne, open {RULES} › + › New Rule, choose PingOne as the source and this connection as the \
                 target, set the User Filter to Enabled Equals true and leave the attribute mapping unchanged; or let \
                 this app create it (haiilo-scim pingone apply)."
            ),
        ),
        RuleProblem::SeveralRules { .. } => return None,
        RuleProblem::Inactive { name } => Finding::new(
            FindingCode::PingoneRuleInactive,
            format!("The rule \"{name}\" is switched off: PingOne provisions nobody until it is on."),
            format!(
                "When the other steps pass, switch the rule on in PingOne ({RULES} › \"{name}\" › the toggle). \
                 Provisioning then starts with PingOne's next sync."
            ),
        )
        .warn(),
        RuleProblem::FilterNotEnabledUsers { name, expression } => Finding::new(
            FindingCode::PingoneRuleFilter,
            format!(
                "The rule \"{name}\" does not select exactly the enabled users (its user filter is {}).",
                expression
                    .as_deref()
                    .map_or_else(|| "empty".to_string(), |e| format!("\"{e}\""))
            ),
            format!(
                "In PingOne, open {RULES} › \"{name}\" › User Filter and set it to Enabled Equals true (in the API: \
                 {ENABLED_USERS_EXPRESSION}; that spelling is assumed, see docs/what-is-verified.md)."
            ),
        ),
        RuleProblem::GroupsMissing { name } => Finding::new(
            FindingCode::PingoneRuleGroups,
            format!("Group provisioning was chosen, but the rule \"{name}\" provisions no groups."),
            format!("In PingOne, open {RULES} › \"{name}\" › Group Provisioning and add the groups to sync to Haiilo."),
        ),
        RuleProblem::UnexpectedGroups { name, count } => Finding::new(
            FindingCode::PingoneRuleGroups,
            format!("The rule \"{name}\" provisions {count} group(s), but this setup provisions users only."),
            format!(
                "If groups should reach Haiilo, choose group provisioning for this setup; otherwise remove them from \
                 {RULES} › \"{name}\" › Group Provisioning."
            ),
        )
        .warn(),
    })
}
