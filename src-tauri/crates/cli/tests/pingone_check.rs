//! The PingOne group of the check against the PingOne stand-in (`pingone_emulator`) and the
//! demo tenant: each scenario provokes one finding code in the group, at its step with its
//! status and a fix, no other code in the group, and neither secret in any output or report
//! format (the cloud test sends the Haiilo secret to PingOne, so both must stay protected).
//! `fault_matrix.rs`'s `every_finding_code_is_provoked` counts these scenarios too.
#![allow(clippy::unwrap_used)]

mod support;

use demo_tenant::{RunningTenant, TenantConfig};
use haiilo_scim_core::check::StepStatus::{self, Fail, Pass, Skip, Warn};
use haiilo_scim_core::check::{self, CheckOptions, CheckTarget, PingOneCheckAccess};
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::findings::FindingCode;
use haiilo_scim_core::lang::{self, Lang};
use haiilo_scim_core::pingone_api::apply::DesiredSetup;
use haiilo_scim_core::pingone_api::{AccessInput, PingOneAccess, PingOneClient};
use haiilo_scim_core::redact::Redactor;
use haiilo_scim_core::report;
use haiilo_scim_core::secret::{ClientSecret, WorkerSecret};
use pingone_emulator::{
    ClientAuthMethod, EmulatorConfig, Fault, RunningEmulator, SeededRule, SeededScimStore,
    SyncCounts,
};
use std::collections::BTreeSet;
use std::time::Duration;
use support::quick_options;
use support::run::Run;

const SCENARIO_LIMIT: Duration = Duration::from_secs(40);
const PINGONE_STEPS: [&str; 5] = [
    "pingone_token",
    "pingone_store",
    "pingone_cloud_test",
    "pingone_rule",
    "pingone_sync",
];

/// What PingOne holds at start: the store a manual setup leaves, with an active rule that
/// selects the enabled users (everything right), changed by each scenario.
struct Seed {
    store: bool,
    rule: Option<SeededRule>,
    sync: Option<SyncCounts>,
}

impl Default for Seed {
    fn default() -> Self {
        Self {
            store: true,
            rule: Some(SeededRule {
                active: true,
                population_expression: Some("enabled eq true".into()),
                ..SeededRule::default()
            }),
            sync: None,
        }
    }
}

struct World {
    tenant: RunningTenant,
    pingone: RunningEmulator,
}

impl World {
    async fn start(faults: &[&str], seed: Seed) -> Self {
        Self::start_with(faults, seed, |_| {}).await
    }

    async fn start_with(
        faults: &[&str],
        seed: Seed,
        adjust: impl FnOnce(&mut EmulatorConfig),
    ) -> Self {
        let tenant = demo_tenant::start(TenantConfig::default()).await.unwrap();
        let store = seed.store.then(|| SeededScimStore {
            with_rule: seed.rule,
            sync_status: seed.sync,
            ..SeededScimStore::haiilo(
                tenant.scim_base_url(),
                tenant.token_url(),
                tenant.client_id(),
                tenant.client_secret(),
            )
        });
        let mut config = EmulatorConfig {
            scim_store: store,
            faults: faults.iter().map(|f| f.parse::<Fault>().unwrap()).collect(),
            ..EmulatorConfig::default()
        };
        adjust(&mut config);
        let pingone = pingone_emulator::start(config).await.unwrap();
        Self { tenant, pingone }
    }

    fn access(&self) -> PingOneAccess {
        let (auth, api) = (self.pingone.auth_url(), self.pingone.api_url());
        PingOneAccess::parse(&AccessInput {
            region: "eu",
            environment_id: self.pingone.environment_id(),
            worker_client_id: self.pingone.worker_client_id(),
            auth_url: Some(&auth),
            api_url: Some(&api),
        })
        .unwrap()
        .access
    }

    fn endpoints(&self) -> Endpoints {
        Endpoints::from_explicit(&self.tenant.scim_base_url(), &self.tenant.token_url()).unwrap()
    }

    fn options(&self) -> CheckOptions {
        let mut options = quick_options();
        options.pingone = Some(PingOneCheckAccess {
            access: self.access(),
            worker_secret: WorkerSecret::new(self.pingone.worker_client_secret()),
        });
        options
    }

