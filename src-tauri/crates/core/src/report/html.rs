//! The report as one self-contained HTML page: no scripts, no external resources, styles
//! inline, and a print style sheet so "Print / Save as PDF" gives a clean document.
//!
//! Every piece of text from the run (server answers included) goes through [`escape`].

use super::markdown::evidence_text;
use super::markdown::{fix_label, not_known_yet, secret_not_here};
use super::{
    about_rows, active_label, environment_line, environment_rows, millis, personal_data_note,
    privacy_note, severity_label, status_label, timestamp, ReportContext,
};
use crate::check::{CheckReport, StepGroup, StepResult, StepStatus};
use crate::findings::{Finding, Severity};
use crate::text::verbatim;
use crate::{tr, trf};
use std::fmt::Write;

/// HTML-escapes text for element content and quoted attribute values: the five characters
/// with meaning in HTML (`& < > " '`) become character references, and control characters
/// (bidi overrides included) are dropped, keeping line breaks.
pub(crate) fn escape(text: &str) -> String {
    let text = crate::text::printable(text, crate::text::Lines::Keep);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --pass:#1a7f37; --warn:#9a6700; --fail:#cf222e; --skip:#6e7781; --line:#d0d7de; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:#1f2328; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { margin: 1.4rem 0 .3rem; } .meta { color: var(--skip); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } td, th { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } code, pre { font-family: ui-monospace, "SF Mono", Consolas, monospace; font-size: .85rem; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: .6rem; white-space: pre-wrap; word-break: break-all; }
.badge { display: inline-block; min-width: 3.2rem; text-align: center; border-radius: 3px; color: #fff; font-weight: 600; font-size: .8rem; padding: 0 .3rem; }
.pass { background: var(--pass); } .warn { background: var(--warn); } .fail { background: var(--fail); } .skip { background: var(--skip); }
.verdict { font-size: 1.2rem; font-weight: 600; } .verdict.ready { color: var(--pass); } .verdict.problems { color: var(--fail); }
.finding { border-left: 4px solid var(--warn); padding: .2rem .8rem; margin: .6rem 0; } .finding.error, .finding.critical { border-left-color: var(--fail); }
.fix { background: #ddf4ff; padding: .3rem .6rem; } .bar { background: #0969da; height: .6rem; min-width: 2px; }
.waterfall td.lane { width: 45%; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; } a { color: inherit; text-decoration: none; }
  .step, .finding, tr, pre { break-inside: avoid; } h2 { break-after: avoid; }
  .badge, .bar, .fix, th, pre { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

fn badge(status: StepStatus) -> String {
    let class = match status {
        StepStatus::Pass => "pass",
        StepStatus::Warn => "warn",
        StepStatus::Skip => "skip",
        StepStatus::Fail => "fail",
    };
    format!(
        "<span class=\"badge {class}\">{}</span>",
        status_label(status)
    )
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Warn => "warn",
        Severity::Error => "error",
        Severity::Critical => "critical",
    }
}

pub(super) fn render(report: &CheckReport, context: &ReportContext) -> String {
    let mut out = String::new();
    let title = tr!("Haiilo SCIM check", "Haiilo-SCIM-Verbindungstest");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}: {}</title><style>{STYLE}</style></head><body>\n",
        crate::lang::current().code(),
        escape(&report.verdict.headline)
    );
    let class = if report.verdict.ready {
        "ready"
    } else {
        "problems"
    };
    let (started, took, environment) = (
        escape(&timestamp(&report.started_at)),
        millis(report.duration_ms),
        escape(&environment_line(report)),
    );
    let _ = writeln!(
        out,
        "<h1>{title}</h1><p class=\"verdict {class}\">{}</p><p class=\"meta\">{}</p>",
        escape(&report.verdict.headline),
        trf!(
            "{started} · took {took} · {environment}",
            "{started} · Dauer {took} · {environment}"
        )
    );
    out.push_str("<table class=\"about\">");
    for (label, value) in about_rows(report, context) {
        let _ = write!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(&label),
            escape(&value)
        );
    }
    out.push_str("</table>\n");

    if !report.verdict.items.is_empty() {
        out.push_str(tr!(
            "<h2>To fix, worst first</h2><ol>",
            "<h2>Zu beheben, das Schwerste zuerst</h2><ol>"
        ));
        for item in &report.verdict.items {
            let _ = write!(
                out,
                "<li><strong>{}</strong> <code>{}</code> ({}): {}<div class=\"fix\">{}: {}</div></li>",
                severity_label(item.severity),
                escape(item.code.as_str()),
                escape(item.step.as_str()),
                escape(&item.summary),
                fix_label(),
                escape(&item.fix)
            );
        }
        out.push_str("</ol>\n");
    }

    out.push_str(tr!("<h2>Target</h2><table>", "<h2>Ziel</h2><table>"));
    for (label, value) in [
        ("SCIM BASE URL", report.target.scim_base_url.as_str()),
        ("OAuth Token Request", report.target.token_url.as_str()),
        ("OAuth Client ID", report.target.client_id.as_str()),
    ] {
        let _ = write!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(&verbatim(label)),
            escape(value)
        );
    }
    out.push_str(tr!(
        "</table>\n<h2>PingOne values</h2><table><tr><th>PingOne field</th><th>value</th></tr>",
        "</table>\n<h2>PingOne-Werte</h2><table><tr><th>PingOne-Feld</th><th>Wert</th></tr>"
    ));
    for field in report.pingone.form_fields() {
        let value = match (&field.value, field.is_secret) {
            (_, true) => secret_not_here().to_string(),
            (Some(value), false) => escape(value),
            (None, false) => not_known_yet().to_string(),
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td><code>{value}</code></td></tr>",
            escape(&verbatim(field.label))
        );
    }
    let filter = &report.pingone.rule.user_filter;
    let (attribute, operator, value) = (
        escape(&filter.attribute),
        escape(&filter.operator),
        escape(&filter.value),
    );
    let _ = writeln!(
        out,
        "{}",
        trf!(
            "</table><p>Provisioning rule: User Filter <code>{attribute}</code> <code>{operator}</code> <code>{value}</code>.</p>",
            "</table><p>Provisionierungsregel: „User Filter“ <code>{attribute}</code> <code>{operator}</code> <code>{value}</code>.</p>"
        )
    );

    // The waterfall: where each step sat in time, to see what ran side by side.
    let total = report.duration_ms.max(1) as f64;
    out.push_str(tr!("<h2>Steps</h2>", "<h2>Schritte</h2>"));
    for group in StepGroup::ALL {
        let steps: Vec<&StepResult> = report.steps.iter().filter(|s| s.group == group).collect();
        if steps.is_empty() {
            continue;
        }
        let title = escape(group.title());
        let _ = write!(
            out,
            "{}",
            trf!(
                "<h3>{title}</h3><table class=\"waterfall\"><tr><th>step</th><th>status</th><th>took</th><th class=\"lane\">timeline</th></tr>",
                "<h3>{title}</h3><table class=\"waterfall\"><tr><th>Schritt</th><th>Status</th><th>Dauer</th><th class=\"lane\">Zeitleiste</th></tr>"
            )
        );
        for step in steps {
            let left = step.started_ms as f64 / total * 100.0;
            let width = (step.duration_ms as f64 / total * 100.0).max(0.3);
            let _ = write!(
                out,
                "<tr><td><a href=\"#{id}\">{}</a></td><td>{}</td><td>{}</td><td class=\"lane\">\
                 <div class=\"bar\" style=\"margin-left:{left:.1}%;width:{width:.1}%\"></div></td></tr>",
                escape(step.title),
                badge(step.status),
                millis(step.duration_ms),
                id = step.id.as_str()
            );
        }
        out.push_str("</table>\n");
    }

    out.push_str(tr!("<h2>Details</h2>", "<h2>Einzelheiten</h2>"));
    for step in &report.steps {
        step_details(&mut out, step);
    }

    if let Some(users) = report.users.as_ref().filter(|u| u.sample.is_empty()) {
        let (total, note) = (
            super::number(users.total_results),
            escape(&personal_data_note(report, context)),
        );
        let _ = writeln!(
            out,
            "{}",
            trf!(
                "<h2>Users in Haiilo: {total}</h2><p>Personal data: {note}</p>",
                "<h2>Benutzer in Haiilo: {total}</h2><p>Personenbezogene Daten: {note}</p>"
            )
        );
    } else if let Some(users) = &report.users {
        let (total, first, note) = (
            super::number(users.total_results),
            super::number(users.sample.len() as u64),
            escape(&personal_data_note(report, context)),
        );
        let _ = write!(
            out,
            "{}",
            trf!(
                "<h2>Users in Haiilo: {total} (first {first})</h2><p>Personal data: {note}</p>\
                 <table><tr><th>userName</th><th>name</th><th>active</th></tr>",
                "<h2>Benutzer in Haiilo: {total} (die ersten {first})</h2><p>Personenbezogene Daten: {note}</p>\
                 <table><tr><th>userName</th><th>Name</th><th>aktiv</th></tr>"
            )
        );
        for user in &users.sample {
            let active = active_label(user.active);
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{active}</td></tr>",
                escape(&user.user_name),
                escape(user.name.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</table>\n");
    }

    out.push_str(tr!(
        "<h2>Environment</h2><table>",
        "<h2>Umgebung</h2><table>"
    ));
    let rows = environment_rows(report);
    for (label, value) in rows {
        let _ = write!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(&label),
            escape(&value)
        );
    }
    let _ = write!(
        out,
        "</table><p class=\"meta\">{}</p>\n</body></html>\n",
        privacy_note()
    );
    out
}

