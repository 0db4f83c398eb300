//! What a check produces: the steps of the ladder and their results, the events streamed
//! while it runs, and the report at the end. Holds no secret: safe to print, save and send
//! to the UI.

use crate::environment::Environment;
use crate::findings::{Fact, Finding, FindingCode, Severity};
use crate::pingone::PingOneValues;
use crate::scim::UserSummary;
use crate::tr;
use serde::Serialize;

/// The rungs of the diagnostic ladder, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    Inputs,
    Dns,
    Tcp,
    Tls,
    Token,
    ScimRequiresAuth,
    ServiceProviderConfig,
    ListUsers,
    PingoneLookupAbsent,
    PingoneLookupExisting,
    Paging,
    Groups,
    ErrorFormat,
    PingoneToken,
    PingoneStore,
    PingoneCloudTest,
    PingoneRule,
    PingoneSync,
}

/// How the step list is grouped on screen and in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepGroup {
    Network,
    Authentication,
    Scim,
    PingoneCompatibility,
    /// PingOne's own side, read through the Platform API (needs PingOne access).
    Pingone,
}

impl StepGroup {
    pub const ALL: [StepGroup; 5] = [
        StepGroup::Network,
        StepGroup::Authentication,
        StepGroup::Scim,
        StepGroup::PingoneCompatibility,
        StepGroup::Pingone,
    ];

    pub fn title(self) -> &'static str {
        match self {
            StepGroup::Network => tr!("Network", "Netzwerk"),
            StepGroup::Authentication => tr!("Authentication", "Anmeldung"),
            StepGroup::Scim => "SCIM",
            StepGroup::PingoneCompatibility => {
                tr!("PingOne compatibility", "Kompatibilität mit PingOne")
            }
            StepGroup::Pingone => "PingOne",
        }
    }
}

