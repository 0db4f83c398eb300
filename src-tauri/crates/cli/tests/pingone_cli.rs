//! `haiilo-scim pingone apply` and `haiilo-scim check` with PingOne access, against the
//! PingOne stand-in and the demo tenant: apply → the check passes → apply again changes
//! nothing; confirmation, dry runs, bad input, and neither secret in any output.
#![allow(clippy::unwrap_used)]

mod support;

use demo_tenant::{RunningTenant, TenantConfig};
use pingone_emulator::{EmulatorConfig, RunningEmulator};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use support::{assert_none_of, forbidden};

struct World {
    tenant: RunningTenant,
    pingone: RunningEmulator,
}

impl World {
    async fn start() -> Self {
        let tenant = demo_tenant::start(TenantConfig::default()).await.unwrap();
        let pingone = pingone_emulator::start(EmulatorConfig::default())
            .await
            .unwrap();
        Self { tenant, pingone }
    }

    /// The target and PingOne access options every command here takes.
    fn common_args(&self) -> Vec<String> {
        [
            "--scim-base-url",
            &self.tenant.scim_base_url(),
            "--token-url",
            &self.tenant.token_url(),
            "--client-id",
            self.tenant.client_id(),
            "--environment-id",
            self.pingone.environment_id(),
            "--api-url",
            &self.pingone.api_url(),
            "--auth-url",
            &self.pingone.auth_url(),
            "--worker-client-id",
            self.pingone.worker_client_id(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    async fn run(&self, command: &[&str], extra: &[&str], worker_secret: Option<&str>) -> Output {
        let mut args: Vec<String> = command.iter().map(|s| s.to_string()).collect();
        args.extend(self.common_args());
        args.extend(extra.iter().map(|s| s.to_string()));
        let haiilo_secret = self.tenant.client_secret().to_string();
        let worker_secret = worker_secret.map(str::to_string);
        let output = tokio::task::spawn_blocking(move || {
            let mut command = Command::new(env!("CARGO_BIN_EXE_haiilo-scim"));
            command
                .args(&args)
                .env("NO_COLOR", "1")
                .env("HAIILO_CLIENT_SECRET", haiilo_secret)
                .env_remove("PINGONE_WORKER_SECRET")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            if let Some(secret) = worker_secret {
                command.env("PINGONE_WORKER_SECRET", secret);
            }
            let mut child = command.spawn().unwrap();
            // Not a terminal, and nothing to read.
            child.stdin.take().unwrap().write_all(b"").unwrap();
            child.wait_with_output().unwrap()
        })
        .await
        .unwrap();
        self.assert_no_secrets(&output);
        output
    }

    fn assert_no_secrets(&self, output: &Output) {
        let forms = [
            forbidden(
                &[self.tenant.client_secret()],
                Some(self.tenant.client_id()),
            ),
            forbidden(
                &[self.pingone.worker_client_secret()],
                Some(self.pingone.worker_client_id()),
            ),
        ]
        .concat();
        assert_none_of(&String::from_utf8_lossy(&output.stdout), &forms);
        assert_none_of(&String::from_utf8_lossy(&output.stderr), &forms);
    }

    fn worker_secret(&self) -> Option<&str> {
        Some(self.pingone.worker_client_secret())
    }

    /// Requests that changed something in PingOne.
    fn writes(&self) -> usize {
        self.pingone
            .requests()
            .iter()
            .filter(|r| matches!(r.method.as_str(), "POST" | "PUT" | "DELETE"))
            .filter(|r| !r.path.ends_with("/as/token") && !r.path.ends_with("/connection/status"))
            .count()
    }
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn actions(value: &Value) -> Vec<(String, String)> {
    value["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["resource"].as_str().unwrap().to_string(),
                r["action"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_then_check_passes_then_apply_again_changes_nothing() {
    let world = World::start().await;

    let first = world
        .run(
            &["pingone", "apply"],
            &["--yes", "--json"],
            world.worker_secret(),
        )
        .await;
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let first = json(&first);
    assert_eq!(first["ok"], true);
    assert_eq!(first["applied"], true);
    let planned = actions(&first);
    assert!(
        planned.contains(&("scim_store".into(), "create".into())),
        "{planned:?}"
    );
    assert!(
        planned.contains(&("rule".into(), "create".into())),
        "{planned:?}"
    );
    let store = first["plan"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource"] == "scim_store")
        .unwrap();
    let secret_change = store["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "OAUTH_CLIENT_SECRET")
        .expect("the secret is part of the new store");
    assert_eq!(secret_change["to"], "changed");
    let writes = world.writes();
    assert!(writes >= 3, "{writes} writes");

    // The check now finds the store, the rule (created switched off: a warning) and PingOne's
    // cloud test passing; a loopback Haiilo is reachable for the stand-in.
    let check = world
        .run(&["check"], &["--json"], world.worker_secret())
        .await;
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let report = json(&check);
    assert_eq!(report["ok"], true);
    let status = |id: &str| {
        report["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    for id in [
        "inputs",
        "list_users",
        "pingone_token",
        "pingone_store",
        "pingone_cloud_test",
        "pingone_sync",
    ] {
        assert_eq!(status(id), "pass", "{id}");
    }
    assert_eq!(status("pingone_rule"), "warn");
    assert_eq!(report["steps"].as_array().unwrap().len(), 18);
    // The terminal output of the same check: the PingOne header and steps, no secret
    // (`run` asserts that for every output).
    let human = world.run(&["check"], &[], world.worker_secret()).await;
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8_lossy(&human.stdout);
    for line in [
        "PingOne access",
        "Test from PingOne's cloud",
        "pingone_rule_inactive",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }

    let again = world
        .run(
            &["pingone", "apply"],
            &["--yes", "--json"],
            world.worker_secret(),
        )
        .await;
    assert_eq!(again.status.code(), Some(0));
    let again = json(&again);
    assert_eq!(again["applied"], false);
    for (resource, action) in actions(&again) {
        assert_eq!(action, "unchanged", "{resource}");
    }
    assert_eq!(world.writes(), writes, "the second apply wrote something");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_without_yes_off_a_terminal_refuses_and_writes_nothing() {
    let world = World::start().await;
    let output = world
        .run(&["pingone", "apply"], &[], world.worker_secret())
        .await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--yes") && stderr.contains("--dry-run"),
        "{stderr}"
    );
    assert_eq!(world.writes(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_prints_the_plan_and_writes_nothing() {
    let world = World::start().await;
    let output = world
        .run(&["pingone", "apply"], &["--dry-run"], world.worker_secret())
        .await;
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("create"), "{text}");
    assert!(
        text.contains("OAuth Client Secret: (empty) → changed"),
        "{text}"
    );
    assert!(text.contains("Nothing was written."), "{text}");
    assert_eq!(world.writes(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_secret_is_never_an_argument_and_its_absence_is_explained() {
    let world = World::start().await;
    let output = world.run(&["check"], &["--json"], None).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("PINGONE_WORKER_SECRET"));
    let refused = world
        .run(&["check"], &["--worker-secret", "x"], world.worker_secret())
        .await;
    assert_eq!(refused.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_worker_secret_fails_the_check_with_token_rejected() {
    let world = World::start().await;
    let output = world
        .run(&["check"], &["--json"], Some("not-the-worker-secret"))
        .await;
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let token = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "pingone_token")
        .unwrap();
    assert_eq!(token["status"], "fail");
    assert_eq!(token["finding"]["code"], "pingone_token_rejected");
    assert_none_of(
        &String::from_utf8_lossy(&output.stdout),
        &forbidden(
            &["not-the-worker-secret"],
            Some(world.pingone.worker_client_id()),
        ),
    );
    // Apply says the same, as a finding with exit 1.
    let apply = world
        .run(
            &["pingone", "apply"],
            &["--yes", "--json"],
            Some("not-the-worker-secret"),
        )
        .await;
    assert_eq!(apply.status.code(), Some(1));
    let apply = json(&apply);
    assert_eq!(apply["ok"], false);
    assert_eq!(apply["findings"][0]["code"], "pingone_token_rejected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_given_pingone_access_is_bad_input() {
    let world = World::start().await;
    let output = tokio::task::spawn_blocking({
        let scim = world.tenant.scim_base_url();
        let token = world.tenant.token_url();
        let id = world.tenant.client_id().to_string();
        let secret = world.tenant.client_secret().to_string();
        move || {
            Command::new(env!("CARGO_BIN_EXE_haiilo-scim"))
                .args([
                    "check",
                    "--scim-base-url",
                    &scim,
                    "--token-url",
                    &token,
                    "--client-id",
                    &id,
                ])
                .args([
                    "--environment-id",
                    "not-a-uuid",
                    "--region",
                    "eu",
                    "--worker-client-id",
                    "w",
                ])
                .env("HAIILO_CLIENT_SECRET", secret)
                .env("PINGONE_WORKER_SECRET", "x")
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("UUID"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_secrets_can_come_from_stdin_haiilo_first() {
    let world = World::start().await;
    let mut args = vec!["check".to_string()];
    args.extend(world.common_args());
    args.extend(["--client-secret-stdin", "--worker-secret-stdin", "--json"].map(String::from));
    let input = format!(
        "{}\n{}\n",
        world.tenant.client_secret(),
        world.pingone.worker_client_secret()
    );
    let output = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_haiilo-scim"))
            .args(&args)
            .env_remove("HAIILO_CLIENT_SECRET")
            .env_remove("PINGONE_WORKER_SECRET")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    world.assert_no_secrets(&output);
    let report = json(&output);
    let token = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "pingone_token")
        .unwrap();
    assert_eq!(token["status"], "pass", "{token}");
    let haiilo = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "token")
        .unwrap();
    assert_eq!(haiilo["status"], "pass", "{haiilo}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switch_on_runs_pingones_test_first_then_switches_the_rule_on_once() {
    let world = World::start().await;
    let applied = world
        .run(
            &["pingone", "apply"],
            &["--yes", "--json"],
            world.worker_secret(),
        )
        .await;
    assert_eq!(applied.status.code(), Some(0));

    // Off a terminal and without --yes, nothing is switched.
    let unconfirmed = world
        .run(&["pingone", "switch-on"], &[], world.worker_secret())
        .await;
    assert_eq!(unconfirmed.status.code(), Some(2));
    let writes = world.writes();

    let first = world
        .run(
            &["pingone", "switch-on"],
            &["--yes", "--json"],
            world.worker_secret(),
        )
        .await;
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    let first = json(&first);
    assert_eq!(first["switched_on"], true);
    assert_eq!(first["already_on"], false);
    assert_eq!(world.writes(), writes + 1, "one write: the rule");
    let cloud_tests = |world: &World| {
        world
            .pingone
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/connection/status"))
            .count()
    };
    assert_eq!(cloud_tests(&world), 1, "PingOne's own test ran first");

    // The check now passes PingOne's rule step too.
    let check = json(
        &world
            .run(&["check"], &["--json"], world.worker_secret())
            .await,
    );
    let rule = check["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "pingone_rule")
        .unwrap();
    assert_eq!(rule["status"], "pass");

    let again = json(
        &world
            .run(
                &["pingone", "switch-on"],
                &["--yes", "--json"],
                world.worker_secret(),
            )
            .await,
    );
    assert_eq!(again["already_on"], true);
    assert_eq!(again["switched_on"], false);
    assert_eq!(
        world.writes(),
        writes + 1,
        "an active rule is not written again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switch_on_refuses_when_pingones_own_test_fails() {
    let tenant = demo_tenant::start(TenantConfig::default()).await.unwrap();
    let pingone = pingone_emulator::start(EmulatorConfig {
        faults: vec!["cloud-test-unreachable".parse().unwrap()],
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let world = World { tenant, pingone };
    let applied = world
        .run(
            &["pingone", "apply"],
            &["--yes", "--json"],
            world.worker_secret(),
        )
        .await;
    assert_eq!(applied.status.code(), Some(0));
    let writes = world.writes();

    let refused = world
        .run(&["pingone", "switch-on"], &["--yes"], world.worker_secret())
        .await;
    assert_eq!(refused.status.code(), Some(1));
    let text = String::from_utf8_lossy(&refused.stdout);
    assert!(text.contains("pingone_cloud_test_failed"), "{text}");
    assert!(text.contains("the rule stays off"), "{text}");
    assert_eq!(world.writes(), writes, "nothing was written");
}
