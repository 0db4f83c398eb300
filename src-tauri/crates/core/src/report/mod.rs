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
use crate::lang::Lang;
use crate::setups::GroupProvisioning;
use crate::{tr, trf};
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
        let name = if name.is_empty() {
            tr!("(unnamed)", "(ohne Namen)")
        } else {
            name
        };
        rows.push(("Setup".to_string(), name.to_string()));
    }
    rows.push((
        tr!("Tested against", "Geprüft gegen").to_string(),
        if context.practice_tenant {
            tr!(
                "the local practice tenant on this computer (demo), not a Haiilo tenant: \
                 PingOne cannot reach it",
                "den lokalen Übungs-Tenant auf diesem Computer (Demo), keinen Haiilo-Tenant: \
                 PingOne kann ihn nicht erreichen"
            )
        } else {
            tr!(
                "the SCIM BASE URL and token URL below",
                "die „SCIM BASE URL“ und die Token-URL unten"
            )
        }
        .to_string(),
    ));
    rows.push((
        tr!("Group provisioning", "Gruppen-Provisionierung").to_string(),
        groups_label(context.groups).to_string(),
    ));
    rows.push((
        tr!("Personal data", "Personenbezogene Daten").to_string(),
        personal_data_note(report, context),
    ));
    rows
}

fn groups_label(groups: GroupProvisioning) -> &'static str {
    match groups {
        GroupProvisioning::Undecided => tr!(
            "not chosen yet (group failures count as warnings)",
            "noch nicht gewählt (Fehler bei Gruppen zählen als Warnungen)"
        ),
        GroupProvisioning::UsersOnly => tr!(
            "users only (group failures count as warnings)",
            "nur Benutzer (Fehler bei Gruppen zählen als Warnungen)"
        ),
        GroupProvisioning::UsersAndGroups => tr!("users and groups", "Benutzer und Gruppen"),
    }
}

/// Says plainly whether the report lists people, so the admin knows how to share it.
pub(crate) fn personal_data_note(report: &CheckReport, context: &ReportContext) -> String {
    match &report.users {
        Some(users) if context.holds_personal_data(report) => {
            let count = number(users.sample.len() as u64);
            trf!(
                "yes: the userNames and names of {count} users in Haiilo. Share this report only \
                 where such data may go.",
                "ja: die userNames und Namen von {count} Benutzern in Haiilo. Geben Sie diesen Bericht \
                 nur dorthin weiter, wo solche Daten hin dürfen."
            )
        }
        Some(users) if users.total_results > 0 && !context.include_users => tr!(
            "left out: users' userNames and names are not in this report (each is written \
             as [user N]); only their number is given.",
            "weggelassen: userNames und Namen der Benutzer stehen nicht in diesem Bericht (jeder \
             erscheint als [Benutzer N]); nur ihre Anzahl ist angegeben."
        )
        .to_string(),
        _ => tr!(
            "none: the run listed no users.",
            "keine: Der Verbindungstest hat keine Benutzer aufgelistet."
        )
        .to_string(),
    }
}

pub(crate) fn status_label(status: StepStatus) -> &'static str {
    match (status, crate::lang::current()) {
        (StepStatus::Pass, Lang::En) => "PASS",
        (StepStatus::Warn, Lang::En) => "WARN",
        (StepStatus::Skip, Lang::En) => "SKIP",
        (StepStatus::Fail, Lang::En) => "FAIL",
        (StepStatus::Pass, Lang::De) => "OK",
        (StepStatus::Warn, Lang::De) => "WARNUNG",
        (StepStatus::Skip, Lang::De) => "ÜBERSPRUNGEN",
        (StepStatus::Fail, Lang::De) => "FEHLER",
    }
}

pub(crate) fn severity_label(severity: Severity) -> &'static str {
    match (severity, crate::lang::current()) {
        (Severity::Warn, Lang::En) => "warning",
        (Severity::Error, Lang::En) => "problem",
        (Severity::Critical, Lang::En) => "critical",
        (Severity::Warn, Lang::De) => "Warnung",
        (Severity::Error, Lang::De) => "Problem",
        (Severity::Critical, Lang::De) => "kritisch",
    }
}

/// The closing sentence of every report, so a reader knows what was left out.
pub(crate) fn privacy_note() -> &'static str {
    tr!(
        "This report contains no Client Secret, no access token and no \
         Authorization header; response excerpts were scrubbed of anything that looks like a credential.",
        "Dieser Bericht enthält kein Client Secret, kein Zugriffstoken und keinen \
         Authorization-Header; aus Antwortauszügen wurde alles entfernt, was wie ein Zugangsdatum aussieht."
    )
}