fn step_details(out: &mut String, step: &StepResult) {
    let (started, took) = (millis(step.started_ms), millis(step.duration_ms));
    let _ = write!(
        out,
        "<section class=\"step\" id=\"{}\"><h3>{} {}</h3><p>{}</p><p class=\"meta\">{}",
        step.id.as_str(),
        badge(step.status),
        escape(step.title),
        escape(&step.summary),
        trf!(
            "started +{started}, took {took}",
            "Start +{started}, Dauer {took}"
        )
    );
    if let Some(cause) = step.skipped_because {
        let cause = cause.as_str();
        let _ = write!(
            out,
            "{}",
            trf!(
                " · skipped because <code>{cause}</code> failed",
                " · übersprungen, weil <code>{cause}</code> gescheitert ist"
            )
        );
    }
    if !step.skipped_steps.is_empty() {
        let ids: Vec<String> = step
            .skipped_steps
            .iter()
            .map(|s| format!("<code>{}</code>", s.as_str()))
            .collect();
        let ids = ids.join(", ");
        let _ = write!(
            out,
            "{}",
            trf!(
                " · its failure skipped {ids}",
                " · sein Scheitern übersprang {ids}"
            )
        );
    }
    out.push_str("</p>");
    if !step.facts.is_empty() {
        out.push_str("<table>");
        for fact in &step.facts {
            let _ = write!(
                out,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(&fact.label),
                escape(&fact.value)
            );
        }
        out.push_str("</table>");
    }
    for finding in &step.findings {
        finding_details(out, finding);
    }
    out.push_str("</section>\n");
}

