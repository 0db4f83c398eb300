//! Secrets cannot leak, even from a hostile server: a server that echoes the credentials it
//! receives into every place it controls, in every encoding, is checked in process and
//! through the `haiilo-scim` binary, and nothing it echoes (secret, Basic value, issued
//! token, proxy password) appears in any event, report, output, file or debug string.
#![allow(clippy::unwrap_used)]

mod support;

use haiilo_scim_core::check::{CheckEvent, StepStatus};
use haiilo_scim_core::redact::{Redactor, REDACTED};
use haiilo_scim_core::report::{self, ReportFormat};
use std::process::{Command, Output, Stdio};
use support::echo::{echo_server, EchoServer, TokenAnswer};
use support::run::{raw_endpoints, run_endpoints, Run};
use support::{assert_no_authorization_header, assert_none_of, forbidden, quick_options};

/// Characters that break naive encoders: `+ / : % " \`, a space, a non-ASCII letter.
const SECRET: &str = "echo+Secret/:%é\"\\ 42";
const CLIENT_ID: &str = "echo-client";
const PROXY_PASSWORD: &str = "proxy-Pa55+/word";

/// What a run must not show: the secret, every token the server issued, and the proxy
/// password, each in every forbidden form, with the Basic values.
fn forbidden_here(echo: &EchoServer) -> Vec<String> {
    let mut values = vec![SECRET.to_string(), PROXY_PASSWORD.to_string()];
    values.extend(echo.issued_tokens());
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    forbidden(&values, Some(CLIENT_ID))
}

/// A redactor that knows the same values: it decodes any mix of escapes, so it also finds
/// spellings that no list can hold.
fn detector(echo: &EchoServer) -> Redactor {
    let mut redactor = Redactor::default();
    redactor.add_client_credentials(CLIENT_ID, SECRET);
    redactor.add(PROXY_PASSWORD);
    for token in echo.issued_tokens() {
        redactor.add_token(&token);
    }
    redactor
}

/// Nothing forbidden, in any spelling, and no control character but a line break.
fn assert_clean(text: &str, what: &str, echo: &EchoServer) {
    assert_none_of(text, &forbidden_here(echo));
    assert!(
        !detector(echo).finds_known(text),
        "a secret in a mixed encoding leaked into {what}"
    );
    assert_no_authorization_header(text, what);
    if let Some(c) = text
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || ('\u{202A}'..='\u{202E}').contains(&c))
    {
        panic!("control character {c:?} reached {what}");
    }
}

async fn check_in_process(answer: TokenAnswer) -> (EchoServer, Run) {
    let echo = echo_server(answer).await;
    let run = run_endpoints(
        raw_endpoints(&echo.scim_url(), &echo.token_url()),
        CLIENT_ID,
        SECRET,
        quick_options(),
        vec![],
    )
    .await;
    (echo, run)
}

fn assert_run_clean(run: &mut Run, echo: &EchoServer) {
    run.secrets.extend(echo.issued_tokens());
    run.assert_no_secrets_anywhere();
    for format in [ReportFormat::Markdown, ReportFormat::Json] {
        assert_clean(
            &report::render(&run.report, format),
            &format!("the {format:?} report"),
            echo,
        );
    }
    assert_clean(
        &report::render(&run.report, ReportFormat::Html),
        "the HTML report",
        echo,
    );
    assert_clean(&report::summary_text(&run.report), "the summary", echo);
    assert_clean(
        &serde_json::to_string(&run.events).unwrap(),
        "the events",
        echo,
    );
    let debug = format!("{:?}{:?}", run.report, run.events);
    assert_none_of(&debug, &forbidden_here(echo));
    assert!(!detector(echo).finds_known(&debug));
}

