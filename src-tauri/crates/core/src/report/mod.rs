//! The run as a document to hand over: Markdown for a ticket, a self-contained HTML page
//! that prints cleanly, or JSON for tools; and a few lines for "Copy summary".
//!
//! Everything here renders a [`CheckReport`], which holds no secret by construction: the
//! secret and tokens live in types that cannot be serialised, and every piece of evidence
//! was scrubbed when it was recorded.

mod html;
mod markdown;
mod personal;
mod summary;

use crate::check::{CheckReport, StepStatus};
use crate::findings::Severity;
use crate::setups::GroupProvisioning;
use serde::Serialize;
use std::borrow::Cow;
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

/// What a report says about the run besides the run itself: which setup, which choices,
/// and whether it may hold personal data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportContext {
    /// The saved setup's name, when the run came from one (the app); the CLI has none.
    pub setup_name: Option<String>,
    /// The admin's choice in phase 3, kept three-way: "not chosen yet" is not "users only".
    pub groups: GroupProvisioning,
    /// The run went to the local practice tenant, not to a Haiilo.
    pub practice_tenant: bool,
    /// List the first users' userNames and names. Off unless asked for: with them the
    /// report holds personal data (GDPR Art. 4(1)) and must be shared accordingly.
    pub include_users: bool,
}

impl ReportContext {
    /// Whether the rendered report holds users' userNames and names.
    pub fn holds_personal_data(&self, report: &CheckReport) -> bool {
        self.include_users && report.users.as_ref().is_some_and(|u| !u.sample.is_empty())
    }
}

/// The report in `format` with the default context: no setup name, choices not known,
/// users left out.
pub fn render(report: &CheckReport, format: ReportFormat) -> String {
    render_with(report, format, &ReportContext::default())
}

/// The report in `format`, saying what `context` knows and holding users only if asked.
pub fn render_with(report: &CheckReport, format: ReportFormat, context: &ReportContext) -> String {
    let shared = if context.include_users {
        Cow::Borrowed(report)
    } else {
        Cow::Owned(personal::without_users(report))
    };
    match format {
        ReportFormat::Markdown => markdown::render(&shared, context),
        ReportFormat::Html => html::render(&shared, context),
        ReportFormat::Json => json(&shared, context),
    }
}

/// The run's own fields plus what the context adds, under one `setup` key.
#[derive(Serialize)]
struct JsonReport<'a> {
    setup: JsonSetup<'a>,
    contains_personal_data: bool,
    #[serde(flatten)]
    report: &'a CheckReport,
}

#[derive(Serialize)]
struct JsonSetup<'a> {
    name: Option<&'a str>,
    group_provisioning: GroupProvisioning,
    practice_tenant: bool,
}

fn json(report: &CheckReport, context: &ReportContext) -> String {
    let document = JsonReport {
        setup: JsonSetup {
            name: context.setup_name.as_deref(),
            group_provisioning: context.groups,
            practice_tenant: context.practice_tenant,
        },
        contains_personal_data: context.holds_personal_data(report),
        report,
    };
    // Serialising plain data with string keys cannot fail; the fallback keeps the
    // signature simple all the same.
    serde_json::to_string_pretty(&document).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// The rows that say where the run came from and what the report holds, shared by the
/// Markdown and HTML renderers.
pub(crate) fn about_rows(report: &CheckReport, context: &ReportContext) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(name) = context.setup_name.as_deref().map(str::trim) {
        let name = if name.is_empty() { "(unnamed)" } else { name };
        rows.push(("Setup".to_string(), name.to_string()));
    }
    rows.push((
        "Tested against".to_string(),
        if context.practice_tenant {
            "the local practice tenant on this computer (demo), not a Haiilo tenant: \
             PingOne cannot reach it"
        } else {
            "the SCIM BASE URL and token URL below"
        }
        .to_string(),
    ));
    rows.push((
        "Group provisioning".to_string(),
        groups_label(context.groups).to_string(),
    ));
    rows.push((
        "Personal data".to_string(),
        personal_data_note(report, context),
    ));
    rows
}

fn groups_label(groups: GroupProvisioning) -> &'static str {
    match groups {
        GroupProvisioning::Undecided => "not chosen yet (group failures count as warnings)",
        GroupProvisioning::UsersOnly => "users only (group failures count as warnings)",
        GroupProvisioning::UsersAndGroups => "users and groups",
    }
}

/// Says plainly whether the report lists people, so the admin knows how to share it.
pub(crate) fn personal_data_note(report: &CheckReport, context: &ReportContext) -> String {
    match &report.users {
        Some(users) if context.holds_personal_data(report) => format!(
            "yes: the userNames and names of {} users in Haiilo. Share this report only \
             where such data may go.",
            users.sample.len()
        ),
        Some(users) if users.total_results > 0 && !context.include_users => {
            "left out: users' userNames and names are not in this report (each is written \
             as [user N]); only their number is given."
                .to_string()
        }
        _ => "none: the run listed no users.".to_string(),
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