fn finding_details(out: &mut String, finding: &Finding) {
    let _ = write!(
        out,
        "<div class=\"finding {}\"><p><code>{}</code> ({}): <strong>{}</strong></p>",
        severity_class(finding.severity),
        escape(finding.code.as_str()),
        severity_label(finding.severity),
        escape(&finding.summary)
    );
    let explanation: Vec<&str> = finding
        .detail
        .lines()
        .filter(|l| finding.evidence.as_ref().is_none_or(|e| *l != e.describe()))
        .collect();
    if !explanation.is_empty() {
        let _ = write!(out, "<p>{}</p>", escape(&explanation.join(" ")));
    }
    let _ = write!(
        out,
        "<p class=\"fix\">{}: {}</p>",
        fix_label(),
        escape(&finding.fix)
    );
    if let Some(evidence) = &finding.evidence {
        let _ = write!(out, "<pre>{}</pre>", escape(&evidence_text(evidence)));
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape(r#"<script>alert("x&y's")</script>"#),
            "&lt;script&gt;alert(&quot;x&amp;y&#39;s&quot;)&lt;/script&gt;"
        );
        assert_eq!(escape("plain é"), "plain é");
        assert_eq!(escape("a\u{1b}[2J\u{202E}b\nc"), "ab\nc");
    }
}
