//! The run as a document to hand over: Markdown for a ticket, a self-contained HTML page
//! that prints cleanly, or JSON for tools; and a few lines for "Copy summary".
//!
//! Everything here renders a [`CheckReport`], which holds no secret by construction: the
//! secret and tokens live in types that cannot be serialised, and every piece of evidence
//! was scrubbed when it was recorded.

mod html;
mod markdown;
mod summary;

use crate::check::{CheckReport, StepStatus};
use crate::findings::Severity;
use std::path::Path;

pub use summary::summary_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Json,
}

impl ReportFormat {
    /// The format a file name asks for: `.md`/`.markdown`, `.html`/`.htm` or `.json`.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" => Some(Self::Markdown),
            "html" | "htm" => Some(Self::Html),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// The report in `format`.
pub fn render(report: &CheckReport, format: ReportFormat) -> String {
    match format {
        ReportFormat::Markdown => markdown::render(report),
        ReportFormat::Html => html::render(report),
        // Serialising plain data with string keys cannot fail; the fallback keeps the
        // signature simple all the same.
        ReportFormat::Json => serde_json::to_string_pretty(report)
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")),
    }
}

pub(crate) fn status_label(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Pass => "PASS",
        StepStatus::Warn => "WARN",
        StepStatus::Skip => "SKIP",
        StepStatus::Fail => "FAIL",
    }
}

pub(crate) fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Warn => "warning",
        Severity::Error => "problem",
        Severity::Critical => "critical",
    }
}

/// `850 ms`, `2.4 s`.
/// The closing sentence of every report, so a reader knows what was left out.
pub(crate) const PRIVACY_NOTE: &str = "This report contains no Client Secret, no access token and no \
     Authorization header; response excerpts were scrubbed of anything that looks like a credential.";

/// How a user's `active` flag reads in a report.
pub(crate) fn active_label(active: Option<bool>) -> &'static str {
    match active {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// The environment table's rows, shared by the Markdown and HTML renderers.
pub(crate) fn environment_rows(report: &CheckReport) -> Vec<(String, String)> {
    let e = &report.environment;
    let mut rows = vec![
        ("App version".to_string(), e.app_version.clone()),
        (
            "Operating system".to_string(),
            format!("{} ({})", e.os, e.arch),
        ),
        (
            "Proxy used".to_string(),
            e.proxy.clone().unwrap_or_else(|| "none".into()),
        ),
    ];
    rows.extend(
        e.proxy_variables
            .iter()
            .map(|v| (v.name.clone(), v.value.clone())),
    );
    rows.push(("Started".to_string(), report.started_at.clone()));
    rows
}

pub(crate) fn millis(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// `haiilo-scim-assistant 0.1.0 · linux/x86_64 · proxy: none`
pub(crate) fn environment_line(report: &CheckReport) -> String {
    let e = &report.environment;
    format!(
        "haiilo-scim-assistant {} · {}/{} · proxy: {}",
        e.app_version,
        e.os,
        e.arch,
        e.proxy.as_deref().unwrap_or("none")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(
            ReportFormat::from_path(Path::new("a/report.MD")),
            Some(ReportFormat::Markdown)
        );
        assert_eq!(
            ReportFormat::from_path(Path::new("r.htm")),
            Some(ReportFormat::Html)
        );
        assert_eq!(
            ReportFormat::from_path(Path::new("r.json")),
            Some(ReportFormat::Json)
        );
        assert_eq!(ReportFormat::from_path(Path::new("r.pdf")), None);
        assert_eq!(ReportFormat::from_path(Path::new("report")), None);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(millis(850), "850 ms");
        assert_eq!(millis(2400), "2.4 s");
    }
}
