//! Leaving the users out of a report. The preview's userNames and names are personal data
//! (GDPR Art. 4(1)); a report to hand over holds them only when the admin asks. A listed
//! user can also appear elsewhere in the run (the existing-user lookup filters on one
//! userName, an error body may quote a record), so every text of the run that came from
//! the server or names what was sent is searched too, and each user becomes `[user N]`.

use crate::check::CheckReport;
use crate::findings::{Evidence, Finding};

/// A copy of `report` with the users' sample emptied (their number stays) and every listed
/// user replaced by `[user N]` in the steps, findings and verdict.
pub(super) fn without_users(report: &CheckReport) -> CheckReport {
    let mut shared = report.clone();
    let Some(users) = shared.users.as_mut() else {
        return shared;
    };
    let people: Vec<(String, Vec<String>)> = users
        .sample
        .drain(..)
        .enumerate()
        .map(|(n, user)| {
            let mut values: Vec<String> = [Some(user.user_name), user.name]
                .into_iter()
                .flatten()
                .map(|v| v.trim().to_string())
                // Shorter values are more likely words of the report than a person, and a
                // value already redacted names nobody (hiding it would hide the redaction).
                .filter(|v| v.chars().count() >= 3 && !v.contains(crate::redact::REDACTED))
                .collect();
            // Longest first, so a name inside a userName does not leave the rest behind.
            values.sort_by_key(|v| std::cmp::Reverse(v.len()));
            {
                let n = n + 1;
                (crate::trf!("[user {n}]", "[Benutzer {n}]"), values)
            }
        })
        .collect();
    let hide = |text: &mut String| {
        for (placeholder, values) in &people {
            for value in values {
                for form in forms(value) {
                    if text.contains(&form) {
                        *text = text.replace(&form, placeholder);
                    }
                }
            }
        }
    };
    for step in &mut shared.steps {
        hide(&mut step.summary);
        for fact in &mut step.facts {
            hide(&mut fact.value);
        }
        for finding in step.findings.iter_mut().chain(step.finding.as_mut()) {
            hide_in_finding(finding, &hide);
        }
    }
    for item in &mut shared.verdict.items {
        hide(&mut item.summary);
        hide(&mut item.fix);
    }
    shared
}

fn hide_in_finding(finding: &mut Finding, hide: &impl Fn(&mut String)) {
    hide(&mut finding.summary);
    hide(&mut finding.detail);
    hide(&mut finding.fix);
    if let Some(evidence) = finding.evidence.as_deref_mut() {
        hide_in_evidence(evidence, hide);
    }
}

fn hide_in_evidence(evidence: &mut Evidence, hide: &impl Fn(&mut String)) {
    hide(&mut evidence.request);
    for text in [
        &mut evidence.status_line,
        &mut evidence.location,
        &mut evidence.body_excerpt,
    ]
    .into_iter()
    .flatten()
    {
        hide(text);
    }
    for header in &mut evidence.headers {
        hide(&mut header.value);
    }
}

/// `value` as the run may have recorded it: as is, JSON-escaped (inside a body) and
/// percent-encoded (inside a request line, with `%20` or `+` for a space).
fn forms(value: &str) -> Vec<String> {
    let json = serde_json::to_string(value).unwrap_or_default();
    let query: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let mut forms = vec![
        value.to_string(),
        json.trim_matches('"').to_string(),
        query.replace('+', "%20"),
        query,
    ];
    forms.retain(|f| !f.is_empty());
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_is_found_as_sent_in_a_query_and_inside_a_json_body() {
        let found = forms("Jäne \"JD\" Doe@acme.com");
        assert!(found.contains(&"Jäne \"JD\" Doe@acme.com".to_string()));
        assert!(found.contains(&"Jäne \\\"JD\\\" Doe@acme.com".to_string()));
        assert!(found.contains(&"J%C3%A4ne%20%22JD%22%20Doe%40acme.com".to_string()));
        assert!(found.contains(&"J%C3%A4ne+%22JD%22+Doe%40acme.com".to_string()));
    }
}