/// How a user's `active` flag reads in a report.
pub(crate) fn active_label(active: Option<bool>) -> &'static str {
    match active {
        Some(true) => tr!("yes", "ja"),
        Some(false) => tr!("no", "nein"),
        None => "",
    }
}

/// The environment table's rows, shared by the Markdown and HTML renderers.
pub(crate) fn environment_rows(report: &CheckReport) -> Vec<(String, String)> {
    let e = &report.environment;
    let mut rows = vec![
        (
            tr!("App version", "App-Version").to_string(),
            e.app_version.clone(),
        ),
        (
            tr!("Operating system", "Betriebssystem").to_string(),
            format!("{} ({})", e.os, e.arch),
        ),
        (
            tr!("Proxy used", "Verwendeter Proxy").to_string(),
            e.proxy
                .clone()
                .unwrap_or_else(|| tr!("none", "keiner").into()),
        ),
    ];
    rows.extend(
        e.proxy_variables
            .iter()
            .map(|v| (v.name.clone(), v.value.clone())),
    );
    rows.push((
        tr!("Started", "Gestartet").to_string(),
        timestamp(&report.started_at),
    ));
    rows
}

/// `850 ms`, `2.4 s` (German: `2,4 s`).
pub(crate) fn millis(ms: u64) -> String {
    if ms < 1000 {
        format!("{} ms", number(ms))
    } else {
        let seconds = format!("{:.1}", ms as f64 / 1000.0);
        match crate::lang::current() {
            Lang::En => format!("{seconds} s"),
            Lang::De => format!("{} s", seconds.replace('.', ",")),
        }
    }
}

/// A whole number as the report writes it (English as before, German grouped).
pub use crate::lang::count as number;

/// An RFC 3339 time (`2026-11-30T10:00:00.000Z`) the way the current language writes
/// dates: English keeps the machine form (unchanged from before), German reads
/// `30.11.2026, 10:00:00 UTC`. Anything that is not such a time is returned as it is.
pub fn timestamp(rfc3339: &str) -> String {
    match crate::lang::current() {
        Lang::En => rfc3339.to_string(),
        Lang::De => german_timestamp(rfc3339).unwrap_or_else(|| rfc3339.to_string()),
    }
}

fn german_timestamp(text: &str) -> Option<String> {
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let mut parts = date.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return None;
    }
    let zone_at = time.find(['Z', 'z', '+', '-'])?;
    let (clock, zone) = time.split_at(zone_at);
    let clock = clock.split('.').next()?;
    if clock.len() != 8 || !clock.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    let zone = if zone.eq_ignore_ascii_case("z") || zone == "+00:00" {
        "UTC".to_string()
    } else {
        format!("UTC{zone}")
    };
    let day: u32 = day.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    Some(format!("{day}.{month}.{year}, {clock} {zone}"))
}

/// `haiilo-scim-assistant 0.1.0 · linux/x86_64 · proxy: none`
pub(crate) fn environment_line(report: &CheckReport) -> String {
    let e = &report.environment;
    let (version, os, arch) = (&e.app_version, &e.os, &e.arch);
    let proxy = e.proxy.as_deref().unwrap_or(tr!("none", "keiner"));
    trf!(
        "haiilo-scim-assistant {version} · {os}/{arch} · proxy: {proxy}",
        "haiilo-scim-assistant {version} · {os}/{arch} · Proxy: {proxy}"
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
    fn german_reports_write_numbers_durations_and_dates_the_german_way() {
        use crate::lang::{sync_scope, Lang};
        sync_scope(Lang::De, || {
            assert_eq!(millis(850), "850 ms");
            assert_eq!(millis(2400), "2,4 s");
            assert_eq!(number(12345), "12.345");
            assert_eq!(
                timestamp("2026-11-30T09:05:07.123Z"),
                "30.11.2026, 09:05:07 UTC"
            );
            assert_eq!(
                timestamp("2026-01-02T10:00:00+01:00"),
                "2.1.2026, 10:00:00 UTC+01:00"
            );
            assert_eq!(timestamp("yesterday"), "yesterday", "not a time: as it is");
        });
        // English is as before: no grouping, the machine time.
        assert_eq!(number(12345), "12345");
        assert_eq!(timestamp("2026-11-30T09:05:07Z"), "2026-11-30T09:05:07Z");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(millis(850), "850 ms");
        assert_eq!(millis(2400), "2.4 s");
    }
}
