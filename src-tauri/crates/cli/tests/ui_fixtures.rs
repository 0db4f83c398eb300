//! The UI's test fixtures are real check runs against the demo tenant, not hand-made
//! copies: this test runs each scenario, makes the output repeatable (times, ports, random
//! names, the machine's environment), and compares it with the committed files under
//! `ui/tests/fixtures/checks/`. `make fixtures` (UPDATE_FIXTURES=1) writes them anew.
//!
//! Steps run one after another here, so the event order is the same on every run; the UI
//! tests that need steps finishing out of order reorder these events themselves.
//!
//! `ui/tests/fixtures/views/` holds what a setup view derives from a domain (endpoints,
//! PingOne values, the form's rows), so the UI tests' view builder is checked against it.
#![allow(clippy::unwrap_used)]

mod support;

use demo_tenant::Fault;
use haiilo_scim_core::check::CheckOptions;
use haiilo_scim_core::endpoints::Endpoints;
use haiilo_scim_core::lang::{self, Lang};
use haiilo_scim_core::pingone::PingOneValues;
use regex::Regex;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::front::{front, Action};
use support::quick_options;
use support::run::{demo, raw_endpoints, run_demo_with, run_endpoints, tenant_addr, Run};

/// A fixture: its file name, what it shows, and how to produce it.
struct Scenario {
    name: &'static str,
    about: &'static str,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "ready",
        about: "the demo tenant as it is: every step passes",
    },
    Scenario {
        name: "ready-with-warning",
        about: "groups-not-found: groups warn, everything else passes",
    },
    Scenario {
        name: "wrong-secret",
        about: "a wrong secret: the token step fails and the steps that need it are skipped",
    },
    Scenario {
        name: "filter-ignored",
        about: "count-broken + filter-ignored: a critical wrong-user match and a paging warning",
    },
    Scenario {
        name: "unreachable",
        about: "a tenant on this computer that is not the practice tenant",
    },
];

fn faults(names: &[&str]) -> Vec<Fault> {
    names.iter().map(|n| n.parse().unwrap()).collect()
}

fn sequential(options: &mut CheckOptions) {
    options.sequential = true;
}

async fn produce(name: &str) -> Run {
    let plain = |extra: Vec<Fault>, practice: bool| async move {
        run_demo_with(
            extra,
            |_| Action::Forward,
            move |options, front| {
                sequential(options);
                options.practice_target = practice;
                (front.scim_url(), front.token_url())
            },
        )
        .await
    };
    match name {
        "ready" => plain(vec![], true).await,
        "ready-with-warning" => plain(faults(&["groups-not-found"]), true).await,
        "filter-ignored" => plain(faults(&["count-broken", "filter-ignored"]), true).await,
        "unreachable" => plain(vec![], false).await,
        "wrong-secret" => {
            let tenant = demo(vec![]).await;
            let front = front(tenant_addr(&tenant), |_| Action::Forward).await;
            let mut options = quick_options();
            sequential(&mut options);
            run_endpoints(
                raw_endpoints(&front.scim_url(), &front.token_url()),
                tenant.client_id(),
                "not-the-secret",
                options,
                vec![tenant.client_secret().to_string()],
            )
            .await
        }
        other => panic!("unknown scenario {other}"),
    }
}

/// What differs from run to run, in the text of a report.
struct Patterns {
    port: Regex,
    random: Regex,
    time: Regex,
    millis: Regex,
}