impl StepId {
    pub const ALL: [StepId; 18] = [
        StepId::Inputs,
        StepId::Dns,
        StepId::Tcp,
        StepId::Tls,
        StepId::Token,
        StepId::ScimRequiresAuth,
        StepId::ServiceProviderConfig,
        StepId::ListUsers,
        StepId::PingoneLookupAbsent,
        StepId::PingoneLookupExisting,
        StepId::Paging,
        StepId::Groups,
        StepId::ErrorFormat,
        StepId::PingoneToken,
        StepId::PingoneStore,
        StepId::PingoneCloudTest,
        StepId::PingoneRule,
        StepId::PingoneSync,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepId::Inputs => "inputs",
            StepId::Dns => "dns",
            StepId::Tcp => "tcp",
            StepId::Tls => "tls",
            StepId::Token => "token",
            StepId::ScimRequiresAuth => "scim_requires_auth",
            StepId::ServiceProviderConfig => "service_provider_config",
            StepId::ListUsers => "list_users",
            StepId::PingoneLookupAbsent => "pingone_lookup_absent",
            StepId::PingoneLookupExisting => "pingone_lookup_existing",
            StepId::Paging => "paging",
            StepId::Groups => "groups",
            StepId::ErrorFormat => "error_format",
            StepId::PingoneToken => "pingone_token",
            StepId::PingoneStore => "pingone_store",
            StepId::PingoneCloudTest => "pingone_cloud_test",
            StepId::PingoneRule => "pingone_rule",
            StepId::PingoneSync => "pingone_sync",
        }
    }

    /// What the step does, in a few words for the step list.
    pub fn title(self) -> &'static str {
        match self {
            StepId::Inputs => tr!("Check the values", "Die Werte prüfen"),
            StepId::Dns => tr!("Find the server (DNS)", "Den Server finden (DNS)"),
            StepId::Tcp => tr!("Connect", "Verbinden"),
            StepId::Tls => tr!("Secure connection (TLS)", "Sichere Verbindung (TLS)"),
            StepId::Token => tr!("Get an access token", "Ein Zugriffstoken holen"),
            StepId::ScimRequiresAuth => tr!(
                "SCIM refuses requests without a token",
                "SCIM lehnt Anfragen ohne Token ab"
            ),
            StepId::ServiceProviderConfig => {
                tr!("Read the SCIM features", "Die SCIM-Funktionen lesen")
            }
            StepId::ListUsers => tr!("List users over SCIM", "Benutzer über SCIM auflisten"),
            StepId::PingoneLookupAbsent => tr!(
                "PingOne's lookup of a new user",
                "PingOnes Suche nach einem neuen Benutzer"
            ),
            StepId::PingoneLookupExisting => tr!(
                "PingOne's lookup of an existing user",
                "PingOnes Suche nach einem vorhandenen Benutzer"
            ),
            StepId::Paging => tr!("Page through users", "Benutzer seitenweise lesen"),
            StepId::Groups => tr!("List groups", "Gruppen auflisten"),
            StepId::ErrorFormat => tr!("SCIM error answers", "SCIM-Fehlerantworten"),
            StepId::PingoneToken => tr!("PingOne worker app token", "Token der PingOne-Worker-App"),
            StepId::PingoneStore => tr!("PingOne's SCIM connection", "PingOnes SCIM-Verbindung"),
            StepId::PingoneCloudTest => tr!("Test from PingOne's cloud", "Test aus PingOnes Cloud"),
            StepId::PingoneRule => {
                tr!(
                    "PingOne's provisioning rule",
                    "PingOnes Provisionierungsregel"
                )
            }
            StepId::PingoneSync => tr!("PingOne's sync status", "PingOnes Sync-Status"),
        }
    }

    pub fn group(self) -> StepGroup {
        match self {
            StepId::Inputs | StepId::Dns | StepId::Tcp | StepId::Tls => StepGroup::Network,
            StepId::Token | StepId::ScimRequiresAuth => StepGroup::Authentication,
            StepId::ServiceProviderConfig
            | StepId::ListUsers
            | StepId::Paging
            | StepId::Groups
            | StepId::ErrorFormat => StepGroup::Scim,
            // PingOne's own requests, replayed.
            StepId::PingoneLookupAbsent | StepId::PingoneLookupExisting => {
                StepGroup::PingoneCompatibility
            }
            StepId::PingoneToken
            | StepId::PingoneStore
            | StepId::PingoneCloudTest
            | StepId::PingoneRule
            | StepId::PingoneSync => StepGroup::Pingone,
        }
    }

    /// The steps that must have finished (without blocking) before this one can start.
    ///
    /// Everything that uses the token waits for `list_users`: it is the plainest SCIM request
    /// PingOne makes, and when it fails (wrong path, token refused, directory inactive) the
    /// other SCIM steps would only repeat its finding.
    pub fn needs(self) -> &'static [StepId] {
        match self {
            StepId::Inputs => &[],
            StepId::Dns => &[StepId::Inputs],
            StepId::Tcp => &[StepId::Dns],
            StepId::Tls => &[StepId::Tcp],
            StepId::Token | StepId::ScimRequiresAuth => &[StepId::Tls],
            StepId::ListUsers => &[StepId::Token],
            StepId::ServiceProviderConfig
            | StepId::PingoneLookupExisting
            | StepId::Paging
            | StepId::Groups
            | StepId::ErrorFormat => &[StepId::ListUsers],
            // Reads the provider config to tell "filter unsupported" from a server that
            // simply has no matching user.
            StepId::PingoneLookupAbsent => &[StepId::ListUsers, StepId::ServiceProviderConfig],
            // PingOne's side needs only the values checked; the cloud test runs from
            // PingOne's cloud, beside the Haiilo steps, and makes its own local comparison.
            StepId::PingoneToken => &[StepId::Inputs],
            StepId::PingoneStore | StepId::PingoneCloudTest => &[StepId::PingoneToken],
            // Both read what belongs to the store `pingone_store` found.
            StepId::PingoneRule | StepId::PingoneSync => &[StepId::PingoneStore],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Pass,
    Warn,
    Skip,
    Fail,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepResult {
    pub id: StepId,
    pub title: &'static str,
    pub status: StepStatus,
    pub duration_ms: u64,
    pub summary: String,
    /// The worst of `findings` (the first), or `None`.
    pub finding: Option<Finding>,
    pub group: StepGroup,
    /// When the step started, from the start of the run (for a timing waterfall).
    pub started_ms: u64,
    /// Everything the step found, worst first.
    pub findings: Vec<Finding>,
    /// What the step observed: addresses, TLS version, token lifetime, SCIM features.
    pub facts: Vec<Fact>,
    /// For a skipped step: the failed step that made it pointless.
    pub skipped_because: Option<StepId>,
    /// For a failed step: the later steps skipped because of it.
    pub skipped_steps: Vec<StepId>,
}

impl StepResult {
    /// A step that never ran (skipped, or failed before it could start): no time, no
    /// findings, no facts.
    pub fn not_run(id: StepId, status: StepStatus, summary: String) -> Self {
        Self {
            id,
            title: id.title(),
            status,
            duration_ms: 0,
            summary,
            finding: None,
            group: id.group(),
            started_ms: 0,
            findings: Vec::new(),
            facts: Vec::new(),
            skipped_because: None,
            skipped_steps: Vec::new(),
        }
    }
}

/// Progress, in the order it happens. With steps running side by side, `StepFinished`
/// events come in the order the steps finish; a failed step's is followed at once by one
/// for each step it made pointless.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CheckEvent {
    StepStarted { id: StepId, title: &'static str },
    StepFinished(Box<StepResult>),
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TargetSummary {
    pub scim_base_url: String,
    pub token_url: String,
    pub client_id: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UsersPreview {
    pub total_results: u64,
    pub sample: Vec<UserSummary>,
}

/// One line of the verdict: a distinct problem, with the step that found it first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerdictItem {
    pub step: StepId,
    pub code: FindingCode,
    pub severity: Severity,
    pub summary: String,
    pub fix: String,
}

/// The answer to "can I switch PingOne on?".
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verdict {
    /// No step failed.
    pub ready: bool,
    /// "Ready for PingOne", "Ready for PingOne, with 1 warning" or "2 problems to fix".
    pub headline: String,
    /// Distinct findings at `error` or `critical`.
    pub problems: u32,
    /// Distinct findings at `warn`.
    pub warnings: u32,
    /// Every distinct finding, worst first.
    pub items: Vec<VerdictItem>,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    pub ok: bool,
    pub target: TargetSummary,
    /// In ladder order (not the order they finished).
    pub steps: Vec<StepResult>,
    pub users: Option<UsersPreview>,
    pub verdict: Verdict,
    /// The values PingOne's connection needs, for the report.
    pub pingone: PingOneValues,
    /// Whether group provisioning was chosen (then `groups` failures are errors).
    pub group_provisioning: bool,
    /// When the run started, RFC 3339 in UTC.
    pub started_at: String,
    pub duration_ms: u64,
    pub environment: Environment,
}

impl Verdict {
    /// `practice_target`: the run tested the demo's practice tenant, which PingOne cannot
    /// reach, so a pass is worded as a pass there, not as "Ready for PingOne".
    pub fn from_steps(steps: &[StepResult], practice_target: bool) -> Self {
        let mut items: Vec<VerdictItem> = Vec::new();
        for step in steps {
            for finding in &step.findings {
                match items.iter_mut().find(|i| i.code == finding.code) {
                    // The worse sighting speaks for the problem: its step, words and fix.
                    Some(item) if item.severity < finding.severity => {
                        *item = VerdictItem {
                            step: step.id,
                            code: finding.code,
                            severity: finding.severity,
                            summary: finding.summary.clone(),
                            fix: finding.fix.clone(),
                        };
                    }
                    Some(_) => {}
                    None => items.push(VerdictItem {
                        step: step.id,
                        code: finding.code,
                        severity: finding.severity,
                        summary: finding.summary.clone(),
                        fix: finding.fix.clone(),
                    }),
                }
            }
        }
        // Worst first; among equals, by what the defect does to provisioning (wrong-user
        // matches first), then the earlier rung (it is usually the cause).
        items.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(
                    a.code
                        .provisioning_impact()
                        .cmp(&b.code.provisioning_impact()),
                )
                .then(a.step.cmp(&b.step))
        });
        let problems = items
            .iter()
            .filter(|i| i.severity >= Severity::Error)
            .count();
        let warnings = items.len() - problems;
        let ready = steps.iter().all(|s| s.status != StepStatus::Fail);
        let headline = headline(ready, problems, warnings, practice_target);
        Self {
            ready,
            headline,
            problems: u32::try_from(problems).unwrap_or(u32::MAX),
            warnings: u32::try_from(warnings).unwrap_or(u32::MAX),
            items,
        }
    }
}

