#![allow(clippy::unwrap_used)]
//! Black-box tests: start an emulator on 127.0.0.1 and talk HTTP to it; the
//! connection test reaches a real demo tenant.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use pingone_emulator::{
    start, ClientAuthMethod, EmulatorConfig, Fault, RunningEmulator, SeededRule, SeededScimStore,
    SyncCounts, REDACTED,
};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

const CHECK_JSON: &str = "application/vnd.pingidentity.connection.check+json";

/// One client for all requests: building one loads the system's certificates, which
/// is slow enough to matter when every call builds its own. No pooled connections:
/// each test has its own runtime, and a connection must not outlive the one it
/// was made on.
fn http() -> Client {
    static CLIENT: std::sync::OnceLock<Client> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| Client::builder().pool_max_idle_per_host(0).build().unwrap())
        .clone()
}

async fn emulator_with(config: EmulatorConfig) -> RunningEmulator {
    start(config).await.unwrap()
}

async fn emulator() -> RunningEmulator {
    emulator_with(EmulatorConfig::default()).await
}

fn faults(list: &[&str]) -> EmulatorConfig {
    EmulatorConfig {
        faults: list.iter().map(|f| f.parse::<Fault>().unwrap()).collect(),
        ..EmulatorConfig::default()
    }
}

fn basic(id: &str, secret: &str) -> String {
    let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    let secret: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

struct Reply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// PingOne's error body: `{id, code, message[, details]}`.
    fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.body["code"], code, "{}", self.body);
        assert!(self.body["id"].as_str().is_some_and(|id| id.len() == 36));
        assert!(self.body["message"].is_string());
    }

    fn detail_targets(&self) -> Vec<String> {
        self.body["details"]
            .as_array()
            .map(|d| {
                d.iter()
                    .map(|d| d["target"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(if text.is_empty() {
        Value::Null
    } else {
        Value::String(text)
    });
    Reply {
        status,
        headers,
        body,
    }
}

async fn token_request(e: &RunningEmulator, auth: Option<String>, form: &str) -> Reply {
    let mut request = http()
        .post(e.token_url())
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form.to_owned());
    if let Some(auth) = auth {
        request = request.header(AUTHORIZATION, auth);
    }
    reply(request.send().await.unwrap()).await
}

async fn token(e: &RunningEmulator) -> String {
    let r = token_request(
        e,
        Some(basic(e.worker_client_id(), e.worker_client_secret())),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["access_token"].as_str().unwrap().to_owned()
}

fn env_path(e: &RunningEmulator, rest: &str) -> String {
    format!("{}/environments/{}{rest}", e.api_url(), e.environment_id())
}

async fn call(
    token: Option<&str>,
    method: Method,
    url: &str,
    content_type: &str,
    body: Option<Value>,
) -> Reply {
    let mut request = http().request(method, url);
    if let Some(token) = token {
        request = request.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(body) = body {
        request = request
            .header(CONTENT_TYPE, content_type)
            .body(body.to_string());
    }
    reply(request.send().await.unwrap()).await
}

async fn get(token: &str, url: &str) -> Reply {
    call(Some(token), Method::GET, url, "", None).await
}

async fn post(token: &str, url: &str, body: Value) -> Reply {
    call(
        Some(token),
        Method::POST,
        url,
        "application/json",
        Some(body),
    )
    .await
}

fn scim_store(scim_url: &str, token_url: &str, client_id: &str, secret: &str) -> Value {
    json!({
        "type": "scim",
        "name": "Haiilo",
        "description": "SCIM Outbound to Haiilo",
        "configuration": {
            "SCIM_URL": scim_url,
            "SCIM_VERSION": "2.0",
            "USERS_RESOURCE": "/Users",
            "GROUPS_RESOURCE": "/Groups",
            "AUTHENTICATION_METHOD": "OAuth 2 Client Credentials",
            "AUTHORIZATION_TYPE": "Bearer",
            "OAUTH_TOKEN_REQUEST": token_url,
            "OAUTH_CLIENT_ID": client_id,
            "OAUTH_CLIENT_SECRET": secret,
            "UNIQUE_USER_IDENTIFIER": "userName",
            "USER_FILTER": "username Eq \"%s\"",
            "CREATE_USERS": true,
            "UPDATE_USERS": true,
            "DISABLE_USERS": true,
            "REMOVE_ACTION": "Disable"
        }
    })
}

fn example_store() -> Value {
    scim_store(
        "https://acme.haiilo.app/api/scim/v2",
        "https://acme.haiilo.app/api/oauth/token",
        "haiilo-client",
        "haiilo-Secret+1",
    )
}

// ---------------------------------------------------------------- token endpoint

#[tokio::test]
async fn the_worker_app_gets_a_bearer_token_with_basic_authentication() {
    let e = emulator().await;
    assert!(e.api_url().ends_with("/v1"));
    assert_eq!(
        e.token_url(),
        format!("{}/{}/as/token", e.auth_url(), e.environment_id())
    );
    let r = token_request(
        &e,
        Some(basic(e.worker_client_id(), e.worker_client_secret())),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 3600);
    assert!(r.body["access_token"].as_str().unwrap().len() > 20);
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn the_token_endpoint_accepts_only_the_apps_authentication_method() {
    let form_post = |e: &RunningEmulator| {
        let id: String = form_urlencoded::byte_serialize(e.worker_client_id().as_bytes()).collect();
        let secret: String =
            form_urlencoded::byte_serialize(e.worker_client_secret().as_bytes()).collect();
        format!("grant_type=client_credentials&client_id={id}&client_secret={secret}")
    };
    // Default: CLIENT_SECRET_BASIC, so credentials in the body are refused.
    let e = emulator().await;
    let r = token_request(&e, None, &form_post(&e)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["error"], "invalid_client");
    let description = r.body["error_description"].as_str().unwrap();
    assert!(description.contains("CLIENT_SECRET_BASIC"), "{description}");
    assert!(r.header("www-authenticate").is_some());

    let e = emulator_with(EmulatorConfig {
        client_auth: ClientAuthMethod::Post,
        ..EmulatorConfig::default()
    })
    .await;
    assert_eq!(
        token_request(&e, None, &form_post(&e)).await.status,
        StatusCode::OK
    );
    let r = token_request(
        &e,
        Some(basic(e.worker_client_id(), e.worker_client_secret())),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body["error_description"]
        .as_str()
        .unwrap()
        .contains("CLIENT_SECRET_POST"));

    let e = emulator_with(EmulatorConfig {
        client_auth: ClientAuthMethod::Either,
        ..EmulatorConfig::default()
    })
    .await;
    assert_eq!(
        token_request(&e, None, &form_post(&e)).await.status,
        StatusCode::OK
    );
    token(&e).await;
}

#[tokio::test]
async fn bad_token_requests_get_rfc_6749_errors() {
    let e = emulator().await;
    let good = || basic(e.worker_client_id(), e.worker_client_secret());
    let r = token_request(
        &e,
        Some(basic(e.worker_client_id(), "nope")),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
    let r = token_request(
        &e,
        Some(basic("someone-else", e.worker_client_secret())),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
    let r = token_request(&e, Some(good()), "grant_type=password").await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unsupported_grant_type"))
    );
    let r = token_request(&e, Some(good()), "").await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );
    let r = reply(
        http()
            .post(e.token_url())
            .header(AUTHORIZATION, good())
            .header(CONTENT_TYPE, "application/json")
            .body("{}")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.body["error"], "invalid_request");
    let r = reply(http().get(e.token_url()).send().await.unwrap()).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("allow"), Some("POST"));
    // Another environment's token endpoint is not there.
    let other = e
        .token_url()
        .replace(e.environment_id(), "11111111-2222-4333-8444-555555555555");
    let r = reply(http().post(other).send().await.unwrap()).await;
    r.assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

// ---------------------------------------------------------------- API authorisation

#[tokio::test]
async fn api_calls_need_a_valid_unexpired_bearer_token() {
    let e = emulator_with(EmulatorConfig {
        token_lifetime: Duration::from_millis(300),
        ..EmulatorConfig::default()
    })
    .await;
    let url = env_path(&e, "/propagation/stores");
    let r = call(None, Method::GET, &url, "", None).await;
    r.assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
    assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    get("made-up", &url)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
    let t = token(&e).await;
    assert_eq!(get(&t, &url).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let r = get(&t, &url).await;
    r.assert_error(StatusCode::UNAUTHORIZED, "INVALID_TOKEN");
    assert!(r.body["message"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn unknown_environments_and_resources_are_404() {
    let e = emulator().await;
    let t = token(&e).await;
    let other = format!(
        "{}/environments/11111111-2222-4333-8444-555555555555/propagation/stores",
        e.api_url()
    );
    get(&t, &other)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    for path in [
        "/propagation/stores/99999999-2222-4333-8444-555555555555",
        "/propagation/plans/99999999-2222-4333-8444-555555555555",
        "/propagation/rules/99999999-2222-4333-8444-555555555555",
        "/propagation/rules/99999999-2222-4333-8444-555555555555/mappings",
        "/propagation/revisions/99999999-2222-4333-8444-555555555555",
        "/propagation/nothing",
    ] {
        get(&t, &env_path(&e, path))
            .await
            .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    }
}

// ---------------------------------------------------------------- stores

#[tokio::test]
async fn the_environment_starts_with_pingones_directory_store() {
    let e = emulator().await;
    let t = token(&e).await;
    let r = get(&t, &env_path(&e, "/propagation/stores")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["count"], 1);
    assert!(r.body["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .ends_with("/propagation/stores"));
    let store = &r.body["_embedded"]["stores"][0];
    assert_eq!(store["type"], "directory");
    assert_eq!(store["environment"]["id"], e.environment_id());
}

#[tokio::test]
async fn a_scim_store_is_created_read_and_updated_without_its_secret_ever_coming_back() {
    let e = emulator().await;
    let t = token(&e).await;
    let r = post(&t, &env_path(&e, "/propagation/stores"), example_store()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["type"], "scim");
    assert_eq!(r.body["name"], "Haiilo");
    assert_eq!(r.body["configuration"]["OAUTH_CLIENT_ID"], "haiilo-client");
    assert_eq!(r.body["configuration"]["USER_FILTER"], "username Eq \"%s\"");
    assert!(r.body["configuration"].get("OAUTH_CLIENT_SECRET").is_none());
    assert!(r.body["createdAt"].as_str().unwrap().ends_with('Z'));

    let one = get(&t, &env_path(&e, &format!("/propagation/stores/{id}"))).await;
    assert_eq!(one.body["configuration"], r.body["configuration"]);
    let all = get(&t, &env_path(&e, "/propagation/stores")).await;
    assert_eq!(all.body["count"], 2);
    assert!(!all.body.to_string().contains("haiilo-Secret+1"));

    // PUT without the secret (as a read-modify-write sends it) is accepted.
    let mut changed = example_store();
    let config = changed["configuration"].as_object_mut().unwrap();
    config.remove("OAUTH_CLIENT_SECRET");
    config.insert("AUTHORIZATION_TYPE".into(), json!("Basic"));
    let r = call(
        Some(&t),
        Method::PUT,
        &env_path(&e, &format!("/propagation/stores/{id}")),
        "application/json",
        Some(changed),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["configuration"]["AUTHORIZATION_TYPE"], "Basic");
    assert!(r.body["configuration"].get("OAUTH_CLIENT_SECRET").is_none());
    // A sync reported later shows in reads.
    let counts = SyncCounts {
        failed_state: false,
        success_count: 3,
        failed_count: 0,
        failed_deprovision_count: 0,
        user_total: 3,
        details: None,
        last_sync_at: None,
    };
    assert!(e.set_sync_status(&id, Some(counts)));
    assert!(!e.set_sync_status("no-such-store", None));
    let one = get(&t, &env_path(&e, &format!("/propagation/stores/{id}"))).await;
    assert_eq!(one.body["syncStatus"]["syncState"], "SYNCING");
    assert_eq!(one.body["syncStatus"]["successCount"], 3);
    assert!(one.body["syncStatus"]["lastSyncAt"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    // The secret written at create time is still there, and only that one.
    assert_eq!(
        e.store_secret_is(&id, "OAUTH_CLIENT_SECRET", "haiilo-Secret+1"),
        Some(true)
    );
    assert_eq!(
        e.store_secret_is(&id, "OAUTH_CLIENT_SECRET", "other"),
        Some(false)
    );
    assert_eq!(e.store_secret_is(&id, "BASIC_AUTH_PASSWORD", "x"), None);

    let r = call(
        Some(&t),
        Method::DELETE,
        &env_path(&e, &format!("/propagation/stores/{id}")),
        "",
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn invalid_store_bodies_get_400_with_a_detail_per_problem() {
    let e = emulator().await;
    let t = token(&e).await;
    let url = env_path(&e, "/propagation/stores");
    let mut body = example_store();
    let config = body["configuration"].as_object_mut().unwrap();
    config.remove("SCIM_URL");
    config.remove("USERS_RESOURCE");
    config.insert("REMOVE_ACTION".into(), json!("Shred"));
    let r = post(&t, &url, body).await;
    r.assert_error(StatusCode::BAD_REQUEST, "INVALID_DATA");
    assert_eq!(
        r.detail_targets(),
        [
            "configuration.SCIM_URL",
            "configuration.USERS_RESOURCE",
            "configuration.REMOVE_ACTION"
        ]
    );
    assert_eq!(r.body["details"][0]["code"], "REQUIRED_VALUE");
    assert_eq!(r.body["details"][2]["code"], "INVALID_VALUE");

    let r = post(&t, &url, json!({"configuration": {}})).await;
    assert!(r.detail_targets().contains(&"type".to_owned()));
    assert!(r.detail_targets().contains(&"name".to_owned()));

    let r = call(
        Some(&t),
        Method::POST,
        &url,
        "text/plain",
        Some(example_store()),
    )
    .await;
    r.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "INVALID_REQUEST");

    let huge = json!({"type": "scim", "name": "x".repeat(1024 * 1024 + 1)});
    let r = post(&t, &url, huge).await;
    r.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "INVALID_REQUEST");
}

// ---------------------------------------------------------------- connection test

async fn connection_test(e: &RunningEmulator, t: &str, body: Value) -> Reply {
    call(
        Some(t),
        Method::POST,
        &env_path(e, "/propagation/stores/connection/status"),
        CHECK_JSON,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn the_connection_test_really_reaches_a_demo_tenant() {
    let tenant = demo_tenant::start(demo_tenant::TenantConfig::default())
        .await
        .unwrap();
    let e = emulator().await;
    let t = token(&e).await;
    let good = scim_store(
        &tenant.scim_base_url(),
        &tenant.token_url(),
        tenant.client_id(),
        tenant.client_secret(),
    );
    let before = tenant.request_count();
    let r = connection_test(&e, &t, good.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // One token request and one users request reached the tenant.
    assert_eq!(tenant.request_count() - before, 2);

    // The wrong Haiilo secret: the tenant refuses the token request.
    let mut wrong_secret = good.clone();
    wrong_secret["configuration"]["OAUTH_CLIENT_SECRET"] = json!("not-the-secret");
    let r = connection_test(&e, &t, wrong_secret).await;
    r.assert_error(StatusCode::BAD_REQUEST, "INVALID_DATA");
    assert_eq!(r.detail_targets(), ["configuration.OAUTH_CLIENT_ID"]);
    let message = r.body["details"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("401") && message.contains("invalid_client"),
        "{message}"
    );
    assert!(!r.body.to_string().contains("not-the-secret"));

    // Basic instead of Bearer: the token works, the users request is refused.
    let mut basic_header = good.clone();
    basic_header["configuration"]["AUTHORIZATION_TYPE"] = json!("Basic");
    let r = connection_test(&e, &t, basic_header).await;
    assert_eq!(r.detail_targets(), ["configuration.AUTHORIZATION_TYPE"]);
    assert!(r.body["details"][0]["message"]
        .as_str()
        .unwrap()
        .contains("401"));

    // A pasted /Users on the base URL gives /Users/Users.
    let mut pasted_users = good.clone();
    pasted_users["configuration"]["SCIM_URL"] = json!(format!("{}/Users", tenant.scim_base_url()));
    let r = connection_test(&e, &t, pasted_users).await;
    assert_eq!(r.detail_targets(), ["configuration.SCIM_URL"]);

    // The test validates the proposed store like a create does.
    let mut incomplete = good.clone();
    incomplete["configuration"]
        .as_object_mut()
        .unwrap()
        .remove("OAUTH_CLIENT_SECRET");
    let r = connection_test(&e, &t, incomplete).await;
    assert_eq!(r.detail_targets(), ["configuration.OAUTH_CLIENT_SECRET"]);
    assert_eq!(r.body["details"][0]["code"], "REQUIRED_VALUE");

    // Only PingOne's media type is accepted.
    let r = call(
        Some(&t),
        Method::POST,
        &env_path(&e, "/propagation/stores/connection/status"),
        "application/json",
        Some(good),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.body["message"].as_str().unwrap().contains(CHECK_JSON));
    tenant.shutdown().await;
}

#[tokio::test]
async fn the_connection_test_reports_an_unreachable_target() {
    // A port that was free a moment ago: nothing listens there.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let e = emulator().await;
    let t = token(&e).await;
    let body = scim_store(
        &format!("http://127.0.0.1:{closed}/api/scim/v2"),
        &format!("http://127.0.0.1:{closed}/api/oauth/token"),
        "id",
        "secret",
    );
    let r = connection_test(&e, &t, body).await;
    r.assert_error(StatusCode::BAD_REQUEST, "INVALID_DATA");
    assert_eq!(r.detail_targets(), ["configuration.OAUTH_TOKEN_REQUEST"]);
    let message = r.body["details"][0]["message"].as_str().unwrap();
    assert!(message.contains("connection failed"), "{message}");
    assert!(
        message.contains(&format!("127.0.0.1:{closed}")),
        "{message}"
    );
}

#[tokio::test]
async fn the_connection_test_gives_up_on_a_target_that_never_answers() {
    // Accepts connections and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = silent.local_addr().unwrap().port();
    let holder = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            open.push(socket);
        }
    });
    let e = emulator_with(EmulatorConfig {
        connection_test_timeout: Duration::from_millis(300),
        ..EmulatorConfig::default()
    })
    .await;
    let t = token(&e).await;
    let body = scim_store(
        &format!("http://127.0.0.1:{port}/api/scim/v2"),
        &format!("http://127.0.0.1:{port}/api/oauth/token"),
        "id",
        "secret",
    );
    let r = connection_test(&e, &t, body).await;
    assert_eq!(r.detail_targets(), ["configuration.OAUTH_TOKEN_REQUEST"]);
    let message = r.body["details"][0]["message"].as_str().unwrap();
    assert!(message.contains("timed out"), "{message}");
    holder.abort();
}

#[tokio::test]
async fn the_cloud_test_unreachable_fault_fails_without_calling_the_target() {
    let tenant = demo_tenant::start(demo_tenant::TenantConfig::default())
        .await
        .unwrap();
    let e = emulator_with(faults(&["cloud-test-unreachable"])).await;
    let t = token(&e).await;
    let before = tenant.request_count();
    let r = connection_test(
        &e,
        &t,
        scim_store(
            &tenant.scim_base_url(),
            &tenant.token_url(),
            tenant.client_id(),
            tenant.client_secret(),
        ),
    )
    .await;
    r.assert_error(StatusCode::BAD_REQUEST, "INVALID_DATA");
    assert_eq!(r.detail_targets(), ["configuration.SCIM_URL"]);
    assert!(r.body["details"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not reachable from PingOne's cloud"));
    assert_eq!(tenant.request_count(), before);
}

// ---------------------------------------------------------------- plans, rules, mappings, revisions

#[tokio::test]
async fn plans_rules_mappings_and_revisions_follow_the_documented_shapes() {
    let e = emulator().await;
    let t = token(&e).await;
    let stores = get(&t, &env_path(&e, "/propagation/stores")).await;
    let directory = stores.body["_embedded"]["stores"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let target = post(&t, &env_path(&e, "/propagation/stores"), example_store()).await;
    let target = target.body["id"].as_str().unwrap().to_owned();

    let plan = post(
        &t,
        &env_path(&e, "/propagation/plans"),
        json!({"name": "Plan"}),
    )
    .await;
    assert_eq!(plan.status, StatusCode::CREATED);
    assert_eq!(plan.body["status"], "INACTIVE");
    let plan_id = plan.body["id"].as_str().unwrap().to_owned();
    let second = post(
        &t,
        &env_path(&e, "/propagation/plans"),
        json!({"name": "Another"}),
    )
    .await;
    second.assert_error(StatusCode::BAD_REQUEST, "INVALID_DATA");

    let rule_body = json!({
        "name": "Haiilo",
        "plan": {"id": plan_id},
        "sourceStore": {"id": directory},
        "targetStore": {"id": target},
        "populationExpression": "(enabled eq true)",
        "groups": [{"id": "0f9e8d7c-6b5a-4321-8fed-cba987654321"}]
    });
    let rule = post(&t, &env_path(&e, "/propagation/rules"), rule_body.clone()).await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.body);
    assert_eq!(rule.body["active"], false);
    assert_eq!(rule.body["targetStore"]["id"], target.as_str());
    assert_eq!(
        rule.body["groups"][0]["id"],
        "0f9e8d7c-6b5a-4321-8fed-cba987654321"
    );
    let rule_id = rule.body["id"].as_str().unwrap().to_owned();

    let under_plan = get(
        &t,
        &env_path(&e, &format!("/propagation/plans/{plan_id}/rules")),
    )
    .await;
    assert_eq!(
        under_plan.body["_embedded"]["rules"][0]["id"],
        rule_id.as_str()
    );

    let mut bad = rule_body.clone();
    bad.as_object_mut().unwrap().remove("targetStore");
    bad["sourceStore"]["id"] = json!("99999999-2222-4333-8444-555555555555");
    let r = post(&t, &env_path(&e, "/propagation/rules"), bad).await;
    r.assert_error(StatusCode::BAD_REQUEST, "INVALID_DATA");
    assert_eq!(r.detail_targets(), ["sourceStore.id", "targetStore.id"]);
    assert_eq!(r.body["details"][1]["code"], "REQUIRED_VALUE");

    let mut unnamed = rule_body.clone();
    unnamed.as_object_mut().unwrap().remove("name");
    let r = post(&t, &env_path(&e, "/propagation/rules"), unnamed).await;
    assert_eq!(r.detail_targets(), ["name"]);

    // Switching the rule on is a PUT of the rule ("Update Rule": no plan or stores;
    // they stay as they were).
    let on = json!({"name": "Haiilo", "active": true, "populationExpression": "(enabled eq true)"});
    let r = call(
        Some(&t),
        Method::PUT,
        &env_path(&e, &format!("/propagation/rules/{rule_id}")),
        "application/json",
        Some(on),
    )
    .await;
    assert_eq!(r.body["active"], true);
    assert_eq!(r.body["id"], rule_id.as_str());
    assert_eq!(r.body["targetStore"]["id"], target.as_str());
    assert_eq!(r.body["plan"]["id"], plan_id.as_str());
    assert!(r.body.get("groups").is_none());

    let mappings_url = env_path(&e, &format!("/propagation/rules/{rule_id}/mappings"));
    assert_eq!(get(&t, &mappings_url).await.body["count"], 0);
    let r = post(&t, &mappings_url, json!({"targetAttribute": "userName"})).await;
    assert_eq!(r.detail_targets(), ["sourceAttribute"]);
    // The body of PingOne's "Create Rule Mapping" example.
    let r = post(
        &t,
        &mappings_url,
        json!({
            "sourceAttribute": "accountId",
            "targetAttribute": "userName",
            "attributeMappingType": "userAttributeMapping"
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["rule"]["id"], rule_id.as_str());
    assert_eq!(get(&t, &mappings_url).await.body["count"], 1);
    let mapping_id = r.body["id"].as_str().unwrap();
    let one = get(
        &t,
        &env_path(&e, &format!("/propagation/mappings/{mapping_id}")),
    )
    .await;
    assert_eq!(one.body["targetAttribute"], "userName");

    // A store used by a rule cannot be deleted.
    let r = call(
        Some(&t),
        Method::DELETE,
        &env_path(&e, &format!("/propagation/stores/{target}")),
        "",
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // Deleting the plan deletes its rules and their mappings; the store is then free.
    let r = call(
        Some(&t),
        Method::DELETE,
        &env_path(&e, &format!("/propagation/plans/{plan_id}")),
        "",
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        get(&t, &env_path(&e, "/propagation/rules")).await.body["count"],
        0
    );
    get(&t, &mappings_url)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
    let r = call(
        Some(&t),
        Method::DELETE,
        &env_path(&e, &format!("/propagation/stores/{target}")),
        "",
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    let first = post(&t, &env_path(&e, "/propagation/revisions"), json!({})).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(first.body.get("previousRevision").is_none());
    let second = post(&t, &env_path(&e, "/propagation/revisions"), json!({})).await;
    assert_eq!(second.body["previousRevision"]["id"], first.body["id"]);
    assert_eq!(second.body["createdBy"], e.worker_client_id());
}

#[tokio::test]
async fn a_seeded_store_rule_and_sync_status_are_there_at_start() {
    let e = emulator_with(EmulatorConfig {
        scim_store: Some(SeededScimStore {
            with_rule: Some(SeededRule {
                active: true,
                population_expression: Some("(enabled eq true)".into()),
                ..SeededRule::default()
            }),
            sync_status: Some(SyncCounts {
                failed_state: true,
                success_count: 40,
                failed_count: 2,
                failed_deprovision_count: 0,
                user_total: 42,
                details: Some("2 users failed: 409 uniqueness".into()),
                last_sync_at: Some("2026-11-30T12:00:00.000Z".into()),
            }),
            ..SeededScimStore::haiilo(
                "https://acme.haiilo.app/api/scim/v2",
                "https://acme.haiilo.app/api/oauth/token",
                "haiilo-client",
                "seeded-Secret",
            )
        }),
        ..EmulatorConfig::default()
    })
    .await;
    let t = token(&e).await;
    let stores = get(&t, &env_path(&e, "/propagation/stores")).await;
    let scim = &stores.body["_embedded"]["stores"][1];
    assert_eq!(
        scim["configuration"]["SCIM_URL"],
        "https://acme.haiilo.app/api/scim/v2"
    );
    assert_eq!(scim["configuration"]["AUTHORIZATION_TYPE"], "Bearer");
    assert!(!stores.body.to_string().contains("seeded-Secret"));
    let sync = &scim["syncStatus"];
    assert_eq!(sync["syncState"], "FAILED");
    assert_eq!(sync["successCount"], 40);
    assert_eq!(sync["failedCount"], 2);
    assert_eq!(sync["userTotal"], 42);
    assert_eq!(sync["lastSyncAt"], "2026-11-30T12:00:00.000Z");
    assert_eq!(sync["details"], "2 users failed: 409 uniqueness");

    let rules = get(&t, &env_path(&e, "/propagation/rules")).await;
    let rule = &rules.body["_embedded"]["rules"][0];
    assert_eq!(rule["active"], true);
    assert_eq!(rule["targetStore"]["id"], scim["id"]);
    assert_eq!(
        rule["sourceStore"]["id"],
        stores.body["_embedded"]["stores"][0]["id"]
    );
    assert_eq!(rule["populationExpression"], "(enabled eq true)");
    assert_eq!(
        get(&t, &env_path(&e, "/propagation/plans")).await.body["count"],
        1
    );
}

// ---------------------------------------------------------------- faults

#[tokio::test]
async fn missing_role_gives_403_after_a_working_token() {
    let e = emulator_with(faults(&["missing-role"])).await;
    let t = token(&e).await;
    let r = get(&t, &env_path(&e, "/propagation/stores")).await;
    r.assert_error(StatusCode::FORBIDDEN, "ACCESS_FAILED");
}

#[tokio::test]
async fn unknown_client_and_wrong_secret_refuse_the_workers_own_credentials() {
    for fault in ["unknown-client", "wrong-secret"] {
        let e = emulator_with(faults(&[fault])).await;
        let r = token_request(
            &e,
            Some(basic(e.worker_client_id(), e.worker_client_secret())),
            "grant_type=client_credentials",
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{fault}");
        assert_eq!(r.body["error"], "invalid_client", "{fault}");
    }
}

#[tokio::test]
async fn wrong_environment_reports_an_id_that_nothing_answers_for() {
    let e = emulator_with(faults(&["wrong-environment"])).await;
    assert_ne!(e.environment_id(), pingone_emulator::DEFAULT_ENVIRONMENT_ID);
    let r = token_request(
        &e,
        Some(basic(e.worker_client_id(), e.worker_client_secret())),
        "grant_type=client_credentials",
    )
    .await;
    r.assert_error(StatusCode::NOT_FOUND, "NOT_FOUND");
}

#[tokio::test]
async fn store_wrong_value_changes_one_field_of_the_seeded_store() {
    let seeded = SeededScimStore::haiilo(
        "https://acme.haiilo.app/api/scim/v2",
        "https://acme.haiilo.app/api/oauth/token",
        "haiilo-client",
        "seeded-Secret",
    );
    let e = emulator_with(EmulatorConfig {
        scim_store: Some(seeded),
        ..faults(&["store-wrong-value=OAUTH_CLIENT_ID:old-client-id"])
    })
    .await;
    let t = token(&e).await;
    let stores = get(&t, &env_path(&e, "/propagation/stores")).await;
    let config = &stores.body["_embedded"]["stores"][1]["configuration"];
    assert_eq!(config["OAUTH_CLIENT_ID"], "old-client-id");
    assert_eq!(config["SCIM_URL"], "https://acme.haiilo.app/api/scim/v2");

    // Without a seeded store the fault has nothing to change: start says so.
    let error = start(faults(&["store-wrong-value=SCIM_URL:x"]))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("pre-seeded SCIM store"),
        "{error}"
    );
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let e = emulator_with(faults(&["rate-limit=2:5"])).await;
    let t = token(&e).await; // request 1
    let r = get(&t, &env_path(&e, "/propagation/stores")).await; // request 2
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, "REQUEST_LIMITED");
    assert_eq!(r.header("retry-after"), Some("5"));
    assert_eq!(
        get(&t, &env_path(&e, "/propagation/stores")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn latency_delays_every_request() {
    let e = emulator_with(faults(&["latency=150ms"])).await;
    let started = Instant::now();
    token(&e).await;
    // A lower bound only: the fault must add at least its delay.
    assert!(started.elapsed() >= Duration::from_millis(150));
}

// ---------------------------------------------------------------- request log

#[tokio::test]
async fn the_request_log_shows_what_was_sent_without_secrets() {
    let e = emulator().await;
    let t = token(&e).await;
    post(&t, &env_path(&e, "/propagation/stores"), example_store()).await;
    let log = e.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].method, "POST");
    assert_eq!(log[0].path, format!("/{}/as/token", e.environment_id()));
    assert_eq!(log[0].authorization_scheme.as_deref(), Some("Basic"));
    assert_eq!(log[0].status, 200);
    assert_eq!(log[1].content_type.as_deref(), Some("application/json"));
    assert_eq!(log[1].authorization_scheme.as_deref(), Some("Bearer"));
    let body = log[1].body.as_ref().unwrap();
    assert_eq!(body["configuration"]["OAUTH_CLIENT_SECRET"], REDACTED);
    assert_eq!(
        body["configuration"]["SCIM_URL"],
        "https://acme.haiilo.app/api/scim/v2"
    );
    let seeded = EmulatorConfig {
        scim_store: Some(SeededScimStore::haiilo("u", "t", "c", "haiilo-Secret+1")),
        ..EmulatorConfig::default()
    };
    let everything = format!("{log:?} {e:?} {seeded:?}");
    assert!(!everything.contains("haiilo-Secret+1"));
    assert!(!everything.contains(e.worker_client_secret()));
    assert!(!everything.contains(&t));
}
