//! `demo-tenant --json` and `pingone-emulator --json`: the first line tells a script
//! where the server is, and the server keeps running behind it.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::{json, Value};

/// A server started by the binary; killed (by its own process id) when dropped.
struct Served {
    child: Child,
    line: Value,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_haiilo-scim"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let line = serde_json::from_str(&first)
        .unwrap_or_else(|e| panic!("first line is not JSON ({e}): {first:?}"));
    Served { child, line }
}

async fn serve_async(args: &'static [&'static str]) -> Served {
    tokio::task::spawn_blocking(move || serve(args))
        .await
        .unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

async fn worker_token(line: &Value) -> reqwest::Response {
    let token_url = format!(
        "{}/{}/as/token",
        line["auth_url"].as_str().unwrap(),
        line["environment_id"].as_str().unwrap()
    );
    reqwest::Client::new()
        .post(token_url)
        .basic_auth(
            line["worker_client_id"].as_str().unwrap(),
            line["worker_client_secret"].as_str(),
        )
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap()
}

async fn api_get(line: &Value, token: &str, rest: &str) -> reqwest::Response {
    let url = format!(
        "{}/environments/{}{rest}",
        line["api_url"].as_str().unwrap(),
        line["environment_id"].as_str().unwrap()
    );
    reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn demo_tenant_json_gives_a_working_client_pair() {
    let served = serve_async(&["demo-tenant", "--json"]).await;
    let line = &served.line;
    assert_eq!(
        keys(line),
        ["client_id", "client_secret", "scim_base_url", "token_url"]
    );
    assert!(line["scim_base_url"]
        .as_str()
        .unwrap()
        .ends_with("/api/scim/v2"));
    let response = reqwest::Client::new()
        .post(line["token_url"].as_str().unwrap())
        .basic_auth(
            form(line["client_id"].as_str().unwrap()),
            Some(form(line["client_secret"].as_str().unwrap())),
        )
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

/// RFC 6749 §2.3.1: id and secret are form-encoded before Basic.
fn form(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn pingone_emulator_json_gives_urls_and_a_working_worker_app() {
    let served = serve_async(&["pingone-emulator", "--json"]).await;
    let line = &served.line;
    assert_eq!(
        keys(line),
        [
            "api_url",
            "auth_url",
            "environment_id",
            "worker_client_id",
            "worker_client_secret"
        ]
    );
    assert!(line["api_url"].as_str().unwrap().ends_with("/v1"));
    let response = worker_token(line).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap();
    let stores = api_get(line, token, "/propagation/stores").await;
    assert_eq!(stores.status(), StatusCode::OK);
    let stores: Value = stores.json().await.unwrap();
    assert_eq!(stores["_embedded"]["stores"][0]["type"], "directory");
}

#[tokio::test]
async fn pingone_emulator_faults_and_the_seeded_demo_tenant_store() {
    let served = serve_async(&[
        "pingone-emulator",
        "--json",
        "--with-demo-tenant",
        "--fault",
        "store-wrong-value=AUTHORIZATION_TYPE:Basic",
    ])
    .await;
    let line = &served.line;
    let tenant = &line["demo_tenant"];
    let body: Value = worker_token(line).await.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap();
    let stores: Value = api_get(line, token, "/propagation/stores")
        .await
        .json()
        .await
        .unwrap();
    let scim = &stores["_embedded"]["stores"][1];
    assert_eq!(scim["configuration"]["SCIM_URL"], tenant["scim_base_url"]);
    assert_eq!(scim["configuration"]["AUTHORIZATION_TYPE"], "Basic");
    assert!(scim["configuration"].get("OAUTH_CLIENT_SECRET").is_none());
    let rules: Value = api_get(line, token, "/propagation/rules")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rules["_embedded"]["rules"][0]["active"], json!(false));

    let served = serve_async(&["pingone-emulator", "--json", "--fault", "missing-role"]).await;
    let body: Value = worker_token(&served.line).await.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap();
    let denied = api_get(&served.line, token, "/propagation/stores").await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);

    let served = serve_async(&[
        "pingone-emulator",
        "--json",
        "--client-auth",
        "post",
        "--fault",
        "wrong-secret",
    ])
    .await;
    assert_eq!(
        worker_token(&served.line).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[test]
fn pingone_emulator_bad_input_is_a_usage_error_that_says_what_to_do() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_haiilo-scim"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let output = run(&["pingone-emulator", "--fault", "gremlins"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("gremlins") && stderr.contains("missing-role"),
        "{stderr}"
    );

    let output = run(&[
        "pingone-emulator",
        "--fault",
        "store-wrong-value=SCIM_URL:x",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--with-demo-tenant"), "{stderr}");

    let output = run(&["pingone-emulator", "--help"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    for fault in [
        "unknown-client",
        "wrong-secret",
        "missing-role",
        "wrong-environment",
        "store-wrong-value",
        "cloud-test-unreachable",
        "rate-limit",
        "latency",
    ] {
        assert!(stdout.contains(fault), "{fault} missing from:\n{stdout}");
    }
}
