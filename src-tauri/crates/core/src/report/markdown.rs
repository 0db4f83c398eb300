//! The report as Markdown: readable as plain text, and rendered nicely by ticket systems.

use super::{
    about_rows, active_label, environment_line, environment_rows, millis, personal_data_note,
    privacy_note, severity_label, status_label, timestamp, ReportContext,
};
use crate::check::{CheckReport, StepGroup, StepResult};
use crate::findings::{Evidence, Finding};
use crate::text::{printable, verbatim, Lines};
use crate::{tr, trf};
use std::fmt::Write;

/// Makes text safe inside a table cell: no line breaks, no column separators, no control
/// characters.
fn cell(text: &str) -> String {
    line(text).replace('\\', "\\\\").replace('|', "\\|")
}

/// One line of prose: control characters (ANSI escapes, bidi overrides) removed and line
/// breaks joined, so a server's text cannot break the document's structure or a terminal
/// that shows it.
fn line(text: &str) -> String {
    printable(text, Lines::Join)
}

/// A fenced code block whose fence is longer than any run of backticks in `text`.
fn fenced(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}\n{text}\n{fence}\n")
}

/// "Fix" before a finding's remedy.
pub(super) fn fix_label() -> &'static str {
    tr!("Fix", "Behebung")
}

/// The secret's row in the PingOne values: never its value.
pub(super) fn secret_not_here() -> &'static str {
    tr!(
        "(not in this report: paste it from where you saved it)",
        "(nicht in diesem Bericht: Fügen Sie es von dort ein, wo Sie es gesichert haben)"
    )
}

pub(super) fn not_known_yet() -> &'static str {
    tr!("(not known yet)", "(noch nicht bekannt)")
}