/// Replaces what differs from run to run with fixed values.
fn normalise(value: &mut Value, patterns: &Patterns) {
    let Patterns {
        port,
        random,
        time,
        millis,
    } = patterns;
    match value {
        Value::String(text) => {
            let replaced = port.replace_all(text, "127.0.0.1:4010");
            let replaced = random.replace_all(&replaced, "${1}0123456789abcdef");
            let replaced = time.replace_all(&replaced, "2026-01-01T10:00:00Z");
            let replaced = millis.replace_all(&replaced, "10 ms");
            *text = replaced.into_owned();
        }
        Value::Array(items) => items.iter_mut().for_each(|v| normalise(v, patterns)),
        Value::Object(map) => {
            let skipped = map.get("status").and_then(Value::as_str) == Some("skip");
            for (key, v) in map.iter_mut() {
                match key.as_str() {
                    // Timing: every step takes 10 ms in the fixtures; skipped ones none.
                    "duration_ms" | "started_ms" => *v = json!(if skipped { 0 } else { 10 }),
                    "environment" => {
                        *v = json!({
                            "app_version": "0.1.0", "os": "linux", "arch": "x86_64",
                            "proxy": null, "proxy_variables": []
                        });
                    }
                    _ => normalise(v, patterns),
                }
            }
        }
        _ => {}
    }
}

fn fixture(run: &Run, about: &str) -> String {
    let mut value = json!({
        "about": about,
        "events": run.events,
        "report": run.report,
    });
    let patterns = Patterns {
        port: Regex::new(r"(127\.0\.0\.1|localhost):\d+").unwrap(),
        random: Regex::new(r"(haiilo-check-(?:absent-)?)[0-9a-f]{16}").unwrap(),
        time: Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").unwrap(),
        millis: Regex::new(r"\b\d+ ms\b").unwrap(),
    };
    normalise(&mut value, &patterns);
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../ui/tests/fixtures/checks")
}

/// A setup view's derived part, as `setup_view` (src-tauri/src/view.rs) builds it from
/// what the admin typed: name, what it shows, the domain and the Client ID.
const VIEWS: &[(&str, &str, &str, &str)] = &[
    (
        "acme",
        "a plain Haiilo domain and a Client ID",
        "acme.haiilo.app",
        "client-1",
    ),
    (
        "pasted-url",
        "a pasted SCIM URL with a scheme in capitals and /Users at the end, no Client ID yet",
        "HTTPS://Acme.Haiilo.app/api/scim/v2/Users",
        "",
    ),
];

fn view_fixture(about: &str, domain: &str, client_id: &str) -> String {
    let endpoints = Endpoints::from_domain(domain).unwrap();
    let client_id = Some(client_id.trim()).filter(|id| !id.is_empty());
    let values = PingOneValues::new(&endpoints, client_id);
    let value = json!({
        "about": about,
        "domain": domain,
        "client_id": client_id.unwrap_or_default(),
        "endpoints": endpoints,
        "form_fields": values.form_fields(),
        "values": values,
    });
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
}

#[test]
fn ui_view_fixtures_are_rust_output_and_up_to_date() {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../ui/tests/fixtures/views");
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stale = Vec::new();
    for (name, about, domain, client_id) in VIEWS {
        let text = view_fixture(about, domain, client_id);
        let path = dir.join(format!("{name}.json"));
        if update {
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(*name);
        }
    }
    assert!(
        stale.is_empty(),
        "ui/tests/fixtures/views is out of date for {stale:?}: run `make fixtures` and commit the result"
    );
}

#[tokio::test]
async fn ui_fixtures_are_real_runs_and_up_to_date() {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let dir = fixtures_dir();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stale = Vec::new();
    // Each run in English (`<name>.json`) and in German (`de/<name>.json`, for the German
    // walk-through of the browser flows).
    for lang in Lang::ALL {
        let dir = match lang {
            Lang::En => dir.clone(),
            Lang::De => dir.join("de"),
        };
        if update {
            std::fs::create_dir_all(&dir).unwrap();
        }
        for scenario in SCENARIOS {
            let run = lang::scope(lang, produce(scenario.name)).await;
            run.assert_no_secrets_anywhere();
            let text = fixture(&run, scenario.about);
            let path = dir.join(format!("{}.json", scenario.name));
            if update {
                std::fs::write(&path, text).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(format!("{}/{}", lang.code(), scenario.name));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "ui/tests/fixtures/checks is out of date for {stale:?}: run `make fixtures` and commit the result"
    );
}