/// "Ready for PingOne", "Ready for PingOne, with 1 warning" or "2 problems to fix"; on the
/// practice tenant "Passed on the practice tenant" instead of "Ready for PingOne".
fn headline(ready: bool, problems: usize, warnings: usize, practice_target: bool) -> String {
    match crate::lang::current() {
        crate::lang::Lang::En => {
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let passed = if practice_target {
                "Passed on the practice tenant"
            } else {
                "Ready for PingOne"
            };
            if !ready {
                // A step can fail without a finding only when the run itself could not start.
                format!("{} to fix", plural(problems.max(1), "problem"))
            } else if warnings == 0 {
                passed.to_string()
            } else {
                format!("{passed}, with {}", plural(warnings, "warning"))
            }
        }
        crate::lang::Lang::De => {
            let passed = if practice_target {
                "Auf dem Übungs-Tenant bestanden"
            } else {
                "Bereit für PingOne"
            };
            if !ready {
                match problems.max(1) {
                    1 => "1 Problem zu beheben".to_string(),
                    n => format!("{n} Probleme zu beheben"),
                }
            } else {
                match warnings {
                    0 => passed.to_string(),
                    1 => format!("{passed}, mit 1 Warnung"),
                    n => format!("{passed}, mit {n} Warnungen"),
                }
            }
        }
    }
}