#[tokio::test]
async fn a_full_check_against_an_echoing_server_shows_none_of_its_echoes() {
    let (echo, mut run) = check_in_process(TokenAnswer::IssueOnPost).await;
    assert!(
        !echo.issued_tokens().is_empty(),
        "the server issued no token"
    );
    // The echoes went everywhere: every SCIM step ran and quoted the server.
    for id in [
        "token",
        "scim_requires_auth",
        "service_provider_config",
        "list_users",
        "pingone_lookup_absent",
        "pingone_lookup_existing",
        "groups",
        "error_format",
    ] {
        assert_ne!(run.step(id).status, StepStatus::Skip, "{id} did not run");
    }
    let json = report::render(&run.report, ReportFormat::Json);
    assert!(
        json.matches(REDACTED).count() > 20,
        "the echoes never reached the report"
    );
    let users = run.report.users.as_ref().expect("the listing's users");
    assert!(!users.sample.is_empty());
    let token_facts = &run.step("token").facts;
    for label in [
        "Token type",
        "Scope",
        "JWT issuer (iss)",
        "JWT audience (aud)",
    ] {
        let fact = token_facts
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("no fact {label}: {token_facts:?}"));
        assert!(fact.value.chars().count() <= 300, "{label} is not capped");
    }
    assert_run_clean(&mut run, &echo);
}

#[tokio::test]
async fn a_token_refusal_quoting_the_request_shows_none_of_it() {
    let (echo, mut run) = check_in_process(TokenAnswer::RefuseWithEcho).await;
    assert_eq!(run.step("token").status, StepStatus::Fail);
    let finding = run.step("token").finding.clone().unwrap();
    assert!(
        finding.summary.chars().count() <= 600 && finding.detail.chars().count() <= 4000,
        "server text is not capped"
    );
    assert_run_clean(&mut run, &echo);
    let started = run
        .events
        .iter()
        .filter(|e| matches!(e, CheckEvent::StepStarted { .. }))
        .count();
    assert!(started > 0);
}

fn haiilo_scim() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_haiilo-scim"));
    command
        .env("NO_COLOR", "1")
        .env("HAIILO_CLIENT_SECRET", SECRET)
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    command
}

async fn run_cli(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || {
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_cli_prints_and_saves_none_of_the_echoes_in_any_format() {
    let echo = echo_server(TokenAnswer::IssueOnPost).await;
    let dir = std::env::temp_dir().join(format!("haiilo-scim-echo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut outputs = Vec::new();
    for (name, json) in [
        ("echo.md", false),
        ("echo.html", false),
        ("echo.json", true),
    ] {
        let path = dir.join(name);
        let mut command = haiilo_scim();
        command
            .args(["check", "--scim-base-url", &echo.scim_url()])
            .args(["--token-url", &echo.token_url(), "--client-id", CLIENT_ID])
            .args(["--timeout", "5", "--report", path.to_str().unwrap()])
            // A proxy written without a scheme, with credentials: the check's loopback
            // requests never use it, but the report's Environment section lists it.
            .env(
                "HTTPS_PROXY",
                format!("me:{}@127.0.0.1:9", PROXY_PASSWORD.replace('/', "%2F")),
            );
        if json {
            command.arg("--json");
        }
        let output = run_cli(command).await;
        let saved = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{name} not saved ({e}): {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        outputs.push((name, output, saved));
    }
    assert!(
        !echo.issued_tokens().is_empty(),
        "the server issued no token: {}",
        String::from_utf8_lossy(&outputs[0].1.stdout)
    );
    for (name, output, saved) in &outputs {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert_clean(&stdout, &format!("stdout ({name})"), &echo);
        assert_clean(&stderr, &format!("stderr ({name})"), &echo);
        assert_clean(saved, name, &echo);
        assert!(
            saved.contains("<redacted>@127.0.0.1:9")
                || saved.contains("&lt;redacted&gt;@127.0.0.1:9"),
            "{name} does not list the proxy with its credentials replaced"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_malformed_proxy_address_is_refused_without_repeating_its_password() {
    let echo = echo_server(TokenAnswer::IssueOnPost).await;
    for proxy in [
        format!("http://me:{PROXY_PASSWORD}@[::1"),
        // The `/` in the password is not percent-encoded: the URL falls apart there.
        format!("me:{PROXY_PASSWORD}@127.0.0.1:9"),
    ] {
        let mut command = haiilo_scim();
        command
            .args(["check", "--scim-base-url", &echo.scim_url()])
            .args(["--token-url", &echo.token_url(), "--client-id", CLIENT_ID])
            .env("HTTPS_PROXY", &proxy);
        let output = run_cli(command).await;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_ne!(output.status.code(), Some(0));
        assert!(text.contains("HTTPS_PROXY is not usable"), "{text}");
        assert_clean(&text, "the proxy error", &echo);
    }
}
