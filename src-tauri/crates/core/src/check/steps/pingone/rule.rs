//! `pingone_rule`: a rule targets the store, is switched on, selects the enabled users, and
//! provisions groups as the setup chose. An inactive rule is a warning: apply creates the
//! rule inactive on purpose, and switching it on is the admin's separate decision.

use super::{api_finding, client};
use crate::check::context::Context;
use crate::check::outcome::StepOutcome;
use crate::findings::{Finding, FindingCode};
use crate::lang::Lang;
use crate::pingone_api::rule::{assess_rules, GroupChoice, RuleProblem, ENABLED_USERS_EXPRESSION};
use crate::{tr, trf};

const RULES: &str = "Integrations › Provisioning › Rules";

pub(super) async fn run(ctx: &Context) -> StepOutcome {
    let client = match client(ctx) {
        Ok(client) => client,
        Err(outcome) => return outcome,
    };
    let Some(store_id) = ctx.shared().pingone.store_id.clone() else {
        return StepOutcome::not_applicable(tr!(
            "No single SCIM connection whose rule could be read.",
            "Es gibt nicht genau eine SCIM-Verbindung, deren Regel gelesen werden könnte."
        ));
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
        [rule] => {
            let name = &rule.name;
            let off = if rule.active {
                ""
            } else {
                tr!(" (switched off)", " (ausgeschaltet)")
            };
            trf!(
                "The rule \"{name}\" sends the enabled users to this connection{off}.",
                "Die Regel „{name}“ sendet die aktivierten Benutzer an diese Verbindung{off}."
            )
        }
        _ => tr!(
            "Checked the rules that send users to this connection.",
            "Die Regeln geprüft, die Benutzer an diese Verbindung senden."
        )
        .to_string(),
    });
    for rule in &targeting {
        let name = &rule.name;
        let state = match (rule.active, crate::lang::current()) {
            (true, Lang::En) => "active",
            (false, Lang::En) => "inactive",
            (true, Lang::De) => "aktiv",
            (false, Lang::De) => "inaktiv",
        };
        let filter = rule
            .population_expression
            .as_deref()
            .unwrap_or(tr!("none", "keiner"));
        let count = rule.group_ids.len();
        let plural = if count == 1 { "" } else { "s" };
        let groups = crate::report::number(count as u64);
        let fact = match crate::lang::current() {
            Lang::En => format!("{name} ({state}, user filter: {filter}, {count} group{plural})"),
            Lang::De => {
                let gruppen = if count == 1 { "Gruppe" } else { "Gruppen" };
                format!("{name} ({state}, Benutzerfilter: {filter}, {groups} {gruppen})")
            }
        };
        outcome.add_fact(tr!("Rule", "Regel"), fact);
    }
    for problem in problems {
        match finding(&problem) {
            Some(finding) => outcome.findings.push(finding),
            None => {
                if let RuleProblem::SeveralRules { names } = &problem {
                    outcome.add_fact(tr!("Several rules", "Mehrere Regeln"), names.join(", "));
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
            tr!(
                "No provisioning rule sends users to this connection: PingOne provisions nobody.",
                "Keine Provisionierungsregel sendet Benutzer an diese Verbindung: PingOne provisioniert niemanden."
            ),
            trf!(
                "In PingOne, open {RULES} › + › New Rule, choose PingOne as the source and this connection as the \
                 target, set the User Filter to Enabled Equals true and leave the attribute mapping unchanged; or let \
                 this app create it (haiilo-scim pingone apply).",
                "Öffnen Sie in PingOne „{RULES} › + › New Rule“, wählen Sie PingOne als Quelle und diese Verbindung \
                 als Ziel, setzen Sie den „User Filter“ auf „Enabled Equals true“ und lassen Sie das \
                 „Attribute Mapping“ unverändert; oder lassen Sie diese App die Regel anlegen (haiilo-scim pingone apply)."
            ),
        ),
        RuleProblem::SeveralRules { .. } => return None,
        RuleProblem::Inactive { name } => Finding::new(
            FindingCode::PingoneRuleInactive,
            trf!(
                "The rule \"{name}\" is switched off: PingOne provisions nobody until it is on.",
                "Die Regel „{name}“ ist ausgeschaltet: PingOne provisioniert niemanden, bis sie eingeschaltet ist."
            ),
            trf!(
                "When the other steps pass, switch the rule on in PingOne ({RULES} › \"{name}\" › the toggle). \
                 Provisioning then starts with PingOne's next sync.",
                "Wenn die anderen Schritte bestanden sind, schalten Sie die Regel in PingOne ein („{RULES}“ › „{name}“ \
                 › der Schalter). Die Provisionierung beginnt dann mit PingOnes nächster Synchronisierung."
            ),
        )
        .warn(),
        RuleProblem::FilterNotEnabledUsers { name, expression } => {
            let held = match expression.as_deref() {
                Some(e) => trf!("\"{e}\"", "„{e}“"),
                None => tr!("empty", "leer").to_string(),
            };
            Finding::new(
                FindingCode::PingoneRuleFilter,
                trf!(
                    "The rule \"{name}\" does not select exactly the enabled users (its user filter is {held}).",
                    "Die Regel „{name}“ wählt nicht genau die aktivierten Benutzer aus (ihr Benutzerfilter ist {held})."
                ),
                trf!(
                    "In PingOne, open {RULES} › \"{name}\" › User Filter and set it to Enabled Equals true (in the API: \
                     {ENABLED_USERS_EXPRESSION}; that spelling is assumed, see docs/what-is-verified.md).",
                    "Öffnen Sie in PingOne „{RULES}“ › „{name}“ › „User Filter“ und setzen Sie ihn auf „Enabled Equals \
                     true“ (in der API: „{ENABLED_USERS_EXPRESSION}“; diese Schreibweise ist angenommen, siehe \
                     docs/what-is-verified.md)."
                ),
            )
        }
        RuleProblem::GroupsMissing { name } => Finding::new(
            FindingCode::PingoneRuleGroups,
            trf!(
                "Group provisioning was chosen, but the rule \"{name}\" provisions no groups.",
                "Gruppen-Provisionierung wurde gewählt, aber die Regel „{name}“ provisioniert keine Gruppen."
            ),
            trf!(
                "In PingOne, open {RULES} › \"{name}\" › Group Provisioning and add the groups to sync to Haiilo.",
                "Öffnen Sie in PingOne „{RULES}“ › „{name}“ › „Group Provisioning“ und fügen Sie die Gruppen hinzu, \
                 die mit Haiilo synchronisiert werden sollen."
            ),
        ),
        RuleProblem::UnexpectedGroups { name, count } => Finding::new(
            FindingCode::PingoneRuleGroups,
            trf!(
                "The rule \"{name}\" provisions {count} group(s), but this setup provisions users only.",
                "Die Regel „{name}“ provisioniert {count} Gruppe(n), aber dieses Setup provisioniert nur Benutzer."
            ),
            trf!(
                "If groups should reach Haiilo, choose group provisioning for this setup; otherwise remove them from \
                 {RULES} › \"{name}\" › Group Provisioning.",
                "Sollen Gruppen Haiilo erreichen, wählen Sie Gruppen-Provisionierung für dieses Setup; andernfalls \
                 entfernen Sie sie unter „{RULES}“ › „{name}“ › „Group Provisioning“."
            ),
        )
        .warn(),
    })
}