pub(super) fn render(report: &CheckReport, context: &ReportContext) -> String {
    let mut out = String::new();
    let headline = &report.verdict.headline;
    let _ = writeln!(
        out,
        "{}",
        trf!(
            "# Haiilo SCIM check: {headline}\n",
            "# Haiilo-SCIM-Verbindungstest: {headline}\n"
        )
    );
    for (label, value) in about_rows(report, context) {
        let _ = writeln!(out, "**{label}:** {}  ", cell(&value));
    }
    out.push('\n');
    let (started, took, environment) = (
        timestamp(&report.started_at),
        millis(report.duration_ms),
        environment_line(report),
    );
    let _ = writeln!(
        out,
        "{}",
        trf!(
            "{started} · took {took} · {environment}\n",
            "{started} · Dauer {took} · {environment}\n"
        )
    );

    if !report.verdict.items.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                "## To fix, worst first\n",
                "## Zu beheben, das Schwerste zuerst\n"
            )
        );
        for (n, item) in report.verdict.items.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. **{}** `{}` ({}): {}  \n   {}: {}",
                n + 1,
                severity_label(item.severity),
                item.code,
                item.step.as_str(),
                line(&item.summary),
                fix_label(),
                line(&item.fix)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "{}",
        tr!(
            "## Target\n\n| | |\n|---|---|",
            "## Ziel\n\n| | |\n|---|---|"
        )
    );
    let _ = writeln!(
        out,
        "| {} | {} |",
        verbatim("SCIM BASE URL"),
        cell(&report.target.scim_base_url)
    );
    let _ = writeln!(
        out,
        "| {} | {} |",
        verbatim("OAuth Token Request"),
        cell(&report.target.token_url)
    );
    let _ = writeln!(
        out,
        "| {} | {} |",
        verbatim("OAuth Client ID"),
        cell(&report.target.client_id)
    );
    out.push('\n');

    let _ = writeln!(
        out,
        "{}",
        tr!(
            "## PingOne values (SCIM Outbound, Configure Authentication)\n\n| PingOne field | value |\n|---|---|",
            "## PingOne-Werte („SCIM Outbound“, „Configure Authentication“)\n\n| PingOne-Feld | Wert |\n|---|---|"
        )
    );
    for field in report.pingone.form_fields() {
        let value = match (&field.value, field.is_secret) {
            (_, true) => secret_not_here().to_string(),
            // PingOne's own values: quoted in German, like its labels.
            (Some(value), false) => verbatim(&cell(value)),
            (None, false) => not_known_yet().to_string(),
        };
        let _ = writeln!(out, "| {} | {} |", verbatim(field.label), value);
    }
    let filter = &report.pingone.rule.user_filter;
    let (attribute, operator, value) = (&filter.attribute, &filter.operator, &filter.value);
    let _ = writeln!(
        out,
        "{}",
        trf!(
            "\nProvisioning rule: User Filter `{attribute}` `{operator}` `{value}`.\n",
            "\nProvisionierungsregel: „User Filter“ `{attribute}` `{operator}` `{value}`.\n"
        )
    );

    let _ = writeln!(out, "{}", tr!("## Steps\n", "## Schritte\n"));
    for group in StepGroup::ALL {
        let steps: Vec<&StepResult> = report.steps.iter().filter(|s| s.group == group).collect();
        if steps.is_empty() {
            continue;
        }
        let title = group.title();
        let _ = writeln!(
            out,
            "{}",
            trf!(
                "### {title}\n\n| step | status | started | took | what happened |\n|---|---|---|---|---|",
                "### {title}\n\n| Schritt | Status | Start | Dauer | Ergebnis |\n|---|---|---|---|---|"
            )
        );
        for step in steps {
            let _ = writeln!(
                out,
                "| {} (`{}`) | {} | +{} | {} | {} |",
                step.title,
                step.id.as_str(),
                status_label(step.status),
                millis(step.started_ms),
                millis(step.duration_ms),
                cell(&step.summary)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "{}", tr!("## Details\n", "## Einzelheiten\n"));
    for step in &report.steps {
        step_details(&mut out, step);
    }

    if let Some(users) = report.users.as_ref().filter(|u| u.sample.is_empty()) {
        let (total, note) = (
            crate::report::number(users.total_results),
            personal_data_note(report, context),
        );
        let _ = writeln!(
            out,
            "{}",
            trf!(
                "## Users in Haiilo: {total}\n\nPersonal data: {note}\n",
                "## Benutzer in Haiilo: {total}\n\nPersonenbezogene Daten: {note}\n"
            )
        );
    } else if let Some(users) = &report.users {
        let (total, first, note) = (
            crate::report::number(users.total_results),
            crate::report::number(users.sample.len() as u64),
            personal_data_note(report, context),
        );
        let _ = writeln!(
            out,
            "{}",
            trf!(
                "## Users in Haiilo: {total} (first {first})\n\nPersonal data: {note}\n\n| userName | name | active |\n|---|---|---|",
                "## Benutzer in Haiilo: {total} (die ersten {first})\n\nPersonenbezogene Daten: {note}\n\n| userName | Name | aktiv |\n|---|---|---|"
            )
        );
        for user in &users.sample {
            let active = active_label(user.active);
            let _ = writeln!(
                out,
                "| {} | {} | {active} |",
                cell(&user.user_name),
                cell(user.name.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "{}",
        tr!(
            "## Environment\n\n| | |\n|---|---|",
            "## Umgebung\n\n| | |\n|---|---|"
        )
    );
    for (label, value) in environment_rows(report) {
        let _ = writeln!(out, "| {} | {} |", cell(&label), cell(&value));
    }
    let _ = writeln!(out, "\n{}", privacy_note());
    // A last pass over the whole document: whatever a field let through, no control
    // character reaches the reader's terminal or editor.
    printable(&out, Lines::Keep)
}

fn step_details(out: &mut String, step: &StepResult) {
    let _ = writeln!(
        out,
        "### {} (`{}`): {}\n\n{}\n",
        step.title,
        step.id.as_str(),
        status_label(step.status),
        line(&step.summary)
    );
    let (started, took) = (millis(step.started_ms), millis(step.duration_ms));
    let _ = writeln!(
        out,
        "{}",
        trf!(
            "- started +{started}, took {took}",
            "- Start +{started}, Dauer {took}"
        )
    );
    if let Some(cause) = step.skipped_because {
        let cause = cause.as_str();
        let _ = writeln!(
            out,
            "{}",
            trf!(
                "- skipped because `{cause}` failed",
                "- übersprungen, weil `{cause}` gescheitert ist"
            )
        );
    }
    if !step.skipped_steps.is_empty() {
        let ids: Vec<String> = step
            .skipped_steps
            .iter()
            .map(|s| format!("`{}`", s.as_str()))
            .collect();
        let ids = ids.join(", ");
        let _ = writeln!(
            out,
            "{}",
            trf!(
                "- its failure skipped {ids}",
                "- sein Scheitern übersprang {ids}"
            )
        );
    }
    for fact in &step.facts {
        let _ = writeln!(out, "- {}: {}", line(&fact.label), line(&fact.value));
    }
    out.push('\n');
    for finding in &step.findings {
        finding_details(out, finding);
    }
}

fn finding_details(out: &mut String, finding: &Finding) {
    let _ = writeln!(
        out,
        "#### `{}` ({})\n\n{}\n",
        finding.code,
        severity_label(finding.severity),
        line(&finding.summary)
    );
    if let Some(explanation) = finding
        .detail
        .lines()
        .filter(|l| finding.evidence.as_ref().is_none_or(|e| *l != e.describe()))
        .map(str::to_string)
        .reduce(|a, b| format!("{a} {b}"))
    {
        let _ = writeln!(out, "{}\n", line(&explanation));
    }
    let _ = writeln!(out, "**{}:** {}\n", fix_label(), line(&finding.fix));
    if let Some(evidence) = &finding.evidence {
        let text = printable(&evidence_text(evidence), Lines::Keep);
        let _ = writeln!(out, "{}:\n\n{}", tr!("Evidence", "Nachweis"), fenced(&text));
    }
}

/// The evidence as it would look on the wire: request, status line, headers, body.
pub(super) fn evidence_text(evidence: &Evidence) -> String {
    let mut lines = vec![evidence.request.clone()];
    if let Some(status_line) = &evidence.status_line {
        lines.push(status_line.clone());
    } else if let Some(status) = evidence.status {
        lines.push(format!("HTTP {status}"));
    }
    for header in &evidence.headers {
        lines.push(format!("{}: {}", header.name, header.value));
    }
    if evidence.headers.is_empty() {
        if let Some(ct) = &evidence.content_type {
            lines.push(format!("content-type: {ct}"));
        }
        if let Some(location) = &evidence.location {
            lines.push(format!("location: {location}"));
        }
    }
    if let Some(body) = &evidence.body_excerpt {
        lines.push(String::new());
        lines.push(body.clone());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_fences_survive_hostile_text() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(cell("\u{1b}[2Jx\u{202E}y\r"), "xy ");
        let block = fenced("x ``` y");
        assert!(block.starts_with("````\n"));
        assert!(block.ends_with("\n````\n"));
    }
}
