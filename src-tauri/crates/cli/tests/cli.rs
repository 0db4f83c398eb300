//! The `haiilo-scim` binary as a person or a script uses it.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use support::assert_no_secrets;

fn haiilo_scim() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_haiilo-scim"));
    command
        .env_remove("HAIILO_CLIENT_SECRET")
        .env("NO_COLOR", "1");
    command
}

fn run(args: &[&str]) -> Output {
    haiilo_scim().args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// Runs the binary off the async runtime (the demo tenant in this process keeps serving).
async fn run_async(args: Vec<String>, secret_env: Option<String>, stdin: Option<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut command = haiilo_scim();
        command.args(&args);
        if let Some(secret) = secret_env {
            command.env("HAIILO_CLIENT_SECRET", secret);
        }
        command.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

#[test]
fn values_json_is_exact_for_a_messy_paste() {
    let output = run(&[
        "values",
        "--domain",
        "  HTTPS://Acme.Haiilo.app/api/scim/v2/Users/ ",
        "--client-id",
        "abc",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["connection"],
        serde_json::json!({
            "scim_base_url": "https://acme.haiilo.app/api/scim/v2",
            "scim_version": "2.0",
            "users_resource": "/Users",
            "groups_resource": "/Groups",
            "authentication_method": "OAuth 2 Client Credentials",
            "oauth_token_request": "https://acme.haiilo.app/api/oauth/token",
            "oauth_client_id": "abc",
            "auth_type_header": "Bearer"
        })
    );
    assert_eq!(
        json["rule"]["user_filter"],
        serde_json::json!({"attribute": "Enabled", "operator": "Equals", "value": "true"})
    );
    assert!(json["rule"]["attribute_mapping"].is_string());
    assert!(json["rule"]["group_provisioning"].is_string());
    let notes: Vec<&str> = json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("Removed /Users")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("lower case")), "{notes:?}");
    assert_eq!(json.as_object().unwrap().len(), 3);
}

#[test]
fn values_table_follows_pingone_order() {
    let output = run(&[
        "values",
        "--domain",
        "acme.haiilo.app",
        "--client-id",
        "abc",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let positions: Vec<usize> = [
        "SCIM BASE URL",
        "SCIM Version",
        "Users Resource",
        "Groups Resource",
        "Authentication Method",
        "OAuth Token Request",
        "OAuth Client ID",
        "Auth Type Header",
        "OAuth Client Secret",
        "User Filter",
    ]
    .iter()
    .map(|label| {
        text.find(label)
            .unwrap_or_else(|| panic!("{label} missing:\n{text}"))
    })
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains("https://acme.haiilo.app/api/scim/v2"));
    assert!(text.contains("Enabled · Equals · true"));
}

#[test]
fn bad_domains_exit_2_naming_the_problem() {
    for (domain, expected) in [
        ("acme", "acme.haiilo.app"),
        ("admin@acme.haiilo.app", "e-mail"),
        ("acme haiilo.app", "space"),
        ("", "Enter your Haiilo domain"),
        (
            "https://acme.haiilo.app/?client_secret=Pasted-Secret-1",
            "secret",
        ),
        (
            "https://admin:Pasted-Secret-1@acme.haiilo.app",
            "user name or password",
        ),
        ("Bearer Pasted-Secret-1", "Authorization header"),
    ] {
        let output = run(&["values", "--domain", domain]);
        assert_eq!(output.status.code(), Some(2), "{domain:?}");
        let message = stderr(&output);
        assert!(message.contains(expected), "{domain:?}: {message}");
        assert!(!message.contains("panicked"));
        assert!(!message.contains("Pasted-Secret-1"), "{message}");
    }
}

#[test]
fn usage_mistakes_exit_2() {
    assert_eq!(run(&["values"]).status.code(), Some(2));
    assert_eq!(run(&["check", "--domain", "a.b"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--scim-base-url", "https://a.b/api/scim/v2"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn check_without_a_secret_says_where_to_put_it() {
    let output = run(&["check", "--domain", "acme.haiilo.app", "--client-id", "abc"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("HAIILO_CLIENT_SECRET"));
}

#[test]
fn check_demo_json_passes_with_fifty_users() {
    let output = run(&["check", "--demo", "--json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["ok"], true);
    let steps = json["steps"].as_array().unwrap();
    let ids: Vec<&str> = steps.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "inputs",
            "dns",
            "tcp",
            "tls",
            "token",
            "scim_requires_auth",
            "service_provider_config",
            "list_users",
            "pingone_lookup_absent",
            "pingone_lookup_existing",
            "paging",
            "groups",
            "error_format",
            "pingone_token",
            "pingone_store",
            "pingone_cloud_test",
            "pingone_rule",
            "pingone_sync"
        ]
    );
    // --demo starts the PingOne stand-in too, so PingOne's own side runs and passes like
    // the rest: a finished setup, with the rule switched on.
    assert_eq!(steps.iter().filter(|s| s["group"] == "pingone").count(), 5);
    assert_eq!(json["verdict"]["ready"], true, "{}", json["verdict"]);
    for step in steps {
        assert_eq!(step["status"], "pass", "{step}");
        assert!(step["duration_ms"].is_u64());
        assert!(step["finding"].is_null());
        assert!(step["summary"].is_string());
    }
    assert_eq!(json["users"]["total_results"], 50);
    let sample = json["users"]["sample"].as_array().unwrap();
    assert_eq!(sample.len(), 10);
    for user in sample {
        assert!(
            user["id"].is_string() && user["userName"].is_string() && user["active"].is_boolean()
        );
    }
    for key in ["scim_base_url", "token_url", "client_id"] {
        assert!(json["target"][key].is_string());
    }
    assert_no_secrets(
        &stdout(&output),
        &[
            demo_tenant::TenantConfig::default().client_secret.as_str(),
            pingone_emulator::DEFAULT_WORKER_CLIENT_SECRET,
        ],
    );
}

#[test]
fn check_demo_with_a_fault_exits_1_and_prints_the_fix() {
    let output = run(&["check", "--demo", "--fault", "scim-forbidden"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("PASS") && text.contains("FAIL"), "{text}");
    assert!(text.contains("scim_forbidden"));
    assert!(text.contains("Activate the SCIM user directory"));
}

#[test]
fn check_demo_with_a_pingone_fault_names_the_missing_role_and_skips_the_rest_of_pingone() {
    let output = run(&[
        "check",
        "--demo",
        "--pingone-fault",
        "missing-role",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["verdict"]["ready"], false);
    let status_of = |id: &str| {
        let step = json["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no step {id}"));
        (step["status"].clone(), step["finding"]["code"].clone())
    };
    assert_eq!(
        status_of("pingone_token"),
        ("fail".into(), "pingone_role_missing".into())
    );
    for id in [
        "pingone_store",
        "pingone_cloud_test",
        "pingone_rule",
        "pingone_sync",
    ] {
        assert_eq!(status_of(id).0, "skip", "{id}");
    }
    // The Haiilo side is untouched by PingOne's fault.
    assert_eq!(status_of("list_users").0, "pass");
    assert_no_secrets(
        &stdout(&output),
        &[pingone_emulator::DEFAULT_WORKER_CLIENT_SECRET],
    );
}

#[test]
fn check_demo_refuses_pingone_access_options_and_unknown_pingone_faults() {
    let output = run(&["check", "--demo", "--region", "eu"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--pingone-fault"),
        "{}",
        stderr(&output)
    );
    let output = run(&["check", "--demo", "--pingone-fault", "gremlins"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing-role"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unknown_fault_is_a_usage_error() {
    let output = run(&["check", "--demo", "--fault", "gremlins"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("latency"), "{}", stderr(&output));
}

#[test]
fn demo_tenant_help_lists_the_list_faults() {
    let output = run(&["demo-tenant", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for fault in [
        "count-broken",
        "start-index-broken",
        "list-server-error",
        "username-case-sensitive",
        "groups-not-found",
        "filter-ignored",
    ] {
        assert!(text.contains(fault), "{fault} missing from:\n{text}");
    }
}

#[test]
fn repeated_faults_are_each_parsed_and_run_together() {
    let output = run(&[
        "check",
        "--demo",
        "--fault",
        "count-broken",
        "--fault",
        "filter-ignored",
        "--json",
    ]);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(report["steps"].is_array(), "{report}");
    // A bad value anywhere in the list is named, not silently dropped.
    let output = run(&[
        "check",
        "--demo",
        "--fault",
        "count-broken",
        "--fault",
        "groups-gone",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("groups-gone"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn check_against_a_running_tenant_with_the_secret_from_env_or_stdin() {
    let tenant = demo_tenant::start(demo_tenant::TenantConfig::default())
        .await
        .unwrap();
    let args = vec![
        "check".to_string(),
        "--scim-base-url".into(),
        tenant.scim_base_url(),
        "--token-url".into(),
        tenant.token_url(),
        "--client-id".into(),
        tenant.client_id().to_string(),
    ];

    // A tenant on this computer works from here, but PingOne's cloud cannot reach it.
    let unreachable = run_async(args.clone(), Some(tenant.client_secret().into()), None).await;
    assert_eq!(
        unreachable.status.code(),
        Some(1),
        "{}",
        stdout(&unreachable)
    );
    assert!(
        stdout(&unreachable).contains("unreachable_from_pingone"),
        "{}",
        stdout(&unreachable)
    );

    // Named as a practice tenant, like the demo, it is ready.
    let mut args = args;
    args.push("--practice-tenant".into());
    let by_env = run_async(args.clone(), Some(tenant.client_secret().into()), None).await;
    assert_eq!(by_env.status.code(), Some(0), "{}", stdout(&by_env));
    assert!(stdout(&by_env).contains("Users in Haiilo: 50"));

    let mut stdin_args = args.clone();
    stdin_args.push("--client-secret-stdin".into());
    let by_stdin = run_async(
        stdin_args,
        None,
        Some(format!("{}\n", tenant.client_secret())),
    )
    .await;
    assert_eq!(by_stdin.status.code(), Some(0), "{}", stdout(&by_stdin));

    for output in [&by_env, &by_stdin] {
        assert_no_secrets(
            &format!("{}{}", stdout(output), stderr(output)),
            &[tenant.client_secret()],
        );
    }
}

#[tokio::test]
async fn wrong_secret_fails_with_invalid_client_exit_1_and_the_new_pair_fix() {
    let tenant = demo_tenant::start(demo_tenant::TenantConfig::default())
        .await
        .unwrap();
    let wrong = "Wrong+Secret:%";
    let args = vec![
        "check".to_string(),
        "--scim-base-url".into(),
        tenant.scim_base_url(),
        "--token-url".into(),
        tenant.token_url(),
        "--client-id".into(),
        tenant.client_id().to_string(),
        "--json".into(),
    ];
    let output = run_async(args, Some(wrong.into()), None).await;
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["ok"], false);
    let step = |id: &str| {
        json["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(step("token")["finding"]["code"], "invalid_client");
    assert!(step("token")["finding"]["fix"]
        .as_str()
        .unwrap()
        .contains("new API client pair"));
    assert_eq!(step("list_users")["status"], "skip");
    assert_eq!(step("list_users")["skipped_because"], "token");
    assert!(json["users"].is_null());
    assert_no_secrets(
        &format!("{}{}", stdout(&output), stderr(&output)),
        &[wrong, tenant.client_secret()],
    );
}

#[test]
fn check_demo_saves_a_report_in_each_format_without_the_secret() {
    let dir = std::env::temp_dir().join(format!("haiilo-scim-reports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let secret = demo_tenant::TenantConfig::default().client_secret;
    for (name, marker) in [
        (
            "check.md",
            "# Haiilo SCIM check: Passed on the practice tenant",
        ),
        ("check.html", "<!DOCTYPE html>"),
        ("check.json", "\"verdict\""),
    ] {
        let path = dir.join(name);
        let output = run(&["check", "--demo", "--report", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            stdout(&output).contains("Report saved to"),
            "{}",
            stdout(&output)
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(marker), "{name}:\n{text}");
        assert!(text.contains("Passed on the practice tenant"), "{name}");
        assert!(text.contains("pingone_lookup_existing"), "{name}");
        assert_no_secrets(&text, &[secret.as_str()]);
        assert_no_secrets(&stdout(&output), &[secret.as_str()]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_report_lists_users_only_with_include_users() {
    let dir = std::env::temp_dir().join(format!("haiilo-scim-users-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("check.md");
    let path_arg = path.to_str().unwrap();

    let output = run(&["check", "--demo", "--report", path_arg]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("| userName | name | active |"), "{text}");
    assert!(text.contains("**Personal data:** left out"), "{text}");
    assert!(text.contains("local practice tenant"), "{text}");
    assert!(
        text.contains("**Group provisioning:** not chosen yet"),
        "{text}"
    );

    let output = run(&[
        "check",
        "--demo",
        "--groups",
        "--report",
        path_arg,
        "--include-users",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("| userName | name | active |"), "{text}");
    assert!(text.contains("**Personal data:** yes"), "{text}");
    assert!(
        text.contains("**Group provisioning:** users and groups"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    // The flag only makes sense with a report to write.
    let output = run(&["check", "--demo", "--include-users"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn a_report_name_without_a_known_extension_is_a_usage_error() {
    let output = run(&["check", "--demo", "--report", "report.pdf"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(".md, .html or .json"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn groups_flag_is_carried_into_the_result() {
    let output = run(&["check", "--demo", "--groups", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["group_provisioning"], true);
    assert_eq!(json["verdict"]["headline"], "Passed on the practice tenant");
}

#[tokio::test]
async fn forbidden_forms_lists_every_spelling_for_other_suites() {
    let output = run_async(
        vec![
            "forbidden-forms".into(),
            "--client-id".into(),
            "my-id".into(),
        ],
        None,
        Some(" a+b/c d \n".into()),
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let forms: Vec<String> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for expected in [
        " a+b/c d ",
        "a+b/c d",
        "a%2Bb%2Fc+d",
        "a%2bb%2fc%20d",
        r"a+b\/c d",
        r"\u0061\u002b\u0062\u002f\u0063\u0020\u0064",
        "YStiL2MgZA==",
        // base64("my-id:a%2Bb%2Fc+d"), the Basic value the check sends
        "bXktaWQ6YSUyQmIlMkZjK2Q=",
    ] {
        assert!(forms.iter().any(|f| f == expected), "{expected} missing");
    }
    assert!(
        !stdout(&output).contains("haiilo-scim"),
        "not only the forms"
    );
}