    /// A second SCIM store for this tenant, written through the API as apply would.
    async fn add_store(&self) {
        let (mut client, _) = PingOneClient::connect(
            &quick_options().http,
            &self.access(),
            &WorkerSecret::new(self.pingone.worker_client_secret()),
            &Redactor::default(),
        )
        .await
        .unwrap();
        let desired = DesiredSetup::for_tenant(
            &self.endpoints(),
            self.tenant.client_id(),
            Some(ClientSecret::new(self.tenant.client_secret())),
            None,
        );
        client.create_store(&desired.store).await.unwrap();
    }

    async fn check(&self, adjust: impl FnOnce(&mut CheckOptions)) -> Run {
        self.check_secret(self.tenant.client_secret(), adjust).await
    }

    async fn check_secret(&self, secret: &str, adjust: impl FnOnce(&mut CheckOptions)) -> Run {
        let mut options = self.options();
        adjust(&mut options);
        let target = CheckTarget {
            endpoints: self.endpoints(),
            client_id: self.tenant.client_id().to_string(),
        };
        let mut events = Vec::new();
        let report = check::run_check(&target, &ClientSecret::new(secret), &options, |e| {
            events.push(e.clone())
        })
        .await;
        Run {
            report,
            events,
            secrets: vec![
                secret.to_string(),
                self.tenant.client_secret().to_string(),
                self.pingone.worker_client_secret().to_string(),
            ],
            client_id: target.client_id,
        }
    }
}

/// The scenario's contract: this code at this step with this status, no other code in the
/// PingOne group, and no secret anywhere.
fn expect_in_group(run: &Run, code: FindingCode, step: &str, status: StepStatus) {
    support::assert_finding(&run.report, step, status, code);
    let codes: BTreeSet<&str> = run
        .report
        .steps
        .iter()
        .filter(|s| PINGONE_STEPS.contains(&s.id.as_str()))
        .flat_map(|s| s.findings.iter().map(|f| f.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        BTreeSet::from([code.as_str()]),
        "expected only {code} in the PingOne group:\n{}",
        report::summary_text(&run.report)
    );
    run.assert_no_secrets_anywhere();
}

macro_rules! scenarios {
    ($( $(#[$doc:meta])* $name:ident: $code:ident at $step:literal is $status:ident => $body:expr; )+) => {
        /// Every PingOne scenario and the finding it provokes.
        const PINGONE_MATRIX: &[(&str, FindingCode)] = &[$( (stringify!($name), FindingCode::$code), )+];
        $(
            $(#[$doc])*
            #[tokio::test]
            async fn $name() {
                let run: Run = tokio::time::timeout(SCENARIO_LIMIT, async { $body })
                    .await
                    .expect("the scenario ran past its time limit");
                expect_in_group(&run, FindingCode::$code, $step, $status);
            }
        )+

        /// The same scenarios in German: the same finding at the same step, and no English
        /// word in what the PingOne group says (see `assert_pingone_group_is_german`).
        mod in_german {
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let run: Run = lang::scope(
                        Lang::De,
                        tokio::time::timeout(SCENARIO_LIMIT, async { $body }),
                    )
                    .await
                    .expect("the scenario ran past its time limit");
                    expect_in_group(&run, FindingCode::$code, $step, $status);
                    assert_pingone_group_is_german(&run);
                }
            )+
        }
    };
}

/// Texts the Haiilo steps produced (summaries and findings); the PingOne cloud test quotes
/// one when the same request fails from this computer. Their German is checked with those
/// steps, so they are taken out of the PingOne texts before these are read.
fn haiilo_step_texts(run: &Run) -> Vec<String> {
    let mut texts: Vec<String> = run
        .report
        .steps
        .iter()
        .filter(|s| !PINGONE_STEPS.contains(&s.id.as_str()))
        .flat_map(|s| {
            std::iter::once(s.summary.clone()).chain(s.findings.iter().map(|f| f.summary.clone()))
        })
        .filter(|t| t.len() > 3)
        .collect();
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    texts
}

/// Every text of the PingOne steps a user reads (summary, facts, findings' summary, detail
/// and fix) has no English word outside PingOne's labels and quoted server text. Left out:
/// steps the ladder skipped after another failed (the ladder words those), the evidence's
/// request line in a finding's detail (verbatim, as the reports print it apart), and Haiilo
/// steps' texts quoted inside (see `haiilo_step_texts`), and PingOne's UUIDs.
fn assert_pingone_group_is_german(run: &Run) {
    let quoted = haiilo_step_texts(run);
    // PingOne's IDs are random UUIDs; the detector would read a piece such as `31be` as the
    // word "be". They are values, not words: masked before reading.
    let uuid = regex::Regex::new(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}").unwrap();
    let read = |what: String, text: &str| {
        let mut text = uuid.replace_all(text, "ID").into_owned();
        for haiilo in &quoted {
            text = text.replace(haiilo.as_str(), "");
        }
        let english = lang::english_words(&text);
        assert!(english.is_empty(), "{what}: English {english:?} in: {text}");
    };
    for step in run
        .report
        .steps
        .iter()
        .filter(|s| PINGONE_STEPS.contains(&s.id.as_str()) && s.skipped_because.is_none())
    {
        let id = step.id.as_str();
        read(format!("{id} title"), step.title);
        read(format!("{id} summary"), &step.summary);
        for fact in &step.facts {
            read(
                format!("{id} fact"),
                &format!("{}: {}", fact.label, fact.value),
            );
        }
        for finding in &step.findings {
            read(format!("{id} finding summary"), &finding.summary);
            read(format!("{id} finding fix"), &finding.fix);
            let evidence = finding.evidence.as_ref().map(|e| e.describe());
            for line in finding.detail.lines() {
                if Some(line) != evidence.as_deref() {
                    read(format!("{id} finding detail"), line);
                }
            }
        }
    }
}

scenarios! {
    /// PingOne answers invalid_client for a wrong secret and an unknown client alike.
    a_wrong_worker_secret_is_token_rejected: PingoneTokenRejected at "pingone_token" is Fail => {
        World::start(&["wrong-secret"], Seed::default()).await.check(|_| {}).await
    };
    an_unknown_worker_client_is_token_rejected: PingoneTokenRejected at "pingone_token" is Fail => {
        World::start(&["unknown-client"], Seed::default()).await.check(|_| {}).await
    };
    a_token_without_the_role_is_role_missing: PingoneRoleMissing at "pingone_token" is Fail => {
        World::start(&["missing-role"], Seed::default()).await.check(|_| {}).await
    };
    an_unknown_environment_is_environment_not_found: PingoneEnvironmentNotFound at "pingone_token" is Fail => {
        World::start(&["wrong-environment"], Seed::default()).await.check(|_| {}).await
    };
    a_closed_pingone_port_is_pingone_unreachable: PingoneUnreachable at "pingone_token" is Fail => {
        World::start(&[], Seed::default()).await.check(|o| {
            let pingone = o.pingone.as_mut().unwrap();
            pingone.access.auth_url = Some("http://127.0.0.1:1".into());
        }).await
    };
    a_pingone_that_keeps_answering_429_is_rate_limited: PingoneRateLimited at "pingone_token" is Fail => {
        World::start(&["rate-limit=1:1"], Seed::default()).await.check(|_| {}).await
    };
    no_store_for_this_tenant_is_store_missing: PingoneStoreMissing at "pingone_store" is Fail => {
        World::start(&[], Seed { store: false, ..Seed::default() }).await.check(|_| {}).await
    };
    two_stores_for_this_tenant_are_ambiguous: PingoneStoreAmbiguous at "pingone_store" is Fail => {
        let world = World::start(&[], Seed::default()).await;
        world.add_store().await;
        world.check(|_| {}).await
    };
    basic_instead_of_bearer_is_a_store_mismatch: PingoneStoreMismatch at "pingone_store" is Fail => {
        World::start(&["store-wrong-value=AUTHORIZATION_TYPE:Basic"], Seed::default()).await.check(|_| {}).await
    };
    a_cloud_test_that_fails_everywhere_is_cloud_test_failed: PingoneCloudTestFailed at "pingone_cloud_test" is Fail => {
        World::start(&[], Seed::default()).await.check_secret("not-the-secret", |_| {}).await
    };
    a_cloud_test_failing_where_this_computer_passes_is_a_disagreement: PingoneCloudLocalDisagree at "pingone_cloud_test" is Fail => {
        World::start(&["cloud-test-unreachable"], Seed::default()).await.check(|_| {}).await
    };
    no_rule_for_the_store_is_rule_missing: PingoneRuleMissing at "pingone_rule" is Fail => {
        World::start(&[], Seed { rule: None, ..Seed::default() }).await.check(|_| {}).await
    };
    a_switched_off_rule_is_a_warning: PingoneRuleInactive at "pingone_rule" is Warn => {
        let rule = SeededRule { active: false, ..Seed::default().rule.unwrap() };
        World::start(&[], Seed { rule: Some(rule), ..Seed::default() }).await.check(|_| {}).await
    };
    a_rule_without_the_enabled_filter_is_rule_filter: PingoneRuleFilter at "pingone_rule" is Fail => {
        let rule = SeededRule { population_expression: None, ..Seed::default().rule.unwrap() };
        World::start(&[], Seed { rule: Some(rule), ..Seed::default() }).await.check(|_| {}).await
    };
    group_provisioning_without_groups_in_the_rule_is_rule_groups: PingoneRuleGroups at "pingone_rule" is Fail => {
        World::start(&[], Seed::default()).await.check(|o| o.group_provisioning = true).await
    };
    failed_users_in_the_sync_status_are_sync_failures: PingoneSyncFailures at "pingone_sync" is Fail => {
        let sync = SyncCounts {
            failed_state: true,
            success_count: 40,
            failed_count: 2,
            failed_deprovision_count: 0,
            user_total: 42,
            details: Some("2 users: 409 uniqueness violation on userName".into()),
            last_sync_at: None,
        };
        World::start(&[], Seed { sync: Some(sync), ..Seed::default() }).await.check(|_| {}).await
    };
}

#[test]
fn every_pingone_code_has_a_scenario() {
    let provoked: BTreeSet<&str> = PINGONE_MATRIX.iter().map(|(_, c)| c.as_str()).collect();
    for code in FindingCode::ALL
        .iter()
        .filter(|c| c.as_str().starts_with("pingone_"))
    {
        // The two lookup findings belong to the Haiilo steps and the fault matrix.
        if code.as_str().starts_with("pingone_lookup") {
            continue;
        }
        assert!(
            provoked.contains(code.as_str()),
            "no PingOne scenario provokes {code}"
        );
    }
}

#[tokio::test]
async fn with_everything_right_the_whole_ladder_passes_against_the_stand_in() {
    let world = World::start(&[], Seed::default()).await;
    // A loopback Haiilo is out of the real PingOne's reach, but not of a stand-in on this
    // computer: without practice mode this must still pass.
    let run = world.check(|o| o.practice_target = false).await;
    let statuses: Vec<(&str, StepStatus)> = run
        .report
        .steps
        .iter()
        .map(|s| (s.id.as_str(), s.status))
        .collect();
    assert_eq!(statuses.len(), 18);
    for (id, status) in &statuses {
        assert_eq!(*status, Pass, "{id}: {}", report::summary_text(&run.report));
    }
    assert!(run.report.ok);
    assert_eq!(run.report.verdict.headline, "Ready for PingOne");
    let inputs = run.step("inputs");
    assert!(
        inputs.facts.iter().any(|f| f.label == "PingOne stand-in"),
        "{inputs:#?}"
    );
    run.assert_no_secrets_anywhere();

    // The cloud test reached PingOne's documented endpoint with its own content type, and
    // carried the Haiilo secret (shown redacted in the stand-in's log).
    let requests = world.pingone.requests();
    let test = requests
        .iter()
        .find(|r| r.path.ends_with("/propagation/stores/connection/status"))
        .expect("no connection test request");
    assert_eq!(test.method, "POST");
    assert_eq!(
        test.content_type.as_deref(),
        Some("application/vnd.pingidentity.connection.check+json")
    );
    assert_eq!(test.status, 200);
}

#[tokio::test]
async fn without_pingone_access_the_group_is_skipped_and_says_why() {
    let world = World::start(&[], Seed::default()).await;
    let run = world.check(|o| o.pingone = None).await;
    for id in PINGONE_STEPS {
        let step = run.step(id);
        assert_eq!(step.status, Skip, "{step:#?}");
        assert!(
            step.summary
                .starts_with("No PingOne access set up for this setup:"),
            "{}",
            step.summary
        );
        assert!(step.findings.is_empty());
    }
    assert!(run.report.ok);
    assert!(
        world.pingone.requests().is_empty(),
        "PingOne was called without access"
    );
}

#[tokio::test]
async fn a_wrong_store_value_names_the_field_both_values_and_the_console_label() {
    let world = World::start(
        &["store-wrong-value=AUTHORIZATION_TYPE:Basic"],
        Seed::default(),
    )
    .await;
    let run = world.check(|_| {}).await;
    let store = run.step("pingone_store");
    let finding = &store.findings[0];
    assert_eq!(store.findings.len(), 1, "{store:#?}");
    assert_eq!(finding.code, FindingCode::PingoneStoreMismatch);
    assert!(
        finding.summary.contains("Auth Type Header"),
        "{}",
        finding.summary
    );
    assert!(finding.summary.contains("\"Basic\""), "{}", finding.summary);
    assert!(
        finding.summary.contains("\"Bearer\""),
        "{}",
        finding.summary
    );
    // The store exists, so the rule and the sync status are still read.
    assert_eq!(run.step("pingone_rule").status, Pass);
    assert_eq!(run.step("pingone_sync").status, Pass);
}

#[tokio::test]
async fn a_refused_worker_token_skips_the_rest_of_the_group_but_not_the_haiilo_steps() {
    let world = World::start(&["wrong-secret"], Seed::default()).await;
    let run = world.check(|_| {}).await;
    let token = run.step("pingone_token");
    assert!(
        token
            .summary
            .contains("does not tell an unknown Client ID from a wrong secret"),
        "{}",
        token.summary
    );
    for id in &PINGONE_STEPS[1..] {
        assert_eq!(run.step(id).status, Skip);
    }
    assert_eq!(run.step("list_users").status, Pass);
    assert_eq!(
        run.step("pingone_store")
            .skipped_because
            .map(|s| s.as_str()),
        Some("pingone_token")
    );
}

#[tokio::test]
async fn a_worker_app_that_wants_the_form_body_passes_and_says_so() {
    let world = World::start_with(&[], Seed::default(), |c| {
        c.client_auth = ClientAuthMethod::Post;
    })
    .await;
    let run = world.check(|_| {}).await;
    let token = run.step("pingone_token");
    assert_eq!(token.status, Pass, "{token:#?}");
    assert!(
        token
            .facts
            .iter()
            .any(|f| f.value.contains("Client Secret Post")),
        "{token:#?}"
    );
    run.assert_no_secrets_anywhere();
}

/// A German run's Markdown and HTML reports hold no English, and an English run's reports
/// keep their English frame. Left out before reading, explicitly: verbatim parts (fenced
/// evidence and inline code in Markdown; `<style>`, `<pre>` and `<code>` in HTML), PingOne's
/// UUIDs, and what the Haiilo steps and the verdict say (their German is checked with
/// them). Everything else (headings, table labels, the PingOne steps, notes) is read.
#[tokio::test]
async fn a_german_report_has_no_english_and_an_english_one_keeps_its_words() {
    use haiilo_scim_core::report::{render_with, ReportContext, ReportFormat};
    use haiilo_scim_core::setups::GroupProvisioning;
    let sync = SyncCounts {
        failed_state: true,
        success_count: 1200,
        failed_count: 2,
        failed_deprovision_count: 0,
        user_total: 1202,
        details: Some("2 users: 409 uniqueness violation on userName".into()),
        last_sync_at: None,
    };
    let world = World::start(
        &["store-wrong-value=AUTHORIZATION_TYPE:Basic"],
        Seed {
            sync: Some(sync),
            ..Seed::default()
        },
    )
    .await;
    let context = ReportContext {
        setup_name: Some("Acme".into()),
        groups: GroupProvisioning::UsersOnly,
        practice_tenant: true,
        // With the users in, the Haiilo steps' texts are as the run wrote them (without,
        // a userName in them becomes `[Benutzer N]`), so they can be taken out exactly.
        include_users: true,
    };
    let german = lang::scope(Lang::De, world.check(|_| {})).await;
    let left_out = ReportContext {
        include_users: false,
        ..context.clone()
    };
    let shared = lang::sync_scope(Lang::De, || {
        render_with(&german.report, ReportFormat::Markdown, &left_out)
    });
    assert!(
        shared.contains("weggelassen: userNames und Namen"),
        "{shared}"
    );
    let (markdown, html) = lang::sync_scope(Lang::De, || {
        (
            render_with(&german.report, ReportFormat::Markdown, &context),
            render_with(&german.report, ReportFormat::Html, &context),
        )
    });
    assert!(html.contains("<html lang=\"de\">"));
    assert!(
        markdown.contains("## Schritte") && markdown.contains("| „Auth Type Header“ | „Bearer“ |")
    );
    assert!(html.contains("<h2>Umgebung</h2>"));

    let mut foreign: Vec<String> = german
        .report
        .steps
        .iter()
        .filter(|s| !PINGONE_STEPS.contains(&s.id.as_str()))
        .flat_map(|s| {
            let mut texts = vec![s.summary.clone()];
            // A fact as both reports print it (HTML's two cells are joined below).
            for fact in &s.facts {
                texts.push(format!("{}: {}", fact.label, fact.value));
            }
            for f in &s.findings {
                texts.extend([f.summary.clone(), f.fix.clone()]);
                texts.extend(f.detail.lines().map(str::to_string));
            }
            texts
        })
        .chain([german.report.verdict.headline.clone()])
        .chain(
            german
                .report
                .verdict
                .items
                .iter()
                .filter(|i| !PINGONE_STEPS.contains(&i.step.as_str()))
                .flat_map(|i| [i.summary.clone(), i.fix.clone()]),
        )
        // Long texts only, so that no word of the frame is taken out with them.
        .filter(|t| t.trim().len() > 12)
        .flat_map(|t| [t.replace('\n', " "), t.replace('|', "\\|")])
        .collect();
    foreign.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let uuid = regex::Regex::new(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}").unwrap();
    let read = |what: &str, text: String| {
        let mut text = uuid.replace_all(&text, "ID").into_owned();
        for t in &foreign {
            text = text.replace(t.as_str(), " ");
        }
        let english = lang::english_words(&text);
        assert!(
            english.is_empty(),
            "{what}: English {english:?} in:\n{text}"
        );
    };
    let fenced = regex::Regex::new(r"(?s)```+.*?```+").unwrap();
    let inline = regex::Regex::new(r"`[^`\n]*`").unwrap();
    let markdown = fenced.replace_all(&markdown, " ");
    read("Markdown", inline.replace_all(&markdown, " ").into_owned());
    let verbatim = regex::Regex::new(r"(?s)<(style|pre|code)[^>]*>.*?</(style|pre|code)>").unwrap();
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    let html = html.replace("</th><td>", ": ");
    let html = verbatim.replace_all(&html, " ");
    let html = tags.replace_all(&html, "\n");
    let html = html
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    read("HTML", html);

    // The copied summary, read the same way.
    let summary = lang::sync_scope(Lang::De, || report::summary_text(&german.report));
    assert!(
        summary.starts_with("Haiilo-SCIM-Verbindungstest:"),
        "{summary}"
    );
    read("summary", summary);

    // The English run: English frame, English language tag.
    let english = world.check(|_| {}).await;
    let html = render_with(&english.report, ReportFormat::Html, &context);
    let markdown = render_with(&english.report, ReportFormat::Markdown, &context);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(markdown.contains("## Steps") && markdown.contains("| Auth Type Header | Bearer |"));
    assert!(markdown.contains("**Tested against:** the local practice tenant"));
    assert!(html.contains("<h2>To fix, worst first</h2>"));
}
